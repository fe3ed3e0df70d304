/**
 * Deal pipelines as lifecycles: one definition per pipeline record, its ordered stages as
 * states, closed-won and closed-lost stages terminal.
 *
 * @module
 */
import { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors';
import { DEAL_LOST_REASONS, type DealStatus, type ForecastCategory } from '../model/deal';
import type { StageKind } from '../model/pipeline';
import { defineLifecycle, type BackwardPolicy, type LifecycleDefinition, type RequiredData, type StateConfig, type TransitionConfig } from './define';

/** The part of a pipeline stage the lifecycle needs (a `PipelineStage` fits). */
export interface PipelineStageLike {
  /** Stage id (the state name). */
  readonly id: string;
  /** Display name. */
  readonly name: string;
  /** Position (lower first). */
  readonly order: number;
  /** Default win probability 0..1. */
  readonly probability: number;
  /** Default forecast category. */
  readonly forecastCategory: ForecastCategory;
  /** open, won or lost. */
  readonly kind: StageKind;
}

/** The part of a pipeline the lifecycle needs (a `Pipeline` record fits). */
export interface PipelineLike {
  /** Pipeline id (the lifecycle is named `pipeline:<id>`). */
  readonly id: string;
  /** The stages, in any order. */
  readonly stages: readonly PipelineStageLike[];
}

/** Events of a deal pipeline whose stage ids are `S`. */
export type DealPipelineEvent<S extends string = string> = 'advance' | 'win' | 'lose' | 'reopen' | `move:${S}` | `lose:${S}`;

/** What the service needs to know about a stage: its defaults and the deal status it implies. */
export interface DealStageInfo<S extends string = string> {
  /** Stage id. */
  readonly id: S;
  /** Display name. */
  readonly name: string;
  /** Position. */
  readonly order: number;
  /** Default win probability. */
  readonly probability: number;
  /** Default forecast category. */
  readonly forecastCategory: ForecastCategory;
  /** open, won or lost. */
  readonly kind: StageKind;
  /** The deal `status` a deal in this stage has. */
  readonly status: DealStatus;
}

/** A deal-pipeline lifecycle: a definition plus its stage information. */
export type DealPipelineLifecycle<S extends string = string> = LifecycleDefinition<S, DealPipelineEvent<S>> & {
  /** The pipeline id. */
  readonly pipelineId: string;
  /** Stages sorted by `order`, with defaults. */
  readonly stages: readonly DealStageInfo<S>[];
};

/** Options of {@link dealPipelineLifecycle}. */
export interface DealPipelineOptions<S extends string = string> {
  /** Lifecycle name (default `pipeline:<id>`). */
  readonly name?: string;
  /** Entity name in domain events (default `deal`: `deal.won`, `deal.lost`, `deal.stage_changed`, `deal.reopened`). */
  readonly entity?: string;
  /** Initial stage (default: the first open stage). */
  readonly initial?: NoInfer<S>;
  /** Stage `reopen` leads to (default: the first open stage). */
  readonly reopenTo?: NoInfer<S>;
  /** Backward policy (default `'allowed'`: moves to an earlier open stage and `reopen` are backward). */
  readonly backwardPolicy?: BackwardPolicy<DealPipelineEvent<NoInfer<S>>>;
  /** Data required to enter a lost stage (default {@link LostDealDataSchema}). */
  readonly lostRequires?: RequiredData;
}

/** Data required to lose a deal by default: a `lostReason` from `DEAL_LOST_REASONS`, an optional detail. */
export const LostDealDataSchema = z
  .looseObject({
    lostReason: z.enum(DEAL_LOST_REASONS),
    lostReasonDetail: z.string().trim().min(1).max(2_000).optional(),
  })
  .describe('lostReason');

/**
 * Builds the lifecycle of one pipeline. States are the stage ids; events:
 * - `advance`: to the next open stage by `order`;
 * - `move:<stageId>`: to any other open stage (backward when its order is lower);
 * - `win`: to the won stage; `lose`: to the first lost stage (and `lose:<stageId>` to each lost
 *   stage when there are several) — entering a lost stage requires a `lostReason`;
 * - `reopen`: from won and lost stages (terminal) back to an open stage (backward).
 *
 * Domain events: `deal.stage_changed` (open stages), `deal.won`, `deal.lost`, `deal.reopened`.
 * Won and lost stages report `closedAt` in `timestamps`. The stage defaults (probability,
 * forecast category, implied status) are in `definition.stages` and {@link dealStageInfo}.
 * A workspace has any number of pipelines: build one lifecycle per pipeline record.
 *
 * @param pipeline - a pipeline record (or `{ id, stages }`); pass it `as const` to get stage ids as literal types
 * @param options - name, entity, initial stage, reopen target, backward policy, lost requirements
 * @returns the lifecycle definition with its stage information
 * @throws {@link ValidationError} when the pipeline is not usable: duplicate stage ids, no open stage, not exactly one won stage, no lost stage, unknown `initial`/`reopenTo`
 *
 * @example
 * ```ts
 * import { allowedEvents, dealPipelineLifecycle, transition } from 'crmkit/lifecycle';
 * const deals = dealPipelineLifecycle({ id: 'p1', stages: [
 *   { id: 'qualify', name: 'Qualify', order: 1, probability: 0.2, forecastCategory: 'pipeline', kind: 'open' },
 *   { id: 'proposal', name: 'Proposal', order: 2, probability: 0.6, forecastCategory: 'best_case', kind: 'open' },
 *   { id: 'won', name: 'Won', order: 3, probability: 1, forecastCategory: 'closed', kind: 'won' },
 *   { id: 'lost', name: 'Lost', order: 4, probability: 0, forecastCategory: 'omitted', kind: 'lost' },
 * ] } as const);
 * allowedEvents(deals, 'qualify'); //=> ['advance', 'move:proposal', 'win', 'lose']
 * transition(deals, 'proposal', 'lose', { now: new Date(0) }).ok; //=> false (a lostReason is required)
 * transition(deals, 'proposal', 'lose', { now: new Date(0), data: { lostReason: 'price' } }).ok; //=> true
 * ```
 */
export function dealPipelineLifecycle<const P extends PipelineLike>(
  pipeline: P,
  options: DealPipelineOptions<P['stages'][number]['id']> = {},
): DealPipelineLifecycle<P['stages'][number]['id']> {
  type S = P['stages'][number]['id'];
  const issues: ValidationIssue[] = [];
  const sorted = [...pipeline.stages].sort((a, b) => a.order - b.order);
  const ids = new Set<string>();
  pipeline.stages.forEach((stage, index) => {
    if (ids.has(stage.id)) issues.push({ code: 'custom', path: ['stages', index, 'id'], message: `Duplicate stage id "${stage.id}"` });
    ids.add(stage.id);
  });
  const open = sorted.filter((s) => s.kind === 'open');
  const won = sorted.filter((s) => s.kind === 'won');
  const lost = sorted.filter((s) => s.kind === 'lost');
  if (open.length === 0) issues.push({ code: 'custom', path: ['stages'], message: 'A pipeline needs at least one open stage' });
  if (won.length !== 1) issues.push({ code: 'custom', path: ['stages'], message: `A pipeline needs exactly one won stage (found ${won.length})` });
  if (lost.length === 0) issues.push({ code: 'custom', path: ['stages'], message: 'A pipeline needs at least one lost stage' });
  const firstOpen = open[0]?.id;
  const initial = options.initial ?? firstOpen;
  const reopenTo = options.reopenTo ?? firstOpen;
  if (options.initial !== undefined && !ids.has(options.initial)) issues.push({ code: 'custom', path: ['initial'], message: `Unknown stage "${options.initial}"` });
  if (options.reopenTo !== undefined && !open.some((s) => s.id === options.reopenTo)) {
    issues.push({ code: 'custom', path: ['reopenTo'], message: `reopenTo must be an open stage ("${options.reopenTo}" is not)` });
  }
  if (issues.length > 0 || initial === undefined || reopenTo === undefined) throw new ValidationError(`pipeline ${pipeline.id}`, issues);

  const lostRequires = options.lostRequires ?? LostDealDataSchema;
  const states: Record<string, StateConfig<string, string>> = {};
  for (const stage of sorted) {
    const on: Record<string, string | TransitionConfig<string, string>> = {};
    if (stage.kind === 'open') {
      const index = open.indexOf(stage);
      const next = open[index + 1];
      if (next !== undefined) on.advance = next.id;
      for (const other of open) if (other !== stage) on[`move:${other.id}`] = { target: other.id, backward: other.order < stage.order };
      on.win = won[0]!.id;
      on.lose = lost[0]!.id;
      if (lost.length > 1) for (const l of lost) on[`lose:${l.id}`] = l.id;
    } else {
      on.reopen = { target: reopenTo, backward: true, emit: 'reopened' };
    }
    states[stage.id] = {
      label: stage.name,
      tags: [stage.kind],
      terminal: stage.kind !== 'open',
      emit: stage.kind === 'open' ? 'stage_changed' : stage.kind,
      ...(stage.kind === 'open' ? {} : { stamps: ['closedAt'] }),
      ...(stage.kind === 'lost' ? { requires: lostRequires } : {}),
      on,
    };
  }
  const definition = defineLifecycle<string, string>({
    name: options.name ?? `pipeline:${pipeline.id}`,
    entity: options.entity ?? 'deal',
    initial,
    states,
    backwardPolicy: options.backwardPolicy ?? 'allowed',
  });
  const stages = sorted.map((s) =>
    Object.freeze({
      id: s.id,
      name: s.name,
      order: s.order,
      probability: s.probability,
      forecastCategory: s.forecastCategory,
      kind: s.kind,
      status: s.kind === 'open' ? 'open' : s.kind,
    } satisfies DealStageInfo),
  );
  // The compiled tables travel with the definition's prototype chain: copy them onto the extended object.
  const extended = Object.create(Object.getPrototypeOf(definition) as object) as Record<PropertyKey, unknown>;
  for (const key of Reflect.ownKeys(definition)) Object.defineProperty(extended, key, Object.getOwnPropertyDescriptor(definition, key)!);
  Object.defineProperty(extended, 'pipelineId', { value: pipeline.id, enumerable: true });
  Object.defineProperty(extended, 'stages', { value: Object.freeze(stages), enumerable: true });
  return Object.freeze(extended) as unknown as DealPipelineLifecycle<S>;
}

/**
 * The stage information of a deal pipeline: default probability and forecast category, kind, and
 * the deal status the stage implies — what the service writes on the deal after a transition.
 *
 * @param definition - a deal-pipeline lifecycle
 * @param stage - a stage id
 * @returns the stage information, or `undefined` for an unknown stage
 * @throws nothing
 *
 * @example
 * ```ts
 * import { dealPipelineLifecycle, dealStageInfo } from 'crmkit/lifecycle';
 * const deals = dealPipelineLifecycle({ id: 'p1', stages: [
 *   { id: 'qualify', name: 'Qualify', order: 1, probability: 0.2, forecastCategory: 'pipeline', kind: 'open' },
 *   { id: 'won', name: 'Won', order: 2, probability: 1, forecastCategory: 'closed', kind: 'won' },
 *   { id: 'lost', name: 'Lost', order: 3, probability: 0, forecastCategory: 'omitted', kind: 'lost' },
 * ] } as const);
 * dealStageInfo(deals, 'won')?.status; //=> 'won'
 * dealStageInfo(deals, 'qualify')?.probability; //=> 0.2
 * ```
 */
export function dealStageInfo<S extends string>(definition: DealPipelineLifecycle<S>, stage: NoInfer<S>): DealStageInfo<S> | undefined {
  const stages = definition.stages;
  for (let i = 0; i < stages.length; i++) {
    const info = stages[i] as DealStageInfo<S>;
    if (info.id === stage) return info;
  }
  return undefined;
}
