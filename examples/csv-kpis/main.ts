/**
 * An analyst's script: CSV exports in, campaign KPIs out.
 *
 * 1. writes three small CSV files (contacts, campaign members, purchases — as a shop system
 *    would export them, with German number and date formats) to a temporary directory;
 * 2. imports them into a memory store with user-supplied column mappings (`crmkit/io`),
 *    collecting rejected rows in a rejects file;
 * 3. computes redemption and penetration for the target and the control group (`crmkit/kpi`),
 *    prints a table and exits non-zero when a value is not what the data implies.
 *
 * Run: npx tsx examples/csv-kpis/main.ts
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCsvFile, writeRejects } from '../../src/io/node';
import type { EntityMapping } from '../../src/io';
import { penetration, redemption } from '../../src/kpi';
import { createMemoryStore } from '../../src/store';
import type { CampaignMember, Purchase } from '../../src/model';

const dir = mkdtempSync(join(tmpdir(), 'crmkit-csv-kpis-'));
const ids = Array.from({ length: 12 }, (_, i) => `C${String(i + 1).padStart(2, '0')}`);
writeFileSync(join(dir, 'kunden.csv'), ['Kundennr;Vorname;Nachname;E-Mail;Angelegt', ...ids.map((id, i) => `${id};Kunde;Nr ${i + 1};${id.toLowerCase()}@shop.example;0${(i % 9) + 1}.01.2025`)].join('\n'));
const responders = new Set(['C01', 'C02', 'C03', 'C04', 'C10']);
writeFileSync(
  join(dir, 'aktion.csv'),
  ['Nr;Aktion;Kunde;Gruppe;Reagiert;Reagiert am', ...ids.map((id, i) => `M${i + 1};SPRING25;${id};${i < 9 ? 'Ziel' : 'Kontrolle'};${responders.has(id) ? 'ja' : 'nein'};${responders.has(id) ? '10.03.2025 10:15' : ''}`)].join('\n'),
);
const buyers: Array<[string, string, string]> = [
  ['C01', '05.03.2025 09:00', '1.249,00'],
  ['C02', '06.03.2025 12:30', '24,90'],
  ['C03', '12.03.2025 18:45', '59,00'],
  ['C05', '20.03.2025 08:10', '19,50'],
  ['C10', '21.03.2025 16:00', '24,90'],
  ['C06', '15.04.2025 11:00', '32,00'], // after the campaign: not counted
  ['C99', '15.03.2025 11:00', '10,00'], // unknown customer: rejected
];
writeFileSync(join(dir, 'bestellungen.csv'), ['Bestellung;Kunde;Datum;Kategorie;Betrag', ...buyers.map(([c, d, v], i) => `B${i + 1};${c};${d};coffee;${v}`)].join('\n'));

const store = createMemoryStore();
const values = { delimiter: ';', dateFormat: 'dd.MM.yyyy', timeZone: 'Europe/Berlin', decimalSeparator: ',' as const, thousandsSeparator: '.' as const, currency: 'EUR' };
const contacts: EntityMapping = {
  entity: 'contact',
  externalIdColumn: 'Kundennr',
  columns: [
    { column: 'Vorname', field: 'firstName' },
    { column: 'Nachname', field: 'lastName' },
    { column: 'E-Mail', field: 'emails.0.address' },
    { column: 'Angelegt', field: 'createdAt', type: 'datetime' },
  ],
};
const members: EntityMapping = {
  entity: 'campaignMember',
  externalIdColumn: 'Nr',
  columns: [
    { column: 'Aktion', field: 'campaignId', reference: 'campaign', required: true },
    { column: 'Kunde', field: 'contactId', reference: 'contact', required: true },
    { column: 'Gruppe', field: 'group', transform: (v) => ({ Ziel: 'target', Kontrolle: 'control' })[v] ?? v },
    { column: 'Reagiert', field: 'responded', type: 'boolean' },
    { column: 'Reagiert am', field: 'firstRespondedAt', type: 'datetime' },
  ],
  finalize: (record) => ({ ...record, status: record['responded'] === true ? 'responded' : 'targeted' }),
};
const purchases: EntityMapping = {
  entity: 'purchase',
  externalIdColumn: 'Bestellung',
  columns: [
    { column: 'Kunde', field: 'contactId', reference: 'contact', required: true },
    { column: 'Datum', field: 'purchasedAt', type: 'datetime', required: true },
    { column: 'Kategorie', field: 'lines.0.category' },
    { column: 'Betrag', field: 'lines.0.value', type: 'money' },
  ],
  defaults: { lines: [{ quantity: 1 }] },
};

const campaign = await store.create('campaign', {
  name: 'Spring espresso 2025',
  strategy: 'penetration',
  hasControlGroup: true,
  startAt: new Date('2025-03-01T00:00:00+01:00'),
  endAt: new Date('2025-03-29T00:00:00+01:00'),
  externalId: 'SPRING25',
});
const rejects = writeRejects(join(dir, 'rejects.csv'));
const summaries = [
  await importCsvFile(store, join(dir, 'kunden.csv'), { mapping: contacts, ...values, onReject: rejects.onReject }),
  await importCsvFile(store, join(dir, 'aktion.csv'), { mapping: members, ...values, onReject: rejects.onReject }),
  await importCsvFile(store, join(dir, 'bestellungen.csv'), { mapping: purchases, ...values, onReject: rejects.onReject }),
];
await rejects.close();
console.table(summaries);

const data = { members: [] as CampaignMember[], purchases: [] as Purchase[] };
for await (const member of store.stream('campaignMember')) data.members.push(member);
for await (const purchase of store.stream('purchase')) data.purchases.push(purchase);
const period = { start: campaign.startAt!, end: campaign.endAt! };
const rows = (['target', 'control'] as const).map((group) => {
  const r = redemption(data, { group, campaignId: campaign.id });
  const p = penetration(data, { period, group, campaignId: campaign.id });
  return { group, members: r.targetSize, responders: r.responders, redemption: r.rate, buyers: p.buyers, penetration: p.rate };
});
console.table(rows);
console.log(`rejects: ${rejects.count()} row(s) in ${join(dir, 'rejects.csv')}`);

const failures: string[] = [];
const check = (what: string, actual: unknown, expected: unknown): void => {
  if (actual !== expected) failures.push(`${what}: expected ${String(expected)}, got ${String(actual)}`);
};
check('contacts imported', summaries[0]?.imported, 12);
check('members imported', summaries[1]?.imported, 12);
check('purchases imported', summaries[2]?.imported, 6);
check('purchases rejected', summaries[2]?.rejected, 1);
check('target redemption', rows[0]?.redemption, 4 / 9);
check('control redemption', rows[1]?.redemption, 1 / 3);
check('target penetration', rows[0]?.penetration, 4 / 9);
check('control penetration', rows[1]?.penetration, 1 / 3);
check('rejects file lists the bad row', readFileSync(join(dir, 'rejects.csv'), 'utf8').includes('no contact with external id ""C99""'), true);
if (failures.length > 0) {
  console.error(`csv-kpis: ${failures.length} check(s) failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('csv-kpis: all checks passed');
