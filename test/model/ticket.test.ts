import { describe, expect, it } from 'vitest';
import { formatIssuePath, ValidationError } from '../../src/errors';
import { parseTicket, safeParseTicket, TICKET_MILESTONE_FIELDS, TicketDataSchema, TicketEntity } from '../../src/model/ticket';

const meta = {
  id: 'tc_1',
  workspaceId: 'w_1',
  version: 1,
  createdAt: '2025-01-01T09:00:00Z',
  updatedAt: '2025-01-02T00:00:00Z',
};

const base = { ...meta, subject: 'Cannot log in' };

/** Parses a stored ticket that must fail and returns the issue paths. */
function failurePaths(input: unknown): string[] {
  const result = safeParseTicket(input);
  if (result.success) throw new Error('expected the ticket to be rejected');
  expect(result.error).toBeInstanceOf(ValidationError);
  return result.error.issues.map((issue) => formatIssuePath(issue.path));
}

describe('ticket', () => {
  it('parses a full closed record and normalises timestamps and text', () => {
    const ticket = parseTicket({
      ...base,
      subject: '  Cannot log in ',
      description: 'SSO loop since this morning.',
      status: 'closed',
      priority: 'urgent',
      category: 'authentication',
      productId: 'pr_1',
      teamId: 'tm_1',
      assigneeId: 'o_1',
      contactId: 'c_1',
      companyId: 'co_1',
      originChannel: 'email',
      openedAt: '2025-01-01T08:55:00Z',
      firstResponseAt: '2025-01-01T10:15:00+01:00',
      escalatedAt: '2025-01-01T09:30:00Z',
      resolvedAt: '2025-01-01T12:00:00Z',
      closedAt: '2025-01-03T12:00:00Z',
      escalationLevel: 2,
      reopenCount: 1,
      satisfaction: 4,
      tags: ['sso'],
      customFields: { plan: 'enterprise' },
      externalId: 'zd-77',
    });
    expect(ticket.subject).toBe('Cannot log in');
    expect(ticket.firstResponseAt).toEqual(new Date('2025-01-01T09:15:00Z'));
    expect(ticket.resolvedAt).toEqual(new Date('2025-01-01T12:00:00Z'));
    expect(ticket.escalationLevel).toBe(2);
    expect(ticket.reopenCount).toBe(1);
    expect(ticket.satisfaction).toBe(4);
    expect(ticket.tags).toEqual(['sso']);
  });

  it('applies defaults: status new, priority normal, level 0, no reopenings, no tags or custom fields', () => {
    const ticket = parseTicket(base);
    expect(ticket.status).toBe('new');
    expect(ticket.priority).toBe('normal');
    expect(ticket.escalationLevel).toBe(0);
    expect(ticket.reopenCount).toBe(0);
    expect(ticket.tags).toEqual([]);
    expect(ticket.customFields).toEqual({});
  });

  it('rejects first response, resolution and closure before the record was created', () => {
    for (const field of TICKET_MILESTONE_FIELDS) {
      expect(failurePaths({ ...base, [field]: '2025-01-01T08:59:59Z' }), field).toEqual([field]);
    }
    expect(safeParseTicket({ ...base, firstResponseAt: '2025-01-01T09:00:00Z' }).success).toBe(true);
  });

  it('does not compare with createdAt in create input, which has none', () => {
    const data = TicketDataSchema.parse({ subject: 'Imported', status: 'resolved', resolvedAt: '2020-01-01T00:00:00Z' });
    expect(data.resolvedAt).toEqual(new Date('2020-01-01T00:00:00Z'));
  });

  it('rejects milestones before openedAt', () => {
    expect(
      failurePaths({ ...base, openedAt: '2025-01-01T10:00:00Z', firstResponseAt: '2025-01-01T09:30:00Z' }),
    ).toEqual(['firstResponseAt']);
    const result = TicketDataSchema.safeParse({
      subject: 'Imported',
      openedAt: '2024-05-01T10:00:00Z',
      resolvedAt: '2024-05-01T09:00:00Z',
      status: 'resolved',
    });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['resolvedAt']]);
  });

  it('rejects a resolved or closed ticket without resolvedAt', () => {
    expect(failurePaths({ ...base, status: 'resolved' })).toEqual(['resolvedAt']);
    expect(failurePaths({ ...base, status: 'closed', closedAt: '2025-01-02T00:00:00Z' })).toEqual(['resolvedAt']);
  });

  it('rejects negative counters, an out-of-range satisfaction score and unknown channels', () => {
    expect(
      failurePaths({ ...base, escalationLevel: -1, reopenCount: 0.5, satisfaction: 6, originChannel: 'fax' }).sort(),
    ).toEqual(['escalationLevel', 'originChannel', 'reopenCount', 'satisfaction']);
  });

  it('rejects unknown keys', () => {
    expect(failurePaths({ ...base, sla: '4h' })).toEqual(['(root)']);
  });

  it('throws a ValidationError with the issue path from parseTicket', () => {
    expect(() => parseTicket({ ...base, status: 'resolved' })).toThrow(ValidationError);
    expect(() => parseTicket({ ...base, status: 'resolved' })).toThrow('Invalid ticket: resolvedAt: A resolved ticket needs resolvedAt');
  });

  it('accepts create input without record metadata in the data schema but not in the full schema', () => {
    expect(TicketDataSchema.parse({ subject: 'Cannot log in' })).toEqual({
      subject: 'Cannot log in',
      status: 'new',
      priority: 'normal',
      escalationLevel: 0,
      reopenCount: 0,
      tags: [],
      customFields: {},
    });
    expect(TicketDataSchema.safeParse(base).success).toBe(false);
    expect(safeParseTicket({ subject: 'Cannot log in' }).success).toBe(false);
    expect(TicketEntity.name).toBe('ticket');
  });

  it('returns success false from safeParseTicket instead of throwing', () => {
    const result = safeParseTicket({ ...base, status: 'pending' });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues.map((issue) => issue.path)).toEqual([['status']]);
  });
});
