import { describe, expectTypeOf, it } from 'vitest';
import {
  allowedEvents,
  dealPipelineLifecycle,
  defineLifecycle,
  isTerminal,
  leadLifecycle,
  ticketLifecycle,
  transition,
  type EventOf,
  type StateOf,
} from '../../src/lifecycle';
import type { LifecycleStage } from '../../src/model/contact';
import type { TicketStatus } from '../../src/model/ticket';

const door = defineLifecycle({
  name: 'door',
  initial: 'closed',
  states: {
    closed: { on: { open: 'opened' } },
    opened: { on: { close: { target: 'closed', backward: true } } },
  },
});

describe('lifecycle types', () => {
  it('infers state and event names as literal unions', () => {
    expectTypeOf<StateOf<typeof door>>().toEqualTypeOf<'closed' | 'opened'>();
    expectTypeOf<EventOf<typeof door>>().toEqualTypeOf<'open' | 'close'>();
    expectTypeOf(allowedEvents(door, 'closed')).toEqualTypeOf<readonly ('open' | 'close')[]>();
    expectTypeOf<StateOf<ReturnType<typeof leadLifecycle>>>().toEqualTypeOf<LifecycleStage>();
    expectTypeOf<StateOf<ReturnType<typeof ticketLifecycle>>>().toEqualTypeOf<TicketStatus>();
  });

  it('types the next state of a successful transition', () => {
    const result = transition(door, 'closed', 'open');
    if (result.ok) expectTypeOf(result.snapshot.state).toEqualTypeOf<'closed' | 'opened'>();
  });

  it('does not compile a typo in an event or a state name', () => {
    // @ts-expect-error — 'opne' is not an event of door
    transition(door, 'closed', 'opne');
    // @ts-expect-error — 'shut' is not a state of door
    transition(door, 'shut', 'open');
    // @ts-expect-error — 'ajar' is not a state of door
    isTerminal(door, 'ajar');
    // @ts-expect-error — 'qualifyy_sales' is not an event of the lead lifecycle
    transition(leadLifecycle(), 'lead', 'qualifyy_sales');
    // @ts-expect-error — 'wait' is not a ticket status
    allowedEvents(ticketLifecycle(), 'wait');
  });

  it('does not compile a typo in a definition', () => {
    const define = () => [
      defineLifecycle({
        name: 'x',
        // @ts-expect-error — the initial state must be one of the states
        initial: 'closd',
        states: { closed: {} },
      }),
      defineLifecycle({
        name: 'x',
        initial: 'a',
        // @ts-expect-error — a target must be one of the states
        states: { a: { on: { go: 'bb' } }, b: {} },
      }),
      defineLifecycle({
        name: 'x',
        initial: 'a',
        states: { a: { on: { go: { target: 'b', backward: true } } }, b: {} },
        // @ts-expect-error — the backward policy may only name declared events
        backwardPolicy: { events: ['og'] },
      }),
    ];
    expectTypeOf(define).toBeFunction();
  });

  it('infers stage ids and move events from a pipeline given as const', () => {
    const deals = dealPipelineLifecycle({
      id: 'p1',
      stages: [
        { id: 'qualify', name: 'Q', order: 1, probability: 0.1, forecastCategory: 'pipeline', kind: 'open' },
        { id: 'won', name: 'W', order: 2, probability: 1, forecastCategory: 'closed', kind: 'won' },
        { id: 'lost', name: 'L', order: 3, probability: 0, forecastCategory: 'omitted', kind: 'lost' },
      ],
    } as const);
    expectTypeOf<StateOf<typeof deals>>().toEqualTypeOf<'qualify' | 'won' | 'lost'>();
    expectTypeOf<'move:qualify'>().toExtend<EventOf<typeof deals>>();
    const typo = () =>
      // @ts-expect-error — there is no stage 'qualfy'
      transition(deals, 'qualify', 'move:qualfy');
    expectTypeOf(typo).toBeFunction();
  });
});
