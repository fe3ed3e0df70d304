/**
 * Seeded lead data for the survival / Markov benchmark (issue 6): leads from 5 sources that move
 * through the deal stages (new → contacted → qualified → proposal → negotiation → won | lost,
 * with some steps back) with exponential holding times; a lead still open when its follow-up
 * window ends is right-censored (≈ 20 %). Written streaming as two CSV files:
 * leads `lead,source,time,event` (time in days to won/lost, or to censoring) and transitions
 * `lead,from,to,day` (one row per stage change, leads in order).
 */
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { mulberry32 } from './rng';

export const SOURCES = ['ads', 'email', 'events', 'referral', 'seo'] as const;
export const STAGES = ['new', 'contacted', 'qualified', 'proposal', 'negotiation', 'won', 'lost'] as const;
export const ABSORBING = ['won', 'lost'] as const;

type Stage = (typeof STAGES)[number];
/** Next-stage probabilities (cumulative draw) and mean days in each open stage. */
const NEXT: Record<string, readonly [Stage, number][]> = {
  new: [['contacted', 0.92], ['lost', 0.08]],
  contacted: [['qualified', 0.75], ['new', 0.08], ['lost', 0.17]],
  qualified: [['proposal', 0.72], ['contacted', 0.15], ['lost', 0.13]],
  proposal: [['negotiation', 0.58], ['qualified', 0.25], ['won', 0.09], ['lost', 0.08]],
  negotiation: [['won', 0.52], ['proposal', 0.33], ['lost', 0.15]],
};
const MEAN_DAYS: Record<string, number> = { new: 3, contacted: 6, qualified: 9, proposal: 8, negotiation: 7 };
/** Each source speeds up or slows down the pipeline (so the log-rank test has something to find). */
const SOURCE_SPEED = [1, 1.15, 0.8, 1.3, 0.9];
const SOURCE_WEIGHT = [0.3, 0.2, 0.1, 0.15, 0.25];

export interface LeadDataOptions {
  readonly leads: number;
  readonly seed?: number;
}

async function writeRows(out: ReturnType<typeof createWriteStream>, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/** Writes leads.csv and transitions.csv once (skipped when both exist); returns their paths and counts. */
export async function writeLeadCsv(options: LeadDataOptions, dir: string): Promise<{ leads: string; transitions: string; written: boolean }> {
  const tag = `${options.leads}-${options.seed ?? 7}`;
  const paths = { leads: `${dir}/leads-${tag}.csv`, transitions: `${dir}/transitions-${tag}.csv` };
  if (existsSync(paths.leads) && existsSync(paths.transitions)) return { ...paths, written: false };
  mkdirSync(dir, { recursive: true });
  const rand = mulberry32(options.seed ?? 7);
  const leadsOut = createWriteStream(`${paths.leads}.tmp`);
  const trOut = createWriteStream(`${paths.transitions}.tmp`);
  let leadChunk = 'lead,source,time,event\n';
  let trChunk = 'lead,from,to,day\n';
  for (let lead = 0; lead < options.leads; lead++) {
    let r = rand(), s = 0;
    while (s < SOURCE_WEIGHT.length - 1 && r >= (SOURCE_WEIGHT[s] as number)) r -= SOURCE_WEIGHT[s++] as number;
    const speed = SOURCE_SPEED[s] as number;
    const followUp = 5 + rand() * 150; // days observed
    let stage: Stage = 'new';
    let t = 0;
    let event = 0;
    for (;;) {
      const stay = (-Math.log(1 - rand()) * (MEAN_DAYS[stage] as number)) / speed;
      if (t + stay > followUp) break; // still open at the end of follow-up: censored
      t += stay;
      let u = rand();
      const options_ = NEXT[stage] as readonly [Stage, number][];
      let next = options_[options_.length - 1]?.[0] as Stage;
      for (const [to, p] of options_) {
        if (u < p) { next = to; break; }
        u -= p;
      }
      trChunk += `${lead},${stage},${next},${(Math.round(t * 10) / 10).toFixed(1)}\n`;
      stage = next;
      if (stage === 'won' || stage === 'lost') { event = 1; break; }
    }
    const time = Math.max(0.1, Math.round((event ? t : followUp) * 10) / 10);
    leadChunk += `${lead},${SOURCES[s]},${time.toFixed(1)},${event}\n`;
    if (trChunk.length > 1 << 16) { await writeRows(trOut, trChunk); trChunk = ''; }
    if (leadChunk.length > 1 << 16) { await writeRows(leadsOut, leadChunk); leadChunk = ''; }
  }
  leadsOut.end(leadChunk);
  trOut.end(trChunk);
  await Promise.all([once(leadsOut, 'finish'), once(trOut, 'finish')]);
  renameSync(`${paths.leads}.tmp`, paths.leads);
  renameSync(`${paths.transitions}.tmp`, paths.transitions);
  return { ...paths, written: true };
}
