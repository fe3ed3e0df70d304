/**
 * Internal helpers of the store layer (JSON conversion, cloning, freezing). Not exported from
 * `crmkit/store`.
 *
 * @module
 * @internal
 */
import type { ValidationIssue } from '../errors';
import type { Json, StoredRow } from './types';

/** A plain record. */
export type AnyRecord = Record<string, unknown>;

/** A `custom` validation issue. */
export function issue(path: readonly PropertyKey[], message: string): ValidationIssue {
  return { code: 'custom', path: [...path], message };
}

let lastIsoTime = Number.NaN;
let lastIso = '';

/**
 * `date.toISOString()` for a valid `Date`, remembering the last result: V8's `toISOString` is
 * slow and a store formats the same clock instant many times in a row (timestamps, log entries).
 */
export function isoString(date: Date): string {
  const time = date.getTime();
  if (time === lastIsoTime) return lastIso;
  const iso = date.toISOString();
  lastIsoTime = time;
  lastIso = iso;
  return iso;
}

/** Whether `value` is a plain object (object literal or `Object.create(null)`). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (typeof value === 'object' && value !== null) return (value as object).constructor?.name ?? 'object';
  return typeof value;
}

/**
 * JSON-safe copy of a parsed record value: `Date`s become ISO strings, `undefined` object
 * members are dropped; anything else that is not JSON is reported.
 */
export function toJson(value: unknown, path: PropertyKey[], issues: ValidationIssue[]): Json {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    issues.push(issue(path, 'Expected a finite number'));
    return null;
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      issues.push(issue(path, 'Invalid Date'));
      return null;
    }
    return value.toISOString();
  }
  if (Array.isArray(value)) {
    const out = new Array<Json>(value.length);
    for (let i = 0; i < value.length; i++) {
      const element: unknown = value[i];
      if (element === undefined) issues.push(issue([...path, i], 'undefined is not JSON'));
      out[i] = toJson(element, [...path, i], issues);
    }
    return out;
  }
  if (isPlainObject(value)) {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value)) {
      const member = value[key];
      if (member !== undefined) out[key] = toJson(member, [...path, key], issues);
    }
    return out;
  }
  issues.push(issue(path, `A ${describe(value)} is not JSON-serialisable`));
  return null;
}

const NOT_JSON = Symbol('not JSON');

function fastJson(value: unknown): Json {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw NOT_JSON;
  }
  if (typeof value !== 'object') throw NOT_JSON;
  if (value instanceof Date) {
    const time = value.getTime();
    if (Number.isNaN(time)) throw NOT_JSON;
    return isoString(value);
  }
  if (Array.isArray(value)) {
    const out = new Array<Json>(value.length);
    for (let i = 0; i < value.length; i++) {
      const element: unknown = value[i];
      if (element === undefined) throw NOT_JSON;
      out[i] = fastJson(element);
    }
    return out;
  }
  if (!isPlainObject(value)) throw NOT_JSON;
  const out: { [key: string]: Json } = {};
  for (const key of Object.keys(value)) {
    const member = value[key];
    if (member !== undefined) out[key] = fastJson(member);
  }
  return out;
}

/**
 * {@link toJson} without path bookkeeping on the happy path: converts, or — when the value is not
 * JSON-safe — reports every problem with its path (and returns `null`).
 */
export function toJsonChecked(value: unknown, path: PropertyKey[], issues: ValidationIssue[]): Json {
  try {
    return fastJson(value);
  } catch (error) {
    if (error !== NOT_JSON) throw error;
    return toJson(value, path, issues);
  }
}

/** {@link toJsonChecked} of the member `key` of a record (the path is built only for a report). */
export function toJsonCheckedMember(value: unknown, key: string, issues: ValidationIssue[]): Json {
  try {
    return fastJson(value);
  } catch (error) {
    if (error !== NOT_JSON) throw error;
    return toJson(value, [key], issues);
  }
}

function fastStrictJson(value: unknown): Json {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw NOT_JSON;
  }
  if (Array.isArray(value)) {
    const out = new Array<Json>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = fastStrictJson(value[i] as unknown);
    return out;
  }
  if (!isPlainObject(value)) throw NOT_JSON;
  const out: { [key: string]: Json } = {};
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    out[key] = fastStrictJson(value[key]);
  }
  return out;
}

/**
 * {@link strictJson} without path bookkeeping on the happy path: copies, or — when the value is
 * not strict JSON — reports every problem with its path (and returns what `strictJson` returns).
 */
export function strictJsonChecked(value: unknown, path: PropertyKey[], issues: ValidationIssue[]): Json {
  try {
    return fastStrictJson(value);
  } catch (error) {
    if (error !== NOT_JSON) throw error;
    return strictJson(value, path, issues);
  }
}

/** Strict JSON check and copy (no `Date`s, no `undefined`, finite numbers, plain objects only). */
export function strictJson(value: unknown, path: PropertyKey[], issues: ValidationIssue[]): Json {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    issues.push(issue(path, 'Expected a finite number'));
    return null;
  }
  if (Array.isArray(value)) return value.map((element: unknown, i) => strictJson(element, [...path, i], issues));
  if (isPlainObject(value)) {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value)) out[key] = strictJson(value[key], [...path, key], issues);
    return out;
  }
  issues.push(issue(path, `Expected JSON data, got ${value === undefined ? 'undefined' : `a ${describe(value)}`}`));
  return null;
}

/** Deep copy of plain objects, arrays and `Date`s. */
export function cloneValue<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneValue(value[i] as unknown);
    return out as T;
  }
  const out: AnyRecord = {};
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    out[key] = cloneValue((value as AnyRecord)[key]);
  }
  return out as T;
}

/** Freezes a value and everything reachable from it (except `Date`s, which cannot be frozen meaningfully). */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    Object.freeze(value);
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const member = (value as AnyRecord)[key];
      if (member !== null && typeof member === 'object' && !Object.isFrozen(member)) deepFreeze(member);
    }
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Shape-compiled cloning of immutable records
// ---------------------------------------------------------------------------------------------

/**
 * A function returning a deep copy of one particular (immutable) value, as {@link cloneValue}
 * would; call it as `cloner(value, cloneValue)`.
 */
export type Cloner = (value: AnyRecord, clone: typeof cloneValue) => AnyRecord;

/** Compiled cloners keyed by their source (the source spells out the value's whole shape). */
const compiledCloners = new Map<string, Cloner>();
const MAX_COMPILED_CLONERS = 512;
const MAX_CLONER_SOURCE = 8192;
const MAX_INLINE_KEYS = 64;
const MAX_INLINE_ELEMENTS = 16;
const MAX_INLINE_DEPTH = 6;

const genericCloner: Cloner = (value, clone) => clone(value);

/** JS source of an expression that deep-copies `value` (found at `access`), like {@link cloneValue}. */
function clonerSource(value: unknown, access: string, depth: number, budget: { left: number }): string {
  if (value === null || typeof value !== 'object') return access;
  if (--budget.left < 0 || depth > MAX_INLINE_DEPTH) return `c(${access})`;
  if (value instanceof Date) return `new Date(${access}.getTime())`;
  if (Array.isArray(value)) {
    if (value.length > MAX_INLINE_ELEMENTS) return `c(${access})`;
    const parts: string[] = [];
    for (let i = 0; i < value.length; i++) parts.push(clonerSource(value[i] as unknown, `${access}[${i}]`, depth + 1, budget));
    return `[${parts.join(',')}]`;
  }
  const keys = Object.keys(value);
  if (keys.length > MAX_INLINE_KEYS) return `c(${access})`;
  const parts: string[] = [];
  for (const key of keys) {
    // `__proto__` in a literal would set the prototype: leave such objects to cloneValue.
    if (key === '__proto__') return `c(${access})`;
    const name = JSON.stringify(key);
    parts.push(`${name}:${clonerSource((value as AnyRecord)[key], `${access}[${name}]`, depth + 1, budget)}`);
  }
  return `{${parts.join(',')}}`;
}

let evalAllowed: boolean | undefined;

/**
 * A cloner specialised to `value`'s exact shape: one object/array literal instead of
 * {@link cloneValue}'s generic walk (several times faster for records). Only valid for `value`
 * itself, which must never change (a frozen record). Falls back to {@link cloneValue} where code
 * generation is unavailable (zod's `jitless` mode, CSP) or the value is too large.
 */
export function clonerFor(value: AnyRecord, jitless: boolean, allowsEval: () => boolean): Cloner {
  if (jitless) return genericCloner;
  evalAllowed ??= allowsEval();
  if (!evalAllowed) return genericCloner;
  const source = clonerSource(value, 'v', 0, { left: 256 });
  if (source.length > MAX_CLONER_SOURCE || source.startsWith('c(')) return genericCloner;
  let compiled = compiledCloners.get(source);
  if (compiled === undefined) {
    if (compiledCloners.size >= MAX_COMPILED_CLONERS) compiledCloners.clear();
    try {
      compiled = new Function('v', 'c', `"use strict";return ${source};`) as Cloner;
    } catch {
      return genericCloner;
    }
    compiledCloners.set(source, compiled);
  }
  return compiled;
}

// ---------------------------------------------------------------------------------------------
// Shape-compiled building of new records and their rows
// ---------------------------------------------------------------------------------------------

/** The record-metadata keys, in the order a store's records carry them (before the fields). */
export const RECORD_META_KEYS: readonly string[] = ['id', 'workspaceId', 'version', 'createdAt', 'updatedAt'];

/**
 * `{ id, workspaceId, version: 1, createdAt: new Date(time), updatedAt: new Date(time), ...fields }`
 * for validated `fields` whose own keys are exactly the shape's keys, in order — or `undefined`,
 * building nothing, when one of them is `undefined` (a generic copy leaves those out).
 */
export type RecordBuilder = (fields: AnyRecord, id: string, workspaceId: string, time: number) => AnyRecord | undefined;

/**
 * The row data of a record whose own keys are {@link RECORD_META_KEYS} then exactly the shape's
 * keys, in order: every field through `toJson` (called as {@link toJsonCheckedMember} would be, in
 * key order) — or `undefined` when a field is `undefined` (a generic conversion leaves those out).
 */
export type DataBuilder = (record: AnyRecord, issues: ValidationIssue[], toJson: typeof toJsonCheckedMember) => { [key: string]: Json } | undefined;

/** Functions specialised to one list of field keys; `null` where the generic code must run. */
export interface RecordShape {
  /** The field keys, in order. */
  readonly keys: readonly string[];
  readonly record: RecordBuilder | null;
  readonly data: DataBuilder | null;
}

const compiledShapes = new Map<string, { record: RecordBuilder; data: DataBuilder }>();
const INDEX_KEY = /^(?:0|[1-9][0-9]*)$/;

/**
 * Record and row-data builders specialised to one list of field keys: object literals with every
 * member in place, instead of adding the members one by one (the generic code's megamorphic
 * stores and growing property arrays). Generic (`null` builders) where code generation is
 * unavailable (CSP; callers check zod's `jitless` mode first), for too many keys, and for keys an
 * object literal would treat differently (`__proto__`, array indices) or that are record metadata.
 */
export function recordShapeFor(keys: readonly string[], allowsEval: () => boolean): RecordShape {
  const generic: RecordShape = { keys, record: null, data: null };
  if (keys.length > MAX_INLINE_KEYS) return generic;
  evalAllowed ??= allowsEval();
  if (!evalAllowed) return generic;
  const loads: string[] = [];
  const undefinedTests: string[] = [];
  const recordMembers: string[] = [];
  const dataMembers: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (key === '__proto__' || INDEX_KEY.test(key) || RECORD_META_KEYS.includes(key)) return generic;
    const name = JSON.stringify(key);
    loads.push(`const v${i}=o[${name}];`);
    undefinedTests.push(`v${i}===undefined`);
    recordMembers.push(`${name}:v${i}`);
    dataMembers.push(`${name}:typeof v${i}==="string"?v${i}:j(v${i},${name},s)`);
  }
  const head = `${loads.join('')}if(${undefinedTests.join('||') || 'false'})return undefined;`;
  const source = `"use strict";return{record:(o,i,w,t)=>{${head}return{id:i,workspaceId:w,version:1,createdAt:new Date(t),updatedAt:new Date(t)${recordMembers.map((member) => `,${member}`).join('')}};},data:(o,s,j)=>{${head}return{${dataMembers.join(',')}};}};`;
  let compiled = compiledShapes.get(source);
  if (compiled === undefined) {
    if (compiledShapes.size >= MAX_COMPILED_CLONERS) compiledShapes.clear();
    try {
      compiled = new Function(source)() as { record: RecordBuilder; data: DataBuilder };
    } catch {
      return generic;
    }
    compiledShapes.set(source, compiled);
  }
  return { keys, record: compiled.record, data: compiled.data };
}

// ---------------------------------------------------------------------------------------------
// Synchronous access for in-process drivers
// ---------------------------------------------------------------------------------------------

/**
 * Key of the optional synchronous face of a driver session (the memory driver has one):
 * `createStore` uses it to skip a promise round trip per read and per compare-and-set.
 */
export const SYNC_SESSION: unique symbol = Symbol('crmkit.syncSession');

/** The synchronous operations of a session that keeps its rows in process. */
export interface SyncSession {
  /** The row with this id (what `getMany(entity, [id])[0]` would resolve to). */
  peek(entity: string, id: string): StoredRow | undefined;
  /**
   * `replace`, run now when that is possible without waiting (else `undefined`: the caller
   * falls back to the asynchronous `replace`). Throws what `replace` would reject with.
   */
  tryReplace(entity: string, row: StoredRow, expectedVersion: number): boolean | undefined;
}

/** A function returning a shallow copy of one particular (immutable) object, like `{ ...value }`. */
export type Copier = (value: AnyRecord) => AnyRecord;

const compiledCopiers = new Map<string, Copier>();
const spreadCopier: Copier = (value) => ({ ...value });

/**
 * A shallow copier specialised to `value`'s own keys: an object literal, much faster than a
 * spread of a frozen object. Only valid for objects with exactly these keys in this order (and
 * no symbol keys); falls back to a spread like {@link clonerFor}.
 */
export function copierFor(value: AnyRecord, jitless: boolean, allowsEval: () => boolean): Copier {
  if (jitless) return spreadCopier;
  evalAllowed ??= allowsEval();
  if (!evalAllowed) return spreadCopier;
  const keys = Object.keys(value);
  if (keys.length > MAX_INLINE_KEYS || Object.getOwnPropertySymbols(value).length > 0) return spreadCopier;
  const parts: string[] = [];
  for (const key of keys) {
    if (key === '__proto__') return spreadCopier;
    const name = JSON.stringify(key);
    parts.push(`${name}:v[${name}]`);
  }
  const source = `{${parts.join(',')}}`;
  let compiled = compiledCopiers.get(source);
  if (compiled === undefined) {
    if (compiledCopiers.size >= MAX_COMPILED_CLONERS) compiledCopiers.clear();
    try {
      compiled = new Function('v', `"use strict";return ${source};`) as Copier;
    } catch {
      return spreadCopier;
    }
    compiledCopiers.set(source, compiled);
  }
  return compiled;
}

/**
 * Key of an optional driver-session method `(entity, row, previous) => Promise<boolean>`: a
 * compare-and-set that writes `row` only while the stored row is still exactly `previous` (same
 * version, timestamps, external id and data). It lets `update` inside a transaction merge onto a
 * row read earlier in that transaction without reading it again: when anything changed, it
 * writes nothing and `update` reads the row afresh.
 */
export const REPLACE_IF_UNCHANGED: unique symbol = Symbol('crmkit.replaceIfUnchanged');

/** The method behind {@link REPLACE_IF_UNCHANGED}. */
export type ReplaceIfUnchanged = (entity: string, row: StoredRow, previous: StoredRow) => Promise<boolean>;

/**
 * Key of an optional method of a driver session (the SQL drivers have one):
 * `(entity, total, next) => Promise<void>` — inserts `total` rows that `next(max)` produces
 * chunk by chunk (at most `max` rows per call, `undefined` when done), all or none, as
 * `insert` would. The driver asks for chunk n+1 while the database inserts chunk n, so that
 * `createMany` validates and the database writes at the same time. When `next` throws, nothing
 * is inserted and the driver rethrows that error unchanged.
 */
export const INSERT_CHUNKS: unique symbol = Symbol('crmkit.insertChunks');

/** The method behind {@link INSERT_CHUNKS}. */
export type InsertChunks = (entity: string, total: number, next: (max: number) => readonly StoredRow[] | undefined) => Promise<void>;

/**
 * Key of an optional method of a store handle built by `createStore`:
 * `(entity, id) => number | null | undefined` — the stored version of a record (`null`: no such
 * record) read without reviving or copying it, or `undefined` when the driver cannot tell
 * synchronously. Lets callers validate a cache keyed by id and version cheaply.
 */
export const PEEK_VERSION: unique symbol = Symbol('crmkit.peekVersion');

/** The method behind {@link PEEK_VERSION}. */
export type PeekVersion = (entity: string, id: string) => number | null | undefined;
