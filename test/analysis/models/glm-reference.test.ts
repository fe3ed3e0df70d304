/**
 * Logistic regression against R.
 *
 * Source of every expected number: test/fixtures/models/glm_*.json, written by
 * test/fixtures/models/make-fixtures.R with R 4.2.2: `glm(family = binomial)` with its default
 * control, `summary()` coefficients, `confint.default()` (Wald) intervals, deviance, null
 * deviance and AIC. Compared to 1e-6 (absolute; p-values relative).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ValidationError } from '../../../src/errors';
import { logisticRegression, predictLogistic, type LogisticRegressionOptions, type LogisticRow } from '../../../src/analysis/models';

const FIXTURES = fileURLToPath(new URL('../../fixtures/models/', import.meta.url));

function readCsv(name: string): LogisticRow[] {
  const [header, ...lines] = readFileSync(`${FIXTURES}${name}`, 'utf8').trim().split('\n');
  const names = (header ?? '').split(',');
  return lines.map((line) => {
    const values = line.split(',');
    const row: Record<string, unknown> = {};
    names.forEach((n, i) => {
      const v = values[i] ?? '';
      row[n] = /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
    });
    return row;
  });
}

interface GlmReference {
  terms: string[];
  estimate: number[];
  std_error: number[];
  z: number[];
  p: number[];
  deviance: number;
  null_deviance: number;
  df_residual: number;
  df_null: number;
  aic: number;
  iterations: number;
  converged: boolean;
  confint_wald_95: [number, number][];
  fitted_first5: number[];
}

const cases: [string, LogisticRegressionOptions][] = [
  [
    'leads',
    {
      outcome: 'converted',
      predictors: [
        { name: 'score', type: 'numeric' },
        { name: 'source', type: 'categorical', reference: 'referral' },
        { name: 'region', type: 'categorical' },
      ],
    },
  ],
  [
    'trials',
    {
      outcome: 'converted',
      predictors: [
        { name: 'seats', type: 'numeric' },
        { name: 'tenure_days', type: 'numeric' },
        { name: 'plan', type: 'categorical', reference: 'pro' },
      ],
    },
  ],
  [
    'small',
    {
      outcome: 'converted',
      intercept: false,
      predictors: [
        { name: 'channel', type: 'categorical' },
        { name: 'touches', type: 'numeric' },
      ],
    },
  ],
];

describe('logisticRegression against R glm(family = binomial)', () => {
  for (const [name, options] of cases) {
    it(`matches R's coefficients, SEs, z, p, Wald intervals, deviances and AIC on the ${name} data`, () => {
      const ref = JSON.parse(readFileSync(`${FIXTURES}glm_${name}.json`, 'utf8')) as GlmReference;
      const rows = readCsv(`glm_${name}.csv`);
      const model = logisticRegression(rows, options);
      expect(model.coefficients.map((c) => c.term)).toEqual(ref.terms);
      model.coefficients.forEach((c, j) => {
        expect(Math.abs(c.estimate - (ref.estimate[j] ?? Number.NaN))).toBeLessThan(1e-6);
        expect(Math.abs(c.standardError - (ref.std_error[j] ?? Number.NaN))).toBeLessThan(1e-6);
        expect(Math.abs(c.z - (ref.z[j] ?? Number.NaN))).toBeLessThan(1e-6);
        expect(Math.abs(c.pValue / (ref.p[j] ?? Number.NaN) - 1)).toBeLessThan(1e-6);
        const [lower, upper] = ref.confint_wald_95[j] ?? [Number.NaN, Number.NaN];
        expect(Math.abs(c.oddsRatioLower - Math.exp(lower))).toBeLessThan(1e-6 * Math.exp(lower));
        expect(Math.abs(c.oddsRatioUpper - Math.exp(upper))).toBeLessThan(1e-6 * Math.exp(upper));
        expect(c.oddsRatio).toBeCloseTo(Math.exp(c.estimate), 12);
      });
      expect(Math.abs(model.deviance - ref.deviance)).toBeLessThan(1e-6);
      expect(Math.abs(model.nullDeviance - ref.null_deviance)).toBeLessThan(1e-6);
      expect(Math.abs(model.aic - ref.aic)).toBeLessThan(1e-6);
      expect(model.dfResidual).toBe(ref.df_residual);
      expect(model.dfNull).toBe(ref.df_null);
      expect(model.iterations).toBe(ref.iterations);
      expect(model.converged).toBe(ref.converged);
      ref.fitted_first5.forEach((expected, i) => {
        expect(Math.abs(predictLogistic(model, rows[i] as LogisticRow) - expected)).toBeLessThan(1e-6);
      });
    });
  }

  it('names the aliased column of a rank-deficient design, as R reports it NA', () => {
    const ref = JSON.parse(readFileSync(`${FIXTURES}glm_aliased.json`, 'utf8')) as { aliased: string[] };
    const rows = readCsv('glm_trials.csv').map((row) => ({ ...row, seats_x2: 2 * (row['seats'] as number) }));
    const fit = (): unknown =>
      logisticRegression(rows, {
        outcome: 'converted',
        predictors: [
          { name: 'seats', type: 'numeric' },
          { name: 'seats_x2', type: 'numeric' },
          { name: 'tenure_days', type: 'numeric' },
        ],
      });
    expect(fit).toThrow(InvalidArgumentError);
    expect(fit).toThrow(new RegExp(`Rank-deficient design: ${ref.aliased[0]}`));
  });

  it('names a categorical level that duplicates the intercept (a level that is always present)', () => {
    const rows = [1, 0, 1, 0, 1].map((y, i) => ({ y, plan: 'pro', x: i }));
    expect(() =>
      logisticRegression(rows, { outcome: 'y', predictors: [{ name: 'x', type: 'numeric' }, { name: 'ones', type: 'numeric' }] }),
    ).toThrow(ValidationError);
    const withOnes = rows.map((r) => ({ ...r, ones: 1 }));
    expect(() =>
      logisticRegression(withOnes, { outcome: 'y', predictors: [{ name: 'x', type: 'numeric' }, { name: 'ones', type: 'numeric' }] }),
    ).toThrow(/ones is a linear combination/);
  });

  it('refuses perfectly separated data with a separation error naming the diverging terms', () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({ y: i < 10 ? 0 : 1, x: i }));
    expect(() => logisticRegression(rows, { outcome: 'y', predictors: [{ name: 'x', type: 'numeric' }] })).toThrow(
      /separation.*x diverge/,
    );
  });

  it('refuses quasi-complete separation (a level where every lead converted)', () => {
    const rows = [
      ...Array.from({ length: 10 }, (_, i) => ({ y: i % 2, source: 'web' })),
      ...Array.from({ length: 5 }, () => ({ y: 1, source: 'referral' })),
    ];
    expect(() =>
      logisticRegression(rows, { outcome: 'y', predictors: [{ name: 'source', type: 'categorical', reference: 'web' }] }),
    ).toThrow(/source:referral/);
  });

  it('reports every invalid value with its row and field', () => {
    try {
      logisticRegression(
        [
          { y: 1, x: 1 },
          { y: 'yes', x: Number.NaN },
        ],
        { outcome: 'y', predictors: [{ name: 'x', type: 'numeric' }] },
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual([
        [1, 'y'],
        [1, 'x'],
      ]);
    }
  });

  it('recovers the hand-computed log odds of a 2×2 table (ln ½ and ln 4)', () => {
    const rows = [
      { converted: 1, source: 'web' },
      { converted: 0, source: 'web' },
      { converted: 0, source: 'web' },
      { converted: 1, source: 'event' },
      { converted: 1, source: 'event' },
      { converted: 0, source: 'event' },
    ];
    const model = logisticRegression(rows, {
      outcome: 'converted',
      predictors: [{ name: 'source', type: 'categorical', reference: 'web' }],
    });
    expect(model.coefficients[0]?.estimate).toBeCloseTo(Math.log(0.5), 8);
    expect(model.coefficients[1]?.estimate).toBeCloseTo(Math.log(4), 8);
    // SE of a log odds ratio in a 2×2 table: √(1/a + 1/b + 1/c + 1/d) (Woolf). Like R, the SE
    // uses the weights of the last IRLS iteration, so it agrees to ~1e-7, not to rounding.
    expect(model.coefficients[1]?.standardError).toBeCloseTo(Math.sqrt(1 + 1 / 2 + 1 / 2 + 1), 6);
    expect(predictLogistic(model, { source: 'event' })).toBeCloseTo(2 / 3, 8);
    expect(() => predictLogistic(model, { source: 'fax' })).toThrow(ValidationError);
  });
});
