import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors';
import { issuePaths } from './_helpers';
import { TagDataSchema, TagEntity, parseTag, safeParseTag } from '../../src/model/tag';

const meta = {
  id: 'tg1',
  workspaceId: 'w1',
  version: 1,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
};

const minimal = { ...meta, label: 'VIP' };

describe('tag', () => {
  it('parses a full valid record', () => {
    const tag = parseTag({
      ...meta,
      label: ' VIP ',
      color: '#FFAA00',
      description: 'Top 1% customers by value',
      entities: ['contact', 'company'],
    });
    expect(tag.label).toBe('VIP');
    expect(tag.color).toBe('#ffaa00');
    expect(tag.entities).toEqual(['contact', 'company']);
    expect(TagEntity.name).toBe('tag');
  });

  it('has no defaults: a label alone is a tag for every entity', () => {
    expect(TagDataSchema.parse({ label: 'VIP' })).toEqual({ label: 'VIP' });
  });

  it('rejects a colour that is not #rrggbb', () => {
    for (const color of ['orange', '#fa0', '#ffaa00ff', 'ffaa00']) {
      expect(issuePaths(() => parseTag({ ...minimal, color }))).toEqual([['color']]);
    }
  });

  it('rejects an empty or too long label', () => {
    expect(issuePaths(() => parseTag({ ...minimal, label: '  ' }))).toEqual([['label']]);
    expect(issuePaths(() => parseTag({ ...minimal, label: 'x'.repeat(65) }))).toEqual([['label']]);
  });

  it('rejects an empty scope, a duplicate entity and an unknown entity', () => {
    expect(issuePaths(() => parseTag({ ...minimal, entities: [] }))).toEqual([['entities']]);
    expect(issuePaths(() => parseTag({ ...minimal, entities: ['deal', 'deal'] }))).toEqual([['entities']]);
    expect(issuePaths(() => parseTag({ ...minimal, entities: ['invoice'] }))).toEqual([['entities', 0]]);
  });

  it('rejects unknown keys', () => {
    expect(issuePaths(() => parseTag({ ...minimal, icon: 'star' }))).toEqual([[]]);
  });

  it('returns success false from safeParse instead of throwing', () => {
    const result = safeParseTag({ ...minimal, color: 'orange' });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues.map((issue) => issue.path)).toEqual([['color']]);
    expect(safeParseTag(minimal).success).toBe(true);
  });
});
