/**
 * Lifecycle definitions: the states, events and rules of a state machine, declared as data and
 * validated once, when defined. State and event names are inferred as literal unions (like
 * xstate's `setup()`), so a typo in a target, an initial state or an event is a type error.
 *
 * @module
 */
import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors';
import type { Json } from '../store/types';

/** A JSON object: what transitions carry as `data` and what the log stores. */
export type JsonObject = { readonly [key: string]: Json };

/** The event name of the record {@link start} produces (the record's first entry into its initial state). */
export const INIT_EVENT = '@init';

/**
 * The `data` of a transition made without data (internal): shared and frozen, so that code
 * building log payloads can recognise it and skip copying its (no) members.
 * @internal
 */
export const NO_DATA: JsonObject = Object.freeze({});

/** Keys of a transition's log payload that `data` may not use. */
export const RESERVED_DATA_KEYS = ['lifecycle', 'from', 'to', 'event', 'reason'] as const;

/**
 * Which backward transitions (those declared with `backward: true`) may happen: none, all, or
 * only the listed events. Transitions not flagged `backward` are never affected.
 */
export type BackwardPolicy<E extends string = string> = 'forbidden' | 'allowed' | { readonly events: readonly E[] };

/** What a guard sees: the transition being attempted and the caller's context. */
export interface GuardContext<S extends string = string, E extends string = string> {
  /** Lifecycle name. */
  readonly lifecycle: string;
  /** Current state. */
  readonly from: S;
  /** Target state. */
  readonly to: S;
  /** The event. */
  readonly event: E;
  /** Data passed with the event (`{}` when none). */
  readonly data: JsonObject;
  /** The reason passed with the event, if any. */
  readonly reason: string | undefined;
  /** Who triggers it, if known. */
  readonly actor: string | undefined;
  /** The injected clock reading, if any. */
  readonly now: Date | undefined;
  /** The record the caller passed in `context.record` (e.g. the deal), for guards that read it. */
  readonly record: unknown;
}

/** A guard: `true` lets the transition happen; `{ reason }` refuses it with that reason. Must be pure. */
export type Guard<S extends string = string, E extends string = string> = (ctx: GuardContext<S, E>) => true | { readonly reason: string };

/**
 * Data required to enter a state: a list of field names that must be present (non-null, non-empty)
 * in the event's data — `reason` may also come from `context.reason` — or a zod schema the data
 * must satisfy.
 */
export type RequiredData = readonly string[] | z.ZodType;

/** A timestamp field the service should set to the transition's instant; `once` means only if it is still unset. */
export type StampRule = string | { readonly field: string; readonly once?: boolean };

/** How one event leaves a state. */
export interface TransitionConfig<S extends string = string, E extends string = string> {
  /** The target state. */
  readonly target: S;
  /** A pure guard; refusal reasons end up in the {@link InvalidTransitionError}. */
  readonly guard?: Guard<S, E>;
  /** Marks a move back in the funnel; subject to the definition's {@link BackwardPolicy}. */
  readonly backward?: boolean;
  /** Domain event suffix(es) for this transition, overriding the target state's; `false` for none. */
  readonly emit?: string | readonly string[] | false;
  /** Timestamps this transition sets, in addition to the target state's. */
  readonly stamps?: readonly StampRule[];
}

/** One state of a lifecycle. */
export interface StateConfig<S extends string = string, E extends string = string> {
  /** A closed outcome (won, lost, done…). Terminal states may still declare explicit re-opening events. */
  readonly terminal?: boolean;
  /** Display name (used by {@link toMermaid}); defaults to the state name. */
  readonly label?: string;
  /** Free tags, e.g. `won` / `lost` on deal stages (see `lostFromStage`). */
  readonly tags?: readonly string[];
  /** Data required to enter this state (e.g. a lost reason). */
  readonly requires?: RequiredData;
  /** Domain event suffix(es) on entering this state, overriding the definition's naming; `false` for none. */
  readonly emit?: string | readonly string[] | false;
  /** Timestamps set on entering this state. */
  readonly stamps?: readonly StampRule[];
  /** Outgoing transitions by event: a target state, or a {@link TransitionConfig}. */
  readonly on?: { readonly [K in E]?: S | TransitionConfig<S, E> };
}

/** What {@link defineLifecycle} takes. */
export interface LifecycleConfig<S extends string = string, E extends string = string> {
  /** Lifecycle name, stored in every transition record (`lead`, `ticket`, `pipeline:p1`…). */
  readonly name: string;
  /** Entity name used in domain event types (`deal` → `deal.won`); defaults to `name`. */
  readonly entity?: string;
  /** Domain events are named after the target state (`deal.won`, default) or the event (`deal.win`). */
  readonly eventNaming?: 'state' | 'event';
  /** Initial state. */
  readonly initial: NoInfer<S>;
  /** The states, by name. */
  readonly states: { readonly [K in S]: StateConfig<NoInfer<S>, E> };
  /** Which backward transitions may happen (default `'allowed'`). */
  readonly backwardPolicy?: BackwardPolicy<NoInfer<E>>;
}

/** A transition after compilation (internal). */
export interface CompiledTransition {
  readonly event: string;
  readonly from: string;
  readonly to: string;
  readonly guard: Guard | undefined;
  readonly backward: boolean;
  readonly permitted: boolean;
  readonly eventTypes: readonly string[];
  readonly stamps: readonly { readonly field: string; readonly once: boolean }[];
  readonly requires: RequiredData | undefined;
}

/** Precomputed lookup tables of a definition (internal). */
export interface Compiled {
  readonly table: { readonly [state: string]: { readonly [event: string]: CompiledTransition | undefined } | undefined };
  readonly allowed: { readonly [state: string]: readonly string[] | undefined };
  readonly config: LifecycleConfig;
}

/** Key of the compiled tables on a definition object. */
export const COMPILED: unique symbol = Symbol('crmkit.lifecycle.compiled');

/**
 * A validated lifecycle: its name, states and events as literal unions, and its policy. Create
 * one with {@link defineLifecycle} (or a built-in factory); pass it to `transition`.
 */
export interface LifecycleDefinition<S extends string = string, E extends string = string> {
  /** Lifecycle name (stored in transition records). */
  readonly name: string;
  /** Entity name used in domain event types. */
  readonly entity: string;
  /** Initial state. */
  readonly initial: S;
  /** Every state, in declaration order. */
  readonly states: readonly S[];
  /** Every event declared anywhere, in first-declaration order. */
  readonly events: readonly E[];
  /** The terminal states. */
  readonly terminalStates: readonly S[];
  /** The backward policy in force. */
  readonly backwardPolicy: BackwardPolicy<E>;
  /** How domain events are named. */
  readonly eventNaming: 'state' | 'event';
}

/** The state-name union of a definition: `StateOf<typeof lead>`. */
export type StateOf<D> = D extends LifecycleDefinition<infer S, string> ? S : never;
/** The event-name union of a definition: `EventOf<typeof lead>`. */
export type EventOf<D> = D extends LifecycleDefinition<string, infer E> ? E : never;

/** @internal */
export function compiledOf(definition: LifecycleDefinition<string, string>): Compiled {
  return (definition as unknown as { [COMPILED]: Compiled })[COMPILED];
}

function isSchema(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && typeof (value as { safeParse?: unknown }).safeParse === 'function';
}

function emitList(value: string | readonly string[] | false | undefined): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (value === false) return [];
  return typeof value === 'string' ? [value] : value;
}

function stampList(rules: readonly StampRule[] | undefined): { field: string; once: boolean }[] {
  return (rules ?? []).map((rule) => (typeof rule === 'string' ? { field: rule, once: false } : { field: rule.field, once: rule.once === true }));
}

/**
 * Defines a lifecycle: validates it (every problem is reported at once) and compiles lookup
 * tables so that `transition` is a couple of property reads. State and event names are inferred
 * as literal types from the object you pass (use it inline, or `as const`).
 *
 * Checks: the initial state exists; every target exists; every state is reachable from the
 * initial one (following declared transitions); `backwardPolicy.events` are declared events;
 * event names are non-empty and do not start with `@`; guards are functions; `requires` is a
 * field list or a zod schema.
 *
 * @param config - name, initial state, states with their outgoing events, optional entity name,
 *   event naming and backward policy
 * @returns the frozen definition
 * @throws {@link ValidationError} listing every issue, each with its path (`states.lost.on.reopen`)
 *
 * @example
 * ```ts
 * import { defineLifecycle, transition } from 'crmkit/lifecycle';
 * const door = defineLifecycle({
 *   name: 'door',
 *   initial: 'closed',
 *   states: {
 *     closed: { on: { open: 'opened', lock: { target: 'locked', guard: (ctx) => ctx.actor === 'admin' || { reason: 'admins only' } } } },
 *     opened: { on: { close: 'closed' } },
 *     locked: { terminal: true },
 *   },
 * });
 * door.states; //=> ['closed', 'opened', 'locked']
 * transition(door, 'closed', 'open', { now: new Date(0) }).ok; //=> true
 * ```
 */
export function defineLifecycle<const S extends string, const E extends string = never>(
  config: LifecycleConfig<S, E>,
): LifecycleDefinition<S, E> {
  const issues: ValidationIssue[] = [];
  const issue = (path: PropertyKey[], message: string): void => {
    issues.push({ code: 'custom', path, message });
  };
  if (typeof config.name !== 'string' || config.name.trim() === '') issue(['name'], 'A lifecycle needs a non-empty name');
  const statesConfig = (config.states ?? {}) as { readonly [state: string]: StateConfig | undefined };
  const states = Object.keys(statesConfig);
  const stateSet = new Set(states);
  if (states.length === 0) issue(['states'], 'A lifecycle needs at least one state');
  if (!stateSet.has(config.initial)) issue(['initial'], `Unknown initial state "${String(config.initial)}"`);
  const policy: BackwardPolicy = config.backwardPolicy ?? 'allowed';
  const allowedBackward =
    policy === 'allowed' ? null : policy === 'forbidden' ? new Set<string>() : new Set<string>(Array.isArray(policy.events) ? policy.events : []);
  if (policy !== 'allowed' && policy !== 'forbidden' && !Array.isArray((policy as { events?: unknown }).events)) {
    issue(['backwardPolicy'], "backwardPolicy must be 'forbidden', 'allowed' or { events: [...] }");
  }
  const entity = config.entity ?? config.name;
  const naming = config.eventNaming ?? 'state';
  if (naming !== 'state' && naming !== 'event') issue(['eventNaming'], "eventNaming must be 'state' or 'event'");

  const events: string[] = [];
  const eventSet = new Set<string>();
  const table: Record<string, Record<string, CompiledTransition>> = Object.create(null);
  const allowed: Record<string, readonly string[]> = Object.create(null);
  const edges = new Map<string, string[]>();
  const terminalStates: string[] = [];

  for (const state of states) {
    const sc = statesConfig[state] ?? {};
    if (state.trim() === '') issue(['states', state], 'State names must be non-empty');
    if (sc.terminal === true) terminalStates.push(state);
    if (sc.requires !== undefined && !Array.isArray(sc.requires) && !isSchema(sc.requires)) {
      issue(['states', state, 'requires'], 'requires must be a list of field names or a zod schema');
    }
    const row: Record<string, CompiledTransition> = Object.create(null);
    const allowedHere: string[] = [];
    const targets: string[] = [];
    const on = (sc.on ?? {}) as { readonly [event: string]: string | TransitionConfig | undefined };
    for (const event of Object.keys(on)) {
      const raw = on[event];
      if (raw === undefined) continue;
      const path = ['states', state, 'on', event];
      if (event.trim() === '' || event.startsWith('@')) issue(path, `Invalid event name "${event}" (empty, or starting with "@")`);
      const tc: TransitionConfig = typeof raw === 'string' ? { target: raw } : raw;
      if (typeof tc !== 'object' || tc === null || typeof tc.target !== 'string') {
        issue(path, 'A transition is a target state name or { target, guard?, backward? }');
        continue;
      }
      if (!stateSet.has(tc.target)) {
        issue(path, `Unknown target state "${tc.target}"; known states: ${states.join(', ')}`);
        continue;
      }
      if (tc.guard !== undefined && typeof tc.guard !== 'function') issue([...path, 'guard'], 'A guard must be a function');
      if (!eventSet.has(event)) {
        eventSet.add(event);
        events.push(event);
      }
      const target = statesConfig[tc.target] ?? {};
      const backward = tc.backward === true;
      const permitted = !backward || allowedBackward === null || allowedBackward.has(event);
      const suffixes = emitList(tc.emit) ?? emitList(target.emit) ?? [naming === 'event' ? event : tc.target];
      const transitionStamps = stampList(tc.stamps);
      const seen = new Set(transitionStamps.map((s) => s.field));
      const stamps = [...transitionStamps, ...stampList(target.stamps).filter((s) => !seen.has(s.field))];
      row[event] = Object.freeze({
        event,
        from: state,
        to: tc.target,
        guard: tc.guard as Guard | undefined,
        backward,
        permitted,
        eventTypes: Object.freeze(suffixes.map((suffix) => `${entity}.${suffix}`)),
        stamps: Object.freeze(stamps.map((s) => Object.freeze(s))),
        requires: target.requires,
      });
      if (permitted) allowedHere.push(event);
      targets.push(tc.target);
    }
    table[state] = row;
    allowed[state] = Object.freeze(allowedHere);
    edges.set(state, targets);
  }

  if (allowedBackward !== null && typeof policy === 'object') {
    policy.events.forEach((event, index) => {
      if (!eventSet.has(event)) issue(['backwardPolicy', 'events', index], `Unknown event "${event}" in backwardPolicy`);
    });
  }

  if (stateSet.has(config.initial)) {
    const seen = new Set<string>([config.initial]);
    const queue = [config.initial as string];
    while (queue.length > 0) {
      const next = queue.pop() as string;
      for (const target of edges.get(next) ?? []) {
        if (!seen.has(target)) {
          seen.add(target);
          queue.push(target);
        }
      }
    }
    for (const state of states) {
      if (!seen.has(state)) issue(['states', state], `State "${state}" is unreachable from "${config.initial}"`);
    }
  }

  if (issues.length > 0) throw new ValidationError(`lifecycle "${String(config.name)}"`, issues);

  const compiled: Compiled = { table, allowed, config: config as unknown as LifecycleConfig };
  const definition = {
    name: config.name,
    entity,
    initial: config.initial,
    states: Object.freeze([...states]),
    events: Object.freeze([...events]),
    terminalStates: Object.freeze(terminalStates),
    backwardPolicy: policy,
    eventNaming: naming,
  };
  Object.defineProperty(definition, COMPILED, { value: compiled, enumerable: false });
  return Object.freeze(definition) as unknown as LifecycleDefinition<S, E>;
}
