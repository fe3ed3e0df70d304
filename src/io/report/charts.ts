/**
 * The report's charts as Vega-Lite specifications: pure functions from the sections of a
 * {@link CrmAnalysis} to self-contained specs (data inline), so an analyst can paste one into a
 * notebook (Altair's `alt.Chart.from_dict`, the Vega editor, `vegaEmbed`) and restyle it.
 *
 * @module io/report
 */
import type { TopLevelSpec } from 'vega-lite';
import { InvalidArgumentError } from '../../errors';
import { currencyExponent } from '../../model/money';
import { byStageOrder, stageLabel, survivalGroupOrder } from './_labels';
import type { AttributionSection, CohortsSection, CrmAnalysis, ForecastSection, FunnelSection, InitiativesSection, MarkovSection, SurvivalSection } from './analyze';

/** A Vega-Lite specification (vega-lite's `TopLevelSpec`), data inline. */
export type VegaLiteSpec = TopLevelSpec;

/** One chart of the report. */
export interface ReportChart {
  /** Stable id (`funnel`, `survival`, …), used as `data-chart` in the HTML. */
  readonly id: string;
  /** Heading. */
  readonly title: string;
  /** One or two sentences: what the chart shows and how to read it. */
  readonly description: string;
  /** The Vega-Lite specification. */
  readonly spec: VegaLiteSpec;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 480;
const CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' as const, gridColor: '#e6e6e6', domainColor: '#888', tickColor: '#888' },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' as const },
  background: 'white',
};

function percent(value: number | null): string {
  return value === null ? 'n/a' : `${(value * 100).toFixed(value < 0.1 && value > 0 ? 1 : 0)}%`;
}

/** Minor units to major units of a currency. */
function major(amountMinor: number, currency: string): number {
  return amountMinor / 10 ** currencyExponent(currency);
}

/**
 * The cumulative lead funnel: contacts that reached each stage (or a later one), with the share
 * of the cohort.
 *
 * @param funnel - the funnel section of {@link analyzeCrm}
 * @returns the chart `funnel`
 * @example
 * ```ts
 * const chart = funnelChart(analysis.funnel!);
 * chart.id; //=> 'funnel'
 * ```
 */
export function funnelChart(funnel: FunnelSection): ReportChart {
  const values = funnel.steps.map((step) => ({
    stage: stageLabel(step.stage),
    reached: step.reached,
    label: `${step.reached} (${percent(step.rateFromStart)})`,
  }));
  const max = Math.max(1, ...funnel.steps.map((s) => s.reached));
  return {
    id: 'funnel',
    title: 'Lead funnel',
    description: `Of the ${funnel.cohortSize} contacts that ever became leads, how many reached each stage or a later one (a skipped stage counts as passed); the percentage is of the cohort.`,
    spec: {
      $schema: SCHEMA,
      width: WIDTH,
      height: { step: 34 },
      data: { values },
      encoding: {
        y: { field: 'stage', type: 'nominal', sort: values.map((v) => v.stage), title: null, axis: { labelFontSize: 12 } },
        x: { field: 'reached', type: 'quantitative', title: 'Contacts', scale: { domain: [0, Math.ceil(max * 1.18)] } },
      },
      layer: [
        { mark: { type: 'bar', color: '#4c78a8', cornerRadiusEnd: 2 } },
        { mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: 11, color: '#333' }, encoding: { text: { field: 'label', type: 'nominal' } } },
      ],
      config: CONFIG,
    },
  };
}

/**
 * Kaplan–Meier curves of time to conversion, one step line per group with its pointwise 95%
 * confidence band: overlaid for up to four groups, one small panel per group (shared axes) for
 * more.
 *
 * @param survival - the survival section of {@link analyzeCrm}
 * @returns the chart `survival`
 * @example
 * ```ts
 * kaplanMeierChart(analysis.survival!).title; //=> 'Time to conversion by source'
 * ```
 */
export function kaplanMeierChart(survival: SurvivalSection): ReportChart {
  const values: { group: string; time: number; survival: number; lower: number | null; upper: number | null }[] = [];
  const curves = survivalGroupOrder(survival.by, survival.curves);
  for (const curve of curves) {
    const group = survival.labels[curve.group] ?? curve.group;
    values.push({ group, time: 0, survival: 1, lower: 1, upper: 1 });
    for (const row of curve.table) values.push({ group, time: row.time, survival: row.survival, lower: row.lower, upper: row.upper });
  }
  const groups = curves.map((c) => survival.labels[c.group] ?? c.group);
  const scale = { domain: groups, scheme: groups.length > 10 ? 'tableau20' : 'tableau10' };
  const test = survival.logRank;
  const small = groups.length > SMALL_MULTIPLES_ABOVE;
  const x = { field: 'time', type: 'quantitative' as const, title: 'Days since creation' };
  const y = { field: 'survival', type: 'quantitative' as const, scale: { domain: [0, 1] }, title: 'Not yet converted', axis: { format: '.0%' } };
  const layer = [
    {
      // The band: only where the interval is defined (it is not once the estimate reaches 0).
      transform: [{ filter: 'isValid(datum.lower) && isValid(datum.upper)' }],
      mark: { type: 'area' as const, interpolate: 'step-after' as const, opacity: small ? 0.2 : 0.1 },
      encoding: { x, y: { ...y, field: 'lower' }, y2: { field: 'upper' }, color: { field: 'group', type: 'nominal' as const, scale, legend: null } },
    },
    {
      mark: { type: 'line' as const, interpolate: 'step-after' as const, strokeWidth: small ? 1.6 : 2 },
      encoding: { x, y, color: { field: 'group', type: 'nominal' as const, scale, ...(small ? { legend: null } : { title: BY_TITLE[survival.by], legend: { symbolType: 'stroke', symbolStrokeWidth: 2.5 } }) } },
    },
  ];
  const columns = Math.min(4, groups.length);
  const spec: VegaLiteSpec = small
    ? {
        $schema: SCHEMA,
        data: { values },
        columns,
        facet: { field: 'group', type: 'nominal', sort: groups, title: null, header: { labelFontSize: 12, labelPadding: 4 } },
        spec: { width: Math.floor((WIDTH + 180) / columns) - 30, height: 120, layer },
        config: CONFIG,
      }
    : { $schema: SCHEMA, width: WIDTH, height: 300, data: { values }, layer, resolve: { legend: { color: 'independent' } }, config: CONFIG };
  return {
    id: 'survival',
    title: `Time to conversion by ${survival.by}`,
    description:
      `Kaplan–Meier estimate of the share of contacts not yet customers, by days since creation, with 95% pointwise confidence bands${small ? ', one panel per group' : ''}; contacts still open at the cutoff are censored. ` +
      (test === null ? 'One group only: no log-rank test.' : `Log-rank test: χ² = ${test.chiSquare.toFixed(2)} on ${test.df} df, p = ${test.pValue === null ? 'n/a' : formatP(test.pValue)}.`),
    spec,
  };
}

/** Above this many groups the Kaplan–Meier chart draws one panel per group (overlapping bands become unreadable). */
const SMALL_MULTIPLES_ABOVE = 4;

const BY_TITLE = { source: 'Source', owner: 'Owner', company: 'Company size' } as const;

function formatP(p: number): string {
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

/**
 * Heatmap of the lead lifecycle's transition matrix: P(next stage | current stage), with the
 * probability written in every observed cell.
 *
 * @param markov - the Markov section of {@link analyzeCrm}
 * @returns the chart `transition-matrix`
 * @example
 * ```ts
 * transitionMatrixChart(analysis.markov!).id; //=> 'transition-matrix'
 * ```
 */
export function transitionMatrixChart(markov: MarkovSection): ReportChart {
  const { chain } = markov;
  const order = byStageOrder(chain.states);
  const values: { from: string; to: string; p: number; n: number; label: string }[] = [];
  for (const from of order) {
    const i = chain.states.indexOf(from);
    for (const to of order) {
      const j = chain.states.indexOf(to);
      const p = chain.probabilities[i]?.[j] ?? 0;
      const n = chain.counts[i]?.[j] ?? 0;
      values.push({ from: stageLabel(from), to: stageLabel(to), p, n, label: p > 0 ? p.toFixed(2) : '' });
    }
  }
  const labels = order.map(stageLabel);
  const cell = Math.max(30, Math.min(56, Math.floor(WIDTH / Math.max(1, labels.length))));
  return {
    id: 'transition-matrix',
    title: 'Stage transition probabilities',
    description: `Maximum-likelihood transition matrix of the lead lifecycle (${chain.transitionCount} transitions of ${chain.sequenceCount} contacts): each row is the current stage, each column the next one. Stages never left are drawn as absorbing (probability 1 on the diagonal).`,
    spec: {
      $schema: SCHEMA,
      width: { step: cell },
      height: { step: Math.round(cell * 0.62) },
      data: { values },
      encoding: {
        x: { field: 'to', type: 'nominal', sort: labels, title: 'Next stage', axis: { orient: 'top', labelAngle: -35, labelAlign: 'left' } },
        y: { field: 'from', type: 'nominal', sort: labels, title: 'Current stage' },
      },
      layer: [
        {
          mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
          encoding: { color: { field: 'p', type: 'quantitative', title: 'P(next)', scale: { domain: [0, 1], range: ['#f3f7fb', '#08519c'] }, legend: { format: '.0%' } } },
        },
        {
          mark: { type: 'text', fontSize: 10 },
          encoding: {
            text: { field: 'label', type: 'nominal' },
            color: { condition: { test: 'datum.p > 0.55', value: 'white' }, value: '#222' },
          },
        },
      ],
      config: CONFIG,
    },
  };
}

/**
 * Absorption probabilities: from each transient stage, the probability of ending in each
 * terminal stage (customer, disqualified, nurture…), as stacked bars summing to 1.
 *
 * @param markov - the Markov section of {@link analyzeCrm}
 * @returns the chart `absorption` (without data when `markov.absorbing` is `null`)
 * @example
 * ```ts
 * absorptionChart(analysis.markov!).id; //=> 'absorption'
 * ```
 */
export function absorptionChart(markov: MarkovSection): ReportChart {
  const result = markov.absorbing;
  const values: { from: string; outcome: string; probability: number; order: number; label: string }[] = [];
  if (result !== null) {
    const absorbingOrder = byStageOrder(result.absorbing);
    for (const from of byStageOrder(result.transient)) {
      const i = result.transient.indexOf(from);
      for (const outcome of absorbingOrder) {
        const k = result.absorbing.indexOf(outcome);
        const probability = result.absorptionProbabilities[i]?.[k] ?? 0;
        values.push({ from: stageLabel(from), outcome: stageLabel(outcome), probability, order: absorbingOrder.indexOf(outcome), label: probability >= 0.07 ? percent(probability) : '' });
      }
    }
  }
  const outcomes = result === null ? [] : byStageOrder(result.absorbing).map(stageLabel);
  const froms = result === null ? [] : byStageOrder(result.transient).map(stageLabel);
  const x = { field: 'probability', type: 'quantitative' as const, stack: 'zero' as const, title: 'Probability of ending in', axis: { format: '.0%' }, scale: { domain: [0, 1] } };
  return {
    id: 'absorption',
    title: 'Where leads end up',
    description: 'Absorption probabilities of the lead-lifecycle Markov chain (B = N·R, Grinstead & Snell): from each stage, the probability that a contact eventually ends as a customer, disqualified, in nurture or as an evangelist.',
    spec: {
      $schema: SCHEMA,
      width: WIDTH,
      height: { step: 30 },
      data: { values },
      encoding: {
        y: { field: 'from', type: 'nominal', sort: froms, title: 'From stage' },
        x,
        order: { field: 'order', type: 'quantitative' },
      },
      layer: [
        { mark: { type: 'bar' }, encoding: { color: { field: 'outcome', type: 'nominal', title: 'Ends as', scale: { domain: outcomes, range: OUTCOME_COLORS.slice(0, Math.max(1, outcomes.length)) }, sort: outcomes } } },
        {
          mark: { type: 'text', dx: -3, align: 'right', baseline: 'middle', fontSize: 10, color: 'white' },
          encoding: { text: { field: 'label', type: 'nominal' } },
        },
      ],
      config: CONFIG,
    },
  };
}

const OUTCOME_COLORS = ['#2e7d32', '#66bb6a', '#f9a825', '#c62828', '#6d4c41', '#5e35b1'];

/**
 * Conversions attributed to each channel by four models (first touch, last touch, linear,
 * Markov removal effect), side by side.
 *
 * @param attribution - the attribution section of {@link analyzeCrm}
 * @returns the chart `attribution`
 * @example
 * ```ts
 * attributionChart(analysis.attribution!).id; //=> 'attribution'
 * ```
 */
export function attributionChart(attribution: AttributionSection): ReportChart {
  const models = [
    ['firstTouch', 'First touch'],
    ['lastTouch', 'Last touch'],
    ['linear', 'Linear'],
    ['markov', 'Markov'],
  ] as const;
  const values = attribution.channels.flatMap((c) => models.map(([key, model]) => ({ channel: c.channel, model, conversions: c.conversions[key] })));
  const channels = [...attribution.channels].sort((a, b) => b.conversions.markov - a.conversions.markov).map((c) => c.channel);
  return {
    id: 'attribution',
    title: 'Attribution by channel',
    description: `${attribution.convertedJourneys} converted journeys (of ${attribution.journeys}) credited to channels by four models; channels sorted by Markov credit (ChannelAttribution's removal effect).`,
    spec: {
      $schema: SCHEMA,
      width: WIDTH,
      height: { step: 6 },
      data: { values },
      encoding: {
        y: { field: 'channel', type: 'nominal', sort: channels, title: null, axis: { labelFontSize: 12 } },
        yOffset: { field: 'model', type: 'nominal', sort: models.map(([, m]) => m) },
        x: { field: 'conversions', type: 'quantitative', title: 'Attributed conversions' },
        color: { field: 'model', type: 'nominal', title: 'Model', sort: models.map(([, m]) => m), scale: { domain: models.map(([, m]) => m), range: ['#9ecae9', '#4c78a8', '#f58518', '#54a24b'] } },
      },
      mark: { type: 'bar' },
      config: CONFIG,
    },
  };
}

/**
 * Cohort retention heatmap: for each month of first purchase, the share of its customers
 * buying again k months later.
 *
 * @param cohorts - the cohorts section of {@link analyzeCrm}
 * @returns the chart `cohort-retention`
 * @example
 * ```ts
 * cohortRetentionChart(analysis.cohorts!).id; //=> 'cohort-retention'
 * ```
 */
export function cohortRetentionChart(cohorts: CohortsSection): ReportChart {
  const values = cohorts.rows.flatMap((row) =>
    row.rates.map((rate, k) => ({ cohort: `${row.cohort} (${row.size})`, month: k, rate, label: String(Math.round(rate * 100)) })),
  );
  const months = Math.max(1, ...cohorts.rows.map((r) => r.rates.length));
  const cell = Math.max(14, Math.min(40, Math.floor((WIDTH + 140) / months)));
  return {
    id: 'cohort-retention',
    title: 'Cohort retention',
    description: 'Customers grouped by the month of their first purchase (cohort size in brackets); each cell is the percentage of the cohort that bought in the k-th month after it. The last column of each row is the partial month of the cutoff.',
    spec: {
      $schema: SCHEMA,
      width: { step: cell },
      height: { step: 18 },
      data: { values },
      encoding: {
        x: { field: 'month', type: 'ordinal', title: 'Months since first purchase', axis: { labelAngle: 0 } },
        y: { field: 'cohort', type: 'ordinal', title: 'Cohort (customers)' },
      },
      layer: [
        { mark: { type: 'rect', stroke: 'white', strokeWidth: 1 }, encoding: { color: { field: 'rate', type: 'quantitative', title: 'Retention', scale: { scheme: 'greens', domain: [0, 1] }, legend: { format: '.0%' } } } },
        ...(cell >= 20
          ? [{ mark: { type: 'text' as const, fontSize: 9 }, encoding: { text: { field: 'label', type: 'nominal' as const }, color: { condition: { test: 'datum.rate > 0.55', value: 'white' }, value: '#333' } } }]
          : []),
      ],
      config: CONFIG,
    },
  };
}

/** The proportions shown in the initiative chart, with their labels. */
const INITIATIVE_KPIS = [
  ['redemptionRate', 'Redemption'],
  ['penetrationRate', 'Penetration'],
  ['trialRate', 'Trial'],
  ['retentionRate', 'Retention'],
] as const;

/**
 * Initiative KPIs of one campaign before, during and after it: redemption, penetration, trial
 * and retention of the target group, as grouped bars.
 *
 * @param initiatives - the initiatives section of {@link analyzeCrm}
 * @param campaignId - the campaign (default `initiatives.featuredCampaignId`)
 * @returns the chart `initiative-kpis`
 * @throws `InvalidArgumentError` when the campaign is not in the section
 * @example
 * ```ts
 * initiativeKpiChart(analysis.initiatives!).id; //=> 'initiative-kpis'
 * ```
 */
export function initiativeKpiChart(initiatives: InitiativesSection, campaignId?: string): ReportChart {
  const id = campaignId ?? initiatives.featuredCampaignId;
  const campaign = initiatives.campaigns.find((c) => c.campaignId === id);
  if (campaign === undefined) throw new InvalidArgumentError(`initiativeKpiChart: no campaign ${String(id)} in the analysis`);
  const moments = [
    ['before', 'Before'],
    ['during', 'During'],
    ['after', 'After'],
  ] as const;
  const values = INITIATIVE_KPIS.flatMap(([key, kpi]) =>
    moments.flatMap(([moment, label]) => {
      const value = campaign.report.table[key][moment];
      return value === null ? [] : [{ kpi, moment: label, value, label: percent(value) }];
    }),
  );
  const { moments: m } = campaign.report;
  const day = (iso: string) => iso.slice(0, 10);
  return {
    id: 'initiative-kpis',
    title: `Campaign “${campaign.name}”: before, during, after`,
    description:
      `Target group (${campaign.report.targetSize} members, ${campaign.report.controlSize} in control) of ${campaign.campaignId}. Before ${day(m.before.start)}–${day(m.before.end)}, during ${day(m.during.start)}–${day(m.during.end)}, after ${day(m.after.start)}–${day(m.after.end)} (half-open)` +
      (campaign.afterObserved ? '.' : '; the after-window is not over at the cutoff, so after-figures are partial.'),
    spec: {
      $schema: SCHEMA,
      width: WIDTH,
      height: 240,
      data: { values },
      encoding: {
        x: { field: 'kpi', type: 'nominal', sort: INITIATIVE_KPIS.map(([, k]) => k), title: null, axis: { labelAngle: 0, labelFontSize: 12 } },
        xOffset: { field: 'moment', type: 'nominal', sort: moments.map(([, l]) => l) },
        y: { field: 'value', type: 'quantitative', title: 'Share of target members', axis: { format: '.0%' }, scale: { domainMin: 0 } },
      },
      layer: [
        { mark: { type: 'bar' }, encoding: { color: { field: 'moment', type: 'nominal', title: 'Moment', sort: moments.map(([, l]) => l), scale: { domain: moments.map(([, l]) => l), range: ['#bab0ac', '#4c78a8', '#f58518'] } } } },
        { mark: { type: 'text', dy: -6, fontSize: 10, color: '#333' }, encoding: { text: { field: 'label', type: 'nominal' } } },
      ],
      config: CONFIG,
    },
  };
}

/** Stacking order of the forecast categories (omitted deals are not drawn). */
const FORECAST_ORDER = [
  ['closed', 'Closed (won)'],
  ['commit', 'Commit'],
  ['best_case', 'Best case'],
  ['pipeline', 'Pipeline'],
] as const;

/**
 * Pipeline by forecast category for the cutoff's quarter and the next one: won deals closed in
 * the quarter, then open deals expected to close in it by category, stacked.
 *
 * @param forecast - the forecast section of {@link analyzeCrm}
 * @returns the chart `forecast`
 * @example
 * ```ts
 * forecastChart(analysis.forecast!).id; //=> 'forecast'
 * ```
 */
export function forecastChart(forecast: ForecastSection): ReportChart {
  const currencies = [...new Set(forecast.periods.flatMap((p) => Object.keys(p.byCurrency)))].sort();
  const values = forecast.periods.flatMap((period) =>
    currencies.flatMap((currency) => {
      const entry = period.byCurrency[currency];
      if (entry === undefined) return [];
      return FORECAST_ORDER.map(([key, category], order) => ({
        period: currencies.length > 1 ? `${period.label} ${currency}` : period.label,
        category,
        order,
        amount: major(entry.categories[key].amountMinor, currency),
      }));
    }),
  );
  const unit = currencies.length === 1 ? (currencies[0] as string) : 'major units';
  return {
    id: 'forecast',
    title: 'Pipeline by forecast category',
    description: `Won deals closed in the quarter plus open deals expected to close in it, by forecast category (the deal's own category, else its stage's), in ${unit}. Commit = closed + commit; best case adds best case; the total adds pipeline.`,
    spec: {
      $schema: SCHEMA,
      width: WIDTH,
      height: { step: 44 },
      data: { values },
      encoding: {
        y: { field: 'period', type: 'nominal', title: null, axis: { labelFontSize: 12 } },
        x: { field: 'amount', type: 'quantitative', stack: 'zero', title: `Amount (${unit})`, axis: { format: ',.0f' } },
        order: { field: 'order', type: 'quantitative' },
        color: { field: 'category', type: 'nominal', title: 'Category', sort: FORECAST_ORDER.map(([, c]) => c), scale: { domain: FORECAST_ORDER.map(([, c]) => c), range: ['#2e7d32', '#4c78a8', '#9ecae9', '#d8d8d8'] } },
      },
      mark: { type: 'bar' },
      config: CONFIG,
    },
  };
}

/**
 * Every chart the analysis has data for, in report order: funnel, survival, transition matrix,
 * absorption, attribution, cohort retention, initiative KPIs, forecast. Sections that are absent
 * or empty (no curve, no transition, no channel, no cohort, no campaign, no deal) give no chart.
 *
 * @param analysis - from {@link analyzeCrm}
 * @returns the charts
 * @example
 * ```ts
 * reportCharts(analysis).map((c) => c.id);
 * //=> ['funnel', 'survival', 'transition-matrix', 'absorption', 'attribution', 'cohort-retention', 'initiative-kpis', 'forecast']
 * ```
 */
export function reportCharts(analysis: CrmAnalysis): ReportChart[] {
  const charts: ReportChart[] = [];
  if (analysis.funnel !== undefined && analysis.funnel.cohortSize > 0) charts.push(funnelChart(analysis.funnel));
  if (analysis.survival !== undefined && analysis.survival.curves.length > 0) charts.push(kaplanMeierChart(analysis.survival));
  if (analysis.markov !== undefined && analysis.markov.chain.transitionCount > 0) {
    charts.push(transitionMatrixChart(analysis.markov));
    if (analysis.markov.absorbing !== null) charts.push(absorptionChart(analysis.markov));
  }
  if (analysis.attribution !== undefined && analysis.attribution.channels.length > 0) charts.push(attributionChart(analysis.attribution));
  if (analysis.cohorts !== undefined && analysis.cohorts.rows.length > 0) charts.push(cohortRetentionChart(analysis.cohorts));
  if (analysis.initiatives !== undefined && analysis.initiatives.featuredCampaignId !== null) charts.push(initiativeKpiChart(analysis.initiatives));
  if (analysis.forecast !== undefined && analysis.forecast.periods.some((p) => Object.keys(p.byCurrency).length > 0)) charts.push(forecastChart(analysis.forecast));
  return charts;
}
