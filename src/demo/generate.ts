/**
 * The seeded demo data generator: a realistic CRM history streamed record by record.
 *
 * The model, in short (see docs/demo.md for every parameter):
 * - contacts arrive over `months` months before the cut-off, with a monthly and a weekday
 *   pattern and 2 % monthly growth; each has an acquisition source and an owner;
 * - a contact becomes a lead, then competes between winning (hazard 1 / meanDaysToWin of its
 *   source) and being disqualified or recycled (hazard 1 / 75 days); a share of leads stays
 *   dormant so that the share still open at the cut-off is close to `censoredShare`;
 * - opportunities become deals in a six-stage pipeline, with offers (some rejected, then
 *   renegotiated at a discount) and a transition log;
 * - customers buy repeatedly (BG/NBD-like: a gamma-distributed purchase rate, a beta-distributed
 *   drop-out chance after each purchase), open tickets and answer surveys;
 * - campaigns have target and control groups; targets respond more often than controls.
 *
 * Everything after the cut-off is cut: records hold their state at the cut-off (right-censoring).
 *
 * @module
 */
import { addMonths, getDaysInMonth, startOfMonth } from 'date-fns';
import { InvalidArgumentError } from '../errors';
import { CURRENCY_EXPONENTS } from '../_lib/iso4217';
import { sizeBandFor } from '../model/company';
import type { CrmEntityMap } from '../model/registry';
import { sequentialIds, type IdGenerator } from '../model/ids';
import { dealPipelineLifecycle } from '../lifecycle/deal-pipeline';
import { leadLifecycle } from '../lifecycle/lead';
import { ticketLifecycle } from '../lifecycle/ticket';
import { toLogEntry } from '../lifecycle/log';
import { start, transition, type TransitionContext } from '../lifecycle/transition';
import type { LifecycleDefinition } from '../lifecycle/define';
import type { LogEntryInput } from '../store/types';
import {
  CATEGORY_WEIGHTS,
  CITIES,
  COMPANY_SUFFIXES,
  COMPANY_WORDS_A,
  COMPANY_WORDS_B,
  DEMO_STAGES,
  DISQUALIFY_REASONS,
  FIRST_NAMES,
  INDUSTRIES,
  JOB_TITLES,
  JOURNEY_CHANNELS,
  LAST_NAMES,
  MEAN_DAYS_TO_LOSS,
  MONTH_WEIGHTS,
  MONTHLY_GROWTH,
  PRODUCTS,
  SOURCES,
  WEEKDAY_WEIGHTS,
} from './catalog';
import { SeededRandom } from './prng';

/** The entities the demo generator produces. */
export const DEMO_ENTITIES = [
  'owner',
  'team',
  'pipeline',
  'product',
  'campaign',
  'company',
  'contact',
  'deal',
  'activity',
  'touchpoint',
  'campaignMember',
  'purchase',
  'externalSpend',
  'ticket',
  'surveyResponse',
] as const;

/** Name of an entity the demo generator produces. */
export type DemoEntityName = (typeof DEMO_ENTITIES)[number];

/** Preset sizes: `small` 120 contacts (≈ 1–2 thousand records), `medium` 10,000, `large` 500,000 (millions of records). */
export const DEMO_SIZES = { small: 120, medium: 10_000, large: 500_000 } as const;

/** A data-set size: a preset or an explicit number of contacts. */
export type DemoSize = keyof typeof DEMO_SIZES | { readonly contacts: number };

/** Options of {@link generateDemo}. */
export interface DemoOptions {
  /** Seed of the pseudo-random generator: the same seed (and options) gives byte-identical data. */
  readonly seed: number;
  /** How many contacts (default `'small'`). */
  readonly size?: DemoSize;
  /** The cut-off instant: nothing happens after it; open processes are right-censored there. */
  readonly cutoff: Date;
  /** Months of history before the cut-off (default 24, at least 3). */
  readonly months?: number;
  /** Target share of leads still open (not won, lost or recycled) at the cut-off (default 0.2). */
  readonly censoredShare?: number;
  /** Currency of every amount (default `'EUR'`). */
  readonly currency?: string;
  /** Workspace id written into the records (default `'demo'`). */
  readonly workspaceId?: string;
}

/** A generated record: the entity name and the stored record (metadata included, version 1). */
export type DemoRecordItem = {
  [E in DemoEntityName]: { readonly kind: 'record'; readonly entity: E; readonly record: CrmEntityMap[E] };
}[DemoEntityName];

/** A generated transition-log entry (kind `transition`), ready for `store.append`. */
export interface DemoLogItem {
  /** Discriminator. */
  readonly kind: 'log';
  /** The entry. */
  readonly entry: LogEntryInput;
}

/** One item of the demo stream: a record or a log entry. */
export type DemoItem = DemoRecordItem | DemoLogItem;

const DAY = 86_400_000;
const HOUR = 3_600_000;
const OPEN_STAGES = ['lead', 'marketing_qualified', 'sales_qualified', 'opportunity'] as const;

type Obj = Record<string, unknown>;

interface Month {
  readonly start: number;
  readonly end: number;
  readonly weight: number;
}

interface CampaignSpec {
  readonly id: string;
  readonly startAt: number;
  readonly endAt: number;
  readonly category: string;
  readonly targetRate: number;
  readonly controlRate: number;
  readonly discount: number;
}

interface CompanyRef {
  readonly id: string;
  readonly domain: string;
  readonly name: string;
  readonly country: string;
  readonly city: string;
}

interface Context {
  readonly rng: SeededRandom;
  readonly ids: IdGenerator;
  readonly cutoff: number;
  readonly currency: string;
  readonly minorFactor: number;
  readonly workspaceId: string;
  readonly months: readonly Month[];
  readonly monthTotal: number;
  readonly salesOwners: readonly string[];
  readonly supportOwners: readonly string[];
  readonly supportTeamId: string;
  readonly productIds: readonly string[];
  readonly campaigns: readonly CampaignSpec[];
  readonly dormantShare: number;
  readonly pipelineId: string;
  readonly lead: LifecycleDefinition<string, string>;
  readonly deal: LifecycleDefinition<string, string>;
  readonly ticket: LifecycleDefinition<string, string>;
  companies: CompanyRef[];
  orderNo: number;
}

function contactsOf(size: DemoSize | undefined): number {
  if (size === undefined) return DEMO_SIZES.small;
  if (typeof size === 'string') {
    const n = DEMO_SIZES[size];
    if (n === undefined) throw new InvalidArgumentError(`Unknown demo size "${String(size)}"; use small, medium, large or { contacts: n }`);
    return n;
  }
  if (!Number.isSafeInteger(size.contacts) || size.contacts < 1) throw new InvalidArgumentError(`contacts must be a positive integer, got ${size.contacts}`);
  return size.contacts;
}

function iso(ms: number): Date {
  return new Date(ms);
}

function calendarDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/**
 * Generates a deterministic, realistic CRM data set as a stream of records and transition-log
 * entries. Nothing is held in memory beyond the current contact's history and a few small
 * lookup tables, so `{ contacts: 5_000_000 }` works in constant memory.
 *
 * Order of the stream: owners, teams, the pipeline, products and campaigns first; then, per
 * contact, its company (when new), the contact, its deal, activities, touchpoints, campaign
 * memberships, purchases, external spend, tickets, survey responses, and the log entries of its
 * lead lifecycle, deal pipeline and tickets. Ids are sequential per entity
 * (`contact_0000001`…); timestamps come from the seeded generator, never from the clock.
 *
 * Cost: O(records) time, O(1) memory in the number of contacts.
 *
 * @param options - seed, size, cut-off and model options
 * @returns a generator of {@link DemoItem}s
 * @throws {@link crmkit!InvalidArgumentError} for an invalid size, cut-off, history length, share or currency
 *
 * @example
 * ```ts
 * import { generateDemo } from 'crmkit/demo';
 * let contacts = 0;
 * for (const item of generateDemo({ seed: 1, size: 'small', cutoff: new Date('2025-01-01T00:00:00Z') })) {
 *   if (item.kind === 'record' && item.entity === 'contact') contacts++;
 * }
 * contacts; //=> 120
 * ```
 */
export function* generateDemo(options: DemoOptions): Generator<DemoItem, void, undefined> {
  const contacts = contactsOf(options.size);
  const cutoff = options.cutoff instanceof Date ? options.cutoff.getTime() : Number.NaN;
  if (!Number.isFinite(cutoff)) throw new InvalidArgumentError('cutoff must be a valid Date');
  const monthsBack = options.months ?? 24;
  if (!Number.isInteger(monthsBack) || monthsBack < 3 || monthsBack > 240) throw new InvalidArgumentError(`months must be an integer from 3 to 240, got ${monthsBack}`);
  const censoredShare = options.censoredShare ?? 0.2;
  if (!(censoredShare >= 0 && censoredShare < 1)) throw new InvalidArgumentError(`censoredShare must be in [0, 1), got ${censoredShare}`);
  const currency = (options.currency ?? 'EUR').toUpperCase();
  const exponent = CURRENCY_EXPONENTS[currency];
  if (exponent === undefined) throw new InvalidArgumentError(`Unknown ISO 4217 currency code "${currency}"`);
  const workspaceId = options.workspaceId ?? 'demo';
  const root = new SeededRandom(options.seed);
  const ids = sequentialIds({ width: 7 });

  // --- calendar: months of history with seasonality and growth --------------------------------
  const first = startOfMonth(addMonths(new Date(cutoff), -monthsBack));
  const months: Month[] = [];
  let monthTotal = 0;
  for (let i = 0; i <= monthsBack; i++) {
    const from = addMonths(first, i);
    const startMs = from.getTime();
    if (startMs >= cutoff) break;
    const endMs = Math.min(addMonths(first, i + 1).getTime(), cutoff);
    const fullDays = getDaysInMonth(from);
    const share = (endMs - startMs) / (fullDays * DAY);
    const weight = (MONTH_WEIGHTS[from.getUTCMonth()] ?? 1) * MONTHLY_GROWTH ** i * (fullDays / 30) * share;
    monthTotal += weight;
    months.push({ start: startMs, end: endMs, weight });
  }

  const items: DemoItem[] = [];
  const emit = <E extends DemoEntityName>(entity: E, record: Obj): void => {
    items.push({ kind: 'record', entity, record: record as CrmEntityMap[E] } as DemoRecordItem);
  };
  const meta = (entity: string, createdAt: number, updatedAt = createdAt): Obj => ({
    id: ids.next(entity),
    workspaceId,
    version: 1,
    createdAt: iso(createdAt),
    updatedAt: iso(Math.max(createdAt, updatedAt)),
  });
  const money = (major: number): { amountMinor: number; currency: string } => {
    const minor = Math.round(major * 10 ** exponent);
    return { amountMinor: minor === 0 ? 0 : minor, currency };
  };
  const setupAt = first.getTime() - 30 * DAY;

  // --- owners and teams -------------------------------------------------------------------------
  const rng = root.fork('setup');
  const salesCount = Math.max(4, Math.min(200, Math.round(contacts / 300)));
  const supportCount = Math.max(2, Math.round(salesCount / 2));
  const teamIds = { north: ids.next('team'), south: ids.next('team'), support: ids.next('team'), marketing: ids.next('team') };
  const salesOwners: string[] = [];
  const supportOwners: string[] = [];
  const members: Record<keyof typeof teamIds, string[]> = { north: [], south: [], support: [], marketing: [] };
  const person = (r: SeededRandom): { first: string; last: string } => ({ first: r.pick(FIRST_NAMES), last: r.pick(LAST_NAMES) });
  const ownerSpecs: { role: string; team: keyof typeof teamIds }[] = [
    { role: 'manager', team: 'north' },
    ...Array.from({ length: salesCount }, (_, i) => ({ role: 'sales', team: i % 2 === 0 ? ('north' as const) : ('south' as const) })),
    ...Array.from({ length: supportCount }, () => ({ role: 'support', team: 'support' as const })),
    { role: 'marketing', team: 'marketing' },
    { role: 'marketing', team: 'marketing' },
  ];
  ownerSpecs.forEach((spec, index) => {
    const p = person(rng);
    const record = meta('owner', setupAt);
    const id = record['id'] as string;
    members[spec.team].push(id);
    if (spec.role === 'sales') salesOwners.push(id);
    if (spec.role === 'support') supportOwners.push(id);
    emit('owner', {
      ...record,
      name: `${p.first} ${p.last}`,
      email: `${slug(p.first)}.${slug(p.last)}${index + 1}@crmkit-demo.example`,
      teamIds: [teamIds[spec.team]],
      role: spec.role,
      active: rng.chance(0.95),
      ...(spec.role === 'sales' ? { quota: { amount: money(rng.pick([40_000, 50_000, 60_000])), period: 'quarter' } } : {}),
    });
  });
  const teamNames: Record<keyof typeof teamIds, [string, string]> = {
    north: ['Sales North', 'sales'],
    south: ['Sales South', 'sales'],
    support: ['Customer Support', 'support'],
    marketing: ['Marketing', 'marketing'],
  };
  for (const key of ['north', 'south', 'support', 'marketing'] as const) {
    const [name, kind] = teamNames[key];
    emit('team', {
      id: teamIds[key],
      workspaceId,
      version: 1,
      createdAt: iso(setupAt),
      updatedAt: iso(setupAt),
      name,
      kind,
      managerId: members[key][0],
      memberIds: members[key],
    });
  }

  // --- pipeline and products --------------------------------------------------------------------
  const pipelineRecord: Obj = { ...meta('pipeline', setupAt), name: 'Sales pipeline', entity: 'deal', isDefault: true, stages: DEMO_STAGES.map((s) => ({ ...s })) };
  emit('pipeline', pipelineRecord);
  const pipelineId = pipelineRecord['id'] as string;
  const productIds: string[] = [];
  for (const product of PRODUCTS) {
    const record = meta('product', setupAt);
    productIds.push(record['id'] as string);
    emit('product', {
      ...record,
      name: product.name,
      sku: product.sku,
      category: product.category,
      brand: 'crmkit roasters',
      unitPrice: money(product.price),
      unitCost: money(product.cost),
      active: true,
    });
  }

  // --- campaigns: one a quarter, target and control groups ---------------------------------------
  const campaigns: CampaignSpec[] = [];
  const strategies = ['loyalty', 'penetration', 'consumption_development', 'trial'] as const;
  const campaignCategories = ['coffee', 'tea', 'accessories', 'subscriptions'] as const;
  for (let m = 3, n = 0; m < months.length; m += 3, n++) {
    const month = months[m];
    if (month === undefined) break;
    const startAt = month.start + 2 * DAY + 9 * HOUR;
    const endAt = startAt + 28 * DAY;
    const category = campaignCategories[n % campaignCategories.length] ?? 'coffee';
    const strategy = strategies[n % strategies.length] ?? 'loyalty';
    const targetRate = 0.16 + rng.next() * 0.08;
    const controlRate = 0.06 + rng.next() * 0.03;
    const discount = rng.pick([0.1, 0.15, 0.2]);
    const record = meta('campaign', startAt - 21 * DAY, Math.min(cutoff, endAt));
    const id = record['id'] as string;
    campaigns.push({ id, startAt, endAt, category, targetRate, controlRate, discount });
    const budget = Math.round(contacts * 4 + 2_000);
    const status = startAt > cutoff ? 'planned' : endAt > cutoff ? 'active' : 'completed';
    emit('campaign', {
      ...record,
      name: `${new Date(startAt).toISOString().slice(0, 7)} ${category} ${strategy.replace('_', ' ')}`,
      description: `${Math.round(discount * 100)} % off ${category} for selected customers; a random 20 % control group receives nothing.`,
      strategy,
      tactic: 'discount',
      status,
      channel: 'email',
      budget: money(budget),
      ...(status === 'planned' ? {} : { actualCost: money(Math.round(budget * (0.8 + rng.next() * 0.3))) }),
      startAt: iso(startAt),
      endAt: iso(endAt),
      targetSegment: { description: 'Contacts known before the campaign start, 35 % sample', criteria: { sample: 0.35, knownBeforeStart: true } },
      hasControlGroup: true,
      categories: [category],
      productIds: PRODUCTS.flatMap((p, i) => (p.category === category ? [productIds[i] as string] : [])),
      ownerId: members.marketing[0],
    });
  }
  yield* items.splice(0);

  // --- the share of leads that stays dormant, calibrated to `censoredShare` -----------------------
  let expectedOpen = 0;
  let sourceTotal = 0;
  for (const key of Object.keys(SOURCES)) sourceTotal += SOURCES[key]!.weight;
  for (const month of months) {
    const age = (cutoff - (month.start + month.end) / 2) / DAY - 1;
    for (const key of Object.keys(SOURCES)) {
      const s = SOURCES[key]!;
      const rate = 1 / s.meanDaysToWin + 1 / MEAN_DAYS_TO_LOSS;
      expectedOpen += (month.weight / monthTotal) * (s.weight / sourceTotal) * Math.exp(-rate * Math.max(0, age));
    }
  }
  const dormantShare = Math.max(0, Math.min(0.95, (censoredShare - expectedOpen) / (1 - expectedOpen)));

  const ctx: Context = {
    rng: root,
    ids,
    cutoff,
    currency,
    minorFactor: 10 ** exponent,
    workspaceId,
    months,
    monthTotal,
    salesOwners,
    supportOwners,
    supportTeamId: teamIds.support,
    productIds,
    campaigns,
    dormantShare,
    pipelineId,
    lead: leadLifecycle() as unknown as LifecycleDefinition<string, string>,
    deal: dealPipelineLifecycle({ id: pipelineId, stages: DEMO_STAGES }) as unknown as LifecycleDefinition<string, string>,
    ticket: ticketLifecycle() as unknown as LifecycleDefinition<string, string>,
    companies: [],
    orderNo: 0,
  };

  for (let index = 0; index < contacts; index++) {
    generateContact(ctx, index, emit, meta, money, items);
    yield* items.splice(0);
  }
}

const SOURCE_WEIGHTS: Readonly<Record<string, number>> = Object.fromEntries(Object.entries(SOURCES).map(([key, value]) => [key, value.weight]));

type Emit = <E extends DemoEntityName>(entity: E, record: Obj) => void;
type Meta = (entity: string, createdAt: number, updatedAt?: number) => Obj;
type MoneyOf = (major: number) => { amountMinor: number; currency: string };

/** Samples an arrival instant with the monthly and weekday patterns (business hours). */
function arrival(ctx: Context, r: SeededRandom): number {
  for (;;) {
    let u = r.next() * ctx.monthTotal;
    let month = ctx.months[ctx.months.length - 1] as Month;
    for (const m of ctx.months) {
      if (u < m.weight) {
        month = m;
        break;
      }
      u -= m.weight;
    }
    const day = month.start + Math.floor(r.next() * ((month.end - month.start) / DAY)) * DAY;
    const weekday = new Date(day).getUTCDay();
    if (r.next() * 1.25 > (WEEKDAY_WEIGHTS[weekday] ?? 1)) continue;
    const hour = Math.min(22, Math.max(6, Math.round(r.normal(12.5, 2.6))));
    const at = day + hour * HOUR + r.int(0, 59) * 60_000 + r.int(0, 59) * 1000;
    if (at < ctx.cutoff) return at;
  }
}

/** Runs lifecycle events and collects their log entries; events after the cut-off are dropped. */
class Machine {
  state: string;
  readonly entries: LogEntryInput[] = [];
  last: number;

  constructor(
    private readonly definition: LifecycleDefinition<string, string>,
    private readonly entityId: string,
    at: number,
    private readonly cutoff: number,
    actor?: string,
  ) {
    const started = start(definition, { now: iso(at), entityId, ...(actor === undefined ? {} : { actor }) });
    this.state = started.snapshot.state;
    this.entries.push(toLogEntry(started.entry));
    this.last = at;
  }

  /** Applies the event at `at` if it is not after the cut-off; returns whether it happened. */
  fire(event: string, at: number, extra: Omit<TransitionContext, 'now' | 'entityId'> = {}): boolean {
    if (at > this.cutoff) return false;
    const result = transition(this.definition, this.state, event, { ...extra, now: iso(at), entityId: this.entityId });
    if (!result.ok) throw result.error;
    this.state = result.snapshot.state;
    this.entries.push(toLogEntry(result.entry));
    this.last = at;
    return true;
  }
}

function generateContact(ctx: Context, index: number, emit: Emit, meta: Meta, money: MoneyOf, items: DemoItem[]): void {
  const r = ctx.rng.fork('contact', index);
  const cutoff = ctx.cutoff;
  const createdAt = arrival(ctx, r);
  const sourceKey = r.weighted(SOURCE_WEIGHTS);
  const source = SOURCES[sourceKey]!;
  const ownerId = r.pick(ctx.salesOwners);
  const firstName = r.pick(FIRST_NAMES);
  const lastName = r.pick(LAST_NAMES);

  // --- company: a new one a third of the time, else a recent one ---------------------------------
  let company: CompanyRef | undefined;
  if (r.chance(0.75)) {
    if (ctx.companies.length === 0 || r.chance(0.35)) {
      const name = `${r.pick(COMPANY_WORDS_A)}${r.pick(COMPANY_WORDS_B)}`;
      const place = r.pick(CITIES);
      const employees = Math.max(1, Math.round(r.logNormal(3.2, 1.4)));
      const industry = r.pick(INDUSTRIES);
      const record = meta('company', createdAt - r.int(0, 3) * HOUR);
      const id = record['id'] as string;
      const domain = `${slug(name)}-${Number(id.slice(id.lastIndexOf('_') + 1))}.example`;
      company = { id, domain, name, country: place.country, city: place.city };
      emit('company', {
        ...record,
        name: `${name} ${r.pick(COMPANY_SUFFIXES)}`,
        domain,
        industry: { scheme: 'NACE', code: industry.code, label: industry.label },
        sizeBand: sizeBandFor(employees),
        employeeCount: employees,
        annualRevenue: money(Math.round(employees * r.logNormal(11.5, 0.5))),
        address: { city: place.city, country: place.country },
        ownerId,
        source: { channel: source.channel, detail: source.detail },
      });
      ctx.companies.push(company);
      if (ctx.companies.length > 64) ctx.companies.shift();
    } else {
      company = r.pick(ctx.companies);
    }
  }
  const country = company?.country ?? r.pick(CITIES).country;
  const contactId = ctx.ids.next('contact');

  // --- lead lifecycle: competing conversion and loss, right-censored at the cut-off ---------------
  const lead = new Machine(ctx.lead, contactId, createdAt, cutoff);
  const becomesLead = r.chance(0.9);
  const leadAt = createdAt + r.exponential(1 / 18) * HOUR;
  const dormant = r.chance(ctx.dormantShare);
  const winDays = r.exponential(1 / source.meanDaysToWin);
  const lossDays = r.exponential(1 / MEAN_DAYS_TO_LOSS);
  const fractions = [r.next(), r.next(), r.next()].sort((a, b) => a - b) as [number, number, number];
  const pathDays = dormant ? winDays * 3 : winDays;
  const wins = !dormant && winDays <= lossDays;
  const endDays = dormant ? Number.POSITIVE_INFINITY : Math.min(winDays, lossDays);
  const stageAt = (k: 0 | 1 | 2): number => leadAt + pathDays * (0.05 + 0.9 * fractions[k]) * DAY;
  let firstContactAt: number | undefined;
  let opportunityAt: number | undefined;
  let convertedAt: number | undefined;
  let lostAt: number | undefined;
  let lostBy: 'disqualify' | 'recycle' | undefined;
  const reason = r.pick(DISQUALIFY_REASONS);
  if (becomesLead && lead.fire('become_lead', leadAt, { actor: 'system' })) {
    const touch = leadAt + Math.min(r.exponential(1 / 20) * HOUR, pathDays * 0.04 * DAY);
    if (touch <= cutoff) firstContactAt = touch;
    const events = ['qualify_marketing', 'qualify_sales', 'open_opportunity'] as const;
    for (const k of [0, 1, 2] as const) {
      const at = stageAt(k);
      if (at >= leadAt + endDays * DAY) break;
      if (!lead.fire(events[k], at, { actor: k === 0 ? 'marketing-automation' : ownerId })) break;
      if (k === 2) opportunityAt = at;
    }
    const endAt = leadAt + endDays * DAY;
    if (Number.isFinite(endDays) && endAt <= cutoff) {
      if (wins) {
        if (lead.state !== 'opportunity') {
          // A winner reaches opportunity before the win.
          const oppAt = Math.max(lead.last + HOUR, endAt - 3 * DAY);
          for (const event of ['qualify_marketing', 'qualify_sales', 'open_opportunity']) {
            const target = { qualify_marketing: 'marketing_qualified', qualify_sales: 'sales_qualified', open_opportunity: 'opportunity' }[event];
            const order = ['lead', 'marketing_qualified', 'sales_qualified', 'opportunity'];
            if (order.indexOf(lead.state) < order.indexOf(target ?? '')) lead.fire(event, Math.max(lead.last, Math.min(oppAt, endAt - HOUR)), { actor: ownerId });
          }
          opportunityAt = lead.last;
        }
        lead.fire('win', endAt, { actor: ownerId });
        convertedAt = endAt;
        if (r.chance(0.12)) lead.fire('advocate', endAt + r.int(30, 120) * DAY, { actor: ownerId });
      } else {
        lostBy = r.chance(0.7) ? 'disqualify' : 'recycle';
        lead.fire(lostBy, endAt, { actor: ownerId, reason });
        lostAt = endAt;
      }
    }
  }
  const stage = lead.state;
  if (firstContactAt !== undefined && convertedAt !== undefined && firstContactAt > convertedAt) firstContactAt = convertedAt;

  // --- deal, offers and the pipeline log ---------------------------------------------------------
  const contactItems: DemoItem[] = [];
  const logs: LogEntryInput[] = [...lead.entries];
  let dealValue = Math.round(r.logNormal(7.3, 0.8));
  let dealId: string | undefined;
  let lastInteraction = lead.last;
  if (opportunityAt !== undefined) {
    const dealMeta = meta('deal', opportunityAt);
    dealId = dealMeta['id'] as string;
    const deal = new Machine(ctx.deal, dealId, opportunityAt, cutoff, ownerId);
    const resolveAt = convertedAt ?? lostAt ?? Math.max(cutoff, opportunityAt) + r.exponential(1 / 30) * DAY;
    const span = resolveAt - opportunityAt;
    const steps = [0.2, 0.45, 0.7].map((f) => opportunityAt + span * (f + r.next() * 0.1));
    const reached = wins ? 3 : r.int(0, 3);
    const offers: Obj[] = [];
    let offerNo = 0;
    const newOffer = (at: number, amount: number): Obj => ({ id: `${dealId}-offer-${++offerNo}`, version: offerNo, amount: money(amount), status: 'sent', createdAt: iso(at), sentAt: iso(at + 2 * HOUR) });
    for (let k = 0; k < reached; k++) {
      const at = steps[k] as number;
      if (!deal.fire('advance', at, { actor: ownerId })) break;
      if (deal.state === 'proposal') offers.push(newOffer(at, dealValue));
      if (deal.state === 'negotiation' && offers.length > 0 && at + 6 * HOUR < Math.min(cutoff, resolveAt) && r.chance(0.35)) {
        const previous = offers[offers.length - 1] as Obj;
        previous['status'] = 'rejected';
        previous['decidedAt'] = iso(at);
        previous['note'] = 'Rejected: price above budget';
        dealValue = Math.round(dealValue * (1 - r.pick([0.08, 0.12, 0.18])));
        offers.push(newOffer(at + 6 * HOUR, dealValue));
      }
    }
    const deadline = Math.min(cutoff, resolveAt);
    for (const offer of offers) if ((offer['sentAt'] as Date).getTime() > deadline) offer['sentAt'] = offer['createdAt'];
    let status: 'open' | 'won' | 'lost' = 'open';
    let lostReason: string | undefined;
    if (convertedAt !== undefined && deal.fire('win', convertedAt, { actor: ownerId })) {
      status = 'won';
      const latest = offers[offers.length - 1];
      if (latest !== undefined) {
        latest['status'] = 'accepted';
        latest['decidedAt'] = iso(convertedAt);
      }
    } else if (lostAt !== undefined) {
      lostReason = r.pick(['price', 'competitor', 'no_budget', 'no_decision', 'timing'] as const);
      if (deal.fire('lose', lostAt, { actor: ownerId, data: { lostReason } })) {
        status = 'lost';
        const latest = offers[offers.length - 1];
        if (latest !== undefined && latest['status'] === 'sent') {
          latest['status'] = 'rejected';
          latest['decidedAt'] = iso(lostAt);
        }
      }
    }
    const stageInfo = DEMO_STAGES.find((s) => s.id === deal.state) ?? DEMO_STAGES[0];
    lastInteraction = Math.max(lastInteraction, deal.last);
    contactItems.push({
      kind: 'record',
      entity: 'deal',
      record: {
        ...dealMeta,
        updatedAt: iso(deal.last),
        name: `${company?.name ?? `${firstName} ${lastName}`} — office coffee`,
        pipelineId: ctx.pipelineId,
        stageId: deal.state,
        amount: money(dealValue),
        expectedCloseDate: calendarDate(status === 'open' ? Math.max(resolveAt, cutoff + DAY) : resolveAt),
        probability: stageInfo.probability,
        forecastCategory: stageInfo.forecastCategory,
        status,
        ...(status === 'open' ? {} : { closedAt: iso(deal.last) }),
        ...(status === 'lost' ? { lostReason } : {}),
        ...(company === undefined ? {} : { companyId: company.id }),
        ownerId,
        contacts: [{ contactId, role: 'decision_maker', primary: true }],
        source: { channel: source.channel, detail: source.detail },
        tags: [],
        customFields: {},
        offers,
      } as unknown as CrmEntityMap['deal'],
    });
    logs.push(...deal.entries);
  }

  // --- activities: first call, follow-up e-mail, meeting at the opportunity ----------------------
  const activity = (type: string, at: number, extra: Obj): void => {
    if (at > cutoff) return;
    lastInteraction = Math.max(lastInteraction, at);
    contactItems.push({
      kind: 'record',
      entity: 'activity',
      record: {
        ...meta('activity', at),
        type,
        occurredAt: iso(at),
        participants: [
          { kind: 'contact', id: contactId },
          { kind: 'owner', id: ownerId },
        ],
        related: [{ entity: 'contact', id: contactId }, ...(dealId === undefined ? [] : [{ entity: 'deal', id: dealId }])],
        ownerId,
        ...extra,
      } as unknown as CrmEntityMap['activity'],
    });
  };
  if (firstContactAt !== undefined) {
    activity('call', firstContactAt, { direction: 'outbound', channel: 'phone', subject: 'Intro call', durationSeconds: r.int(60, 900), outcome: r.pick(['connected', 'connected', 'no_answer', 'left_voicemail']) });
    activity('email', firstContactAt + r.int(1, 48) * HOUR, { direction: 'outbound', channel: 'email', subject: 'Follow-up: our office coffee offer' });
  }
  if (opportunityAt !== undefined) activity('meeting', opportunityAt + r.int(1, 5) * DAY, { subject: 'Tasting and needs analysis', durationSeconds: 3600, outcome: 'completed' });

  // --- touchpoint journey -------------------------------------------------------------------------
  const journeyEnd = Math.min(cutoff, convertedAt ?? lostAt ?? cutoff);
  const touch = (channel: string, at: number, extra: Obj): void => {
    contactItems.push({
      kind: 'record',
      entity: 'touchpoint',
      record: { ...meta('touchpoint', at), contactId, channel, occurredAt: iso(at), conversion: false, ...extra } as unknown as CrmEntityMap['touchpoint'],
    });
  };
  const utm = source.medium === undefined ? undefined : { source: source.detail.split(' ')[0] ?? 'web', medium: source.medium, campaign: 'always-on' };
  touch(source.channel, createdAt, { detail: source.detail, ...(utm === undefined ? {} : { utm }) });
  const extra = r.poisson(convertedAt === undefined ? 1.6 : 3);
  const times: number[] = [];
  for (let k = 0; k < extra; k++) times.push(createdAt + r.next() * Math.max(0, journeyEnd - createdAt - HOUR));
  times.sort((a, b) => a - b);
  for (const at of times) touch(r.weighted(JOURNEY_CHANNELS), at, {});
  if (convertedAt !== undefined) touch(r.weighted({ email: 3, direct: 3, paid_search: 2, organic_search: 2, referral: 1 }), convertedAt, { conversion: true, value: money(dealValue), detail: 'order placed' });

  // --- purchases: BG/NBD-like repeat buying after conversion -------------------------------------
  let purchaseCount = 0;
  let ownSpend = 0;
  const purchase = (at: number, campaign: CampaignSpec | undefined, channel: string, first: boolean): void => {
    const lines: Obj[] = [];
    const lineCount = first ? r.int(2, 4) : 1 + r.poisson(0.6);
    const used = new Set<number>();
    for (let k = 0; k < lineCount; k++) {
      const category = campaign !== undefined && k === 0 ? campaign.category : r.weighted(CATEGORY_WEIGHTS);
      const candidates = PRODUCTS.flatMap((p, i) => (p.category === category && !used.has(i) ? [i] : []));
      if (candidates.length === 0) continue;
      const pi = r.pick(candidates);
      used.add(pi);
      const product = PRODUCTS[pi]!;
      const quantity = product.category === 'machines' ? 1 : 1 + r.poisson(product.category === 'coffee' ? 2.5 : 1);
      const discount = campaign !== undefined && product.category === campaign.category ? campaign.discount : 0;
      const value = Math.round(product.price * quantity * (1 - discount) * ctx.minorFactor);
      const cost = Math.round(product.cost * quantity * ctx.minorFactor);
      ownSpend += value;
      lines.push({
        productId: ctx.productIds[pi],
        sku: product.sku,
        category: product.category,
        quantity,
        value: { amountMinor: value, currency: ctx.currency },
        cost: { amountMinor: cost, currency: ctx.currency },
        margin: { amountMinor: value - cost, currency: ctx.currency },
      });
    }
    purchaseCount++;
    lastInteraction = Math.max(lastInteraction, at);
    ctx.orderNo++;
    contactItems.push({
      kind: 'record',
      entity: 'purchase',
      record: {
        ...meta('purchase', at),
        contactId,
        ...(company === undefined ? {} : { companyId: company.id }),
        purchasedAt: iso(at),
        channel,
        ...(campaign === undefined ? {} : { campaignId: campaign.id }),
        orderRef: `SO-${String(ctx.orderNo).padStart(8, '0')}`,
        lines,
      } as unknown as CrmEntityMap['purchase'],
    });
  };
  if (convertedAt !== undefined) {
    const rate = r.gamma(0.9, 1 / (45 * 0.9));
    const dropout = r.beta(1, 5);
    let at = convertedAt;
    purchase(at, undefined, 'direct', true);
    for (let k = 0; k < 300; k++) {
      if (r.chance(dropout)) break;
      at += r.exponential(rate) * DAY;
      if (at > cutoff) break;
      purchase(at, undefined, r.pick(['direct', 'email', 'organic_search']), false);
    }
  }

  // --- campaign memberships: target 80 %, control 20 %; targets respond more ---------------------
  const memberOf: { campaign: CampaignSpec; group: 'target' | 'control' }[] = [];
  for (const campaign of ctx.campaigns) {
    if (campaign.startAt > cutoff || createdAt >= campaign.startAt - 3 * DAY || !r.chance(0.35)) continue;
    const group = r.chance(0.8) ? 'target' : 'control';
    memberOf.push({ campaign, group });
    const base = group === 'target' ? campaign.targetRate : campaign.controlRate;
    const rate = convertedAt !== undefined && convertedAt < campaign.startAt ? base * 1.6 : base;
    const respondAt = campaign.startAt + r.next() * (campaign.endAt - campaign.startAt);
    const responded = r.chance(rate) && respondAt <= cutoff;
    let status: string;
    if (responded) status = 'converted';
    else if (group === 'control') status = 'targeted';
    else status = r.weighted({ delivered: 40, opened: 45, bounced: 3, opted_out: 2, sent: 10 });
    contactItems.push({
      kind: 'record',
      entity: 'campaignMember',
      record: {
        ...meta('campaignMember', campaign.startAt - 2 * DAY, responded ? respondAt : campaign.startAt),
        campaignId: campaign.id,
        contactId,
        group,
        status,
        responded,
        ...(responded ? { firstRespondedAt: iso(respondAt) } : {}),
        addedAt: iso(campaign.startAt - 2 * DAY),
      } as unknown as CrmEntityMap['campaignMember'],
    });
    if (responded) purchase(respondAt, group === 'target' ? campaign : undefined, group === 'target' ? 'email' : 'direct', false);
  }

  // --- external spend (share of wallet), from surveys of a quarter of customers ------------------
  if (convertedAt !== undefined && r.chance(0.25)) {
    const year = new Date(cutoff).getUTCFullYear() - 1;
    const periodStart = `${year}-01-01`;
    const periodEnd = `${year}-12-31`;
    if (Date.parse(`${periodEnd}T23:59:59Z`) < cutoff && convertedAt < Date.parse(`${periodEnd}T00:00:00Z`)) {
      for (const category of ['coffee', 'tea'] as const) {
        contactItems.push({
          kind: 'record',
          entity: 'externalSpend',
          record: {
            ...meta('externalSpend', Math.min(cutoff, Date.parse(`${year + 1}-01-20T10:00:00Z`))),
            contactId,
            category,
            periodStart,
            periodEnd,
            value: money(Math.round(r.logNormal(category === 'coffee' ? 6.2 : 4.8, 0.6))),
            purchaseActs: r.int(2, 24),
            source: 'survey',
          } as unknown as CrmEntityMap['externalSpend'],
        });
      }
    }
  }

  // --- tickets with first response, resolution, escalations and reopens ---------------------------
  if (convertedAt !== undefined) {
    const lifetimeDays = (cutoff - convertedAt) / DAY;
    const count = Math.min(8, r.poisson((lifetimeDays / 365) * 1.4));
    for (let k = 0; k < count; k++) {
      const openedAt = convertedAt + r.next() * (cutoff - convertedAt);
      const ticketMeta = meta('ticket', openedAt);
      const ticketId = ticketMeta['id'] as string;
      const assigneeId = r.pick(ctx.supportOwners);
      const machine = new Machine(ctx.ticket, ticketId, openedAt, cutoff);
      const stamps: Obj = {};
      let t = openedAt + r.logNormal(1.2, 0.9) * HOUR;
      if (machine.fire('respond', t, { actor: assigneeId })) stamps['firstResponseAt'] = iso(t);
      let escalated = false;
      if (r.chance(0.12)) {
        t += r.logNormal(2.5, 0.7) * HOUR;
        if (machine.fire('escalate', t, { actor: assigneeId })) {
          stamps['escalatedAt'] = iso(t);
          escalated = true;
        }
      }
      t += r.logNormal(escalated ? 4 : 3, 0.8) * HOUR;
      let reopens = 0;
      if (machine.fire('resolve', t, { actor: assigneeId })) {
        stamps['resolvedAt'] = iso(t);
        if (r.chance(0.08)) {
          t += r.int(1, 5) * DAY;
          if (machine.fire('reopen', t, { actor: 'customer' })) {
            reopens = 1;
            t += r.logNormal(3, 0.8) * HOUR;
            if (machine.fire('resolve', t, { actor: assigneeId })) stamps['resolvedAt'] = iso(t);
          }
        }
        if (machine.state === 'resolved') {
          t += r.int(2, 5) * DAY;
          if (machine.fire('close', t, { actor: 'system' })) stamps['closedAt'] = iso(t);
        }
      }
      lastInteraction = Math.max(lastInteraction, openedAt);
      contactItems.push({
        kind: 'record',
        entity: 'ticket',
        record: {
          ...ticketMeta,
          updatedAt: iso(machine.last),
          subject: r.pick(['Machine not heating', 'Missing item in delivery', 'Invoice question', 'Change delivery address', 'Descaling help', 'Subscription pause']),
          status: machine.state,
          priority: escalated ? 'high' : r.weighted({ low: 2, normal: 6, high: 1 }),
          category: r.pick(['delivery', 'billing', 'technical', 'account']),
          teamId: ctx.supportTeamId,
          assigneeId,
          contactId,
          ...(company === undefined ? {} : { companyId: company.id }),
          originChannel: r.weighted({ email: 5, phone: 3, chat: 3, web_form: 2 }),
          openedAt: iso(openedAt),
          ...stamps,
          escalationLevel: escalated ? 1 : 0,
          reopenCount: reopens,
          ...(machine.state === 'closed' && r.chance(0.6) ? { satisfaction: Math.max(1, Math.min(5, Math.round(r.normal(escalated || reopens > 0 ? 3 : 4.2, 0.9)))) } : {}),
          tags: [],
          customFields: {},
        } as unknown as CrmEntityMap['ticket'],
      });
      logs.push(...machine.entries);
    }
  }

  // --- survey responses: relationship survey and campaign awareness -------------------------------
  if (r.chance(0.22)) {
    const at = createdAt + (30 + r.next() * 400) * DAY;
    if (at <= cutoff) {
      const sat = Math.max(1, Math.min(5, Math.round(r.normal(convertedAt === undefined ? 3.3 : 4, 0.9))));
      const nps = Math.max(0, Math.min(10, Math.round(sat * 2 + r.normal(0, 1.2))));
      contactItems.push({
        kind: 'record',
        entity: 'surveyResponse',
        record: {
          ...meta('surveyResponse', at),
          contactId,
          surveyId: 'relationship-survey',
          respondedAt: iso(at),
          satisfaction: { value: sat, scaleMin: 1, scaleMax: 5 },
          nps,
          aware: { brand: r.chance(0.8), product: r.chance(0.6), category: true },
          answers: { favouriteCategory: r.weighted(CATEGORY_WEIGHTS) },
        } as unknown as CrmEntityMap['surveyResponse'],
      });
    }
  }
  for (const { campaign, group } of memberOf) {
    const at = campaign.endAt + r.int(1, 10) * DAY;
    if (at > cutoff || !r.chance(0.3)) continue;
    const aware = r.chance(group === 'target' ? 0.72 : 0.42);
    contactItems.push({
      kind: 'record',
      entity: 'surveyResponse',
      record: {
        ...meta('surveyResponse', at),
        contactId,
        campaignId: campaign.id,
        surveyId: `awareness-${campaign.id}`,
        respondedAt: iso(at),
        aware: { brand: aware || r.chance(0.3), product: aware, category: true },
        affinity: { value: Math.max(1, Math.min(10, Math.round(r.normal(group === 'target' ? 7 : 6, 1.5)))), scaleMin: 1, scaleMax: 10 },
        answers: {},
      } as unknown as CrmEntityMap['surveyResponse'],
    });
  }

  // --- the contact itself (its state at the cut-off), then its records and logs --------------------
  const phone =
    country === 'IT' ? `+39 3${r.int(20, 49)} ${r.int(1_000_000, 9_999_999)}` : country === 'DE' ? `+49 15${r.int(1, 2)} ${r.int(10_000_000, 99_999_999)}` : `+1 415 555 ${r.int(1000, 9999)}`;
  const domain = company?.domain ?? r.pick(['mail.example', 'post.example', 'inbox.example']);
  const leadStatus = stage === 'lead' ? r.weighted({ new: 3, attempting_contact: 4, connected: 3 }) : undefined;
  const tags = [...(purchaseCount >= 5 ? ['loyal'] : []), ...(stage === 'evangelist' ? ['advocate'] : []), ...(dormant && OPEN_STAGES.includes(stage as never) ? ['dormant'] : [])];
  emit('contact', {
    id: contactId,
    workspaceId: ctx.workspaceId,
    version: 1,
    createdAt: iso(createdAt),
    updatedAt: iso(Math.min(cutoff, Math.max(createdAt, lastInteraction))),
    firstName,
    lastName,
    emails: [{ address: `${slug(firstName)}.${slug(lastName)}${index}@${domain}`, label: company === undefined ? 'personal' : 'work', primary: true }],
    phones: r.chance(0.7) ? [{ number: phone.replace(/\s/g, ''), label: r.chance(0.6) ? 'mobile' : 'work', primary: true }] : [],
    address: { city: company?.city ?? r.pick(CITIES).city, country },
    ...(company === undefined ? {} : { companyId: company.id, jobTitle: r.pick(JOB_TITLES) }),
    source: {
      channel: source.channel,
      detail: source.detail,
      ...(utm === undefined ? {} : { utm }),
    },
    lifecycleStage: stage,
    ...(leadStatus === undefined ? {} : { leadStatus }),
    ownerId,
    tags,
    leadScore: Math.round(Math.max(0, Math.min(100, r.normal(wins ? 62 : 40, 15)))),
    ...(firstContactAt === undefined ? {} : { firstContactAt: iso(firstContactAt) }),
    ...(convertedAt === undefined ? {} : { convertedAt: iso(convertedAt) }),
    lastInteractionAt: iso(Math.min(cutoff, Math.max(createdAt, lastInteraction))),
    customFields: { acquisitionSource: sourceKey },
    consents: r.chance(0.7) ? [{ purpose: 'marketing_email', status: 'granted', lawfulBasis: 'consent', recordedAt: iso(createdAt), source: 'signup form' }] : [],
    personalData: { doNotContact: false, restrictedProcessing: false },
  });
  items.push(...contactItems);
  for (const entry of logs) items.push({ kind: 'log', entry });
}
