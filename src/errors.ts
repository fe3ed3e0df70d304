/**
 * The crmkit error model: one base class, {@link CrmError}, with a machine-readable
 * {@link CrmErrorCode}, and one subclass per kind of failure. Every error crmkit throws
 * on purpose is one of these; anything else is a bug.
 *
 * Modelled on zod (`ZodError` with `issues`), Auth.js and Better Auth (error classes with
 * codes that callers switch on).
 *
 * @module
 */

/**
 * Every error code crmkit uses, in one list. Switch on `error.code`, never on the message.
 *
 * @example
 * ```ts
 * import { CRM_ERROR_CODES } from 'crmkit';
 * CRM_ERROR_CODES.includes('NOT_FOUND'); //=> true
 * ```
 */
export const CRM_ERROR_CODES = [
  /** Input failed schema or domain validation; see {@link ValidationError.issues}. */
  'VALIDATION_FAILED',
  /** A lifecycle refused an event in the current state. */
  'INVALID_TRANSITION',
  /** A record that was asked for does not exist (in this workspace). */
  'NOT_FOUND',
  /** An update carried a stale `version` (optimistic concurrency). */
  'VERSION_CONFLICT',
  /** A unique constraint would be violated (duplicate id, unique custom field…). */
  'UNIQUE_VIOLATION',
  /** Arithmetic or aggregation would silently mix currencies. */
  'CURRENCY_MISMATCH',
  /** A function was called with arguments that cannot be computed on (e.g. an impossible Markov chain). */
  'INVALID_ARGUMENT',
  /** The storage backend failed (connection lost, driver error…); `cause` holds the driver error. */
  'ADAPTER_FAILURE',
  /** The adapter does not offer a capability the caller needs. */
  'UNSUPPORTED',
] as const;

/** A machine-readable error code; one of {@link CRM_ERROR_CODES}. */
export type CrmErrorCode = (typeof CRM_ERROR_CODES)[number];

/** Options accepted by every crmkit error constructor. */
export interface CrmErrorOptions {
  /** The underlying error, if this one wraps another (driver error, zod error…). */
  cause?: unknown;
}

/**
 * Base class of every error crmkit throws on purpose.
 *
 * @example
 * ```ts
 * import { CrmError, NotFoundError } from 'crmkit';
 * try {
 *   throw new NotFoundError('contact', 'c_1');
 * } catch (error) {
 *   if (error instanceof CrmError && error.code === 'NOT_FOUND') {
 *     // handle the missing record
 *   }
 * }
 * ```
 */
export class CrmError extends Error {
  /** Machine-readable code, stable across versions. */
  readonly code: CrmErrorCode;

  /**
   * @param code - one of {@link CRM_ERROR_CODES}
   * @param message - a readable sentence for humans
   * @param options - `cause` when wrapping another error
   */
  constructor(code: CrmErrorCode, message: string, options: CrmErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.name = 'CrmError';
    this.code = code;
  }
}

/**
 * One problem found in input: where it is (`path`, as zod reports it), a code and a message.
 * zod's own issues satisfy this shape, so {@link ValidationError.issues} carries them as they are.
 */
export interface ValidationIssue {
  /** A short machine-readable kind, e.g. zod's `invalid_type`, or `custom`. */
  readonly code: string;
  /** Path into the input, e.g. `['emails', 0, 'address']`; empty for the whole value. */
  readonly path: readonly PropertyKey[];
  /** A readable message. */
  readonly message: string;
}

/**
 * Renders an issue path as `emails[0].address` (empty path: `(root)`).
 *
 * @param path - an issue path as in {@link ValidationIssue.path}
 * @returns a dotted path with numeric segments in brackets
 *
 * @example
 * ```ts
 * import { formatIssuePath } from 'crmkit';
 * formatIssuePath(['emails', 0, 'address']); //=> 'emails[0].address'
 * ```
 */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/**
 * Input failed validation. `issues` lists **every** problem found, each with its path, so a
 * caller (an import, a form) can report all of them at once.
 *
 * @example
 * ```ts
 * import { parseContact, ValidationError } from 'crmkit';
 * try {
 *   parseContact({ firstName: 42 });
 * } catch (error) {
 *   if (error instanceof ValidationError) {
 *     error.issues.map((issue) => issue.path.join('.')); // every offending field
 *   }
 * }
 * ```
 */
export class ValidationError extends CrmError {
  /** Every issue found, in the order the validator reported them. */
  readonly issues: readonly ValidationIssue[];
  /** What was being validated, e.g. `contact` (used in the message). */
  readonly subject: string;

  /**
   * @param subject - what was validated, e.g. `'contact'`
   * @param issues - every issue found (at least one)
   * @param options - `cause`, typically the `ZodError`
   */
  constructor(subject: string, issues: readonly ValidationIssue[], options: CrmErrorOptions = {}) {
    const list = issues.map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`).join('; ');
    super('VALIDATION_FAILED', `Invalid ${subject}: ${list || 'unknown problem'}`, options);
    this.name = 'ValidationError';
    this.subject = subject;
    this.issues = issues;
  }
}

/**
 * A record that was asked for does not exist in the store handle's workspace.
 *
 * @example
 * ```ts
 * import { NotFoundError } from 'crmkit';
 * new NotFoundError('deal', 'd_42').message; //=> 'deal d_42 not found'
 * ```
 */
export class NotFoundError extends CrmError {
  /** Entity name, e.g. `deal`. */
  readonly entity: string;
  /** The id that was asked for. */
  readonly id: string;

  /**
   * @param entity - entity name
   * @param id - the id that was not found
   * @param options - `cause` if any
   */
  constructor(entity: string, id: string, options: CrmErrorOptions = {}) {
    super('NOT_FOUND', `${entity} ${id} not found`, options);
    this.name = 'NotFoundError';
    this.entity = entity;
    this.id = id;
  }
}

/**
 * An update was made against a stale `version`: someone else changed the record first.
 * Nothing was written; re-read the record and try again.
 *
 * @example
 * ```ts
 * import { ConflictError } from 'crmkit';
 * const error = new ConflictError('contact', 'c_1', 3, 4);
 * error.code; //=> 'VERSION_CONFLICT'
 * ```
 */
export class ConflictError extends CrmError {
  /** Entity name. */
  readonly entity: string;
  /** Record id. */
  readonly id: string;
  /** The version the caller expected. */
  readonly expectedVersion: number;
  /** The version found in the store, when known. */
  readonly actualVersion: number | undefined;

  /**
   * @param entity - entity name
   * @param id - record id
   * @param expectedVersion - the version the caller sent
   * @param actualVersion - the version in the store, when known
   * @param options - `cause` if any
   */
  constructor(
    entity: string,
    id: string,
    expectedVersion: number,
    actualVersion?: number,
    options: CrmErrorOptions = {},
  ) {
    super(
      'VERSION_CONFLICT',
      `${entity} ${id}: expected version ${expectedVersion}` +
        (actualVersion === undefined ? ', but the record changed' : `, found ${actualVersion}`),
      options,
    );
    this.name = 'ConflictError';
    this.entity = entity;
    this.id = id;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }
}

/**
 * A write would violate a uniqueness rule (duplicate id, duplicate external id, a custom field
 * declared unique).
 *
 * @example
 * ```ts
 * import { UniqueViolationError } from 'crmkit';
 * new UniqueViolationError('contact', 'id', 'c_1').code; //=> 'UNIQUE_VIOLATION'
 * ```
 */
export class UniqueViolationError extends CrmError {
  /** Entity name. */
  readonly entity: string;
  /** The field whose value is taken. */
  readonly field: string;
  /** The duplicate value. */
  readonly value: unknown;

  /**
   * @param entity - entity name
   * @param field - the unique field
   * @param value - the duplicated value
   * @param options - `cause` if any
   */
  constructor(entity: string, field: string, value: unknown, options: CrmErrorOptions = {}) {
    super('UNIQUE_VIOLATION', `${entity}: ${field} ${JSON.stringify(value)} already exists`, options);
    this.name = 'UniqueViolationError';
    this.entity = entity;
    this.field = field;
    this.value = value;
  }
}

/**
 * Two amounts in different currencies were combined. crmkit never converts silently.
 *
 * @example
 * ```ts
 * import { addMoney, CurrencyMismatchError } from 'crmkit';
 * try {
 *   addMoney({ amountMinor: 100, currency: 'EUR' }, { amountMinor: 100, currency: 'USD' });
 * } catch (error) {
 *   error instanceof CurrencyMismatchError; //=> true
 * }
 * ```
 */
export class CurrencyMismatchError extends CrmError {
  /** The currencies that met. */
  readonly currencies: readonly string[];

  /**
   * @param currencies - the currencies involved
   * @param options - `cause` if any
   */
  constructor(currencies: readonly string[], options: CrmErrorOptions = {}) {
    super('CURRENCY_MISMATCH', `Cannot combine amounts in different currencies: ${currencies.join(', ')}`, options);
    this.name = 'CurrencyMismatchError';
    this.currencies = currencies;
  }
}

/**
 * The storage backend failed. `cause` holds the driver's error; the operation did not happen
 * (adapters roll back the transaction before throwing this).
 *
 * @example
 * ```ts
 * import { AdapterError } from 'crmkit';
 * new AdapterError('postgres', 'connection refused').code; //=> 'ADAPTER_FAILURE'
 * ```
 */
export class AdapterError extends CrmError {
  /** Which adapter failed, e.g. `postgres`. */
  readonly adapter: string;

  /**
   * @param adapter - adapter name
   * @param message - what failed
   * @param options - `cause`: the driver error
   */
  constructor(adapter: string, message: string, options: CrmErrorOptions = {}) {
    super('ADAPTER_FAILURE', `${adapter}: ${message}`, options);
    this.name = 'AdapterError';
    this.adapter = adapter;
  }
}

/**
 * A function was given arguments it cannot compute on, although each is well-formed: an
 * absorbing Markov chain whose absorbing states cannot be reached, a model that does not
 * converge, an empty group where one is required.
 *
 * @example
 * ```ts
 * import { InvalidArgumentError } from 'crmkit';
 * new InvalidArgumentError('no absorbing state is reachable from "lead"').code; //=> 'INVALID_ARGUMENT'
 * ```
 */
export class InvalidArgumentError extends CrmError {
  /**
   * @param message - what is wrong with the arguments
   * @param options - `cause` if any
   */
  constructor(message: string, options: CrmErrorOptions = {}) {
    super('INVALID_ARGUMENT', message, options);
    this.name = 'InvalidArgumentError';
  }
}

/**
 * Result of a `safe*` function: the value, or the error that the throwing variant would throw.
 * The same shape as zod's `safeParse` result.
 */
export type Result<T, E extends CrmError = CrmError> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly error: E };

/**
 * Type guard: is `value` a {@link CrmError}, optionally with the given code?
 *
 * @param value - anything caught
 * @param code - optional code to match
 * @returns whether `value` is a crmkit error (with that code)
 *
 * @example
 * ```ts
 * import { isCrmError, NotFoundError } from 'crmkit';
 * isCrmError(new NotFoundError('deal', 'd1'), 'NOT_FOUND'); //=> true
 * isCrmError(new Error('boom')); //=> false
 * ```
 */
export function isCrmError(value: unknown, code?: CrmErrorCode): value is CrmError {
  return value instanceof CrmError && (code === undefined || value.code === code);
}

/**
 * A lifecycle refused an event: it is not allowed from the current state, a guard said no, or
 * data required to enter the target state is missing. Nothing was changed.
 *
 * @example
 * ```ts
 * import { InvalidTransitionError } from 'crmkit';
 * const error = new InvalidTransitionError({ lifecycle: 'lead', from: 'subscriber', event: 'win', allowed: ['qualify'] });
 * error.allowed; //=> ['qualify']
 * ```
 */
export class InvalidTransitionError extends CrmError {
  /** Lifecycle name. */
  readonly lifecycle: string;
  /** The state the record was in. */
  readonly from: string;
  /** The refused event. */
  readonly event: string;
  /** The events accepted from `from`. */
  readonly allowed: readonly string[];
  /** Why it was refused, when a guard or a required-data rule gave a reason. */
  readonly reason: string | undefined;

  /**
   * @param details - lifecycle, from, event, allowed events and an optional reason
   * @param options - `cause` if any
   */
  constructor(
    details: { lifecycle: string; from: string; event: string; allowed: readonly string[]; reason?: string },
    options: CrmErrorOptions = {},
  ) {
    super(
      'INVALID_TRANSITION',
      `${details.lifecycle}: event "${details.event}" is not allowed from "${details.from}"` +
        (details.reason === undefined ? '' : ` (${details.reason})`) +
        `; allowed: ${details.allowed.length === 0 ? 'none' : details.allowed.join(', ')}`,
      options,
    );
    this.name = 'InvalidTransitionError';
    this.lifecycle = details.lifecycle;
    this.from = details.from;
    this.event = details.event;
    this.allowed = details.allowed;
    this.reason = details.reason;
  }
}
