/**
 * Property tests of every `parse*` function of crmkit/model: arbitrary junk either yields a
 * valid entity (one that parses again to the same value) or a ValidationError — never another
 * exception, never a half-valid object.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors';
import * as model from '../../src/model';
import { CRM_ENTITIES, type CrmEntityName } from '../../src/model/registry';
import { SAMPLE_INPUTS, SAMPLE_META } from './_samples';
import { junk } from './_helpers';

type ParseFn = (input: unknown) => unknown;
type SafeParseFn = (input: unknown) => { success: boolean; data?: unknown; error?: unknown };

const exported = model as unknown as Record<string, unknown>;
const parseNames = Object.keys(exported).filter((name) => /^parse[A-Z]/.test(name) && name !== 'parseWith' && typeof exported[name] === 'function');

/** `parseContact` → `contact`, `parseCampaignMember` → `campaignMember`. */
const entityOf = (parseName: string) => (parseName.slice(5, 6).toLowerCase() + parseName.slice(6)) as CrmEntityName;


/** A valid stored record with one field replaced by junk, one field removed, or one junk key added. */
function mutated(entity: CrmEntityName) {
  const base: Record<string, unknown> = { ...SAMPLE_META, ...SAMPLE_INPUTS[entity] };
  const keys = Object.keys(base);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...keys), junk).map(([key, value]) => ({ ...base, [key]: value })),
    fc.constantFrom(...keys).map((key) => {
      const copy = { ...base };
      delete copy[key];
      return copy;
    }),
    fc.tuple(fc.string(), junk).map(([key, value]) => ({ ...base, [key]: value })),
    fc.tuple(fc.constantFrom(...keys), fc.constantFrom(...keys), junk).map(([a, b, value]) => ({ ...base, [a]: value, [b]: base[a] })),
  );
}

/** Checks the contract for one input: a valid, stable entity or a ValidationError. */
function checkContract(parse: ParseFn, input: unknown): void {
  let output: unknown;
  try {
    output = parse(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.length).toBeGreaterThan(0);
    for (const issue of (error as ValidationError).issues) expect(Array.isArray(issue.path)).toBe(true);
    return;
  }
  // A valid entity: parsing it again gives the same value (nothing half-valid slipped through).
  expect(parse(output)).toEqual(output);
  // And it is the same through a JSON round trip (what a store or an API does to it).
  expect(parse(JSON.parse(JSON.stringify(output)))).toEqual(output);
}

describe('parse* functions', () => {
  it('exist for every built-in entity, each with a safeParse* twin', () => {
    expect(parseNames.map(entityOf).sort()).toEqual(Object.keys(CRM_ENTITIES).sort());
    for (const name of parseNames) expect(typeof exported[`safe${name[0]!.toUpperCase()}${name.slice(1)}`]).toBe('function');
  });

  it('accept the sample record of every entity', () => {
    for (const name of parseNames) {
      const parse = exported[name] as ParseFn;
      const value = parse({ ...SAMPLE_META, ...SAMPLE_INPUTS[entityOf(name)] }) as Record<string, unknown>;
      expect(value.id).toBe('rec_1');
      expect(value.createdAt).toEqual(new Date('2025-03-01T09:00:00Z'));
    }
  });

  for (const name of parseNames) {
    const entity = entityOf(name);
    const parse = exported[name] as ParseFn;
    const safeParse = exported[`safe${name[0]!.toUpperCase()}${name.slice(1)}`] as SafeParseFn;

    it(`${name} turns arbitrary junk into a ValidationError, never another exception`, () => {
      fc.assert(fc.property(junk, (input) => checkContract(parse, input)), { numRuns: 300 });
    });

    it(`${name} turns mutated records into a valid ${entity} or a ValidationError`, () => {
      fc.assert(fc.property(mutated(entity), (input) => checkContract(parse, input)), { numRuns: 400 });
    });

    it(`safe${name.slice(0, 1).toUpperCase()}${name.slice(1)} never throws and agrees with ${name}`, () => {
      fc.assert(
        fc.property(fc.oneof(junk, mutated(entity)), (input) => {
          const result = safeParse(input);
          if (result.success) expect(result.data).toEqual(parse(input));
          else {
            expect(result.error).toBeInstanceOf(ValidationError);
            expect(() => parse(input)).toThrow(ValidationError);
          }
        }),
        { numRuns: 200 },
      );
    });
  }
});
