/**
 * The self-contained `report.html`: one file with inline CSS, every chart as inline SVG, the key
 * numbers as HTML tables beside each chart, and each chart's Vega-Lite specification embedded as
 * JSON. No script runs and nothing is fetched when it is opened.
 *
 * @module io/report
 */
import { currencyExponent } from '../../model/money';
import { byStageOrder, stageLabel, survivalGroupOrder } from './_labels';
import type { CrmAnalysis } from './analyze';
import { reportCharts, type ReportChart } from './charts';
import { renderChartSvg } from './render';

/** Options of {@link renderReportHtml}. */
export interface RenderReportHtmlOptions {
  /** The page title and heading (default `CRM report — <workspace>`). */
  readonly title?: string;
  /** When the report was generated, shown in the header (default: not shown — the output then depends only on the analysis). */
  readonly generatedAt?: Date;
}

/**
 * Escapes text for HTML element content and attribute values (`& < > " '`).
 *
 * @param text - any string
 * @returns the escaped string
 * @example
 * ```ts
 * escapeHtml('<b>"A&B"</b>'); //=> '&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;'
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** JSON that is safe inside `<script type="application/json">`: no `<` can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const e = escapeHtml;

function pct(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? '–' : `${(value * 100).toFixed(digits)}%`;
}

function num(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? '–' : value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function int(value: number): string {
  return value.toLocaleString('en', { maximumFractionDigits: 0 });
}

function money(amountMinor: number | null | undefined, currency: string | null): string {
  if (amountMinor === null || amountMinor === undefined) return '–';
  if (currency === null) return num(amountMinor, 0);
  const value = amountMinor / 10 ** currencyExponent(currency);
  try {
    return value.toLocaleString('en', { style: 'currency', currency, maximumFractionDigits: 0 });
  } catch {
    return `${num(value, 0)} ${currency}`;
  }
}

function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined) return '–';
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

/** A table from a header row and body rows of already-escaped cells; numeric columns align right. */
function table(head: readonly string[], rows: readonly (readonly string[])[], caption?: string): string {
  const th = head.map((h, i) => `<th${i > 0 ? ' class="n"' : ''}>${h}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell, i) => (i === 0 ? `<th scope="row">${cell}</th>` : `<td class="n">${cell}</td>`)).join('')}</tr>`).join('\n');
  return `<table>${caption === undefined ? '' : `<caption>${caption}</caption>`}<thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const stage = (s: string) => e(stageLabel(s));

/** The key numbers shown beside a chart. */
function numbers(chart: ReportChart, analysis: CrmAnalysis): string {
  switch (chart.id) {
    case 'funnel': {
      const f = analysis.funnel;
      if (f === undefined) return '';
      return table(
        ['Stage', 'Reached', 'Of cohort', 'Of previous'],
        f.steps.map((s) => [stage(s.stage), int(s.reached), pct(s.rateFromStart), pct(s.rateFromPrevious)]),
      );
    }
    case 'survival': {
      const s = analysis.survival;
      if (s === undefined) return '';
      const rows = survivalGroupOrder(s.by, s.curves).map((c) => [
        e(s.labels[c.group] ?? c.group),
        int(c.n),
        int(c.events),
        c.median.time === null ? 'not reached' : `${num(c.median.time, 0)}${c.median.lower === null ? '' : ` [${num(c.median.lower, 0)}, ${c.median.upper === null ? '–' : num(c.median.upper, 0)}]`}`,
        num(c.rmean.estimate, 0),
      ]);
      const test = s.logRank === null ? '' : `<p class="note">Log-rank: χ² = ${num(s.logRank.chiSquare, 2)} on ${s.logRank.df} df, p = ${pValue(s.logRank.pValue)}.</p>`;
      return table(['Group', 'Contacts', 'Converted', 'Median days [95% CI]', `Mean days (to day ${num(s.curves[0]?.rmean.upper ?? 0, 0)})`], rows) + test;
    }
    case 'transition-matrix': {
      const m = analysis.markov;
      if (m === undefined) return '';
      const { chain } = m;
      const rows = byStageOrder(chain.states).map((from) => {
        const i = chain.states.indexOf(from);
        const row = chain.probabilities[i] ?? [];
        let best = -1;
        row.forEach((p, j) => {
          if (best < 0 || p > (row[best] ?? 0)) best = j;
        });
        const total = chain.rowTotals[i] ?? 0;
        return [stage(from), int(total), total === 0 ? 'absorbing' : `${stage(chain.states[best] ?? '')} (${pct(row[best] ?? 0, 0)})`];
      });
      return table(['Stage', 'Transitions out', 'Most likely next'], rows);
    }
    case 'absorption': {
      const a = analysis.markov?.absorbing;
      if (a === null || a === undefined) return '';
      return table(
        ['From', ...byStageOrder(a.absorbing).map(stage), 'Expected steps'],
        byStageOrder(a.transient).map((from) => {
          const i = a.transient.indexOf(from);
          return [stage(from), ...byStageOrder(a.absorbing).map((to) => pct(a.absorptionProbabilities[i]?.[a.absorbing.indexOf(to)] ?? 0)), num(a.expectedSteps[i], 2)];
        }),
      );
    }
    case 'attribution': {
      const a = analysis.attribution;
      if (a === undefined) return '';
      return (
        table(
          ['Channel', 'First', 'Last', 'Linear', 'Markov', 'Removal effect'],
          a.channels.map((c) => [e(c.channel), num(c.conversions.firstTouch), num(c.conversions.lastTouch), num(c.conversions.linear), num(c.conversions.markov), pct(c.removalEffect)]),
        ) + `<p class="note">Markov credit of conversion value: ${a.channels.map((c) => `${e(c.channel)} ${e(money(c.value.markov, a.currency))}`).join(', ')}.</p>`
      );
    }
    case 'cohort-retention': {
      const c = analysis.cohorts;
      if (c === undefined) return '';
      const at = (rates: readonly number[], k: number) => (k < rates.length ? pct(rates[k], 0) : '–');
      return table(
        ['Cohort', 'Customers', 'Month 1', 'Month 3', 'Month 6', 'Month 12'],
        c.rows.map((r) => [e(r.cohort), int(r.size), at(r.rates, 1), at(r.rates, 3), at(r.rates, 6), at(r.rates, 12)]),
      );
    }
    case 'initiative-kpis': {
      const i = analysis.initiatives;
      if (i === undefined) return '';
      const featured = i.campaigns.find((c) => c.campaignId === i.featuredCampaignId);
      const inc = featured?.report.incremental?.during ?? null;
      const kpis = featured === undefined ? '' : table(
        ['KPI (target)', 'Before', 'During', 'After', 'During vs before'],
        ([
          ['Redemption', 'redemptionRate'],
          ['Penetration', 'penetrationRate'],
          ['Trial', 'trialRate'],
          ['Retention', 'retentionRate'],
        ] as const).map(([label, key]) => {
          const row = featured.report.table[key];
          return [label, pct(row.before), pct(row.during), pct(row.after), row.duringVsBefore.absolute === null ? '–' : `${row.duringVsBefore.absolute >= 0 ? '+' : ''}${num(row.duringVsBefore.absolute * 100, 1)} pt`];
        }).concat([['Sales', money(featured.report.table.salesMinor.before, featured.report.currency), money(featured.report.table.salesMinor.during, featured.report.currency), money(featured.report.table.salesMinor.after, featured.report.currency), pct(featured.report.table.salesMinor.duringVsBefore.relative)]]),
      );
      const effect = inc === null ? '<p class="note">No control group: no incremental effect.</p>' : `<p class="note">During, target − control: penetration ${inc.penetration === null ? '–' : `${num(inc.penetration.difference * 100, 1)} pt (p = ${pValue(inc.penetration.pValue)})`}, redemption ${inc.redemption === null ? '–' : `${num(inc.redemption.difference * 100, 1)} pt (p = ${pValue(inc.redemption.pValue)})`}.</p>`;
      const all = table(
        ['Campaign', 'Target', 'Control', 'Penetration during', 'Δ vs control', 'p'],
        i.campaigns.map((c) => {
          const pen = c.report.incremental?.during.penetration ?? null;
          return [e(c.name), int(c.report.targetSize), int(c.report.controlSize), pct(c.report.table.penetrationRate.during), pen === null ? '–' : `${num(pen.difference * 100, 1)} pt`, pValue(pen?.pValue)];
        }),
        'Every campaign',
      );
      return kpis + effect + all;
    }
    case 'forecast': {
      const f = analysis.forecast;
      if (f === undefined) return '';
      const rows = f.periods.flatMap((p) =>
        Object.entries(p.byCurrency).map(([currency, entry]) => [e(`${p.label} ${currency}`), e(money(entry.categories.closed.amountMinor, currency)), e(money(entry.commit.amountMinor, currency)), e(money(entry.bestCase.amountMinor, currency)), e(money(entry.total.amountMinor, currency))]),
      );
      return table(['Quarter', 'Closed', 'Commit', 'Best case', 'Total'], rows);
    }
    default:
      return '';
  }
}

function summaryHtml(analysis: CrmAnalysis): string {
  const s = analysis.summary;
  if (s === undefined) return '';
  const entities = Object.entries(s.entities).filter(([, n]) => n > 0);
  return `<section class="summary" id="summary"><h2>Data</h2><div class="tables">
${table(['Entity', 'Records'], entities.map(([name, n]) => [e(name), int(n)]))}
${table(['Lifecycle stage', 'Contacts'], Object.entries(s.contactsByStage).map(([name, n]) => [stage(name), int(n)]))}
${table(['Deals', 'Count'], [['open', int(s.dealsByStatus.open)], ['won', int(s.dealsByStatus.won)], ['lost', int(s.dealsByStatus.lost)], ['transitions in the log', int(s.transitions)]])}
</div></section>`;
}

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1f2328; background: #f6f7f9; }
header { background: #1f3b57; color: #fff; padding: 20px 32px 16px; }
header h1 { margin: 0 0 4px; font-size: 22px; font-weight: 600; }
header p { margin: 0; opacity: .85; }
nav { display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 8px 32px; background: #fff; border-bottom: 1px solid #e1e4e8; font-size: 13px; }
nav a { color: #1f5fa8; text-decoration: none; white-space: nowrap; }
main { max-width: 1280px; margin: 0 auto; padding: 16px 24px 40px; }
section { background: #fff; border: 1px solid #e1e4e8; border-radius: 8px; padding: 16px 20px; margin: 16px 0; }
h2 { margin: 0 0 4px; font-size: 17px; font-weight: 600; }
p.desc { margin: 0 0 12px; color: #57606a; max-width: 980px; }
p.note { margin: 8px 0 0; color: #57606a; font-size: 12.5px; max-width: 560px; }
.chart-body { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
.svg { flex: 0 0 auto; max-width: 100%; overflow-x: auto; }
.svg svg { display: block; height: auto; max-width: 100%; }
.numbers { flex: 0 1 auto; max-width: 100%; overflow-x: auto; }
.tables { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
table { border-collapse: collapse; font-size: 12.5px; margin: 0 0 8px; }
caption { text-align: left; font-weight: 600; padding: 8px 0 4px; }
th, td { padding: 3px 10px 3px 0; border-bottom: 1px solid #eaecef; text-align: left; white-space: nowrap; }
thead th { color: #57606a; font-weight: 600; border-bottom: 1px solid #d0d7de; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tbody th { font-weight: normal; }
details { margin-top: 10px; }
summary { cursor: pointer; color: #1f5fa8; font-size: 12.5px; }
pre { max-height: 320px; overflow: auto; background: #f6f8fa; border: 1px solid #e1e4e8; border-radius: 6px; padding: 8px; font-size: 11px; white-space: pre-wrap; word-break: break-all; }
footer { color: #57606a; font-size: 12px; text-align: center; padding: 0 0 24px; }
@media print { body { background: #fff; } section { break-inside: avoid; border: none; } nav, details { display: none; } }
`;

/**
 * Renders the whole report as one self-contained HTML document: a header (workspace, cutoff),
 * the data summary, then every chart of {@link reportCharts} as inline SVG (rendered headless by
 * {@link renderChartSvg}) with its key numbers as tables and its Vega-Lite specification embedded
 * as JSON (`<script type="application/json" id="spec-<id>">`, also readable in a collapsed
 * block). Every string from the data is HTML-escaped; the page needs no script and no network.
 * Each chart sits in an element with `data-chart="<id>"`.
 *
 * @param analysis - from {@link analyzeCrm} (or parsed back from its JSON)
 * @param options - title, generation time
 * @returns the HTML document
 * @throws `Error` when a chart cannot be rendered (see {@link renderChartSvg})
 * @example
 * ```ts
 * import { analyzeCrm, renderReportHtml } from 'crmkit/io/report';
 * const html = await renderReportHtml(await analyzeCrm(store), { title: 'Q2 review' });
 * html.includes('data-chart="funnel"'); //=> true
 * ```
 */
export async function renderReportHtml(analysis: CrmAnalysis, options: RenderReportHtmlOptions = {}): Promise<string> {
  const title = options.title ?? `CRM report — ${analysis.workspaceId}`;
  const charts = reportCharts(analysis);
  const parts: string[] = [];
  for (const chart of charts) {
    const svg = await renderChartSvg(chart.spec, { idPrefix: `${chart.id}-` });
    const json = JSON.stringify(chart.spec, null, 1);
    parts.push(`<section class="chart" id="chart-${e(chart.id)}" data-chart="${e(chart.id)}">
<h2>${e(chart.title)}</h2>
<p class="desc">${e(chart.description)}</p>
<div class="chart-body">
<figure class="svg" role="img" aria-label="${e(chart.title)}" style="margin:0">${svg}</figure>
<div class="numbers">${numbers(chart, analysis)}</div>
</div>
<details><summary>Vega-Lite specification (also embedded as JSON: <code>#spec-${e(chart.id)}</code>)</summary><pre>${e(json)}</pre></details>
<script type="application/json" id="spec-${e(chart.id)}">${scriptJson(chart.spec)}</script>
</section>`);
  }
  const nav = [analysis.summary === undefined ? '' : '<a href="#summary">Data</a>', ...charts.map((c) => `<a href="#chart-${e(c.id)}">${e(c.title)}</a>`)].join('\n');
  const meta = [`Workspace <strong>${e(analysis.workspaceId)}</strong>`, `data as of ${e(analysis.cutoff.slice(0, 10))}`, options.generatedAt === undefined ? '' : `generated ${e(options.generatedAt.toISOString().replace('T', ' ').slice(0, 16))} UTC`].filter((s) => s !== '').join(' · ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="crmkit">
<title>${e(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${e(title)}</h1><p>${meta}</p></header>
<nav>${nav}</nav>
<main>
${summaryHtml(analysis)}
${parts.join('\n')}
</main>
<footer>Made with crmkit · charts are Vega-Lite specifications rendered to SVG; every figure is computed by crmkit/kpi and crmkit/analysis.</footer>
</body>
</html>
`;
}
