/**
 * Task: a piece of work for a user — call back, send the proposal, renew the contract — with a
 * status, a priority, a due instant, a reminder, an assignee and the record it is about.
 *
 * Due dates are instants: `dueAt` is a {@link TimestampSchema} (a `Date`). A task due "on a
 * day" is stored as the end of that day in the assignee's timezone, which the caller knows and
 * crmkit does not; one field keeps overdue checks (`dueAt < now`) and sorting unambiguous.
 *
 * @module
 */
import { z } from 'zod';
import type { Result, ValidationError } from '../errors';
import { LongTextSchema, NameSchema, OwnerIdSchema, RecordRefSchema, TimestampSchema } from './common';
import { defineEntity } from './entity';
import { parseWith, safeParseWith } from './parse';

/** Task statuses: `open`, `in_progress`, `done`, `cancelled`. */
export const TASK_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;

/** A task status. */
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Priorities, lowest first (shared by tasks and tickets). */
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

/** A priority. */
export type Priority = (typeof PRIORITIES)[number];

/** Domain fields of a task. */
const taskFields = {
  /** What to do, one line. */
  subject: NameSchema,
  /** Details. */
  description: LongTextSchema.optional(),
  /** Where the task stands (default `open`). */
  status: z.enum(TASK_STATUSES).default('open'),
  /** How urgent it is (default `normal`). */
  priority: z.enum(PRIORITIES).default('normal'),
  /** When it is due, as an instant (a due day is the end of that day in the assignee's timezone). */
  dueAt: TimestampSchema.optional(),
  /** When to remind the assignee; not after `dueAt`. */
  reminderAt: TimestampSchema.optional(),
  /** The owner (user) who must do it. */
  assigneeId: OwnerIdSchema.optional(),
  /** The record the task is about (a contact, a deal, a ticket…). */
  related: RecordRefSchema.optional(),
  /** When it was done; only allowed when `status` is `done`. */
  completedAt: TimestampSchema.optional(),
};

/** The task entity definition (schemas for create input, stored record and patch). */
export const TaskEntity = defineEntity('task', taskFields, (task, ctx) => {
  if (task.reminderAt !== undefined && task.dueAt !== undefined && task.reminderAt > task.dueAt) {
    ctx.addIssue({ code: 'custom', path: ['reminderAt'], message: 'reminderAt is after dueAt', input: task.reminderAt });
  }
  if (task.completedAt !== undefined && task.status !== 'done') {
    ctx.addIssue({ code: 'custom', path: ['completedAt'], message: 'completedAt is only allowed on a done task', input: task.completedAt });
  }
});

/** Create input of a task: domain fields, validated and normalised. */
export const TaskDataSchema = TaskEntity.dataSchema;
/** A stored task: record metadata + domain fields. */
export const TaskSchema = TaskEntity.schema;

/** A stored task. */
export type Task = z.output<typeof TaskSchema>;
/** A task's domain fields after validation (what a store receives on create). */
export type TaskData = z.output<typeof TaskDataSchema>;
/** What callers may pass to create a task (before defaults and normalisation). */
export type TaskInput = z.input<typeof TaskDataSchema>;

/**
 * Parses an untrusted value into a stored {@link Task} (record metadata included).
 *
 * @param input - untrusted input (JSON, a database row, a form)
 * @returns the task, normalised (timestamps as `Date`, defaults applied)
 * @throws {@link ValidationError} listing every issue with its path
 *
 * @example
 * ```ts
 * import { parseTask } from 'crmkit';
 * const task = parseTask({
 *   id: 'tk1', workspaceId: 'w1', version: 1,
 *   createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
 *   subject: 'Send the proposal', dueAt: '2025-01-10T17:00:00+01:00',
 * });
 * task.status;               //=> 'open'
 * task.priority;             //=> 'normal'
 * task.dueAt?.toISOString(); //=> '2025-01-10T16:00:00.000Z'
 * ```
 */
export function parseTask(input: unknown): Task {
  return parseWith(TaskSchema, 'task', input);
}

/**
 * Like {@link parseTask} but never throws: returns `{ success, data }` or `{ success, error }`.
 *
 * @param input - untrusted input
 * @returns the parse result
 * @throws nothing: a failure is returned as `{ success: false, error }` with a {@link ValidationError}
 *
 * @example
 * ```ts
 * import { safeParseTask } from 'crmkit';
 * const result = safeParseTask({ subject: 'Call back' });
 * result.success; //=> false (record metadata is missing)
 * ```
 */
export function safeParseTask(input: unknown): Result<Task, ValidationError> {
  return safeParseWith(TaskSchema, 'task', input);
}
