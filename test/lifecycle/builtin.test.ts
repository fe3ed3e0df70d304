import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors';
import {
  allowedEvents,
  dealPipelineLifecycle,
  dealStageInfo,
  isTerminal,
  leadLifecycle,
  leadStatusLifecycle,
  reachableStates,
  statesTagged,
  taskLifecycle,
  ticketLifecycle,
  transition,
  transitionOrThrow,
} from '../../src/lifecycle';
import { LIFECYCLE_STAGES, LEAD_STATUSES } from '../../src/model/contact';
import { TASK_STATUSES } from '../../src/model/task';
import { TICKET_STATUSES } from '../../src/model/ticket';

const now = new Date('2025-03-01T12:00:00Z');

describe('the lead lifecycle', () => {
  const lead = leadLifecycle();

  it('has exactly the model lifecycle stages, starting at subscriber', () => {
    expect([...lead.states].sort()).toEqual([...LIFECYCLE_STAGES].sort());
    expect(lead.initial).toBe('subscriber');
  });

  it('moves forward, skipping stages if needed, and emits contact events named after the stage', () => {
    const result = transitionOrThrow(lead, 'subscriber', 'qualify_marketing', { now, entityId: 'c1' });
    expect(result.snapshot.state).toBe('marketing_qualified');
    expect(result.events.map((e) => e.type)).toEqual(['contact.marketing_qualified']);
    expect(transitionOrThrow(lead, 'lead', 'win').snapshot.state).toBe('customer');
  });

  it('only lets a customer become an evangelist', () => {
    const refused = transition(lead, 'lead', 'advocate');
    expect(refused.ok || refused.error.allowed).toEqual(['qualify_marketing', 'qualify_sales', 'open_opportunity', 'win', 'disqualify', 'recycle']);
    expect(transition(lead, 'customer', 'advocate').ok).toBe(true);
  });

  it('is forward-only by default: demote is refused with the allowed events listed', () => {
    const refused = transition(lead, 'opportunity', 'demote', { now });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.allowed).toEqual(['win', 'disqualify', 'recycle']);
    expect(refused.error.reason).toMatch(/forbidden/);
  });

  it('allows the explicit backward events recycle and requalify', () => {
    expect(transitionOrThrow(lead, 'opportunity', 'recycle').snapshot.state).toBe('nurture');
    expect(transitionOrThrow(lead, 'nurture', 'reengage').snapshot.state).toBe('lead');
    expect(transitionOrThrow(lead, 'disqualified', 'requalify', { reason: 'new budget' }).snapshot.state).toBe('lead');
  });

  it('allows demote when the policy allows backward moves', () => {
    const lenient = leadLifecycle({ backwardPolicy: 'allowed' });
    expect(transitionOrThrow(lenient, 'customer', 'demote').snapshot.state).toBe('opportunity');
  });

  it('requires a reason to disqualify', () => {
    const refused = transition(lead, 'lead', 'disqualify', { now });
    expect(refused.ok || refused.error.reason).toBe('entering "disqualified" requires reason');
    const result = transitionOrThrow(lead, 'lead', 'disqualify', { now, reason: 'student' });
    expect(result.entry.reason).toBe('student');
    expect(isTerminal(lead, 'disqualified')).toBe(true);
  });

  it('can be renamed and re-targeted', () => {
    const custom = leadLifecycle({ name: 'funnel', entity: 'lead', disqualifyRequires: [] });
    const result = transitionOrThrow(custom, 'lead', 'disqualify');
    expect(result.entry.lifecycle).toBe('funnel');
    expect(result.events[0]?.type).toBe('lead.disqualified');
  });

  it('rejects a policy naming an unknown event', () => {
    expect(() => leadLifecycle({ backwardPolicy: { events: ['fly' as 'recycle'] } })).toThrow(ValidationError);
  });
});

describe('the lead status lifecycle', () => {
  const status = leadStatusLifecycle();

  it('has exactly the model lead statuses', () => {
    expect([...status.states].sort()).toEqual([...LEAD_STATUSES].sort());
  });

  it('goes from new to qualified and emits lead.qualified', () => {
    let state = transitionOrThrow(status, 'new', 'attempt_contact').snapshot;
    state = transitionOrThrow(status, state, 'connect').snapshot;
    const qualified = transitionOrThrow(status, state, 'qualify', { now });
    expect(qualified.snapshot.state).toBe('qualified');
    expect(qualified.events.map((e) => e.type)).toEqual(['lead.qualified']);
    expect(qualified.snapshot.transitionCount).toBe(3);
  });

  it('refuses to qualify a lead nobody has talked to', () => {
    const refused = transition(status, 'new', 'qualify');
    expect(refused.ok || refused.error.allowed).toEqual(['attempt_contact', 'connect', 'disqualify']);
  });

  it('parks bad timing and retries later', () => {
    expect(transitionOrThrow(status, 'connected', 'defer').snapshot.state).toBe('bad_timing');
    expect(transitionOrThrow(status, 'bad_timing', 'retry').snapshot.state).toBe('attempting_contact');
  });

  it('requires a reason for unqualified and can reopen it', () => {
    expect(transition(status, 'connected', 'disqualify').ok).toBe(false);
    expect(transitionOrThrow(status, 'connected', 'disqualify', { reason: 'no budget' }).snapshot.state).toBe('unqualified');
    expect(transitionOrThrow(status, 'unqualified', 'reopen').snapshot.state).toBe('new');
  });
});

const pipeline = {
  id: 'p1',
  name: 'New business',
  stages: [
    { id: 'won', name: 'Closed won', order: 5, probability: 1, forecastCategory: 'closed', kind: 'won' },
    { id: 'qualify', name: 'Qualification', order: 1, probability: 0.1, forecastCategory: 'pipeline', kind: 'open' },
    { id: 'demo', name: 'Demo', order: 2, probability: 0.3, forecastCategory: 'pipeline', kind: 'open' },
    { id: 'proposal', name: 'Proposal sent', order: 3, probability: 0.6, forecastCategory: 'best_case', kind: 'open' },
    { id: 'lost', name: 'Closed lost', order: 6, probability: 0, forecastCategory: 'omitted', kind: 'lost' },
    { id: 'lost_no_show', name: 'Lost — no show', order: 7, probability: 0, forecastCategory: 'omitted', kind: 'lost' },
  ],
} as const;

describe('deal pipeline lifecycles', () => {
  const deals = dealPipelineLifecycle(pipeline);

  it('uses the stages in order, starting at the first open stage', () => {
    expect(deals.name).toBe('pipeline:p1');
    expect(deals.states).toEqual(['qualify', 'demo', 'proposal', 'won', 'lost', 'lost_no_show']);
    expect(deals.initial).toBe('qualify');
    expect(deals.terminalStates).toEqual(['won', 'lost', 'lost_no_show']);
    expect(statesTagged(deals, 'lost')).toEqual(['lost', 'lost_no_show']);
  });

  it('exposes each stage’s default probability, forecast category and implied status', () => {
    expect(dealStageInfo(deals, 'proposal')).toEqual({
      id: 'proposal', name: 'Proposal sent', order: 3, probability: 0.6, forecastCategory: 'best_case', kind: 'open', status: 'open',
    });
    expect(dealStageInfo(deals, 'lost')?.status).toBe('lost');
    expect(deals.stages.map((s) => s.id)).toEqual(deals.states);
  });

  it('advances, moves to any open stage, wins and loses', () => {
    expect(allowedEvents(deals, 'demo')).toEqual(['advance', 'move:qualify', 'move:proposal', 'win', 'lose', 'lose:lost', 'lose:lost_no_show']);
    expect(transitionOrThrow(deals, 'qualify', 'advance').snapshot.state).toBe('demo');
    const moved = transitionOrThrow(deals, 'proposal', 'move:qualify');
    expect(moved.snapshot.state).toBe('qualify');
    expect(moved.events.map((e) => e.type)).toEqual(['deal.stage_changed']);
    const won = transitionOrThrow(deals, 'proposal', 'win', { now, entityId: 'd1' });
    expect(won.events.map((e) => e.type)).toEqual(['deal.won']);
    expect(won.timestamps).toEqual([{ field: 'closedAt', at: now, once: false }]);
  });

  it('requires a valid lost reason to lose a deal', () => {
    const refused = transition(deals, 'demo', 'lose', { now });
    expect(refused.ok || refused.error.reason).toMatch(/entering "lost" requires valid data \(lostReason/);
    expect(transition(deals, 'demo', 'lose', { now, data: { lostReason: 'because' } }).ok).toBe(false);
    const lost = transitionOrThrow(deals, 'demo', 'lose:lost_no_show', { now, data: { lostReason: 'unresponsive', lostReasonDetail: 'ghosted' } });
    expect(lost.snapshot.state).toBe('lost_no_show');
    expect(lost.events.map((e) => e.type)).toEqual(['deal.lost']);
    expect(lost.entry.data).toEqual({ lostReason: 'unresponsive', lostReasonDetail: 'ghosted' });
  });

  it('closes won and lost stages: only reopen leaves them', () => {
    const refused = transition(deals, 'won', 'advance');
    expect(refused.ok || refused.error.allowed).toEqual(['reopen']);
    const reopened = transitionOrThrow(deals, 'lost', 'reopen');
    expect(reopened.snapshot.state).toBe('qualify');
    expect(reopened.events.map((e) => e.type)).toEqual(['deal.reopened']);
  });

  it('can forbid moving deals backward, and reopen to a chosen stage', () => {
    const strict = dealPipelineLifecycle(pipeline, { backwardPolicy: { events: ['reopen'] }, reopenTo: 'proposal' });
    expect(transition(strict, 'proposal', 'move:demo').ok).toBe(false);
    expect(transition(strict, 'demo', 'move:proposal').ok).toBe(true);
    expect(transitionOrThrow(strict, 'won', 'reopen').snapshot.state).toBe('proposal');
  });

  it('supports any number of pipelines, each its own lifecycle', () => {
    const renewals = dealPipelineLifecycle({
      id: 'p2',
      stages: [
        { id: 'due', name: 'Due', order: 1, probability: 0.8, forecastCategory: 'commit', kind: 'open' },
        { id: 'renewed', name: 'Renewed', order: 2, probability: 1, forecastCategory: 'closed', kind: 'won' },
        { id: 'churned', name: 'Churned', order: 3, probability: 0, forecastCategory: 'omitted', kind: 'lost' },
      ],
    } as const);
    expect(renewals.name).toBe('pipeline:p2');
    expect(allowedEvents(renewals, 'due')).toEqual(['win', 'lose']);
    expect(reachableStates(renewals, 'due')).toEqual(['renewed', 'churned', 'due']);
  });

  it('rejects a pipeline without a won stage or a lost stage, listing both problems', () => {
    let caught: unknown;
    try {
      dealPipelineLifecycle({ id: 'bad', stages: [{ id: 'a', name: 'A', order: 1, probability: 0.1, forecastCategory: 'pipeline', kind: 'open' }] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).issues.map((i) => i.message)).toEqual([
      'A pipeline needs exactly one won stage (found 0)',
      'A pipeline needs at least one lost stage',
    ]);
  });
});

describe('the ticket lifecycle', () => {
  const ticket = ticketLifecycle();

  it('has exactly the model ticket statuses', () => {
    expect([...ticket.states].sort()).toEqual([...TICKET_STATUSES].sort());
  });

  it('reports the first response once and the resolution', () => {
    const responded = transitionOrThrow(ticket, 'new', 'respond', { now });
    expect(responded.timestamps).toEqual([{ field: 'firstResponseAt', at: now, once: true }]);
    const resolved = transitionOrThrow(ticket, 'waiting_on_customer', 'resolve', { now });
    expect(resolved.timestamps).toEqual([
      { field: 'firstResponseAt', at: now, once: true },
      { field: 'resolvedAt', at: now, once: false },
    ]);
    const closed = transitionOrThrow(ticket, 'resolved', 'close', { now });
    expect(closed.timestamps.map((t) => t.field)).toEqual(['firstResponseAt', 'resolvedAt', 'closedAt']);
  });

  it('escalates with ticket.escalated and sets escalatedAt', () => {
    const escalated = transitionOrThrow(ticket, 'open', 'escalate', { now });
    expect(escalated.events.map((e) => e.type)).toEqual(['ticket.escalated']);
    expect(escalated.timestamps).toEqual([{ field: 'escalatedAt', at: now, once: false }]);
  });

  it('reopens resolved and closed tickets, emitting ticket.reopened', () => {
    expect(transitionOrThrow(ticket, 'closed', 'reopen').events.map((e) => e.type)).toEqual(['ticket.reopened']);
    expect(transitionOrThrow(ticket, 'resolved', 'reopen').snapshot.state).toBe('open');
  });

  it('refuses to escalate a closed ticket, listing what is allowed', () => {
    const refused = transition(ticket, 'closed', 'escalate');
    expect(refused.ok || refused.error.message).toBe('ticket: event "escalate" is not allowed from "closed"; allowed: reopen');
  });
});

describe('the task lifecycle', () => {
  const task = taskLifecycle();

  it('has exactly the model task statuses', () => {
    expect([...task.states].sort()).toEqual([...TASK_STATUSES].sort());
  });

  it('starts, completes with completedAt, and reopens', () => {
    const done = transitionOrThrow(task, transitionOrThrow(task, 'open', 'start').snapshot, 'complete', { now });
    expect(done.snapshot.state).toBe('done');
    expect(done.timestamps).toEqual([{ field: 'completedAt', at: now, once: false }]);
    expect(done.events.map((e) => e.type)).toEqual(['task.done']);
    expect(transitionOrThrow(task, 'done', 'reopen').events.map((e) => e.type)).toEqual(['task.reopened']);
  });

  it('refuses to start a cancelled task', () => {
    const refused = transition(task, 'cancelled', 'start');
    expect(refused.ok || refused.error.allowed).toEqual(['reopen']);
  });

  it('can forbid pausing', () => {
    const strict = taskLifecycle({ backwardPolicy: { events: ['reopen'] } });
    expect(transition(strict, 'in_progress', 'pause').ok).toBe(false);
  });
});
