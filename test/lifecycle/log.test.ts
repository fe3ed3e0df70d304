import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors';
import {
  dealPipelineLifecycle,
  firstEntered,
  fromLogEntry,
  lostFromStage,
  replay,
  stageHistory,
  start,
  statesTagged,
  timeInStage,
  toLogEntry,
  transitionOrThrow,
  type TransitionRecord,
} from '../../src/lifecycle';
import type { LogEntry } from '../../src/store/types';

const deals = dealPipelineLifecycle({
  id: 'p1',
  stages: [
    { id: 'qualify', name: 'Qualify', order: 1, probability: 0.2, forecastCategory: 'pipeline', kind: 'open' },
    { id: 'proposal', name: 'Proposal', order: 2, probability: 0.6, forecastCategory: 'best_case', kind: 'open' },
    { id: 'won', name: 'Won', order: 3, probability: 1, forecastCategory: 'closed', kind: 'won' },
    { id: 'lost', name: 'Lost', order: 4, probability: 0, forecastCategory: 'omitted', kind: 'lost' },
  ],
} as const);

const day = (n: number): Date => new Date(Date.UTC(2025, 0, 1 + n));

/** Deal d1: created day 0, proposal day 2, lost day 5. Deal d2: created day 1, proposal day 3, won day 4. */
function history(): TransitionRecord[] {
  const out: TransitionRecord[] = [];
  const d1 = start(deals, { now: day(0), entityId: 'd1' });
  out.push(d1.entry);
  const d2 = start(deals, { now: day(1), entityId: 'd2' });
  out.push(d2.entry);
  const d1a = transitionOrThrow(deals, d1.snapshot, 'advance', { now: day(2), entityId: 'd1' });
  out.push(d1a.entry);
  const d2a = transitionOrThrow(deals, d2.snapshot, 'advance', { now: day(3), entityId: 'd2' });
  out.push(d2a.entry);
  out.push(transitionOrThrow(deals, d2a.snapshot, 'win', { now: day(4), entityId: 'd2' }).entry);
  out.push(transitionOrThrow(deals, d1a.snapshot, 'lose', { now: day(5), entityId: 'd1', actor: 'rep', data: { lostReason: 'price' } }).entry);
  return out;
}

/** The same history as the store returns it. */
function asLog(records: readonly TransitionRecord[]): LogEntry[] {
  return records.map((record, index) => {
    const input = toLogEntry(record);
    return { seq: index + 1, workspaceId: 'w1', entity: input.entity, entityId: input.entityId, kind: input.kind, at: input.at ?? new Date(0), actor: input.actor ?? null, data: input.data ?? {} };
  });
}

describe('log entries', () => {
  it('turn a transition record into a store log entry and back', () => {
    const record = history()[5]!;
    const input = toLogEntry(record);
    expect(input).toEqual({
      entity: 'deal', entityId: 'd1', kind: 'transition', at: day(5), actor: 'rep',
      data: { lostReason: 'price', lifecycle: 'pipeline:p1', from: 'proposal', to: 'lost', event: 'lose', reason: null },
    });
    expect(fromLogEntry(asLog([record])[0]!)).toEqual(record);
  });

  it('refuse to log a record without an entity id', () => {
    expect(() => toLogEntry(transitionOrThrow(deals, 'qualify', 'advance').entry)).toThrow(/entityId/);
  });

  it('report a malformed transition entry', () => {
    const bad: LogEntry = { seq: 1, workspaceId: 'w', entity: 'deal', entityId: 'd', kind: 'transition', at: day(0), actor: null, data: {} };
    expect(() => fromLogEntry(bad)).toThrow(ValidationError);
  });
});

describe.each([
  ['transition records', () => history()],
  ['store log entries', () => [...asLog(history()), { seq: 99, workspaceId: 'w1', entity: 'deal', entityId: 'd1', kind: 'note', at: day(9), actor: null, data: {} }]],
])('what the log tells, read from %s', (_, entries) => {
  it('gives the stage history of a record', () => {
    expect(stageHistory(entries(), 'd1')).toEqual([
      { entityId: 'd1', lifecycle: 'pipeline:p1', stage: 'qualify', enteredAt: day(0), exitedAt: day(2), enteredBy: '@init', exitedBy: 'advance' },
      { entityId: 'd1', lifecycle: 'pipeline:p1', stage: 'proposal', enteredAt: day(2), exitedAt: day(5), enteredBy: 'advance', exitedBy: 'lose' },
      { entityId: 'd1', lifecycle: 'pipeline:p1', stage: 'lost', enteredAt: day(5), exitedAt: null, enteredBy: 'lose', exitedBy: null },
    ]);
  });

  it('measures time in stage, censoring the current stay at now', () => {
    const ms = 86_400_000;
    const rows = timeInStage(entries(), { now: day(10) }).map((d) => [d.entityId, d.stage, d.durationMs / ms, d.censored]);
    expect(rows).toEqual([
      ['d1', 'qualify', 2, false],
      ['d1', 'proposal', 3, false],
      ['d1', 'lost', 5, true],
      ['d2', 'qualify', 2, false],
      ['d2', 'proposal', 1, false],
      ['d2', 'won', 6, true],
    ]);
  });

  it('finds when each record first entered a stage', () => {
    expect(firstEntered(entries(), 'proposal')).toEqual(new Map([['d1', day(2)], ['d2', day(3)]]));
  });

  it('finds the stage each lost deal was lost from', () => {
    expect(lostFromStage(entries())).toEqual(new Map([['d1', 'proposal']]));
    expect(lostFromStage(entries(), { lostStages: statesTagged(deals, 'lost') })).toEqual(new Map([['d1', 'proposal']]));
  });

  it('replays the log into the current snapshot', () => {
    expect(replay(deals, entries(), { entityId: 'd2' })).toEqual({ lifecycle: 'pipeline:p1', state: 'won', enteredAt: day(4), transitionCount: 2 });
  });
});

describe('replay', () => {
  it('asks for an entity id when the log holds several records', () => {
    expect(() => replay(deals, history())).toThrow(/pass entityId/);
  });

  it('starts in the initial state when nothing is logged', () => {
    expect(replay(deals, [])).toEqual({ lifecycle: 'pipeline:p1', state: 'qualify', enteredAt: null, transitionCount: 0 });
  });

  it('reports a log that does not chain or does not fit the definition', () => {
    const broken: TransitionRecord[] = [
      { entityId: 'd1', lifecycle: 'pipeline:p1', from: 'proposal', to: 'won', event: 'win', at: day(1), actor: null, reason: null, data: {} },
      { entityId: 'd1', lifecycle: 'pipeline:p1', from: 'won', to: 'proposal', event: 'reopen', at: day(2), actor: null, reason: null, data: {} },
    ];
    let caught: unknown;
    try {
      replay(deals, broken);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).issues.map((i) => i.message)).toEqual([
      'Expected from "qualify", got "proposal"',
      '"reopen" from "won" leads to "qualify", not "proposal"',
    ]);
    expect(replay(deals, broken, { strict: false }).state).toBe('proposal');
  });

  it('ignores records of other lifecycles', () => {
    const other: TransitionRecord = { entityId: 'd1', lifecycle: 'ticket', from: 'new', to: 'open', event: 'respond', at: day(1), actor: null, reason: null, data: {} };
    expect(replay(deals, [other]).state).toBe('qualify');
  });
});
