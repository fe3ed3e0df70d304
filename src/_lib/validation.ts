/**
 * Validation helpers shared by the KPI and analysis modules: build a {@link ValidationIssue} and
 * throw the collected issues as one {@link ValidationError}. Internal: not exported from the
 * package.
 *
 * @module
 * @internal
 */
import { ValidationError, type ValidationIssue } from '../errors';

/**
 * A `custom` validation issue at `path` with `message`.
 *
 * @param path - where the problem sits in the caller's input
 * @param message - what is wrong
 * @returns the issue
 * @example
 * ```ts
 * issue(['period', 'end'], 'end is before start'); //=> { code: 'custom', path: ['period', 'end'], message: 'end is before start' }
 * ```
 * @internal
 */
export function issue(path: readonly PropertyKey[], message: string): ValidationIssue {
  return { code: 'custom', path, message };
}

/**
 * Throws a {@link ValidationError} about `subject` when `issues` is not empty; does nothing otherwise.
 *
 * @param subject - what was validated (the error's subject)
 * @param issues - the issues found
 * @throws {@link ValidationError} when there is at least one issue
 * @example
 * ```ts
 * throwIfIssues('options', []); // returns
 * throwIfIssues('options', [issue(['x'], 'must be positive')]); // throws ValidationError
 * ```
 * @internal
 */
export function throwIfIssues(subject: string, issues: readonly ValidationIssue[]): void {
  if (issues.length > 0) throw new ValidationError(subject, issues);
}
