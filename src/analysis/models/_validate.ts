/**
 * Input checks shared by the models: collect every issue with its path, then throw one
 * {@link ValidationError}.
 *
 * @module
 */
import { ValidationError, type ValidationIssue } from '../../errors';

/** Collects validation issues and throws them together. */
export class IssueCollector {
  readonly issues: ValidationIssue[] = [];

  add(path: readonly PropertyKey[], message: string, code = 'custom'): void {
    this.issues.push({ code, path, message });
  }

  /** Throws a {@link ValidationError} about `subject` when any issue was added. */
  throwIfAny(subject: string): void {
    if (this.issues.length > 0) throw new ValidationError(subject, this.issues);
  }
}

/** True for a finite number. */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
