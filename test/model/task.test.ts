import { describe, expect, it } from 'vitest';
import { formatIssuePath, ValidationError } from '../../src/errors';
import { parseTask, safeParseTask, TaskDataSchema, TaskEntity } from '../../src/model/task';

const meta = {
  id: 'tk_1',
  workspaceId: 'w_1',
  version: 1,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-02T00:00:00Z',
};

const base = { ...meta, subject: 'Send the proposal' };

/** Parses a stored task that must fail and returns the issue paths. */
function failurePaths(input: unknown): string[] {
  const result = safeParseTask(input);
  if (result.success) throw new Error('expected the task to be rejected');
  expect(result.error).toBeInstanceOf(ValidationError);
  return result.error.issues.map((issue) => formatIssuePath(issue.path));
}

describe('task', () => {
  it('parses a full done record and normalises timestamps and the subject', () => {
    const task = parseTask({
      ...base,
      subject: '  Send the proposal ',
      description: 'Include the 3-year option.',
      status: 'done',
      priority: 'high',
      dueAt: '2025-01-10T17:00:00+01:00',
      reminderAt: '2025-01-10T09:00:00+01:00',
      assigneeId: 'o_1',
      related: { entity: 'deal', id: 'd_1' },
      completedAt: '2025-01-09T15:00:00Z',
    });
    expect(task.subject).toBe('Send the proposal');
    expect(task.dueAt).toEqual(new Date('2025-01-10T16:00:00Z'));
    expect(task.reminderAt).toEqual(new Date('2025-01-10T08:00:00Z'));
    expect(task.completedAt).toEqual(new Date('2025-01-09T15:00:00Z'));
    expect(task.related).toEqual({ entity: 'deal', id: 'd_1' });
    expect(task.priority).toBe('high');
  });

  it('applies defaults: status open, priority normal', () => {
    const task = parseTask(base);
    expect(task.status).toBe('open');
    expect(task.priority).toBe('normal');
  });

  it('rejects a reminder after the due instant, and accepts one exactly at it', () => {
    expect(failurePaths({ ...base, dueAt: '2025-01-10T09:00:00Z', reminderAt: '2025-01-10T09:00:01Z' })).toEqual(['reminderAt']);
    expect(safeParseTask({ ...base, dueAt: '2025-01-10T09:00:00Z', reminderAt: '2025-01-10T09:00:00Z' }).success).toBe(true);
    expect(safeParseTask({ ...base, reminderAt: '2025-01-10T09:00:00Z' }).success).toBe(true);
  });

  it('rejects completedAt on a task that is not done', () => {
    for (const status of ['open', 'in_progress', 'cancelled']) {
      expect(failurePaths({ ...base, status, completedAt: '2025-01-09T15:00:00Z' }), status).toEqual(['completedAt']);
    }
  });

  it('rejects unknown status and priority, an empty subject and a calendar-date dueAt', () => {
    expect(failurePaths({ ...base, subject: ' ', status: 'blocked', priority: 'critical', dueAt: '2025-01-10' }).sort()).toEqual([
      'dueAt',
      'priority',
      'status',
      'subject',
    ]);
  });

  it('rejects unknown keys on the task and its related record', () => {
    expect(failurePaths({ ...base, dueDate: '2025-01-10' })).toEqual(['(root)']);
    expect(failurePaths({ ...base, related: { entity: 'deal', id: 'd_1', name: 'x' } })).toEqual(['related']);
  });

  it('throws a ValidationError with the issue path from parseTask', () => {
    expect(() => parseTask({ ...base, completedAt: '2025-01-09T15:00:00Z' })).toThrow(ValidationError);
    expect(() => parseTask({ ...base, completedAt: '2025-01-09T15:00:00Z' })).toThrow(
      'Invalid task: completedAt: completedAt is only allowed on a done task',
    );
  });

  it('accepts create input without record metadata in the data schema but not in the full schema', () => {
    expect(TaskDataSchema.parse({ subject: 'Call back' })).toEqual({ subject: 'Call back', status: 'open', priority: 'normal' });
    expect(TaskDataSchema.safeParse(base).success).toBe(false);
    expect(safeParseTask({ subject: 'Call back' }).success).toBe(false);
    expect(TaskEntity.name).toBe('task');
  });

  it('returns success false from safeParseTask instead of throwing', () => {
    const result = safeParseTask({ ...base, dueAt: '2025-01-10T09:00:00Z', reminderAt: '2025-01-11T09:00:00Z' });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues.map((issue) => issue.path)).toEqual([['reminderAt']]);
  });
});
