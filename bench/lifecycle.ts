/**
 * Lifecycle: throughput of the pure `transition` (deal pipeline and ticket lifecycles, with
 * snapshot, domain event and log record built every time), against a hand-written switch-based
 * transition function doing the same state changes (the floor a table-driven machine is
 * measured against). Goal (issue 4): ≥ 1,000,000 transitions/s.
 */
import { dealPipelineLifecycle, snapshotOf, ticketLifecycle, transition, type LifecycleSnapshot } from '../src/lifecycle';
import { measure, report } from './harness';

type Stage = 'qualify' | 'demo' | 'proposal' | 'won' | 'lost';
type DealEvent = 'advance' | 'win' | 'lose' | 'reopen';

/** Baseline: the same deal pipeline as a switch, returning a new state object and a record. */
function switchTransition(state: { stage: Stage; count: number }, event: DealEvent, now: Date) {
  let to: Stage | null = null;
  switch (state.stage) {
    case 'qualify':
      to = event === 'advance' ? 'demo' : event === 'win' ? 'won' : event === 'lose' ? 'lost' : null;
      break;
    case 'demo':
      to = event === 'advance' ? 'proposal' : event === 'win' ? 'won' : event === 'lose' ? 'lost' : null;
      break;
    case 'proposal':
      to = event === 'win' ? 'won' : event === 'lose' ? 'lost' : null;
      break;
    case 'won':
    case 'lost':
      to = event === 'reopen' ? 'qualify' : null;
      break;
  }
  if (to === null) return { ok: false as const };
  return {
    ok: true as const,
    state: { stage: to, count: state.count + 1 },
    entry: { from: state.stage, to, event, at: now },
  };
}

export async function run(): Promise<void> {
  const deals = dealPipelineLifecycle({
    id: 'bench',
    stages: [
      { id: 'qualify', name: 'Qualify', order: 1, probability: 0.1, forecastCategory: 'pipeline', kind: 'open' },
      { id: 'demo', name: 'Demo', order: 2, probability: 0.3, forecastCategory: 'pipeline', kind: 'open' },
      { id: 'proposal', name: 'Proposal', order: 3, probability: 0.6, forecastCategory: 'best_case', kind: 'open' },
      { id: 'won', name: 'Won', order: 4, probability: 1, forecastCategory: 'closed', kind: 'won' },
      { id: 'lost', name: 'Lost', order: 5, probability: 0, forecastCategory: 'omitted', kind: 'lost' },
    ],
  } as const);
  // A cycle that returns to the start: 6 accepted transitions (one lost with a reason).
  const cycle: readonly DealEvent[] = ['advance', 'advance', 'win', 'reopen', 'lose', 'reopen'];
  const data = { lostReason: 'price' } as const;
  const now = new Date('2025-01-01T00:00:00Z');
  const n = 600_000;

  const baseline = await measure('switch-based transition (baseline)', n, () => {
    let state: { stage: Stage; count: number } = { stage: 'qualify', count: 0 };
    for (let i = 0; i < n; i++) {
      const result = switchTransition(state, cycle[i % 6]!, now);
      if (!result.ok) throw new Error('refused');
      state = result.state;
    }
  });
  const pipeline = await measure('transition (deal pipeline, table-driven)', n, () => {
    let snapshot: LifecycleSnapshot<Stage> = snapshotOf(deals, 'qualify');
    for (let i = 0; i < n; i++) {
      const event = cycle[i % 6]!;
      const result = transition(deals, snapshot, event, event === 'lose' ? { now, entityId: 'd1', data } : { now, entityId: 'd1' });
      if (!result.ok) throw result.error;
      snapshot = result.snapshot;
    }
  });
  report('lifecycle', pipeline, baseline, { text: '≥ 1,000,000 transitions/s', met: pipeline.opsPerSecond >= 1_000_000 });

  const ticket = ticketLifecycle();
  const ticketCycle = ['respond', 'escalate', 'resolve', 'close', 'reopen', 'ask_customer', 'customer_replied', 'resolve', 'reopen'] as const;
  const tickets = await measure('transition (ticket, with timestamps)', n, () => {
    let snapshot: LifecycleSnapshot<(typeof ticket.states)[number]> = snapshotOf(ticket, 'new');
    for (let i = 0; i < n; i++) {
      const event = i === 0 ? 'respond' : ticketCycle[1 + ((i - 1) % 8)]!;
      const result = transition(ticket, snapshot, event, { now, entityId: 't1' });
      if (!result.ok) throw result.error;
      snapshot = result.snapshot;
    }
  });
  report('lifecycle', tickets, baseline, { text: '≥ 1,000,000 transitions/s', met: tickets.opsPerSecond >= 1_000_000 });
}
