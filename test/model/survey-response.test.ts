import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ValidationError } from '../../src/errors';
import { issuePaths } from './_helpers';
import {
  SurveyResponseDataSchema,
  SurveyResponseEntity,
  npsCategory,
  parseSurveyResponse,
  safeParseSurveyResponse,
} from '../../src/model/survey-response';

const meta = {
  id: 'sr1',
  workspaceId: 'w1',
  version: 1,
  createdAt: '2025-02-01T00:00:00Z',
  updatedAt: '2025-02-01T00:00:00Z',
};

const minimal = { ...meta, surveyId: 'csat-2025', respondedAt: '2025-02-01T12:00:00Z' };

describe('survey response', () => {
  it('parses a full valid record', () => {
    const response = parseSurveyResponse({
      ...minimal,
      contactId: 'c1',
      campaignId: 'cmp1',
      satisfaction: { value: 4, scaleMin: 1, scaleMax: 5 },
      nps: 9,
      affinity: { value: 7.5, scaleMin: 0, scaleMax: 10 },
      aware: { product: true, category: true, brand: false },
      answers: { q1: 'weekly', q2: 3, q3: true, q4: ['espresso', 'moka'] },
      comment: 'Great beans.',
      externalId: 'typeform-123',
    });
    expect(response.respondedAt).toEqual(new Date('2025-02-01T12:00:00Z'));
    expect(response.satisfaction).toEqual({ value: 4, scaleMin: 1, scaleMax: 5 });
    expect(response.affinity).toEqual({ value: 7.5, scaleMin: 0, scaleMax: 10 });
    expect(response.aware).toEqual({ product: true, category: true, brand: false });
    expect(response.answers).toEqual({ q1: 'weekly', q2: 3, q3: true, q4: ['espresso', 'moka'] });
    expect(SurveyResponseEntity.name).toBe('surveyResponse');
  });

  it('applies the defaults', () => {
    const data = SurveyResponseDataSchema.parse({ surveyId: 'csat-2025', respondedAt: new Date('2025-02-01T12:00:00Z') });
    expect(data).toEqual({ surveyId: 'csat-2025', respondedAt: new Date('2025-02-01T12:00:00Z'), answers: {} });
  });

  it('accepts scores on the bounds of the scale', () => {
    expect(parseSurveyResponse({ ...minimal, satisfaction: { value: 1, scaleMin: 1, scaleMax: 5 } }).satisfaction?.value).toBe(1);
    expect(parseSurveyResponse({ ...minimal, satisfaction: { value: 5, scaleMin: 1, scaleMax: 5 } }).satisfaction?.value).toBe(5);
  });

  it('rejects a satisfaction or affinity outside its scale', () => {
    expect(issuePaths(() => parseSurveyResponse({ ...minimal, satisfaction: { value: 6, scaleMin: 1, scaleMax: 5 } }))).toEqual([
      ['satisfaction', 'value'],
    ]);
    expect(issuePaths(() => parseSurveyResponse({ ...minimal, affinity: { value: -1, scaleMin: 0, scaleMax: 10 } }))).toEqual([
      ['affinity', 'value'],
    ]);
  });

  it('rejects a scale whose maximum is not above its minimum', () => {
    expect(issuePaths(() => parseSurveyResponse({ ...minimal, satisfaction: { value: 3, scaleMin: 5, scaleMax: 5 } }))).toEqual([
      ['satisfaction', 'scaleMax'],
    ]);
  });

  it('rejects an NPS answer that is not an integer from 0 to 10', () => {
    expect(issuePaths(() => parseSurveyResponse({ ...minimal, nps: 11 }))).toEqual([['nps']]);
    expect(issuePaths(() => parseSurveyResponse({ ...minimal, nps: 7.5 }))).toEqual([['nps']]);
  });

  it('rejects answers of an unsupported type', () => {
    expect(issuePaths(() => parseSurveyResponse({ ...minimal, answers: { q1: { nested: true } } }))).toEqual([['answers', 'q1']]);
  });

  it('rejects unknown keys, also in the awareness flags', () => {
    expect(issuePaths(() => parseSurveyResponse({ ...minimal, csat: 4 }))).toEqual([[]]);
    expect(issuePaths(() => parseSurveyResponse({ ...minimal, aware: { logo: true } }))).toEqual([['aware']]);
  });

  it('returns success false from safeParse instead of throwing', () => {
    const result = safeParseSurveyResponse({ ...minimal, nps: 11 });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues.map((issue) => issue.path)).toEqual([['nps']]);
    expect(safeParseSurveyResponse(minimal).success).toBe(true);
  });
});

describe('npsCategory', () => {
  it('classifies 9–10 as promoters, 7–8 as passives and 0–6 as detractors', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(npsCategory)).toEqual([
      'detractor',
      'detractor',
      'detractor',
      'detractor',
      'detractor',
      'detractor',
      'detractor',
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
  });

  it('throws on a score that is not an integer from 0 to 10', () => {
    for (const score of [-1, 11, 8.5, Number.NaN]) expect(() => npsCategory(score)).toThrow(InvalidArgumentError);
  });
});
