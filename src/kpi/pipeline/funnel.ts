/**
 * Funnel KPIs of the lead lifecycle computed from stage histories: stage-to-stage conversion rates
 * and the cumulative funnel, grouped by any key.
 *
 * @module
 */
import type { ValidationIssue } from '../../errors';
import type { LogEntry } from '../../store/types';
import { type Accumulator, accumulate, ratio } from '../accumulator';
import { checkPeriod, inPeriod, requireDate } from './_internal';
import type { Period } from '../period';
import { issue, throwIfIssues } from '../../_lib/validation';

/** One entry of a stage history: record `entityId` entered stage `to` at `at` (coming from `from`). */
export interface StageRecord {
  /** The record (contact, lead) whose stage changed. */
  readonly entityId: string;
  /** The stage entered. */
  readonly to: string;
  /** When it entered `to`. */
  readonly at: Date;
  /** The stage left, if known (not used by the computation). */
  readonly from?: string | undefined;
}

/** What the funnel KPIs accept: plain stage records or store log entries. */
export type StageHistoryItem = StageRecord | LogEntry;

/** Context given to a `groupBy` callback: the cohort-defining entry. */
export interface CohortEntry {
  /** The stage whose entry defines the cohort (stage A of a pair; the first stage of a funnel). */
  readonly stage: string;
  /** When the record entered it (the earliest entry inside the cohort window). */
  readonly at: Date;
}

/** Options of {@link stageConversionRates} and {@link cumulativeFunnel}. */
export interface FunnelOptions {
  /** The stages of the funnel in order, e.g. `['lead', 'marketing_qualified', 'sales_qualified', 'opportunity', 'customer']`. */
  readonly stages: readonly string[];
  /**
   * Stage pairs `[A, B]` to compute conversion rates for (only {@link stageConversionRates});
   * default: consecutive stages of `stages`.
   */
  readonly pairs?: readonly (readonly [string, string])[];
  /** Cohort window: only entries into stage A inside `[start, end)` put a record in the cohort. Default: all time. */
  readonly cohort?: Period;
  /**
   * Group key of a record (its source, owner, campaign, or the period of `entry.at`). Return
   * `null` to leave the record out. Default: every record in the group `'all'`.
   */
  readonly groupBy?: (entityId: string, entry: CohortEntry) => string | null;
  /** With log entries: only transitions of this lifecycle (`data.lifecycle`). Default: any. */
  readonly lifecycle?: string;
}

/** Conversion from stage `from` to stage `to` within one group. */
export interface StageConversion {
  /** Stage A. */
  readonly from: string;
  /** Stage B. */
  readonly to: string;
  /** Records that entered A inside the cohort window. */
  readonly entered: number;
  /** Of those, records that entered B at or after their (first in-window) entry into A. */
  readonly converted: number;
  /** `converted / entered`; `null` when nothing entered A. */
  readonly rate: number | null;
}

/** The conversions of one group. */
export interface StageConversionGroup {
  /** The group key (`'all'` without `groupBy`). */
  readonly key: string;
  /** One conversion per pair, in the order of the pairs. */
  readonly conversions: readonly StageConversion[];
}

/** One step of a cumulative funnel. */
export interface FunnelStep {
  /** The stage. */
  readonly stage: string;
  /** Cohort records that reached this stage or a later stage of the funnel, at or after their cohort entry. */
  readonly reached: number;
  /** `reached / cohort size`; `null` for an empty cohort. */
  readonly rateFromStart: number | null;
  /** `reached / reached of the previous step` (1 for the first step when the cohort is not empty); `null` when the previous step is 0. */
  readonly rateFromPrevious: number | null;
}

/** The cumulative funnel of one group. */
export interface FunnelGroup {
  /** The group key (`'all'` without `groupBy`). */
  readonly key: string;
  /** Records that entered the first stage inside the cohort window. */
  readonly cohortSize: number;
  /** One step per stage, in funnel order. */
  readonly steps: readonly FunnelStep[];
}

/**
 * State of the funnel accumulators: every record's stage entries (stage, epoch ms). Merging
 * concatenates the histories, so a record's entries may be split across shards. Memory grows
 * with the number of entries.
 */
export type StageHistoryState = Map<string, { to: string; at: number }[]>;

function toStageRecord(item: StageHistoryItem, lifecycle: string | undefined): StageRecord | null {
  if ('kind' in item && 'seq' in item) {
    if (item.kind !== 'transition') return null;
    const data = item.data;
    if (lifecycle !== undefined && data['lifecycle'] !== lifecycle) return null;
    const to = data['to'];
    if (typeof to !== 'string') throwIfIssues('stage history', [issue(['data', 'to'], 'a transition log entry needs data.to (a string)')]);
    return { entityId: item.entityId, to: to as string, at: item.at };
  }
  return item;
}

function checkFunnelOptions(options: FunnelOptions): readonly (readonly [string, string])[] {
  const issues: ValidationIssue[] = [];
  const stages = options.stages as unknown;
  if (!Array.isArray(stages) || stages.length === 0 || stages.some((s) => typeof s !== 'string')) {
    issues.push(issue(['stages'], 'must be a non-empty array of stage names'));
  } else if (new Set(stages).size !== stages.length) {
    issues.push(issue(['stages'], 'must not repeat a stage'));
  }
  if (options.cohort !== undefined) checkPeriod(options.cohort, ['cohort'], issues);
  const pairs =
    options.pairs ??
    (Array.isArray(stages) ? options.stages.slice(1).map((to, i) => [options.stages[i] as string, to] as const) : []);
  pairs.forEach((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      issues.push(issue(['pairs', i], 'must be a pair [from, to] of stage names'));
    }
  });
  throwIfIssues('funnel options', issues);
  return pairs;
}

function historyAccumulatorParts(options: FunnelOptions) {
  return {
    init: (): StageHistoryState => new Map(),
    add(state: StageHistoryState, item: StageHistoryItem): StageHistoryState {
      const record = toStageRecord(item, options.lifecycle);
      if (record === null) return state;
      if (typeof record.entityId !== 'string' || typeof record.to !== 'string') {
        throwIfIssues('stage history', [issue(['entityId'], 'entityId and to must be strings')]);
      }
      const at = requireDate(record.at, 'stage history', ['at']).getTime();
      const entries = state.get(record.entityId);
      if (entries === undefined) state.set(record.entityId, [{ to: record.to, at }]);
      else entries.push({ to: record.to, at });
      return state;
    },
    merge(a: StageHistoryState, b: StageHistoryState): StageHistoryState {
      for (const [id, entries] of b) {
        const mine = a.get(id);
        if (mine === undefined) a.set(id, [...entries]);
        else mine.push(...entries);
      }
      return a;
    },
  };
}

/** Earliest entry into `stage` inside the cohort window, or null. */
function cohortEntry(entries: readonly { to: string; at: number }[], stage: string, cohort: Period | undefined): number | null {
  let best: number | null = null;
  for (const entry of entries) {
    if (entry.to !== stage) continue;
    if (cohort !== undefined && !inPeriod(new Date(entry.at), cohort)) continue;
    if (best === null || entry.at < best) best = entry.at;
  }
  return best;
}

function groupKey(options: FunnelOptions, entityId: string, stage: string, at: number): string | null {
  return options.groupBy === undefined ? 'all' : options.groupBy(entityId, { stage, at: new Date(at) });
}

/**
 * The stage-to-stage conversion accumulator behind {@link stageConversionRates}.
 *
 * @param options - stages, pairs, cohort window, grouping
 * @returns a mergeable accumulator over stage-history items
 * @throws {@link ValidationError} for malformed options (at creation) or items (in `add`)
 *
 * @example
 * ```ts
 * import { accumulate, stageConversionAccumulator } from 'crmkit/kpi';
 * accumulate(stageConversionAccumulator({ stages: ['lead', 'customer'] }), history);
 * ```
 */
export function stageConversionAccumulator(
  options: FunnelOptions,
): Accumulator<StageHistoryItem, StageHistoryState, StageConversionGroup[]> {
  const pairs = checkFunnelOptions(options);
  return {
    ...historyAccumulatorParts(options),
    result(state) {
      const groups = new Map<string, { entered: number; converted: number }[]>();
      for (const [entityId, entries] of state) {
        pairs.forEach(([from, to], p) => {
          const tA = cohortEntry(entries, from, options.cohort);
          if (tA === null) return;
          const key = groupKey(options, entityId, from, tA);
          if (key === null) return;
          let counts = groups.get(key);
          if (counts === undefined) {
            counts = pairs.map(() => ({ entered: 0, converted: 0 }));
            groups.set(key, counts);
          }
          const cell = counts[p] as { entered: number; converted: number };
          cell.entered += 1;
          if (entries.some((entry) => entry.to === to && entry.at >= tA)) cell.converted += 1;
        });
      }
      return [...groups.keys()].sort().map((key) => ({
        key,
        conversions: (groups.get(key) ?? []).map((cell, p) => {
          const pair = pairs[p] as readonly [string, string];
          return { from: pair[0], to: pair[1], entered: cell.entered, converted: cell.converted, rate: ratio(cell.converted, cell.entered) };
        }),
      }));
    },
  };
}

/**
 * Stage-to-stage conversion rates of a lifecycle, per group.
 *
 * Definition: for a pair (A, B), the cohort is the records whose history has an entry into A
 * inside the cohort window (`options.cohort`, half-open `[start, end)`; all time by default);
 * t_A is the earliest such entry. A record converted when its history has an entry into B at a
 * time ≥ t_A (at any time after, not only inside the window; an entry at the same instant
 * counts). Records that skipped A (went straight to B) are not in the cohort of A.
 *
 * rate(A → B) = #{records converted to B} / #{records that entered A in the window}
 *
 * Source: the cohort (entry-based) stage conversion rate of SiriusDecisions' demand waterfall and
 * HubSpot's lifecycle stage funnel report, restricted to recorded entries.
 *
 * @param history - stage records `{ entityId, to, at }` or store log entries (only `kind: 'transition'`, using `data.to`)
 * @param options - `stages` (ordered), optional `pairs`, `cohort` window, `groupBy(entityId, entry)`, `lifecycle`
 * @returns one group per key (sorted), each with one {@link StageConversion} per pair; a group only lists keys that have at least one cohort member
 * @throws {@link ValidationError} for empty/duplicate stages, a cohort window ending before it starts, or an item without a valid date
 *
 * @example
 * ```ts
 * import { stageConversionRates } from 'crmkit/kpi';
 * const at = (d: string) => new Date(d);
 * stageConversionRates(
 *   [
 *     { entityId: 'a', to: 'lead', at: at('2025-01-02') },
 *     { entityId: 'a', to: 'customer', at: at('2025-02-01') },
 *     { entityId: 'b', to: 'lead', at: at('2025-01-05') },
 *   ],
 *   { stages: ['lead', 'customer'] },
 * );
 * //=> [{ key: 'all', conversions: [{ from: 'lead', to: 'customer', entered: 2, converted: 1, rate: 0.5 }] }]
 * ```
 */
export function stageConversionRates(
  history: Iterable<StageHistoryItem>,
  options: FunnelOptions,
): StageConversionGroup[] {
  return accumulate(stageConversionAccumulator(options), history);
}

/**
 * The cumulative-funnel accumulator behind {@link cumulativeFunnel}.
 *
 * @param options - stages, cohort window, grouping (`pairs` is ignored)
 * @returns a mergeable accumulator over stage-history items
 * @throws {@link ValidationError} for malformed options or items
 *
 * @example
 * ```ts
 * import { accumulate, cumulativeFunnelAccumulator } from 'crmkit/kpi';
 * accumulate(cumulativeFunnelAccumulator({ stages: ['lead', 'opportunity', 'customer'] }), history);
 * ```
 */
export function cumulativeFunnelAccumulator(
  options: FunnelOptions,
): Accumulator<StageHistoryItem, StageHistoryState, FunnelGroup[]> {
  checkFunnelOptions({ ...options, pairs: [] });
  const stages = options.stages;
  const first = stages[0] as string;
  return {
    ...historyAccumulatorParts(options),
    result(state) {
      const groups = new Map<string, number[]>();
      for (const [entityId, entries] of state) {
        const t0 = cohortEntry(entries, first, options.cohort);
        if (t0 === null) continue;
        const key = groupKey(options, entityId, first, t0);
        if (key === null) continue;
        let furthest = 0;
        for (const entry of entries) {
          if (entry.at < t0) continue;
          const index = stages.indexOf(entry.to);
          if (index > furthest) furthest = index;
        }
        let reached = groups.get(key);
        if (reached === undefined) {
          reached = stages.map(() => 0);
          groups.set(key, reached);
        }
        for (let k = 0; k <= furthest; k += 1) reached[k] = (reached[k] as number) + 1;
      }
      return [...groups.keys()].sort().map((key) => {
        const reached = groups.get(key) ?? [];
        const cohortSize = reached[0] ?? 0;
        return {
          key,
          cohortSize,
          steps: stages.map((stage, k) => ({
            stage,
            reached: reached[k] as number,
            rateFromStart: ratio(reached[k] as number, cohortSize),
            rateFromPrevious: ratio(reached[k] as number, k === 0 ? cohortSize : (reached[k - 1] as number)),
          })),
        };
      });
    },
  };
}

/**
 * The cumulative funnel: of the records that entered the first stage in the cohort window, how
 * many reached each later stage.
 *
 * Definition: the cohort is the records with an entry into `stages[0]` inside the window, t₀ the
 * earliest such entry. A record *reached* stage k when, at or after t₀, it entered stage k **or
 * any later stage of `stages`** (passing a stage by skipping it counts as reaching it, so the
 * steps never increase). Entries into stages outside `stages` (nurture, disqualified) are ignored.
 *
 * rateFromStart(k) = reached(k) / reached(0); rateFromPrevious(k) = reached(k) / reached(k − 1)
 *
 * Source: the classic marketing/sales funnel (demand waterfall) as a cohort funnel, as in
 * Google Analytics' closed funnels.
 *
 * @param history - stage records or store log entries
 * @param options - `stages` (ordered), `cohort` window, `groupBy`, `lifecycle`
 * @returns one {@link FunnelGroup} per key, sorted by key
 * @throws {@link ValidationError} for malformed options or items
 *
 * @example
 * ```ts
 * import { cumulativeFunnel } from 'crmkit/kpi';
 * cumulativeFunnel(
 *   [
 *     { entityId: 'a', to: 'lead', at: new Date('2025-01-02') },
 *     { entityId: 'a', to: 'customer', at: new Date('2025-02-01') },
 *     { entityId: 'b', to: 'lead', at: new Date('2025-01-05') },
 *   ],
 *   { stages: ['lead', 'opportunity', 'customer'] },
 * )[0]?.steps.map((s) => s.reached);
 * //=> [2, 1, 1]
 * ```
 */
export function cumulativeFunnel(history: Iterable<StageHistoryItem>, options: FunnelOptions): FunnelGroup[] {
  return accumulate(cumulativeFunnelAccumulator(options), history);
}
