import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  exportEntity,
  hubspotCompanies,
  hubspotContacts,
  hubspotDeals,
  importCsv,
  nativeMapping,
  rejectsCsvWriter,
  salesforceAccounts,
  salesforceCampaignMembers,
  salesforceContacts,
  salesforceOpportunities,
  type EntityMapping,
  type RejectedRow,
} from '../../src/io';
import { readCsv } from '../../src/io/csv-reader';
import { createMemoryStore } from '../../src/store/memory';
import { sequentialIds } from '../../src/model/ids';
import { fixedClock } from '../../src/model/clock';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/io/${name}`, import.meta.url), 'utf8');
const newStore = () => createMemoryStore({ ids: sequentialIds(), clock: fixedClock('2025-01-01T00:00:00Z') });
const STAGES = {
  'Presentation Scheduled': { id: 'proposal', status: 'open' as const },
  'Closed Won': { id: 'won', status: 'won' as const },
  'Closed Lost': { id: 'lost', status: 'lost' as const },
};

async function collectRejects(run: (onReject: (row: RejectedRow) => void) => Promise<unknown>): Promise<RejectedRow[]> {
  const rows: RejectedRow[] = [];
  await run((row) => {
    rows.push(row);
  });
  return rows;
}

describe('importCsv with the HubSpot presets', () => {
  it('imports companies, contacts linked to them, and deals, rejecting bad rows with every issue', async () => {
    const store = newStore();
    const companies = await importCsv(store, fixture('hubspot-companies.csv'), { mapping: hubspotCompanies(), timeZone: 'Europe/Rome', currency: 'EUR', thousandsSeparator: ',' });
    expect(companies).toMatchObject({ rows: 2, imported: 2, rejected: 0 });
    const acme = (await store.find('company', { where: { field: 'externalId', op: 'eq', value: '9001' } })).items[0]!;
    expect(acme.annualRevenue).toEqual({ amountMinor: 125_000_050, currency: 'EUR' });

    const rejects = await collectRejects((onReject) =>
      importCsv(store, fixture('hubspot-contacts.csv'), { mapping: hubspotContacts({ linkCompanies: true, owners: { 'Grace Hopper': 'owner_1' } }), timeZone: 'Europe/Rome', onReject }),
    );
    expect(await store.count('contact')).toBe(3);
    expect(rejects).toHaveLength(1);
    const bad = rejects[0]!;
    expect(bad.line).toBe(4);
    expect(bad.raw[0]).toBe('103');
    const paths = bad.issues.map((issue) => issue.path.join('.')).sort();
    // Every problem of the row is listed, not just the first.
    expect(paths).toEqual(expect.arrayContaining(['lifecycleStage', 'ownerId', 'createdAt']));
    expect(paths.length).toBeGreaterThanOrEqual(3);

    const ada = (await store.find('contact', { where: { field: 'externalId', op: 'eq', value: '101' } })).items[0]!;
    expect(ada.createdAt.toISOString()).toBe('2024-03-05T13:30:00.000Z'); // 14:30 in Rome (CET, +01:00)
    expect(ada.companyId).toBe(acme.id);
    expect(ada.lifecycleStage).toBe('customer');
    expect(ada.source).toEqual({ channel: 'organic_search', detail: 'google' });
    expect(ada.phones[0]?.number).toBe('+393471234567');
    const alan = (await store.find('contact', { where: { field: 'externalId', op: 'eq', value: '102' } })).items[0]!;
    expect(alan.jobTitle).toBe('Founder, CTO');

    const deals = await importCsv(store, fixture('hubspot-deals.csv'), {
      mapping: hubspotDeals({ pipelineId: 'pipeline_1', stages: STAGES, linkCompanies: true }),
      timeZone: 'Europe/Rome',
      currency: 'EUR',
      thousandsSeparator: ',',
    });
    expect(deals).toMatchObject({ imported: 3, rejected: 0 });
    const all = (await store.find('deal', { sort: [{ field: 'externalId' }] })).items;
    expect(all.map((d) => [d.status, d.stageId, d.amount?.amountMinor])).toEqual([
      ['won', 'won', 1_240_000],
      ['lost', 'lost', 90_000],
      ['open', 'proposal', 300_000],
    ]);
    expect(all[1]?.lostReasonDetail).toBe('Chose a competitor');
    expect(all[2]?.expectedCloseDate).toBe('2024-09-29'); // midnight in Rome is 22:00 UTC the day before
  });
});

describe('importCsv with the Salesforce presets', () => {
  it('imports accounts, contacts, opportunities and campaign members', async () => {
    const store = newStore();
    expect(await importCsv(store, fixture('salesforce-accounts.csv'), { mapping: salesforceAccounts(), timeZone: 'UTC' })).toMatchObject({ imported: 1 });
    const account = (await store.find('company')).items[0]!;
    expect(account.domain).toBe('maranello.example');
    expect(account.annualRevenue).toEqual({ amountMinor: 340_000_000_000, currency: 'EUR' });

    const contactRejects = await collectRejects((onReject) =>
      importCsv(store, fixture('salesforce-contacts.csv'), { mapping: salesforceContacts({ linkCompanies: true }), timeZone: 'UTC', onReject }),
    );
    expect(contactRejects.map((r) => r.line)).toEqual([4]);
    expect(contactRejects[0]!.issues.map((i) => i.path.join('.')).sort()).toEqual(['companyId', 'lastName', 'personalData.doNotContact', 'source.channel']);
    const giulia = (await store.find('contact', { where: { field: 'externalId', op: 'eq', value: '0035g00000ABCDE2' } })).items[0]!;
    expect(giulia.emails[0]?.address).toBe('giulia.rossi@maranello.example');
    expect(giulia.personalData.doNotContact).toBe(true);

    const opportunities = await importCsv(store, fixture('salesforce-opportunities.csv'), {
      mapping: salesforceOpportunities({ pipelineId: 'pipeline_1', stages: { 'Closed Won': 'won', 'Negotiation/Review': 'negotiation', 'Closed Lost': 'lost' } }),
      timeZone: 'Europe/Rome',
    });
    expect(opportunities).toMatchObject({ imported: 3, rejected: 0 });
    const deals = (await store.find('deal', { sort: [{ field: 'externalId' }] })).items;
    expect(deals.map((d) => [d.status, d.amount?.currency, d.probability])).toEqual([
      ['won', 'EUR', 1],
      ['open', 'EUR', 0.9],
      ['lost', 'USD', 0],
    ]);
    expect(deals[0]?.closedAt?.toISOString()).toBe('2024-04-29T22:00:00.000Z'); // a date-only value is local midnight (CEST)

    await store.create('campaign', { name: 'Spring espresso', strategy: 'trial', externalId: '7015g00000CMP001' });
    const memberRejects = await collectRejects((onReject) => importCsv(store, fixture('salesforce-campaign-members.csv'), { mapping: salesforceCampaignMembers(), timeZone: 'UTC', onReject }));
    expect(await store.count('campaignMember')).toBe(2);
    expect(memberRejects[0]?.issues[0]?.message).toContain('no contact with external id "0035g00000NOPE00"');
  });
});

const purchaseMapping: EntityMapping = {
  entity: 'purchase',
  externalIdColumn: 'Bestellnummer',
  columns: [
    { column: 'Kunde', field: 'contactId', reference: 'contact', required: true },
    { column: 'Datum', field: 'purchasedAt', type: 'datetime', required: true },
    { column: 'Kategorie', field: 'lines.0.category' },
    { column: 'Menge', field: 'lines.0.quantity', type: 'number' },
    { column: 'Betrag', field: 'lines.0.value', type: 'money' },
  ],
};

describe('locale dates and numbers', () => {
  it('reads dd.MM.yyyy dates with a timezone, decimal commas and thousands dots, and rejects what does not match', async () => {
    const store = newStore();
    await store.create('contact', { firstName: 'Kunde', externalId: 'C-1' });
    await store.create('contact', { firstName: 'Kundin', externalId: 'C-2' });
    const rejects = await collectRejects((onReject) =>
      importCsv(store, fixture('locale-purchases.csv'), { mapping: purchaseMapping, delimiter: ';', dateFormat: 'dd.MM.yyyy', timeZone: 'Europe/Berlin', decimalSeparator: ',', thousandsSeparator: '.', currency: 'EUR', onReject }),
    );
    const purchases = (await store.find('purchase', { sort: [{ field: 'externalId' }] })).items;
    expect(purchases.map((p) => [p.externalId, p.purchasedAt.toISOString(), p.lines[0]?.value.amountMinor])).toEqual([
      ['A-1', '2025-03-05T13:30:00.000Z', 123_450],
      ['A-2', '2024-12-30T23:00:00.000Z', 990],
    ]);
    expect(rejects.map((r) => [r.line, r.issues.map((i) => i.path.join('.'))])).toEqual([
      [4, ['purchasedAt']],
      [5, ['lines.0.value']],
    ]);
  });
});

describe('rejects output', () => {
  it('writes the original columns, the line number and every issue as CSV', async () => {
    let text = '';
    await importCsv(newStore(), fixture('hubspot-contacts.csv'), { mapping: hubspotContacts(), timeZone: 'UTC', onReject: rejectsCsvWriter((chunk) => (text += chunk)) });
    const rows = [];
    for await (const row of readCsv(text)) rows.push(row);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.cells['Record ID']).toBe('103');
    expect(rows[0]!.cells['_line']).toBe('4');
    expect(rows[0]!.cells['_issues']).toMatch(/lifecycleStage: .*\| .*createdAt: /);
  });
});

describe('idempotency and resumption', () => {
  it('updates instead of duplicating on a re-run, and counts unchanged rows', async () => {
    const store = newStore();
    const options = { mapping: hubspotContacts(), timeZone: 'UTC' };
    expect(await importCsv(store, fixture('hubspot-contacts.csv'), options)).toMatchObject({ imported: 3, updated: 0, rejected: 1 });
    expect(await importCsv(store, fixture('hubspot-contacts.csv'), options)).toMatchObject({ imported: 0, updated: 0, unchanged: 3, rejected: 1 });
    const changed = fixture('hubspot-contacts.csv').replace('Head of Operations', 'COO');
    expect(await importCsv(store, changed, options)).toMatchObject({ imported: 0, updated: 1, unchanged: 2 });
    expect(await store.count('contact')).toBe(3);
    const ada = (await store.find('contact', { where: { field: 'externalId', op: 'eq', value: '101' } })).items[0]!;
    expect([ada.jobTitle, ada.version]).toEqual(['COO', 2]);
  });

  it('completes an interrupted import on a re-run, ending in the same state as a clean run', async () => {
    const header = 'Record ID,First Name,Last Name,Email,Create Date\n';
    const lines = Array.from({ length: 23 }, (_, i) => `${i + 1},First${i},Last${i},p${i}@example.com,2024-01-${String((i % 28) + 1).padStart(2, '0')} 10:00\n`);
    async function* failing(): AsyncGenerator<string> {
      yield header;
      for (const [index, line] of lines.entries()) {
        if (index === 12) throw new Error('connection reset');
        yield line;
      }
    }
    const options = { mapping: hubspotContacts(), timeZone: 'UTC', batchSize: 5 };
    const interrupted = newStore();
    await expect(importCsv(interrupted, failing(), options)).rejects.toThrow('connection reset');
    expect(await interrupted.count('contact')).toBe(10); // two committed batches; the third was never written
    expect(await importCsv(interrupted, [header, ...lines], options)).toMatchObject({ imported: 13, unchanged: 10 });

    const clean = newStore();
    await importCsv(clean, [header, ...lines], options);
    const snapshot = async (store: ReturnType<typeof newStore>) =>
      (await store.find('contact', { sort: [{ field: 'externalId' }], limit: 1000 })).items.map(({ id: _i, updatedAt: _u, ...rest }) => rest);
    expect(await snapshot(interrupted)).toEqual(await snapshot(clean));
  });

  it('rejects a duplicate external id inside one file', async () => {
    const csv = 'Record ID,First Name\n1,Ada\n1,Alan\n';
    const rejects = await collectRejects((onReject) => importCsv(newStore(), csv, { mapping: hubspotContacts(), timeZone: 'UTC', onReject }));
    expect(rejects.map((r) => [r.line, r.issues[0]?.message])).toEqual([[3, 'External id "1" also appears on line 2']]);
  });
});

describe('batches', () => {
  const header = 'Record ID,First Name,Email\n';

  it('validates each row once, in the store, and rejects only the rows the schema refuses', async () => {
    const csv = `${header}1,Ada,ada@example.com\n2,Alan,not-an-email\n3,Grace,grace@example.com\n`;
    const store = newStore();
    const rejects = await collectRejects((onReject) => importCsv(store, csv, { mapping: hubspotContacts(), timeZone: 'UTC', onReject }));
    expect(rejects.map((r) => [r.line, r.raw[0], r.issues.map((i) => i.path.join('.'))])).toEqual([[3, '2', ['emails.0.address']]]);
    expect(await store.count('contact')).toBe(2);
  });

  it('writes batches that mix new and existing records whichever comes first', async () => {
    const store = newStore();
    const options = { mapping: hubspotContacts(), timeZone: 'UTC', batchSize: 3 };
    await importCsv(store, `${header}2,B,\n5,E,\n`, options);
    const lines = [1, 2, 3, 4, 5, 6, 7].map((i) => `${i},${String.fromCharCode(64 + i)},\n`);
    expect(await importCsv(store, header + lines.join(''), options)).toMatchObject({ rows: 7, imported: 5, updated: 0, unchanged: 2, rejected: 0 });
    expect(await store.count('contact')).toBe(7);
    expect(await importCsv(store, header + lines.join('').replace('5,E', '5,Eve'), options)).toMatchObject({ imported: 0, updated: 1, unchanged: 6 });
  });

  it('reports the rejects of a batch in line order, and consistent progress after each batch', async () => {
    const csv = `${header}1,Ada,ada@example.com\n,NoId,x@example.com\n3,Alan,bad\n4,Too,many,cells\n1,Again,\n6,Grace,\n`;
    const progress: unknown[] = [];
    const rejects = await collectRejects((onReject) =>
      importCsv(newStore(), csv, {
        mapping: hubspotContacts(),
        timeZone: 'UTC',
        batchSize: 4,
        onReject,
        onBatch: (summary) => {
          progress.push({ ...summary });
          expect(summary.rows).toBe(summary.imported + summary.updated + summary.unchanged + summary.rejected);
        },
      }),
    );
    expect(rejects.map((r) => [r.line, r.issues[0]?.path.join('.')])).toEqual([
      [3, 'externalId'],
      [4, 'emails.0.address'],
      [5, ''],
    ]);
    // Line 6 repeats the external id of line 2, from an earlier batch: an update.
    expect(progress).toEqual([
      { entity: 'contact', rows: 4, imported: 1, updated: 0, unchanged: 0, rejected: 3 },
      { entity: 'contact', rows: 6, imported: 2, updated: 1, unchanged: 0, rejected: 3 },
    ]);
  });

  it('stops at a failing batch: the batches before it stay, none after it is written', async () => {
    const store = newStore();
    let transactions = 0;
    const failing = new Proxy(store, {
      get(target, key, receiver) {
        if (key === 'transaction') {
          return (fn: (tx: typeof store) => Promise<unknown>) => {
            if (++transactions === 2) return Promise.reject(new Error('disk full'));
            return target.transaction(fn as never);
          };
        }
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const lines = Array.from({ length: 10 }, (_, i) => `${i + 1},P${i},\n`);
    await expect(importCsv(failing, header + lines.join(''), { mapping: hubspotContacts(), timeZone: 'UTC', batchSize: 3 })).rejects.toThrow('disk full');
    expect(await store.count('contact')).toBe(3);
    expect(transactions).toBe(2);
  });
});

describe('export round trip', () => {
  it('exports contacts and deals to CSV and imports them back as the same records', async () => {
    const source = newStore();
    await importCsv(source, fixture('hubspot-companies.csv'), { mapping: hubspotCompanies(), timeZone: 'UTC', currency: 'EUR', thousandsSeparator: ',' });
    await importCsv(source, fixture('hubspot-contacts.csv'), { mapping: hubspotContacts({ linkCompanies: true }), timeZone: 'UTC' });
    await importCsv(source, fixture('hubspot-deals.csv'), { mapping: hubspotDeals({ pipelineId: 'pipeline_1', stages: STAGES }), timeZone: 'UTC', currency: 'EUR', thousandsSeparator: ',' });
    const target = newStore();
    for (const entity of ['contact', 'deal'] as const) {
      let csv = '';
      for await (const chunk of exportEntity(source, entity)) csv += chunk;
      const headers = csv.slice(0, csv.indexOf('\n')).split(',');
      const summary = await importCsv(target, csv, { mapping: nativeMapping(entity, headers), timeZone: 'UTC' });
      expect(summary.rejected).toBe(0);
      const strip = (items: readonly object[]) => (items as Record<string, unknown>[]).map(({ id: _i, updatedAt: _u, version: _v, workspaceId: _w, ...rest }: Record<string, unknown>) => rest);
      expect(strip((await target.find(entity, { sort: [{ field: 'externalId' }] })).items)).toEqual(strip((await source.find(entity, { sort: [{ field: 'externalId' }] })).items));
    }
  });

  it('exports to JSON that parses back to the records', async () => {
    const store = newStore();
    await importCsv(store, fixture('hubspot-contacts.csv'), { mapping: hubspotContacts(), timeZone: 'UTC' });
    let json = '';
    for await (const chunk of exportEntity(store, 'contact', { format: 'json' })) json += chunk;
    const parsed = JSON.parse(json) as { externalId: string; createdAt: string }[];
    expect(parsed.map((c) => c.externalId)).toEqual(['101', '102', '104']);
    expect(parsed[0]?.createdAt).toBe('2024-03-05T14:30:00.000Z');
  });
});
