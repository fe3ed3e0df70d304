/**
 * Kaplan–Meier, medians, restricted means and quantiles against R.
 *
 * Source of every expected number: test/fixtures/survival/*.csv, written by
 * test/fixtures/survival/make-fixtures.R with R 4.2.2 and survival 3.5-3 (`survfit`,
 * `summary(fit)$table` = `print.survfit`, `quantile.survfit`). Compared to 1e-9 relative.
 */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ValidationError } from '../../../src/errors';
import {
  kaplanMeier,
  kaplanMeierByGroup,
  survivalQuantile,
  survivalQuantiles,
  type ConfidenceType,
  type SurvivalObservation,
} from '../../../src/analysis/survival';
import { expectAgrees, FIXTURE_DIR, num, readCsv, str, type Row } from './_helpers';

function curves(): Map<string, SurvivalObservation[]> {
  const out = new Map<string, SurvivalObservation[]>();
  for (const row of readCsv(FIXTURE_DIR, 'km_input.csv')) {
    const name = str(row, 'curve');
    const list = out.get(name) ?? [];
    list.push({ time: num(row, 'time'), event: num(row, 'event') === 1 });
    out.set(name, list);
  }
  return out;
}

function grouped(): { time: number; event: boolean; group: string }[] {
  return readCsv(FIXTURE_DIR, 'logrank_input.csv')
    .filter((row) => row.dataset === 'grouped')
    .map((row) => ({ time: num(row, 'time'), event: num(row, 'event') === 1, group: str(row, 'group') }));
}

function settings(row: Row): { confType: ConfidenceType; confLevel: number } {
  return { confType: str(row, 'conf.type') as ConfidenceType, confLevel: num(row, 'conf.int') };
}

describe('kaplanMeier against R survfit', () => {
  const data = curves();

  it('reproduces every table column for ties, flat stretches at ½, a curve reaching 0 and more', () => {
    const reference = readCsv(FIXTURE_DIR, 'km_table.csv');
    const groupsOfRows = new Map<string, Row[]>();
    for (const row of reference) {
      const key = `${str(row, 'curve')}|${str(row, 'conf.type')}|${String(row['conf.int'])}`;
      groupsOfRows.set(key, [...(groupsOfRows.get(key) ?? []), row]);
    }
    expect(groupsOfRows.size).toBe(data.size * 6);
    for (const [key, rows] of groupsOfRows) {
      const first = rows[0] as Row;
      const fit = kaplanMeier(data.get(str(first, 'curve')) ?? [], settings(first));
      expect(fit.table, key).toHaveLength(rows.length);
      rows.forEach((row, i) => {
        const ours = fit.table[i];
        const where = `${key} t=${String(row.time)}`;
        expectAgrees(ours?.time, row.time ?? null, `${where} time`);
        expectAgrees(ours?.nRisk, row['n.risk'] ?? null, `${where} n.risk`);
        expectAgrees(ours?.nEvent, row['n.event'] ?? null, `${where} n.event`);
        expectAgrees(ours?.nCensor, row['n.censor'] ?? null, `${where} n.censor`);
        expectAgrees(ours?.survival, row.surv ?? null, `${where} surv`);
        expectAgrees(ours?.stdErr, row['std.err'] ?? null, `${where} std.err`);
        const seLog = row['std.err.logS'] === Number.POSITIVE_INFINITY ? null : (row['std.err.logS'] ?? null);
        expectAgrees(ours?.stdErrLogS, seLog, `${where} std.err.logS`);
        expectAgrees(ours?.lower, row.lower ?? null, `${where} lower`);
        expectAgrees(ours?.upper, row.upper ?? null, `${where} upper`);
      });
    }
  });

  it('reproduces the median with its interval and the restricted mean of print.survfit', () => {
    for (const row of readCsv(FIXTURE_DIR, 'km_summary.csv')) {
      const observations = data.get(str(row, 'curve')) ?? [];
      const fit = kaplanMeier(observations, settings(row));
      const at5 = kaplanMeier(observations, { ...settings(row), rmeanUpper: 5 });
      const where = `${str(row, 'curve')} ${str(row, 'conf.type')} ${String(row['conf.int'])}`;
      expectAgrees(fit.n, row.n ?? null, `${where} n`);
      expectAgrees(fit.events, row.events ?? null, `${where} events`);
      expectAgrees(fit.median.time, row.median ?? null, `${where} median`);
      expectAgrees(fit.median.lower, row.lcl ?? null, `${where} lcl`);
      expectAgrees(fit.median.upper, row.ucl ?? null, `${where} ucl`);
      expectAgrees(fit.rmean.estimate, row.rmean ?? null, `${where} rmean`);
      expectAgrees(fit.rmean.stdErr, row['se.rmean'] ?? null, `${where} se(rmean)`);
      expectAgrees(at5.rmean.estimate, row.rmean5 ?? null, `${where} rmean to 5`);
      expectAgrees(at5.rmean.stdErr, row['se.rmean5'] ?? null, `${where} se(rmean) to 5`);
    }
  });

  it('reproduces quantile.survfit for p = 0.1, 0.25, 0.5, 0.75, 0.9 with intervals', () => {
    const reference = readCsv(FIXTURE_DIR, 'km_quantiles.csv');
    const probs = [0.1, 0.25, 0.5, 0.75, 0.9];
    for (let start = 0; start < reference.length; start += probs.length) {
      const rows = reference.slice(start, start + probs.length);
      const first = rows[0] as Row;
      const fit = kaplanMeier(data.get(str(first, 'curve')) ?? [], settings(first));
      const quantiles = survivalQuantiles(fit, probs);
      rows.forEach((row, i) => {
        const where = `${str(row, 'curve')} ${str(row, 'conf.type')} ${String(row['conf.int'])} p=${String(row.prob)}`;
        expectAgrees(quantiles[i]?.prob, row.prob ?? null, `${where} prob`);
        expectAgrees(quantiles[i]?.time, row.quantile ?? null, `${where} quantile`);
        expectAgrees(quantiles[i]?.lower, row.lower ?? null, `${where} lower`);
        expectAgrees(quantiles[i]?.upper, row.upper ?? null, `${where} upper`);
      });
    }
  });

  it('takes the midpoint of a flat stretch at exactly ½ as the median (R: 3 for drops at 2 and 4)', () => {
    const fit = kaplanMeier(data.get('half_mid') ?? []);
    expect(fit.median.time).toBe(3);
    expect(survivalQuantile(fit, 0.5).time).toBe(3);
  });

  it('follows print.survfit for the median but quantile.survfit for quantiles when ½ lasts to the end', () => {
    // R: print.survfit gives 2 (no later drop), quantile.survfit gives (2 + last time 4)/2 = 3
    const fit = kaplanMeier(data.get('half_end') ?? []);
    expect(fit.median.time).toBe(2);
    expect(survivalQuantile(fit, 0.5).time).toBe(3);
  });

  it('reports null standard error and interval once the curve reaches 0', () => {
    const fit = kaplanMeier(data.get('zero') ?? []);
    const last = fit.table[fit.table.length - 1];
    expect(last).toMatchObject({ survival: 0, stdErr: null, stdErrLogS: null, lower: null, upper: null });
  });

  it('reports the median as not reached (null) when there is no event', () => {
    const fit = kaplanMeier(data.get('no_events') ?? []);
    expect(fit.median).toEqual({ time: null, lower: null, upper: null });
    expect(fit.table.every((row) => row.survival === 1)).toBe(true);
  });

  it('gives null bounds with confType none and keeps the estimates', () => {
    const fit = kaplanMeier(data.get('ties') ?? [], { confType: 'none' });
    expect(fit.table.every((row) => row.lower === null && row.upper === null)).toBe(true);
    expect(fit.median.lower).toBeNull();
    expect(fit.median.time).toBe(kaplanMeier(data.get('ties') ?? []).median.time);
  });

  it('does not mutate its input and ignores the input order', () => {
    const input = data.get('random') ?? [];
    const copy = structuredClone(input);
    const fit = kaplanMeier(input);
    expect(input).toEqual(copy);
    expect(kaplanMeier([...input].reverse())).toEqual(fit);
  });
});

describe('kaplanMeierByGroup against R survfit with strata', () => {
  it('reproduces the stratified table', () => {
    const fits = kaplanMeierByGroup(grouped());
    const reference = readCsv(FIXTURE_DIR, 'km_strata_table.csv');
    expect(fits.map((fit) => fit.group)).toEqual([...new Set(reference.map((row) => row.group))]);
    for (const fit of fits) {
      const rows = reference.filter((row) => row.group === fit.group);
      expect(fit.table).toHaveLength(rows.length);
      rows.forEach((row, i) => {
        const ours = fit.table[i];
        const where = `${fit.group} t=${String(row.time)}`;
        expectAgrees(ours?.time, row.time ?? null, `${where} time`);
        expectAgrees(ours?.nRisk, row['n.risk'] ?? null, `${where} n.risk`);
        expectAgrees(ours?.nEvent, row['n.event'] ?? null, `${where} n.event`);
        expectAgrees(ours?.nCensor, row['n.censor'] ?? null, `${where} n.censor`);
        expectAgrees(ours?.survival, row.surv ?? null, `${where} surv`);
        // R reports Inf once S = 0; crmkit reports null
        const seLog = row['std.err.logS'] === Number.POSITIVE_INFINITY ? null : (row['std.err.logS'] ?? null);
        expectAgrees(ours?.stdErrLogS, seLog, `${where} std.err.logS`);
        expectAgrees(ours?.lower, row.lower ?? null, `${where} lower`);
        expectAgrees(ours?.upper, row.upper ?? null, `${where} upper`);
      });
    }
  });

  it('reproduces medians and restricted means with common, individual and fixed upper limits', () => {
    for (const row of readCsv(FIXTURE_DIR, 'km_strata_summary.csv')) {
      const type = str(row, 'rmean.type');
      const rmeanUpper = type === 'common' || type === 'individual' ? type : Number(type);
      const fits = kaplanMeierByGroup(grouped(), { confType: str(row, 'conf.type') as ConfidenceType, rmeanUpper });
      const fit = fits.find((f) => f.group === row.group);
      const where = `${String(row.group)} ${str(row, 'conf.type')} rmean=${type}`;
      expectAgrees(fit?.n, row.n ?? null, `${where} n`);
      expectAgrees(fit?.events, row.events ?? null, `${where} events`);
      expectAgrees(fit?.median.time, row.median ?? null, `${where} median`);
      expectAgrees(fit?.median.lower, row.lcl ?? null, `${where} lcl`);
      expectAgrees(fit?.median.upper, row.ucl ?? null, `${where} ucl`);
      expectAgrees(fit?.rmean.estimate, row.rmean ?? null, `${where} rmean`);
      expectAgrees(fit?.rmean.stdErr, row['se.rmean'] ?? null, `${where} se(rmean)`);
    }
  });

  it('uses the common upper limit by default, as summary.survfit', () => {
    const fits = kaplanMeierByGroup(grouped());
    const upper = Math.max(...grouped().map((o) => o.time));
    expect(fits.every((fit) => fit.rmean.upper === upper)).toBe(true);
  });
});

describe('kaplanMeier input checks', () => {
  it('reports every bad observation with its path in one ValidationError', () => {
    const bad = [
      { time: -1, event: 1 },
      { time: 2, event: 2 },
      { time: Number.NaN, event: true },
    ] as unknown as SurvivalObservation[];
    try {
      kaplanMeier(bad);
      expect.fail('should throw');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual([
        [0, 'time'],
        [1, 'event'],
        [2, 'time'],
      ]);
    }
  });

  it('rejects a confidence level outside (0, 1) and an unknown transform', () => {
    expect(() => kaplanMeier([{ time: 1, event: 1 }], { confLevel: 1 })).toThrow(ValidationError);
    expect(() => kaplanMeier([{ time: 1, event: 1 }], { confType: 'logit' as ConfidenceType })).toThrow(/confType/);
  });

  it('rejects a negative restricted-mean limit and a bad group key', () => {
    expect(() => kaplanMeier([{ time: 1, event: 1 }], { rmeanUpper: -1 })).toThrow(ValidationError);
    expect(() => kaplanMeierByGroup([{ time: 1, event: 1, group: null as unknown as string }])).toThrow(/group/);
  });

  it('refuses an empty sample with InvalidArgumentError', () => {
    expect(() => kaplanMeier([])).toThrow(InvalidArgumentError);
    expect(() => kaplanMeierByGroup([])).toThrow(InvalidArgumentError);
  });

  it('rejects a probability outside [0, 1] for quantiles, with its path', () => {
    const fit = kaplanMeier([{ time: 1, event: 1 }]);
    expect(() => survivalQuantiles(fit, [0.5, 1.5])).toThrow(/probs\[1\]/);
  });
});
