/**
 * crmkit against published R output on the `aml` data (survival package).
 *
 * Source of every expected number: /work/shared/reference/aml_*.csv, produced with R 4.2 and
 * survival 3.5-3 (`survfit`, `print.survfit`, `quantile.survfit`, `survdiff`); see that folder's
 * README.md. Compared to 1e-9 relative.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  kaplanMeier,
  kaplanMeierByGroup,
  logRankTest,
  survivalQuantiles,
  type ConfidenceType,
  type KaplanMeierResult,
} from '../../../src/analysis/survival';
import { expectAgrees, num, readCsv, REFERENCE_DIR, str } from './_helpers';

const POOLED = '__pooled__';

function amlObservations(): { time: number; event: 0 | 1; group: string }[] {
  return readCsv(REFERENCE_DIR, 'aml_input.csv').map((row) => ({
    time: num(row, 'time'),
    event: num(row, 'event') === 1 ? 1 : 0,
    group: str(row, 'group'),
  }));
}

function fitsFor(confType: ConfidenceType): Map<string, KaplanMeierResult> {
  const observations = amlObservations();
  const fits = new Map<string, KaplanMeierResult>();
  for (const fit of kaplanMeierByGroup(observations, { confType })) fits.set(fit.group, fit);
  fits.set(POOLED, kaplanMeier(observations, { confType }));
  return fits;
}

describe('the aml reference data from R', () => {
  it('is present beside the repository', () => {
    expect(existsSync(fileURLToPath(new URL('aml_input.csv', REFERENCE_DIR)))).toBe(true);
  });

  it('gives the Kaplan–Meier table of R survfit for each group and pooled, every column to 1e-9', () => {
    const reference = readCsv(REFERENCE_DIR, 'aml_table.csv');
    const columns: [ConfidenceType, string, string][] = [
      ['log', 'lower_log', 'upper_log'],
      ['log-log', 'lower_loglog', 'upper_loglog'],
      ['plain', 'lower_plain', 'upper_plain'],
    ];
    for (const [confType, lowerColumn, upperColumn] of columns) {
      const fits = fitsFor(confType);
      const seen = new Map<string, number>();
      for (const row of reference) {
        const group = str(row, 'group');
        const fit = fits.get(group);
        if (fit === undefined) throw new Error(`no fit for ${group}`);
        const index = seen.get(group) ?? 0;
        seen.set(group, index + 1);
        const ours = fit.table[index];
        const where = `${group} t=${String(row.time)} ${confType}`;
        expect(ours, where).toBeDefined();
        if (ours === undefined) continue;
        expectAgrees(ours.time, row.time ?? null, `${where} time`);
        expectAgrees(ours.nRisk, row['n.risk'] ?? null, `${where} n.risk`);
        expectAgrees(ours.nEvent, row['n.event'] ?? null, `${where} n.event`);
        expectAgrees(ours.nCensor, row['n.censor'] ?? null, `${where} n.censor`);
        expectAgrees(ours.survival, row.surv ?? null, `${where} surv`);
        expectAgrees(ours.stdErr, row['std.err'] ?? null, `${where} std.err`);
        // R reports Inf for se(log S) once S = 0; crmkit reports null (no finite value)
        const seLog = row['std.err.logS'] === Number.POSITIVE_INFINITY ? null : (row['std.err.logS'] ?? null);
        expectAgrees(ours.stdErrLogS, seLog, `${where} std.err.logS`);
        expectAgrees(ours.lower, row[lowerColumn] ?? null, `${where} lower`);
        expectAgrees(ours.upper, row[upperColumn] ?? null, `${where} upper`);
      }
      for (const [group, count] of seen) expect(fits.get(group)?.table.length, group).toBe(count);
    }
  });

  it('gives the median, its interval, the restricted mean and its SE of R print.survfit', () => {
    for (const row of readCsv(REFERENCE_DIR, 'aml_median.csv')) {
      const confType = str(row, 'conf.type') as ConfidenceType;
      const group = str(row, 'group');
      const fit = fitsFor(confType).get(group);
      if (fit === undefined) throw new Error(`no fit for ${group}`);
      const where = `${group} ${confType}`;
      expectAgrees(fit.n, row.n ?? null, `${where} n`);
      expectAgrees(fit.events, row.events ?? null, `${where} events`);
      expectAgrees(fit.median.time, row.median ?? null, `${where} median`);
      expectAgrees(fit.median.lower, row.lcl ?? null, `${where} lcl`);
      expectAgrees(fit.median.upper, row.ucl ?? null, `${where} ucl`);
      expectAgrees(fit.rmean.estimate, row.rmean ?? null, `${where} rmean`);
      expectAgrees(fit.rmean.stdErr, row['se.rmean'] ?? null, `${where} se.rmean`);
      // the lifelines column is the same median computed by Python lifelines
      expectAgrees(fit.median.time, row.median_lifelines ?? null, `${where} lifelines median`);
    }
  });

  it('gives the 25/50/75% quantiles and their intervals of R quantile.survfit', () => {
    const reference = readCsv(REFERENCE_DIR, 'aml_quantiles.csv');
    for (const confType of ['log', 'log-log', 'plain'] as const) {
      const fits = fitsFor(confType);
      for (const [group, fit] of fits) {
        const quantiles = survivalQuantiles(fit, [0.25, 0.5, 0.75]);
        const rows = reference.filter((row) => row.group === group && row['conf.type'] === confType);
        expect(rows).toHaveLength(3);
        rows.forEach((row, i) => {
          const q = quantiles[i];
          const where = `${group} ${confType} p=${String(row.prob)}`;
          expectAgrees(q?.prob, row.prob ?? null, `${where} prob`);
          expectAgrees(q?.time, row.quantile ?? null, `${where} quantile`);
          expectAgrees(q?.lower, row.lower ?? null, `${where} lower`);
          expectAgrees(q?.upper, row.upper ?? null, `${where} upper`);
        });
      }
    }
  });

  it('gives the log-rank chi-square, df, p-value, observed and expected of R survdiff', () => {
    const test = logRankTest(amlObservations());
    const reference = readCsv(REFERENCE_DIR, 'aml_logrank.csv');
    expect(test.groups.map((g) => g.group)).toEqual(reference.map((row) => row.group));
    reference.forEach((row, i) => {
      const group = test.groups[i];
      expectAgrees(group?.n, row.n ?? null, `${String(row.group)} n`);
      expectAgrees(group?.observed, row.observed ?? null, `${String(row.group)} observed`);
      expectAgrees(group?.expected, row.expected ?? null, `${String(row.group)} expected`);
      expectAgrees(test.chiSquare, row.chisq ?? null, 'chisq');
      expectAgrees(test.df, row.df ?? null, 'df');
      expectAgrees(test.pValue, row['p.value'] ?? null, 'p-value');
    });
  });
});
