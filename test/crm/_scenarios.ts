/**
 * The CRM service scenario suite, run against any store: the memory store (service.test.ts) and
 * PostgreSQL (postgres.test.ts). Every refusal is checked against a full snapshot of the store
 * (every record of every entity, and the whole log) taken before and after.
 */
import { expect, it } from 'vitest';
import { createCrm, ticketRouter, type Crm, type CrmEvent, type CrmOptions } from '../../src/crm';
import { ConflictError, InvalidTransitionError, NotFoundError, ValidationError } from '../../src/errors';
import { steppingClock, type Clock } from '../../src/model/clock';
import { sequentialIds } from '../../src/model/ids';
import { CRM_ENTITIES, type CrmEntities } from '../../src/model/registry';
import type { Store } from '../../src/store/types';

/** A pipeline with three open stages, one won and one lost stage. */
export const PIPELINE = {
  name: 'New business',
  isDefault: true,
  stages: [
    { id: 'qualify', name: 'Qualify', order: 1, probability: 0.2, forecastCategory: 'pipeline' as const, kind: 'open' as const },
    { id: 'demo', name: 'Demo', order: 2, probability: 0.4, forecastCategory: 'best_case' as const, kind: 'open' as const },
    { id: 'proposal', name: 'Proposal', order: 3, probability: 0.6, forecastCategory: 'commit' as const, kind: 'open' as const },
    { id: 'won', name: 'Won', order: 4, probability: 1, forecastCategory: 'closed' as const, kind: 'won' as const },
    { id: 'lost', name: 'Lost', order: 5, probability: 0, forecastCategory: 'omitted' as const, kind: 'lost' as const },
  ],
};

/** Everything in the store: every record of every entity, and the whole log. */
export async function snapshot(store: Store<CrmEntities>): Promise<unknown> {
  const records: Record<string, unknown[]> = {};
  for (const entity of Object.keys(CRM_ENTITIES) as (keyof CrmEntities & string)[]) {
    records[entity] = (await store.find(entity, { limit: 10_000 })).items;
  }
  return { records, log: await store.readLog({}) };
}

/** Runs `fn`, expects it to throw `type`, and checks that the store did not change. */
export async function expectRefusedUnchanged(store: Store<CrmEntities>, fn: () => Promise<unknown>, type: abstract new (...args: never[]) => Error): Promise<Error> {
  const before = await snapshot(store);
  let caught: unknown;
  try {
    await fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(type);
  expect(await snapshot(store)).toEqual(before);
  return caught as Error;
}

/** A fresh service with a stepping clock and sequential ids, and every event it publishes. */
export function setup(store: Store<CrmEntities>, clock: Clock, extra: Partial<CrmOptions> = {}): { crm: Crm; events: CrmEvent[] } {
  const crm = createCrm({ store, clock, ids: sequentialIds(), ...extra });
  const events: CrmEvent[] = [];
  crm.on('*', (event) => {
    events.push(event);
  });
  return { crm, events };
}

/** Registers the scenario suite; `makeStore` returns a fresh, empty workspace store using `clock`. */
export function crmScenarios(makeStore: (clock: Clock) => Promise<Store<CrmEntities>>): void {
  /** A fresh store and service sharing one stepping clock (the store stamps createdAt, the service transitions). */
  const fresh = async (extra: Partial<CrmOptions> = {}) => {
    const clock = steppingClock('2025-01-01T00:00:00Z', 60_000);
    const store = await makeStore(clock);
    return { store, ...setup(store, clock, extra) };
  };
  it('creates a deal in the first open stage with the stage defaults and logs its initial entry', async () => {
    const { store, crm, events } = await fresh();
    const pipeline = (await crm.createPipeline(PIPELINE)).record;
    const { record: deal } = await crm.createDeal({ name: 'Acme — 50 seats', amount: { amountMinor: 500_000, currency: 'EUR' } });
    expect(deal).toMatchObject({ pipelineId: pipeline.id, stageId: 'qualify', status: 'open', probability: 0.2, forecastCategory: 'pipeline' });
    const history = await crm.history('deal', deal.id);
    expect(history.map((e) => [e.kind, e.data['from'], e.data['to'], e.data['event']])).toEqual([['transition', null, 'qualify', '@init']]);
    expect(events.map((e) => e.type)).toEqual(['pipeline.created', 'deal.created']);
    const inDemo = (await crm.createDeal({ name: 'Beta', stageId: 'demo', pipelineId: pipeline.id })).record;
    expect(inDemo).toMatchObject({ stageId: 'demo', probability: 0.4, forecastCategory: 'best_case' });
  });

  it('refuses a deal in an unknown stage and leaves the store unchanged', async () => {
    const { store, crm } = await fresh();
    await crm.createPipeline(PIPELINE);
    await expectRefusedUnchanged(store, () => crm.createDeal({ name: 'X', stageId: 'nope' }), ValidationError);
    await expectRefusedUnchanged(store, () => crm.createDeal({ name: 'X', pipelineId: 'missing' }), ValidationError);
    await expectRefusedUnchanged(store, () => crm.createContact({ firstName: 42 } as never), ValidationError);
  });

  it('moves a deal through its pipeline, sets closedAt and status when won, and logs every transition', async () => {
    const { store, crm, events } = await fresh();
    await crm.createPipeline(PIPELINE);
    const { record: deal } = await crm.createDeal({ name: 'Acme' });
    const advanced = await crm.transition('deal', deal.id, 'advance', { actor: 'rep_1' });
    expect(advanced.record).toMatchObject({ stageId: 'demo', probability: 0.4, forecastCategory: 'best_case', status: 'open', version: 2 });
    expect(advanced.entry).toMatchObject({ kind: 'transition', entity: 'deal', entityId: deal.id, actor: 'rep_1', data: { from: 'qualify', to: 'demo', event: 'advance' } });
    const won = await crm.transition('deal', deal.id, 'win', { expectedVersion: 2 });
    expect(won.record).toMatchObject({ stageId: 'won', status: 'won', probability: 1, forecastCategory: 'closed' });
    expect(won.record.closedAt).toBeInstanceOf(Date);
    expect(won.events.map((e) => e.type)).toEqual(['deal.won']);
    expect(events.filter((e) => e.entity === 'deal').map((e) => e.type)).toEqual(['deal.created', 'deal.stage_changed', 'deal.won']);
    expect((await crm.history('deal', deal.id)).map((e) => e.data['event'])).toEqual(['@init', 'advance', 'win']);
    const reopened = await crm.transition('deal', deal.id, 'reopen');
    expect(reopened.record.status).toBe('open');
    expect(reopened.record.closedAt).toBeUndefined();
  });

  it('refuses an invalid transition with the allowed events and leaves the store unchanged', async () => {
    const { store, crm, events } = await fresh();
    await crm.createPipeline(PIPELINE);
    const { record: deal } = await crm.createDeal({ name: 'Acme' });
    events.length = 0;
    const error = (await expectRefusedUnchanged(store, () => crm.transition('deal', deal.id, 'reopen'), InvalidTransitionError)) as InvalidTransitionError;
    expect(error.allowed).toContain('advance');
    await expectRefusedUnchanged(store, () => crm.transition('deal', deal.id, 'lose'), InvalidTransitionError);
    await expectRefusedUnchanged(store, () => crm.transition('deal', deal.id, 'advance', { expectedVersion: 7 }), ConflictError);
    await expectRefusedUnchanged(store, () => crm.transition('deal', 'missing', 'advance'), NotFoundError);
    expect(events).toEqual([]);
    const lost = await crm.transition('deal', deal.id, 'lose', { data: { lostReason: 'price', lostReasonDetail: 'Competitor 20% cheaper' } });
    expect(lost.record).toMatchObject({ status: 'lost', lostReason: 'price', lostReasonDetail: 'Competitor 20% cheaper', probability: 0 });
  });

  it('rolls back when beforeCommit vetoes, and publishes nothing', async () => {
    let veto = false;
    const { store, crm, events } = await fresh({
      hooks: {
        beforeCommit: ({ events: pending }) => {
          if (veto && pending.some((e) => e.type === 'deal.won')) throw new Error('no wins on Sunday');
        },
      },
    });
    await crm.createPipeline(PIPELINE);
    const { record: deal } = await crm.createDeal({ name: 'Acme' });
    veto = true;
    events.length = 0;
    await expectRefusedUnchanged(store, () => crm.transition('deal', deal.id, 'win'), Error);
    expect(events).toEqual([]);
    veto = false;
    expect((await crm.transition('deal', deal.id, 'win')).record.status).toBe('won');
  });

  it('runs the offer flow reject → renegotiate → accept and wins the deal with the accepted amount', async () => {
    const { store, crm } = await fresh();
    await crm.createPipeline(PIPELINE);
    const { record: deal } = await crm.createDeal({ name: 'Acme', amount: { amountMinor: 900_000, currency: 'EUR' } });
    const first = await crm.addOffer(deal.id, { amount: { amountMinor: 900_000, currency: 'EUR' } });
    expect(first.record.offers.map((o) => [o.version, o.status])).toEqual([[1, 'sent']]);
    await expectRefusedUnchanged(store, () => crm.renegotiate(deal.id, { amount: { amountMinor: 800_000, currency: 'EUR' } }), InvalidTransitionError);
    const rejected = await crm.rejectOffer(deal.id, { reason: 'too expensive' });
    expect(rejected.record.offers[0]).toMatchObject({ status: 'rejected' });
    expect(rejected.record.offers[0]?.decidedAt).toBeInstanceOf(Date);
    const second = await crm.renegotiate(deal.id, { amount: { amountMinor: 800_000, currency: 'EUR' } });
    expect(second.events.map((e) => e.type)).toEqual(['deal.renegotiated', 'deal.offer_added']);
    expect(second.record.offers.map((o) => [o.version, o.status])).toEqual([[1, 'rejected'], [2, 'sent']]);
    await expectRefusedUnchanged(store, () => crm.addOffer(deal.id, { amount: { amountMinor: 1, currency: 'USD' } }), ValidationError);
    const accepted = await crm.acceptOffer(deal.id);
    expect(accepted.record).toMatchObject({ status: 'won', stageId: 'won', amount: { amountMinor: 800_000, currency: 'EUR' } });
    expect(accepted.record.offers.map((o) => o.status)).toEqual(['rejected', 'accepted']);
    expect(accepted.events.map((e) => e.type)).toEqual(['deal.offer_accepted', 'deal.won']);
    expect(accepted.entry.data).toMatchObject({ event: 'win', offerId: accepted.record.offers[1]?.id });
    await expectRefusedUnchanged(store, () => crm.addOffer(deal.id, { amount: { amountMinor: 1, currency: 'EUR' } }), InvalidTransitionError);
  });

  it('supersedes earlier open offers when a new version is added', async () => {
    const { store, crm } = await fresh();
    await crm.createPipeline(PIPELINE);
    const { record: deal } = await crm.createDeal({ name: 'Acme' });
    await crm.addOffer(deal.id, { amount: { amountMinor: 100, currency: 'EUR' }, status: 'draft' });
    const next = await crm.addOffer(deal.id, { amount: { amountMinor: 90, currency: 'EUR' } });
    expect(next.record.offers.map((o) => o.status)).toEqual(['superseded', 'sent']);
    expect(next.events.map((e) => e.type)).toEqual(['deal.offer_superseded', 'deal.offer_added']);
  });

  it('sets ticket timestamps from the lifecycle: first response once, resolution, close and reopen', async () => {
    const { store, crm, events } = await fresh();
    const { record: ticket } = await crm.openTicket({ subject: 'Cannot log in', priority: 'high' });
    const responded = await crm.transition('ticket', ticket.id, 'respond');
    const firstResponseAt = responded.record.firstResponseAt;
    expect(firstResponseAt).toBeInstanceOf(Date);
    const escalated = await crm.transition('ticket', ticket.id, 'escalate');
    expect(escalated.record).toMatchObject({ status: 'escalated', escalationLevel: 1 });
    expect(events.map((e) => e.type)).toContain('ticket.escalated');
    const resolved = await crm.transition('ticket', ticket.id, 'resolve');
    expect(resolved.record.firstResponseAt).toEqual(firstResponseAt);
    expect(resolved.record.resolvedAt).toBeInstanceOf(Date);
    const closed = await crm.transition('ticket', ticket.id, 'close');
    expect(closed.record.closedAt).toBeInstanceOf(Date);
    expect(closed.record.resolvedAt).toEqual(resolved.record.resolvedAt);
    const reopened = await crm.transition('ticket', ticket.id, 'reopen');
    expect(reopened.record).toMatchObject({ status: 'open', reopenCount: 1 });
    expect(reopened.record.closedAt).toBeUndefined();
  });

  it('routes tickets by category to a team and round-robin among its members', async () => {
    const { store, crm } = await fresh({ router: ticketRouter({ rules: [{ category: 'billing', teamId: 'team_billing' }], defaultTeamId: 'team_support' }) });
    await store.create('team', { id: 'team_billing', name: 'Billing', memberIds: ['agent_a', 'agent_b'] });
    const a = (await crm.openTicket({ subject: 'Invoice wrong', category: 'Billing' })).record;
    const b = (await crm.openTicket({ subject: 'Refund', category: 'billing' })).record;
    const c = (await crm.openTicket({ subject: 'VAT', category: 'billing' })).record;
    const d = (await crm.openTicket({ subject: 'Bug', category: 'bug' })).record;
    expect([a, b, c].map((t) => [t.teamId, t.assigneeId])).toEqual([
      ['team_billing', 'agent_a'],
      ['team_billing', 'agent_b'],
      ['team_billing', 'agent_a'],
    ]);
    expect(d.teamId).toBe('team_support');
    expect(d.assigneeId).toBeUndefined();
    const unrouted = (await crm.openTicket({ subject: 'Later', category: 'billing' }, { route: false })).record;
    expect(unrouted.teamId).toBeUndefined();
    const routed = await crm.routeTicket(unrouted.id);
    expect(routed.record.teamId).toBe('team_billing');
    expect(routed.events.map((e) => e.type)).toEqual(['ticket.routed']);
  });

  it('creates and completes tasks, and clears completedAt when reopened', async () => {
    const { store, crm } = await fresh();
    const { record: task } = await crm.createTask({ subject: 'Call Ada back' });
    const done = await crm.completeTask(task.id, { actor: 'rep_1' });
    expect(done.record.status).toBe('done');
    expect(done.record.completedAt).toBeInstanceOf(Date);
    expect(done.events.map((e) => e.type)).toEqual(['task.done']);
    await expectRefusedUnchanged(store, () => crm.completeTask(task.id), InvalidTransitionError);
    const reopened = await crm.transition('task', task.id, 'reopen');
    expect(reopened.record.completedAt).toBeUndefined();
  });

  it('moves a contact through the lead lifecycle and sets convertedAt only when it becomes a customer', async () => {
    const { store, crm } = await fresh();
    const { record: ada } = await crm.createContact({ firstName: 'Ada', emails: [{ address: 'ada@example.com' }] });
    expect(ada.lifecycleStage).toBe('subscriber');
    const sql = await crm.transition('contact', ada.id, 'qualify_sales');
    expect(sql.record.convertedAt).toBeUndefined();
    expect(sql.events.map((e) => e.type)).toEqual(['contact.sales_qualified']);
    const customer = await crm.transition('contact', ada.id, 'win');
    expect(customer.record.convertedAt).toBeInstanceOf(Date);
    await expectRefusedUnchanged(store, () => crm.update('contact', ada.id, { lifecycleStage: 'lead' }), ValidationError);
    await expectRefusedUnchanged(store, () => crm.transition('contact', ada.id, 'disqualify'), InvalidTransitionError);
  });

  it('qualifies leads through the lead-status lifecycle and publishes lead.qualified', async () => {
    const { store, crm } = await fresh();
    const { record: lead } = await crm.createLead({ email: 'grace@navy.mil', lastName: 'Hopper' });
    await crm.transition('lead', lead.id, 'connect');
    const qualified = await crm.transition('lead', lead.id, 'qualify');
    expect(qualified.record.status).toBe('qualified');
    expect(qualified.events.map((e) => e.type)).toEqual(['lead.qualified']);
    await expectRefusedUnchanged(store, () => crm.transition('lead', lead.id, 'disqualify'), InvalidTransitionError);
  });

  it('updates plain fields with optimistic concurrency and refuses stale versions', async () => {
    const { store, crm } = await fresh();
    const { record: acme } = await crm.createCompany({ name: 'Acme' });
    const updated = await crm.update('company', acme.id, { domain: 'acme.io' }, { expectedVersion: 1 });
    expect(updated.record).toMatchObject({ domain: 'acme.io', version: 2 });
    expect(updated.events.map((e) => [e.type, e.data['fields']])).toEqual([['company.updated', ['domain']]]);
    await expectRefusedUnchanged(store, () => crm.update('company', acme.id, { name: 'Acme Inc' }, { expectedVersion: 1 }), ConflictError);
  });

  it('logs activities and touchpoints and moves lastInteractionAt forward only', async () => {
    const { store, crm } = await fresh();
    const { record: ada } = await crm.createContact({ firstName: 'Ada' });
    const call = await crm.logActivity({ type: 'call', occurredAt: '2025-02-01T10:00:00Z', related: [{ entity: 'contact', id: ada.id }] });
    expect(call.events.map((e) => e.type)).toEqual(['activity.logged']);
    expect((await store.require('contact', ada.id)).lastInteractionAt).toEqual(new Date('2025-02-01T10:00:00Z'));
    await crm.logTouchpoint({ contactId: ada.id, channel: 'email', occurredAt: '2025-01-15T00:00:00Z' });
    expect((await store.require('contact', ada.id)).lastInteractionAt).toEqual(new Date('2025-02-01T10:00:00Z'));
    await crm.logTouchpoint({ contactId: ada.id, channel: 'paid_search', occurredAt: '2025-03-01T00:00:00Z' });
    expect((await store.require('contact', ada.id)).lastInteractionAt).toEqual(new Date('2025-03-01T00:00:00Z'));
    await expectRefusedUnchanged(store, () => crm.logTouchpoint({ contactId: 'nobody', channel: 'email', occurredAt: '2025-03-01T00:00:00Z' }), NotFoundError);
  });

  it('plans a lead conversion without writing anything (dry run) and applies it in one transaction', async () => {
    const { store, crm, events } = await fresh();
    await crm.createPipeline(PIPELINE);
    const { record: lead } = await crm.createLead({ firstName: 'Ada', lastName: 'Lovelace', email: 'Ada@Engines.io', companyName: 'Analytical Engines', website: 'https://engines.io' });
    await crm.transition('lead', lead.id, 'connect');
    const before = await snapshot(store);
    const plan = await crm.planLeadConversion(lead.id, { deal: { name: 'Engines — pilot', amount: { amountMinor: 100_000, currency: 'EUR' } }, actor: 'rep_1' });
    expect(await snapshot(store)).toEqual(before);
    expect(plan.contact.action).toBe('create');
    expect(plan.company).toMatchObject({ action: 'create', data: { name: 'Analytical Engines', domain: 'engines.io' } });
    expect(plan.deal).toMatchObject({ data: { name: 'Engines — pilot', stageId: 'qualify' } });
    expect(plan.leadTransition).toEqual({ event: 'qualify', from: 'connected', to: 'qualified' });
    expect(plan.contactTransition).toEqual({ event: 'open_opportunity', from: 'subscriber', to: 'opportunity' });
    events.length = 0;
    const result = await crm.applyLeadConversion(plan);
    expect(result.contact).toMatchObject({ id: plan.contact.id, firstName: 'Ada', lifecycleStage: 'opportunity', companyId: result.company?.id });
    expect(result.contact.convertedAt).toBeUndefined();
    expect(result.lead).toMatchObject({ status: 'qualified', lifecycleStage: 'opportunity', convertedContactId: result.contact.id, convertedCompanyId: result.company?.id, convertedDealId: result.deal?.id });
    expect(result.lead.convertedAt).toBeInstanceOf(Date);
    expect(result.deal).toMatchObject({ companyId: result.company?.id, contacts: [{ contactId: result.contact.id, primary: true }] });
    expect(events.map((e) => e.type)).toEqual(['company.created', 'contact.created', 'contact.opportunity', 'deal.created', 'lead.qualified', 'lead.converted']);
    const history = await crm.history('contact', result.contact.id);
    expect(history.map((e) => [e.entity, e.kind, e.data['event'] ?? null])).toEqual([
      ['lead', 'transition', '@init'],
      ['lead', 'transition', 'connect'],
      ['lead', 'transition', 'qualify'],
      ['contact', 'transition', '@init'],
      ['contact', 'conversion', null],
      ['contact', 'transition', 'open_opportunity'],
    ]);
    await expectRefusedUnchanged(store, () => crm.planLeadConversion(lead.id), InvalidTransitionError);
  });

  it('matches an existing contact by normalised primary e-mail and company by domain, filling only empty fields', async () => {
    const { store, crm } = await fresh();
    const { record: acme } = await crm.createCompany({ name: 'ACME Corporation', domain: 'acme.io' });
    const { record: ada } = await crm.createContact({ firstName: 'Adelaide', emails: [{ address: 'ada@acme.io' }], lifecycleStage: 'customer' });
    const { record: lead } = await crm.createLead({ firstName: 'Ada', lastName: 'Lovelace', email: ' ADA@acme.io ', jobTitle: 'CTO', companyName: 'Acme', status: 'qualified' });
    const plan = await crm.planLeadConversion(lead.id);
    expect(plan.contact).toMatchObject({ action: 'match', id: ada.id, matchedBy: 'email', version: ada.version });
    if (plan.contact.action !== 'match') throw new Error('expected a match');
    expect(plan.contact.fill).toEqual([
      { field: 'lastName', value: 'Lovelace' },
      { field: 'jobTitle', value: 'CTO' },
      { field: 'companyId', value: acme.id },
    ]);
    expect(plan.company).toMatchObject({ action: 'match', id: acme.id, matchedBy: 'domain', fill: [] });
    expect(plan.leadTransition).toBeNull();
    expect(plan.contactTransition).toBeNull();
    const result = await crm.applyLeadConversion(plan);
    expect(result.contact).toMatchObject({ firstName: 'Adelaide', lastName: 'Lovelace', jobTitle: 'CTO', companyId: acme.id, lifecycleStage: 'customer' });
    expect(result.lead).toMatchObject({ status: 'qualified', lifecycleStage: 'customer' });
  });

  it('matches a company by exact normalised name when no domain matches', async () => {
    const { store, crm } = await fresh();
    const { record: acme } = await crm.createCompany({ name: 'Acme   Widgets' });
    const { record: lead } = await crm.createLead({ lastName: 'Doe', email: 'jd@gmail.com', companyName: ' acme widgets', status: 'qualified' });
    const plan = await crm.planLeadConversion(lead.id);
    expect(plan.company).toMatchObject({ action: 'match', id: acme.id, matchedBy: 'name' });
  });

  it('refuses a stale conversion plan with ConflictError and writes nothing', async () => {
    const { store, crm } = await fresh();
    const { record: ada } = await crm.createContact({ firstName: 'Ada', emails: [{ address: 'ada@acme.io' }] });
    const { record: lead } = await crm.createLead({ lastName: 'Lovelace', email: 'ada@acme.io', status: 'qualified' });
    const plan = await crm.planLeadConversion(lead.id);
    await crm.update('contact', ada.id, { jobTitle: 'Countess' });
    await expectRefusedUnchanged(store, () => crm.applyLeadConversion(plan), ConflictError);
    const plan2 = await crm.planLeadConversion(lead.id);
    await crm.update('lead', lead.id, { notes: 'called' });
    await expectRefusedUnchanged(store, () => crm.applyLeadConversion(plan2), ConflictError);
    const { record: other } = await crm.createLead({ lastName: 'Babbage', email: 'charles@engines.io', status: 'qualified' });
    const plan3 = await crm.planLeadConversion(other.id);
    expect(plan3.contact.action).toBe('create');
    await crm.createContact({ firstName: 'Charles', emails: [{ address: 'charles@engines.io' }] });
    await expectRefusedUnchanged(store, () => crm.applyLeadConversion(plan3), ConflictError);
  });
}
