/** Helpers shared by the model tests. */
import fc from 'fast-check';
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

/** Junk: any JS value, including boxed values, maps, sets, dates, null prototypes, typed and sparse arrays and bigints. */
export const junk = fc.anything({
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withDate: true,
  withNullPrototype: true,
  withObjectString: true,
  withTypedArray: true,
  withSparseArray: true,
  withBigInt: true,
});
