/**
 * One valid create input per built-in entity, with most optional fields filled, used by the
 * property tests (as seeds that fast-check mutates) and by store tests.
 */
import type { CrmEntityName } from '../../src/model/registry';

const at = '2025-03-01T09:30:00Z';
const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });

export const SAMPLE_INPUTS: Record<CrmEntityName, Record<string, unknown>> = {
  contact: {
    firstName: 'Ada',
    lastName: 'Lovelace',
    emails: [{ address: 'Ada@Example.com', label: 'work' }],
    phones: [{ number: '+44 20 7946 0958', label: 'work' }],
    address: { lines: ['1 Analytical St'], city: 'London', postalCode: 'N1', country: 'gb' },
    companyId: 'co_1',
    jobTitle: 'Engineer',
    source: { channel: 'paid_search', detail: 'google', campaignId: 'cmp_1', utm: { source: 'google', medium: 'cpc' } },
    lifecycleStage: 'lead',
    leadStatus: 'new',
    ownerId: 'own_1',
    tags: ['vip'],
    leadScore: 42,
    firstContactAt: at,
    customFields: { tier: 'gold', seats: 12 },
    consents: [{ purpose: 'marketing_email', status: 'granted', lawfulBasis: 'consent', recordedAt: at }],
    externalId: 'hs-1',
  },
  company: {
    name: 'Acme S.p.A.',
    domain: 'https://www.acme.it/',
    industry: { scheme: 'NACE', code: '62.01' },
    employeeCount: 120,
    sizeBand: '50-249',
    annualRevenue: eur(1_000_000_00),
    address: { city: 'Milano', country: 'IT' },
    ownerId: 'own_1',
    tags: ['key-account'],
    customFields: {},
    externalId: 'sf-1',
  },
  lead: {
    firstName: 'Grace',
    lastName: 'Hopper',
    email: 'grace@navy.mil',
    companyName: 'US Navy',
    source: { channel: 'events' },
    status: 'attempting_contact',
    score: 10,
  },
  deal: {
    name: 'Acme renewal',
    pipelineId: 'pl_1',
    stageId: 'st_1',
    amount: eur(50_000_00),
    expectedCloseDate: '2025-06-30',
    probability: 0.4,
    forecastCategory: 'pipeline',
    companyId: 'co_1',
    ownerId: 'own_1',
    contacts: [{ contactId: 'c_1', role: 'decision_maker' }],
    offers: [
      { id: 'of_1', version: 1, amount: eur(55_000_00), status: 'rejected', createdAt: at, sentAt: at, decidedAt: at },
      { id: 'of_2', version: 2, amount: eur(50_000_00), status: 'sent', createdAt: at, sentAt: at },
    ],
  },
  pipeline: {
    name: 'Sales',
    entity: 'deal',
    isDefault: true,
    stages: [
      { id: 'st_1', name: 'Qualification', order: 1, probability: 0.1, forecastCategory: 'pipeline', kind: 'open' },
      { id: 'st_2', name: 'Proposal', order: 2, probability: 0.5, forecastCategory: 'best_case', kind: 'open' },
      { id: 'won', name: 'Won', order: 3, probability: 1, forecastCategory: 'closed', kind: 'won' },
      { id: 'lost', name: 'Lost', order: 4, probability: 0, forecastCategory: 'omitted', kind: 'lost' },
    ],
  },
  activity: {
    type: 'call',
    direction: 'outbound',
    channel: 'phone',
    subject: 'Discovery call',
    occurredAt: at,
    durationSeconds: 900,
    participants: [{ kind: 'contact', id: 'c_1' }],
    outcome: 'connected',
    related: [{ entity: 'deal', id: 'd_1' }],
  },
  touchpoint: { contactId: 'c_1', channel: 'email', campaignId: 'cmp_1', occurredAt: at, detail: 'newsletter' },
  task: { subject: 'Send proposal', priority: 'high', dueAt: '2025-03-05T17:00:00Z', assigneeId: 'own_1', related: { entity: 'deal', id: 'd_1' } },
  ticket: { subject: 'Cannot log in', priority: 'high', category: 'access', originChannel: 'email', contactId: 'c_1' },
  campaign: {
    name: 'Spring loyalty',
    strategy: 'loyalty',
    tactic: 'points',
    budget: eur(10_000_00),
    actualCost: eur(9_500_00),
    startAt: '2025-03-01T00:00:00Z',
    endAt: '2025-05-31T23:59:59Z',
    targetSegment: { description: 'Customers with 2+ purchases', size: 1000 },
    hasControlGroup: true,
  },
  campaignMember: { campaignId: 'cmp_1', contactId: 'c_1', group: 'target', status: 'responded', responded: true, firstRespondedAt: at },
  product: { name: 'Espresso beans 1kg', sku: 'ESP-1', category: 'coffee', unitPrice: eur(2490), unitCost: eur(1200) },
  purchase: {
    contactId: 'c_1',
    purchasedAt: at,
    lines: [
      { productId: 'p_1', category: 'coffee', quantity: 2, value: eur(4980), margin: eur(2580) },
      { category: 'tea', quantity: 1, value: eur(900), margin: eur(300) },
    ],
  },
  externalSpend: { contactId: 'c_1', category: 'coffee', periodStart: '2025-01-01', periodEnd: '2025-03-31', value: eur(12000), purchaseActs: 4, source: 'survey' },
  surveyResponse: { contactId: 'c_1', surveyId: 'csat-2025', respondedAt: at, nps: 9, satisfaction: { value: 4, scaleMin: 1, scaleMax: 5 } },
  owner: { name: 'Mario Rossi', email: 'mario@acme.it', role: 'sales' },
  team: { name: 'Inside sales', kind: 'sales', memberIds: ['own_1'] },
  note: { body: 'Prefers calls in the morning.', related: [{ entity: 'contact', id: 'c_1' }] },
  tag: { label: 'vip', color: '#ff0000' },
  customFieldDefinition: { entity: 'contact', key: 'tier', label: 'Tier', type: 'enum', options: [{ value: 'gold' }, { value: 'silver' }] },
};

/** Record metadata to turn a create input into a stored record. */
export const SAMPLE_META = {
  id: 'rec_1',
  workspaceId: 'ws_1',
  version: 1,
  createdAt: '2025-03-01T09:00:00Z',
  updatedAt: '2025-03-01T09:00:00Z',
};
