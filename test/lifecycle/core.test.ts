import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidTransitionError, ValidationError } from '../../src/errors';
import {
  allowedEvents,
  defineLifecycle,
  isTerminal,
  reachableStates,
  snapshotOf,
  start,
  toMermaid,
  transition,
  transitionOrThrow,
} from '../../src/lifecycle';

const now = new Date('2025-03-01T12:00:00Z');

const door = defineLifecycle({
  name: 'door',
  entity: 'door',
  initial: 'closed',
  states: {
    closed: {
      on: {
        open: 'opened',
        lock: { target: 'locked', guard: (ctx) => ctx.actor === 'admin' || { reason: 'only admins lock doors' } },
      },
    },
    opened: { on: { close: { target: 'closed', backward: true } } },
    locked: { terminal: true, requires: ['key'], on: { unlock: { target: 'closed', backward: true, emit: 'unlocked' } } },
  },
});

describe('defineLifecycle', () => {
  it('infers states and events in declaration order', () => {
    expect(door.states).toEqual(['closed', 'opened', 'locked']);
    expect(door.events).toEqual(['open', 'lock', 'close', 'unlock']);
    expect(door.terminalStates).toEqual(['locked']);
    expect(door.backwardPolicy).toBe('allowed');
  });

  it('reports every problem of a bad definition at once', () => {
    let caught: unknown;
    try {
      defineLifecycle({
        name: 'bad',
        initial: 'a',
        states: {
          a: { on: { go: 'b' } },
          b: {},
          orphan: {},
          // @ts-expect-error — 'nowhere' is not a state
          c: { on: { jump: 'nowhere' } },
        },
        // @ts-expect-error — 'fly' is not an event
        backwardPolicy: { events: ['fly'] },
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    const messages = (caught as ValidationError).issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^states\.c\.on\.jump: Unknown target state "nowhere"/),
      'backwardPolicy.events.0: Unknown event "fly" in backwardPolicy',
      'states.orphan: State "orphan" is unreachable from "a"',
      'states.c: State "c" is unreachable from "a"',
    ]);
  });

  it('rejects an unknown initial state', () => {
    // @ts-expect-error — 'zz' is not a state
    expect(() => defineLifecycle({ name: 'x', initial: 'zz', states: { a: {} } })).toThrow(/Unknown initial state "zz"/);
  });

  it('rejects reserved event names', () => {
    expect(() => defineLifecycle({ name: 'x', initial: 'a', states: { a: { on: { '@go': 'b' } }, b: {} } })).toThrow(ValidationError);
  });
});

describe('transition', () => {
  it('returns the next snapshot, the domain events and the log record, without touching the input', () => {
    const snapshot = snapshotOf(door, 'closed');
    const result = transitionOrThrow(door, snapshot, 'open', { now, actor: 'u1', entityId: 'd1', reason: 'airing' });
    expect(snapshot).toEqual({ lifecycle: 'door', state: 'closed', enteredAt: null, transitionCount: 0 });
    expect(result.snapshot).toEqual({ lifecycle: 'door', state: 'opened', enteredAt: now, transitionCount: 1 });
    expect(result.events).toEqual([
      { type: 'door.opened', lifecycle: 'door', entity: 'door', entityId: 'd1', from: 'closed', to: 'opened', event: 'open', at: now, actor: 'u1', data: {} },
    ]);
    expect(result.entry).toEqual({
      entity: 'door', entityId: 'd1', lifecycle: 'door', from: 'closed', to: 'opened', event: 'open', at: now, actor: 'u1', reason: 'airing', data: {},
    });
  });

  it('accepts a bare state name as the snapshot', () => {
    const result = transition(door, 'opened', 'close', { now });
    expect(result.ok && result.snapshot.state).toBe('closed');
  });

  it('leaves the instant null when no clock is injected', () => {
    const result = transitionOrThrow(door, 'closed', 'open');
    expect(result.entry.at).toBeNull();
  });

  it('refuses an event that is not declared from the state and lists the allowed events', () => {
    const result = transition(door, 'opened', 'lock', { now });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(InvalidTransitionError);
    expect(result.error.allowed).toEqual(['close']);
    expect(result.error.from).toBe('opened');
    expect(result.error.event).toBe('lock');
    expect(result.error.reason).toBeUndefined();
  });

  it('refuses when a guard says no, with its reason', () => {
    const refused = transition(door, 'closed', 'lock', { now, actor: 'guest', data: { key: 'k' } });
    expect(refused.ok || refused.error.reason).toBe('only admins lock doors');
    expect(transition(door, 'closed', 'lock', { now, actor: 'admin', data: { key: 'k' } }).ok).toBe(true);
  });

  it('refuses to enter a state without the data it requires', () => {
    const refused = transition(door, 'closed', 'lock', { now, actor: 'admin' });
    expect(refused.ok || refused.error.reason).toBe('entering "locked" requires key');
  });

  it('checks required data against a zod schema, taking the reason from the context', () => {
    const ticket = defineLifecycle({
      name: 'mini',
      initial: 'open',
      states: { open: { on: { drop: 'dropped' } }, dropped: { requires: z.object({ reason: z.string().min(3) }) } },
    });
    expect(transition(ticket, 'open', 'drop', { now }).ok).toBe(false);
    expect(transition(ticket, 'open', 'drop', { now, reason: 'duplicate' }).ok).toBe(true);
  });

  it('refuses data that uses a reserved log key', () => {
    const refused = transition(door, 'closed', 'open', { now, data: { to: 'x' } });
    expect(refused.ok || refused.error.reason).toMatch(/reserved key "to"/);
  });

  it('refuses an unknown current state', () => {
    const refused = transition(door, 'ajar' as 'closed', 'open', { now });
    expect(refused.ok || refused.error.reason).toBe('unknown state "ajar"');
  });

  it('throws the refusal from transitionOrThrow', () => {
    expect(() => transitionOrThrow(door, 'locked', 'open')).toThrow(InvalidTransitionError);
    expect(() => transitionOrThrow(door, 'locked', 'open')).toThrow('door: event "open" is not allowed from "locked"; allowed: unlock');
  });

  it('names domain events after the event when asked to, and honours per-transition overrides', () => {
    const byEvent = defineLifecycle({
      name: 'door2',
      eventNaming: 'event',
      initial: 'closed',
      states: { closed: { on: { open: 'opened' } }, opened: { on: { close: { target: 'closed', emit: ['shut', 'quiet'] } } } },
    });
    expect(transitionOrThrow(byEvent, 'closed', 'open').events.map((e) => e.type)).toEqual(['door2.open']);
    expect(transitionOrThrow(byEvent, 'opened', 'close').events.map((e) => e.type)).toEqual(['door2.shut', 'door2.quiet']);
    expect(transitionOrThrow(door, 'locked', 'unlock').events.map((e) => e.type)).toEqual(['door.unlocked']);
  });

  it('starts a record with an @init log record', () => {
    const { snapshot, entry } = start(door, { now, entityId: 'd1' });
    expect(snapshot).toEqual({ lifecycle: 'door', state: 'closed', enteredAt: now, transitionCount: 0 });
    expect(entry).toMatchObject({ from: null, to: 'closed', event: '@init', at: now, entity: 'door', entityId: 'd1' });
  });

  it('throws on a snapshot of an unknown state', () => {
    expect(() => snapshotOf(door, 'ajar' as 'closed')).toThrow(/not a state of lifecycle "door"/);
  });
});

describe('the backward policy', () => {
  const build = (backwardPolicy: 'forbidden' | 'allowed' | { events: ('close' | 'unlock')[] }) =>
    defineLifecycle({
      name: 'door',
      initial: 'closed',
      states: {
        closed: { on: { open: 'opened' } },
        opened: { on: { close: { target: 'closed', backward: true }, lock: 'locked' } },
        locked: { on: { unlock: { target: 'opened', backward: true } } },
      },
      backwardPolicy,
    });

  it('forbids every backward transition when forbidden, and says why', () => {
    const lc = build('forbidden');
    expect(allowedEvents(lc, 'opened')).toEqual(['lock']);
    const refused = transition(lc, 'opened', 'close');
    expect(refused.ok || refused.error.reason).toMatch(/forbidden by the lifecycle's policy/);
    expect(refused.ok || refused.error.allowed).toEqual(['lock']);
  });

  it('allows only the listed backward events', () => {
    const lc = build({ events: ['unlock'] });
    expect(transition(lc, 'opened', 'close').ok).toBe(false);
    expect(transition(lc, 'locked', 'unlock').ok).toBe(true);
  });

  it('allows every backward transition when allowed', () => {
    const lc = build('allowed');
    expect(transition(lc, 'opened', 'close').ok).toBe(true);
    expect(reachableStates(lc, 'locked')).toEqual(['opened', 'closed', 'locked']);
  });

  it('leaves forbidden transitions out of reachability and the diagram', () => {
    const lc = build('forbidden');
    expect(reachableStates(lc, 'locked')).toEqual([]);
    expect(toMermaid(lc)).not.toContain(': close');
  });
});

describe('introspection', () => {
  it('lists allowed events, reachable states and terminal states', () => {
    expect(allowedEvents(door, 'closed')).toEqual(['open', 'lock']);
    expect(reachableStates(door)).toEqual(['opened', 'locked', 'closed']);
    expect(isTerminal(door, 'locked')).toBe(true);
    expect(isTerminal(door, 'closed')).toBe(false);
  });

  it('draws a Mermaid state diagram', () => {
    expect(toMermaid(door)).toBe(
      [
        'stateDiagram-v2',
        '  [*] --> closed',
        '  closed --> opened: open',
        '  closed --> locked: lock [guard]',
        '  opened --> closed: close ↩',
        '  locked --> closed: unlock ↩',
        '  locked --> [*]',
        '  note right of locked: requires key',
      ].join('\n'),
    );
  });

  it('gives states with characters Mermaid does not accept an id and a label', () => {
    const lc = defineLifecycle({ name: 'x', initial: 'stage-1', states: { 'stage-1': { label: 'Stage "one"', on: { go: '2' } }, '2': {} } });
    expect(toMermaid(lc)).toContain(`state "Stage 'one'" as stage_1`);
    expect(toMermaid(lc)).toContain('stage_1 --> s_2: go');
  });
});
