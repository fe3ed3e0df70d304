import { describe, expect, it } from 'vitest';
import { formatIssuePath, ValidationError } from '../../src/errors';
import {
  orderedStages,
  parsePipeline,
  PipelineDataSchema,
  PipelineEntity,
  safeParsePipeline,
  stageById,
} from '../../src/model/pipeline';

const meta = {
  id: 'p_1',
  workspaceId: 'w_1',
  version: 1,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-02T00:00:00Z',
};

const qualify = { id: 'qualify', name: 'Qualify', order: 10, probability: 0.2, forecastCategory: 'pipeline', kind: 'open' };
const proposal = { id: 'proposal', name: 'Proposal', order: 20, probability: 0.6, forecastCategory: 'best_case', kind: 'open' };
const won = { id: 'won', name: 'Closed won', order: 90, probability: 1, forecastCategory: 'closed', kind: 'won' };
const lost = { id: 'lost', name: 'Closed lost', order: 99, probability: 0, forecastCategory: 'omitted', kind: 'lost' };

const base = { ...meta, name: 'New business', stages: [qualify, proposal, won, lost] };

/** Parses a stored pipeline that must fail and returns the issue paths. */
function failurePaths(input: unknown): string[] {
  const result = safeParsePipeline(input);
  if (result.success) throw new Error('expected the pipeline to be rejected');
  expect(result.error).toBeInstanceOf(ValidationError);
  return result.error.issues.map((issue) => formatIssuePath(issue.path));
}

describe('pipeline', () => {
  it('parses a full record and trims names', () => {
    const pipeline = parsePipeline({
      ...base,
      name: '  Renewals ',
      entity: 'deal',
      isDefault: true,
      description: 'Yearly renewals.',
      stages: [{ ...qualify, name: ' Qualify ' }, won, lost],
    });
    expect(pipeline.name).toBe('Renewals');
    expect(pipeline.isDefault).toBe(true);
    expect(pipeline.stages[0]).toEqual({ ...qualify, name: 'Qualify' });
    expect(pipeline.stages).toHaveLength(3);
    expect(pipeline.updatedAt).toEqual(new Date('2025-01-02T00:00:00Z'));
  });

  it('applies defaults: entity deal, not the default pipeline', () => {
    const pipeline = parsePipeline(base);
    expect(pipeline.entity).toBe('deal');
    expect(pipeline.isDefault).toBe(false);
  });

  it('rejects duplicate stage ids and duplicate orders', () => {
    expect(failurePaths({ ...base, stages: [qualify, { ...proposal, id: 'qualify' }, won, lost] })).toEqual(['stages[1].id']);
    expect(failurePaths({ ...base, stages: [qualify, { ...proposal, order: 10 }, won, lost] })).toEqual(['stages[1].order']);
  });

  it('rejects a pipeline without an open stage', () => {
    expect(failurePaths({ ...base, stages: [won, lost] })).toEqual(['stages']);
  });

  it('rejects a pipeline without a won stage or with two', () => {
    expect(failurePaths({ ...base, stages: [qualify, lost] })).toEqual(['stages']);
    expect(failurePaths({ ...base, stages: [qualify, won, { ...won, id: 'won2', order: 91 }, lost] })).toEqual(['stages']);
  });

  it('rejects a pipeline without a lost stage', () => {
    expect(failurePaths({ ...base, stages: [qualify, won] })).toEqual(['stages']);
  });

  it('accepts several lost stages', () => {
    expect(parsePipeline({ ...base, stages: [qualify, won, lost, { ...lost, id: 'disq', order: 100 }] }).stages).toHaveLength(4);
  });

  it('rejects a won stage whose probability is not 1 and a lost stage whose probability is not 0', () => {
    expect(failurePaths({ ...base, stages: [qualify, { ...won, probability: 0.9 }, { ...lost, probability: 0.1 }] })).toEqual([
      'stages[1].probability',
      'stages[2].probability',
    ]);
  });

  it('rejects no stages, probabilities outside 0..1, fractional orders and unknown entities', () => {
    expect(failurePaths({ ...base, stages: [] })).toContain('stages');
    expect(failurePaths({ ...base, stages: [{ ...qualify, probability: 1.5 }, won, lost] })).toEqual(['stages[0].probability']);
    expect(failurePaths({ ...base, stages: [{ ...qualify, order: 1.5 }, won, lost] })).toEqual(['stages[0].order']);
    expect(failurePaths({ ...base, entity: 'ticket' })).toEqual(['entity']);
  });

  it('rejects unknown keys on the pipeline and its stages', () => {
    expect(failurePaths({ ...base, color: 'red' })).toEqual(['(root)']);
    expect(failurePaths({ ...base, stages: [{ ...qualify, color: 'red' }, won, lost] })).toEqual(['stages[0]']);
  });

  it('throws a ValidationError with the issue path from parsePipeline', () => {
    expect(() => parsePipeline({ ...base, stages: [qualify, won] })).toThrow(ValidationError);
    expect(() => parsePipeline({ ...base, stages: [qualify, won] })).toThrow(
      'Invalid pipeline: stages: A pipeline needs at least one lost stage',
    );
  });

  it('accepts create input without record metadata in the data schema but not in the full schema', () => {
    const data = PipelineDataSchema.parse({ name: 'New business', stages: [qualify, won, lost] });
    expect(data).toEqual({ name: 'New business', entity: 'deal', isDefault: false, stages: [qualify, won, lost] });
    expect(PipelineDataSchema.safeParse(base).success).toBe(false);
    expect(safeParsePipeline({ name: 'New business', stages: [qualify, won, lost] }).success).toBe(false);
    expect(PipelineEntity.name).toBe('pipeline');
  });

  it('returns success false from safeParsePipeline instead of throwing', () => {
    const result = safeParsePipeline({ ...base, stages: [qualify, won, { ...lost, kind: 'abandoned' }] });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues.map((issue) => issue.path)).toEqual([['stages', 2, 'kind']]);
  });
});

describe('orderedStages and stageById', () => {
  it('sorts stages by order without changing the pipeline', () => {
    const pipeline = parsePipeline({ ...base, stages: [lost, won, proposal, qualify] });
    expect(orderedStages(pipeline).map((stage) => stage.id)).toEqual(['qualify', 'proposal', 'won', 'lost']);
    expect(pipeline.stages.map((stage) => stage.id)).toEqual(['lost', 'won', 'proposal', 'qualify']);
  });

  it('finds a stage by id, or undefined', () => {
    const pipeline = parsePipeline(base);
    expect(stageById(pipeline, 'proposal')?.probability).toBe(0.6);
    expect(stageById(pipeline, 'missing')).toBeUndefined();
  });
});
