/**
 * Pipeline: the ordered stages a deal moves through, each with a default win probability, a
 * forecast category and a kind (`open`, `won`, `lost`). A workspace may keep several pipelines
 * (new business, renewals…); one is the default.
 *
 * @module
 */
import { z } from 'zod';
import type { Result, ValidationError } from '../errors';
import { LongTextSchema, NameSchema, StageIdSchema } from './common';
import { FORECAST_CATEGORIES } from './deal';
import { defineEntity } from './entity';
import { parseWith, safeParseWith } from './parse';

/** The entities a pipeline can hold; only deals for now, a list so it can grow. */
export const PIPELINE_ENTITIES = ['deal'] as const;

/** An entity a pipeline holds. */
export type PipelineEntityName = (typeof PIPELINE_ENTITIES)[number];

/** What a stage means for the deals in it: still `open`, or closed as `won` or `lost`. */
export const STAGE_KINDS = ['open', 'won', 'lost'] as const;

/** A stage kind. */
export type StageKind = (typeof STAGE_KINDS)[number];

/** One stage of a pipeline. */
export const PipelineStageSchema = z.strictObject({
  /** Stage id, unique within the pipeline (deals refer to it as `stageId`). */
  id: StageIdSchema,
  /** Display name, e.g. `Proposal sent`. */
  name: NameSchema,
  /** Position in the pipeline, an integer unique within it (lower comes first). */
  order: z.number().int(),
  /** Default win probability of deals in this stage, 0..1 (won: 1, lost: 0). */
  probability: z.number().min(0).max(1),
  /** Default forecast category of deals in this stage. */
  forecastCategory: z.enum(FORECAST_CATEGORIES),
  /** Whether deals here are open, won or lost. */
  kind: z.enum(STAGE_KINDS),
});

/** One stage of a pipeline. */
export type PipelineStage = z.infer<typeof PipelineStageSchema>;

/** Domain fields of a pipeline. */
const pipelineFields = {
  /** Display name, e.g. `New business`. */
  name: NameSchema,
  /** What the pipeline holds (default `deal`). */
  entity: z.enum(PIPELINE_ENTITIES).default('deal'),
  /** Whether new records go to this pipeline when none is named (default `false`). */
  isDefault: z.boolean().default(false),
  /** Free-text description. */
  description: LongTextSchema.optional(),
  /** The stages: unique ids and orders, at least one open, exactly one won and at least one lost stage. */
  stages: z.array(PipelineStageSchema).min(1).max(100),
};

/** The pipeline entity definition (schemas for create input, stored record and patch). */
export const PipelineEntity = defineEntity('pipeline', pipelineFields, (pipeline, ctx) => {
  const ids = new Set<string>();
  const orders = new Set<number>();
  const counts = { open: 0, won: 0, lost: 0 };
  pipeline.stages.forEach((stage, index) => {
    if (ids.has(stage.id)) {
      ctx.addIssue({ code: 'custom', path: ['stages', index, 'id'], message: 'Duplicate stage id', input: stage.id });
    }
    ids.add(stage.id);
    if (orders.has(stage.order)) {
      ctx.addIssue({ code: 'custom', path: ['stages', index, 'order'], message: 'Duplicate stage order', input: stage.order });
    }
    orders.add(stage.order);
    counts[stage.kind] += 1;
    if (stage.kind === 'won' && stage.probability !== 1) {
      ctx.addIssue({ code: 'custom', path: ['stages', index, 'probability'], message: 'A won stage has probability 1', input: stage.probability });
    }
    if (stage.kind === 'lost' && stage.probability !== 0) {
      ctx.addIssue({ code: 'custom', path: ['stages', index, 'probability'], message: 'A lost stage has probability 0', input: stage.probability });
    }
  });
  if (counts.open === 0) {
    ctx.addIssue({ code: 'custom', path: ['stages'], message: 'A pipeline needs at least one open stage', input: pipeline.stages });
  }
  if (counts.won !== 1) {
    ctx.addIssue({ code: 'custom', path: ['stages'], message: `A pipeline needs exactly one won stage (found ${counts.won})`, input: pipeline.stages });
  }
  if (counts.lost === 0) {
    ctx.addIssue({ code: 'custom', path: ['stages'], message: 'A pipeline needs at least one lost stage', input: pipeline.stages });
  }
});

/** Create input of a pipeline: domain fields, validated and normalised. */
export const PipelineDataSchema = PipelineEntity.dataSchema;
/** A stored pipeline: record metadata + domain fields. */
export const PipelineSchema = PipelineEntity.schema;

/** A stored pipeline. */
export type Pipeline = z.output<typeof PipelineSchema>;
/** A pipeline's domain fields after validation (what a store receives on create). */
export type PipelineData = z.output<typeof PipelineDataSchema>;
/** What callers may pass to create a pipeline (before defaults and normalisation). */
export type PipelineInput = z.input<typeof PipelineDataSchema>;

/**
 * Parses an untrusted value into a stored {@link Pipeline} (record metadata included).
 *
 * @param input - untrusted input (JSON, a database row, a form)
 * @returns the pipeline, with defaults applied
 * @throws {@link ValidationError} listing every issue with its path
 *
 * @example
 * ```ts
 * import { parsePipeline } from 'crmkit';
 * const pipeline = parsePipeline({
 *   id: 'p1', workspaceId: 'w1', version: 1,
 *   createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
 *   name: 'New business',
 *   stages: [
 *     { id: 'qualify', name: 'Qualify', order: 1, probability: 0.2, forecastCategory: 'pipeline', kind: 'open' },
 *     { id: 'won', name: 'Won', order: 2, probability: 1, forecastCategory: 'closed', kind: 'won' },
 *     { id: 'lost', name: 'Lost', order: 3, probability: 0, forecastCategory: 'omitted', kind: 'lost' },
 *   ],
 * });
 * pipeline.entity;    //=> 'deal'
 * pipeline.isDefault; //=> false
 * ```
 */
export function parsePipeline(input: unknown): Pipeline {
  return parseWith(PipelineSchema, 'pipeline', input);
}

/**
 * Like {@link parsePipeline} but never throws: returns `{ success, data }` or `{ success, error }`.
 *
 * @param input - untrusted input
 * @returns the parse result
 * @throws nothing: a failure is returned as `{ success: false, error }` with a {@link ValidationError}
 *
 * @example
 * ```ts
 * import { safeParsePipeline } from 'crmkit';
 * const result = safeParsePipeline({ name: 'New business', stages: [] });
 * result.success; //=> false (record metadata and stages are missing)
 * ```
 */
export function safeParsePipeline(input: unknown): Result<Pipeline, ValidationError> {
  return safeParseWith(PipelineSchema, 'pipeline', input);
}

/**
 * The stages of a pipeline sorted by `order`, as a new array (the pipeline is not changed).
 *
 * @param pipeline - a pipeline (or anything with its `stages`)
 * @returns the stages, lowest `order` first
 *
 * @example
 * ```ts
 * import { orderedStages } from 'crmkit';
 * orderedStages({ stages: [
 *   { id: 'won', name: 'Won', order: 2, probability: 1, forecastCategory: 'closed', kind: 'won' },
 *   { id: 'qualify', name: 'Qualify', order: 1, probability: 0.2, forecastCategory: 'pipeline', kind: 'open' },
 * ] }).map((stage) => stage.id); //=> ['qualify', 'won']
 * ```
 */
export function orderedStages<S extends { readonly order: number }>(pipeline: { readonly stages: readonly S[] }): S[] {
  return [...pipeline.stages].sort((a, b) => a.order - b.order);
}

/**
 * Finds a stage of a pipeline by id.
 *
 * @param pipeline - a pipeline (or anything with its `stages`)
 * @param id - the stage id
 * @returns the stage, or `undefined` when the pipeline has no such stage
 *
 * @example
 * ```ts
 * import { stageById } from 'crmkit';
 * stageById({ stages: [
 *   { id: 'qualify', name: 'Qualify', order: 1, probability: 0.2, forecastCategory: 'pipeline', kind: 'open' },
 * ] }, 'qualify')?.probability; //=> 0.2
 * ```
 */
export function stageById<S extends { readonly id: string }>(pipeline: { readonly stages: readonly S[] }, id: string): S | undefined {
  return pipeline.stages.find((stage) => stage.id === id);
}
