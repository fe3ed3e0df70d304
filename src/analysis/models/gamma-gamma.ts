/**
 * The Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value curves"
 * and the note "The Gamma-Gamma model of monetary value"): the mean value of a customer's
 * transactions, shrunk towards the population mean.
 *
 * @module
 */
import { InvalidArgumentError } from '../../errors';
import { logGamma } from '../../_lib/distributions';
import { cholesky, choleskyInverse } from '../../_lib/linalg';
import { nelderMead, newtonPolish, richardsonHessian } from './_numeric';
import { IssueCollector, isFiniteNumber } from './_validate';

/** A customer as the Gamma-Gamma model sees it (a {@link CustomerSummary} fits). */
export interface GammaGammaCustomer {
  /** x: number of repeat purchases (integer ≥ 0); customers with x = 0 are ignored by the fit. */
  readonly x: number;
  /** m̄: mean value of the x repeat purchases (> 0 when x > 0). */
  readonly monetaryValue: number;
}

/** Gamma-Gamma parameters: transaction value ~ Gamma(p, ν), ν ~ Gamma(q, v). */
export interface GammaGammaParameters {
  /** Shape of the gamma distribution of one transaction's value. */
  readonly p: number;
  /** Shape of the gamma distribution of the customers' ν. */
  readonly q: number;
  /** Scale of the gamma distribution of the customers' ν. */
  readonly v: number;
}

/** A fitted Gamma-Gamma model. */
export interface GammaGammaFit {
  /** Maximum-likelihood parameters. */
  readonly params: GammaGammaParameters;
  /** Standard errors of p, q, v (natural parameterisation), from the inverse observed information. */
  readonly standardErrors: GammaGammaParameters;
  /** Inverse observed information in order p, q, v. */
  readonly covariance: number[][];
  /** Maximised log-likelihood (sum over customers with x > 0). */
  readonly logLikelihood: number;
  /** Number of customers used (those with x > 0). */
  readonly n: number;
}

/** Options of {@link fitGammaGamma}. */
export interface FitGammaGammaOptions {
  /** Starting values (default p = q = v = 1). */
  readonly start?: GammaGammaParameters;
  /** Maximum Nelder–Mead iterations (default 5000). */
  readonly maxIterations?: number;
}

function validateCustomers(customers: readonly GammaGammaCustomer[], subject: string): void {
  const issues = new IssueCollector();
  customers.forEach((c, i) => {
    if (!Number.isInteger(c.x) || c.x < 0) issues.add([i, 'x'], 'Expected an integer ≥ 0');
    else if (c.x > 0 && (!isFiniteNumber(c.monetaryValue) || c.monetaryValue <= 0)) {
      issues.add([i, 'monetaryValue'], 'Expected a finite number > 0 for a repeat buyer');
    }
  });
  issues.throwIfAny(subject);
}

function validateParams(params: GammaGammaParameters): void {
  const issues = new IssueCollector();
  for (const key of ['p', 'q', 'v'] as const) {
    if (!isFiniteNumber(params[key]) || params[key] <= 0) issues.add([key], 'Expected a finite number > 0');
  }
  issues.throwIfAny('Gamma-Gamma parameters');
}

function customerLogLikelihood(p: number, q: number, v: number, x: number, m: number): number {
  const px = p * x;
  return (
    logGamma(px + q) -
    logGamma(px) -
    logGamma(q) +
    q * Math.log(v) +
    (px - 1) * Math.log(m) +
    px * Math.log(x) -
    (px + q) * Math.log(x * m + v)
  );
}

/**
 * Gamma-Gamma log-likelihood of the mean spends m̄ of customers with x > 0 (x = 0 ignored):
 *
 * LL = Σᵢ [ ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln v + (px−1) ln m̄ + px ln x − (px+q) ln(x m̄ + v) ]
 *
 * @param params - p, q, v (all > 0)
 * @param customers - x and m̄ per customer
 * @returns the log-likelihood
 * @throws {@link ValidationError} for invalid parameters or customers
 *
 * Source: Fader & Hardie (2013), "The Gamma-Gamma model of monetary value", eq. (4); lifetimes `GammaGammaFitter`.
 *
 * @example
 * ```ts
 * import { gammaGammaLogLikelihood } from 'crmkit/analysis';
 * gammaGammaLogLikelihood({ p: 1, q: 1, v: 1 }, [{ x: 1, monetaryValue: 1 }]); //=> Math.log(1 / 4) ≈ -1.3863
 * ```
 */
export function gammaGammaLogLikelihood(params: GammaGammaParameters, customers: readonly GammaGammaCustomer[]): number {
  validateParams(params);
  validateCustomers(customers, 'Gamma-Gamma customers');
  let sum = 0;
  for (const c of customers) if (c.x > 0) sum += customerLogLikelihood(params.p, params.q, params.v, c.x, c.monetaryValue);
  return sum;
}

/**
 * Fits the Gamma-Gamma model by maximum likelihood on the customers with x > 0: Nelder–Mead
 * on log p, log q, log v, polished by Newton steps; standard errors of p, q, v from the inverse
 * observed information (delta method from the log scale, exact at the maximum).
 *
 * The model assumes spend is independent of purchase frequency; check the correlation of x
 * and m̄ before using it.
 *
 * @param customers - x and m̄ per customer (e.g. from {@link summarizeTransactions})
 * @param options - starting values, iteration cap
 * @returns parameters, standard errors, covariance, log-likelihood, n
 * @throws {@link ValidationError} for invalid input; {@link InvalidArgumentError} when fewer than
 *   two customers have x > 0, the fit does not converge or the information matrix is singular
 *
 * Source: Fader, Hardie & Lee (2005), JMR 42(4); Fader & Hardie (2013) note; lifetimes `GammaGammaFitter`.
 *
 * @example
 * ```ts
 * import { fitGammaGamma } from 'crmkit/analysis';
 * const fit = fitGammaGamma(cdnowSummary); // 946 repeat buyers of CDNOW
 * fit.params; //=> { p: 6.2488, q: 3.7446, v: 15.4477 } (rounded)
 * ```
 */
export function fitGammaGamma(customers: readonly GammaGammaCustomer[], options: FitGammaGammaOptions = {}): GammaGammaFit {
  validateCustomers(customers, 'Gamma-Gamma customers');
  const rows = customers.filter((c) => c.x > 0);
  if (rows.length < 2) throw new InvalidArgumentError('The Gamma-Gamma fit needs at least two customers with x > 0');
  const n = rows.length;
  const negLogLik = (theta: readonly number[]): number => {
    const [lp, lq, lv] = theta as [number, number, number];
    const p = Math.exp(lp);
    const q = Math.exp(lq);
    const v = Math.exp(lv);
    let sum = 0;
    for (const c of rows) sum += customerLogLikelihood(p, q, v, c.x, c.monetaryValue);
    return -sum;
  };
  const start = options.start ?? { p: 1, q: 1, v: 1 };
  validateParams(start);
  const scaled = (theta: readonly number[]): number => negLogLik(theta) / n;
  const simplex = nelderMead(scaled, [start.p, start.q, start.v].map(Math.log), {
    maxIterations: options.maxIterations ?? 5000,
    tolerance: 1e-12,
  });
  const polished = newtonPolish(scaled, simplex.x, { maxIterations: 100, tolerance: 1e-12 });
  if (!polished.converged || polished.x.some((t) => !Number.isFinite(t) || Math.abs(t) > 30)) {
    throw new InvalidArgumentError('Gamma-Gamma fit did not converge (a parameter diverged)');
  }
  const theta = polished.x;
  const chol = cholesky(richardsonHessian(negLogLik, theta));
  if (chol === null) throw new InvalidArgumentError('Gamma-Gamma information matrix is singular at the maximum');
  const natural = theta.map(Math.exp);
  const covariance = choleskyInverse(chol).map((row, i) => row.map((c, j) => c * (natural[i] ?? 0) * (natural[j] ?? 0)));
  const [p, q, v] = natural as [number, number, number];
  const [sep, seq, sev] = covariance.map((row, i) => Math.sqrt(row[i] ?? Number.NaN)) as [number, number, number];
  return {
    params: { p, q, v },
    standardErrors: { p: sep, q: seq, v: sev },
    covariance,
    logLikelihood: -negLogLik(theta),
    n,
  };
}

/**
 * Expected mean transaction value of a customer given x repeat purchases of mean m̄: the
 * posterior mean of the customer's mean spend p/ν, a weighted average of the population mean
 * pv/(q−1) and the observed m̄:
 *
 * E[M | p, q, v, x, m̄] = p (v + x m̄) / (p x + q − 1)
 *
 * @param params - fitted p, q, v
 * @param customer - x and m̄ (m̄ ignored when x = 0)
 * @returns the expected average spend, or `null` when p x + q − 1 ≤ 0 (infinite mean)
 * @throws {@link ValidationError} for invalid input
 *
 * Source: Fader, Hardie & Lee (2005), JMR 42(4), eq. (5); lifetimes `conditional_expected_average_profit`.
 *
 * @example
 * ```ts
 * import { gammaGammaExpectedAverageSpend } from 'crmkit/analysis';
 * const params = { p: 6.25, q: 3.74, v: 15.44 };
 * gammaGammaExpectedAverageSpend(params, { x: 2, monetaryValue: 22.35 }); //=> 24.66 (rounded)
 * ```
 */
export function gammaGammaExpectedAverageSpend(params: GammaGammaParameters, customer: GammaGammaCustomer): number | null {
  validateParams(params);
  validateCustomers([customer], 'Gamma-Gamma customer');
  const { p, q, v } = params;
  const x = customer.x;
  const denominator = p * x + q - 1;
  if (!(denominator > 0)) return null;
  return (p * (v + (x === 0 ? 0 : x * customer.monetaryValue))) / denominator;
}
