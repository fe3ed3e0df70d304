/**
 * The CRM report: analyse the seeded demo data set, print the headline figures, write the
 * self-contained report.html (charts as inline SVG, specs embedded) and one chart's Vega-Lite
 * specification as JSON for a notebook.
 *
 * Run: npx tsx examples/report/main.ts   → .tmp/report.html, .tmp/report.json, .tmp/survival.vl.json
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cumulativeFunnel } from 'crmkit/kpi';
import { loadDemo } from 'crmkit/demo';
import { analyzeCrm, kaplanMeierChart, renderReportHtml, reportCharts } from 'crmkit/io/report';
import { createMemoryStore } from 'crmkit/store';

const cutoff = new Date('2025-06-30T00:00:00Z');
const store = createMemoryStore({ workspaceId: 'demo' });
await loadDemo(store, { seed: 42, size: 'small', cutoff, workspaceId: 'demo' });

// 1. Every section in a few streaming passes over the store.
const analysis = await analyzeCrm(store, { cutoff, onProgress: (step) => process.stdout.write(`${step} `) });
console.log();
const funnel = analysis.funnel!;
console.log(`funnel: ${funnel.steps.map((s) => `${s.stage} ${s.reached}`).join(' → ')}`);
const test = analysis.survival!.logRank!;
console.log(`time to conversion by source: ${analysis.survival!.curves.length} curves, log-rank χ² = ${test.chiSquare.toFixed(2)} on ${test.df} df, p = ${test.pValue?.toFixed(3)}`);
const top = [...analysis.attribution!.channels].sort((a, b) => b.conversions.markov - a.conversions.markov)[0]!;
console.log(`attribution: top channel by Markov credit ${top.channel} (${top.conversions.markov.toFixed(1)} of ${analysis.attribution!.convertedJourneys} conversions; last touch gives it ${top.conversions.lastTouch})`);
const featured = analysis.initiatives!.campaigns.find((c) => c.campaignId === analysis.initiatives!.featuredCampaignId)!;
const penetration = featured.report.table.penetrationRate;
console.log(`campaign "${featured.name}": penetration ${penetration.before?.toFixed(2)} → ${penetration.during?.toFixed(2)} → ${penetration.after?.toFixed(2)}`);

// The numbers are those of the crmkit/kpi functions: check the funnel against a direct call.
const log = await store.readLog({ limit: 100_000 });
const direct = cumulativeFunnel(log, { stages: funnel.stages, lifecycle: 'lead' })[0]!;
assert.deepEqual(funnel.steps, direct.steps);
// JSON-serialisable: what `crmkit report --json` prints parses back to the same data.
assert.deepEqual(JSON.parse(JSON.stringify(analysis)), analysis);

// 2. The report: one HTML file, no script, no network.
const html = await renderReportHtml(analysis, { title: 'crmkit demo report', generatedAt: cutoff });
const charts = reportCharts(analysis);
for (const chart of charts) assert.ok(html.includes(`data-chart="${chart.id}"`), chart.id);
assert.equal(charts.length, 8);
assert.equal(html.match(/<svg/g)?.length, charts.length);
mkdirSync('.tmp', { recursive: true });
writeFileSync('.tmp/report.html', html);
writeFileSync('.tmp/report.json', JSON.stringify(analysis, null, 1));

// 3. A spec for a notebook (Altair: alt.Chart.from_dict(json.load(open('.tmp/survival.vl.json')))).
writeFileSync('.tmp/survival.vl.json', JSON.stringify(kaplanMeierChart(analysis.survival!).spec, null, 1));
console.log(`wrote .tmp/report.html (${(html.length / 1024).toFixed(0)} KiB, ${charts.length} charts), .tmp/report.json and .tmp/survival.vl.json`);
