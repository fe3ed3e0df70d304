/**
 * Internal helpers of the store layer (JSON conversion, cloning, freezing). Not exported from
 * `crmkit/store`.
 *
 * @module
 * @internal
 */
import type { ValidationIssue } from '../errors';
import type { Json } from './types';

/** A plain record. */
export type AnyRecord = Record<string, unknown>;

/** A `custom` validation issue. */
export function issue(path: readonly PropertyKey[], message: string): ValidationIssue {
  return { code: 'custom', path: [...path], message };
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
    return value.toISOString();
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
