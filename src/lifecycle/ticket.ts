/**
 * Built-in support-ticket lifecycle.
 *
 * @module
 */
import type { TicketStatus } from '../model/ticket';
import { defineLifecycle, type BackwardPolicy, type LifecycleDefinition } from './define';

/** Events of the ticket lifecycle. */
export type TicketEvent = 'respond' | 'ask_customer' | 'customer_replied' | 'escalate' | 'de_escalate' | 'resolve' | 'close' | 'reopen';

/** Options of {@link ticketLifecycle}. */
export interface TicketLifecycleOptions {
  /** Lifecycle name (default `ticket`). */
  readonly name?: string;
  /** Entity name in domain events (default `ticket`). */
  readonly entity?: string;
  /** Backward policy (default `'allowed'`; `reopen` is the only backward event). */
  readonly backwardPolicy?: BackwardPolicy<TicketEvent>;
}

const FIRST_RESPONSE = { field: 'firstResponseAt', once: true } as const;

/**
 * The support-ticket lifecycle: `new` → `open` ⇄ `waiting_on_customer`, `escalated`, →
 * `resolved` → `closed` (terminal), and `reopen` (from resolved or closed, backward) back to
 * `open`. Each transition reports the timestamps to set (`timestamps` in the result):
 * `firstResponseAt` (once) on the first agent action (`respond`, `ask_customer`, `resolve`,
 * `close`), `escalatedAt` on `escalate`, `resolvedAt` on `resolve` (and once on `close`, since a
 * closed ticket needs one), `closedAt` on `close`. Domain events: `ticket.open`,
 * `ticket.escalated`, `ticket.resolved`, `ticket.closed`, `ticket.reopened`… (the service also
 * increments `reopenCount` on `reopen`).
 *
 * @param options - name, entity, backward policy
 * @returns the lifecycle definition
 * @throws {@link ValidationError} only if the options make it invalid
 *
 * @example
 * ```ts
 * import { ticketLifecycle, transition } from 'crmkit/lifecycle';
 * const result = transition(ticketLifecycle(), 'new', 'resolve', { now: new Date('2025-01-02T00:00:00Z') });
 * result.ok && result.timestamps.map((t) => t.field); //=> ['firstResponseAt', 'resolvedAt']
 * ```
 */
export function ticketLifecycle(options: TicketLifecycleOptions = {}): LifecycleDefinition<TicketStatus, TicketEvent> {
  const respond = { target: 'open', stamps: [FIRST_RESPONSE] } as const;
  const ask = { target: 'waiting_on_customer', stamps: [FIRST_RESPONSE] } as const;
  const resolve = { target: 'resolved', stamps: [FIRST_RESPONSE] } as const;
  const close = { target: 'closed', stamps: [FIRST_RESPONSE, { field: 'resolvedAt', once: true }] } as const;
  return defineLifecycle<TicketStatus, TicketEvent>({
    name: options.name ?? 'ticket',
    entity: options.entity ?? 'ticket',
    initial: 'new',
    states: {
      new: { on: { respond, ask_customer: ask, escalate: 'escalated', resolve, close } },
      open: { on: { ask_customer: ask, escalate: 'escalated', resolve, close } },
      waiting_on_customer: { on: { customer_replied: 'open', escalate: 'escalated', resolve, close } },
      escalated: { stamps: ['escalatedAt'], on: { de_escalate: 'open', ask_customer: ask, resolve, close } },
      resolved: { stamps: ['resolvedAt'], on: { close, reopen: { target: 'open', backward: true, emit: 'reopened' } } },
      closed: { terminal: true, stamps: ['closedAt'], on: { reopen: { target: 'open', backward: true, emit: 'reopened' } } },
    },
    backwardPolicy: options.backwardPolicy ?? 'allowed',
  });
}
