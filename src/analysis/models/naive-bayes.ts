/**
 * Naive Bayes lead scoring from won/lost records with categorical fields, with additive
 * (Laplace) smoothing and an additive explanation of every score.
 *
 * @module
 */
import { InvalidArgumentError } from '../../errors';
import { IssueCollector, isFiniteNumber } from './_validate';

/** A training record: whether it converted, and its categorical fields. */
export interface LeadScoreRecord {
  /** Did the lead convert (deal won)? */
  readonly converted: boolean;
  /** Field name → value (strings, numbers or booleans, compared as strings; null/undefined = missing). */
  readonly fields: Readonly<Record<string, string | number | boolean | null | undefined>>;
}

/** Options of {@link naiveBayesLeadScore}. */
export interface NaiveBayesLeadScoreOptions {
  /** The fields to use (default: every field seen in training, in sorted order). */
  readonly fields?: readonly string[];
  /** Additive smoothing α > 0 (default 1, Laplace). */
  readonly alpha?: number;
}

/** The contribution of one field to a score. */
export interface LeadScoreContribution {
  /** The field. */
  readonly field: string;
  /** Its value in the scored record (as a string), or `null` when missing (contribution 0). */
  readonly value: string | null;
  /** Whether the value was seen in training (unseen values get the smoothed "other" probability). */
  readonly seen: boolean;
  /** ln P(value | converted) − ln P(value | not converted). */
  readonly logOdds: number;
}

/** A scored record. */
export interface LeadScore {
  /** P(convert | fields). */
  readonly probability: number;
  /** ln(P / (1 − P)) = priorLogOdds + Σ contributions. */
  readonly logOdds: number;
  /** ln(n_converted / n_not_converted). */
  readonly priorLogOdds: number;
  /** One entry per model field, in field order. */
  readonly contributions: readonly LeadScoreContribution[];
}

/** A trained naive Bayes lead-scoring model. */
export interface NaiveBayesLeadScoreModel {
  /** Fields used. */
  readonly fields: readonly string[];
  /** Smoothing α. */
  readonly alpha: number;
  /** Training counts: converted and not. */
  readonly counts: { readonly converted: number; readonly notConverted: number };
  /** ln(n_converted / n_not_converted). */
  readonly priorLogOdds: number;
  /** Per field, per seen value: counts among converted and not converted records. */
  readonly valueCounts: Readonly<Record<string, Readonly<Record<string, { readonly converted: number; readonly notConverted: number }>>>>;
  /** Scores one record. */
  score(fields: LeadScoreRecord['fields']): LeadScore;
}

function key(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return String(value);
}

/**
 * Trains a categorical naive Bayes model of conversion. For a field f with K_f distinct values
 * seen in training, values are smoothed over K_f + 1 categories (the seen ones and one "unseen"
 * bucket), per class c ∈ {converted, not}:
 *
 * P(f = v | c) = (n_{f,v,c} + α) / (n_{f,c} + α (K_f + 1))
 *
 * where n_{f,c} counts the class's records with f present (missing values are skipped in
 * training and scoring). The score of a record is
 *
 * logit P(convert | record) = ln(n_conv / n_not) + Σ_f [ln P(v_f | conv) − ln P(v_f | not)]
 *
 * and each bracket is reported as the field's contribution, so the prior log-odds plus the
 * contributions equal the score's log-odds exactly.
 *
 * @param records - won/lost (converted / not) records
 * @param options - fields (default all seen), alpha (default 1)
 * @returns the model, with `score(fields)`
 * @throws {@link ValidationError} for α ≤ 0 or a record without a boolean `converted`;
 *   {@link InvalidArgumentError} when one class has no record
 *
 * Source: Manning, Raghavan & Schütze (2008), Introduction to Information Retrieval, §13.2 (additive smoothing).
 *
 * @example
 * ```ts
 * import { naiveBayesLeadScore } from 'crmkit/analysis';
 * const model = naiveBayesLeadScore([
 *   { converted: true, fields: { source: 'referral' } },
 *   { converted: true, fields: { source: 'web' } },
 *   { converted: false, fields: { source: 'web' } },
 *   { converted: false, fields: { source: 'web' } },
 * ]);
 * model.score({ source: 'referral' }).probability;
 * //=> 0.6667: prior odds 1, P(referral|won) = 2/5, P(referral|lost) = 1/5 → odds 2
 * ```
 */
export function naiveBayesLeadScore(
  records: readonly LeadScoreRecord[],
  options: NaiveBayesLeadScoreOptions = {},
): NaiveBayesLeadScoreModel {
  const alpha = options.alpha ?? 1;
  const issues = new IssueCollector();
  if (!isFiniteNumber(alpha) || alpha <= 0) issues.add(['alpha'], 'Expected a finite number > 0');
  records.forEach((r, i) => {
    if (typeof r.converted !== 'boolean') issues.add([i, 'converted'], 'Expected true or false');
    if (typeof r.fields !== 'object' || r.fields === null) issues.add([i, 'fields'], 'Expected an object');
  });
  issues.throwIfAny('lead score records');

  const nConv = records.filter((r) => r.converted).length;
  const nNot = records.length - nConv;
  if (nConv === 0 || nNot === 0) {
    throw new InvalidArgumentError('Naive Bayes lead scoring needs at least one converted and one not-converted record');
  }
  const fields = options.fields ?? [...new Set(records.flatMap((r) => Object.keys(r.fields)))].sort();
  const valueCounts: Record<string, Record<string, { converted: number; notConverted: number }>> = {};
  const present: Record<string, { converted: number; notConverted: number }> = {};
  for (const field of fields) {
    const perValue: Record<string, { converted: number; notConverted: number }> = {};
    const total = { converted: 0, notConverted: 0 };
    for (const r of records) {
      const v = key(r.fields[field]);
      if (v === null) continue;
      const entry = perValue[v] ?? { converted: 0, notConverted: 0 };
      if (r.converted) {
        entry.converted += 1;
        total.converted += 1;
      } else {
        entry.notConverted += 1;
        total.notConverted += 1;
      }
      perValue[v] = entry;
    }
    valueCounts[field] = perValue;
    present[field] = total;
  }
  const priorLogOdds = Math.log(nConv / nNot);

  const score = (input: LeadScoreRecord['fields']): LeadScore => {
    const contributions = fields.map((field): LeadScoreContribution => {
      const v = key(input[field]);
      if (v === null) return { field, value: null, seen: false, logOdds: 0 };
      const perValue = valueCounts[field] ?? {};
      const counts = perValue[v];
      const k = Object.keys(perValue).length + 1;
      const total = present[field] ?? { converted: 0, notConverted: 0 };
      const pConv = ((counts?.converted ?? 0) + alpha) / (total.converted + alpha * k);
      const pNot = ((counts?.notConverted ?? 0) + alpha) / (total.notConverted + alpha * k);
      return { field, value: v, seen: counts !== undefined, logOdds: Math.log(pConv) - Math.log(pNot) };
    });
    const logOdds = contributions.reduce((s, c) => s + c.logOdds, priorLogOdds);
    const probability = logOdds >= 0 ? 1 / (1 + Math.exp(-logOdds)) : Math.exp(logOdds) / (1 + Math.exp(logOdds));
    return { probability, logOdds, priorLogOdds, contributions };
  };

  return { fields, alpha, counts: { converted: nConv, notConverted: nNot }, priorLogOdds, valueCounts, score };
}
