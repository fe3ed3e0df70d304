/**
 * Column-mapping presets for typical HubSpot and Salesforce exports, and the native mapping
 * that reads back crmkit's own CSV export.
 *
 * The header lists are modelled on the public export formats (HubSpot's "Export" of the
 * contacts / companies / deals index pages with the default properties; Salesforce Data Loader
 * and report exports of Contact, Account, Opportunity and CampaignMember with their API field
 * names). Real exports vary with the properties an account has configured: when yours differ,
 * copy a preset's `columns` and edit them — a preset is only data.
 *
 * @module
 */
import type { z } from 'zod';
import { InvalidArgumentError } from '../errors';
import type { Channel } from '../model/common';
import { CRM_ENTITIES } from '../model/registry';
import type { ColumnMapping, ColumnType, EntityMapping, ImportEntity } from './mapping';

/** Options shared by the presets. */
export interface PresetOptions {
  /** Source owner value (HubSpot owner name or Salesforce `OwnerId`) → crmkit owner id. Without it, owner columns are ignored. */
  readonly owners?: Readonly<Record<string, string>>;
  /** Resolve company columns (`Associated Company ID`, `AccountId`) to imported companies by external id (default `false`). */
  readonly linkCompanies?: boolean;
}

function lookup(table: Readonly<Record<string, string>>, what: string): (value: string) => string {
  const lower = new Map(Object.entries(table).map(([key, value]) => [key.toLowerCase(), value]));
  return (value) => {
    const found = lower.get(value.toLowerCase());
    if (found === undefined) throw new Error(`unknown ${what} "${value}"; expected one of ${Object.keys(table).join(', ')}`);
    return found;
  };
}

function ownerColumn(column: string, field: string, options: PresetOptions): ColumnMapping[] {
  return options.owners === undefined ? [] : [{ column, field, transform: lookup(options.owners, 'owner') }];
}

const HUBSPOT_STAGES = {
  Subscriber: 'subscriber',
  Lead: 'lead',
  'Marketing Qualified Lead': 'marketing_qualified',
  'Sales Qualified Lead': 'sales_qualified',
  Opportunity: 'opportunity',
  Customer: 'customer',
  Evangelist: 'evangelist',
  Other: 'nurture',
};

const HUBSPOT_LEAD_STATUSES = {
  New: 'new',
  Open: 'new',
  'In Progress': 'connected',
  'Open Deal': 'qualified',
  Unqualified: 'unqualified',
  'Attempted to Contact': 'attempting_contact',
  Connected: 'connected',
  'Bad Timing': 'bad_timing',
};

const HUBSPOT_SOURCES: Record<string, Channel> = {
  'Organic Search': 'organic_search',
  'Paid Search': 'paid_search',
  'Email Marketing': 'email',
  'Organic Social': 'organic_social',
  'Social Media': 'organic_social',
  'Paid Social': 'paid_social',
  Referrals: 'referral',
  'Other Campaigns': 'other',
  'Direct Traffic': 'direct',
  'Offline Sources': 'offline',
  'AI Referrals': 'referral',
};

const SALESFORCE_SOURCES: Record<string, Channel> = {
  Web: 'organic_search',
  'Phone Inquiry': 'phone',
  'Partner Referral': 'partner',
  'Purchased List': 'import',
  Other: 'other',
  Advertisement: 'display',
  'Employee Referral': 'referral',
  'External Referral': 'referral',
  'Trade Show': 'events',
  'Word of mouth': 'referral',
  Seminar: 'events',
  Email: 'email',
};

/** Header list of a HubSpot contacts export (default properties). */
export const HUBSPOT_CONTACT_HEADERS = [
  'Record ID', 'First Name', 'Last Name', 'Email', 'Phone Number', 'Mobile Phone Number', 'Job Title', 'Company Name',
  'Associated Company ID', 'Lifecycle Stage', 'Lead Status', 'Contact owner', 'Create Date', 'Last Activity Date',
  'Original Source', 'Original Source Drill-Down 1', 'City', 'Country/Region', 'Marketing contact status',
] as const;

/**
 * HubSpot contacts export → contacts. `Record ID` is the external id; `Lifecycle Stage`,
 * `Lead Status` and `Original Source` labels are mapped to crmkit's values; `Country/Region`
 * must be an ISO alpha-2 code.
 *
 * @param options - owner table, company linking
 * @returns the mapping
 * @example
 * ```ts
 * import { hubspotContacts } from 'crmkit/io';
 * hubspotContacts().externalIdColumn; //=> 'Record ID'
 * ```
 */
export function hubspotContacts(options: PresetOptions = {}): EntityMapping {
  return {
    entity: 'contact',
    externalIdColumn: 'Record ID',
    columns: [
      { column: 'First Name', field: 'firstName' },
      { column: 'Last Name', field: 'lastName' },
      { column: 'Email', field: 'emails.0.address' },
      { column: 'Phone Number', field: 'phones.0.number' },
      { column: 'Mobile Phone Number', field: 'phones.1.number' },
      { column: 'Job Title', field: 'jobTitle' },
      ...(options.linkCompanies === true ? [{ column: 'Associated Company ID', field: 'companyId', reference: 'company' as const }] : []),
      { column: 'Lifecycle Stage', field: 'lifecycleStage', transform: lookup(HUBSPOT_STAGES, 'lifecycle stage') },
      { column: 'Lead Status', field: 'leadStatus', transform: lookup(HUBSPOT_LEAD_STATUSES, 'lead status') },
      ...ownerColumn('Contact owner', 'ownerId', options),
      { column: 'Create Date', field: 'createdAt', type: 'datetime' },
      { column: 'Last Activity Date', field: 'lastInteractionAt', type: 'datetime' },
      { column: 'Original Source', field: 'source.channel', transform: lookup(HUBSPOT_SOURCES, 'source') },
      { column: 'Original Source Drill-Down 1', field: 'source.detail' },
      { column: 'City', field: 'address.city' },
      { column: 'Country/Region', field: 'address.country' },
    ],
    finalize: (record) => {
      const source = record['source'] as { channel?: unknown } | undefined;
      if (source !== undefined && source.channel === undefined) delete record['source'];
      return record;
    },
  };
}

/** Header list of a HubSpot companies export. */
export const HUBSPOT_COMPANY_HEADERS = ['Record ID', 'Company name', 'Company Domain Name', 'Industry', 'Number of Employees', 'Annual Revenue', 'Phone Number', 'City', 'Country/Region', 'Company owner', 'Create Date'] as const;

/**
 * HubSpot companies export → companies (`Annual Revenue` in the import's `currency`).
 *
 * @param options - owner table
 * @returns the mapping
 * @example
 * ```ts
 * import { hubspotCompanies } from 'crmkit/io';
 * hubspotCompanies().entity; //=> 'company'
 * ```
 */
export function hubspotCompanies(options: PresetOptions = {}): EntityMapping {
  return {
    entity: 'company',
    externalIdColumn: 'Record ID',
    columns: [
      { column: 'Company name', field: 'name', required: true },
      { column: 'Company Domain Name', field: 'domain' },
      { column: 'Industry', field: 'industry.label', transform: (value) => value },
      { column: 'Number of Employees', field: 'employeeCount', type: 'integer' },
      { column: 'Annual Revenue', field: 'annualRevenue', type: 'money' },
      { column: 'Phone Number', field: 'phone' },
      { column: 'City', field: 'address.city' },
      { column: 'Country/Region', field: 'address.country' },
      ...ownerColumn('Company owner', 'ownerId', options),
      { column: 'Create Date', field: 'createdAt', type: 'datetime' },
    ],
    finalize: (record) => {
      const industry = record['industry'] as { label?: string } | undefined;
      if (industry?.label !== undefined) record['industry'] = { scheme: 'other', code: industry.label.slice(0, 50), label: industry.label };
      return record;
    },
  };
}

/** Options of {@link hubspotDeals}. */
export interface HubspotDealOptions extends PresetOptions {
  /** The crmkit pipeline the deals go to. */
  readonly pipelineId: string;
  /** `Deal Stage` label → crmkit stage id, with the stage's status (`'won'`, `'lost'` or `'open'`). */
  readonly stages: Readonly<Record<string, { readonly id: string; readonly status: 'open' | 'won' | 'lost' }>>;
}

/** Header list of a HubSpot deals export. */
export const HUBSPOT_DEAL_HEADERS = ['Record ID', 'Deal Name', 'Pipeline', 'Deal Stage', 'Amount', 'Close Date', 'Deal owner', 'Create Date', 'Closed Lost Reason', 'Associated Company ID'] as const;

/**
 * HubSpot deals export → deals. Stages are mapped with `options.stages`; a won or lost deal gets
 * `closedAt` from `Close Date`, a lost one `lostReason: 'other'` with the `Closed Lost Reason`
 * text as detail.
 *
 * @param options - pipeline id, stage table, owners, company linking
 * @returns the mapping
 * @example
 * ```ts
 * import { hubspotDeals } from 'crmkit/io';
 * hubspotDeals({ pipelineId: 'p1', stages: { 'Closed Won': { id: 'won', status: 'won' } } }).defaults; //=> { pipelineId: 'p1' }
 * ```
 */
export function hubspotDeals(options: HubspotDealOptions): EntityMapping {
  const stageOf = lookup(Object.fromEntries(Object.entries(options.stages).map(([label, stage]) => [label, stage.id])), 'deal stage');
  const statusOf = new Map(Object.values(options.stages).map((stage) => [stage.id, stage.status]));
  return {
    entity: 'deal',
    externalIdColumn: 'Record ID',
    defaults: { pipelineId: options.pipelineId },
    columns: [
      { column: 'Deal Name', field: 'name', required: true },
      { column: 'Deal Stage', field: 'stageId', required: true, transform: stageOf },
      { column: 'Amount', field: 'amount', type: 'money' },
      { column: 'Close Date', field: 'closedAt', type: 'datetime' },
      ...ownerColumn('Deal owner', 'ownerId', options),
      { column: 'Create Date', field: 'createdAt', type: 'datetime' },
      { column: 'Closed Lost Reason', field: 'lostReasonDetail' },
      ...(options.linkCompanies === true ? [{ column: 'Associated Company ID', field: 'companyId', reference: 'company' as const }] : []),
    ],
    finalize: (record) => closeDeal(record, statusOf.get(String(record['stageId'])) ?? 'open'),
  };
}

function closeDeal(record: Record<string, unknown>, status: 'open' | 'won' | 'lost'): Record<string, unknown> {
  record['status'] = status;
  if (status === 'open') {
    if (typeof record['closedAt'] === 'object') record['expectedCloseDate'] = (record['closedAt'] as Date).toISOString().slice(0, 10);
    delete record['closedAt'];
    delete record['lostReasonDetail'];
  }
  if (status === 'lost') record['lostReason'] ??= 'other';
  if (status === 'won') delete record['lostReasonDetail'];
  return record;
}

/** Header list of a Salesforce Contact export (API names, as Data Loader writes them). */
export const SALESFORCE_CONTACT_HEADERS = ['Id', 'AccountId', 'FirstName', 'LastName', 'Email', 'Phone', 'MobilePhone', 'Title', 'LeadSource', 'OwnerId', 'CreatedDate', 'MailingCity', 'MailingCountry', 'HasOptedOutOfEmail'] as const;

/**
 * Salesforce Contact export → contacts (`Id` as external id; `LeadSource` picklist values
 * mapped to channels; `MailingCountry` must be an ISO alpha-2 code).
 *
 * @param options - owner table (`OwnerId` → owner id), company linking via `AccountId`
 * @returns the mapping
 * @example
 * ```ts
 * import { salesforceContacts } from 'crmkit/io';
 * salesforceContacts().externalIdColumn; //=> 'Id'
 * ```
 */
export function salesforceContacts(options: PresetOptions = {}): EntityMapping {
  return {
    entity: 'contact',
    externalIdColumn: 'Id',
    columns: [
      ...(options.linkCompanies === true ? [{ column: 'AccountId', field: 'companyId', reference: 'company' as const }] : []),
      { column: 'FirstName', field: 'firstName' },
      { column: 'LastName', field: 'lastName', required: true },
      { column: 'Email', field: 'emails.0.address' },
      { column: 'Phone', field: 'phones.0.number' },
      { column: 'MobilePhone', field: 'phones.1.number' },
      { column: 'Title', field: 'jobTitle' },
      { column: 'LeadSource', field: 'source.channel', transform: lookup(SALESFORCE_SOURCES, 'lead source') },
      ...ownerColumn('OwnerId', 'ownerId', options),
      { column: 'CreatedDate', field: 'createdAt', type: 'datetime' },
      { column: 'MailingCity', field: 'address.city' },
      { column: 'MailingCountry', field: 'address.country' },
      { column: 'HasOptedOutOfEmail', field: 'personalData.doNotContact', type: 'boolean' },
    ],
    finalize: (record) => {
      const personal = record['personalData'] as { doNotContact?: boolean } | undefined;
      if (personal !== undefined) record['personalData'] = { doNotContact: personal.doNotContact ?? false, restrictedProcessing: false };
      return record;
    },
  };
}

/** Header list of a Salesforce Account export. */
export const SALESFORCE_ACCOUNT_HEADERS = ['Id', 'Name', 'Website', 'Industry', 'NumberOfEmployees', 'AnnualRevenue', 'Phone', 'BillingCity', 'BillingCountry', 'OwnerId', 'CreatedDate'] as const;

/**
 * Salesforce Account export → companies.
 *
 * @param options - owner table
 * @returns the mapping
 * @example
 * ```ts
 * import { salesforceAccounts } from 'crmkit/io';
 * salesforceAccounts().entity; //=> 'company'
 * ```
 */
export function salesforceAccounts(options: PresetOptions = {}): EntityMapping {
  return {
    entity: 'company',
    externalIdColumn: 'Id',
    columns: [
      { column: 'Name', field: 'name', required: true },
      { column: 'Website', field: 'domain', transform: (value) => value.replace(/^https?:\/\//i, '').replace(/^www\./i, '').replace(/\/.*$/, '') },
      { column: 'Industry', field: 'industry', transform: (value) => ({ scheme: 'other', code: value.slice(0, 50), label: value }) },
      { column: 'NumberOfEmployees', field: 'employeeCount', type: 'integer' },
      { column: 'AnnualRevenue', field: 'annualRevenue', type: 'money', currencyColumn: 'CurrencyIsoCode' },
      { column: 'Phone', field: 'phone' },
      { column: 'BillingCity', field: 'address.city' },
      { column: 'BillingCountry', field: 'address.country' },
      ...ownerColumn('OwnerId', 'ownerId', options),
      { column: 'CreatedDate', field: 'createdAt', type: 'datetime' },
    ],
  };
}

/** Options of {@link salesforceOpportunities}. */
export interface SalesforceOpportunityOptions extends PresetOptions {
  /** The crmkit pipeline the deals go to. */
  readonly pipelineId: string;
  /** `StageName` → crmkit stage id. */
  readonly stages: Readonly<Record<string, string>>;
}

/** Header list of a Salesforce Opportunity export. */
export const SALESFORCE_OPPORTUNITY_HEADERS = ['Id', 'AccountId', 'Name', 'StageName', 'Amount', 'CurrencyIsoCode', 'CloseDate', 'Probability', 'IsClosed', 'IsWon', 'LeadSource', 'OwnerId', 'CreatedDate'] as const;

/**
 * Salesforce Opportunity export → deals: status from `IsClosed` / `IsWon`, `closedAt` from
 * `CloseDate` (midnight in the import's timezone), `Probability` in percent.
 *
 * @param options - pipeline id, stage table, owners, company linking
 * @returns the mapping
 * @example
 * ```ts
 * import { salesforceOpportunities } from 'crmkit/io';
 * salesforceOpportunities({ pipelineId: 'p1', stages: { Prospecting: 'qualification' } }).entity; //=> 'deal'
 * ```
 */
export function salesforceOpportunities(options: SalesforceOpportunityOptions): EntityMapping {
  return {
    entity: 'deal',
    externalIdColumn: 'Id',
    defaults: { pipelineId: options.pipelineId },
    columns: [
      ...(options.linkCompanies === true ? [{ column: 'AccountId', field: 'companyId', reference: 'company' as const }] : []),
      { column: 'Name', field: 'name', required: true },
      { column: 'StageName', field: 'stageId', required: true, transform: lookup(options.stages, 'stage') },
      { column: 'Amount', field: 'amount', type: 'money', currencyColumn: 'CurrencyIsoCode' },
      { column: 'CloseDate', field: 'closedAt', type: 'datetime' },
      { column: 'Probability', field: 'probability', transform: (value, { values }) => Number(normalizePercent(value, values)) / 100 },
      { column: 'IsClosed', field: 'customFields.isClosed', type: 'boolean' },
      { column: 'IsWon', field: 'customFields.isWon', type: 'boolean' },
      { column: 'LeadSource', field: 'source.channel', transform: lookup(SALESFORCE_SOURCES, 'lead source') },
      ...ownerColumn('OwnerId', 'ownerId', options),
      { column: 'CreatedDate', field: 'createdAt', type: 'datetime' },
    ],
    finalize: (record) => {
      const flags = (record['customFields'] ?? {}) as { isClosed?: boolean; isWon?: boolean };
      delete record['customFields'];
      const status = flags.isWon === true ? 'won' : flags.isClosed === true ? 'lost' : 'open';
      return closeDeal(record, status);
    },
  };
}

function normalizePercent(value: string, values: { decimalSeparator?: '.' | ',' }): string {
  const text = value.replace('%', '').trim();
  return values.decimalSeparator === ',' ? text.replace(',', '.') : text;
}

/** Header list of a Salesforce CampaignMember export. */
export const SALESFORCE_CAMPAIGN_MEMBER_HEADERS = ['Id', 'CampaignId', 'ContactId', 'Status', 'HasResponded', 'FirstRespondedDate', 'CreatedDate'] as const;

/**
 * Salesforce CampaignMember export → campaign members. `CampaignId` and `ContactId` are
 * resolved to imported campaigns and contacts by external id; `Status` values `Sent` and
 * `Responded` map to crmkit statuses; members are in the target group (Salesforce has no
 * control groups: mark them with a transform of your own).
 *
 * @returns the mapping
 * @example
 * ```ts
 * import { salesforceCampaignMembers } from 'crmkit/io';
 * salesforceCampaignMembers().entity; //=> 'campaignMember'
 * ```
 */
export function salesforceCampaignMembers(): EntityMapping {
  return {
    entity: 'campaignMember',
    externalIdColumn: 'Id',
    defaults: { group: 'target' },
    columns: [
      { column: 'CampaignId', field: 'campaignId', required: true, reference: 'campaign' },
      { column: 'ContactId', field: 'contactId', required: true, reference: 'contact' },
      { column: 'Status', field: 'status', transform: lookup({ Planned: 'targeted', Sent: 'sent', Received: 'delivered', Opened: 'opened', Responded: 'responded', Converted: 'converted' }, 'member status') },
      { column: 'HasResponded', field: 'responded', type: 'boolean' },
      { column: 'FirstRespondedDate', field: 'firstRespondedAt', type: 'datetime' },
      { column: 'CreatedDate', field: 'addedAt', type: 'datetime' },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// The native mapping: crmkit's own export read back
// ---------------------------------------------------------------------------------------------

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; shape?: Record<string, z.ZodType>; element?: z.ZodType; options?: z.ZodType[]; valueType?: z.ZodType };

function defOf(schema: z.ZodType | undefined): Def | undefined {
  return (schema as unknown as { _zod?: { def?: Def } } | undefined)?._zod?.def;
}

function unwrap(schema: z.ZodType | undefined): Def | undefined {
  let def = defOf(schema);
  for (let i = 0; i < 20 && def !== undefined; i++) {
    if (def.innerType !== undefined && ['optional', 'default', 'nullable', 'readonly', 'catch', 'prefault', 'nonoptional'].includes(def.type)) def = defOf(def.innerType);
    else if (def.type === 'pipe') def = defOf(def.in);
    else break;
  }
  return def;
}

function leafType(fields: Record<string, z.ZodType>, path: readonly string[]): ColumnType | 'money' | undefined {
  let def: Def | undefined = { type: 'object', shape: fields };
  for (const segment of path) {
    if (def === undefined) return undefined;
    if (def.type === 'object' && def.shape !== undefined) def = unwrap(def.shape[segment]);
    else if (def.type === 'array' && /^\d+$/.test(segment)) def = unwrap(def.element);
    else if (def.type === 'record') def = unwrap(def.valueType);
    else return undefined;
  }
  if (def === undefined) return undefined;
  switch (def.type) {
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'datetime';
    case 'union': {
      const kinds = (def.options ?? []).map((option) => unwrap(option)?.type);
      if (kinds.includes('date')) return 'datetime';
      return 'string';
    }
    case 'object':
      return def.shape !== undefined && 'amountMinor' in def.shape && 'currency' in def.shape ? 'money' : undefined;
    default:
      return 'string';
  }
}

/**
 * The mapping that reads crmkit's own CSV export ({@link exportEntity}) back: one column per
 * dotted field path, types taken from the entity schema (numbers, booleans, instants, money as
 * `<field>.amount` + `<field>.currency`), `externalId` as the external id, `createdAt` kept,
 * other record metadata (`id`, `workspaceId`, `version`, `updatedAt`) ignored.
 *
 * @param entity - the entity
 * @param headers - the export's header row
 * @returns the mapping
 * @throws {@link crmkit!InvalidArgumentError} when a header names no field of the entity
 * @example
 * ```ts
 * import { nativeMapping } from 'crmkit/io';
 * nativeMapping('deal', ['externalId', 'name', 'amount.amount', 'amount.currency']).columns;
 * //=> [{ column: 'name', field: 'name', type: 'string' }, { column: 'amount.amount', field: 'amount', type: 'money', currencyColumn: 'amount.currency' }]
 * ```
 */
export function nativeMapping(entity: ImportEntity, headers: readonly string[]): EntityMapping {
  const fields = CRM_ENTITIES[entity].fields as unknown as Record<string, z.ZodType>;
  const columns: ColumnMapping[] = [];
  const unknown: string[] = [];
  for (const header of headers) {
    if (['id', 'workspaceId', 'version', 'updatedAt', 'externalId'].includes(header)) continue;
    if (header === 'createdAt') {
      columns.push({ column: header, field: 'createdAt', type: 'datetime' });
      continue;
    }
    const path = header.split('.');
    if (path[path.length - 1] === 'currency' && headers.includes(`${path.slice(0, -1).join('.')}.amount`)) continue;
    if (path[path.length - 1] === 'amount' && leafType(fields, path.slice(0, -1)) === 'money') {
      const field = path.slice(0, -1).join('.');
      columns.push({ column: header, field, type: 'money', currencyColumn: `${field}.currency` });
      continue;
    }
    const type = leafType(fields, path);
    if (type === undefined || type === 'money') unknown.push(header);
    else columns.push({ column: header, field: header, type });
  }
  if (unknown.length > 0) throw new InvalidArgumentError(`Columns that are no ${entity} field: ${unknown.join(', ')}`);
  return { entity, externalIdColumn: 'externalId', columns };
}
