/**
 * Turning CRM data into state sequences for {@link transitionMatrix}: stage histories (the
 * transition log) and touchpoint journeys.
 *
 * @module analysis/markov
 */
import { ValidationError, type ValidationIssue } from '../../errors';
import type { LogEntry } from '../../store/types';
import { journeyPath, toMillis, type Journey } from '../attribution/journey';

/** One stage change of a record: it entered stage `to` at `at` (coming from `from`, when known). */
export interface StageChange {
  /** The record (contact, deal, ticket…). */
  readonly entityId: string;
  /** The stage entered. */
  readonly to: string;
  /** When. */
  readonly at: Date | number | string;
  /** The stage left, when known; only the first change's `from` is used (as the initial stage). */
  readonly from?: string | null;
  /** Tie-breaker for changes at the same instant (a log `seq`); default: input order. */
  readonly seq?: number;
}

/** A record's stage sequence. */
export interface StageSequence {
  /** The record. */
  readonly entityId: string;
  /** Its stages in time order: the first change's `from` (when known), then every `to`. */
  readonly states: string[];
}

/** Options of {@link stageSequences}. */
export interface StageSequencesOptions {
  /** Keep only log entries whose `data.lifecycle` equals this. */
  readonly lifecycle?: string;
  /** Keep only log entries of this entity (e.g. `deal`). */
  readonly entity?: string;
}

function isLogEntry(x: StageChange | LogEntry): x is LogEntry {
  return 'kind' in x && 'data' in x && 'workspaceId' in x;
}

/**
 * Builds one stage sequence per record from stage changes or from the store's log
 * (entries of kind `transition` with `data: { lifecycle, from, to, event }`).
 *
 * Changes are grouped by `entityId`, ordered by time then `seq` (then input order). The sequence
 * is the first change's `from` (when present and not null) followed by every `to`. Later `from`
 * values are not checked against the previous `to`: the `to` chain is authoritative.
 * Log entries of another kind (or another lifecycle/entity when filtered) are skipped.
 *
 * @param history - stage changes, or log entries
 * @param options - lifecycle / entity filters for log entries
 * @returns sequences sorted by entity id
 * @throws {@link ValidationError} when a change lacks a stage name or has an invalid time
 * @example
 * ```ts
 * stageSequences([
 *   { entityId: 'd1', from: 'new', to: 'qualified', at: '2025-01-02' },
 *   { entityId: 'd1', from: 'qualified', to: 'won', at: '2025-01-09' },
 * ]);
 * //=> [{ entityId: 'd1', states: ['new', 'qualified', 'won'] }]
 * ```
 */
export function stageSequences(
  history: readonly (StageChange | LogEntry)[],
  options: StageSequencesOptions = {},
): StageSequence[] {
  const issues: ValidationIssue[] = [];
  const changes: { entityId: string; to: string; from: string | null; t: number; seq: number; order: number }[] = [];
  history.forEach((item, order) => {
    if (isLogEntry(item)) {
      if (item.kind !== 'transition') return;
      if (options.entity !== undefined && item.entity !== options.entity) return;
      if (options.lifecycle !== undefined && item.data['lifecycle'] !== options.lifecycle) return;
      const to = item.data['to'];
      const from = item.data['from'];
      if (typeof to !== 'string' || to === '') {
        issues.push({ code: 'invalid_stage', path: [order, 'data', 'to'], message: 'a transition entry needs data.to' });
        return;
      }
      changes.push({ entityId: item.entityId, to, from: typeof from === 'string' ? from : null, t: item.at.getTime(), seq: item.seq, order });
      return;
    }
    const t = toMillis(item.at);
    if (typeof item.to !== 'string' || item.to === '') issues.push({ code: 'invalid_stage', path: [order, 'to'], message: 'to must be a non-empty string' });
    if (!Number.isFinite(t)) issues.push({ code: 'invalid_date', path: [order, 'at'], message: 'at must be a valid date' });
    if (typeof item.to === 'string' && item.to !== '' && Number.isFinite(t)) {
      changes.push({ entityId: item.entityId, to: item.to, from: item.from ?? null, t, seq: item.seq ?? Number.NaN, order });
    }
  });
  if (issues.length > 0) throw new ValidationError('stage history', issues);
  const groups = new Map<string, typeof changes>();
  for (const c of changes) {
    const list = groups.get(c.entityId) ?? [];
    list.push(c);
    groups.set(c.entityId, list);
  }
  return [...groups.keys()].sort().map((entityId) => {
    const list = (groups.get(entityId) ?? []).sort((a, b) => {
      if (a.t !== b.t) return a.t - b.t;
      if (Number.isFinite(a.seq) && Number.isFinite(b.seq) && a.seq !== b.seq) return a.seq - b.seq;
      return a.order - b.order;
    });
    const first = list[0];
    const states = first !== undefined && first.from !== null && first.from !== '' ? [first.from] : [];
    for (const c of list) states.push(c.to);
    return { entityId, states };
  });
}

/** Options of {@link journeySequences}. */
export interface JourneySequencesOptions {
  /** Prepend this start state (default `'(start)'`; `null` for none). */
  readonly start?: string | null;
  /** Append this state to converted journeys (default `'(conversion)'`; `null` for none). */
  readonly conversion?: string | null;
  /** Append this state to other journeys (default `'(null)'`; `null` for none). */
  readonly noConversion?: string | null;
  /** Collapse consecutive repeats of a channel (default `false`). */
  readonly compressRepeats?: boolean;
}

/**
 * Turns touchpoint journeys into state sequences `(start) → channels… → (conversion) | (null)`,
 * the chain of the Markov attribution model.
 *
 * @param journeys - journeys (see `journeysFromTouchpoints`)
 * @param options - names of the start and end states, repeat compression
 * @returns one sequence per journey (journeys without touches give `[(start), end]`)
 * @example
 * ```ts
 * journeySequences([{ touches: [{ channel: 'A' }, { channel: 'B' }], converted: true }]);
 * //=> [['(start)', 'A', 'B', '(conversion)']]
 * ```
 */
export function journeySequences(journeys: readonly Journey[], options: JourneySequencesOptions = {}): string[][] {
  const start = options.start === undefined ? '(start)' : options.start;
  const conversion = options.conversion === undefined ? '(conversion)' : options.conversion;
  const noConversion = options.noConversion === undefined ? '(null)' : options.noConversion;
  return journeys.map((journey) => {
    const out = journeyPath(journey, options.compressRepeats ?? false);
    if (start !== null) out.unshift(start);
    const end = journey.converted ? conversion : noConversion;
    if (end !== null) out.push(end);
    return out;
  });
}
