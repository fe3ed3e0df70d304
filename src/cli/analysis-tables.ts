/**
 * The sections of `analyzeCrm` (crmkit/io/report) as terminal tables: the funnel, survival
 * curves with the log-rank test, the Markov chain with absorption probabilities, channel
 * attribution, the initiative KPIs before / during / after, and the demo's summary. Every
 * number shown is read from the analysis, never recomputed here; `--json` prints the section
 * itself.
 *
 * @module
 */
import type { AttributionSection, CrmAnalysis, FunnelSection, InitiativesSection, MarkovSection, SurvivalSection } from 'crmkit/io/report';
import { currencyExponent } from 'crmkit/model';
import type { Cell, Column, CommandOutput, Table } from './output';

type Row = Record<string, Cell>;

/**
 * The lead funnel: one row per stage (reached, share of the cohort, share of the previous stage).
 *
 * @param funnel - the funnel section
 * @returns the table
 * @example
 * ```ts
 * funnelTable(analysis.funnel).rows[0]; //=> { stage: 'lead', reached: 9008, fromStart: 1, fromPrevious: 1 }
 * ```
 */
export function funnelTable(funnel: FunnelSection): Table {
  return {
    title: `Lead funnel (cohort: ${funnel.cohortSize.toLocaleString('en-US')} contacts that became leads)`,
    columns: [
      { key: 'stage', header: 'stage', format: 'text' },
      { key: 'reached', header: 'reached', format: 'int' },
      { key: 'fromStart', header: 'of cohort', format: 'percent' },
      { key: 'fromPrevious', header: 'of previous', format: 'percent' },
    ],
    rows: funnel.steps.map((step) => ({ stage: step.stage, reached: step.reached, fromStart: step.rateFromStart, fromPrevious: step.rateFromPrevious })),
  };
}

/** Ŝ at time t: the last row at or before t (1 before the first event). */
function survivalAt(table: ReadonlyArray<{ readonly time: number; readonly survival: number }>, t: number): number {
  let s = 1;
  for (const row of table) {
    if (row.time > t) break;
    s = row.survival;
  }
  return s;
}

/** Days at which the survival table shows the share converted. */
export const SURVIVAL_HORIZONS = [30, 90, 180] as const;

/**
 * Time to conversion per group: n, conversions, the Kaplan–Meier median with its 95 % interval,
 * and the share converted by 30 / 90 / 180 days (1 − Ŝ); and the log-rank test.
 *
 * @param survival - the survival section
 * @returns the tables (curves, then the test when there are two groups or more)
 * @example
 * ```ts
 * survivalTables(analysis.survival)[0].rows[0].median; //=> 41 (days)
 * ```
 */
export function survivalTables(survival: SurvivalSection): Table[] {
  const byLabel = survival.by === 'source' ? 'source' : survival.by === 'owner' ? 'owner' : 'company size';
  const curves = [...survival.curves].sort((a, b) => (a.median.time ?? Number.POSITIVE_INFINITY) - (b.median.time ?? Number.POSITIVE_INFINITY) || (String(a.group) < String(b.group) ? -1 : 1));
  const columns: Column[] = [
    { key: 'group', header: byLabel, format: 'text' },
    { key: 'n', header: 'contacts', format: 'int' },
    { key: 'events', header: 'converted', format: 'int' },
    { key: 'median', header: 'median days', format: 'days', digits: 0 },
    { key: 'medianLower', header: '95% CI low', format: 'days', digits: 0 },
    { key: 'medianUpper', header: '95% CI high', format: 'days', digits: 0 },
    ...SURVIVAL_HORIZONS.map((days): Column => ({ key: `by${days}`, header: `by day ${days}`, format: 'percent' })),
  ];
  const rows = curves.map((curve): Row => {
    const row: Row = {
      group: survival.labels[String(curve.group)] ?? String(curve.group),
      n: curve.n,
      events: curve.events,
      median: curve.median.time,
      medianLower: curve.median.lower,
      medianUpper: curve.median.upper,
    };
    for (const days of SURVIVAL_HORIZONS) row[`by${days}`] = 1 - survivalAt(curve.table, days);
    return row;
  });
  const tables: Table[] = [{ title: `Time from creation to customer, by ${byLabel} (Kaplan–Meier, ${survival.n} contacts, days)`, columns, rows }];
  if (survival.logRank !== null) {
    tables.push({
      title: 'Log-rank test: do the groups convert at the same pace?',
      columns: [
        { key: 'chiSquare', header: 'chi-square', format: 'number', digits: 2 },
        { key: 'df', header: 'df', format: 'int' },
        { key: 'pValue', header: 'p-value', format: 'number', digits: 4 },
      ],
      rows: [{ chiSquare: survival.logRank.chiSquare, df: survival.logRank.df, pValue: survival.logRank.pValue }],
    });
  }
  return tables;
}

/**
 * The lead lifecycle as a Markov chain: the transition probabilities (from → to), and for every
 * transient stage the probability of ending in each absorbing stage and the expected steps.
 *
 * @param markov - the Markov section
 * @returns the tables
 * @example
 * ```ts
 * markovTables(analysis.markov)[1].rows.find((r) => r.from === 'lead')?.customer; //=> 0.43
 * ```
 */
export function markovTables(markov: MarkovSection): Table[] {
  const { chain } = markov;
  const transitions: Table = {
    title: `Lead lifecycle transition probabilities (${chain.transitionCount} transitions, ${chain.sequenceCount} contacts)`,
    columns: [
      { key: 'from', header: 'from \\ to', format: 'text' },
      ...chain.states.map((state): Column => ({ key: `to:${state}`, header: state, format: 'number', digits: 3 })),
      { key: 'n', header: 'n', format: 'int' },
    ],
    rows: chain.states.map((state, i): Row => {
      const row: Row = { from: state, n: chain.rowTotals[i] ?? 0 };
      chain.states.forEach((to, j) => {
        row[`to:${to}`] = chain.probabilities[i]?.[j] ?? null;
      });
      return row;
    }),
  };
  const tables = [transitions];
  const { absorbing } = markov;
  if (absorbing !== null) {
    tables.push({
      title: 'Where each stage ends up (absorption probabilities) and expected steps before it',
      columns: [
        { key: 'from', header: 'from', format: 'text' },
        ...absorbing.absorbing.map((state): Column => ({ key: `p:${state}`, header: state, format: 'percent' })),
        { key: 'steps', header: 'expected steps', format: 'number', digits: 2 },
      ],
      rows: absorbing.transient.map((state, i): Row => {
        const row: Row = { from: state, steps: absorbing.expectedSteps[i] ?? null };
        absorbing.absorbing.forEach((to, k) => {
          row[`p:${to}`] = absorbing.absorptionProbabilities[i]?.[k] ?? null;
        });
        return row;
      }),
    });
  }
  return tables;
}

function majorUnits(minor: number, currency: string | null): number {
  if (currency === null) return minor;
  try {
    return minor / 10 ** currencyExponent(currency);
  } catch {
    return minor;
  }
}

/**
 * Channel attribution: conversions credited to each channel by first touch, last touch, linear
 * and Markov (data-driven) attribution, the Markov value, and the removal effect; sorted by
 * Markov conversions, highest first.
 *
 * @param attribution - the attribution section
 * @returns the table
 * @example
 * ```ts
 * attributionTable(analysis.attribution).rows[0].channel; //=> 'referral'
 * ```
 */
export function attributionTable(attribution: AttributionSection): Table {
  const currency = attribution.currency;
  const channels = [...attribution.channels].sort((a, b) => b.conversions.markov - a.conversions.markov || (a.channel < b.channel ? -1 : 1));
  return {
    title: `Channel attribution (${attribution.convertedJourneys} converted of ${attribution.journeys} journeys)`,
    columns: [
      { key: 'channel', header: 'channel', format: 'text' },
      { key: 'firstTouch', header: 'first touch', format: 'number', digits: 1 },
      { key: 'lastTouch', header: 'last touch', format: 'number', digits: 1 },
      { key: 'linear', header: 'linear', format: 'number', digits: 1 },
      { key: 'markov', header: 'markov', format: 'number', digits: 1 },
      { key: 'markovValue', header: `markov value${currency === null ? '' : ` (${currency})`}`, format: 'number', digits: 0 },
      { key: 'removalEffect', header: 'removal effect', format: 'percent' },
    ],
    rows: channels.map((c) => ({
      channel: c.channel,
      firstTouch: c.conversions.firstTouch,
      lastTouch: c.conversions.lastTouch,
      linear: c.conversions.linear,
      markov: c.conversions.markov,
      markovValue: majorUnits(c.value.markov, currency),
      removalEffect: c.removalEffect,
    })),
  };
}

const RATE_KPIS = new Set(['redemptionRate', 'retentionRate', 'awarenessProduct', 'awarenessCategory', 'awarenessBrand', 'trialRate', 'penetrationRate', 'shareOfRequirementsMeanOfRatios', 'shareOfRequirementsRatioOfSums', 'shareOfWalletMeanOfRatios', 'shareOfWalletRatioOfSums']);

/**
 * The campaigns of the initiatives section (id, name, status, period, target and control sizes).
 *
 * @param initiatives - the initiatives section
 * @returns the table
 * @example
 * ```ts
 * campaignsTable(analysis.initiatives).rows.length; //=> 8
 * ```
 */
export function campaignsTable(initiatives: InitiativesSection): Table {
  return {
    title: 'Campaigns',
    columns: [
      { key: 'id', header: 'id', format: 'text' },
      { key: 'name', header: 'name', format: 'text' },
      { key: 'status', header: 'status', format: 'text' },
      { key: 'start', header: 'start', format: 'text' },
      { key: 'end', header: 'end', format: 'text' },
      { key: 'target', header: 'target', format: 'int' },
      { key: 'control', header: 'control', format: 'int' },
      { key: 'redemption', header: 'redemption during', format: 'percent' },
    ],
    rows: initiatives.campaigns.map((c) => ({
      id: c.campaignId,
      name: c.name,
      status: c.status,
      start: c.report.moments.during.start.slice(0, 10),
      end: c.report.moments.during.end.slice(0, 10),
      target: c.report.targetSize,
      control: c.report.controlSize,
      redemption: c.report.table.redemptionRate.during,
    })),
  };
}

/**
 * The initiative KPIs of one campaign: every headline KPI before, during and after, with the
 * relative changes against before. Amounts (`…Minor`) are shown in major units of the currency.
 *
 * @param initiatives - the initiatives section
 * @param campaignId - the campaign (default: the featured one)
 * @returns the table, or `undefined` when there is no such campaign
 * @example
 * ```ts
 * initiativeTable(analysis.initiatives)?.rows[0].kpi; //=> 'redemptionCount'
 * ```
 */
export function initiativeTable(initiatives: InitiativesSection, campaignId?: string): Table | undefined {
  const id = campaignId ?? initiatives.featuredCampaignId;
  const campaign = initiatives.campaigns.find((c) => c.campaignId === id);
  if (campaign === undefined) return undefined;
  const { report } = campaign;
  const currency = report.currency;
  const rows = Object.entries(report.table).map(([name, row]): Row => {
    const money = name.endsWith('Minor');
    const scale = (value: number | null): number | null => (value === null ? null : money ? majorUnits(value, currency) : value);
    return {
      kpi: money ? `${name.slice(0, -'Minor'.length)}${currency === null ? '' : ` (${currency})`}` : name,
      before: scale(row.before),
      during: scale(row.during),
      after: scale(row.after),
      duringVsBefore: row.duringVsBefore.relative,
      afterVsBefore: row.afterVsBefore.relative,
      rate: RATE_KPIS.has(name),
    };
  });
  const m = report.moments;
  return {
    title: `${campaign.name} (${campaign.campaignId}, ${campaign.status}): before ${m.before.start.slice(0, 10)}, during ${m.during.start.slice(0, 10)} – ${m.during.end.slice(0, 10)}, after until ${m.after.end.slice(0, 10)}${campaign.afterObserved ? '' : ' (after-window not fully observed)'}; target ${report.targetSize}, control ${report.controlSize}`,
    columns: [
      { key: 'kpi', header: 'kpi', format: 'text' },
      { key: 'before', header: 'before', format: 'number', digits: 3 },
      { key: 'during', header: 'during', format: 'number', digits: 3 },
      { key: 'after', header: 'after', format: 'number', digits: 3 },
      { key: 'duringVsBefore', header: 'during vs before', format: 'percent' },
      { key: 'afterVsBefore', header: 'after vs before', format: 'percent' },
    ],
    rows: rows.map(({ rate: _rate, ...row }) => row),
  };
}

function pick<T>(value: T | undefined, section: string): T {
  if (value === undefined) throw new Error(`The analysis has no ${section} section`);
  return value;
}

/**
 * The output of `crmkit funnel`, `survival`, `markov`, `attribution` and `kpi` from an analysis.
 *
 * @param command - which command
 * @param analysis - the result of `analyzeCrm` with that command's section
 * @param options - for `kpi`: the campaign, and whether to show every campaign
 * @returns the tables and the JSON (the section, with the workspace and cutoff)
 * @example
 * ```ts
 * analysisOutput('funnel', await analyzeCrm(store, { sections: ['funnel'] })).tables[0].rows.length; //=> 5
 * ```
 */
export function analysisOutput(command: 'funnel' | 'survival' | 'markov' | 'attribution' | 'kpi', analysis: CrmAnalysis, options: { readonly campaignId?: string; readonly all?: boolean } = {}): CommandOutput {
  const meta = { workspaceId: analysis.workspaceId, cutoff: analysis.cutoff };
  const note = `Workspace ${analysis.workspaceId}, as of ${analysis.cutoff}`;
  switch (command) {
    case 'funnel': {
      const funnel = pick(analysis.funnel, 'funnel');
      return { notes: [note], tables: [funnelTable(funnel)], json: { ...meta, funnel } };
    }
    case 'survival': {
      const survival = pick(analysis.survival, 'survival');
      return { notes: [note], tables: survivalTables(survival), json: { ...meta, survival } };
    }
    case 'markov': {
      const markov = pick(analysis.markov, 'markov');
      const notes = markov.absorbingError === null ? [note] : [note, `No absorption analysis: ${markov.absorbingError}`];
      return { notes, tables: markovTables(markov), json: { ...meta, markov } };
    }
    case 'attribution': {
      const attribution = pick(analysis.attribution, 'attribution');
      const { models: _models, ...compact } = attribution;
      return { notes: [note], tables: [attributionTable(attribution)], json: { ...meta, attribution: compact } };
    }
    case 'kpi': {
      const initiatives = pick(analysis.initiatives, 'initiatives');
      const ids = options.all === true ? initiatives.campaigns.map((c) => c.campaignId) : [options.campaignId ?? initiatives.featuredCampaignId].filter((id): id is string => id !== null && id !== undefined);
      const tables = [campaignsTable(initiatives), ...ids.map((id) => initiativeTable(initiatives, id)).filter((t): t is Table => t !== undefined)];
      const notes = initiatives.campaigns.length === 0 ? [note, 'No campaigns.'] : [note];
      return { notes, tables, json: { ...meta, initiatives } };
    }
  }
}

/** The headline figures of a full analysis (what `crmkit demo` prints and `--json` returns). */
export interface HeadlineSummary {
  /** Records per entity (only non-zero). */
  readonly records: Readonly<Record<string, number>>;
  /** Transition-log entries. */
  readonly transitions: number;
  /** Contacts that became leads, and the share of them that became customers. */
  readonly leadToCustomer: { readonly leads: number; readonly customers: number; readonly rate: number | null } | null;
  /** Deals won / (won + lost). */
  readonly winRate: number | null;
  /** Median days from creation to customer per source (`null`: not reached), fastest first. */
  readonly medianDaysToCustomer: ReadonlyArray<{ readonly group: string; readonly median: number | null }>;
  /** The log-rank p-value across the groups. */
  readonly logRankPValue: number | null;
  /** From `lead`: the probability of ending in each absorbing stage. */
  readonly absorptionFromLead: Readonly<Record<string, number>> | null;
  /** The three channels with the most Markov-attributed conversions. */
  readonly topChannels: ReadonlyArray<{ readonly channel: string; readonly markov: number; readonly removalEffect: number | null }>;
  /** The featured campaign's redemption rate before / during / after. */
  readonly featuredCampaign: {
    readonly id: string;
    readonly name: string;
    /** Redemption rate of all members before / during / after. */
    readonly redemptionRate: { readonly before: number | null; readonly during: number | null; readonly after: number | null };
    /** During the campaign: target vs control redemption and the two-sided p-value of the difference; `null` without a control group. */
    readonly uplift: { readonly target: number; readonly control: number; readonly pValue: number | null } | null;
  } | null;
}

/**
 * The headline figures of a full analysis.
 *
 * @param analysis - a full `analyzeCrm` result
 * @returns the figures
 * @example
 * ```ts
 * headlineSummary(analysis).winRate; //=> 0.879
 * ```
 */
export function headlineSummary(analysis: CrmAnalysis): HeadlineSummary {
  const records = Object.fromEntries(Object.entries(analysis.summary?.entities ?? {}).filter(([, n]) => n > 0));
  const steps = analysis.funnel?.steps ?? [];
  const last = steps[steps.length - 1];
  const deals = analysis.summary?.dealsByStatus;
  const decided = deals === undefined ? 0 : deals.won + deals.lost;
  const survival = analysis.survival;
  const medians = survival === undefined ? [] : [...survival.curves].map((c) => ({ group: survival.labels[String(c.group)] ?? String(c.group), median: c.median.time })).sort((a, b) => (a.median ?? Number.POSITIVE_INFINITY) - (b.median ?? Number.POSITIVE_INFINITY));
  const absorbing = analysis.markov?.absorbing ?? null;
  const leadIndex = absorbing === null ? -1 : absorbing.transient.indexOf('lead');
  const absorptionFromLead = absorbing === null || leadIndex < 0 ? null : Object.fromEntries(absorbing.absorbing.map((state, k) => [state, absorbing.absorptionProbabilities[leadIndex]?.[k] ?? 0]));
  const topChannels = [...(analysis.attribution?.channels ?? [])]
    .sort((a, b) => b.conversions.markov - a.conversions.markov)
    .slice(0, 3)
    .map((c) => ({ channel: c.channel, markov: c.conversions.markov, removalEffect: c.removalEffect }));
  const initiatives = analysis.initiatives;
  const featured = initiatives?.campaigns.find((c) => c.campaignId === initiatives.featuredCampaignId);
  return {
    records,
    transitions: analysis.summary?.transitions ?? 0,
    leadToCustomer: analysis.funnel === undefined ? null : { leads: analysis.funnel.cohortSize, customers: last?.reached ?? 0, rate: last?.rateFromStart ?? null },
    winRate: deals === undefined || decided === 0 ? null : deals.won / decided,
    medianDaysToCustomer: medians,
    logRankPValue: survival?.logRank?.pValue ?? null,
    absorptionFromLead,
    topChannels,
    featuredCampaign:
      featured === undefined
        ? null
        : {
            id: featured.campaignId,
            name: featured.name,
            redemptionRate: { before: featured.report.table.redemptionRate.before, during: featured.report.table.redemptionRate.during, after: featured.report.table.redemptionRate.after },
            uplift: (() => {
              const during = featured.report.incremental?.during.redemption ?? null;
              return during === null ? null : { target: during.target.proportion, control: during.control.proportion, pValue: during.pValue };
            })(),
          },
  };
}

/**
 * The headline figures as two terminal tables: record counts, and the key figures.
 *
 * @param summary - from {@link headlineSummary}
 * @returns the tables
 * @example
 * ```ts
 * summaryTables(headlineSummary(analysis))[1].rows[0].figure; //=> 'leads → customers'
 * ```
 */
export function summaryTables(summary: HeadlineSummary): Table[] {
  const counts: Table = {
    title: 'Records',
    columns: [
      { key: 'entity', header: 'entity', format: 'text' },
      { key: 'count', header: 'count', format: 'int' },
    ],
    rows: [...Object.entries(summary.records).map(([entity, count]) => ({ entity, count })), { entity: 'log transitions', count: summary.transitions }],
  };
  const pct = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)} %`);
  const figures: Row[] = [];
  if (summary.leadToCustomer !== null) figures.push({ figure: 'leads → customers', value: `${summary.leadToCustomer.customers.toLocaleString('en-US')} of ${summary.leadToCustomer.leads.toLocaleString('en-US')} (${pct(summary.leadToCustomer.rate)})` });
  figures.push({ figure: 'deal win rate', value: pct(summary.winRate) });
  if (summary.medianDaysToCustomer.length > 0) {
    const reached = summary.medianDaysToCustomer.filter((m) => m.median !== null).map((m) => `${m.group} ${Math.round(m.median as number)}`);
    const notReached = summary.medianDaysToCustomer.filter((m) => m.median === null).map((m) => m.group);
    figures.push({ figure: 'median days to customer', value: [reached.join(', '), notReached.length === 0 ? '' : `not reached: ${notReached.join(', ')}`].filter((part) => part !== '').join('; ') });
  }
  if (summary.logRankPValue !== null) figures.push({ figure: 'log-rank p (sources differ)', value: summary.logRankPValue < 0.0001 ? '< 0.0001' : summary.logRankPValue.toFixed(4) });
  if (summary.absorptionFromLead !== null) {
    figures.push({ figure: 'a lead ends as', value: Object.entries(summary.absorptionFromLead).map(([state, p]) => `${state} ${pct(p)}`).join(', ') });
  }
  if (summary.topChannels.length > 0) {
    figures.push({ figure: 'top channels (markov)', value: summary.topChannels.map((c) => `${c.channel} ${c.markov.toFixed(1)}`).join(', ') });
  }
  if (summary.featuredCampaign !== null) {
    const { uplift, redemptionRate } = summary.featuredCampaign;
    const p = uplift?.pValue ?? null;
    figures.push({
      figure: `campaign "${summary.featuredCampaign.name}"`,
      value:
        uplift === null
          ? `redemption during ${pct(redemptionRate.during)}`
          : `redemption during: target ${pct(uplift.target)} vs control ${pct(uplift.control)} (p ${p === null ? '—' : p < 0.0001 ? '< 0.0001' : p.toFixed(4)})`,
    });
  }
  return [
    counts,
    {
      title: 'Headline figures',
      columns: [
        { key: 'figure', header: 'figure', format: 'text' },
        { key: 'value', header: 'value', format: 'text' },
      ],
      rows: figures,
    },
  ];
}
