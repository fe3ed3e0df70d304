/**
 * `create` and `createMany` parse built-in entities with `z.compile`d clones of their data
 * schemas (once an entity has parsed 100 inputs in the process). These tests check that the clones answer exactly like the schemas they were made from
 * — same values (key order, absent keys, `Date`s, what is shared with the input), same issues —
 * on valid, mutated and junk input, and that a store gives the same records and errors with code
 * generation on and off.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../../src/errors';
import { defineEntity, fixedClock, sequentialIds, TimestampSchema } from '../../src/model';
import { CRM_ENTITIES, type CrmEntityName } from '../../src/model/registry';
import { createMemoryDriver, createStore } from '../../src/store';
import { SAMPLE_INPUTS } from '../model/_samples';
import { junk } from '../model/_helpers';


/** Values that are nearly right: the kind of mistakes real input makes. */
const nearMiss = fc.oneof(
  fc.constantFrom('', ' ', '  Ada ', 'ADA@EXAMPLE.COM', ' a@b.co ', 'a@b', 'not an e-mail', '+1 415 555 2671', '+999', 'gb', 'GB', 'gold'),
  fc.constantFrom('2025-01-01T00:00:00Z', '2025-01-01', '2025-01-01T00:00:00', '2025-02-30T00:00:00Z'),
  fc.constantFrom(0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, true, false, null, undefined),
  fc.constantFrom(new Date(Number.NaN), new Date('2025-01-01T00:00:00Z'), new Date(-1e15)),
  fc.constantFrom([], [''], ['a', 'a'], ['vip', 'VIP'], [{}], [{ address: 'a@b.co' }, { address: 'A@B.CO' }]),
  fc.constantFrom([{ address: 'a@b.co', primary: true }, { address: 'c@d.co', primary: true }], [{ address: 'a@b.co', primary: false }]),
  fc.constantFrom({}, { tier: 1 }, { Tier: 1 }, { tier: Number.NaN }, { tier: { amountMinor: 1, currency: 'EUR' } }, { tier: ['x'] }),
  fc.string(),
);

/** Every path to a node of a JSON-ish value. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((element, i) => out.push(...paths(element, [...prefix, i])));
  else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const key of Object.keys(value)) out.push(...paths((value as Record<string, unknown>)[key], [...prefix, key]));
  }
  return out;
}

/** A deep copy of `base` with the node at `path` replaced (`replace`), deleted, or given an extra key. */
function edit(base: unknown, path: readonly (string | number)[], op: 'replace' | 'delete' | 'add', value: unknown, key: string): unknown {
  const copy = structuredClone(base);
  if (path.length === 0) return op === 'replace' ? value : copy;
  let parent = copy as Record<string | number, unknown>;
  for (const part of path.slice(0, -1)) parent = parent[part] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (op === 'replace') parent[last] = value;
  else if (op === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>)[key] = value;
  }
  return copy;
}

/** The sample input of an entity, edited at one node anywhere in it. */
function mutated(entity: CrmEntityName) {
  const base = SAMPLE_INPUTS[entity];
  const all = paths(base);
  return fc
    .tuple(fc.constantFrom(...all), fc.constantFrom('replace', 'delete', 'add') as fc.Arbitrary<'replace' | 'delete' | 'add'>, fc.oneof(nearMiss, junk), fc.oneof(fc.string(), fc.constantFrom('label', 'primary', 'x')))
    .map(([path, op, value, key]) => edit(base, path, op, value, key));
}

/**
 * A description of a value precise enough to tell any two parse results apart: own keys in order
 * (`undefined` members included), prototypes, `Date` times, objects that appear twice in it, and
 * which objects are the input's own.
 */
function describeValue(value: unknown, input: Map<object, string>, seen = new Map<object, string>(), path = '$'): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && Object.is(value, -0)) return '-0';
    if (typeof value === 'bigint') return `${value}n`;
    if (typeof value === 'symbol' || typeof value === 'function') return String(value);
    return value === undefined ? '(undefined)' : value;
  }
  const again = seen.get(value);
  if (again !== undefined) return { again };
  seen.set(value, path);
  const shared = input.get(value);
  if (value instanceof Date) return { date: value.getTime(), shared };
  const proto = Object.getPrototypeOf(value) as object | null;
  const kind = proto === null ? 'null' : (proto.constructor?.name ?? '?');
  const keys = Reflect.ownKeys(value).filter((key) => key !== 'length' || !Array.isArray(value));
  return {
    kind,
    shared,
    frozen: Object.isFrozen(value),
    members: keys.map((key) => [String(key), describeValue((value as Record<PropertyKey, unknown>)[key], input, seen, `${path}.${String(key)}`)]),
  };
}

/** Every object reachable from an input, by path. */
function objectsOf(value: unknown, path = '$', out = new Map<object, string>(), depth = 0): Map<object, string> {
  if (value === null || typeof value !== 'object' || out.has(value) || depth > 20) return out;
  out.set(value, path);
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor !== undefined && 'value' in descriptor) objectsOf(descriptor.value, `${path}.${String(key)}`, out, depth + 1);
  }
  return out;
}

/** What a `safeParse` answered, described for an exact comparison. */
function outcome(schema: z.ZodType, input: unknown): unknown {
  const shared = objectsOf(input);
  try {
    const result = schema.safeParse(input);
    return result.success
      ? { success: true, data: describeValue(result.data, shared) }
      : { success: false, issues: describeValue(JSON.parse(JSON.stringify(result.error.issues, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))), shared) };
  } catch (error) {
    return { threw: String(error) };
  }
}

const entities = Object.keys(CRM_ENTITIES) as CrmEntityName[];

describe('compiled data schemas', () => {
  it('include a generated validator for contacts (campaigns keep the runtime parser: z.json() is recursive)', () => {
    expect(() => z.compile(CRM_ENTITIES.contact.dataSchema, { strict: true })).not.toThrow();
    for (const entity of entities) expect(() => z.compile(CRM_ENTITIES[entity].dataSchema as z.ZodType)).not.toThrow();
  });

  for (const entity of entities) {
    const original = CRM_ENTITIES[entity].dataSchema as z.ZodType;
    const compiled = z.compile(original);

    it(`answer like the ${entity} data schema on the sample, mutated samples and junk`, () => {
      expect(outcome(compiled, SAMPLE_INPUTS[entity])).toEqual(outcome(original, SAMPLE_INPUTS[entity]));
      fc.assert(
        fc.property(fc.oneof({ arbitrary: mutated(entity), weight: 4 }, { arbitrary: junk, weight: 1 }), (input) => {
          expect(outcome(compiled, input)).toEqual(outcome(original, input));
        }),
        { numRuns: 400 },
      );
    });
  }
});

describe('a store with and without code generation', () => {
  afterEach(() => {
    z.config({ jitless: false });
  });

  /** `createMany` then `create` of each input on a fresh memory store: rows written, records, or the error. */
  async function run(entity: string, inputs: unknown[]): Promise<unknown> {
    const answers: unknown[] = [];
    // The rows the driver is handed, described as they arrive (the memory driver freezes them).
    const memory = createMemoryDriver({ workspaceId: 'ws' });
    const driver = Object.create(memory) as typeof memory;
    driver.insert = (name, rows) => {
      answers.push({ rows: describeValue(rows, new Map()) });
      return memory.insert(name, rows);
    };
    const store = createStore({
      driver,
      entities: { ...CRM_ENTITIES, oddity: Oddity },
      ids: sequentialIds(),
      clock: fixedClock('2025-01-01T00:00:00Z'),
    }) as unknown as { createMany(entity: string, inputs: unknown[]): Promise<unknown>; create(entity: string, input: unknown): Promise<unknown> };
    const answer = async (fn: () => Promise<unknown>) => {
      try {
        answers.push(describeValue(await fn(), new Map()));
      } catch (error) {
        answers.push({ error: (error as Error).constructor.name, message: (error as Error).message, issues: (error as ValidationError).issues });
      }
    };
    await answer(() => store.createMany(entity, inputs));
    for (const input of inputs) await answer(() => store.create(entity, input));
    return answers;
  }

  /** A custom entity with keys an object literal treats specially and values that are not JSON. */
  const Oddity = defineEntity('oddity', {
    '0': z.string().optional(),
    'a b': z.number().optional(),
    café: z.string().optional(),
    when: TimestampSchema.optional(),
    blob: z.custom<unknown>(() => true).optional(),
    list: z.array(z.custom<unknown>(() => true)).optional(),
    externalId: z.string().optional(),
  });
  const oddValue = fc.oneof(
    fc.constantFrom(undefined, null, Number.NaN, Number.POSITIVE_INFINITY, 1, 'x', true, new Date(0), new Date(Number.NaN), new Map(), [undefined], { a: undefined }, { b: [new Date(1)] }),
    fc.jsonValue(),
  );
  const oddInput = fc.record(
    {
      '0': fc.constantFrom('zero', undefined),
      'a b': fc.constantFrom(1.5, undefined),
      café: fc.constantFrom('crème', undefined),
      when: fc.constantFrom('2025-01-01T00:00:00Z', new Date(5), undefined),
      blob: oddValue,
      list: fc.array(oddValue, { maxLength: 3 }),
      externalId: fc.constantFrom('e1', 'e2', 'e3', undefined),
      id: fc.constantFrom('i1', 'i2', undefined),
      createdAt: fc.constantFrom('2024-01-01T00:00:00Z', undefined),
    },
    { requiredKeys: [] },
  );

  it('creates the same records of a custom entity, in many shapes, and raises the same errors', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(oddInput, { minLength: 1, maxLength: 40 }), async (inputs) => {
        z.config({ jitless: false });
        const fast = await run('oddity', inputs);
        z.config({ jitless: true });
        const slow = await run('oddity', inputs);
        z.config({ jitless: false });
        expect(fast).toEqual(slow);
      }),
      { numRuns: 200 },
    );
  });

  it('creates the same records and raises the same errors', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...entities).chain((entity) => fc.tuple(fc.constant(entity), fc.array(fc.oneof(mutated(entity), fc.constant(SAMPLE_INPUTS[entity])), { minLength: 1, maxLength: 4 }))),
        async ([entity, inputs]) => {
          z.config({ jitless: false });
          const fast = await run(entity, inputs);
          z.config({ jitless: true });
          const slow = await run(entity, inputs);
          z.config({ jitless: false });
          expect(fast).toEqual(slow);
        },
      ),
      { numRuns: 300 },
    );
  });
});
