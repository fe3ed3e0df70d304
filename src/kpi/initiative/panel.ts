/**
 * The initiative panel: one mergeable state holding, per contact, its group, its response and,
 * for each of a list of periods, its purchase acts, units, value, margin, prorated external
 * spend and survey scores. Every initiative KPI is a projection of this state, so every KPI —
 * alone or in the full report — runs through the same code path, over arrays, streams or shards.
 *
 * @module
 */
import { CurrencyMismatchError, ValidationError, type ValidationIssue } from '../../errors';
import type { Accumulator } from '../accumulator';
import type { InitiativeExternalSpend, InitiativeMember, InitiativePurchase, InitiativeRecord, InitiativeSurveyResponse } from './types';
import type { Period } from '../period';

const DAY_MS = 86_400_000;

/** What the panel knows about one contact in one period. All sums are plain numbers (minor units for money). */
export interface WindowFacts {
  /** Purchase acts (Purchase records with at least one line in the categories). */
  acts: number;
  /** Units bought (sum of line quantities in the categories). */
  units: number;
  /** Value bought, minor units. */
  valueMinor: number;
  /** Margin of the acts whose every counted line has a margin, minor units. */
  marginMinor: number;
  /** Acts with at least one counted line without margin (left out of `marginMinor`). */
  actsWithoutMargin: number;
  /** External purchase acts in the categories, prorated to the period. */
  externalActs: number;
  /** Whether an overlapping external-spend record lacked `purchaseActs` (external acts unknown). */
  externalActsUnknown: boolean;
  /** External spend in the categories, prorated to the period, minor units (fractional). */
  externalValueMinor: number;
  /** Sum of satisfaction scores rescaled to 0–100, and their count. */
  satisfactionSum: number;
  satisfactionCount: number;
  /** Sum of affinity scores rescaled to 0–100, and their count. */
  affinitySum: number;
  affinityCount: number;
  /** NPS answers by category. */
  promoters: number;
  passives: number;
  detractors: number;
  /** Awareness answers: aware / answered, for product, category and brand. */
  awareProduct: number;
  surveyedProduct: number;
  awareCategory: number;
  surveyedCategory: number;
  awareBrand: number;
  surveyedBrand: number;
}

/** What the panel knows about one contact. */
export interface ContactFacts {
  /** The member's group, `null` while the contact has not been seen as a member. */
  group: 'target' | 'control' | null;
  /** Whether the member responded to (adhered to) the campaign. */
  responded: boolean;
  /** When the member first responded (epoch ms), when known. */
  respondedAtMs: number | null;
  /** Time of the contact's first-ever purchase act in the categories (epoch ms), over all history given. */
  firstPurchaseMs: number | null;
  /** One entry per configured period, in the configured order. */
  windows: WindowFacts[];
}

/** The panel state: plain data (Maps of plain objects), safe to `postMessage`. */
export interface InitiativePanelState {
  /** The one currency of every amount seen (or configured), `null` before the first amount. */
  currency: string | null;
  /** Facts per contact id. */
  contacts: Map<string, ContactFacts>;
}

/** How the panel is set up. */
export interface InitiativePanelOptions {
  /** The periods to track, each half-open [start, end). */
  readonly windows: readonly Period[];
  /** Only purchase lines and external spend in these categories count; default: every category. */
  readonly categories?: readonly string[] | undefined;
  /** Only members of this campaign count; default: every member record given. */
  readonly campaignId?: string | undefined;
  /** The currency every amount must be in; default: the first one seen. */
  readonly currency?: string | undefined;
}

function emptyWindow(): WindowFacts {
  return {
    acts: 0, units: 0, valueMinor: 0, marginMinor: 0, actsWithoutMargin: 0,
    externalActs: 0, externalActsUnknown: false, externalValueMinor: 0,
    satisfactionSum: 0, satisfactionCount: 0, affinitySum: 0, affinityCount: 0,
    promoters: 0, passives: 0, detractors: 0,
    awareProduct: 0, surveyedProduct: 0, awareCategory: 0, surveyedCategory: 0, awareBrand: 0, surveyedBrand: 0,
  };
}

/**
 * Checks that a period is a valid half-open interval.
 *
 * @param period - the period
 * @param path - where it sits in the caller's options (for the issue path)
 * @returns the issues found (empty when valid)
 * @internal
 */
export function periodIssues(period: Period, path: readonly PropertyKey[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const start = period.start.getTime();
  const end = period.end.getTime();
  if (Number.isNaN(start)) issues.push({ code: 'custom', path: [...path, 'start'], message: 'start is not a valid date' });
  if (Number.isNaN(end)) issues.push({ code: 'custom', path: [...path, 'end'], message: 'end is not a valid date' });
  if (!Number.isNaN(start) && !Number.isNaN(end) && end <= start) {
    issues.push({ code: 'custom', path: [...path, 'end'], message: 'end must be after start' });
  }
  return issues;
}

/**
 * Throws a {@link ValidationError} for invalid periods (end not after start, invalid dates).
 *
 * @internal
 */
export function assertPeriods(subject: string, periods: readonly [Period, readonly PropertyKey[]][]): void {
  const issues = periods.flatMap(([period, path]) => periodIssues(period, path));
  if (issues.length > 0) throw new ValidationError(subject, issues);
}

function useCurrency(state: InitiativePanelState, currency: string): void {
  if (state.currency === null) state.currency = currency;
  else if (state.currency !== currency) throw new CurrencyMismatchError([state.currency, currency]);
}

function contactOf(state: InitiativePanelState, contactId: string, windows: number): ContactFacts {
  let facts = state.contacts.get(contactId);
  if (facts === undefined) {
    facts = { group: null, responded: false, respondedAtMs: null, firstPurchaseMs: null, windows: [] };
    for (let i = 0; i < windows; i++) facts.windows.push(emptyWindow());
    state.contacts.set(contactId, facts);
  }
  return facts;
}

function minOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

function mergeGroup(contactId: string, a: ContactFacts['group'], b: ContactFacts['group']): ContactFacts['group'] {
  if (a !== null && b !== null && a !== b) {
    throw new ValidationError('campaign members', [
      { code: 'custom', path: ['members', contactId, 'group'], message: `Contact ${contactId} is in both the target and the control group` },
    ]);
  }
  return a ?? b;
}

function rescale(score: { value: number; scaleMin: number; scaleMax: number }, path: readonly PropertyKey[], issues: ValidationIssue[]): number | null {
  const { value, scaleMin, scaleMax } = score;
  if (![value, scaleMin, scaleMax].every(Number.isFinite) || !(scaleMin < scaleMax) || value < scaleMin || value > scaleMax) {
    issues.push({ code: 'custom', path, message: `A score must lie within its scale and scaleMin < scaleMax, got ${value} on ${scaleMin}–${scaleMax}` });
    return null;
  }
  return (100 * (value - scaleMin)) / (scaleMax - scaleMin);
}

/**
 * The panel accumulator every initiative KPI is built on. Items are {@link InitiativeRecord}s;
 * the result is the state itself (the KPIs are projections of it).
 *
 * Rules: a purchase act counts in a period when `purchasedAt ∈ [start, end)`; only its lines in
 * `categories` count (an act with none is ignored). External spend covering
 * [periodStart, periodEnd] (calendar days, both inclusive, i.e. [periodStart 00:00Z,
 * periodEnd+1 00:00Z)) is prorated to a period by overlap: value × overlap / covered length.
 * A survey response counts in a period when `respondedAt` falls in it; responses without a
 * contact are ignored. Contacts never seen as members are kept (a member record may come later
 * in the stream) but no KPI counts them.
 *
 * @param options - the periods, categories, campaign and currency
 * @returns the accumulator
 * @throws {@link ValidationError} from `add` for a negative or non-finite quantity, a negative
 *   amount, an invalid date, a score outside its scale, an NPS answer outside 0–10, an external
 *   spend whose end precedes its start, or a contact in both groups; {@link CurrencyMismatchError}
 *   when amounts are in different currencies
 *
 * @example
 * ```ts
 * import { accumulate, initiativePanelAccumulator, initiativeRecords } from 'crmkit/kpi';
 * const state = accumulate(initiativePanelAccumulator({ windows: [period] }), initiativeRecords(data));
 * state.contacts.get('c1')?.windows[0]?.acts; //=> 2
 * ```
 */
export function initiativePanelAccumulator(
  options: InitiativePanelOptions,
): Accumulator<InitiativeRecord, InitiativePanelState, InitiativePanelState> {
  assertPeriods('initiative panel options', options.windows.map((w, i) => [w, ['windows', i]] as [Period, PropertyKey[]]));
  const starts = options.windows.map((w) => w.start.getTime());
  const ends = options.windows.map((w) => w.end.getTime());
  const n = options.windows.length;
  const categories = options.categories === undefined ? null : new Set(options.categories);
  const counts = (category: string): boolean => categories === null || categories.has(category);
  const fixedCurrency = options.currency?.toUpperCase();

  const addMember = (state: InitiativePanelState, member: InitiativeMember): void => {
    if (options.campaignId !== undefined && member.campaignId !== options.campaignId) return;
    const facts = contactOf(state, member.contactId, n);
    facts.group = mergeGroup(member.contactId, facts.group, member.group);
    facts.responded ||= member.responded;
    if (member.responded && member.firstRespondedAt !== undefined) {
      facts.respondedAtMs = minOrNull(facts.respondedAtMs, member.firstRespondedAt.getTime());
    }
  };

  const addPurchase = (state: InitiativePanelState, purchase: InitiativePurchase): void => {
    const issues: ValidationIssue[] = [];
    const at = purchase.purchasedAt.getTime();
    if (Number.isNaN(at)) issues.push({ code: 'custom', path: ['purchasedAt'], message: 'purchasedAt is not a valid date' });
    let units = 0;
    let value = 0;
    let margin = 0;
    let marginKnown = true;
    let counted = 0;
    purchase.lines.forEach((line, index) => {
      if (!Number.isFinite(line.quantity) || line.quantity <= 0) {
        issues.push({ code: 'custom', path: ['lines', index, 'quantity'], message: `Quantity must be a positive finite number, got ${line.quantity}` });
      }
      if (!Number.isSafeInteger(line.value.amountMinor) || line.value.amountMinor < 0) {
        issues.push({ code: 'custom', path: ['lines', index, 'value', 'amountMinor'], message: `Value must be a non-negative integer of minor units, got ${line.value.amountMinor}` });
      }
      if (!counts(line.category)) return;
      counted += 1;
      units += line.quantity;
      value += line.value.amountMinor;
      if (line.margin === undefined) marginKnown = false;
      else margin += line.margin.amountMinor;
    });
    if (issues.length > 0) throw new ValidationError('purchase', issues);
    for (const line of purchase.lines) {
      useCurrency(state, line.value.currency);
      if (line.margin !== undefined) useCurrency(state, line.margin.currency);
    }
    if (counted === 0) return;
    const facts = contactOf(state, purchase.contactId, n);
    facts.firstPurchaseMs = minOrNull(facts.firstPurchaseMs, at);
    for (let i = 0; i < n; i++) {
      if (at < (starts[i] ?? 0) || at >= (ends[i] ?? 0)) continue;
      const w = facts.windows[i];
      if (w === undefined) continue;
      w.acts += 1;
      w.units += units;
      w.valueMinor += value;
      if (marginKnown) w.marginMinor += margin;
      else w.actsWithoutMargin += 1;
    }
  };

  const addSurvey = (state: InitiativePanelState, response: InitiativeSurveyResponse): void => {
    const issues: ValidationIssue[] = [];
    const at = response.respondedAt.getTime();
    if (Number.isNaN(at)) issues.push({ code: 'custom', path: ['respondedAt'], message: 'respondedAt is not a valid date' });
    const satisfaction = response.satisfaction === undefined ? null : rescale(response.satisfaction, ['satisfaction'], issues);
    const affinity = response.affinity === undefined ? null : rescale(response.affinity, ['affinity'], issues);
    const nps = response.nps;
    if (nps !== undefined && (!Number.isInteger(nps) || nps < 0 || nps > 10)) {
      issues.push({ code: 'custom', path: ['nps'], message: `An NPS answer is an integer from 0 to 10, got ${nps}` });
    }
    if (issues.length > 0) throw new ValidationError('survey response', issues);
    if (response.contactId === undefined) return;
    const facts = contactOf(state, response.contactId, n);
    for (let i = 0; i < n; i++) {
      if (at < (starts[i] ?? 0) || at >= (ends[i] ?? 0)) continue;
      const w = facts.windows[i];
      if (w === undefined) continue;
      if (satisfaction !== null) {
        w.satisfactionSum += satisfaction;
        w.satisfactionCount += 1;
      }
      if (affinity !== null) {
        w.affinitySum += affinity;
        w.affinityCount += 1;
      }
      if (nps !== undefined) {
        if (nps >= 9) w.promoters += 1;
        else if (nps >= 7) w.passives += 1;
        else w.detractors += 1;
      }
      const aware = response.aware;
      if (aware?.product !== undefined) {
        w.surveyedProduct += 1;
        if (aware.product) w.awareProduct += 1;
      }
      if (aware?.category !== undefined) {
        w.surveyedCategory += 1;
        if (aware.category) w.awareCategory += 1;
      }
      if (aware?.brand !== undefined) {
        w.surveyedBrand += 1;
        if (aware.brand) w.awareBrand += 1;
      }
    }
  };

  const addSpend = (state: InitiativePanelState, spend: InitiativeExternalSpend): void => {
    const issues: ValidationIssue[] = [];
    const from = Date.parse(`${spend.periodStart}T00:00:00Z`);
    const to = Date.parse(`${spend.periodEnd}T00:00:00Z`) + DAY_MS;
    if (Number.isNaN(from)) issues.push({ code: 'custom', path: ['periodStart'], message: `Not a calendar date: ${spend.periodStart}` });
    if (Number.isNaN(to)) issues.push({ code: 'custom', path: ['periodEnd'], message: `Not a calendar date: ${spend.periodEnd}` });
    if (!Number.isNaN(from) && !Number.isNaN(to) && to <= from) {
      issues.push({ code: 'custom', path: ['periodEnd'], message: 'periodEnd is before periodStart' });
    }
    if (!Number.isSafeInteger(spend.value.amountMinor) || spend.value.amountMinor < 0) {
      issues.push({ code: 'custom', path: ['value', 'amountMinor'], message: `Amount cannot be negative, got ${spend.value.amountMinor}` });
    }
    if (spend.purchaseActs !== undefined && (!Number.isInteger(spend.purchaseActs) || spend.purchaseActs < 0)) {
      issues.push({ code: 'custom', path: ['purchaseActs'], message: `purchaseActs must be a non-negative integer, got ${spend.purchaseActs}` });
    }
    if (issues.length > 0) throw new ValidationError('external spend', issues);
    useCurrency(state, spend.value.currency);
    if (!counts(spend.category)) return;
    const facts = contactOf(state, spend.contactId, n);
    for (let i = 0; i < n; i++) {
      const overlap = Math.min(to, ends[i] ?? 0) - Math.max(from, starts[i] ?? 0);
      if (overlap <= 0) continue;
      const share = overlap / (to - from);
      const w = facts.windows[i];
      if (w === undefined) continue;
      w.externalValueMinor += spend.value.amountMinor * share;
      if (spend.purchaseActs === undefined) w.externalActsUnknown = true;
      else w.externalActs += spend.purchaseActs * share;
    }
  };

  return {
    init: () => ({ currency: fixedCurrency ?? null, contacts: new Map() }),
    add(state, item) {
      switch (item.kind) {
        case 'member':
          addMember(state, item.record);
          break;
        case 'purchase':
          addPurchase(state, item.record);
          break;
        case 'survey':
          addSurvey(state, item.record);
          break;
        case 'externalSpend':
          addSpend(state, item.record);
          break;
      }
      return state;
    },
    merge(a, b) {
      if (b.currency !== null) useCurrency(a, b.currency);
      for (const [contactId, theirs] of b.contacts) {
        const ours = a.contacts.get(contactId);
        if (ours === undefined) {
          a.contacts.set(contactId, { ...theirs, windows: theirs.windows.map((w) => ({ ...w })) });
          continue;
        }
        ours.group = mergeGroup(contactId, ours.group, theirs.group);
        ours.responded ||= theirs.responded;
        ours.respondedAtMs = minOrNull(ours.respondedAtMs, theirs.respondedAtMs);
        ours.firstPurchaseMs = minOrNull(ours.firstPurchaseMs, theirs.firstPurchaseMs);
        ours.windows.forEach((w, i) => {
          const t = theirs.windows[i];
          if (t === undefined) return;
          for (const key of Object.keys(w) as (keyof WindowFacts)[]) {
            if (key === 'externalActsUnknown') w.externalActsUnknown ||= t.externalActsUnknown;
            else w[key] += t[key];
          }
        });
      }
      return a;
    },
    result: (state) => state,
  };
}

/**
 * The members of one group in a panel, with their facts.
 *
 * @internal
 */
export function membersOf(state: InitiativePanelState, group: 'target' | 'control'): ContactFacts[] {
  const out: ContactFacts[] = [];
  for (const facts of state.contacts.values()) if (facts.group === group) out.push(facts);
  return out;
}
