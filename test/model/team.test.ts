import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors';
import { issuePaths } from './_helpers';
import { TeamDataSchema, TeamEntity, parseTeam, safeParseTeam } from '../../src/model/team';

const meta = {
  id: 't1',
  workspaceId: 'w1',
  version: 1,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
};

const minimal = { ...meta, name: 'Inside sales' };

describe('team', () => {
  it('parses a full valid record', () => {
    const team = parseTeam({ ...minimal, kind: 'sales', managerId: 'o9', memberIds: ['o1', 'o2'], externalId: 'grp-4' });
    expect(team).toMatchObject({ name: 'Inside sales', kind: 'sales', managerId: 'o9', memberIds: ['o1', 'o2'], externalId: 'grp-4' });
    expect(TeamEntity.name).toBe('team');
  });

  it('applies the defaults', () => {
    expect(TeamDataSchema.parse({ name: 'Helpdesk' })).toEqual({ name: 'Helpdesk', kind: 'other', memberIds: [] });
  });

  it('rejects duplicate members', () => {
    expect(issuePaths(() => parseTeam({ ...minimal, memberIds: ['o1', 'o2', 'o1'] }))).toEqual([['memberIds']]);
  });

  it('rejects an unknown kind and an empty name', () => {
    expect(issuePaths(() => parseTeam({ ...minimal, name: '  ', kind: 'finance' }))).toEqual([['name'], ['kind']]);
  });

  it('rejects unknown keys', () => {
    expect(issuePaths(() => parseTeam({ ...minimal, members: ['o1'] }))).toEqual([[]]);
  });

  it('returns success false from safeParse instead of throwing', () => {
    const result = safeParseTeam({ ...minimal, memberIds: ['o1', 'o1'] });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues.map((issue) => issue.path)).toEqual([['memberIds']]);
    expect(safeParseTeam(minimal).success).toBe(true);
  });
});
