/**
 * Mappings for `crmkit import`: the presets of `crmkit/io` by name, and mapping files (JSON) —
 * either a full mapping (columns, types, references, value tables) or a preset with its options.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import {
  IMPORT_ENTITIES,
  type ColumnMapping,
  type EntityMapping,
  type ImportEntity,
  hubspotCompanies,
  hubspotContacts,
  hubspotDeals,
  nativeMapping,
  salesforceAccounts,
  salesforceCampaignMembers,
  salesforceContacts,
  salesforceOpportunities,
} from 'crmkit/io';
import { CliError } from './errors';
import { EXIT_CODES } from './exit-codes';

/** The preset names `--preset` accepts, with the entity each writes. */
export const PRESETS = {
  'hubspot-contacts': 'contact',
  'hubspot-companies': 'company',
  'hubspot-deals': 'deal',
  'salesforce-contacts': 'contact',
  'salesforce-accounts': 'company',
  'salesforce-opportunities': 'deal',
  'salesforce-campaign-members': 'campaignMember',
  native: undefined,
} as const satisfies Record<string, ImportEntity | undefined>;

/** A `--preset` name. */
export type PresetName = keyof typeof PRESETS;

const OwnersSchema = z.record(z.string(), z.string());
const PresetOptionsSchema = z.strictObject({ owners: OwnersSchema.optional(), linkCompanies: z.boolean().optional() });
const HubspotDealOptionsSchema = PresetOptionsSchema.extend({
  pipelineId: z.string().min(1),
  stages: z.record(z.string(), z.strictObject({ id: z.string().min(1), status: z.enum(['open', 'won', 'lost']) })),
});
const SalesforceOpportunityOptionsSchema = PresetOptionsSchema.extend({ pipelineId: z.string().min(1), stages: z.record(z.string(), z.string().min(1)) });

const COLUMN_TYPES = ['string', 'number', 'integer', 'boolean', 'datetime', 'date', 'money', 'list'] as const;
const REFERENCES = [...IMPORT_ENTITIES, 'owner', 'campaign', 'product', 'pipeline'] as const;

const ColumnSchema = z.strictObject({
  column: z.string().min(1),
  field: z.string().min(1),
  type: z.enum(COLUMN_TYPES).optional(),
  currencyColumn: z.string().min(1).optional(),
  separator: z.string().min(1).optional(),
  required: z.boolean().optional(),
  reference: z.enum(REFERENCES).optional(),
  /** Cell text → value (matched case-insensitively); any other text rejects the row. */
  values: z.record(z.string(), z.unknown()).optional(),
});

const MappingFileSchema = z.union([
  z.strictObject({
    entity: z.enum(IMPORT_ENTITIES).optional(),
    externalIdColumn: z.string().min(1),
    columns: z.array(ColumnSchema).min(1),
    defaults: z.record(z.string(), z.unknown()).optional(),
  }),
  z.strictObject({
    preset: z.enum(Object.keys(PRESETS) as [PresetName, ...PresetName[]]),
    options: z.record(z.string(), z.unknown()).optional(),
  }),
]);

type ColumnSpec = z.infer<typeof ColumnSchema>;

function issueLines(error: z.ZodError): string {
  return error.issues
    .slice(0, 12)
    .map((issue) => `  ${issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.')}: ${issue.message}`)
    .join('\n');
}

function badMapping(source: string, detail: string): CliError {
  return new CliError(EXIT_CODES.input, `Bad mapping (${source}):\n${detail}`, { hint: 'See docs/cli.md ("Mapping files") for the format.' });
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, source: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw badMapping(source, issueLines(result.error));
  return result.data;
}

function toColumn(spec: ColumnSpec): ColumnMapping {
  const column: Record<string, unknown> = { column: spec.column, field: spec.field };
  for (const key of ['type', 'currencyColumn', 'separator', 'required', 'reference'] as const) {
    if (spec[key] !== undefined) column[key] = spec[key];
  }
  if (spec.values !== undefined) {
    const table = new Map(Object.entries(spec.values).map(([key, value]) => [key.trim().toLowerCase(), value]));
    const known = Object.keys(spec.values).slice(0, 8).join(', ');
    column['transform'] = (text: string): unknown => {
      const key = text.toLowerCase();
      if (!table.has(key)) throw new Error(`"${text}" is not one of the mapped values (${known}${table.size > 8 ? ', …' : ''})`);
      return table.get(key);
    };
  }
  return column as unknown as ColumnMapping;
}

/**
 * Reads a JSON file (a mapping, preset options).
 *
 * @param path - the file
 * @param what - what it is, for messages
 * @param label - how the user named the file (default: `path`)
 * @returns the parsed JSON
 * @throws {@link CliError} (input) when the file is missing or not JSON
 * @example
 * ```ts
 * const mapping = await readJsonFile('/tmp/mapping.json', 'mapping');
 * ```
 */
export async function readJsonFile(path: string, what: string, label: string = path): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new CliError(EXIT_CODES.input, code === 'ENOENT' ? `No such ${what} file: ${label}` : `Cannot read the ${what} file ${label}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw badMapping(label, `  not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * The mapping of a preset, with its options (validated).
 *
 * @param name - the preset
 * @param entity - the entity the user asked for
 * @param headers - the file's header row (for `native`)
 * @param options - the preset's options (`owners`, `linkCompanies`; `pipelineId` and `stages` for deals)
 * @param source - where the options came from, for messages
 * @returns the mapping
 * @throws {@link CliError} (usage) when the preset writes another entity; (input) for bad options
 * @example
 * ```ts
 * presetMapping('hubspot-contacts', 'contact', [], {}, '--preset').entity; //=> 'contact'
 * ```
 */
export function presetMapping(name: PresetName, entity: ImportEntity, headers: readonly string[], options: unknown, source: string): EntityMapping {
  const writes = PRESETS[name];
  if (writes !== undefined && writes !== entity) {
    throw new CliError(EXIT_CODES.usage, `The preset ${name} imports ${writes} records, not ${entity}.`, { hint: `Run: crmkit import ${writes} <file> --preset ${name}` });
  }
  const given = options ?? {};
  const needsDealOptions = (): never => {
    throw badMapping(source, `  the ${name} preset needs options with "pipelineId" and "stages" (pass a mapping file {"preset": "${name}", "options": {...}})`);
  };
  switch (name) {
    case 'hubspot-contacts':
      return hubspotContacts(strip(parseWith(PresetOptionsSchema, given, source)));
    case 'hubspot-companies':
      return hubspotCompanies(strip(parseWith(PresetOptionsSchema, given, source)));
    case 'salesforce-contacts':
      return salesforceContacts(strip(parseWith(PresetOptionsSchema, given, source)));
    case 'salesforce-accounts':
      return salesforceAccounts(strip(parseWith(PresetOptionsSchema, given, source)));
    case 'salesforce-campaign-members':
      return salesforceCampaignMembers();
    case 'hubspot-deals':
      if (options === undefined) return needsDealOptions();
      return hubspotDeals(strip(parseWith(HubspotDealOptionsSchema, given, source)));
    case 'salesforce-opportunities':
      if (options === undefined) return needsDealOptions();
      return salesforceOpportunities(strip(parseWith(SalesforceOpportunityOptionsSchema, given, source)));
    case 'native':
      try {
        const mapping = nativeMapping(entity, headers);
        // Records created in crmkit (the demo, the API) have no externalId: their id is the source id.
        return !headers.includes('externalId') && headers.includes('id') ? { ...mapping, externalIdColumn: 'id' } : mapping;
      } catch (error) {
        throw badMapping(`native mapping of ${entity}`, `  ${(error as Error).message}`);
      }
  }
}

/** Drops `undefined` properties (zod's optional output) for exactOptionalPropertyTypes. */
function strip<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

/**
 * The mapping of a `--mapping` file: a full mapping, or `{ "preset": …, "options": … }`.
 *
 * @param value - the parsed JSON
 * @param entity - the entity the user asked for
 * @param headers - the file's header row
 * @param source - the mapping file's path, for messages
 * @returns the mapping
 * @throws {@link CliError} (input) listing every problem of the file
 * @example
 * ```ts
 * mappingFromJson({ externalIdColumn: 'Id', columns: [{ column: 'Name', field: 'name' }] }, 'company', ['Id', 'Name'], 'm.json').entity; //=> 'company'
 * ```
 */
export function mappingFromJson(value: unknown, entity: ImportEntity, headers: readonly string[], source: string): EntityMapping {
  const parsed = parseWith(MappingFileSchema, value, source);
  if ('preset' in parsed) return presetMapping(parsed.preset, entity, headers, parsed.options, source);
  if (parsed.entity !== undefined && parsed.entity !== entity) {
    throw new CliError(EXIT_CODES.usage, `The mapping ${source} is for ${parsed.entity} records, not ${entity}.`);
  }
  const mapping: { -readonly [K in keyof EntityMapping]: EntityMapping[K] } = { entity, externalIdColumn: parsed.externalIdColumn, columns: parsed.columns.map(toColumn) };
  if (parsed.defaults !== undefined) mapping.defaults = parsed.defaults;
  return mapping;
}

/**
 * Checks a mapping against the file's header row: the external-id column and every required
 * column must be there; other mapped columns that are missing are returned as warnings (real
 * exports vary with the account's properties).
 *
 * @param mapping - the mapping
 * @param headers - the file's header row
 * @param source - what the mapping is, for messages
 * @returns the mapped columns the file lacks (warnings)
 * @throws {@link CliError} (input) when the external-id column or a required column is missing, or no mapped column is present
 * @example
 * ```ts
 * checkMappingColumns({ entity: 'company', externalIdColumn: 'Id', columns: [{ column: 'Name', field: 'name' }] }, ['Id', 'Name'], 'm.json'); //=> []
 * ```
 */
export function checkMappingColumns(mapping: EntityMapping, headers: readonly string[], source: string): string[] {
  const present = new Set(headers);
  const missing = mapping.columns.filter((column) => !present.has(column.column));
  const fatal = [...(present.has(mapping.externalIdColumn) ? [] : [`${mapping.externalIdColumn} (the external id)`]), ...missing.filter((column) => column.required === true).map((column) => `${column.column} (required)`)];
  const noneMapped = mapping.columns.length > 0 && missing.length === mapping.columns.length;
  if (fatal.length > 0 || noneMapped) {
    const lines = [...fatal.map((name) => `  missing column ${name}`), ...(noneMapped ? ['  none of the mapped columns is in the file'] : [])];
    lines.push(`  the file's columns: ${headers.slice(0, 20).join(', ')}${headers.length > 20 ? ', …' : ''}`);
    throw badMapping(source, lines.join('\n'));
  }
  return missing.map((column) => column.column);
}
