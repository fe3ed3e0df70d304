import { describe, expect, it } from 'vitest';
import { formatIssuePath, ValidationError } from '../../src/errors';
import { ActivityDataSchema, ActivityEntity, parseActivity, safeParseActivity } from '../../src/model/activity';

const meta = {
  id: 'a_1',
  workspaceId: 'w_1',
  version: 1,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-02T00:00:00Z',
};

const base = { ...meta, type: 'call', occurredAt: '2025-01-03T09:30:00Z' };

/** Parses a stored activity that must fail and returns the issue paths. */
function failurePaths(input: unknown): string[] {
  const result = safeParseActivity(input);
  if (result.success) throw new Error('expected the activity to be rejected');
  expect(result.error).toBeInstanceOf(ValidationError);
  return result.error.issues.map((issue) => formatIssuePath(issue.path));
}

describe('activity', () => {
  it('parses a full record and normalises timestamps, e-mails and trimmed text', () => {
    const activity = parseActivity({
      ...meta,
      type: 'meeting',
      direction: 'outbound',
      channel: 'events',
      subject: '  Quarterly review ',
      body: 'Discussed renewal and seats.',
      occurredAt: '2025-01-03T10:30:00+01:00',
      durationSeconds: 3600,
      participants: [
        { kind: 'contact', id: 'c_1', email: ' Ada@Example.com ' },
        { kind: 'owner', id: 'o_1' },
        { kind: 'external', name: 'Charles Babbage', email: 'charles@example.org' },
      ],
      reason: 'Renewal',
      outcome: 'completed',
      resolution: 'Send the renewal offer by Friday.',
      related: [
        { entity: 'deal', id: 'd_1' },
        { entity: 'contact', id: 'c_1' },
      ],
      ownerId: 'o_1',
      campaignId: 'cmp_1',
      externalId: 'gcal-123',
    });
    expect(activity.subject).toBe('Quarterly review');
    expect(activity.occurredAt).toEqual(new Date('2025-01-03T09:30:00Z'));
    expect(activity.participants[0]).toEqual({ kind: 'contact', id: 'c_1', email: 'ada@example.com' });
    expect(activity.participants[2]?.name).toBe('Charles Babbage');
    expect(activity.related).toEqual([
      { entity: 'deal', id: 'd_1' },
      { entity: 'contact', id: 'c_1' },
    ]);
    expect(activity.outcome).toBe('completed');
    expect(activity.durationSeconds).toBe(3600);
  });

  it('applies defaults: no participants, no related records', () => {
    const activity = parseActivity(base);
    expect(activity.participants).toEqual([]);
    expect(activity.related).toEqual([]);
    expect(activity.direction).toBeUndefined();
  });

  it('rejects a participant without id, e-mail or name', () => {
    expect(failurePaths({ ...base, participants: [{ kind: 'owner', id: 'o_1' }, { kind: 'contact' }] })).toEqual([
      'participants[1]',
    ]);
  });

  it('rejects an id on an external participant', () => {
    expect(failurePaths({ ...base, participants: [{ kind: 'external', id: 'x_1', name: 'Someone' }] })).toEqual([
      'participants[0].id',
    ]);
  });

  it('rejects the same related record twice', () => {
    expect(
      failurePaths({
        ...base,
        related: [
          { entity: 'deal', id: 'd_1' },
          { entity: 'contact', id: 'd_1' },
          { entity: 'deal', id: 'd_1' },
        ],
      }),
    ).toEqual(['related[2]']);
  });

  it('requires occurredAt with a timezone and rejects unknown types, directions, outcomes and negative durations', () => {
    expect(failurePaths({ ...meta, type: 'call' })).toEqual(['occurredAt']);
    expect(failurePaths({ ...base, occurredAt: '2025-01-03T09:30:00' })).toEqual(['occurredAt']);
    expect(
      failurePaths({ ...base, type: 'fax', direction: 'sideways', outcome: 'maybe', durationSeconds: -1 }).sort(),
    ).toEqual(['direction', 'durationSeconds', 'outcome', 'type']);
    expect(failurePaths({ ...base, related: [{ entity: 'invoice', id: 'i_1' }] })).toEqual(['related[0].entity']);
  });

  it('rejects unknown keys on the activity and its participants', () => {
    expect(failurePaths({ ...base, contactId: 'c_1' })).toEqual(['(root)']);
    expect(failurePaths({ ...base, participants: [{ kind: 'contact', id: 'c_1', role: 'host' }] })).toEqual(['participants[0]']);
  });

  it('throws a ValidationError with the issue path from parseActivity', () => {
    expect(() => parseActivity({ ...base, participants: [{ kind: 'lead' }] })).toThrow(ValidationError);
    expect(() => parseActivity({ ...base, participants: [{ kind: 'lead' }] })).toThrow(
      'Invalid activity: participants[0]: A participant needs an id, an e-mail or a name',
    );
  });

  it('accepts create input without record metadata in the data schema but not in the full schema', () => {
    const data = ActivityDataSchema.parse({ type: 'note', direction: 'internal', body: 'Prefers e-mail.', occurredAt: new Date('2025-01-03T00:00:00Z') });
    expect(data).toEqual({
      type: 'note',
      direction: 'internal',
      body: 'Prefers e-mail.',
      occurredAt: new Date('2025-01-03T00:00:00Z'),
      participants: [],
      related: [],
    });
    expect(ActivityDataSchema.safeParse(base).success).toBe(false);
    expect(safeParseActivity({ type: 'note', occurredAt: '2025-01-03T00:00:00Z' }).success).toBe(false);
    expect(ActivityEntity.name).toBe('activity');
  });

  it('returns success false from safeParseActivity instead of throwing', () => {
    const result = safeParseActivity({ ...base, channel: 'carrier_pigeon' });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues.map((issue) => issue.path)).toEqual([['channel']]);
  });
});
