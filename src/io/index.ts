/**
 * crmkit/io — streaming CSV import with column mappings (HubSpot and Salesforce presets, your
 * own mappings with per-column transforms), locale-aware dates, numbers and money, rejects with
 * line numbers and every issue, idempotent and resumable runs; and CSV / JSON export of any
 * entity or analysis result. Runtime-neutral: no `node:` imports here (file helpers live in
 * `crmkit/io/node`). See docs/import-export.md.
 *
 * @module io
 */
export { readCsv } from './csv-reader';
export type { CsvSource, CsvReadOptions, CsvRow, CsvParseFunction } from './csv-reader';
export { parseDateTime, parseCalendarDate, normalizeDecimal, parseDecimal, parseMoneyCell } from './values';
export type { DateFormat, DateParseOptions, NumberParseOptions } from './values';
export { IMPORT_ENTITIES, mapRow, setPath } from './mapping';
export type { ImportEntity, ColumnType, ColumnMapping, EntityMapping, ValueOptions, TransformContext, MappedRow, PendingReference } from './mapping';
export { importCsv } from './import';
export type { ImportCsvOptions, ImportSummary, RejectedRow } from './import';
export { rejectsCsvWriter, formatRejectIssues, REJECT_LINE_COLUMN, REJECT_ISSUES_COLUMN } from './rejects';
export { flattenRecord, csvCell, toCsv, toJson, exportEntity } from './export';
export type { CsvWriteOptions, ExportEntityOptions } from './export';
export {
  hubspotContacts,
  hubspotCompanies,
  hubspotDeals,
  salesforceContacts,
  salesforceAccounts,
  salesforceOpportunities,
  salesforceCampaignMembers,
  nativeMapping,
  HUBSPOT_CONTACT_HEADERS,
  HUBSPOT_COMPANY_HEADERS,
  HUBSPOT_DEAL_HEADERS,
  SALESFORCE_CONTACT_HEADERS,
  SALESFORCE_ACCOUNT_HEADERS,
  SALESFORCE_OPPORTUNITY_HEADERS,
  SALESFORCE_CAMPAIGN_MEMBER_HEADERS,
} from './presets';
export type { PresetOptions, HubspotDealOptions, SalesforceOpportunityOptions } from './presets';
