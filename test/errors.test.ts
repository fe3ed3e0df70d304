import { describe, expect, it } from 'vitest';
import {
  AdapterError,
  ConflictError,
  CRM_ERROR_CODES,
  CrmError,
  formatIssuePath,
  InvalidTransitionError,
  isCrmError,
  NotFoundError,
  ValidationError,
} from '../src/errors';

describe('error model', () => {
  it('gives every error a code from the one list, and keeps the cause', () => {
    const cause = new Error('driver said no');
    const errors = [
      new ValidationError('contact', [{ code: 'custom', path: ['a'], message: 'bad' }]),
      new NotFoundError('deal', 'd1'),
      new ConflictError('contact', 'c1', 2, 3),
      new AdapterError('postgres', 'connection refused', { cause }),
      new InvalidTransitionError({ lifecycle: 'lead', from: 'lead', event: 'win', allowed: ['qualify'] }),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(CrmError);
      expect(error).toBeInstanceOf(Error);
      expect(CRM_ERROR_CODES).toContain(error.code);
    }
    expect(errors[3]!.cause).toBe(cause);
    expect(isCrmError(errors[1], 'NOT_FOUND')).toBe(true);
    expect(isCrmError(errors[1], 'VERSION_CONFLICT')).toBe(false);
    expect(isCrmError(new Error('x'))).toBe(false);
  });

  it('lists every validation issue with its path in the message', () => {
    const error = new ValidationError('contact', [
      { code: 'invalid_type', path: ['emails', 0, 'address'], message: 'Expected string' },
      { code: 'custom', path: [], message: 'Needs a name' },
    ]);
    expect(error.message).toBe('Invalid contact: emails[0].address: Expected string; (root): Needs a name');
    expect(error.issues).toHaveLength(2);
    expect(formatIssuePath(['a', 'b', 3])).toBe('a.b[3]');
  });

  it('describes refused transitions with the allowed events', () => {
    const error = new InvalidTransitionError({ lifecycle: 'deal', from: 'won', event: 'lose', allowed: [], reason: 'terminal' });
    expect(error.message).toBe('deal: event "lose" is not allowed from "won" (terminal); allowed: none');
    expect(new ConflictError('contact', 'c1', 2).message).toBe('contact c1: expected version 2, but the record changed');
  });
});
