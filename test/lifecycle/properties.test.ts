import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedEvents,
  dealPipelineLifecycle,
  leadLifecycle,
  leadStatusLifecycle,
  reachableStates,
  replay,
  start,
  taskLifecycle,
  ticketLifecycle,
  transition,
  type LifecycleDefinition,
  type LifecycleSnapshot,
  type TransitionRecord,
} from '../../src/lifecycle';

const deals = dealPipelineLifecycle({
  id: 'p1',
  stages: [
    { id: 'qualify', name: 'Qualify', order: 1, probability: 0.2, forecastCategory: 'pipeline', kind: 'open' },
    { id: 'demo', name: 'Demo', order: 2, probability: 0.4, forecastCategory: 'pipeline', kind: 'open' },
    { id: 'proposal', name: 'Proposal', order: 3, probability: 0.6, forecastCategory: 'best_case', kind: 'open' },
    { id: 'won', name: 'Won', order: 4, probability: 1, forecastCategory: 'closed', kind: 'won' },
    { id: 'lost', name: 'Lost', order: 5, probability: 0, forecastCategory: 'omitted', kind: 'lost' },
    { id: 'lost_later', name: 'Lost later', order: 6, probability: 0, forecastCategory: 'omitted', kind: 'lost' },
  ],
} as const, { backwardPolicy: { events: ['reopen'] } });

const definitions: readonly LifecycleDefinition[] = [
  leadLifecycle(),
  leadLifecycle({ backwardPolicy: 'forbidden' }),
  leadStatusLifecycle(),
  deals,
  ticketLifecycle(),
  taskLifecycle({ backwardPolicy: 'forbidden' }),
];

/** An event step: an index into every declared event plus one unknown name, and whether to send data. */
const steps = fc.array(fc.record({ event: fc.nat(), withData: fc.boolean(), minutes: fc.integer({ min: 0, max: 10_000 }) }), { maxLength: 60 });

function run(definition: LifecycleDefinition, sequence: readonly { event: number; withData: boolean; minutes: number }[]) {
  const events = [...definition.events, 'not_an_event'];
  let time = Date.UTC(2025, 0, 1);
  const first = start(definition, { now: new Date(time), entityId: 'r1' });
  let snapshot: LifecycleSnapshot = first.snapshot;
  const log: TransitionRecord[] = [first.entry];
  const visited: { before: LifecycleSnapshot; event: string; after: LifecycleSnapshot; ok: boolean; allowed: readonly string[] }[] = [];
  for (const step of sequence) {
    time += step.minutes * 60_000;
    const event = events[step.event % events.length]!;
    const before = snapshot;
    const result = transition(definition, snapshot, event, {
      now: new Date(time),
      entityId: 'r1',
      reason: step.withData ? 'because' : undefined as unknown as string,
      ...(step.withData ? { data: { lostReason: 'price' } } : {}),
    });
    if (result.ok) {
      snapshot = result.snapshot;
      log.push(result.entry);
    }
    visited.push({ before, event, after: snapshot, ok: result.ok, allowed: result.ok ? [] : result.error.allowed });
  }
  return { snapshot, log, visited };
}

describe('lifecycle properties', () => {
  it.each(definitions.map((d) => [d.name, d] as const))(
    'random event sequences on %s never reach a state the definition forbids',
    (_, definition) => {
      const reachable = new Set([definition.initial, ...reachableStates(definition)]);
      fc.assert(
        fc.property(steps, (sequence) => {
          const { visited } = run(definition, sequence);
          for (const step of visited) {
            const allowed = allowedEvents(definition, step.before.state);
            expect(reachable.has(step.after.state)).toBe(true);
            if (step.ok) {
              // Accepted only if declared from the state and permitted by the backward policy.
              expect(allowed).toContain(step.event);
              expect(reachableStates(definition, step.before.state)).toContain(step.after.state);
              expect(step.after.transitionCount).toBe(step.before.transitionCount + 1);
            } else {
              // Refused: nothing changed, and the refusal lists exactly the allowed events.
              expect(step.after).toBe(step.before);
              expect(step.allowed).toEqual(allowed);
            }
          }
        }),
        { numRuns: 200 },
      );
    },
  );

  it.each(definitions.map((d) => [d.name, d] as const))('replaying the log of a record of %s rebuilds its current snapshot exactly', (_, definition) => {
    fc.assert(
      fc.property(steps, (sequence) => {
        const { snapshot, log } = run(definition, sequence);
        expect(replay(definition, log)).toEqual(snapshot);
        expect(replay(definition, log.slice(1)).state).toBe(snapshot.state);
      }),
      { numRuns: 200 },
    );
  });
});
