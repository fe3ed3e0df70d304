/**
 * Survey response: one person's answers to one survey — satisfaction and affinity on the
 * survey's own scale, the Net Promoter Score question (0–10), awareness of the product,
 * category and brand, the raw answers and a free comment. Satisfaction, loyalty and awareness
 * KPIs are computed from these.
 *
 * @module
 */
import { z } from 'zod';
import { InvalidArgumentError, type Result, type ValidationError } from '../errors';
import { CampaignIdSchema, ContactIdSchema, ExternalIdSchema, LongTextSchema, TimestampSchema } from './common';
import { defineEntity } from './entity';
import { parseWith, safeParseWith } from './parse';

/** A finite number. */
const FiniteNumberSchema = z.number().refine(Number.isFinite, { message: 'Expected a finite number' });

/**
 * A score on a declared scale (`4` on `1…5`, `8` on `0…10`): keeping the scale with the value
 * lets scores from different surveys be rescaled and compared. `scaleMin < scaleMax` and
 * `scaleMin ≤ value ≤ scaleMax`.
 */
export const ScaledScoreSchema = z
  .strictObject({
    /** The score given. */
    value: FiniteNumberSchema,
    /** The lowest score the scale allows. */
    scaleMin: FiniteNumberSchema,
    /** The highest score the scale allows. */
    scaleMax: FiniteNumberSchema,
  })
  .superRefine((score, ctx) => {
    if (score.scaleMin >= score.scaleMax) {
      ctx.addIssue({ code: 'custom', path: ['scaleMax'], message: 'scaleMax must be greater than scaleMin', input: score.scaleMax });
    } else if (score.value < score.scaleMin || score.value > score.scaleMax) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `The score must lie within the scale ${score.scaleMin}–${score.scaleMax}`,
        input: score.value,
      });
    }
  });

/** A score on a declared scale. */
export type ScaledScore = z.infer<typeof ScaledScoreSchema>;

/** What the respondent is aware of (asked as "have you heard of…?"). */
export const AwarenessSchema = z.strictObject({
  /** Aware of the product. */
  product: z.boolean().optional(),
  /** Aware of the product category. */
  category: z.boolean().optional(),
  /** Aware of the brand. */
  brand: z.boolean().optional(),
});

/** What a respondent is aware of. */
export type Awareness = z.infer<typeof AwarenessSchema>;

/** One raw answer: text, a number, yes/no, or several choices. */
export const SurveyAnswerSchema = z.union([
  z.string().max(10_000),
  FiniteNumberSchema,
  z.boolean(),
  z.array(z.string().max(1_000)).max(200),
]);

/** One raw answer. */
export type SurveyAnswer = z.infer<typeof SurveyAnswerSchema>;

/** Domain fields of a survey response. */
const surveyResponseFields = {
  /** The respondent, when known (anonymous surveys have none). */
  contactId: ContactIdSchema.optional(),
  /** The campaign the survey belongs to or measures. */
  campaignId: CampaignIdSchema.optional(),
  /** The survey (questionnaire) answered, as the survey tool names it. */
  surveyId: z.string().trim().min(1).max(200),
  /** When the response was submitted. */
  respondedAt: TimestampSchema,
  /** Overall satisfaction on the survey's scale. */
  satisfaction: ScaledScoreSchema.optional(),
  /** Answer to "how likely are you to recommend us?", an integer 0–10. */
  nps: z.number().int().min(0).max(10).optional(),
  /** Affinity with (attachment to) the brand on the survey's scale. */
  affinity: ScaledScoreSchema.optional(),
  /** What the respondent is aware of. */
  aware: AwarenessSchema.optional(),
  /** The raw answers keyed by question id. */
  answers: z.record(z.string().trim().min(1).max(200), SurveyAnswerSchema).default({}),
  /** The free-text comment. */
  comment: LongTextSchema.optional(),
  /** The record's id in the system it was imported from, for idempotent imports. */
  externalId: ExternalIdSchema.optional(),
};

/** The survey response entity definition (schemas for create input, stored record and patch). */
export const SurveyResponseEntity = defineEntity('surveyResponse', surveyResponseFields);

/** Create input of a survey response: domain fields, validated, defaults applied. */
export const SurveyResponseDataSchema = SurveyResponseEntity.dataSchema;
/** A stored survey response: record metadata + domain fields. */
export const SurveyResponseSchema = SurveyResponseEntity.schema;

/** A stored survey response. */
export type SurveyResponse = z.output<typeof SurveyResponseSchema>;
/** A survey response's domain fields after validation (what a store receives on create). */
export type SurveyResponseData = z.output<typeof SurveyResponseDataSchema>;
/** What callers may pass to create a survey response (before defaults). */
export type SurveyResponseInput = z.input<typeof SurveyResponseDataSchema>;

/**
 * Parses an untrusted value into a stored {@link SurveyResponse} (record metadata included).
 *
 * @param input - untrusted input (JSON, a database row, a survey-tool export)
 * @returns the response, with `respondedAt` as a `Date` and defaults applied
 * @throws {@link ValidationError} listing every issue with its path (e.g. a satisfaction
 *   outside its scale, an NPS of 11)
 *
 * @example
 * ```ts
 * import { parseSurveyResponse } from 'crmkit';
 * const response = parseSurveyResponse({
 *   id: 'sr1', workspaceId: 'w1', version: 1,
 *   createdAt: '2025-02-01T00:00:00Z', updatedAt: '2025-02-01T00:00:00Z',
 *   contactId: 'c1', surveyId: 'csat-2025', respondedAt: '2025-02-01T12:00:00Z',
 *   satisfaction: { value: 4, scaleMin: 1, scaleMax: 5 }, nps: 9,
 * });
 * response.nps; //=> 9
 * response.answers; //=> {}
 * ```
 */
export function parseSurveyResponse(input: unknown): SurveyResponse {
  return parseWith(SurveyResponseSchema, 'survey response', input);
}

/**
 * Like {@link parseSurveyResponse} but never throws: returns `{ success, data }` or `{ success, error }`.
 *
 * @param input - untrusted input
 * @returns the parse result
 * @throws nothing: a failure is returned as `{ success: false, error }` with a {@link ValidationError}
 *
 * @example
 * ```ts
 * import { safeParseSurveyResponse } from 'crmkit';
 * const result = safeParseSurveyResponse({ surveyId: 'csat-2025', nps: 11 });
 * result.success; //=> false
 * ```
 */
export function safeParseSurveyResponse(input: unknown): Result<SurveyResponse, ValidationError> {
  return safeParseWith(SurveyResponseSchema, 'survey response', input);
}

/** The Net Promoter category of a respondent. */
export type NpsCategory = 'promoter' | 'passive' | 'detractor';

/**
 * The Net Promoter category of an answer to "how likely are you to recommend us?" (0–10):
 * promoters 9–10, passives 7–8, detractors 0–6 (Reichheld, "The One Number You Need to Grow",
 * Harvard Business Review, 2003).
 *
 * @param score - an integer from 0 to 10
 * @returns `'promoter'`, `'passive'` or `'detractor'`
 * @throws {@link InvalidArgumentError} when `score` is not an integer from 0 to 10
 *
 * @example
 * ```ts
 * import { npsCategory } from 'crmkit';
 * npsCategory(10); //=> 'promoter'
 * npsCategory(7);  //=> 'passive'
 * npsCategory(6);  //=> 'detractor'
 * ```
 */
export function npsCategory(score: number): NpsCategory {
  if (!Number.isInteger(score) || score < 0 || score > 10) {
    throw new InvalidArgumentError(`An NPS answer is an integer from 0 to 10, got ${score}`);
  }
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}
