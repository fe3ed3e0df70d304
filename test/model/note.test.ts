import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors';
import { issuePaths } from './_helpers';
import { NoteDataSchema, NoteEntity, parseNote, safeParseNote } from '../../src/model/note';

const meta = {
  id: 'n1',
  workspaceId: 'w1',
  version: 1,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
};

const minimal = { ...meta, body: 'Prefers calls after 3 pm.', related: [{ entity: 'contact', id: 'c1' }] };

describe('note', () => {
  it('parses a full valid record', () => {
    const note = parseNote({
      ...minimal,
      authorId: 'o1',
      related: [
        { entity: 'contact', id: 'c1' },
        { entity: 'deal', id: 'd1' },
      ],
      pinned: true,
      externalId: 'hs-note-5',
    });
    expect(note.related).toEqual([
      { entity: 'contact', id: 'c1' },
      { entity: 'deal', id: 'd1' },
    ]);
    expect(note.pinned).toBe(true);
    expect(note.authorId).toBe('o1');
    expect(NoteEntity.name).toBe('note');
  });

  it('applies the defaults', () => {
    expect(NoteDataSchema.parse({ body: 'Hi', related: [{ entity: 'deal', id: 'd1' }] })).toEqual({
      body: 'Hi',
      related: [{ entity: 'deal', id: 'd1' }],
      pinned: false,
    });
  });

  it('rejects a blank body', () => {
    expect(issuePaths(() => parseNote({ ...minimal, body: ' \n\t ' }))).toEqual([['body']]);
  });

  it('rejects a note related to no record, or to the same record twice', () => {
    expect(issuePaths(() => parseNote({ ...minimal, related: [] }))).toEqual([['related']]);
    expect(
      issuePaths(() =>
        parseNote({
          ...minimal,
          related: [
            { entity: 'contact', id: 'c1' },
            { entity: 'contact', id: 'c1' },
          ],
        }),
      ),
    ).toEqual([['related']]);
  });

  it('rejects a link to an unknown entity', () => {
    expect(issuePaths(() => parseNote({ ...minimal, related: [{ entity: 'invoice', id: 'i1' }] }))).toEqual([
      ['related', 0, 'entity'],
    ]);
  });

  it('rejects unknown keys', () => {
    expect(issuePaths(() => parseNote({ ...minimal, title: 'Call' }))).toEqual([[]]);
  });

  it('returns success false from safeParse instead of throwing', () => {
    const result = safeParseNote({ ...minimal, body: '   ' });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues.map((issue) => issue.path)).toEqual([['body']]);
    expect(safeParseNote(minimal).success).toBe(true);
  });
});
