/** Helpers shared by the model tests. */
import { expect } from 'vitest';
import { ValidationError } from '../../src/errors';

/** Runs `fn`, expects a ValidationError, and returns the paths of its issues. */
export function issuePaths(fn: () => unknown): PropertyKey[][] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues.map((issue) => [...issue.path]);
  }
  throw new Error('expected a ValidationError');
}
