/**
 * Property: after any sequence of service operations on deals and tickets (accepted or refused),
 * replaying each record's logged history with the lifecycle rebuilds its current state exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCrm } from '../../src/crm';
import { replay } from '../../src/lifecycle/log';
import { steppingClock } from '../../src/model/clock';
import { sequentialIds } from '../../src/model/ids';
import { createMemoryStore } from '../../src/store/memory';
import { PIPELINE } from './_scenarios';

const DEAL_EVENTS = ['advance', 'win', 'lose', 'reopen', 'move:qualify', 'move:demo', 'move:proposal', 'bogus'] as const;
const TICKET_EVENTS = ['respond', 'ask_customer', 'customer_replied', 'escalate', 'de_escalate', 'resolve', 'close', 'reopen'] as const;

type Step =
  | { kind: 'deal'; index: number; event: (typeof DEAL_EVENTS)[number] }
  | { kind: 'ticket'; index: number; event: (typeof TICKET_EVENTS)[number] }
  | { kind: 'offer'; index: number; action: 'add' | 'reject' | 'renegotiate' | 'accept' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('deal' as const), index: fc.nat(2), event: fc.constantFrom(...DEAL_EVENTS) }),
  fc.record({ kind: fc.constant('ticket' as const), index: fc.nat(2), event: fc.constantFrom(...TICKET_EVENTS) }),
  fc.record({ kind: fc.constant('offer' as const), index: fc.nat(2), action: fc.constantFrom('add' as const, 'reject' as const, 'renegotiate' as const, 'accept' as const) }),
);

describe('the transition log', () => {
  it('rebuilds the current state of every deal and ticket when replayed, after random operation sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        const clock = steppingClock('2025-01-01T00:00:00Z', 60_000);
        const store = createMemoryStore({ workspaceId: 'w', clock });
        const crm = createCrm({ store, clock, ids: sequentialIds() });
        await crm.createPipeline(PIPELINE);
        const deals = [];
        const tickets = [];
        for (let i = 0; i < 3; i++) {
          deals.push((await crm.createDeal({ name: `Deal ${i}` })).record.id);
          tickets.push((await crm.openTicket({ subject: `Ticket ${i}` })).record.id);
        }
        for (const s of steps) {
          try {
            if (s.kind === 'deal') {
              await crm.transition('deal', deals[s.index]!, s.event, s.event === 'lose' ? { data: { lostReason: 'timing' } } : {});
            } else if (s.kind === 'ticket') {
              await crm.transition('ticket', tickets[s.index]!, s.event);
            } else if (s.action === 'add' || s.action === 'renegotiate') {
              await crm[s.action === 'add' ? 'addOffer' : 'renegotiate'](deals[s.index]!, { amount: { amountMinor: 1000, currency: 'EUR' } });
            } else if (s.action === 'reject') {
              await crm.rejectOffer(deals[s.index]!);
            } else {
              await crm.acceptOffer(deals[s.index]!);
            }
          } catch (error) {
            if (!(error instanceof Error) || !('code' in error)) throw error;
          }
        }
        for (const id of deals) {
          const deal = await store.require('deal', id);
          const rebuilt = replay(await crm.lifecycleOf('deal', id), await crm.history('deal', id));
          expect(rebuilt.state).toBe(deal.stageId);
          if (deal.closedAt !== undefined) expect(rebuilt.enteredAt).toEqual(deal.closedAt);
        }
        const tickets_ = await crm.lifecycleOf('ticket');
        for (const id of tickets) {
          const ticket = await store.require('ticket', id);
          const history = await crm.history('ticket', id);
          const rebuilt = replay(tickets_, history);
          expect(rebuilt.state).toBe(ticket.status);
          expect(rebuilt.transitionCount).toBe(history.length - 1);
          expect(ticket.version).toBe(history.length + (ticket.teamId === undefined ? 0 : 1));
        }
      }),
      { numRuns: 60 },
    );
  });
});
