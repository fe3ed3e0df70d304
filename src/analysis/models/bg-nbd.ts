/**
 * The BG/NBD model of Fader, Hardie & Lee (2005): repeat purchases of customers who may
 * silently "die" (churn) in a non-contractual setting.
 *
 * @module
 */
import { InvalidArgumentError } from '../../errors';
import { logGamma } from '../../_lib/distributions';
import { cholesky, choleskyInverse } from '../../_lib/linalg';
import { hyp2f1, nelderMead, newtonPolish, richardsonHessian } from './_numeric';
import { IssueCollector, isFiniteNumber } from './_validate';

/** A customer as the BG/NBD model sees it (a {@link CustomerSummary} fits). */
export interface BgNbdCustomer {
  /** x: number of repeat purchases (integer ≥ 0). */
  readonly x: number;
  /** t_x: time of the last purchase since the first (0 when x = 0). */
  readonly tx: number;
  /** T: time since the first purchase (≥ t_x, > 0). */
  readonly T: number;
}

/** BG/NBD parameters: purchase rate λ ~ Gamma(r, α), dropout probability p ~ Beta(a, b). */
export interface BgNbdParameters {
  /** Shape of the gamma distribution of purchase rates. */
  readonly r: number;
  /** Scale (rate parameter, in the time unit) of the gamma distribution of purchase rates. */
  readonly alpha: number;
  /** First shape of the beta distribution of dropout probabilities. */
  readonly a: number;
  /** Second shape of the beta distribution of dropout probabilities. */
  readonly b: number;
}

/** A fitted BG/NBD model. */
export interface BgNbdFit {
  /** Maximum-likelihood parameters. */
  readonly params: BgNbdParameters;
  /**
   * Standard errors of r, α, a, b themselves (natural parameterisation): square roots of the
   * diagonal of {@link BgNbdFit.covariance}. Equal to θ·SE(log θ) (delta method).
   */
  readonly standardErrors: BgNbdParameters;
  /** Inverse observed information (negative Hessian of the log-likelihood) in order r, α, a, b. */
  readonly covariance: number[][];
  /** Maximised log-likelihood (sum over customers). */
  readonly logLikelihood: number;
  /** Number of customers. */
  readonly n: number;
  /** Nelder–Mead + Newton iterations used. */
  readonly iterations: number;
}

/** Options of {@link fitBgNbd}. */
export interface FitBgNbdOptions {
  /** Starting values (default r = α = a = b = 1). */
  readonly start?: BgNbdParameters;
  /** Maximum Nelder–Mead iterations (default 5000). */
  readonly maxIterations?: number;
}

function validateCustomers(customers: readonly BgNbdCustomer[], subject: string): void {
  const issues = new IssueCollector();
  if (customers.length === 0) issues.add([], 'Expected at least one customer');
  customers.forEach((c, i) => {
    if (!Number.isInteger(c.x) || c.x < 0) issues.add([i, 'x'], 'Expected an integer ≥ 0');
    if (!isFiniteNumber(c.T) || c.T <= 0) issues.add([i, 'T'], 'Expected a finite number > 0');
    if (!isFiniteNumber(c.tx) || c.tx < 0 || c.tx > c.T) issues.add([i, 'tx'], 'Expected 0 ≤ tx ≤ T');
    else if (c.x === 0 && c.tx !== 0) issues.add([i, 'tx'], 'Expected tx = 0 when x = 0');
  });
  issues.throwIfAny(subject);
}

function validateParams(params: BgNbdParameters): void {
  const issues = new IssueCollector();
  for (const key of ['r', 'alpha', 'a', 'b'] as const) {
    if (!isFiniteNumber(params[key]) || params[key] <= 0) issues.add([key], 'Expected a finite number > 0');
  }
  issues.throwIfAny('BG/NBD parameters');
}

function customerLogLikelihood(r: number, alpha: number, a: number, b: number, c: BgNbdCustomer): number {
  const { x, tx, T } = c;
  const a1 = logGamma(r + x) - logGamma(r) + r * Math.log(alpha);
  const a2 = logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + T);
  if (x === 0) return a1 + a2 + a3;
  const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  const m = Math.max(a3, a4);
  return a1 + a2 + m + Math.log(Math.exp(a3 - m) + Math.exp(a4 - m));
}

/**
 * BG/NBD log-likelihood of a set of customers (Fader, Hardie & Lee 2005, eq. 6):
 *
 * LL = Σᵢ ln[ Γ(r+x)α^r/Γ(r) · B(a, b+x)/B(a, b) · ( (α+T)^−(r+x) + 1{x>0}·a/(b+x−1)·(α+t_x)^−(r+x) ) ]
 *
 * @param params - r, α, a, b (all > 0)
 * @param customers - x, t_x, T per customer
 * @returns the log-likelihood (sum over customers)
 * @throws {@link ValidationError} for invalid parameters or customers
 *
 * Source: Fader, Hardie & Lee (2005), "Counting your customers the easy way", Marketing Science 24(2), eq. (6).
 *
 * @example
 * ```ts
 * import { bgNbdLogLikelihood } from 'crmkit/analysis';
 * bgNbdLogLikelihood({ r: 1, alpha: 1, a: 1, b: 1 }, [{ x: 0, tx: 0, T: 1 }]); //=> Math.log(0.5) ≈ -0.6931
 * ```
 */
export function bgNbdLogLikelihood(params: BgNbdParameters, customers: readonly BgNbdCustomer[]): number {
  validateParams(params);
  validateCustomers(customers, 'BG/NBD customers');
  let sum = 0;
  for (const c of customers) sum += customerLogLikelihood(params.r, params.alpha, params.a, params.b, c);
  return sum;
}

/**
 * Fits the BG/NBD model by maximum likelihood.
 *
 * The log-likelihood ({@link bgNbdLogLikelihood}) is maximised over log r, log α, log a, log b
 * (so the parameters stay positive) by Nelder–Mead, then polished by damped Newton steps on a
 * finite-difference Hessian. Standard errors come from the observed information: the inverse
 * of the negative Hessian of the log-likelihood, transformed to the natural parameters
 * (Cov(θ) = D·Cov(log θ)·D with D = diag(θ), exact at the maximum).
 *
 * @param customers - x, t_x, T per customer (e.g. from {@link summarizeTransactions})
 * @param options - starting values, iteration cap
 * @returns parameters, standard errors, covariance, log-likelihood
 * @throws {@link ValidationError} for invalid customers; {@link InvalidArgumentError} when the
 *   optimiser does not converge or the information matrix is singular (e.g. no repeat buyers)
 *
 * Source: Fader, Hardie & Lee (2005), Marketing Science 24(2); lifetimes `BetaGeoFitter`.
 *
 * @example
 * ```ts
 * import { fitBgNbd } from 'crmkit/analysis';
 * const fit = fitBgNbd(cdnowSummary); // the 2,357 CDNOW customers, T in weeks
 * fit.params; //=> { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 } (rounded)
 * fit.logLikelihood; //=> -9582.4256
 * ```
 */
export function fitBgNbd(customers: readonly BgNbdCustomer[], options: FitBgNbdOptions = {}): BgNbdFit {
  validateCustomers(customers, 'BG/NBD customers');
  // Aggregate identical customers: the likelihood depends on (x, t_x, T) only.
  const groups = new Map<string, { c: BgNbdCustomer; w: number }>();
  for (const c of customers) {
    const key = `${c.x}|${c.tx}|${c.T}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { c, w: 1 });
    else g.w += 1;
  }
  const rows = [...groups.values()];
  const n = customers.length;
  const negLogLik = (theta: readonly number[]): number => {
    const [lr, lalpha, la, lb] = theta as [number, number, number, number];
    const r = Math.exp(lr);
    const alpha = Math.exp(lalpha);
    const a = Math.exp(la);
    const b = Math.exp(lb);
    let sum = 0;
    for (const { c, w } of rows) sum += w * customerLogLikelihood(r, alpha, a, b, c);
    return -sum;
  };
  const start = options.start ?? { r: 1, alpha: 1, a: 1, b: 1 };
  validateParams(start);
  const scaled = (theta: readonly number[]): number => negLogLik(theta) / n;
  const simplex = nelderMead(scaled, [start.r, start.alpha, start.a, start.b].map(Math.log), {
    maxIterations: options.maxIterations ?? 5000,
    tolerance: 1e-12,
  });
  const polished = newtonPolish(scaled, simplex.x, { maxIterations: 100, tolerance: 1e-12 });
  if (!polished.converged || polished.x.some((v) => !Number.isFinite(v) || Math.abs(v) > 30)) {
    throw new InvalidArgumentError(
      'BG/NBD fit did not converge (a parameter diverged or the log-likelihood has no interior maximum); ' +
        'check that the data contain repeat buyers',
    );
  }
  const theta = polished.x;
  const hessian = richardsonHessian(negLogLik, theta);
  const chol = cholesky(hessian);
  if (chol === null) {
    throw new InvalidArgumentError('BG/NBD information matrix is singular or not positive definite at the maximum');
  }
  const covLog = choleskyInverse(chol);
  const natural = theta.map(Math.exp);
  const covariance = covLog.map((row, i) => row.map((v, j) => v * (natural[i] ?? 0) * (natural[j] ?? 0)));
  const se = covariance.map((row, i) => Math.sqrt(row[i] ?? Number.NaN));
  const [r, alpha, a, b] = natural as [number, number, number, number];
  const [ser, sealpha, sea, seb] = se as [number, number, number, number];
  return {
    params: { r, alpha, a, b },
    standardErrors: { r: ser, alpha: sealpha, a: sea, b: seb },
    covariance,
    logLikelihood: -negLogLik(theta),
    n,
    iterations: simplex.iterations + polished.iterations,
  };
}

/**
 * Probability that a customer with history (x, t_x, T) is still alive at T:
 *
 * P(alive | x, t_x, T) = 1 / (1 + 1{x>0} · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x))
 *
 * @param params - fitted r, α, a, b
 * @param customer - x, t_x, T
 * @returns a probability in (0, 1]; exactly 1 for a customer with no repeat purchase
 * @throws {@link ValidationError} for invalid parameters or customer
 *
 * Source: Fader, Hardie & Lee (2005), eq. (13); lifetimes `conditional_probability_alive`.
 *
 * @example
 * ```ts
 * import { bgNbdProbabilityAlive } from 'crmkit/analysis';
 * const params = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };
 * bgNbdProbabilityAlive(params, { x: 2, tx: 30.43, T: 38.86 }); //=> 0.7266 (rounded)
 * ```
 */
export function bgNbdProbabilityAlive(params: BgNbdParameters, customer: BgNbdCustomer): number {
  validateParams(params);
  validateCustomers([customer], 'BG/NBD customer');
  const { r, alpha, a, b } = params;
  const { x, tx, T } = customer;
  if (x === 0) return 1;
  const logRatio = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(logRatio));
}

/**
 * Expected number of purchases of a new customer in a period of length t:
 *
 * E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))^r · ₂F₁(r, b; a+b−1; t/(α+t))]
 *
 * @param params - fitted r, α, a, b (a ≠ 1)
 * @param t - horizon, in the time unit of the fit (> 0)
 * @returns the expected number of purchases
 * @throws {@link ValidationError} for invalid parameters or t; {@link InvalidArgumentError} when a = 1
 *
 * Source: Fader, Hardie & Lee (2005), eq. (9).
 *
 * @example
 * ```ts
 * import { bgNbdExpectedPurchases } from 'crmkit/analysis';
 * bgNbdExpectedPurchases({ r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 }, 39); //=> 1.195 (rounded)
 * ```
 */
export function bgNbdExpectedPurchases(params: BgNbdParameters, t: number): number {
  validateParams(params);
  const issues = new IssueCollector();
  if (!isFiniteNumber(t) || t < 0) issues.add(['t'], 'Expected a finite number ≥ 0');
  issues.throwIfAny('horizon');
  const { r, alpha, a, b } = params;
  if (a === 1) throw new InvalidArgumentError('E[X(t)] is undefined for a = 1 in this closed form');
  const hyp = hyp2f1(r, b, a + b - 1, t / (alpha + t));
  return ((a + b - 1) / (a - 1)) * (1 - hyp * (alpha / (alpha + t)) ** r);
}

/**
 * Expected number of purchases in the next t time units of a customer with history
 * (x, t_x, T) — the conditional expectation:
 *
 * E[Y(t) | x, t_x, T] = [(a+b+x−1)/(a−1)] · [1 − ((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))]
 *                       / [1 + 1{x>0} · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)]
 *
 * @param params - fitted r, α, a, b (a ≠ 1)
 * @param customer - x, t_x, T
 * @param t - horizon, in the time unit of the fit (≥ 0)
 * @returns the expected number of purchases in (T, T + t]
 * @throws {@link ValidationError} for invalid input; {@link InvalidArgumentError} when a = 1
 *
 * Source: Fader, Hardie & Lee (2005), eq. (10); lifetimes `conditional_expected_number_of_purchases_up_to_time`.
 *
 * @example
 * ```ts
 * import { bgNbdConditionalExpectedPurchases } from 'crmkit/analysis';
 * const params = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };
 * bgNbdConditionalExpectedPurchases(params, { x: 2, tx: 30.43, T: 38.86 }, 39); //=> 1.2259 (rounded)
 * ```
 */
export function bgNbdConditionalExpectedPurchases(params: BgNbdParameters, customer: BgNbdCustomer, t: number): number {
  validateParams(params);
  validateCustomers([customer], 'BG/NBD customer');
  const issues = new IssueCollector();
  if (!isFiniteNumber(t) || t < 0) issues.add(['t'], 'Expected a finite number ≥ 0');
  issues.throwIfAny('horizon');
  const { r, alpha, a, b } = params;
  const { x, tx, T } = customer;
  if (a === 1) throw new InvalidArgumentError('The conditional expectation is undefined for a = 1 in this closed form');
  const z = t / (alpha + T + t);
  const hyp = hyp2f1(r + x, b + x, a + b + x - 1, z);
  const first = (a + b + x - 1) / (a - 1);
  const second = 1 - hyp * Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + T + t)));
  const denominator =
    x === 0 ? 1 : 1 + (a / (b + x - 1)) * Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + tx)));
  return (first * second) / denominator;
}
