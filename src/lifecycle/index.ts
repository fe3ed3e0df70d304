/**
 * crmkit/lifecycle — the state-machine core (pure transitions, introspection, the transition log)
 * and the built-in lifecycles: lead lifecycle stage, lead status, deal pipelines, tickets, tasks.
 *
 * A transition is a pure function `transition(definition, snapshot, event, context)` returning
 * `{ ok: true, snapshot, events, entry, timestamps }` or `{ ok: false, error }`; it executes
 * nothing. The CRM service persists the result and appends `toLogEntry(entry)` to the log in one
 * transaction. See docs/lifecycles.md.
 *
 * @example
 * ```ts
 * import { defineLifecycle, transition } from 'crmkit/lifecycle';
 * const light = defineLifecycle({ name: 'light', initial: 'off', states: { off: { on: { toggle: 'on' } }, on: { on: { toggle: 'off' } } } });
 * const result = transition(light, 'off', 'toggle', { now: new Date(0) });
 * result.ok && result.snapshot.state; //=> 'on'
 * ```
 *
 * @module lifecycle
 */
export { defineLifecycle, INIT_EVENT, RESERVED_DATA_KEYS } from './define';
export type {
  BackwardPolicy,
  EventOf,
  Guard,
  GuardContext,
  JsonObject,
  LifecycleConfig,
  LifecycleDefinition,
  RequiredData,
  StampRule,
  StateConfig,
  StateOf,
  TransitionConfig,
} from './define';
export { snapshotOf, start, transition, transitionOrThrow } from './transition';
export type {
  DomainEvent,
  LifecycleSnapshot,
  TimestampUpdate,
  TransitionContext,
  TransitionFailure,
  TransitionRecord,
  TransitionResult,
  TransitionSuccess,
} from './transition';
export { allowedEvents, isTerminal, reachableStates, statesTagged, toMermaid } from './introspect';
export { firstEntered, fromLogEntry, lostFromStage, replay, stageHistory, timeInStage, toLogEntry } from './log';
export type { LogFilter, LostFromStageOptions, ReplayOptions, StageDuration, StageVisit, TimeInStageOptions, TransitionLogEntry } from './log';
export { leadLifecycle, leadStatusLifecycle } from './lead';
export type { LeadLifecycleEvent, LeadLifecycleOptions, LeadStatusEvent, LeadStatusLifecycleOptions } from './lead';
export { dealPipelineLifecycle, dealStageInfo, LostDealDataSchema } from './deal-pipeline';
export type { DealPipelineEvent, DealPipelineLifecycle, DealPipelineOptions, DealStageInfo, PipelineLike, PipelineStageLike } from './deal-pipeline';
export { ticketLifecycle } from './ticket';
export type { TicketEvent, TicketLifecycleOptions } from './ticket';
export { taskLifecycle } from './task';
export type { TaskEvent, TaskLifecycleOptions } from './task';
