/**
 * crmkit quickstart: a workspace's contacts, a company and a deal in the embedded default store,
 * with validation, optimistic concurrency, an atomic import and the transition log.
 *
 * Run: npm run example   (or: npx tsx examples/quickstart.ts)
 */
import assert from 'node:assert/strict';
import { ConflictError, fixedClock, sequentialIds, ValidationError } from 'crmkit/model';
import { createMemoryStore } from 'crmkit/store';

const store = createMemoryStore({
  workspaceId: 'acme',
  ids: sequentialIds(),
  clock: fixedClock('2025-03-01T09:00:00Z'),
});

// A company and two contacts. Input is validated and normalised on the way in.
const company = await store.create('company', { name: 'Initech', domain: 'https://www.Initech.com/' });
const ada = await store.create('contact', {
  firstName: 'Ada',
  lastName: 'Lovelace',
  emails: [{ address: ' Ada@Initech.com ' }],
  companyId: company.id,
  source: { channel: 'paid_search', utm: { source: 'google', campaign: 'spring' } },
  lifecycleStage: 'lead',
});
await store.create('contact', { firstName: 'Grace', emails: [{ address: 'grace@initech.com' }], companyId: company.id });
console.log(`created ${company.name} (${company.domain}) and ${ada.firstName} <${ada.emails[0]?.address}>`);
assert.equal(company.domain, 'initech.com');
assert.equal(ada.emails[0]?.address, 'ada@initech.com');

// Bad input is refused with every issue listed, and nothing is written.
try {
  await store.create('contact', { firstName: 'Bob', emails: [{ address: 'nope' }], lifecycleStage: 'prospect' } as never);
  assert.fail('expected a ValidationError');
} catch (error) {
  assert.ok(error instanceof ValidationError);
  console.log(`refused: ${error.issues.length} issues — ${error.message}`);
}

// Optimistic concurrency: an update against a stale version changes nothing.
const promoted = await store.update('contact', ada.id, { lifecycleStage: 'marketing_qualified' }, { expectedVersion: ada.version });
assert.equal(promoted.version, 2);
await assert.rejects(store.update('contact', ada.id, { jobTitle: 'CTO' }, { expectedVersion: 1 }), ConflictError);

// A deal in a pipeline, and the stage change recorded in the append-only log, atomically.
await store.create('pipeline', {
  name: 'Sales',
  entity: 'deal',
  isDefault: true,
  stages: [
    { id: 'qualify', name: 'Qualify', order: 1, probability: 0.2, forecastCategory: 'pipeline', kind: 'open' },
    { id: 'propose', name: 'Propose', order: 2, probability: 0.6, forecastCategory: 'best_case', kind: 'open' },
    { id: 'won', name: 'Won', order: 3, probability: 1, forecastCategory: 'closed', kind: 'won' },
    { id: 'lost', name: 'Lost', order: 4, probability: 0, forecastCategory: 'omitted', kind: 'lost' },
  ],
});
const deal = await store.create('deal', {
  name: 'Initech renewal',
  pipelineId: 'pipeline_000001',
  stageId: 'qualify',
  amount: { amountMinor: 4_800_000, currency: 'EUR' },
  companyId: company.id,
  contacts: [{ contactId: ada.id, role: 'decision_maker' }],
});
await store.transaction(async (tx) => {
  const moved = await tx.update('deal', deal.id, { stageId: 'propose', probability: 0.6 }, { expectedVersion: deal.version });
  await tx.append([{ entity: 'deal', entityId: moved.id, kind: 'transition', actor: 'owner_1', data: { from: 'qualify', to: 'propose', event: 'propose' } }]);
});

// An import that fails half-way leaves the store as it was.
const before = await store.count('contact');
await assert.rejects(
  store.createMany('contact', [{ firstName: 'Ok' }, { firstName: 'Also ok' }, { emails: [{ address: 'broken' }] }]),
  ValidationError,
);
assert.equal(await store.count('contact'), before);

// Queries are data: filter, sort, paginate.
const leads = await store.find('contact', {
  where: { and: [{ field: 'companyId', op: 'eq', value: company.id }, { field: 'emails', op: 'isNull', value: false }] },
  sort: [{ field: 'firstName', direction: 'asc' }],
});
console.log('contacts at Initech:', leads.items.map((c) => c.firstName).join(', '));
assert.deepEqual(leads.items.map((c) => c.firstName), ['Ada', 'Grace']);

const history = await store.readLog({ entity: 'deal', entityId: deal.id });
console.log('deal history:', history.map((entry) => `${String(entry.data.from)} → ${String(entry.data.to)}`).join('; '));
assert.equal(history.length, 1);
console.log('quickstart ok');
