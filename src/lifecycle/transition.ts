/**
 * The pure transition function: given a definition, a snapshot and an event, it returns the next
 * snapshot, the domain events to publish and the record to append to the log — or a typed
 * refusal. It executes nothing and never reads the clock; the service persists the result.
 *
 * @module
 */
import { InvalidArgumentError, InvalidTransitionError } from '../errors';
import {
  compiledOf,
  INIT_EVENT,
  NO_DATA,
  RESERVED_DATA_KEYS,
  type CompiledTransition,
  type JsonObject,
  type LifecycleDefinition,
  type RequiredData,
} from './define';

/** Where a record stands in a lifecycle. Plain data: store it, compare it, rebuild it with `replay`. */
export interface LifecycleSnapshot<S extends string = string> {
  /** Lifecycle name. */
  readonly lifecycle: string;
  /** Current state. */
  readonly state: S;
  /** When the current state was entered (`null` when unknown). */
  readonly enteredAt: Date | null;
  /** How many transitions led here (the initial entry made by `start` does not count). */
  readonly transitionCount: number;
}

/** The caller's side of a transition: the injected clock, who, why, and any data. */
export interface TransitionContext {
  /** The instant of the transition (never read from the system clock). */
  readonly now?: Date;
  /** Who triggers it (an owner id, `system`, an integration). */
  readonly actor?: string;
  /** Why (free text, stored in the log). */
  readonly reason?: string;
  /** Data stored with the transition and checked against the target state's `requires`. */
  readonly data?: JsonObject;
  /** Entity name of the record (defaults to the definition's entity). */
  readonly entity?: string;
  /** The record's id, copied to the transition record and the domain events. */
  readonly entityId?: string;
  /** The record itself, handed to guards (never stored). */
  readonly record?: unknown;
}

/** One transition as it goes into the log (as a `LogEntry` of kind `transition`; see `toLogEntry`). */
export interface TransitionRecord<S extends string = string, E extends string = string> {
  /** Entity name. */
  readonly entity?: string | undefined;
  /** Record id. */
  readonly entityId?: string | undefined;
  /** Lifecycle name. */
  readonly lifecycle: string;
  /** State before (`null` for the initial entry made by `start`). */
  readonly from: S | null;
  /** State after. */
  readonly to: S;
  /** The event (`'@init'` for the initial entry). */
  readonly event: E | typeof INIT_EVENT;
  /** When (`context.now`; `null` when no clock was injected — the store's clock then applies). */
  readonly at: Date | null;
  /** Who, if known. */
  readonly actor: string | null;
  /** Why, if given. */
  readonly reason: string | null;
  /** Data passed with the event. */
  readonly data: JsonObject;
}

/** A domain event for the service to publish, e.g. `deal.won`. */
export interface DomainEvent<S extends string = string, E extends string = string> {
  /** `${entity}.${state or event}`, e.g. `ticket.escalated`. */
  readonly type: string;
  /** Lifecycle name. */
  readonly lifecycle: string;
  /** Entity name. */
  readonly entity: string;
  /** Record id, if known. */
  readonly entityId: string | undefined;
  /** State before. */
  readonly from: S;
  /** State after. */
  readonly to: S;
  /** The event that caused it. */
  readonly event: E;
  /** When. */
  readonly at: Date | null;
  /** Who. */
  readonly actor: string | null;
  /** Data passed with the event. */
  readonly data: JsonObject;
}

/** A timestamp the service should set: `field` := `at`, or only when still unset if `once`. */
export interface TimestampUpdate {
  /** Field of the record, e.g. `resolvedAt`. */
  readonly field: string;
  /** The transition's instant (`null` when no clock was injected). */
  readonly at: Date | null;
  /** Set only if the field is still empty (e.g. a ticket's first response). */
  readonly once: boolean;
}

/** An accepted transition. */
export interface TransitionSuccess<S extends string = string, E extends string = string> {
  /** Accepted. */
  readonly ok: true;
  /** The next snapshot. */
  readonly snapshot: LifecycleSnapshot<S>;
  /** Domain events to publish after the write commits. */
  readonly events: readonly DomainEvent<S, E>[];
  /** The record to append to the transition log. */
  readonly entry: TransitionRecord<S, E>;
  /** Timestamps to set on the record (first response, resolution, close…). */
  readonly timestamps: readonly TimestampUpdate[];
}

/** A refused transition: nothing changed. */
export interface TransitionFailure {
  /** Refused. */
  readonly ok: false;
  /** Why, with the events that are allowed from the current state. */
  readonly error: InvalidTransitionError;
}

/** The result of {@link transition}. */
export type TransitionResult<S extends string = string, E extends string = string> = TransitionSuccess<S, E> | TransitionFailure;

const EMPTY: JsonObject = NO_DATA;
const NO_EVENTS: readonly never[] = Object.freeze([]);

function refuse(definition: LifecycleDefinition<string, string>, from: string, event: string, reason?: string): TransitionFailure {
  const allowed = compiledOf(definition).allowed[from] ?? [];
  return {
    ok: false,
    error: new InvalidTransitionError(
      reason === undefined ? { lifecycle: definition.name, from, event, allowed } : { lifecycle: definition.name, from, event, allowed, reason },
    ),
  };
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** Checks `requires`; returns a refusal reason or `undefined`. */
function checkRequired(requires: RequiredData, to: string, data: JsonObject, reason: string | undefined): string | undefined {
  if (Array.isArray(requires)) {
    const missing = (requires as readonly string[]).filter((field) => !(present(data[field]) || (field === 'reason' && present(reason))));
    return missing.length === 0 ? undefined : `entering "${to}" requires ${missing.join(', ')}`;
  }
  const parsed = (requires as { safeParse(value: unknown): { success: boolean; error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } } }).safeParse(
    reason === undefined || 'reason' in data ? data : { ...data, reason },
  );
  if (parsed.success) return undefined;
  const detail = (parsed.error?.issues ?? []).map((issue) => `${issue.path.map(String).join('.') || '(data)'}: ${issue.message}`).join('; ');
  return `entering "${to}" requires valid data (${detail})`;
}

/**
 * Applies an event to a snapshot. Pure: no I/O, no clock, no mutation — the instant comes from
 * `context.now`. Refuses (without throwing) when the event is not declared from the current
 * state, when it is a backward move the policy forbids, when a guard says no, or when data the
 * target state requires is missing; the refusal lists the events that are allowed.
 *
 * Cost: O(1) lookups plus the guard and the `requires` check.
 *
 * @param definition - the lifecycle
 * @param snapshot - the current snapshot, or just the current state name
 * @param event - the event to apply
 * @param context - clock (`now`), actor, reason, data, entity id, and the record for guards
 * @returns `{ ok: true, snapshot, events, entry, timestamps }` or `{ ok: false, error }`
 * @throws nothing: refusals are returned as an {@link InvalidTransitionError} in `error`
 *
 * @example
 * ```ts
 * import { transition, ticketLifecycle } from 'crmkit/lifecycle';
 * const ticket = ticketLifecycle();
 * const result = transition(ticket, 'open', 'escalate', { now: new Date('2025-01-01T00:00:00Z'), entityId: 't1' });
 * result.ok && result.snapshot.state;  //=> 'escalated'
 * result.ok && result.events[0]?.type; //=> 'ticket.escalated'
 * const refused = transition(ticket, 'closed', 'escalate');
 * refused.ok || refused.error.allowed; //=> ['reopen']
 * ```
 */
export function transition<S extends string, E extends string>(
  definition: LifecycleDefinition<S, E>,
  snapshot: LifecycleSnapshot<NoInfer<S>> | NoInfer<S>,
  event: NoInfer<E>,
  context?: TransitionContext,
): TransitionResult<S, E> {
  const current = typeof snapshot === 'string' ? snapshot : snapshot.state;
  const compiled = compiledOf(definition);
  const row = compiled.table[current];
  if (row === undefined) return refuse(definition, current, event, `unknown state "${current}"`);
  const t: CompiledTransition | undefined = row[event];
  if (t === undefined) return refuse(definition, current, event);
  if (!t.permitted) return refuse(definition, current, event, `backward transitions by "${event}" are forbidden by the lifecycle's policy`);
  const data = context?.data ?? EMPTY;
  const reason = context?.reason;
  if (data !== EMPTY) {
    for (const key of RESERVED_DATA_KEYS) {
      if (key in data) return refuse(definition, current, event, `data may not use the reserved key "${key}"`);
    }
  }
  if (t.guard !== undefined) {
    const verdict = t.guard({
      lifecycle: definition.name,
      from: current,
      to: t.to,
      event,
      data,
      reason,
      actor: context?.actor,
      now: context?.now,
      record: context?.record,
    });
    if (verdict !== true) return refuse(definition, current, event, verdict.reason);
  }
  if (t.requires !== undefined) {
    const missing = checkRequired(t.requires, t.to, data, reason);
    if (missing !== undefined) return refuse(definition, current, event, missing);
  }
  const at = context?.now ?? null;
  const actor = context?.actor ?? null;
  const entity = context?.entity ?? definition.entity;
  const entityId = context?.entityId;
  const previousCount = typeof snapshot === 'string' ? 0 : snapshot.transitionCount;
  const events: DomainEvent<S, E>[] = [];
  for (const type of t.eventTypes) {
    events.push({ type, lifecycle: definition.name, entity, entityId, from: current as S, to: t.to as S, event, at, actor, data });
  }
  return {
    ok: true,
    snapshot: { lifecycle: definition.name, state: t.to as S, enteredAt: at, transitionCount: previousCount + 1 },
    events: events.length === 0 ? NO_EVENTS : events,
    entry: { entity, entityId, lifecycle: definition.name, from: current as S, to: t.to as S, event, at, actor, reason: reason ?? null, data },
    timestamps: t.stamps.length === 0 ? NO_EVENTS : t.stamps.map((s) => ({ field: s.field, at, once: s.once })),
  };
}

/**
 * Like {@link transition}, but throws the refusal.
 *
 * @param definition - the lifecycle
 * @param snapshot - the current snapshot, or the current state name
 * @param event - the event to apply
 * @param context - clock, actor, reason, data, entity id, record
 * @returns the accepted transition: snapshot, events, entry, timestamps
 * @throws {@link InvalidTransitionError} when the transition is refused (with `allowed` and `reason`)
 *
 * @example
 * ```ts
 * import { transitionOrThrow, taskLifecycle } from 'crmkit/lifecycle';
 * transitionOrThrow(taskLifecycle(), 'open', 'start').snapshot.state; //=> 'in_progress'
 * transitionOrThrow(taskLifecycle(), 'done', 'start'); // throws InvalidTransitionError (allowed: reopen)
 * ```
 */
export function transitionOrThrow<S extends string, E extends string>(
  definition: LifecycleDefinition<S, E>,
  snapshot: LifecycleSnapshot<NoInfer<S>> | NoInfer<S>,
  event: NoInfer<E>,
  context?: TransitionContext,
): TransitionSuccess<S, E> {
  const result = transition(definition, snapshot, event, context);
  if (!result.ok) throw result.error;
  return result;
}

/**
 * The snapshot of a record in a given state, checked against the definition (the service builds
 * it from a stored record, e.g. a deal's `stageId`).
 *
 * @param definition - the lifecycle
 * @param state - the state (default: the initial state)
 * @param options - when the state was entered and how many transitions led there
 * @returns a snapshot
 * @throws {@link InvalidArgumentError} when `state` is not a state of the definition
 *
 * @example
 * ```ts
 * import { snapshotOf, taskLifecycle } from 'crmkit/lifecycle';
 * snapshotOf(taskLifecycle(), 'done').state; //=> 'done'
 * snapshotOf(taskLifecycle()).state;         //=> 'open'
 * ```
 */
export function snapshotOf<S extends string, E extends string>(
  definition: LifecycleDefinition<S, E>,
  state?: NoInfer<S>,
  options: { readonly enteredAt?: Date | null; readonly transitionCount?: number } = {},
): LifecycleSnapshot<S> {
  const current = state ?? definition.initial;
  if (compiledOf(definition).table[current] === undefined) {
    throw new InvalidArgumentError(`"${current}" is not a state of lifecycle "${definition.name}"; states: ${definition.states.join(', ')}`);
  }
  return { lifecycle: definition.name, state: current, enteredAt: options.enteredAt ?? null, transitionCount: options.transitionCount ?? 0 };
}

/**
 * Starts a record in the initial state: the snapshot, and a log record with `from: null` and event
 * `'@init'`, so the time spent in the initial state can be measured from the log.
 *
 * @param definition - the lifecycle
 * @param context - clock (`now`), actor, entity id
 * @returns `{ snapshot, entry }` (no domain events: creating the record is the service's event)
 * @throws nothing
 *
 * @example
 * ```ts
 * import { start, leadStatusLifecycle } from 'crmkit/lifecycle';
 * const { snapshot, entry } = start(leadStatusLifecycle(), { now: new Date('2025-01-01T00:00:00Z'), entityId: 'l1' });
 * snapshot.state; //=> 'new'
 * entry.from;     //=> null
 * entry.event;    //=> '@init'
 * ```
 */
export function start<S extends string, E extends string>(
  definition: LifecycleDefinition<S, E>,
  context?: TransitionContext,
): { readonly snapshot: LifecycleSnapshot<S>; readonly entry: TransitionRecord<S, E> } {
  const at = context?.now ?? null;
  return {
    snapshot: { lifecycle: definition.name, state: definition.initial, enteredAt: at, transitionCount: 0 },
    entry: {
      entity: context?.entity ?? definition.entity,
      entityId: context?.entityId,
      lifecycle: definition.name,
      from: null,
      to: definition.initial,
      event: INIT_EVENT,
      at,
      actor: context?.actor ?? null,
      reason: context?.reason ?? null,
      data: context?.data ?? EMPTY,
    },
  };
}
