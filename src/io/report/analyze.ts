/**
 * `analyzeCrm`: every section of the report computed from a store in a few streaming passes. It
 * only orchestrates the KPI accumulators of `crmkit/kpi` and the estimators of `crmkit/analysis`
 * (no statistics of its own), and returns plain JSON-serialisable data: dates are ISO strings.
 *
 * @module io/report
 */
import { CurrencyMismatchError, InvalidArgumentError, NotFoundError } from '../../errors';
import type { Campaign } from '../../model/campaign';
import type { CompanySizeBand } from '../../model/company';
import type { Contact } from '../../model/contact';
import type { ForecastCategory } from '../../model/deal';
import type { CrmEntities, CrmEntityName } from '../../model/registry';
import type { Touchpoint } from '../../model/touchpoint';
import type { LogEntry, Store } from '../../store/types';
import type { Accumulator } from '../../kpi/accumulator';
import type { Period } from '../../kpi/period';
import { cohortRetentionAccumulator, type CohortRow } from '../../kpi/customer';
import { cumulativeFunnelAccumulator, forecastAccumulator, stageConversionAccumulator, type FunnelStep, type ForecastEntry, type StageConversion } from '../../kpi/pipeline';
import { initiativeMoments, initiativeReportAccumulator, type InitiativeRecord, type InitiativeReport } from '../../kpi/initiative';
import { conversionTimes, kaplanMeierByGroupFromTable, logRankFromTable, survivalTableAccumulator, type KaplanMeierGroupResult, type LogRankResult } from '../../analysis/survival';
import { absorbingAnalysis, transitionCountsAccumulator, type AbsorbingAnalysisResult, type TransitionMatrixResult } from '../../analysis/markov';
import { firstTouch, journeysFromTouchpoints, lastTouch, linearTouch, markovAttribution, type AttributionResult, type Journey, type MarkovAttributionResult } from '../../analysis/attribution';

/** The sections of a report, in report order. */
export type ReportSection = 'summary' | 'funnel' | 'survival' | 'markov' | 'attribution' | 'cohorts' | 'initiatives' | 'forecast';

/** Every {@link ReportSection}, in report order (the default of `sections`). */
export const REPORT_SECTIONS: readonly ReportSection[] = ['summary', 'funnel', 'survival', 'markov', 'attribution', 'cohorts', 'initiatives', 'forecast'];

/** How {@link analyzeCrm} groups contacts for the survival curves. */
export type SurvivalGrouping = 'source' | 'owner' | 'company';

/** Options of {@link analyzeCrm}. */
export interface AnalyzeCrmOptions {
  /**
   * The analysis date: open leads are censored here, cohorts and forecasts are read as of it.
   * Default: the latest `createdAt` / `updatedAt` of the contacts, deals, purchases, touchpoints
   * and tickets (the moment of the last write — never the wall clock, so a report of an old
   * export is as of its data).
   */
  readonly cutoff?: Date;
  /**
   * Survival curves per acquisition channel (`'source'`, default), per owner (`'owner'`) or per
   * size band of the contact's company (`'company'`).
   */
  readonly survivalBy?: SurvivalGrouping;
  /** The sections to compute (default {@link REPORT_SECTIONS}); the others are absent from the result. */
  readonly sections?: readonly ReportSection[];
  /**
   * Initiatives: only this campaign (default every campaign). It is also the campaign shown in
   * the before / during / after chart. An unknown id makes {@link analyzeCrm} throw `NotFoundError`.
   */
  readonly campaignId?: string;
  /** Called before each streaming step with a short label (`'contacts'`, `'log'`, …), for progress bars. */
  readonly onProgress?: (step: string) => void;
}

/**
 * A type as it reads after `JSON.parse(JSON.stringify(value))`: every `Date` becomes an ISO 8601
 * string, everything else keeps its shape.
 */
export type JsonOf<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? JsonOf<U>[]
    : T extends readonly (infer U)[]
      ? readonly JsonOf<U>[]
      : T extends object
        ? { [K in keyof T]: JsonOf<T[K]> }
        : T;

/** The size of the data set. */
export interface ReportSummary {
  /** Records per entity. */
  readonly entities: Readonly<Record<CrmEntityName, number>>;
  /** Contacts per lifecycle stage (as stored now). */
  readonly contactsByStage: Readonly<Record<string, number>>;
  /** Deals per status. */
  readonly dealsByStatus: { readonly open: number; readonly won: number; readonly lost: number };
  /** Transition entries in the log (every entity and lifecycle). */
  readonly transitions: number;
}

/** The lead funnel: `cumulativeFunnel` and `stageConversionRates` of crmkit/kpi over the lead lifecycle in the log. */
export interface FunnelSection {
  /** The lifecycle read from the log (`data.lifecycle`). */
  readonly lifecycle: 'lead';
  /** The funnel stages, in order. */
  readonly stages: readonly string[];
  /** Contacts that ever entered the first stage (the cohort: all time). */
  readonly cohortSize: number;
  /** The cumulative funnel, one step per stage (`cumulativeFunnel`). */
  readonly steps: readonly FunnelStep[];
  /** Stage-to-stage conversions between consecutive stages (`stageConversionRates`). */
  readonly conversions: readonly StageConversion[];
}

/** Time from a contact's creation to becoming a customer: Kaplan–Meier per group and the log-rank test. */
export interface SurvivalSection {
  /** The grouping. */
  readonly by: SurvivalGrouping;
  /** Unit of every time: days, rounded up to whole days (a contact converted 3 hours after creation converted on day 1). */
  readonly unit: 'days';
  /** Contacts observed (created on or before the cutoff). */
  readonly n: number;
  /** Contacts created after the cutoff, left out. */
  readonly excluded: number;
  /** One Kaplan–Meier curve per group, with 95% log-type pointwise intervals (`kaplanMeierByGroupFromTable`). */
  readonly curves: readonly KaplanMeierGroupResult<string>[];
  /** A readable label per group key (owner names; otherwise the key itself). Contacts without a value are in `'(none)'`. */
  readonly labels: Readonly<Record<string, string>>;
  /** Log-rank test of equal conversion-time distributions across the groups; `null` with fewer than two groups. */
  readonly logRank: LogRankResult<string> | null;
}

/** The lead lifecycle as a Markov chain, and where each stage ends up. */
export interface MarkovSection {
  /** The lifecycle read from the log. */
  readonly lifecycle: 'lead';
  /** The fitted chain (`transitionMatrix`, via `transitionCountsAccumulator`): counts, probabilities, intervals. */
  readonly chain: TransitionMatrixResult;
  /** `absorbingAnalysis` with the terminal stages present (customer, evangelist, disqualified, nurture) as absorbing; `null` when it cannot be computed (see `absorbingError`). */
  readonly absorbing: AbsorbingAnalysisResult | null;
  /** Why `absorbing` is `null`, else `null`. */
  readonly absorbingError: string | null;
}

/** Credit of one channel under each attribution model. */
export interface AttributionChannel {
  /** The channel. */
  readonly channel: string;
  /** Conversions attributed by each model. */
  readonly conversions: { readonly firstTouch: number; readonly lastTouch: number; readonly linear: number; readonly markov: number };
  /** Conversion value attributed by each model (minor units of `currency`). */
  readonly value: { readonly firstTouch: number; readonly lastTouch: number; readonly linear: number; readonly markov: number };
  /** Markov removal effect of the channel (`null` when P(conversion) = 0). */
  readonly removalEffect: number | null;
}

/** Channel attribution of the touchpoint journeys. */
export interface AttributionSection {
  /** Journeys (`journeysFromTouchpoints`). */
  readonly journeys: number;
  /** Of them, converted. */
  readonly convertedJourneys: number;
  /** Currency of the conversion values, `null` when no conversion carried a value. */
  readonly currency: string | null;
  /** One row per channel, sorted by channel. */
  readonly channels: readonly AttributionChannel[];
  /** The full results of the four models. */
  readonly models: {
    readonly firstTouch: AttributionResult;
    readonly lastTouch: AttributionResult;
    readonly linear: AttributionResult;
    readonly markov: MarkovAttributionResult;
  };
}

/** Monthly cohort retention of customers (`cohortRetention`, months in UTC). */
export interface CohortsSection {
  /** The time zone of the calendar months. */
  readonly timeZone: 'UTC';
  /** One row per cohort (month of first purchase), oldest first. */
  readonly rows: readonly CohortRow[];
}

/** The initiative report of one campaign. */
export interface CampaignInitiative {
  /** The campaign id. */
  readonly campaignId: string;
  /** Its name. */
  readonly name: string;
  /** Its status as stored. */
  readonly status: string;
  /** Whether the whole after-window ended on or before the cutoff (otherwise after-figures are partial). */
  readonly afterObserved: boolean;
  /** `initiativeReport` of crmkit/kpi: every KPI before / during / after, the table and the incremental effects. */
  readonly report: JsonOf<InitiativeReport>;
}

/** Initiative KPIs per campaign. */
export interface InitiativesSection {
  /** The campaign of the before / during / after chart: `campaignId`, else the latest whose after-window is observed, else the latest that ended; `null` without campaigns. */
  readonly featuredCampaignId: string | null;
  /** One entry per campaign, by start date. */
  readonly campaigns: readonly CampaignInitiative[];
}

/** The forecast of one period. */
export interface ForecastPeriod {
  /** `YYYY-Qn`. */
  readonly label: string;
  /** Start of the quarter (ISO). */
  readonly start: string;
  /** End of the quarter, exclusive (ISO). */
  readonly end: string;
  /** `forecastByCategory` per currency. */
  readonly byCurrency: Readonly<Record<string, ForecastEntry>>;
}

/** Pipeline by forecast category for the cutoff's quarter and the next one. */
export interface ForecastSection {
  /** Default category per stage id, from the pipelines. */
  readonly stageCategories: Readonly<Record<string, ForecastCategory>>;
  /** The quarter containing the cutoff, then the next quarter. */
  readonly periods: readonly ForecastPeriod[];
}

/** What {@link analyzeCrm} returns: plain JSON-serialisable data (dates as ISO strings). */
export interface CrmAnalysis {
  /** The store's workspace. */
  readonly workspaceId: string;
  /** The analysis date (ISO). */
  readonly cutoff: string;
  /** The sections computed. */
  readonly sections: readonly ReportSection[];
  /** Record counts. */
  readonly summary?: ReportSummary;
  /** The lead funnel. */
  readonly funnel?: FunnelSection;
  /** Time to conversion. */
  readonly survival?: SurvivalSection;
  /** The lead lifecycle as a Markov chain. */
  readonly markov?: MarkovSection;
  /** Channel attribution. */
  readonly attribution?: AttributionSection;
  /** Cohort retention. */
  readonly cohorts?: CohortsSection;
  /** Initiative KPIs. */
  readonly initiatives?: InitiativesSection;
  /** Pipeline by forecast category. */
  readonly forecast?: ForecastSection;
}

/** The funnel stages of the lead lifecycle. */
const FUNNEL_STAGES = ['lead', 'marketing_qualified', 'sales_qualified', 'opportunity', 'customer'] as const;
/** Stages of the lead lifecycle treated as absorbing in the Markov section (when present). */
const TERMINAL_STAGES = ['customer', 'evangelist', 'disqualified', 'nurture'];
const LIFECYCLE_STAGE_NAMES = ['subscriber', 'lead', 'marketing_qualified', 'sales_qualified', 'opportunity', 'customer', 'evangelist', 'nurture', 'disqualified'] as const;
const NONE = '(none)';
const BATCH = 1000;

/**
 * Converts a value to what `JSON.parse(JSON.stringify(value))` gives, without the string round
 * trip: `Date`s become ISO strings, `undefined` properties are dropped.
 *
 * @param value - plain data (objects, arrays, dates, primitives)
 * @returns the JSON form
 * @example
 * ```ts
 * toJsonValue({ at: new Date('2025-01-01T00:00:00Z'), n: 1 }); //=> { at: '2025-01-01T00:00:00.000Z', n: 1 }
 * ```
 */
export function toJsonValue<T>(value: T): JsonOf<T> {
  return convert(value) as JsonOf<T>;
}

function convert(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : convert(item)));
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = convert(item);
    return out;
  }
  return value;
}

async function defaultCutoff(store: Store<CrmEntities>): Promise<Date> {
  let latest = Number.NEGATIVE_INFINITY;
  for (const entity of ['contact', 'deal', 'purchase', 'touchpoint', 'ticket'] as const) {
    for (const field of ['createdAt', 'updatedAt'] as const) {
      const page = await store.find(entity, { sort: [{ field, direction: 'desc' }], limit: 1 });
      const record = page.items[0];
      if (record !== undefined) latest = Math.max(latest, record[field].getTime());
    }
  }
  if (latest === Number.NEGATIVE_INFINITY) throw new InvalidArgumentError('analyzeCrm: the store holds no contact, deal, purchase, touchpoint or ticket; pass a cutoff');
  return new Date(latest);
}

/** The calendar quarter (UTC) containing `at`, shifted by `shift` quarters. */
function quarter(at: Date, shift: number): Period & { label: string } {
  const index = at.getUTCFullYear() * 4 + Math.floor(at.getUTCMonth() / 3) + shift;
  const year = Math.floor(index / 4);
  const q = index - year * 4;
  return { start: new Date(Date.UTC(year, q * 3, 1)), end: new Date(Date.UTC(year, q * 3 + 3, 1)), label: `${year}-Q${q + 1}` };
}

/** Runs an accumulator with its state held outside (to feed one stream to several accumulators). */
class Running<In, State, Out> {
  private state: State;
  constructor(private readonly accumulator: Accumulator<In, State, Out>) {
    this.state = accumulator.init();
  }
  add(item: In): void {
    this.state = this.accumulator.add(this.state, item);
  }
  result(): Out {
    return this.accumulator.result(this.state);
  }
}

/**
 * Computes every section of the CRM report from a store: record counts, the lead funnel, time to
 * conversion (Kaplan–Meier per group, log-rank), the lead lifecycle as an absorbing Markov chain,
 * channel attribution (first touch, last touch, linear, Markov), cohort retention, the initiative
 * KPIs of each campaign before / during / after, and the pipeline by forecast category.
 *
 * Every figure comes from the functions and accumulators of `crmkit/kpi` and `crmkit/analysis`
 * (see docs/report.md for which); records are read with `store.stream` / `store.streamLog`, and
 * only what an accumulator needs is kept (the survival table, transition counts, per-contact
 * KPI panels, one contact's touchpoints at a time plus the compact journeys). Sections whose data
 * is missing are still present with empty results (no curve, no channel).
 *
 * @param store - a store with the built-in CRM entities
 * @param options - {@link AnalyzeCrmOptions}: cutoff, survival grouping, sections, campaign
 * @returns a JSON-serialisable {@link CrmAnalysis}
 * @throws `NotFoundError` when `campaignId` does not exist
 * @throws `InvalidArgumentError` without a cutoff on an empty store
 * @throws `ValidationError` / `CurrencyMismatchError` from the underlying KPIs on malformed data or mixed currencies
 * @example
 * ```ts
 * import { analyzeCrm } from 'crmkit/io/report';
 * const analysis = await analyzeCrm(store, { cutoff: new Date('2025-06-30T00:00:00Z'), sections: ['funnel', 'survival'] });
 * analysis.funnel?.steps.map((s) => s.stage); //=> ['lead', 'marketing_qualified', 'sales_qualified', 'opportunity', 'customer']
 * analysis.survival?.curves.length;           //=> one per acquisition channel
 * ```
 */
export async function analyzeCrm(store: Store<CrmEntities>, options: AnalyzeCrmOptions = {}): Promise<CrmAnalysis> {
  const sections = REPORT_SECTIONS.filter((s) => (options.sections ?? REPORT_SECTIONS).includes(s));
  const want = (s: ReportSection) => sections.includes(s);
  const progress = options.onProgress ?? (() => undefined);
  const cutoff = options.cutoff ?? (await defaultCutoff(store));
  if (Number.isNaN(cutoff.getTime())) throw new InvalidArgumentError('analyzeCrm: cutoff is not a valid date');
  const out: { -readonly [K in keyof CrmAnalysis]: CrmAnalysis[K] } = { workspaceId: store.workspaceId, cutoff: cutoff.toISOString(), sections };

  if (want('summary')) {
    progress('counts');
    const entities = {} as Record<CrmEntityName, number>;
    for (const entity of Object.keys(store.entities) as CrmEntityName[]) entities[entity] = await store.count(entity);
    const contactsByStage: Record<string, number> = {};
    for (const stage of LIFECYCLE_STAGE_NAMES) contactsByStage[stage] = await store.count('contact', { where: { field: 'lifecycleStage', op: 'eq', value: stage } });
    const dealsByStatus = {
      open: await store.count('deal', { where: { field: 'status', op: 'eq', value: 'open' } }),
      won: await store.count('deal', { where: { field: 'status', op: 'eq', value: 'won' } }),
      lost: await store.count('deal', { where: { field: 'status', op: 'eq', value: 'lost' } }),
    };
    out.summary = { entities, contactsByStage, dealsByStatus, transitions: 0 };
  }

  if (want('summary') || want('funnel') || want('markov')) {
    progress('log');
    const funnelOptions = { stages: FUNNEL_STAGES, lifecycle: 'lead' };
    const funnel = want('funnel') ? new Running(cumulativeFunnelAccumulator(funnelOptions)) : null;
    const conversions = want('funnel') ? new Running(stageConversionAccumulator(funnelOptions)) : null;
    const counts = want('markov') ? transitionCountsAccumulator() : null;
    const last = new Map<string, string>();
    let transitions = 0;
    const query = want('summary') ? { kinds: ['transition'] } : { kinds: ['transition'], entity: 'contact' };
    for await (const entry of store.streamLog(query)) {
      transitions += 1;
      if (entry.entity !== 'contact' || entry.data['lifecycle'] !== 'lead') continue;
      funnel?.add(entry);
      conversions?.add(entry);
      if (counts !== null) addStep(counts, last, entry);
    }
    if (out.summary !== undefined) out.summary = { ...out.summary, transitions };
    if (funnel !== null && conversions !== null) {
      const group = funnel.result().find((g) => g.key === 'all');
      const pairs = conversions.result().find((g) => g.key === 'all');
      out.funnel = {
        lifecycle: 'lead',
        stages: [...FUNNEL_STAGES],
        cohortSize: group?.cohortSize ?? 0,
        steps: group?.steps ?? FUNNEL_STAGES.map((stage) => ({ stage, reached: 0, rateFromStart: null, rateFromPrevious: null })),
        conversions: pairs?.conversions ?? [],
      };
    }
    if (counts !== null) out.markov = markovSection(counts.states.length === 0 ? null : counts.result());
  }

  if (want('survival')) out.survival = await survivalSection(store, cutoff, options.survivalBy ?? 'source', progress);
  if (want('attribution')) out.attribution = await attributionSection(store, progress);
  if (want('cohorts') || want('initiatives')) {
    const { cohorts, initiatives } = await purchaseSections(store, cutoff, want('cohorts'), want('initiatives'), options.campaignId, progress);
    if (cohorts !== null) out.cohorts = cohorts;
    if (initiatives !== null) out.initiatives = initiatives;
  }
  if (want('forecast')) out.forecast = await forecastSection(store, cutoff, progress);
  progress('done');
  return out;
}

/** Adds one lead-lifecycle transition to the chain counts: as `stageSequences` reads the log, in log order. */
function addStep(counts: ReturnType<typeof transitionCountsAccumulator>, last: Map<string, string>, entry: LogEntry): void {
  const to = entry.data['to'];
  if (typeof to !== 'string') return;
  const previous = last.get(entry.entityId);
  const from = entry.data['from'];
  if (previous !== undefined) counts.add(previous, to, false);
  else if (typeof from === 'string' && from !== '') counts.add(from, to, true);
  else counts.add([to]);
  last.set(entry.entityId, to);
}

function markovSection(chain: TransitionMatrixResult | null): MarkovSection {
  const empty: TransitionMatrixResult = {
    states: [],
    probabilities: [],
    counts: [],
    rowTotals: [],
    emptyStates: [],
    emptyRow: 'absorbing',
    sequenceCount: 0,
    transitionCount: 0,
    standardError: [],
    confidenceInterval: { confidenceLevel: 0.95, z: 1.959963984540054, lower: [], upper: [] },
  };
  if (chain === null) return { lifecycle: 'lead', chain: empty, absorbing: null, absorbingError: 'no lead-lifecycle transitions in the log' };
  const absorbing = chain.states.filter((s) => TERMINAL_STAGES.includes(s) || chain.emptyStates.includes(s));
  try {
    return { lifecycle: 'lead', chain, absorbing: absorbingAnalysis(chain, { absorbing }), absorbingError: null };
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    return { lifecycle: 'lead', chain, absorbing: null, absorbingError: error.message };
  }
}

async function survivalSection(store: Store<CrmEntities>, cutoff: Date, by: SurvivalGrouping, progress: (step: string) => void): Promise<SurvivalSection> {
  const labels: Record<string, string> = {};
  const groupLabels = new Map<string, string>();
  const sizeBands = new Map<string, CompanySizeBand | undefined>();
  if (by === 'owner') {
    progress('owners');
    for await (const owner of store.stream('owner')) groupLabels.set(owner.id, owner.name);
  } else if (by === 'company') {
    progress('companies');
    for await (const company of store.stream('company')) sizeBands.set(company.id, company.sizeBand);
  }
  const groupOf = (contact: Contact): string => {
    if (by === 'source') return contact.source?.channel ?? NONE;
    if (by === 'owner') return contact.ownerId ?? NONE;
    return (contact.companyId === undefined ? undefined : sizeBands.get(contact.companyId)) ?? NONE;
  };
  progress('contacts');
  const table = survivalTableAccumulator<string>();
  let excluded = 0;
  let batch: Contact[] = [];
  const flush = () => {
    const times = conversionTimes(batch, { start: 'createdAt', end: 'convertedAt', cutoff, unit: 'days' });
    excluded += times.excluded;
    for (const o of times.observations) {
      const group = groupOf(batch[o.index] as Contact);
      labels[group] ??= groupLabels.get(group) ?? group;
      table.addValues(Math.ceil(o.time), o.event, group);
    }
    batch = [];
  };
  for await (const contact of store.stream('contact')) {
    batch.push(contact);
    if (batch.length >= BATCH) flush();
  }
  flush();
  const result = table.result();
  const curves = result.n === 0 ? [] : kaplanMeierByGroupFromTable(result);
  const logRank = curves.length >= 2 ? logRankFromTable(result) : null;
  return { by, unit: 'days', n: result.n, excluded, curves, labels, logRank };
}

async function attributionSection(store: Store<CrmEntities>, progress: (step: string) => void): Promise<AttributionSection> {
  progress('touchpoints');
  const journeys: Journey[] = [];
  const currencies = new Set<string>();
  let contact: string | null = null;
  let touchpoints: Touchpoint[] = [];
  const flush = () => {
    for (const journey of journeysFromTouchpoints(touchpoints)) {
      // Keep only what first/last/linear/Markov read: the channels, the outcome and the value.
      journeys.push({ touches: journey.touches.map((t) => ({ channel: t.channel })), converted: journey.converted, ...(journey.converted ? { value: journey.value ?? 0 } : {}) });
    }
    touchpoints = [];
  };
  for await (const tp of store.stream('touchpoint', { sort: [{ field: 'contactId' }, { field: 'occurredAt' }, { field: 'id' }] })) {
    if (tp.contactId !== contact) {
      flush();
      contact = tp.contactId;
    }
    if (tp.conversion && tp.value !== undefined) currencies.add(tp.value.currency);
    touchpoints.push(tp);
  }
  flush();
  if (currencies.size > 1) throw new CurrencyMismatchError([...currencies].sort());
  progress('attribution');
  const models = { firstTouch: firstTouch(journeys), lastTouch: lastTouch(journeys), linear: linearTouch(journeys), markov: markovAttribution(journeys) };
  const channelNames = [...new Set([...models.firstTouch.channels, ...models.markov.channels].map((c) => c.channel))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const credit = (result: AttributionResult, channel: string) => result.channels.find((c) => c.channel === channel) ?? { conversions: 0, value: 0 };
  const channels = channelNames.map((channel): AttributionChannel => {
    const f = credit(models.firstTouch, channel);
    const l = credit(models.lastTouch, channel);
    const li = credit(models.linear, channel);
    const m = credit(models.markov, channel);
    return {
      channel,
      conversions: { firstTouch: f.conversions, lastTouch: l.conversions, linear: li.conversions, markov: m.conversions },
      value: { firstTouch: f.value, lastTouch: l.value, linear: li.value, markov: m.value },
      removalEffect: models.markov.removalEffects.find((r) => r.channel === channel)?.removalEffect ?? null,
    };
  });
  return {
    journeys: journeys.length,
    convertedJourneys: journeys.filter((j) => j.converted).length,
    currency: [...currencies][0] ?? null,
    channels,
    models,
  };
}

async function purchaseSections(
  store: Store<CrmEntities>,
  cutoff: Date,
  withCohorts: boolean,
  withInitiatives: boolean,
  campaignId: string | undefined,
  progress: (step: string) => void,
): Promise<{ cohorts: CohortsSection | null; initiatives: InitiativesSection | null }> {
  const cohorts = withCohorts ? new Running(cohortRetentionAccumulator({ now: cutoff })) : null;
  let campaigns: Campaign[] = [];
  if (withInitiatives) {
    progress('campaigns');
    for await (const campaign of store.stream('campaign')) if (campaignId === undefined || campaign.id === campaignId) campaigns.push(campaign);
    if (campaignId !== undefined && campaigns.length === 0) throw new NotFoundError('campaign', campaignId);
    campaigns = campaigns.sort((a, b) => (a.startAt?.getTime() ?? 0) - (b.startAt?.getTime() ?? 0) || (a.id < b.id ? -1 : 1));
  }
  const reports = campaigns.map((campaign) => new Running(initiativeReportAccumulator(campaign)));
  const feed = (record: InitiativeRecord) => {
    for (const report of reports) report.add(record);
  };
  if (reports.length > 0) {
    progress('campaign members');
    for await (const record of store.stream('campaignMember')) feed({ kind: 'member', record });
  }
  if (cohorts !== null || reports.length > 0) {
    progress('purchases');
    for await (const record of store.stream('purchase')) {
      cohorts?.add(record);
      if (reports.length > 0) feed({ kind: 'purchase', record });
    }
  }
  if (reports.length > 0) {
    progress('survey responses');
    for await (const record of store.stream('surveyResponse')) {
      // Responses without a contact cannot be joined to members (the report ignores them too).
      const { contactId } = record;
      if (contactId !== undefined) feed({ kind: 'survey', record: { ...record, contactId } });
    }
    progress('external spend');
    for await (const record of store.stream('externalSpend')) feed({ kind: 'externalSpend', record });
  }
  let initiatives: InitiativesSection | null = null;
  if (withInitiatives) {
    const entries = campaigns.map((campaign, i): CampaignInitiative => {
      const report = (reports[i] as Running<InitiativeRecord, unknown, InitiativeReport>).result();
      return {
        campaignId: campaign.id,
        name: campaign.name,
        status: campaign.status,
        afterObserved: initiativeMoments(campaign).after.end.getTime() <= cutoff.getTime(),
        report: toJsonValue(report),
      };
    });
    const ended = entries.filter((e) => Date.parse(e.report.moments.during.end) <= cutoff.getTime());
    const featured = campaignId ?? [...entries.filter((e) => e.afterObserved)].pop()?.campaignId ?? ended.pop()?.campaignId ?? entries[entries.length - 1]?.campaignId ?? null;
    initiatives = { featuredCampaignId: featured, campaigns: entries };
  }
  return { cohorts: cohorts === null ? null : { timeZone: 'UTC', rows: cohorts.result() }, initiatives };
}

async function forecastSection(store: Store<CrmEntities>, cutoff: Date, progress: (step: string) => void): Promise<ForecastSection> {
  progress('pipelines');
  const stageCategories: Record<string, ForecastCategory> = {};
  for await (const pipeline of store.stream('pipeline')) for (const stage of pipeline.stages) stageCategories[stage.id] ??= stage.forecastCategory;
  const quarters = [quarter(cutoff, 0), quarter(cutoff, 1)];
  const accumulators = quarters.map((q) => new Running(forecastAccumulator({ period: { start: q.start, end: q.end }, stageCategories })));
  progress('deals');
  for await (const deal of store.stream('deal')) for (const acc of accumulators) acc.add(deal);
  return {
    stageCategories,
    periods: quarters.map((q, i) => ({ label: q.label, start: q.start.toISOString(), end: q.end.toISOString(), byCurrency: (accumulators[i] as Running<unknown, unknown, Record<string, ForecastEntry>>).result() })),
  };
}
