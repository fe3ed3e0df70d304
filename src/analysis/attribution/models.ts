/**
 * Multi-touch attribution: rule-based models (first, last, linear, time decay, position based)
 * and the exact first-order Markov removal-effect model.
 *
 * Common rules: only converted journeys with at least one touch carry credit; each converted
 * journey is one conversion worth its `value` (default 0); a model splits that one conversion
 * (and its value) over the journey's touches with weights summing to 1, so the channels'
 * credits always sum to the totals. Consecutive repeats of a channel are kept as separate
 * touches unless `compressRepeats` is set (they matter for linear, time decay and position
 * based; first and last touch, and the Markov model, are unaffected).
 *
 * @module analysis/attribution
 */
import { InvalidArgumentError, ValidationError, type ValidationIssue } from '../../errors';
import { solve } from '../_lib';
import { journeyPath, toMillis, validateJourneys, type Journey } from './journey';

/** The credit of one channel. */
export interface ChannelCredit {
  /** The channel. */
  readonly channel: string;
  /** Conversions attributed (fractional). */
  readonly conversions: number;
  /** Conversion value attributed. */
  readonly value: number;
}

/** The result of an attribution model. */
export interface AttributionResult {
  /** Which model. */
  readonly model: 'first_touch' | 'last_touch' | 'linear' | 'time_decay' | 'position_based' | 'markov';
  /** One entry per channel seen in any journey, sorted by channel. */
  readonly channels: readonly ChannelCredit[];
  /** Converted journeys with at least one touch. */
  readonly totalConversions: number;
  /** Their summed value. */
  readonly totalValue: number;
}

/** Options shared by every model. */
export interface AttributionOptions {
  /** Collapse consecutive repeats of a channel before attributing (default `false`). */
  readonly compressRepeats?: boolean;
}

function sortedChannels(journeys: readonly Journey[]): string[] {
  const set = new Set<string>();
  for (const j of journeys) for (const t of j.touches) set.add(t.channel);
  return [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

type Weights = (path: readonly string[], journey: Journey) => number[];

function attribute(
  model: AttributionResult['model'],
  journeys: readonly Journey[],
  options: AttributionOptions,
  weights: Weights,
): AttributionResult {
  const channels = sortedChannels(journeys);
  const conv = new Map(channels.map((c) => [c, 0]));
  const val = new Map(channels.map((c) => [c, 0]));
  let totalConversions = 0;
  let totalValue = 0;
  for (const journey of journeys) {
    if (!journey.converted || journey.touches.length === 0) continue;
    const compress = options.compressRepeats ?? false;
    const path = journeyPath(journey, compress);
    const value = journey.value ?? 0;
    totalConversions += 1;
    totalValue += value;
    const w = weights(path, journey);
    path.forEach((channel, i) => {
      conv.set(channel, (conv.get(channel) ?? 0) + (w[i] as number));
      val.set(channel, (val.get(channel) ?? 0) + (w[i] as number) * value);
    });
  }
  return {
    model,
    channels: channels.map((channel) => ({ channel, conversions: conv.get(channel) ?? 0, value: val.get(channel) ?? 0 })),
    totalConversions,
    totalValue,
  };
}

/**
 * First-touch attribution: the whole conversion to the first touch, w_1 = 1.
 *
 * Source: ChannelAttribution `heuristic_models` (first_touch).
 *
 * @param journeys - journeys
 * @param options - repeat compression (no effect here)
 * @returns credits per channel
 * @throws {@link ValidationError} for an empty channel name or a non-finite value
 * @example
 * ```ts
 * firstTouch([{ touches: [{ channel: 'A' }, { channel: 'B' }], converted: true, value: 10 }]).channels;
 * //=> [{ channel: 'A', conversions: 1, value: 10 }, { channel: 'B', conversions: 0, value: 0 }]
 * ```
 */
export function firstTouch(journeys: readonly Journey[], options: AttributionOptions = {}): AttributionResult {
  validateJourneys(journeys);
  return attribute('first_touch', journeys, options, (path) => path.map((_, i) => (i === 0 ? 1 : 0)));
}

/**
 * Last-touch attribution: the whole conversion to the last touch, w_n = 1.
 *
 * Source: ChannelAttribution `heuristic_models` (last_touch).
 *
 * @param journeys - journeys
 * @param options - repeat compression (no effect here)
 * @returns credits per channel
 * @throws {@link ValidationError} for an empty channel name or a non-finite value
 * @example
 * ```ts
 * lastTouch([{ touches: [{ channel: 'A' }, { channel: 'B' }], converted: true, value: 10 }]).channels[1];
 * //=> { channel: 'B', conversions: 1, value: 10 }
 * ```
 */
export function lastTouch(journeys: readonly Journey[], options: AttributionOptions = {}): AttributionResult {
  validateJourneys(journeys);
  return attribute('last_touch', journeys, options, (path) => path.map((_, i) => (i === path.length - 1 ? 1 : 0)));
}

/**
 * Linear attribution: w_i = 1/n for each of the n touches (a channel touched twice gets 2/n).
 *
 * Source: ChannelAttribution `heuristic_models` (linear_touch).
 *
 * @param journeys - journeys
 * @param options - repeat compression
 * @returns credits per channel
 * @throws {@link ValidationError} for an empty channel name or a non-finite value
 * @example
 * ```ts
 * linearTouch([{ touches: [{ channel: 'A' }, { channel: 'B' }], converted: true, value: 10 }]).channels[0];
 * //=> { channel: 'A', conversions: 0.5, value: 5 }
 * ```
 */
export function linearTouch(journeys: readonly Journey[], options: AttributionOptions = {}): AttributionResult {
  validateJourneys(journeys);
  return attribute('linear', journeys, options, (path) => path.map(() => 1 / path.length));
}

/** Options of {@link timeDecay}. */
export interface TimeDecayOptions extends AttributionOptions {
  /** Half-life in days (default 7): a touch that far before the conversion weighs half as much. */
  readonly halfLifeDays?: number;
}

/**
 * Time-decay attribution: w_i ∝ 2^(−Δt_i / h), Δt_i = conversion time − touch time (days),
 * normalised to sum to 1. The conversion time is `conversionAt`, else the last touch's time.
 * With compressRepeats, a run of one channel keeps the time of its first touch.
 *
 * Source: the exponential half-life decay of Google Analytics' time-decay model.
 *
 * @param journeys - journeys; converted ones need touch times
 * @param options - half-life in days, repeat compression
 * @returns credits per channel
 * @throws {@link ValidationError} for a missing or invalid time, or a touch after the conversion
 * @throws {@link InvalidArgumentError} for a half-life that is not > 0
 * @example
 * ```ts
 * timeDecay([{ touches: [{ channel: 'A', at: '2025-01-01' }, { channel: 'B', at: '2025-01-08' }], converted: true }]).channels[0].conversions;
 * //=> 0.3333333333333333 (weights 1/2 and 1)
 * ```
 */
export function timeDecay(journeys: readonly Journey[], options: TimeDecayOptions = {}): AttributionResult {
  const halfLife = options.halfLifeDays ?? 7;
  if (!(halfLife > 0) || !Number.isFinite(halfLife)) throw new InvalidArgumentError(`halfLifeDays must be > 0, got ${halfLife}`);
  validateJourneys(journeys.filter((j) => j.converted), true);
  const issues: ValidationIssue[] = [];
  journeys.forEach((journey, j) => {
    if (!journey.converted || journey.touches.length === 0) return;
    const last = journey.touches[journey.touches.length - 1];
    const end = toMillis(journey.conversionAt ?? (last?.at as Date | number | string));
    journey.touches.forEach((touch, t) => {
      if (toMillis(touch.at as Date | number | string) > end) {
        issues.push({ code: 'touch_after_conversion', path: [j, 'touches', t, 'at'], message: 'a touch is after the conversion' });
      }
    });
  });
  if (issues.length > 0) throw new ValidationError('journeys', issues);
  return attribute('time_decay', journeys, options, (_path, journey) => {
    const compress = options.compressRepeats ?? false;
    const touches = journey.touches.filter((t, i) => !compress || i === 0 || journey.touches[i - 1]?.channel !== t.channel);
    const last = touches[touches.length - 1];
    const end = toMillis(journey.conversionAt ?? (last?.at as Date | number | string));
    const raw = touches.map((t) => 2 ** (-(end - toMillis(t.at as Date | number | string)) / 86_400_000 / halfLife));
    const sum = raw.reduce((a, b) => a + b, 0);
    return raw.map((w) => w / sum);
  });
}

/** Options of {@link positionBased}. */
export interface PositionBasedOptions extends AttributionOptions {
  /** Share of the first touch (default 0.4). */
  readonly first?: number;
  /** Share of the last touch (default 0.4). */
  readonly last?: number;
}

/**
 * Position-based (U-shaped) attribution: the first touch gets `first` (40%), the last `last`
 * (40%), and the n − 2 middle touches share 1 − first − last equally. One touch: it gets 100%.
 * Two touches: first/(first + last) and last/(first + last) — 50/50 with the defaults.
 *
 * Source: Google Analytics' position-based model.
 *
 * @param journeys - journeys
 * @param options - first and last shares, repeat compression
 * @returns credits per channel
 * @throws {@link InvalidArgumentError} when the shares are negative or sum to more than 1 (or to 0)
 * @example
 * ```ts
 * positionBased([{ touches: [{ channel: 'A' }, { channel: 'B' }, { channel: 'C' }], converted: true }]).channels.map((c) => c.conversions);
 * //=> [0.4, 0.2, 0.4] (to rounding)
 * ```
 */
export function positionBased(journeys: readonly Journey[], options: PositionBasedOptions = {}): AttributionResult {
  const first = options.first ?? 0.4;
  const last = options.last ?? 0.4;
  if (!(first >= 0 && last >= 0 && first + last <= 1 + 1e-12 && first + last > 0)) {
    throw new InvalidArgumentError(`position-based shares must be ≥ 0 with 0 < first + last ≤ 1 (got ${first}, ${last})`);
  }
  validateJourneys(journeys);
  return attribute('position_based', journeys, options, (path) => {
    const n = path.length;
    if (n === 1) return [1];
    if (n === 2) return [first / (first + last), last / (first + last)];
    const middle = (1 - first - last) / (n - 2);
    return path.map((_, i) => (i === 0 ? first : i === n - 1 ? last : middle));
  });
}

/** The result of {@link markovAttribution}. */
export interface MarkovAttributionResult extends AttributionResult {
  readonly model: 'markov';
  /** Per channel: the removal effect RE_c = 1 − P(conv | c removed)/P(conv); `null` when P(conv) = 0. */
  readonly removalEffects: readonly { readonly channel: string; readonly removalEffect: number | null; readonly conversionProbabilityWithout: number }[];
  /** P(conversion) from `(start)` in the fitted chain. */
  readonly conversionProbability: number;
  /** The fitted chain: `(start)`, the channels (sorted), `(conversion)`, `(null)`. */
  readonly states: readonly string[];
  /** Its transition probabilities. */
  readonly probabilities: readonly (readonly number[])[];
  /** Its transition counts. */
  readonly counts: readonly (readonly number[])[];
}

/**
 * Markov-chain removal-effect attribution (first order), computed exactly.
 *
 * The chain has states `(start)`, one per channel, and the absorbing `(conversion)` and
 * `(null)`. Each journey with at least one touch adds the steps (start) → c_1 → … → c_n →
 * (conversion) if converted, else → (null); p_ij = n_ij / n_i. P(conv) is the probability of
 * absorption in (conversion) from (start): x = (I − Q)⁻¹ r, solved by LU, where Q holds the
 * transient-to-transient probabilities and r the one-step conversion probabilities.
 * Removing channel c redirects every transition into c to (null) (x_c := 0); then
 * RE_c = 1 − P(conv without c)/P(conv), and
 * attributed conversions_c = total conversions × RE_c / Σ_d RE_d (value likewise, with the same
 * removal effects: with one conversion state the expected value per conversion does not
 * depend on the path, so the value removal effect equals the conversion removal effect).
 *
 * Consecutive repeats: they only add self-loops c → c, and absorption probabilities do not
 * change with self-loops (row c is rescaled by 1/(1 − p_cc)), so compressing repeats or not
 * gives identical removal effects and attributions; `compressRepeats` only changes the
 * reported matrix. Non-converting journeys end in (null). Journeys without touches are ignored.
 *
 * Source: Anderl, Becker, von Wangenheim & Schumann (2016), "Mapping the customer journey:
 * Lessons learned from graph-based online attribution modeling", IJRM 33(3); the
 * ChannelAttribution package (Altomare & Loris), which estimates the same quantities by simulation.
 *
 * @param journeys - journeys
 * @param options - repeat compression (reported matrix only)
 * @returns credits, removal effects, P(conv) and the fitted chain
 * @throws {@link ValidationError} for an empty channel name or a non-finite value
 * @example
 * ```ts
 * const result = markovAttribution([
 *   { touches: [{ channel: 'C1' }, { channel: 'C2' }, { channel: 'C3' }], converted: true, value: 100 },
 *   { touches: [{ channel: 'C1' }], converted: false },
 *   { touches: [{ channel: 'C2' }, { channel: 'C3' }], converted: false },
 * ]);
 * result.removalEffects.map((r) => r.removalEffect); //=> [0.5, 1, 1]
 * result.channels.map((c) => c.conversions); //=> [0.2, 0.4, 0.4]
 * ```
 */
export function markovAttribution(journeys: readonly Journey[], options: AttributionOptions = {}): MarkovAttributionResult {
  validateJourneys(journeys);
  const channels = sortedChannels(journeys.filter((j) => j.touches.length > 0));
  const states = ['(start)', ...channels, '(conversion)', '(null)'];
  const k = states.length;
  const conv = k - 2;
  const nul = k - 1;
  const index = new Map(channels.map((c, i) => [c, i + 1]));
  const counts = states.map(() => new Array<number>(k).fill(0));
  const add = (i: number, j: number): void => {
    const row = counts[i] as number[];
    row[j] = (row[j] as number) + 1;
  };
  let totalConversions = 0;
  let totalValue = 0;
  for (const journey of journeys) {
    if (journey.touches.length === 0) continue;
    const path = journeyPath(journey, options.compressRepeats ?? false);
    let prev = 0;
    for (const channel of path) {
      const j = index.get(channel) as number;
      add(prev, j);
      prev = j;
    }
    add(prev, journey.converted ? conv : nul);
    if (journey.converted) {
      totalConversions += 1;
      totalValue += journey.value ?? 0;
    }
  }
  counts[conv]![conv] = 0;
  const probabilities = counts.map((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    if (i === conv || i === nul || total === 0) return row.map((_, j) => (j === i ? 1 : 0));
    return row.map((n) => n / total);
  });
  // Transient states: start (0) and channels (1..m). Solve (I − Q) x = r with removed states pinned to 0.
  const m = channels.length + 1;
  const absorption = (removed: number | null): number => {
    const a = Array.from({ length: m }, (_, i) =>
      Array.from({ length: m }, (_, j) => {
        if (i === removed) return i === j ? 1 : 0;
        const p = j === removed ? 0 : (probabilities[i]?.[j] as number);
        return (i === j ? 1 : 0) - p;
      }),
    );
    const b = Array.from({ length: m }, (_, i) => (i === removed ? 0 : (probabilities[i]?.[conv] as number)));
    return Math.min(1, Math.max(0, solve(a, b)[0] as number));
  };
  const p = m > 1 ? absorption(null) : 0;
  const removalEffects = channels.map((channel, c) => {
    const without = absorption(c + 1);
    return { channel, removalEffect: p > 0 ? Math.min(1, Math.max(0, 1 - without / p)) : null, conversionProbabilityWithout: without };
  });
  const sumRe = removalEffects.reduce((s, r) => s + (r.removalEffect ?? 0), 0);
  return {
    model: 'markov',
    channels: removalEffects.map((r) => {
      const share = sumRe > 0 ? (r.removalEffect ?? 0) / sumRe : 0;
      return { channel: r.channel, conversions: totalConversions * share, value: totalValue * share };
    }),
    totalConversions,
    totalValue,
    removalEffects,
    conversionProbability: p,
    states,
    probabilities,
    counts,
  };
}
