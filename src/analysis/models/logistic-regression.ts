/**
 * Logistic regression (binomial GLM with logit link) fitted by iteratively reweighted least
 * squares, as R's `glm(family = binomial)` does: conversion probability from lead attributes.
 *
 * @module
 */
import { InvalidArgumentError } from '../../errors';
import { normalQuantile, twoSidedNormalP } from '../../_lib/distributions';
import { aliasedColumns, householderLeastSquares } from './_numeric';
import { IssueCollector, isFiniteNumber } from './_validate';

/** A numeric predictor: used as it is. */
export interface NumericPredictor {
  /** Field name in the rows. */
  readonly name: string;
  /** Numeric. */
  readonly type: 'numeric';
}

/** A categorical predictor: one indicator column per level except the reference level. */
export interface CategoricalPredictor {
  /** Field name in the rows (values: strings, numbers or booleans, compared as strings). */
  readonly name: string;
  /** Categorical. */
  readonly type: 'categorical';
  /** The reference (baseline) level; default the first level in code-unit order (R's default for ASCII names). */
  readonly reference?: string;
}

/** A predictor of {@link logisticRegression}. */
export type LogisticPredictor = NumericPredictor | CategoricalPredictor;

/** A data row: field name → value. */
export type LogisticRow = Readonly<Record<string, unknown>>;

/** Options of {@link logisticRegression}. */
export interface LogisticRegressionOptions {
  /** Outcome field: `true`/`false` or `1`/`0`. */
  readonly outcome: string;
  /** Predictors, in the order their columns appear. */
  readonly predictors: readonly LogisticPredictor[];
  /**
   * Include an intercept (default `true`). Without one, the first categorical predictor gets an
   * indicator for every level, as in R's `y ~ 0 + f + …`.
   */
  readonly intercept?: boolean;
  /** Maximum IRLS iterations (default 25, as R). */
  readonly maxIterations?: number;
  /** Convergence when |dev − dev_old| / (|dev| + 0.1) < tolerance (default 1e-8, as R). */
  readonly tolerance?: number;
  /** Confidence level of the odds-ratio intervals (default 0.95). */
  readonly confidenceLevel?: number;
}

/** One coefficient with its Wald inference. */
export interface LogisticCoefficient {
  /** `'(Intercept)'`, the numeric predictor's name, or `'name:level'` for a categorical indicator. */
  readonly term: string;
  /** The predictor it belongs to (`null` for the intercept). */
  readonly predictor: string | null;
  /** The level of a categorical indicator, else `null`. */
  readonly level: string | null;
  /** β̂. */
  readonly estimate: number;
  /** SE(β̂) = √[(XᵀWX)⁻¹]ⱼⱼ. */
  readonly standardError: number;
  /** z = β̂ / SE. */
  readonly z: number;
  /** Two-sided p-value 2(1 − Φ(|z|)). */
  readonly pValue: number;
  /** exp(β̂). */
  readonly oddsRatio: number;
  /** exp(β̂ − z₁₋α/₂·SE). */
  readonly oddsRatioLower: number;
  /** exp(β̂ + z₁₋α/₂·SE). */
  readonly oddsRatioUpper: number;
}

/** A fitted logistic regression. */
export interface LogisticRegressionModel {
  /** Coefficients in design-column order. */
  readonly coefficients: readonly LogisticCoefficient[];
  /** Covariance matrix of the coefficients, (XᵀWX)⁻¹, in the same order. */
  readonly covariance: readonly (readonly number[])[];
  /** Residual deviance −2 Σ [y ln μ + (1−y) ln(1−μ)]. */
  readonly deviance: number;
  /** Deviance of the intercept-only model (μ = ȳ), or of μ = ½ without intercept. */
  readonly nullDeviance: number;
  /** Log-likelihood = −deviance / 2. */
  readonly logLikelihood: number;
  /** AIC = deviance + 2k (k = number of coefficients). */
  readonly aic: number;
  /** n − k. */
  readonly dfResidual: number;
  /** n − 1 with intercept, n without. */
  readonly dfNull: number;
  /** Number of rows. */
  readonly n: number;
  /** IRLS iterations. */
  readonly iterations: number;
  /** Whether the deviance criterion was met. */
  readonly converged: boolean;
  /** Confidence level of the odds-ratio intervals. */
  readonly confidenceLevel: number;
  /** The design: intercept and predictors with their levels (used by {@link predictLogistic}). */
  readonly design: LogisticDesign;
}

/** The design of a fitted model: how rows become columns. */
export interface LogisticDesign {
  /** Whether there is an intercept column. */
  readonly intercept: boolean;
  /** Per predictor: its name, type and, for a categorical one, the levels that have a column and the reference (null when every level has one). */
  readonly predictors: readonly (
    | { readonly name: string; readonly type: 'numeric' }
    | { readonly name: string; readonly type: 'categorical'; readonly levels: readonly string[]; readonly reference: string | null }
  )[];
}

const EPS = 2.220446049250313e-16;
const THRESH = 30;

function linkInverse(eta: number): number {
  // R's C_logit_linkinv, including its clamping.
  const tmp = eta < -THRESH ? EPS : eta > THRESH ? 1 / EPS : Math.exp(eta);
  return tmp / (1 + tmp);
}

function muEta(eta: number): number {
  if (eta > THRESH || eta < -THRESH) return EPS;
  const e = Math.exp(eta);
  return e / ((1 + e) * (1 + e));
}

function deviance(y: readonly number[], mu: readonly number[]): number {
  let dev = 0;
  for (let i = 0; i < y.length; i++) {
    const m = mu[i] ?? 0;
    dev += (y[i] ?? 0) === 1 ? -2 * Math.log(m) : -2 * Math.log(1 - m);
  }
  return dev;
}

function categoryKey(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return null;
}

function outcomeValue(value: unknown): 0 | 1 | null {
  if (value === true || value === 1) return 1;
  if (value === false || value === 0) return 0;
  return null;
}

function buildDesign(rows: readonly LogisticRow[], options: LogisticRegressionOptions, issues: IssueCollector): LogisticDesign {
  const intercept = options.intercept ?? true;
  let fullCodingUsed = intercept;
  const predictors: LogisticDesign['predictors'][number][] = [];
  options.predictors.forEach((spec, index) => {
    if (spec.type === 'numeric') {
      predictors.push({ name: spec.name, type: 'numeric' });
      return;
    }
    const levels = new Set<string>();
    for (const row of rows) {
      const key = categoryKey(row[spec.name]);
      if (key !== null) levels.add(key);
    }
    const sorted = [...levels].sort((p, q) => (p < q ? -1 : p > q ? 1 : 0));
    if (spec.reference !== undefined && !levels.has(spec.reference)) {
      issues.add(['predictors', index, 'reference'], `Reference level "${spec.reference}" does not occur in the data`);
    }
    if (!fullCodingUsed) {
      fullCodingUsed = true;
      predictors.push({ name: spec.name, type: 'categorical', levels: sorted, reference: null });
      return;
    }
    const reference = spec.reference ?? sorted[0] ?? '';
    predictors.push({ name: spec.name, type: 'categorical', levels: sorted.filter((l) => l !== reference), reference });
  });
  return { intercept, predictors };
}

function termNames(design: LogisticDesign): { term: string; predictor: string | null; level: string | null }[] {
  const out: { term: string; predictor: string | null; level: string | null }[] = [];
  if (design.intercept) out.push({ term: '(Intercept)', predictor: null, level: null });
  for (const p of design.predictors) {
    if (p.type === 'numeric') out.push({ term: p.name, predictor: p.name, level: null });
    else for (const level of p.levels) out.push({ term: `${p.name}:${level}`, predictor: p.name, level });
  }
  return out;
}

function designRow(design: LogisticDesign, row: LogisticRow): number[] | string {
  const x: number[] = [];
  if (design.intercept) x.push(1);
  for (const p of design.predictors) {
    const value = row[p.name];
    if (p.type === 'numeric') {
      if (!isFiniteNumber(value)) return p.name;
      x.push(value);
    } else {
      const key = categoryKey(value);
      if (key === null || (!p.levels.includes(key) && key !== p.reference)) return p.name;
      for (const level of p.levels) x.push(level === key ? 1 : 0);
    }
  }
  return x;
}

/**
 * Fits a logistic regression log(μ/(1−μ)) = Xβ by iteratively reweighted least squares, exactly
 * as R's `glm.fit` does: start from μ₀ = (y + ½)/2, then repeat
 * z = η + (y − μ)/μ′(η), w = μ′(η)²/(μ(1−μ)), β = argmin Σ w (z − xβ)² (Householder QR),
 * until |dev − dev_old| / (|dev| + 0.1) < tolerance. Standard errors are √diag((XᵀWX)⁻¹) with
 * the weights of the last iteration (as R's `summary.glm`), z = β/SE, p = 2(1 − Φ(|z|)),
 * odds ratios exp(β) with Wald intervals exp(β ± z₁₋α/₂·SE), AIC = deviance + 2k.
 *
 * @param rows - one record per lead/deal: outcome and predictor fields
 * @param options - outcome, predictors, intercept, maxIterations (25), tolerance (1e-8), confidenceLevel (0.95)
 * @returns the fitted model; use {@link predictLogistic} to score a row
 * @throws {@link ValidationError} for missing or non-finite values (with row/field paths), an
 *   unknown reference level, or fewer rows than coefficients; {@link InvalidArgumentError} for a
 *   rank-deficient design (naming the aliased columns), perfect or quasi-complete separation
 *   (naming the diverging terms), or non-convergence
 *
 * Source: McCullagh & Nelder (1989), Generalized Linear Models, §2.5 and §4; R `stats::glm.fit`.
 *
 * @example
 * ```ts
 * import { logisticRegression } from 'crmkit/analysis';
 * const rows = [
 *   { converted: 1, source: 'web' }, { converted: 0, source: 'web' },
 *   { converted: 0, source: 'web' }, { converted: 1, source: 'event' },
 *   { converted: 1, source: 'event' }, { converted: 0, source: 'event' },
 * ];
 * const model = logisticRegression(rows, {
 *   outcome: 'converted',
 *   predictors: [{ name: 'source', type: 'categorical', reference: 'web' }],
 * });
 * model.coefficients.map((c) => [c.term, c.estimate]);
 * //=> [['(Intercept)', -0.6931], ['source:event', 1.3863]] (ln ½ and ln 4, rounded)
 * ```
 */
export function logisticRegression(rows: readonly LogisticRow[], options: LogisticRegressionOptions): LogisticRegressionModel {
  const issues = new IssueCollector();
  const maxIterations = options.maxIterations ?? 25;
  const tolerance = options.tolerance ?? 1e-8;
  const confidenceLevel = options.confidenceLevel ?? 0.95;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) issues.add(['maxIterations'], 'Expected an integer ≥ 1');
  if (!isFiniteNumber(tolerance) || tolerance <= 0) issues.add(['tolerance'], 'Expected a number > 0');
  if (!isFiniteNumber(confidenceLevel) || confidenceLevel <= 0 || confidenceLevel >= 1) {
    issues.add(['confidenceLevel'], 'Expected a number in (0, 1)');
  }
  const names = new Set<string>();
  options.predictors.forEach((p, i) => {
    if (names.has(p.name)) issues.add(['predictors', i, 'name'], `Predictor "${p.name}" is listed twice`);
    if (p.name === options.outcome) issues.add(['predictors', i, 'name'], 'The outcome cannot be a predictor');
    names.add(p.name);
  });
  const y: number[] = [];
  rows.forEach((row, i) => {
    const v = outcomeValue(row[options.outcome]);
    if (v === null) issues.add([i, options.outcome], 'Expected an outcome of true/false or 1/0');
    y.push(v ?? 0);
    for (const p of options.predictors) {
      const value = row[p.name];
      if (p.type === 'numeric' && !isFiniteNumber(value)) issues.add([i, p.name], 'Expected a finite number');
      if (p.type === 'categorical' && categoryKey(value) === null) issues.add([i, p.name], 'Expected a category (string, number or boolean)');
    }
  });
  const design = buildDesign(rows, options, issues);
  const terms = termNames(design);
  if (issues.issues.length === 0 && rows.length < terms.length) {
    issues.add([], `Expected at least ${terms.length} rows (one per coefficient), got ${rows.length}`);
  }
  if (terms.length === 0) issues.add(['predictors'], 'The model has no columns (no intercept and no predictors)');
  issues.throwIfAny('logistic regression input');

  const x = rows.map((row) => designRow(design, row) as number[]);
  const aliased = aliasedColumns(x);
  if (aliased.length > 0) {
    const which = aliased.map((j) => terms[j]?.term ?? String(j));
    throw new InvalidArgumentError(
      `Rank-deficient design: ${which.join(', ')} ${which.length === 1 ? 'is' : 'are'} a linear combination of earlier columns (aliased); remove ${which.length === 1 ? 'it' : 'them'} or merge levels`,
    );
  }

  const n = rows.length;
  const p = terms.length;
  let mu = y.map((yi) => (yi + 0.5) / 2);
  let eta = mu.map((m) => Math.log(m / (1 - m)));
  let devOld = deviance(y, mu);
  let beta = new Array<number>(p).fill(0);
  let covariance: number[][] = [];
  let converged = false;
  let iterations = 0;
  const step = (): void => {
    const weighted: number[][] = [];
    const target: number[] = [];
    for (let i = 0; i < n; i++) {
      const e = eta[i] ?? 0;
      const m = mu[i] ?? 0;
      const d = muEta(e);
      const w = Math.sqrt((d * d) / (m * (1 - m)));
      const z = e + ((y[i] ?? 0) - m) / d;
      weighted.push((x[i] as number[]).map((v) => v * w));
      target.push(z * w);
    }
    const ls = householderLeastSquares(weighted, target);
    beta = ls.coefficients;
    covariance = ls.unscaledCovariance;
    eta = x.map((row) => row.reduce((s, v, j) => s + v * (beta[j] ?? 0), 0));
    mu = eta.map(linkInverse);
  };
  for (iterations = 1; iterations <= maxIterations; iterations++) {
    step();
    const dev = deviance(y, mu);
    if (!Number.isFinite(dev)) throw new InvalidArgumentError('Logistic regression deviance became non-finite');
    if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < tolerance) {
      converged = true;
      break;
    }
    devOld = dev;
  }
  if (!converged) iterations = maxIterations;

  // Separation: fitted probabilities at 0 or 1, confirmed by coefficients that keep growing
  // under further Newton steps (the likelihood has no finite maximum).
  const extreme = mu.some((m) => m < 1e-8 || m > 1 - 1e-8);
  if (extreme || !converged) {
    const saved = { beta: [...beta], covariance, mu, eta };
    let diverging: string[] = [];
    try {
      for (let k = 0; k < 10; k++) step();
      diverging = terms.filter((_, j) => Math.abs(beta[j] ?? 0) - Math.abs(saved.beta[j] ?? 0) > 1).map((t) => t.term);
    } catch {
      diverging = extreme ? terms.map((t) => t.term) : [];
    }
    if (diverging.length > 0) {
      throw new InvalidArgumentError(
        `Perfect or quasi-complete separation: fitted probabilities are numerically 0 or 1 and the coefficients of ${diverging.join(', ')} diverge; ` +
          'the maximum-likelihood estimate does not exist (merge levels, drop the predictor, or use a penalised model)',
      );
    }
    if (!converged) throw new InvalidArgumentError(`Logistic regression did not converge in ${maxIterations} iterations`);
    ({ beta, covariance, mu, eta } = saved);
  }

  const dev = deviance(y, mu);
  const ybar = y.reduce((s, v) => s + v, 0) / n;
  const nullMu = design.intercept ? ybar : 0.5;
  const nullDeviance = deviance(y, y.map(() => nullMu));
  const zCrit = normalQuantile(1 - (1 - confidenceLevel) / 2);
  const coefficients = terms.map((t, j) => {
    const estimate = beta[j] ?? 0;
    const standardError = Math.sqrt(covariance[j]?.[j] ?? Number.NaN);
    const z = estimate / standardError;
    return {
      ...t,
      estimate,
      standardError,
      z,
      pValue: twoSidedNormalP(z),
      oddsRatio: Math.exp(estimate),
      oddsRatioLower: Math.exp(estimate - zCrit * standardError),
      oddsRatioUpper: Math.exp(estimate + zCrit * standardError),
    };
  });
  return {
    coefficients,
    covariance,
    deviance: dev,
    nullDeviance,
    logLikelihood: -dev / 2,
    aic: dev + 2 * p,
    dfResidual: n - p,
    dfNull: design.intercept ? n - 1 : n,
    n,
    iterations,
    converged,
    confidenceLevel,
    design,
  };
}

/**
 * Predicted probability of the outcome for one row: μ = 1 / (1 + exp(−xᵀβ̂)).
 *
 * @param model - a model from {@link logisticRegression}
 * @param row - the predictor fields (the outcome is not needed)
 * @returns the probability, in [0, 1]
 * @throws {@link ValidationError} when a numeric predictor is missing or not finite, or a
 *   categorical value was not seen in training
 *
 * @example
 * ```ts
 * import { logisticRegression, predictLogistic } from 'crmkit/analysis';
 * const model = logisticRegression(
 *   [{ y: 1, s: 'a' }, { y: 0, s: 'a' }, { y: 1, s: 'b' }, { y: 1, s: 'b' }, { y: 0, s: 'b' }],
 *   { outcome: 'y', predictors: [{ name: 's', type: 'categorical' }] },
 * );
 * predictLogistic(model, { s: 'b' }); //=> 0.6667 (2 of 3, rounded)
 * ```
 */
export function predictLogistic(model: LogisticRegressionModel, row: LogisticRow): number {
  const x = designRow(model.design, row);
  if (typeof x === 'string') {
    const issues = new IssueCollector();
    issues.add([x], 'Expected a finite number or a level seen in training');
    issues.throwIfAny('logistic regression row');
    return Number.NaN;
  }
  let eta = 0;
  x.forEach((v, j) => {
    eta += v * (model.coefficients[j]?.estimate ?? 0);
  });
  return 1 / (1 + Math.exp(-eta));
}
