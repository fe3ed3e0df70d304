import { describe, expect, it } from 'vitest';
import { createCrm, type CrmEvent } from '../../src/crm';
import { InvalidTransitionError } from '../../src/errors';
import { steppingClock } from '../../src/model/clock';
import { sequentialIds } from '../../src/model/ids';
import { createMemoryStore } from '../../src/store/memory';
import { PIPELINE } from './_scenarios';

function fresh(hooks: Parameters<typeof createCrm>[0]['hooks'] = {}) {
  const clock = steppingClock('2025-01-01T00:00:00Z', 1000);
  const store = createMemoryStore({ workspaceId: 'w', clock });
  return { store, crm: createCrm({ store, clock, ids: sequentialIds(), hooks }) };
}

describe('domain events', () => {
  it('are delivered after commit: a subscriber reading the store sees the committed change', async () => {
    const { store, crm } = fresh();
    await crm.createPipeline(PIPELINE);
    const { record: deal } = await crm.createDeal({ name: 'Acme' });
    const seen: string[] = [];
    crm.on('deal.won', (event) => {
      void store.get('deal', event.entityId).then((stored) => seen.push(String(stored?.status)));
    });
    await crm.transition('deal', deal.id, 'win');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual(['won']);
  });

  it('are stored in the log in the same transaction, with the seq the subscriber receives', async () => {
    const { store, crm } = fresh();
    const received: CrmEvent[] = [];
    crm.on('*', (event) => {
      received.push(event);
    });
    const { record: ada } = await crm.createContact({ firstName: 'Ada' });
    const logged = await store.readLog({ kinds: ['contact.created'] });
    expect(logged.map((entry) => [entry.seq, entry.entityId])).toEqual([[received[0]?.seq, ada.id]]);
  });

  it('are delivered in order, per type or to every subscriber with "*", until unsubscribed', async () => {
    const { crm } = fresh();
    const all: string[] = [];
    const created: string[] = [];
    crm.on('*', (event) => {
      all.push(event.type);
    });
    const off = crm.on('task.created', (event) => {
      created.push(event.entityId);
    });
    const { record: task } = await crm.createTask({ subject: 'One' });
    await crm.transition('task', task.id, 'start');
    await crm.completeTask(task.id);
    off();
    await crm.createTask({ subject: 'Two' });
    expect(all).toEqual(['task.created', 'task.in_progress', 'task.done', 'task.created']);
    expect(created).toEqual([task.id]);
  });

  it('are never delivered for a refused or rolled-back operation', async () => {
    const { crm } = fresh({ beforeCommit: ({ operation }) => { if (operation === 'createCompany') throw new Error('vetoed'); } });
    const received: string[] = [];
    crm.on('*', (event) => {
      received.push(event.type);
    });
    await expect(crm.createCompany({ name: 'Acme' })).rejects.toThrow('vetoed');
    const { record: task } = await crm.createTask({ subject: 'One' });
    await expect(crm.transition('task', task.id, 'pause')).rejects.toBeInstanceOf(InvalidTransitionError);
    expect(received).toEqual(['task.created']);
  });

  it('survive a throwing subscriber: others still run, the operation succeeds, and the error goes to onSubscriberError', async () => {
    const reported: unknown[] = [];
    const after: string[] = [];
    const { crm } = fresh({
      onSubscriberError: (error, context) => reported.push([(error as Error).message, context.source, context.event?.type]),
      afterCommit: ({ operation, events }) => {
        after.push(`${operation}:${events.length}`);
        if (operation === 'createTask') throw new Error('after boom');
      },
    });
    const received: string[] = [];
    crm.on('*', () => {
      throw new Error('sync boom');
    });
    crm.on('*', async () => {
      throw new Error('async boom');
    });
    crm.on('*', (event) => {
      received.push(event.type);
    });
    const { record } = await crm.createTask({ subject: 'Still created' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(record.subject).toBe('Still created');
    expect(received).toEqual(['task.created']);
    expect(after).toEqual(['createTask:1']);
    expect(reported).toEqual([
      ['after boom', 'afterCommit', undefined],
      ['sync boom', 'subscriber', 'task.created'],
      ['async boom', 'subscriber', 'task.created'],
    ]);
  });

  it('of a transition: one object per event, with its log seq, seen alike by hooks, subscribers and the caller', async () => {
    const seen: { hook: string; events: readonly CrmEvent[] }[] = [];
    const { store, crm } = fresh({
      beforeCommit: ({ events }) => {
        seen.push({ hook: 'before', events });
      },
      afterCommit: ({ events }) => {
        seen.push({ hook: 'after', events });
      },
    });
    await crm.createPipeline(PIPELINE);
    const { record: deal } = await crm.createDeal({ name: 'Acme' });
    seen.length = 0;
    const received: CrmEvent[] = [];
    const offLate = crm.on('*', () => undefined);
    crm.on('deal.stage_changed', (event) => {
      received.push(event);
      offLate(); // unsubscribing during a delivery does not disturb it
    });
    const outcome = await crm.transition('deal', deal.id, 'advance', { actor: 'rep_7', reason: 'demo booked' });
    const log = await store.readLog({ entity: 'deal', entityId: deal.id });
    const [entry, event] = log.slice(-2);
    expect(outcome.entry).toEqual(entry);
    expect(entry?.data).toEqual({ lifecycle: `pipeline:${deal.pipelineId}`, from: 'qualify', to: 'demo', event: 'advance', reason: 'demo booked' });
    expect(event?.kind).toBe('deal.stage_changed');
    expect(event?.data).toEqual({ lifecycle: `pipeline:${deal.pipelineId}`, from: 'qualify', to: 'demo', event: 'advance', reason: 'demo booked' });
    expect(outcome.events).toEqual([
      { type: 'deal.stage_changed', entity: 'deal', entityId: deal.id, at: event?.at, actor: 'rep_7', data: event?.data, operation: 'transition', seq: event?.seq },
    ]);
    expect(received).toEqual(outcome.events);
    expect(received[0]).toBe(outcome.events[0]);
    expect(seen.map((s) => s.hook)).toEqual(['before', 'after']);
    for (const s of seen) expect(s.events).toBe(outcome.events);
  });

  it('lets beforeCommit see the pending events and write through the transaction', async () => {
    const { store, crm } = fresh({
      beforeCommit: async ({ events, tx }) => {
        if (events.some((e) => e.type === 'deal.won')) await tx.create('task', { subject: 'Send the contract' });
      },
    });
    await crm.createPipeline(PIPELINE);
    const { record: deal } = await crm.createDeal({ name: 'Acme' });
    await crm.transition('deal', deal.id, 'win');
    expect((await store.find('task')).items.map((t) => t.subject)).toEqual(['Send the contract']);
  });
});
