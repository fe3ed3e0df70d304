/**
 * Model-based conformance tests (fast-check `fc.commands` / `fc.asyncModelRun`): random
 * sequences of writes, reads and failing transactions run against the adapter under test and
 * against a fresh in-memory reference store, which must give identical results.
 *
 * @module
 * @internal
 */
import fc from 'fast-check';
import { CrmError } from '../errors';
import { steppingClock } from '../model/clock';
import { sequentialIds } from '../model/ids';
import { createMemoryStore } from '../store/memory';
import type { SortKey, Where } from '../store/types';
import type { ConformanceExpect, ConformanceStore } from './conformance';
import { CONFORMANCE_ENTITIES } from './entities';

const T0 = '2025-01-01T00:00:00.000Z';

interface ModelTestContext {
  readonly it: (name: string, fn: () => Promise<void>, timeout?: number) => void;
  readonly expect: ConformanceExpect;
  readonly open: (workspaceId?: string) => Promise<ConformanceStore>;
  readonly numRuns: number;
}

interface Model {
  readonly ref: ConformanceStore;
  readonly ids: string[];
}

interface Real {
  readonly store: ConformanceStore;
}

type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly code: string };

class Rollback extends Error {}

async function outcome(fn: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    if (error instanceof CrmError) return { ok: false, code: error.code };
    if (error instanceof Rollback) return { ok: false, code: 'ROLLED_BACK' };
    throw error;
  }
}

const NAMES = ['', 'a', 'b', 'B', 'ab', 'é', 'e\u0301', '%', '_', "x'y", 'a%', '🎉'] as const;
const CATEGORIES = ['a', 'b', 'c', '%'] as const;
const TAGS = ['red', 'blue', 'green'] as const;
const NUMBERS = [-1, 0, 1, 2, 2.5, 3] as const;
const DATES = ['2024-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', '2025-06-30T12:00:00.000Z'] as const;
const EXTERNAL_IDS = ['e1', 'e2', 'e3'] as const;

function arbitraries(json: boolean) {
  const name = fc.constantFrom(...NAMES);
  const number = fc.constantFrom(...NUMBERS);
  const meta = fc.record(
    { level: fc.constantFrom(0, 1, 2, 3), label: fc.constantFrom('x', 'y') },
    { requiredKeys: [] },
  );
  const customFields = fc.record({ tier: fc.constantFrom('gold', 'silver', null), n: fc.integer({ min: 0, max: 4 }) }, { requiredKeys: [] });
  const input = fc.record(
    {
      name,
      rank: fc.integer({ min: -2, max: 3 }),
      score: number,
      flag: fc.boolean(),
      category: fc.constantFrom(...CATEGORIES),
      tags: fc.subarray([...TAGS]),
      dueAt: fc.constantFrom(...DATES),
      meta,
      customFields,
      externalId: fc.constantFrom(...EXTERNAL_IDS),
    },
    { requiredKeys: ['name'] },
  );
  const patch = fc.record(
    {
      name,
      rank: fc.option(fc.integer({ min: -2, max: 3 }), { nil: null }),
      score: fc.option(number, { nil: null }),
      flag: fc.option(fc.boolean(), { nil: null }),
      category: fc.option(fc.constantFrom(...CATEGORIES), { nil: null }),
      tags: fc.subarray([...TAGS]),
      meta: fc.option(meta, { nil: null }),
      customFields,
      externalId: fc.option(fc.constantFrom(...EXTERNAL_IDS), { nil: null }),
    },
    { requiredKeys: [] },
  );

  const stringFields = json ? ['name', 'category', 'meta.label', 'customFields.tier'] : ['name', 'category'];
  const numberFields = json ? ['rank', 'score', 'meta.level', 'customFields.n'] : ['rank', 'score'];
  const allFields = [...stringFields, ...numberFields, 'flag', 'tags', 'dueAt', 'externalId'];
  const condition: fc.Arbitrary<Where<any>> = fc.oneof(
    fc.record({ field: fc.constantFrom(...stringFields), op: fc.constantFrom('eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'contains', 'startsWith'), value: name }),
    fc.record({ field: fc.constantFrom(...numberFields), op: fc.constantFrom('eq', 'ne', 'lt', 'lte', 'gt', 'gte'), value: number }),
    fc.record({ field: fc.constant('flag'), op: fc.constantFrom('eq', 'ne'), value: fc.boolean() }),
    fc.record({ field: fc.constant('tags'), op: fc.constant('contains'), value: fc.constantFrom(...TAGS, 'r') }),
    fc.record({ field: fc.constantFrom(...allFields), op: fc.constant('isNull'), value: fc.boolean() }),
    fc.record({ field: fc.constantFrom(...stringFields), op: fc.constantFrom('in', 'notIn'), value: fc.array(fc.oneof(name, fc.constant(null)), { maxLength: 3 }) }),
    fc.record({ field: fc.constantFrom(...numberFields), op: fc.constantFrom('in', 'notIn'), value: fc.array(fc.oneof(number, fc.constant(null)), { maxLength: 3 }) }),
    fc.record({ field: fc.constant('dueAt'), op: fc.constantFrom('lt', 'gte', 'eq'), value: fc.constantFrom(...DATES).map((date) => new Date(date)) }),
    fc.record({ field: fc.constantFrom('id', 'createdAt'), op: fc.constantFrom('eq', 'ne', 'gt', 'lte'), value: fc.constantFrom('widget_000001', 'widget_000003', T0) }),
    fc.record({ field: fc.constantFrom(...numberFields), op: fc.constant('eq'), value: fc.constantFrom('1', true) }),
  ) as fc.Arbitrary<Where<any>>;
  const where = fc.letrec<{ where: Where<any> }>((tie) => ({
    where: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      condition,
      fc.record({ and: fc.array(tie('where'), { maxLength: 3 }) }),
      fc.record({ or: fc.array(tie('where'), { maxLength: 3 }) }),
      fc.record({ not: tie('where') }),
    ),
  })).where;
  const sortFields = ['name', 'rank', 'score', 'category', 'flag', 'dueAt', 'createdAt', 'updatedAt', 'id', ...(json ? ['meta.level', 'customFields.n'] : [])];
  const sort: fc.Arbitrary<SortKey<any>[]> = fc.array(
    fc.record({ field: fc.constantFrom(...sortFields), direction: fc.constantFrom('asc' as const, 'desc' as const) }),
    { maxLength: 3 },
  );
  return { input, patch, where, sort };
}

type VersionMode = 'none' | 'right' | 'stale';

function pick(model: Model, index: number): string {
  return model.ids.length === 0 ? 'widget_999999' : (model.ids[index % model.ids.length] as string);
}

async function expectedVersion(model: Model, id: string, mode: VersionMode): Promise<{ expectedVersion?: number }> {
  if (mode === 'none') return {};
  const version = (await model.ref.get('widget', id))?.version ?? 1;
  return { expectedVersion: mode === 'right' ? version : version + 1 };
}

/** Registers the model-based tests. @internal */
export function registerModelTests(context: ModelTestContext): void {
  const { it, expect, open, numRuns } = context;

  const compare = (command: string, actual: Outcome, expected: Outcome): void => {
    expect({ command, outcome: actual }).toEqual({ command, outcome: expected });
  };

  /**
   * Log `seq` values are only promised to increase strictly within a workspace (a SQL adapter may
   * share one sequence between workspaces), so log results are compared by order: check that
   * `seq` increases, then drop it.
   */
  const logOrder = (result: Outcome): Outcome => {
    if (!result.ok || !Array.isArray(result.value)) return result;
    const entries = result.value as Array<{ seq: number }>;
    entries.forEach((entry, index) => {
      if (index > 0) expect(entry.seq > entries[index - 1]!.seq).toBe(true);
    });
    return { ...result, value: entries.map(({ seq: _seq, ...rest }) => rest) };
  };

  it('behaves like the memory store under random sequences of operations', async () => {
    const probe = await open();
    const { input, patch, where, sort } = arbitraries(probe.capabilities.json);
    const transactional = probe.capabilities.transactions;

    class Create implements fc.AsyncCommand<Model, Real> {
      constructor(readonly data: Record<string, unknown>, readonly duplicate: number | null) {}
      check = (): boolean => true;
      async run(model: Model, real: Real): Promise<void> {
        const data = this.duplicate !== null && model.ids.length > 0 ? { ...this.data, id: pick(model, this.duplicate) } : this.data;
        const expected = await outcome(() => model.ref.create('widget', structuredClone(data) as never));
        const actual = await outcome(() => real.store.create('widget', structuredClone(data) as never));
        compare(this.toString(), actual, expected);
        if (expected.ok) model.ids.push((expected.value as { id: string }).id);
      }
      toString = (): string => `create(${JSON.stringify(this.data)}, duplicate=${this.duplicate})`;
    }

    class Update implements fc.AsyncCommand<Model, Real> {
      constructor(readonly index: number, readonly patch: Record<string, unknown>, readonly mode: VersionMode) {}
      check = (): boolean => true;
      async run(model: Model, real: Real): Promise<void> {
        const id = pick(model, this.index);
        const options = await expectedVersion(model, id, this.mode);
        const expected = await outcome(() => model.ref.update('widget', id, structuredClone(this.patch) as never, options));
        const actual = await outcome(() => real.store.update('widget', id, structuredClone(this.patch) as never, options));
        compare(`${this.toString()} on ${id}`, actual, expected);
      }
      toString = (): string => `update(#${this.index}, ${JSON.stringify(this.patch)}, ${this.mode})`;
    }

    class Delete implements fc.AsyncCommand<Model, Real> {
      constructor(readonly index: number, readonly mode: VersionMode) {}
      check = (): boolean => true;
      async run(model: Model, real: Real): Promise<void> {
        const id = pick(model, this.index);
        const options = await expectedVersion(model, id, this.mode);
        const expected = await outcome(() => model.ref.delete('widget', id, options));
        const actual = await outcome(() => real.store.delete('widget', id, options));
        compare(`${this.toString()} on ${id}`, actual, expected);
      }
      toString = (): string => `delete(#${this.index}, ${this.mode})`;
    }

    class Find implements fc.AsyncCommand<Model, Real> {
      constructor(readonly where: Where<any> | undefined, readonly sort: SortKey<any>[], readonly limit: number) {}
      check = (): boolean => true;
      async run(model: Model, real: Real): Promise<void> {
        const walk = async (store: ConformanceStore): Promise<unknown> => {
          const pages: unknown[] = [];
          let cursor: string | null = null;
          for (let guard = 0; guard < 200; guard++) {
            const options = { sort: this.sort, limit: this.limit, cursor, ...(this.where === undefined ? {} : { where: this.where }) } as never;
            const page: { items: unknown[]; nextCursor: string | null } = await store.find('widget', options);
            pages.push(page.items);
            cursor = page.nextCursor;
            if (cursor === null) break;
          }
          return pages;
        };
        compare(this.toString(), await outcome(() => walk(real.store)), await outcome(() => walk(model.ref)));
      }
      toString = (): string => `find(${JSON.stringify(this.where)}, ${JSON.stringify(this.sort)}, limit=${this.limit})`;
    }

    class Count implements fc.AsyncCommand<Model, Real> {
      constructor(readonly where: Where<any>) {}
      check = (): boolean => true;
      async run(model: Model, real: Real): Promise<void> {
        compare(this.toString(), await outcome(() => real.store.count('widget', { where: this.where as never })), await outcome(() => model.ref.count('widget', { where: this.where as never })));
      }
      toString = (): string => `count(${JSON.stringify(this.where)})`;
    }

    class Transaction implements fc.AsyncCommand<Model, Real> {
      constructor(readonly data: Record<string, unknown>, readonly index: number, readonly patch: Record<string, unknown>, readonly fail: boolean) {}
      check = (): boolean => transactional || !this.fail;
      async run(model: Model, real: Real): Promise<void> {
        const id = pick(model, this.index);
        const body = (store: ConformanceStore) => () =>
          store.transaction(async (tx) => {
            const created = await tx.create('widget', structuredClone(this.data) as never);
            await tx.update('widget', id, structuredClone(this.patch) as never);
            await tx.append([{ entity: 'widget', entityId: created.id, kind: 'tx', data: { id } }]);
            if (this.fail) throw new Rollback('rollback');
            return created.id;
          });
        const expected = await outcome(body(model.ref));
        const actual = await outcome(body(real.store));
        compare(`${this.toString()} on ${id}`, actual, expected);
        if (expected.ok) model.ids.push(expected.value as string);
      }
      toString = (): string => `transaction(create ${JSON.stringify(this.data)}, update #${this.index} ${JSON.stringify(this.patch)}, fail=${this.fail})`;
    }

    class Log implements fc.AsyncCommand<Model, Real> {
      constructor(readonly index: number, readonly kind: string, readonly byKind: boolean) {}
      check = (): boolean => true;
      async run(model: Model, real: Real): Promise<void> {
        const entry = [{ entity: 'widget', entityId: pick(model, this.index), kind: this.kind }];
        compare(this.toString(), logOrder(await outcome(() => real.store.append(entry))), logOrder(await outcome(() => model.ref.append(entry))));
        const query = this.byKind ? { kinds: [this.kind] } : { entity: 'widget', entityId: pick(model, this.index) };
        compare(`${this.toString()} read`, logOrder(await outcome(() => real.store.readLog(query))), logOrder(await outcome(() => model.ref.readLog(query))));
      }
      toString = (): string => `log(#${this.index}, ${this.kind})`;
    }

    const commands = [
      fc.tuple(input, fc.option(fc.nat(), { nil: null })).map(([data, duplicate]) => new Create(data, duplicate)),
      fc.tuple(input, fc.option(fc.nat(), { nil: null })).map(([data, duplicate]) => new Create(data, duplicate)),
      fc.tuple(fc.nat(), patch, fc.constantFrom<VersionMode>('none', 'right', 'stale')).map(([index, p, mode]) => new Update(index, p, mode)),
      fc.tuple(fc.nat(), fc.constantFrom<VersionMode>('none', 'right', 'stale')).map(([index, mode]) => new Delete(index, mode)),
      fc.tuple(fc.option(where, { nil: undefined }), sort, fc.integer({ min: 1, max: 4 })).map(([w, s, limit]) => new Find(w, s, limit)),
      where.map((w) => new Count(w)),
      fc.tuple(input, fc.nat(), patch, fc.boolean()).map(([data, index, p, fail]) => new Transaction(data, index, p, fail)),
      fc.tuple(fc.nat(), fc.constantFrom('a', 'b'), fc.boolean()).map(([index, kind, byKind]) => new Log(index, kind, byKind)),
    ];

    await fc.assert(
      fc.asyncProperty(fc.array(input, { minLength: 2, maxLength: 12 }), fc.commands(commands, { maxCommands: 30, size: 'medium' }), async (initial, cmds) => {
        const real = await open();
        const ref = createMemoryStore({
          workspaceId: real.workspaceId,
          entities: CONFORMANCE_ENTITIES,
          ids: sequentialIds(),
          clock: steppingClock(T0, 1000),
        });
        const model: Model = { ref, ids: [] };
        for (const data of initial) await new Create(data, null).run(model, { store: real });
        await fc.asyncModelRun(() => ({ model, real: { store: real } }), cmds);
        const everything = { limit: 10_000 };
        compare('final state', await outcome(() => real.find('widget', everything)), await outcome(() => ref.find('widget', everything)));
        compare('final log', logOrder(await outcome(() => real.readLog())), logOrder(await outcome(() => ref.readLog())));
      }),
      { numRuns },
    );
  }, 120_000);
}
