import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AdapterError, ConflictError, InvalidArgumentError, ValidationError } from '../../src/errors';
import { fixedClock, steppingClock } from '../../src/model/clock';
import { defineEntity } from '../../src/model/entity';
import { sequentialIds } from '../../src/model/ids';
import { CRM_ENTITIES } from '../../src/model/registry';
import { createMemoryBackend, createMemoryDriver, createMemoryStore, createStore, type Store } from 'crmkit/store';

const Note = defineEntity('note', { text: z.string(), when: z.iso.datetime().transform((s) => new Date(s)).optional(), pinned: z.boolean().default(false) });
const entities = { ...CRM_ENTITIES, note: Note };

describe('the memory store', () => {
  it('serialises concurrent updates of one record so none is lost', async () => {
    const store = createMemoryStore({ ids: sequentialIds() });
    const contact = await store.create('contact', { firstName: 'Ada' });
    await Promise.all(Array.from({ length: 20 }, (_, index) => store.update('contact', contact.id, { leadScore: index })));
    expect((await store.require('contact', contact.id)).version).toBe(21);
  });

  it('hides a transaction’s writes from other readers until it commits', async () => {
    const store = createMemoryStore({ ids: sequentialIds() });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let seenInside: unknown;
    const running = store.transaction(async (tx) => {
      await tx.create('contact', { id: 'c1', firstName: 'In' });
      seenInside = await tx.get('contact', 'c1');
      await gate;
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await store.get('contact', 'c1')).toBe(null);
    release();
    await running;
    expect(seenInside).not.toBe(null);
    expect((await store.get('contact', 'c1'))?.firstName).toBe('In');
  });

  it('runs concurrent transactions one after the other', async () => {
    const store = createMemoryStore({ ids: sequentialIds() });
    const order: string[] = [];
    await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        store.transaction(async (tx) => {
          order.push(`${name}:start`);
          await new Promise((resolve) => setTimeout(resolve, 2));
          await tx.create('contact', { firstName: name });
          order.push(`${name}:end`);
        }),
      ),
    );
    expect(order).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
  });

  it('refuses to use a transaction handle after the transaction finished', async () => {
    const store = createMemoryStore();
    let leaked: Store | undefined;
    await store.transaction(async (tx) => {
      leaked = tx as unknown as Store;
    });
    await expect(leaked!.count('contact')).rejects.toBeInstanceOf(AdapterError);
  });

  it('keeps workspaces of one backend apart and lists those with data', async () => {
    const backend = createMemoryBackend();
    const a = createMemoryStore({ backend, workspaceId: 'a' });
    const b = createMemoryStore({ backend, workspaceId: 'b' });
    await a.create('contact', { id: 'same', firstName: 'A' });
    await b.create('contact', { id: 'same', firstName: 'B' });
    expect((await a.require('contact', 'same')).firstName).toBe('A');
    expect((await b.require('contact', 'same')).firstName).toBe('B');
    expect(backend.workspaceIds().sort()).toEqual(['a', 'b']);
    backend.clear();
    expect(await a.count('contact')).toBe(0);
  });

  it('stores frozen rows and hands out records callers can mutate', async () => {
    const driver = createMemoryDriver({ workspaceId: 'w' });
    const store = createStore({ driver, ids: sequentialIds() });
    const created = await store.create('contact', { firstName: 'Ada', tags: ['a'] });
    const [stored] = await driver.getMany('contact', [created.id]);
    expect(Object.isFrozen(stored)).toBe(true);
    expect(Object.isFrozen(stored?.data['tags'])).toBe(true);
    const read = await store.require('contact', created.id);
    read.tags.push('b');
    expect((await store.require('contact', created.id)).tags).toEqual(['a']);
  });

  it('keeps a frozen copy of appended log data and leaves the caller’s objects alone', async () => {
    const driver = createMemoryDriver({ workspaceId: 'w' });
    const data = { lifecycle: 'task', nested: { list: [1, -0, 'x'] }, reason: null };
    await driver.appendLog([{ entity: 'task', entityId: 't1', kind: 'transition', at: '2025-01-01T00:00:00.000Z', actor: null, data }]);
    // Not plain JSON: the JSON round trip applies (undefined members dropped, toJSON used).
    await driver.appendLog([{ entity: 'task', entityId: 't1', kind: 'k', at: '2025-01-01T00:00:00.000Z', actor: 'u1', data: { when: new Date(0), gone: undefined } as never }]);
    expect(Object.isFrozen(data)).toBe(false);
    data.nested.list.push(2);
    const [first, second] = await driver.readLog({ limit: 10 });
    expect(first?.data).toEqual({ lifecycle: 'task', nested: { list: [1, 0, 'x'] }, reason: null });
    expect(Object.is((first?.data['nested'] as { list: number[] }).list[1], 0)).toBe(true);
    expect(second?.data).toEqual({ when: '1970-01-01T00:00:00.000Z' });
    for (const row of [first, second]) {
      expect(Object.isFrozen(row)).toBe(true);
      expect(Object.isFrozen(row?.data)).toBe(true);
    }
    expect(Object.isFrozen((first?.data['nested'] as { list: number[] }).list)).toBe(true);
  });

  it('gives update results equal to a fresh parse of the stored row', async () => {
    const backend = createMemoryBackend();
    const store = createMemoryStore({ backend, entities, ids: sequentialIds(), clock: steppingClock('2025-01-01T00:00:00Z') });
    const note = await store.create('note', { text: 'a', when: '2025-02-02T00:00:00Z' });
    const when = new Date('2025-03-03T00:00:00Z');
    const contact = await store.create('contact', { firstName: 'Ada', emails: [{ address: 'a@x.io' }] });
    const updatedContact = await store.update('contact', contact.id, { lastName: 'L', firstContactAt: when, emails: [{ address: 'B@x.io' }, { address: 'c@x.io', primary: true }] });
    when.setTime(0);
    const updatedNote = await store.update('note', note.id, { pinned: true, when: null });
    const fresh = createMemoryStore({ backend, entities });
    expect(await fresh.get('contact', contact.id)).toEqual(updatedContact);
    expect(await fresh.get('note', note.id)).toEqual(updatedNote);
    expect(updatedContact.firstContactAt).toEqual(new Date('2025-03-03T00:00:00Z'));
    expect(updatedContact.emails).toEqual([{ address: 'b@x.io', primary: false }, { address: 'c@x.io', primary: true }]);
  });

  it('reports a stale version as ConflictError with both versions', async () => {
    const store = createMemoryStore({ clock: fixedClock('2025-01-01T00:00:00Z') });
    const contact = await store.create('contact', { firstName: 'Ada' });
    await store.update('contact', contact.id, { lastName: 'L' });
    const error = await store.update('contact', contact.id, { lastName: 'M' }, { expectedVersion: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
  });

  it('validates stream options before streaming', () => {
    const store = createMemoryStore();
    expect(() => store.stream('contact', { batchSize: 0 })).toThrow(ValidationError);
  });

  it('rejects an empty workspace id or a foreign backend', () => {
    expect(() => createMemoryDriver({ workspaceId: '' })).toThrow(InvalidArgumentError);
    expect(() => createMemoryDriver({ workspaceId: 'w', backend: { workspaceIds: () => [], clear: () => {} } })).toThrow(InvalidArgumentError);
    expect(() => createMemoryStore({ workspaceId: ' padded ' })).toThrow(InvalidArgumentError);
  });
});
