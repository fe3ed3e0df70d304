/**
 * Built-in task lifecycle.
 *
 * @module
 */
import type { TaskStatus } from '../model/task';
import { defineLifecycle, type BackwardPolicy, type LifecycleDefinition } from './define';

/** Events of the task lifecycle. */
export type TaskEvent = 'start' | 'pause' | 'complete' | 'cancel' | 'reopen';

/** Options of {@link taskLifecycle}. */
export interface TaskLifecycleOptions {
  /** Lifecycle name (default `task`). */
  readonly name?: string;
  /** Entity name in domain events (default `task`). */
  readonly entity?: string;
  /** Backward policy (default `'allowed'`; `pause` and `reopen` are backward). */
  readonly backwardPolicy?: BackwardPolicy<TaskEvent>;
}

/**
 * The task lifecycle: `open` → `in_progress` (`start`; `pause` goes back), `complete` → `done`
 * (terminal, sets `completedAt`), `cancel` → `cancelled` (terminal), `reopen` → `open` from either
 * (backward; the service clears `completedAt`).
 *
 * @param options - name, entity, backward policy
 * @returns the lifecycle definition
 * @throws {@link ValidationError} only if the options make it invalid
 *
 * @example
 * ```ts
 * import { taskLifecycle, transition } from 'crmkit/lifecycle';
 * const result = transition(taskLifecycle(), 'in_progress', 'complete', { now: new Date('2025-01-01T00:00:00Z') });
 * result.ok && result.events[0]?.type; //=> 'task.done'
 * ```
 */
export function taskLifecycle(options: TaskLifecycleOptions = {}): LifecycleDefinition<TaskStatus, TaskEvent> {
  const reopen = { target: 'open', backward: true, emit: 'reopened' } as const;
  return defineLifecycle<TaskStatus, TaskEvent>({
    name: options.name ?? 'task',
    entity: options.entity ?? 'task',
    initial: 'open',
    states: {
      open: { on: { start: 'in_progress', complete: 'done', cancel: 'cancelled' } },
      in_progress: { on: { pause: { target: 'open', backward: true }, complete: 'done', cancel: 'cancelled' } },
      done: { terminal: true, stamps: ['completedAt'], on: { reopen } },
      cancelled: { terminal: true, on: { reopen } },
    },
    backwardPolicy: options.backwardPolicy ?? 'allowed',
  });
}
