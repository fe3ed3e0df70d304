/**
 * BG/NBD and Gamma-Gamma against the CDNOW reference fit.
 *
 * Source of every expected number: /work/shared/reference/cdnow_gg.json (which repeats
 * cdnow_bgnbd.json's `bgnbd` block), maximum likelihood with the lifetimes likelihoods (scipy),
 * on cdnow_summary_tx.csv (2,357 customers, weeks); matches the lifetimes documentation
 * (r ≈ 0.2426, α ≈ 4.4135, a ≈ 0.7929, b ≈ 2.4258). See that folder's README.md.
 * The fixture's SEs are of the natural parameters, as ours are.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bgNbdConditionalExpectedPurchases,
  bgNbdExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdProbabilityAlive,
  customerLifetimeValue,
  fitBgNbd,
  fitGammaGamma,
  gammaGammaExpectedAverageSpend,
  gammaGammaLogLikelihood,
  type BgNbdFit,
  type GammaGammaFit,
} from '../../../src/analysis/models';

const REFERENCE_DIR = fileURLToPath(new URL('../../../../shared/reference/', import.meta.url));
const available = existsSync(`${REFERENCE_DIR}cdnow_summary_tx.csv`);

interface Row {
  x: number;
  tx: number;
  T: number;
  monetaryValue: number;
}

function readSummary(): Row[] {
  const [header, ...lines] = readFileSync(`${REFERENCE_DIR}cdnow_summary_tx.csv`, 'utf8').trim().split('\n');
  expect(header?.trim()).toBe('ID,x,t_x,T,zbar');
  return lines.map((line) => {
    const [, x, tx, T, zbar] = line.split(',').map(Number);
    return { x: x ?? Number.NaN, tx: tx ?? Number.NaN, T: T ?? Number.NaN, monetaryValue: zbar ?? Number.NaN };
  });
}

interface Reference {
  n_customers: number;
  repeat_buyers: number;
  bgnbd: {
    r: number;
    alpha: number;
    a: number;
    b: number;
    se: { r: number; alpha: number; a: number; b: number };
    loglik: number;
    t: number;
    expected_purchases_t: number;
    mean_p_alive: number;
    first_p_alive: number[];
    first_conditional_expected_t: number[];
  };
  gamma_gamma: {
    p: number;
    q: number;
    v: number;
    se: { p: number; q: number; v: number };
    loglik: number;
    n: number;
    first_expected_avg_value: number[];
    mean_expected_avg_value: number;
  };
}

describe.skipIf(!available)('CDNOW reference (lifetimes likelihoods)', () => {
  let rows: Row[];
  let ref: Reference;
  let bg: BgNbdFit;
  let gg: GammaGammaFit;

  beforeAll(() => {
    rows = readSummary();
    ref = JSON.parse(readFileSync(`${REFERENCE_DIR}cdnow_gg.json`, 'utf8')) as Reference;
    const bgOnly = JSON.parse(readFileSync(`${REFERENCE_DIR}cdnow_bgnbd.json`, 'utf8')) as Pick<Reference, 'bgnbd'>;
    expect(bgOnly.bgnbd).toEqual(ref.bgnbd);
    bg = fitBgNbd(rows);
    gg = fitGammaGamma(rows);
  });

  it('reads the 2,357 customers, 946 of them repeat buyers', () => {
    expect(rows).toHaveLength(ref.n_customers);
    expect(rows.filter((r) => r.x > 0)).toHaveLength(ref.repeat_buyers);
  });

  it('fits BG/NBD parameters r, α, a, b to 1e-4 of the reference', () => {
    for (const key of ['r', 'alpha', 'a', 'b'] as const) expect(Math.abs(bg.params[key] - ref.bgnbd[key])).toBeLessThan(1e-4);
  });

  it('reaches the reference BG/NBD log-likelihood to 1e-4', () => {
    expect(Math.abs(bg.logLikelihood - ref.bgnbd.loglik)).toBeLessThan(1e-4);
    expect(Math.abs(bgNbdLogLikelihood(ref.bgnbd, rows) - ref.bgnbd.loglik)).toBeLessThan(1e-6);
  });

  it('gives BG/NBD standard errors (natural parameters, observed information) within 1e-5 relative of the reference', () => {
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(bg.standardErrors[key] / ref.bgnbd.se[key] - 1)).toBeLessThan(1e-5);
    }
  });

  it('reproduces P(alive) and the conditional expected purchases in 39 weeks for the first ten customers', () => {
    ref.bgnbd.first_p_alive.forEach((expected, i) => {
      expect(Math.abs(bgNbdProbabilityAlive(bg.params, rows[i] as Row) - expected)).toBeLessThan(1e-6);
    });
    ref.bgnbd.first_conditional_expected_t.forEach((expected, i) => {
      expect(Math.abs(bgNbdConditionalExpectedPurchases(bg.params, rows[i] as Row, ref.bgnbd.t) - expected)).toBeLessThan(1e-6);
    });
  });

  it('reproduces the mean P(alive) and the unconditional expected purchases in 39 weeks', () => {
    const mean = rows.reduce((s, r) => s + bgNbdProbabilityAlive(bg.params, r), 0) / rows.length;
    expect(Math.abs(mean - ref.bgnbd.mean_p_alive)).toBeLessThan(1e-6);
    expect(Math.abs(bgNbdExpectedPurchases(bg.params, ref.bgnbd.t) - ref.bgnbd.expected_purchases_t)).toBeLessThan(1e-6);
  });

  it('fits Gamma-Gamma p, q, v and its log-likelihood to 1e-4 on the 946 repeat buyers', () => {
    expect(gg.n).toBe(ref.gamma_gamma.n);
    for (const key of ['p', 'q', 'v'] as const) expect(Math.abs(gg.params[key] - ref.gamma_gamma[key])).toBeLessThan(1e-4);
    expect(Math.abs(gg.logLikelihood - ref.gamma_gamma.loglik)).toBeLessThan(1e-4);
    expect(Math.abs(gammaGammaLogLikelihood(ref.gamma_gamma, rows) - ref.gamma_gamma.loglik)).toBeLessThan(1e-6);
  });

  it('gives Gamma-Gamma standard errors within 1e-4 relative of the reference (the likelihood is flat along p–v)', () => {
    for (const key of ['p', 'q', 'v'] as const) {
      expect(Math.abs(gg.standardErrors[key] / ref.gamma_gamma.se[key] - 1)).toBeLessThan(1e-4);
    }
  });

  it('reproduces the expected average spend of the first ten repeat buyers and its mean over repeat buyers', () => {
    const repeat = rows.filter((r) => r.x > 0);
    ref.gamma_gamma.first_expected_avg_value.forEach((expected, i) => {
      expect(Math.abs((gammaGammaExpectedAverageSpend(gg.params, repeat[i] as Row) ?? Number.NaN) - expected)).toBeLessThan(1e-4);
    });
    const mean = repeat.reduce((s, r) => s + (gammaGammaExpectedAverageSpend(gg.params, r) ?? 0), 0) / repeat.length;
    expect(Math.abs(mean - ref.gamma_gamma.mean_expected_avg_value)).toBeLessThan(1e-4);
  });

  it('computes CLV as the discounted sum of monthly expected purchases times expected spend', () => {
    const customer = rows[0] as Row;
    const spend = gammaGammaExpectedAverageSpend(gg.params, customer) ?? Number.NaN;
    // Hand-rolled lifetimes definition: months of 4.345 weeks, 1% per month.
    let expected = 0;
    for (let i = 1; i <= 12; i++) {
      const step =
        bgNbdConditionalExpectedPurchases(bg.params, customer, i * 4.345) -
        bgNbdConditionalExpectedPurchases(bg.params, customer, (i - 1) * 4.345);
      expected += (spend * step) / 1.01 ** i;
    }
    expect(customerLifetimeValue(bg.params, gg.params, customer)).toBeCloseTo(expected, 12);
    const undiscounted = customerLifetimeValue(bg.params, gg.params, customer, { monthlyDiscountRate: 0 }) ?? 0;
    expect(undiscounted).toBeCloseTo(spend * bgNbdConditionalExpectedPurchases(bg.params, customer, 12 * 4.345), 10);
  });
});
