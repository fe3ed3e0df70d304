/**
 * Calibration of probability forecasts: reliability tables, the Brier score with Murphy's
 * decomposition, and configured pipeline stage probabilities against observed win rates.
 *
 * @module
 */
import { IssueCollector, isFiniteNumber } from './_validate';

/** One probability forecast and what happened. */
export interface CalibrationPrediction {
  /** Forecast probability, in [0, 1]. */
  readonly p: number;
  /** Outcome: `true`/`1` happened, `false`/`0` did not. */
  readonly outcome: boolean | 0 | 1;
}

/** Options of {@link calibrationReport}. */
export interface CalibrationReportOptions {
  /** Number of bins (default 10). */
  readonly bins?: number;
  /**
   * `'uniform'` (default): bins of equal width on [0, 1] (p = 1 goes in the last bin);
   * `'quantile'`: bins of (nearly) equal counts, ties never split across bins.
   */
  readonly strategy?: 'uniform' | 'quantile';
}

/** One bin of a reliability table. */
export interface CalibrationBin {
  /** Lower edge (uniform) or smallest forecast in the bin (quantile). */
  readonly lower: number;
  /** Upper edge (uniform) or largest forecast in the bin (quantile). */
  readonly upper: number;
  /** Number of forecasts in the bin. */
  readonly count: number;
  /** Mean forecast p̄ₖ. */
  readonly meanPredicted: number;
  /** Observed event rate ōₖ. */
  readonly observedRate: number;
}

/** A calibration report. */
export interface CalibrationReport {
  /** Non-empty bins, in increasing order of forecast. */
  readonly bins: readonly CalibrationBin[];
  /** Number of forecasts. */
  readonly n: number;
  /** Brier score (1/N) Σ (pᵢ − oᵢ)². */
  readonly brier: number;
  /** Reliability (1/N) Σₖ nₖ (p̄ₖ − ōₖ)²: 0 is perfectly calibrated. */
  readonly reliability: number;
  /** Resolution (1/N) Σₖ nₖ (ōₖ − ō)²: higher separates better. */
  readonly resolution: number;
  /** Uncertainty ō (1 − ō). */
  readonly uncertainty: number;
  /**
   * Within-bin term brier − (reliability − resolution + uncertainty) = (1/N) Σₖ nₖ [Var_k(p) − 2 Cov_k(p, o)]:
   * 0 when forecasts are constant within each bin; otherwise the part of the score the binning
   * hides (Stephenson, Coelho & Jolliffe 2008). It can be negative.
   */
  readonly withinBinTerm: number;
}

function outcomeNumber(outcome: unknown): 0 | 1 | null {
  if (outcome === true || outcome === 1) return 1;
  if (outcome === false || outcome === 0) return 0;
  return null;
}

/**
 * Reliability table and Brier score of probability forecasts.
 *
 * Brier = (1/N) Σᵢ (pᵢ − oᵢ)² = REL − RES + UNC (+ a within-bin term, 0 when forecasts are
 * constant within bins), with REL = (1/N) Σₖ nₖ (p̄ₖ − ōₖ)², RES = (1/N) Σₖ nₖ (ōₖ − ō)²,
 * UNC = ō (1 − ō).
 *
 * @param predictions - forecasts and outcomes
 * @param options - bins (10), strategy ('uniform')
 * @returns non-empty bins with mean forecast, observed rate and count; the Brier score and its decomposition
 * @throws {@link ValidationError} for no predictions, a p outside [0, 1], an outcome that is not
 *   boolean or 0/1, or a bin count that is not a positive integer
 *
 * Source: Brier (1950); Murphy (1973), "A new vector partition of the probability score", J. Appl. Meteor. 12.
 *
 * @example
 * ```ts
 * import { calibrationReport } from 'crmkit/analysis';
 * const report = calibrationReport(
 *   [{ p: 0.2, outcome: 0 }, { p: 0.2, outcome: 1 }, { p: 0.8, outcome: 1 }, { p: 0.8, outcome: 1 }],
 *   { bins: 2 },
 * );
 * report.brier; //=> 0.19 = (0.04 + 0.64 + 0.04 + 0.04) / 4
 * report.bins.map((b) => b.observedRate); //=> [0.5, 1]
 * ```
 */
export function calibrationReport(
  predictions: readonly CalibrationPrediction[],
  options: CalibrationReportOptions = {},
): CalibrationReport {
  const binCount = options.bins ?? 10;
  const strategy = options.strategy ?? 'uniform';
  const issues = new IssueCollector();
  if (!Number.isInteger(binCount) || binCount < 1) issues.add(['bins'], 'Expected an integer ≥ 1');
  if (strategy !== 'uniform' && strategy !== 'quantile') issues.add(['strategy'], "Expected 'uniform' or 'quantile'");
  if (predictions.length === 0) issues.add([], 'Expected at least one prediction');
  predictions.forEach((pr, i) => {
    if (!isFiniteNumber(pr.p) || pr.p < 0 || pr.p > 1) issues.add([i, 'p'], 'Expected a probability in [0, 1]');
    if (outcomeNumber(pr.outcome) === null) issues.add([i, 'outcome'], 'Expected true/false or 1/0');
  });
  issues.throwIfAny('calibration predictions');

  const n = predictions.length;
  const items = predictions.map((pr) => ({ p: pr.p, o: outcomeNumber(pr.outcome) as number }));
  const groups: { p: number; o: number }[][] = [];
  const edges: [number, number][] = [];
  if (strategy === 'uniform') {
    for (let k = 0; k < binCount; k++) {
      groups.push([]);
      edges.push([k / binCount, (k + 1) / binCount]);
    }
    for (const item of items) groups[Math.min(binCount - 1, Math.floor(item.p * binCount))]?.push(item);
  } else {
    const sorted = [...items].sort((a, b) => a.p - b.p);
    let start = 0;
    for (let k = 1; k <= binCount && start < n; k++) {
      let end = k === binCount ? n : Math.max(start + 1, Math.floor((k * n) / binCount));
      while (end < n && (sorted[end] as { p: number }).p === (sorted[end - 1] as { p: number }).p) end++;
      if (end <= start) continue;
      const group = sorted.slice(start, end);
      groups.push(group);
      edges.push([(group[0] as { p: number }).p, (group[group.length - 1] as { p: number }).p]);
      start = end;
    }
  }
  const overall = items.reduce((s, it) => s + it.o, 0) / n;
  const brier = items.reduce((s, it) => s + (it.p - it.o) ** 2, 0) / n;
  const bins: CalibrationBin[] = [];
  let reliability = 0;
  let resolution = 0;
  groups.forEach((group, k) => {
    if (group.length === 0) return;
    const meanPredicted = group.reduce((s, it) => s + it.p, 0) / group.length;
    const observedRate = group.reduce((s, it) => s + it.o, 0) / group.length;
    const [lower, upper] = edges[k] as [number, number];
    bins.push({ lower, upper, count: group.length, meanPredicted, observedRate });
    reliability += (group.length * (meanPredicted - observedRate) ** 2) / n;
    resolution += (group.length * (observedRate - overall) ** 2) / n;
  });
  const uncertainty = overall * (1 - overall);
  return {
    bins,
    n,
    brier,
    reliability,
    resolution,
    uncertainty,
    withinBinTerm: brier - (reliability - resolution + uncertainty),
  };
}

/** A pipeline with configured win probabilities per stage. */
export interface StageProbabilityPipeline {
  /** Stages in pipeline order, each with its configured probability of winning. */
  readonly stages: readonly { readonly name: string; readonly probability: number }[];
}

/** A deal's history for {@link stageProbabilityCalibration}. */
export interface StageHistoryDeal {
  /** The stages the deal entered (any order; duplicates count once). */
  readonly stagesEntered: readonly string[];
  /** The final outcome; open deals are left out (their outcome is not known yet). */
  readonly outcome: 'won' | 'lost' | 'open';
}

/** One stage's configured vs observed win probability. */
export interface StageCalibrationRow {
  /** Stage name. */
  readonly stage: string;
  /** The configured probability. */
  readonly configured: number;
  /** Closed deals (won + lost) that entered the stage. */
  readonly closed: number;
  /** Of those, won. */
  readonly won: number;
  /** won / closed, or `null` when no closed deal entered the stage. */
  readonly observed: number | null;
  /** observed − configured, or `null`. */
  readonly difference: number | null;
}

/**
 * Compares the configured win probability of each pipeline stage with the observed win rate of
 * the closed deals that passed through it:
 *
 * observed(s) = #{won deals that entered s} / #{won or lost deals that entered s}
 *
 * Open deals are excluded (conditioning on closed deals; with long sales cycles recent cohorts
 * are under-represented). Stages entered but not in the pipeline are ignored.
 *
 * @param deals - per deal the stages it entered and its outcome
 * @param pipeline - stages with configured probabilities
 * @returns one row per pipeline stage, in pipeline order
 * @throws {@link ValidationError} for a configured probability outside [0, 1], a duplicate stage or an invalid outcome
 *
 * Source: the stage-weighted pipeline forecast (Σ amount × stage probability) and its backtest, as in
 * Salesforce/HubSpot "deal stage probability"; win rate = won / (won + lost).
 *
 * @example
 * ```ts
 * import { stageProbabilityCalibration } from 'crmkit/analysis';
 * stageProbabilityCalibration(
 *   [
 *     { stagesEntered: ['qualified', 'proposal'], outcome: 'won' },
 *     { stagesEntered: ['qualified'], outcome: 'lost' },
 *     { stagesEntered: ['qualified', 'proposal'], outcome: 'lost' },
 *   ],
 *   { stages: [{ name: 'qualified', probability: 0.2 }, { name: 'proposal', probability: 0.6 }] },
 * ).map((row) => row.observed);
 * //=> [0.3333, 0.5] (1 of 3, 1 of 2; rounded)
 * ```
 */
export function stageProbabilityCalibration(
  deals: readonly StageHistoryDeal[],
  pipeline: StageProbabilityPipeline,
): StageCalibrationRow[] {
  const issues = new IssueCollector();
  const seen = new Set<string>();
  pipeline.stages.forEach((s, i) => {
    if (!isFiniteNumber(s.probability) || s.probability < 0 || s.probability > 1) {
      issues.add(['pipeline', 'stages', i, 'probability'], 'Expected a probability in [0, 1]');
    }
    if (seen.has(s.name)) issues.add(['pipeline', 'stages', i, 'name'], `Stage "${s.name}" is listed twice`);
    seen.add(s.name);
  });
  deals.forEach((d, i) => {
    if (d.outcome !== 'won' && d.outcome !== 'lost' && d.outcome !== 'open') issues.add(['deals', i, 'outcome'], "Expected 'won', 'lost' or 'open'");
    if (!Array.isArray(d.stagesEntered)) issues.add(['deals', i, 'stagesEntered'], 'Expected an array of stage names');
  });
  issues.throwIfAny('stage calibration input');
  const counts = new Map<string, { closed: number; won: number }>();
  for (const s of pipeline.stages) counts.set(s.name, { closed: 0, won: 0 });
  for (const deal of deals) {
    if (deal.outcome === 'open') continue;
    for (const stage of new Set(deal.stagesEntered)) {
      const c = counts.get(stage);
      if (c === undefined) continue;
      c.closed += 1;
      if (deal.outcome === 'won') c.won += 1;
    }
  }
  return pipeline.stages.map((s) => {
    const c = counts.get(s.name) ?? { closed: 0, won: 0 };
    const observed = c.closed === 0 ? null : c.won / c.closed;
    return {
      stage: s.name,
      configured: s.probability,
      closed: c.closed,
      won: c.won,
      observed,
      difference: observed === null ? null : observed - s.probability,
    };
  });
}
