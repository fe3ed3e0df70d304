/**
 * Built-in lead lifecycles: the contact's lifecycle stage (HubSpot's funnel) and sales' lead
 * status. Factories: call them with options to adapt them, or define your own with
 * `defineLifecycle`.
 *
 * @module
 */
import type { LeadStatus, LifecycleStage } from '../model/contact';
import { defineLifecycle, type BackwardPolicy, type LifecycleDefinition, type RequiredData, type StateConfig } from './define';

/** Events of the lead lifecycle. */
export type LeadLifecycleEvent =
  | 'become_lead'
  | 'qualify_marketing'
  | 'qualify_sales'
  | 'open_opportunity'
  | 'win'
  | 'advocate'
  | 'demote'
  | 'disqualify'
  | 'recycle'
  | 'reengage'
  | 'requalify';

/** The funnel order of the lead lifecycle, and the forward event that enters each stage. */
const FUNNEL: readonly (readonly [LifecycleStage, LeadLifecycleEvent | null])[] = [
  ['subscriber', null],
  ['lead', 'become_lead'],
  ['marketing_qualified', 'qualify_marketing'],
  ['sales_qualified', 'qualify_sales'],
  ['opportunity', 'open_opportunity'],
  ['customer', 'win'],
  ['evangelist', 'advocate'],
];

/** Options of {@link leadLifecycle}. */
export interface LeadLifecycleOptions {
  /** Lifecycle name (default `lead`). */
  readonly name?: string;
  /** Entity name in domain events (default `contact`: `contact.customer`). */
  readonly entity?: string;
  /** Backward policy (default `{ events: ['recycle', 'requalify'] }`: forward-only, except the explicit backward events; `demote` needs `'allowed'`). */
  readonly backwardPolicy?: BackwardPolicy<LeadLifecycleEvent>;
  /** Data required to enter `disqualified` (default `['reason']`). */
  readonly disqualifyRequires?: RequiredData;
  /** Data required to enter `nurture` (default: none). */
  readonly recycleRequires?: RequiredData;
}

/**
 * The lead lifecycle (HubSpot's lifecycle stages): subscriber → lead → marketing qualified →
 * sales qualified → opportunity → customer → evangelist. Forward moves may skip stages up to
 * `customer` (only a customer can become an evangelist); each
 * stage has its entering event: `become_lead`, `qualify_marketing`, `qualify_sales`,
 * `open_opportunity`, `win`, `advocate`. It is forward-only by default, as HubSpot is; the
 * explicit backward events are `recycle` (to `nurture`, from lead … opportunity) and `requalify`
 * (from `disqualified` back to `lead`). `demote` (one stage back) exists but is refused unless
 * the policy is `'allowed'`. `disqualify` (→ `disqualified`, terminal) requires a reason;
 * `reengage` brings a nurtured record back to `lead`.
 *
 * @param options - name, entity, backward policy, required data
 * @returns the lifecycle definition
 * @throws {@link ValidationError} only if the options make it invalid (e.g. an unknown event in the policy)
 *
 * @example
 * ```ts
 * import { leadLifecycle, transition } from 'crmkit/lifecycle';
 * const lead = leadLifecycle();
 * const result = transition(lead, 'lead', 'qualify_sales', { now: new Date('2025-01-01T00:00:00Z') });
 * result.ok && result.snapshot.state; //=> 'sales_qualified'
 * transition(lead, 'customer', 'demote').ok; //=> false (backward moves are forbidden by default)
 * ```
 */
export function leadLifecycle(options: LeadLifecycleOptions = {}): LifecycleDefinition<LifecycleStage, LeadLifecycleEvent> {
  type On = { [K in LeadLifecycleEvent]?: LifecycleStage | { target: LifecycleStage; backward?: boolean } };
  const states = {} as Record<LifecycleStage, StateConfig<LifecycleStage, LeadLifecycleEvent>>;
  FUNNEL.forEach(([stage], index) => {
    const on: On = {};
    for (const [target, event] of FUNNEL.slice(index + 1)) if (event !== null && event !== 'advocate') on[event] = target;
    if (stage === 'customer') on.advocate = 'evangelist';
    const previous = FUNNEL[index - 1];
    if (previous !== undefined) on.demote = { target: previous[0], backward: true };
    if (index <= 4) on.disqualify = 'disqualified';
    if (index >= 1 && index <= 4) on.recycle = { target: 'nurture', backward: true };
    states[stage] = { on };
  });
  states.nurture = {
    ...(options.recycleRequires === undefined ? {} : { requires: options.recycleRequires }),
    on: { reengage: 'lead', qualify_marketing: 'marketing_qualified', qualify_sales: 'sales_qualified', disqualify: 'disqualified' },
  };
  states.disqualified = {
    terminal: true,
    requires: options.disqualifyRequires ?? ['reason'],
    on: { requalify: { target: 'lead', backward: true } },
  };
  return defineLifecycle<LifecycleStage, LeadLifecycleEvent>({
    name: options.name ?? 'lead',
    entity: options.entity ?? 'contact',
    initial: 'subscriber',
    states,
    backwardPolicy: options.backwardPolicy ?? { events: ['recycle', 'requalify'] },
  });
}

/** Events of the lead-status lifecycle. */
export type LeadStatusEvent = 'attempt_contact' | 'connect' | 'qualify' | 'disqualify' | 'defer' | 'retry' | 'reopen';

/** Options of {@link leadStatusLifecycle}. */
export interface LeadStatusLifecycleOptions {
  /** Lifecycle name (default `lead_status`). */
  readonly name?: string;
  /** Entity name in domain events (default `lead`: `lead.qualified`). */
  readonly entity?: string;
  /** Backward policy (default `'allowed'`; `reopen` is the only backward event). */
  readonly backwardPolicy?: BackwardPolicy<LeadStatusEvent>;
  /** Data required to enter `unqualified` (default `['reason']`). */
  readonly unqualifiedRequires?: RequiredData;
}

/**
 * Sales' lead status: `new` → `attempting_contact` → `connected` → `qualified` (terminal), with
 * `unqualified` (terminal, requires a reason; `reopen` → `new`, backward) and `bad_timing`
 * (`retry` → `attempting_contact`). Domain events: `lead.attempting_contact`, `lead.qualified`…
 *
 * @param options - name, entity, backward policy, data required to disqualify
 * @returns the lifecycle definition
 * @throws {@link ValidationError} only if the options make it invalid
 *
 * @example
 * ```ts
 * import { leadStatusLifecycle, transition } from 'crmkit/lifecycle';
 * const result = transition(leadStatusLifecycle(), 'connected', 'qualify', { now: new Date('2025-01-01T00:00:00Z') });
 * result.ok && result.events[0]?.type; //=> 'lead.qualified'
 * ```
 */
export function leadStatusLifecycle(options: LeadStatusLifecycleOptions = {}): LifecycleDefinition<LeadStatus, LeadStatusEvent> {
  return defineLifecycle<LeadStatus, LeadStatusEvent>({
    name: options.name ?? 'lead_status',
    entity: options.entity ?? 'lead',
    initial: 'new',
    states: {
      new: { on: { attempt_contact: 'attempting_contact', connect: 'connected', disqualify: 'unqualified' } },
      attempting_contact: { on: { connect: 'connected', defer: 'bad_timing', disqualify: 'unqualified' } },
      connected: { on: { qualify: 'qualified', defer: 'bad_timing', disqualify: 'unqualified' } },
      bad_timing: { on: { retry: 'attempting_contact', connect: 'connected', disqualify: 'unqualified' } },
      qualified: { terminal: true },
      unqualified: {
        terminal: true,
        requires: options.unqualifiedRequires ?? ['reason'],
        on: { reopen: { target: 'new', backward: true } },
      },
    },
    backwardPolicy: options.backwardPolicy ?? 'allowed',
  });
}
