import { describe, expect, it } from 'vitest';
import { formatIssuePath, ValidationError } from '../../src/errors';
import {
  acceptedOffer,
  DealDataSchema,
  DealEntity,
  latestOffer,
  parseDeal,
  safeParseDeal,
} from '../../src/model/deal';

const meta = {
  id: 'd_1',
  workspaceId: 'w_1',
  version: 1,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-02T00:00:00Z',
};

const data = { name: 'Acme — 50 seats', pipelineId: 'p_1', stageId: 'qualify' };
const base = { ...meta, ...data };

function offer(id: string, version: number, extra: Record<string, unknown> = {}) {
  return {
    id,
    version,
    amount: { amountMinor: 500_000, currency: 'EUR' },
    status: 'sent',
    createdAt: '2025-01-05T00:00:00Z',
    ...extra,
  };
}

/** Parses a stored deal that must fail and returns the issue paths. */
function failurePaths(input: unknown): string[] {
  const result = safeParseDeal(input);
  if (result.success) throw new Error('expected the deal to be rejected');
  expect(result.error).toBeInstanceOf(ValidationError);
  return result.error.issues.map((issue) => formatIssuePath(issue.path));
}

describe('deal', () => {
  it('parses a full won record with contacts and offers, normalising currencies and timestamps', () => {
    const deal = parseDeal({
      ...base,
      amount: { amountMinor: 480_000, currency: 'eur' },
      expectedCloseDate: '2025-03-31',
      probability: 1,
      forecastCategory: 'closed',
      status: 'won',
      closedAt: '2025-03-15T10:00:00+01:00',
      companyId: 'co_1',
      ownerId: 'o_1',
      contacts: [
        { contactId: 'c_1', role: 'decision_maker', primary: true },
        { contactId: 'c_2', role: 'champion' },
      ],
      source: { channel: 'paid_search' },
      campaignId: 'cmp_1',
      tags: ['enterprise'],
      description: 'Fifty seats, three-year term.',
      customFields: { seats: 50 },
      externalId: 'sf-opp-1',
      offers: [
        offer('o_1', 1, { status: 'superseded', amount: { amountMinor: 520_000, currency: 'eur' } }),
        offer('o_2', 2, {
          status: 'accepted',
          amount: { amountMinor: 480_000, currency: 'EUR' },
          sentAt: '2025-03-01T00:00:00Z',
          decidedAt: '2025-03-15T09:00:00Z',
          validUntil: '2025-03-31',
          note: 'Final price.',
          lines: [
            { description: 'Seat licence', quantity: 50, unitPrice: { amountMinor: 10_000, currency: 'eur' }, discount: 0.04 },
            { description: 'Onboarding', quantity: 1, unitPrice: { amountMinor: 0, currency: 'EUR' } },
          ],
        }),
      ],
    });
    expect(deal.amount).toEqual({ amountMinor: 480_000, currency: 'EUR' });
    expect(deal.closedAt).toEqual(new Date('2025-03-15T09:00:00Z'));
    expect(deal.offers[0]?.amount.currency).toBe('EUR');
    expect(deal.offers[1]?.decidedAt).toEqual(new Date('2025-03-15T09:00:00Z'));
    expect(deal.offers[1]?.lines?.[0]?.unitPrice).toEqual({ amountMinor: 10_000, currency: 'EUR' });
    expect(deal.offers[1]?.lines?.[1]?.discount).toBe(0);
    expect(deal.contacts).toEqual([
      { contactId: 'c_1', role: 'decision_maker', primary: true },
      { contactId: 'c_2', role: 'champion' },
    ]);
    expect(latestOffer(deal)?.id).toBe('o_2');
    expect(acceptedOffer(deal)?.amount).toEqual({ amountMinor: 480_000, currency: 'EUR' });
  });

  it('applies defaults: status open, no contacts, offers, tags or custom fields', () => {
    const deal = parseDeal(base);
    expect(deal.status).toBe('open');
    expect(deal.contacts).toEqual([]);
    expect(deal.offers).toEqual([]);
    expect(deal.tags).toEqual([]);
    expect(deal.customFields).toEqual({});
  });

  it('rejects a lost deal without lostReason and without closedAt', () => {
    expect(failurePaths({ ...base, status: 'lost' })).toEqual(['lostReason', 'closedAt']);
    const lost = parseDeal({
      ...base,
      status: 'lost',
      closedAt: '2025-02-01T00:00:00Z',
      lostReason: 'competitor',
      lostReasonDetail: 'Went with Initech',
    });
    expect(lost.lostReason).toBe('competitor');
  });

  it('rejects a won deal without closedAt', () => {
    expect(failurePaths({ ...base, status: 'won' })).toEqual(['closedAt']);
  });

  it('rejects closedAt on an open deal and lostReason on a deal that is not lost', () => {
    expect(failurePaths({ ...base, closedAt: '2025-02-01T00:00:00Z' })).toEqual(['closedAt']);
    expect(failurePaths({ ...base, status: 'won', closedAt: '2025-02-01T00:00:00Z', lostReason: 'price' })).toEqual([
      'lostReason',
    ]);
  });

  it('rejects the same contact twice and two primary contacts', () => {
    expect(
      failurePaths({
        ...base,
        contacts: [
          { contactId: 'c_1', role: 'champion' },
          { contactId: 'c_1', role: 'user' },
        ],
      }),
    ).toEqual(['contacts[1].contactId']);
    expect(
      failurePaths({
        ...base,
        contacts: [
          { contactId: 'c_1', role: 'champion', primary: true },
          { contactId: 'c_2', role: 'user', primary: true },
        ],
      }),
    ).toEqual(['contacts[1].primary']);
  });

  it('rejects duplicate offer ids', () => {
    expect(failurePaths({ ...base, offers: [offer('o_1', 1), offer('o_1', 2)] })).toEqual(['offers[1].id']);
  });

  it('rejects offer versions that repeat or decrease in array order', () => {
    expect(failurePaths({ ...base, offers: [offer('o_1', 1), offer('o_2', 1)] })).toEqual(['offers[1].version']);
    expect(failurePaths({ ...base, offers: [offer('o_1', 2), offer('o_2', 1)] })).toEqual(['offers[1].version']);
    expect(safeParseDeal({ ...base, offers: [offer('o_1', 1), offer('o_2', 3)] }).success).toBe(true);
  });

  it('rejects a second accepted offer', () => {
    const decided = { status: 'accepted', decidedAt: '2025-01-10T00:00:00Z' };
    expect(failurePaths({ ...base, offers: [offer('o_1', 1, decided), offer('o_2', 2, decided)] })).toEqual([
      'offers[1].status',
    ]);
  });

  it('rejects accepted and rejected offers without decidedAt', () => {
    expect(
      failurePaths({ ...base, offers: [offer('o_1', 1, { status: 'rejected' }), offer('o_2', 2, { status: 'accepted' })] }),
    ).toEqual(['offers[0].decidedAt', 'offers[1].decidedAt']);
  });

  it('rejects an offer in another currency than the deal amount', () => {
    expect(
      failurePaths({
        ...base,
        amount: { amountMinor: 100, currency: 'USD' },
        offers: [offer('o_1', 1)],
      }),
    ).toEqual(['offers[0].amount.currency']);
    // Without a deal amount there is nothing to compare with.
    expect(safeParseDeal({ ...base, offers: [offer('o_1', 1)] }).success).toBe(true);
  });

  it('rejects an offer line in another currency than its offer', () => {
    const lines = [{ description: 'Seat', quantity: 1, unitPrice: { amountMinor: 100, currency: 'USD' } }];
    expect(failurePaths({ ...base, offers: [offer('o_1', 1, { lines })] })).toEqual(['offers[0].lines[0].unitPrice.currency']);
  });

  it('rejects out-of-range probability, line quantity and discount, and an impossible close date', () => {
    const lines = [{ description: 'Seat', quantity: 0, unitPrice: { amountMinor: 100, currency: 'EUR' }, discount: 1.5 }];
    expect(
      failurePaths({ ...base, probability: 1.2, expectedCloseDate: '2025-02-30', offers: [offer('o_1', 1, { lines })] }).sort(),
    ).toEqual(['expectedCloseDate', 'offers[0].lines[0].discount', 'offers[0].lines[0].quantity', 'probability']);
    expect(failurePaths({ ...base, offers: [offer('o_1', 0)] })).toContain('offers[0].version');
  });

  it('allows an accepted offer on a deal that is still open (the lifecycle closes it)', () => {
    const deal = parseDeal({ ...base, offers: [offer('o_1', 1, { status: 'accepted', decidedAt: '2025-01-10T00:00:00Z' })] });
    expect(deal.status).toBe('open');
    expect(acceptedOffer(deal)?.id).toBe('o_1');
  });

  it('rejects unknown keys on the deal, its contacts and its offers', () => {
    expect(failurePaths({ ...base, value: 1 })).toEqual(['(root)']);
    expect(failurePaths({ ...base, contacts: [{ contactId: 'c_1', role: 'user', weight: 1 }] })).toEqual(['contacts[0]']);
    expect(failurePaths({ ...base, offers: [offer('o_1', 1, { pdf: 'x' })] })).toEqual(['offers[0]']);
  });

  it('throws a ValidationError with the issue path from parseDeal', () => {
    expect(() => parseDeal({ ...base, status: 'won' })).toThrow(ValidationError);
    expect(() => parseDeal({ ...base, status: 'won' })).toThrow('Invalid deal: closedAt: A won deal needs closedAt');
  });

  it('accepts create input without record metadata in the data schema but not in the full schema', () => {
    expect(DealDataSchema.parse(data)).toEqual({
      name: 'Acme — 50 seats',
      pipelineId: 'p_1',
      stageId: 'qualify',
      status: 'open',
      contacts: [],
      tags: [],
      customFields: {},
      offers: [],
    });
    expect(DealDataSchema.safeParse(base).success).toBe(false);
    expect(safeParseDeal(data).success).toBe(false);
    expect(DealEntity.name).toBe('deal');
  });

  it('returns success false from safeParseDeal instead of throwing', () => {
    const result = safeParseDeal({ ...base, status: 'pending' });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues.map((issue) => issue.path)).toEqual([['status']]);
  });
});

describe('latestOffer and acceptedOffer', () => {
  const createdAt = new Date('2025-01-01T00:00:00Z');
  const offers = [
    { id: 'o_1', version: 1, status: 'rejected' as const, createdAt, decidedAt: createdAt },
    { id: 'o_3', version: 3, status: 'sent' as const, createdAt },
    { id: 'o_2', version: 2, status: 'superseded' as const, createdAt },
  ];

  it('returns the offer with the highest version, whatever its position', () => {
    expect(latestOffer({ offers })?.id).toBe('o_3');
  });

  it('returns undefined when there is no offer or none is accepted', () => {
    expect(latestOffer({ offers: [] })).toBeUndefined();
    expect(acceptedOffer({ offers })).toBeUndefined();
  });
});
