/**
 * Aalen–Johansen cumulative incidence against R.
 *
 * Source of every expected number: test/fixtures/survival/aalen_johansen.csv, written by
 * test/fixtures/survival/make-fixtures.R with R 4.2.2 and survival 3.5-3:
 * `survfit(Surv(time, factor(status, levels = c('censored', 'converted', 'lost'))) ~ 1)`,
 * columns pstate, std.err (infinitesimal jackknife), lower, upper. Compared to 1e-9 relative.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors';
import {
  aalenJohansen,
  kaplanMeier,
  type CompetingRisksObservation,
  type ConfidenceType,
  type StateProbability,
} from '../../../src/analysis/survival';
import { expectAgrees, FIXTURE_DIR, num, readCsv, str } from './_helpers';

type Cause = 'converted' | 'lost';

function dataset(name: string): CompetingRisksObservation<Cause>[] {
  return readCsv(FIXTURE_DIR, 'cr_input.csv')
    .filter((row) => row.dataset === name)
    .map((row) => {
      const status = str(row, 'status');
      return { time: num(row, 'time'), cause: status === 'censored' ? null : (status as Cause) };
    });
}

/**
 * The infinitesimal jackknife exactly as R's survfitci.c computes it, one influence row per
 * subject (O(n²)): an independent check of the O(times) bookkeeping in aalenJohansen.
 */
function naiveStdErr(observations: readonly CompetingRisksObservation<Cause>[], causes: readonly Cause[]): number[][] {
  const n = observations.length;
  const k = causes.length + 1;
  const state = observations.map((o) => (o.cause === null ? 0 : causes.indexOf(o.cause) + 1));
  const times = [...new Set(observations.map((o) => o.time))].sort((a, b) => a - b);
  const u = Array.from({ length: n }, () => new Array<number>(k).fill(0));
  let p = [1, ...causes.map(() => 0)];
  const out: number[][] = [];
  for (const t of times) {
    const atRisk = observations.map((o) => o.time >= t);
    const nRisk = atRisk.filter(Boolean).length;
    const d = new Array<number>(k).fill(0);
    observations.forEach((o, i) => {
      if (o.time === t && state[i] !== 0) d[state[i] as number] = (d[state[i] as number] as number) + 1;
    });
    const deaths = d.reduce((a, b) => a + b, 0);
    if (deaths > 0) {
      const h = Array.from({ length: k }, (_, r) => new Array<number>(k).fill(0).map((_, c) => (r === c ? 1 : 0)));
      const h0 = h[0] as number[];
      h0[0] = 1 - deaths / nRisk;
      for (let c = 1; c < k; c += 1) h0[c] = (d[c] as number) / nRisk;
      for (let i = 0; i < n; i += 1) {
        const row = u[i] as number[];
        const next = new Array<number>(k).fill(0).map((_, c) => row.reduce((s, v, r) => s + v * ((h[r] as number[])[c] as number), 0));
        if (atRisk[i]) {
          for (let c = 0; c < k; c += 1) next[c] = (next[c] as number) - (h0[c] as number) * (p[0] as number) / nRisk;
          const dest = observations[i]?.time === t ? (state[i] as number) : 0;
          next[dest] = (next[dest] as number) + (p[0] as number) / nRisk;
        }
        u[i] = next;
      }
      p = new Array<number>(k).fill(0).map((_, c) => p.reduce((s, v, r) => s + v * ((h[r] as number[])[c] as number), 0));
    }
    out.push(new Array<number>(k).fill(0).map((_, c) => Math.sqrt(u.reduce((s, row) => s + (row[c] as number) ** 2, 0))));
  }
  return out;
}

describe('aalenJohansen against R multi-state survfit', () => {
  const reference = readCsv(FIXTURE_DIR, 'aalen_johansen.csv');

  for (const name of ['cr', 'cr_small']) {
    for (const confType of ['log', 'plain'] as const) {
      it(`reproduces pstate, std.err and the ${confType} interval of every state for ${name}`, () => {
        const fit = aalenJohansen(dataset(name), { causes: ['converted', 'lost'], confType });
        for (const state of ['(s0)', 'converted', 'lost'] as const) {
          const rows = reference.filter((r) => r.dataset === name && r['conf.type'] === confType && r.state === state);
          expect(rows).toHaveLength(fit.table.length);
          rows.forEach((row, i) => {
            const ours = fit.table[i];
            const estimate: StateProbability | undefined = state === '(s0)' ? ours?.eventFree : ours?.incidence[state];
            const where = `${name} ${confType} ${state} t=${String(row.time)}`;
            expectAgrees(ours?.time, row.time ?? null, `${where} time`);
            expectAgrees(ours?.nRisk, row['n.risk'] ?? null, `${where} n.risk`);
            expectAgrees(ours?.nCensor, row['n.censor'] ?? null, `${where} n.censor`);
            if (state !== '(s0)') expectAgrees(ours?.nEvent[state], row['n.event'] ?? null, `${where} n.event`);
            expectAgrees(estimate?.estimate, row.pstate ?? null, `${where} pstate`);
            expectAgrees(estimate?.stdErr, row['std.err'] ?? null, `${where} std.err`);
            expectAgrees(estimate?.lower, row.lower ?? null, `${where} lower`);
            expectAgrees(estimate?.upper, row.upper ?? null, `${where} upper`);
          });
        }
      });
    }
  }

  it('sorts the causes and makes event-free plus incidences sum to one', () => {
    const fit = aalenJohansen(dataset('cr'));
    expect(fit.causes).toEqual(['converted', 'lost']);
    for (const row of fit.table) {
      expect(row.eventFree.estimate + row.incidence.converted.estimate + row.incidence.lost.estimate).toBeCloseTo(1, 12);
    }
  });

  it('has an event-free curve equal to the all-cause Kaplan–Meier curve', () => {
    const data = dataset('cr');
    const km = kaplanMeier(data.map((o) => ({ time: o.time, event: o.cause !== null })));
    const aj = aalenJohansen(data);
    aj.table.forEach((row, i) => expect(row.eventFree.estimate).toBeCloseTo(km.table[i]?.survival ?? Number.NaN, 14));
  });

  it('agrees with a per-subject infinitesimal jackknife on random data', () => {
    const observation = fc.record({
      time: fc.integer({ min: 0, max: 8 }),
      cause: fc.constantFrom<Cause | null>('converted', 'lost', null),
    });
    fc.assert(
      fc.property(fc.array(observation, { minLength: 1, maxLength: 30 }), (data) => {
        const causes: Cause[] = ['converted', 'lost'];
        const fit = aalenJohansen(data, { causes });
        const naive = naiveStdErr(data, causes);
        fit.table.forEach((row, i) => {
          const expected = naive[i] as number[];
          const ours = [row.eventFree.stdErr, row.incidence.converted.stdErr, row.incidence.lost.stdErr];
          ours.forEach((value, c) => expect(Math.abs(value - (expected[c] as number))).toBeLessThan(1e-12));
        });
      }),
      { numRuns: 200 },
    );
  });

  it('gives a zero curve to a listed cause that never occurs', () => {
    const fit = aalenJohansen<'converted' | 'lost'>([{ time: 1, cause: 'converted' }, { time: 2, cause: null }], {
      causes: ['converted', 'lost'],
    });
    expect(fit.table.map((row) => row.incidence.lost.estimate)).toEqual([0, 0]);
    expect(fit.events).toEqual({ converted: 1, lost: 0 });
  });

  it('rejects an unlisted cause, an empty cause and a bad time with paths', () => {
    try {
      aalenJohansen(
        [
          { time: 1, cause: 'won' },
          { time: 2, cause: '' },
          { time: -1, cause: null },
        ],
        { causes: ['converted'] as string[] },
      );
      expect.fail('should throw');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual([
        [0, 'cause'],
        [1, 'cause'],
        [2, 'time'],
      ]);
    }
    expect(() => aalenJohansen([{ time: 1, cause: null }], { confType: 'x' as ConfidenceType })).toThrow(ValidationError);
  });
});
