/**
 * The transition log: converting between transition records and store log entries (kind
 * `transition`), and what can be computed from it — stage history, time in stage, first entry
 * into a stage, the stage a deal was lost from, and the current snapshot (replay).
 *
 * Every function takes records in log order (`TransitionRecord[]` as `transition` returns them,
 * or `LogEntry[]` as a store returns them; entries of another kind are skipped), never mutates
 * them, and never reads the clock.
 *
 * @module
 */
import { InvalidArgumentError, ValidationError, type ValidationIssue } from '../errors';
import type { Json, LogEntry, LogEntryInput } from '../store/types';
import { compiledOf, INIT_EVENT, NO_DATA, RESERVED_DATA_KEYS, type JsonObject, type LifecycleDefinition } from './define';
import type { LifecycleSnapshot, TransitionRecord } from './transition';

/** What the log functions accept: transition records, or store log entries (only kind `transition` is read). */
export type TransitionLogEntry = TransitionRecord | LogEntry;

/** One stay of a record in a stage. */
export interface StageVisit {
  /** Record id (`''` when the records carry none). */
  readonly entityId: string;
  /** Lifecycle name. */
  readonly lifecycle: string;
  /** The stage. */
  readonly stage: string;
  /** When it was entered (`null` when unknown: the record was in it before the first logged transition). */
  readonly enteredAt: Date | null;
  /** When it was left (`null` while the record is still there). */
  readonly exitedAt: Date | null;
  /** The event that entered it (`null` when unknown). */
  readonly enteredBy: string | null;
  /** The event that left it (`null` while still there). */
  readonly exitedBy: string | null;
}

/** A stage visit with its duration. */
export interface StageDuration extends StageVisit {
  /** When it was entered. */
  readonly enteredAt: Date;
  /** Milliseconds spent: until `exitedAt`, or until `now` for the current stage. */
  readonly durationMs: number;
  /** `true` for the current stage: the stay is not over, its duration is censored at `now`. */
  readonly censored: boolean;
}

/** Filters shared by the log functions. */
export interface LogFilter {
  /** Only records of this lifecycle (a contact's log holds both `lead` and `lead_status`). */
  readonly lifecycle?: string;
}

/** Options of {@link timeInStage}. */
export interface TimeInStageOptions extends LogFilter {
  /** The instant at which current stays are censored (injected; never the system clock). */
  readonly now: Date;
}

/** Options of {@link lostFromStage}. */
export interface LostFromStageOptions extends LogFilter {
  /** The lost stages (e.g. `statesTagged(pipeline, 'lost')`); default: a transition by `lose` or `lose:<stage>` enters a lost stage. */
  readonly lostStages?: Iterable<string>;
}

/** Options of {@link replay}. */
export interface ReplayOptions {
  /** The record to rebuild (required when the entries hold several records). */
  readonly entityId?: string;
  /** Check every record against the definition: chained `from`, declared event, matching target (default `true`). */
  readonly strict?: boolean;
}

function isLogEntry(entry: TransitionLogEntry): entry is LogEntry {
  return 'kind' in entry && 'seq' in entry;
}

function str(value: Json | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * Reads a store log entry of kind `transition` as a transition record.
 *
 * @param entry - a log entry
 * @returns the transition record (`data` without the reserved keys)
 * @throws {@link ValidationError} when the entry is not a transition or its data lacks `lifecycle`, `to` or `event`
 *
 * @example
 * ```ts
 * import { fromLogEntry } from 'crmkit/lifecycle';
 * fromLogEntry({ seq: 1, workspaceId: 'w', entity: 'deal', entityId: 'd1', kind: 'transition', at: new Date(0), actor: null,
 *   data: { lifecycle: 'pipeline:p1', from: 'qualify', to: 'lost', event: 'lose', reason: null, lostReason: 'price' } }).data;
 * //=> { lostReason: 'price' }
 * ```
 */
export function fromLogEntry(entry: LogEntry): TransitionRecord {
  const d = entry.data;
  const issues: ValidationIssue[] = [];
  if (entry.kind !== 'transition') issues.push({ code: 'custom', path: ['kind'], message: `Expected kind "transition", got "${entry.kind}"` });
  const lifecycle = str(d.lifecycle);
  const to = str(d.to);
  const event = str(d.event);
  if (lifecycle === null) issues.push({ code: 'custom', path: ['data', 'lifecycle'], message: 'Missing lifecycle' });
  if (to === null) issues.push({ code: 'custom', path: ['data', 'to'], message: 'Missing target state' });
  if (event === null) issues.push({ code: 'custom', path: ['data', 'event'], message: 'Missing event' });
  if (issues.length > 0 || lifecycle === null || to === null || event === null) throw new ValidationError(`transition log entry ${entry.seq}`, issues);
  const data: { [key: string]: Json } = {};
  for (const key of Object.keys(d)) if (!(RESERVED_DATA_KEYS as readonly string[]).includes(key)) data[key] = d[key] as Json;
  return { entity: entry.entity, entityId: entry.entityId, lifecycle, from: str(d.from), to, event, at: entry.at, actor: entry.actor, reason: str(d.reason), data };
}

/**
 * Turns a transition record into the log entry the service appends (kind `transition`, data
 * `{ ...data, lifecycle, from, to, event, reason }`).
 *
 * @param record - a transition record (from `transition` or `start`)
 * @returns the log entry input (`at` left out when the record has none: the store's clock applies)
 * @throws {@link InvalidArgumentError} when the record has no `entity` or `entityId`
 *
 * @example
 * ```ts
 * import { toLogEntry, transitionOrThrow, taskLifecycle } from 'crmkit/lifecycle';
 * const { entry } = transitionOrThrow(taskLifecycle(), 'open', 'start', { now: new Date(0), entityId: 't1', actor: 'u1' });
 * toLogEntry(entry);
 * //=> { entity: 'task', entityId: 't1', kind: 'transition', at: new Date(0), actor: 'u1',
 * //     data: { lifecycle: 'task', from: 'open', to: 'in_progress', event: 'start', reason: null } }
 * ```
 */
export function toLogEntry(record: TransitionRecord): LogEntryInput {
  if (record.entity === undefined || record.entityId === undefined) {
    throw new InvalidArgumentError('A transition record needs entity and entityId to be logged (pass entityId in the transition context)');
  }
  const entry: { -readonly [K in keyof LogEntryInput]: LogEntryInput[K] } = { entity: record.entity, entityId: record.entityId, kind: 'transition' };
  if (record.at !== null) entry.at = record.at;
  if (record.actor !== null) entry.actor = record.actor;
  const data = record.data;
  entry.data =
    data === NO_DATA
      ? { lifecycle: record.lifecycle, from: record.from, to: record.to, event: record.event, reason: record.reason }
      : { ...data, lifecycle: record.lifecycle, from: record.from, to: record.to, event: record.event, reason: record.reason };
  return entry;
}

/** Normalises entries: transition records only, in log order (log entries sorted by `seq`). */
function records(entries: readonly TransitionLogEntry[], filter: LogFilter = {}): TransitionRecord[] {
  const out: { record: TransitionRecord; seq: number; index: number }[] = [];
  entries.forEach((entry, index) => {
    if (isLogEntry(entry)) {
      if (entry.kind !== 'transition') return;
      out.push({ record: fromLogEntry(entry), seq: entry.seq, index });
    } else {
      out.push({ record: entry, seq: Number.NaN, index });
    }
  });
  if (out.every((o) => !Number.isNaN(o.seq))) out.sort((a, b) => a.seq - b.seq || a.index - b.index);
  return out.map((o) => o.record).filter((r) => filter.lifecycle === undefined || r.lifecycle === filter.lifecycle);
}

/** Groups records by lifecycle and entity id, preserving order. */
function groups(list: readonly TransitionRecord[]): TransitionRecord[][] {
  const map = new Map<string, TransitionRecord[]>();
  for (const r of list) {
    const key = `${r.lifecycle}\u0000${r.entityId ?? ''}`;
    const group = map.get(key);
    if (group === undefined) map.set(key, [r]);
    else group.push(r);
  }
  return [...map.values()];
}

function visitsOf(group: readonly TransitionRecord[]): StageVisit[] {
  const visits: StageVisit[] = [];
  let current: { -readonly [K in keyof StageVisit]: StageVisit[K] } | undefined;
  for (const r of group) {
    const entityId = r.entityId ?? '';
    if (current === undefined && r.from !== null) {
      current = { entityId, lifecycle: r.lifecycle, stage: r.from, enteredAt: null, exitedAt: null, enteredBy: null, exitedBy: null };
    }
    if (current !== undefined) {
      current.exitedAt = r.at;
      current.exitedBy = r.event;
      visits.push(current);
    }
    current = { entityId, lifecycle: r.lifecycle, stage: r.to, enteredAt: r.at, exitedAt: null, enteredBy: r.event, exitedBy: null };
  }
  if (current !== undefined) visits.push(current);
  return visits;
}

/**
 * The stages a record went through, in order, each with when and by which event it was entered
 * and left. The first stay starts unknown (`enteredAt: null`) unless the log holds the `@init`
 * record made by `start`.
 *
 * @param entries - transition records or log entries, in log order
 * @param entityId - the record
 * @param options - `lifecycle` to keep only one lifecycle
 * @returns the visits (grouped by lifecycle when several are logged)
 * @throws {@link ValidationError} when a log entry of kind `transition` is malformed
 *
 * @example
 * ```ts
 * import { stageHistory } from 'crmkit/lifecycle';
 * stageHistory([
 *   { entityId: 't1', lifecycle: 'task', from: 'open', to: 'in_progress', event: 'start', at: new Date(1000), actor: null, reason: null, data: {} },
 *   { entityId: 't1', lifecycle: 'task', from: 'in_progress', to: 'done', event: 'complete', at: new Date(5000), actor: null, reason: null, data: {} },
 * ], 't1').map((visit) => visit.stage); //=> ['open', 'in_progress', 'done']
 * ```
 */
export function stageHistory(entries: readonly TransitionLogEntry[], entityId: string, options: LogFilter = {}): StageVisit[] {
  return groups(records(entries, options).filter((r) => (r.entityId ?? '') === entityId)).flatMap(visitsOf);
}

/**
 * Every stay in a stage whose start is known, with its duration; the current stay of each record
 * is censored at `now` (`censored: true`, duration until `now`, never negative). Stays that began
 * before the first logged transition (unknown start) are left out. For survival analyses, feed
 * `durationMs` and `!censored` to `kaplanMeier`.
 *
 * @param entries - transition records or log entries, in log order (any number of records)
 * @param options - `now` (required), `lifecycle`
 * @returns the durations, per record in order of first appearance
 * @throws {@link ValidationError} when a log entry of kind `transition` is malformed
 *
 * @example
 * ```ts
 * import { timeInStage } from 'crmkit/lifecycle';
 * timeInStage([
 *   { entityId: 't1', lifecycle: 'task', from: 'open', to: 'in_progress', event: 'start', at: new Date(1000), actor: null, reason: null, data: {} },
 *   { entityId: 't1', lifecycle: 'task', from: 'in_progress', to: 'done', event: 'complete', at: new Date(5000), actor: null, reason: null, data: {} },
 * ], { now: new Date(9000) }).map((d) => [d.stage, d.durationMs, d.censored]);
 * //=> [['in_progress', 4000, false], ['done', 4000, true]]
 * ```
 */
export function timeInStage(entries: readonly TransitionLogEntry[], options: TimeInStageOptions): StageDuration[] {
  const now = options.now.getTime();
  const out: StageDuration[] = [];
  for (const group of groups(records(entries, options))) {
    for (const visit of visitsOf(group)) {
      if (visit.enteredAt === null) continue;
      const end = visit.exitedAt === null ? now : visit.exitedAt.getTime();
      out.push({ ...visit, enteredAt: visit.enteredAt, durationMs: Math.max(0, end - visit.enteredAt.getTime()), censored: visit.exitedBy === null });
    }
  }
  return out;
}

/**
 * When each record first entered a stage (records that never entered it, or whose entry has no
 * instant, are absent).
 *
 * @param entries - transition records or log entries, in log order
 * @param stage - the stage
 * @param options - `lifecycle`
 * @returns a map from record id (`''` when the records carry none) to the first entry instant
 * @throws {@link ValidationError} when a log entry of kind `transition` is malformed
 *
 * @example
 * ```ts
 * import { firstEntered } from 'crmkit/lifecycle';
 * firstEntered([
 *   { entityId: 't1', lifecycle: 'task', from: 'open', to: 'in_progress', event: 'start', at: new Date(1000), actor: null, reason: null, data: {} },
 *   { entityId: 't1', lifecycle: 'task', from: 'in_progress', to: 'open', event: 'pause', at: new Date(2000), actor: null, reason: null, data: {} },
 *   { entityId: 't1', lifecycle: 'task', from: 'open', to: 'in_progress', event: 'start', at: new Date(3000), actor: null, reason: null, data: {} },
 * ], 'in_progress').get('t1'); //=> new Date(1000)
 * ```
 */
export function firstEntered(entries: readonly TransitionLogEntry[], stage: string, options: LogFilter = {}): Map<string, Date> {
  const out = new Map<string, Date>();
  for (const r of records(entries, options)) {
    const id = r.entityId ?? '';
    if (r.to === stage && r.at !== null && !out.has(id)) out.set(id, r.at);
  }
  return out;
}

/**
 * For each record that is currently lost, the stage it was lost from (the `from` of its last
 * transition, which entered a lost stage). A record reopened since is not lost.
 *
 * @param entries - transition records or log entries, in log order
 * @param options - `lostStages` (default: transitions by `lose` / `lose:<stage>`), `lifecycle`
 * @returns a map from record id to the stage it was lost from
 * @throws {@link ValidationError} when a log entry of kind `transition` is malformed
 *
 * @example
 * ```ts
 * import { lostFromStage } from 'crmkit/lifecycle';
 * lostFromStage([
 *   { entityId: 'd1', lifecycle: 'pipeline:p1', from: 'qualify', to: 'proposal', event: 'advance', at: new Date(1000), actor: null, reason: null, data: {} },
 *   { entityId: 'd1', lifecycle: 'pipeline:p1', from: 'proposal', to: 'lost', event: 'lose', at: new Date(2000), actor: null, reason: null, data: { lostReason: 'price' } },
 * ]).get('d1'); //=> 'proposal'
 * ```
 */
export function lostFromStage(entries: readonly TransitionLogEntry[], options: LostFromStageOptions = {}): Map<string, string> {
  const lost = options.lostStages === undefined ? null : new Set(options.lostStages);
  const isLost = (r: TransitionRecord): boolean => (lost === null ? r.event === 'lose' || r.event.startsWith('lose:') : lost.has(r.to));
  const out = new Map<string, string>();
  for (const group of groups(records(entries, options))) {
    const last = group[group.length - 1];
    if (last !== undefined && last.from !== null && isLost(last)) out.set(last.entityId ?? '', last.from);
  }
  return out;
}

/**
 * Rebuilds a record's current snapshot from its transition log: the state, when it was entered
 * and how many transitions led there — exactly what applying the same transitions returned.
 * Only records of the definition's lifecycle are read. In strict mode (default) every record must
 * chain (`from` = the state reached so far) and be a declared transition of the definition.
 *
 * @param definition - the lifecycle
 * @param entries - transition records or log entries, in log order
 * @param options - `entityId` (when several records are logged), `strict`
 * @returns the snapshot (the initial state, entered at an unknown time, when nothing is logged)
 * @throws {@link ValidationError} listing every inconsistency (strict) or unknown state
 * @throws {@link InvalidArgumentError} when the entries hold several records and no `entityId` is given
 *
 * @example
 * ```ts
 * import { replay, taskLifecycle } from 'crmkit/lifecycle';
 * replay(taskLifecycle(), [
 *   { entityId: 't1', lifecycle: 'task', from: 'open', to: 'in_progress', event: 'start', at: new Date(1000), actor: null, reason: null, data: {} },
 *   { entityId: 't1', lifecycle: 'task', from: 'in_progress', to: 'done', event: 'complete', at: new Date(5000), actor: null, reason: null, data: {} },
 * ]);
 * //=> { lifecycle: 'task', state: 'done', enteredAt: new Date(5000), transitionCount: 2 }
 * ```
 */
export function replay<S extends string, E extends string>(
  definition: LifecycleDefinition<S, E>,
  entries: readonly TransitionLogEntry[],
  options: ReplayOptions = {},
): LifecycleSnapshot<S> {
  let list = records(entries, { lifecycle: definition.name });
  if (options.entityId !== undefined) list = list.filter((r) => r.entityId === options.entityId);
  else if (new Set(list.map((r) => r.entityId ?? '')).size > 1) {
    throw new InvalidArgumentError(`The log holds several records of lifecycle "${definition.name}"; pass entityId`);
  }
  const { table } = compiledOf(definition);
  const strict = options.strict ?? true;
  const issues: ValidationIssue[] = [];
  let state: string = definition.initial;
  let enteredAt: Date | null = null;
  let count = 0;
  list.forEach((r, index) => {
    if (table[r.to] === undefined) issues.push({ code: 'custom', path: [index, 'to'], message: `Unknown state "${r.to}"` });
    if (r.from === null || r.event === INIT_EVENT) {
      if (strict && (index !== 0 || r.to !== definition.initial)) {
        issues.push({ code: 'custom', path: [index], message: `An "${INIT_EVENT}" record must come first and enter "${definition.initial}"` });
      }
    } else {
      if (strict) {
        if (r.from !== state) issues.push({ code: 'custom', path: [index, 'from'], message: `Expected from "${state}", got "${r.from}"` });
        const t = table[r.from]?.[r.event];
        if (t === undefined) issues.push({ code: 'custom', path: [index, 'event'], message: `"${r.event}" is not declared from "${r.from}"` });
        else if (t.to !== r.to) issues.push({ code: 'custom', path: [index, 'to'], message: `"${r.event}" from "${r.from}" leads to "${t.to}", not "${r.to}"` });
      }
      count += 1;
    }
    state = r.to;
    enteredAt = r.at;
  });
  if (issues.length > 0) throw new ValidationError(`transition log of lifecycle "${definition.name}"`, issues);
  return { lifecycle: definition.name, state: state as S, enteredAt, transitionCount: count };
}
