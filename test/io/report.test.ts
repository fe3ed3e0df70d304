/**
 * crmkit/io/report on the seeded demo data: every section of `analyzeCrm` equals what the
 * crmkit/kpi and crmkit/analysis functions give when called directly on the same records read
 * back as arrays (the independent path: no accumulator feeding, no streaming, the array
 * functions); the result survives a JSON round trip; every chart spec compiles with vega-lite
 * without warnings and renders to an SVG with the expected number of marks; the HTML escapes
 * data and embeds each spec.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from 'vega-lite';
import {
  absorbingAnalysis,
  conversionTimes,
  firstTouch,
  journeysFromTouchpoints,
  kaplanMeierByGroup,
  lastTouch,
  linearTouch,
  logRankTest,
  markovAttribution,
  stageSequences,
  transitionMatrix,
  type AttributionResult,
} from 'crmkit/analysis';
import { loadDemo } from 'crmkit/demo';
import { cohortRetention, cumulativeFunnel, forecastByCategory, initiativeReport, stageConversionRates } from 'crmkit/kpi';
import { createMemoryStore } from 'crmkit/store';
import type { Store } from 'crmkit/store';
import type { CrmEntities, CrmEntityName, ForecastCategory } from 'crmkit/model';
import {
  analyzeCrm,
  escapeHtml,
  kaplanMeierChart,
  renderChartSvg,
  renderReportHtml,
  reportCharts,
  toJsonValue,
  type CrmAnalysis,
  type ReportChart,
} from 'crmkit/io/report';
import { NotFoundError } from '../../src/errors';

const root = new URL('../..', import.meta.url).pathname;
const cutoff = new Date('2025-06-30T00:00:00Z');
const STAGES = ['lead', 'marketing_qualified', 'sales_qualified', 'opportunity', 'customer'];

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

let store: Store<CrmEntities>;
let loaded: Record<string, number>;
let analysis: CrmAnalysis;

beforeAll(async () => {
  store = createMemoryStore({ workspaceId: 'demo' });
  loaded = (await loadDemo(store, { seed: 42, size: 'small', cutoff, workspaceId: 'demo' })).records;
  analysis = await analyzeCrm(store, { cutoff });
});

/** Every `Date` (or non-JSON value) inside a value, by path. */
function nonJson(value: unknown, path = '$'): string[] {
  if (value instanceof Date || typeof value === 'function' || value instanceof Map || value instanceof Set || typeof value === 'bigint' || value === undefined) return [path];
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((item, i) => nonJson(item, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    if (Object.getPrototypeOf(value) !== Object.prototype) return [path];
    return Object.entries(value).flatMap(([k, v]) => nonJson(v, `${path}.${k}`));
  }
  return [];
}

describe('analyzeCrm', () => {
  it('returns plain JSON data that survives a round trip unchanged', () => {
    expect(nonJson(analysis)).toEqual([]);
    expect(JSON.parse(JSON.stringify(analysis))).toStrictEqual(analysis);
    expect(analysis.cutoff).toBe('2025-06-30T00:00:00.000Z');
    expect(analysis.workspaceId).toBe('demo');
    expect(analysis.sections).toEqual(['summary', 'funnel', 'survival', 'markov', 'attribution', 'cohorts', 'initiatives', 'forecast']);
  });

  it('counts every entity as loadDemo reports it', async () => {
    const summary = analysis.summary!;
    for (const [entity, n] of Object.entries(summary.entities)) expect(n, entity).toBe(loaded[entity] ?? 0);
    const contacts = await all(store.stream('contact'));
    expect(Object.values(summary.contactsByStage).reduce((a, b) => a + b, 0)).toBe(contacts.length);
    for (const [stage, n] of Object.entries(summary.contactsByStage)) expect(n, stage).toBe(contacts.filter((c) => c.lifecycleStage === stage).length);
    const deals = await all(store.stream('deal'));
    expect(summary.dealsByStatus).toEqual({ open: deals.filter((d) => d.status === 'open').length, won: deals.filter((d) => d.status === 'won').length, lost: deals.filter((d) => d.status === 'lost').length });
    expect(summary.transitions).toBe((await all(store.streamLog({ kinds: ['transition'] }))).length);
  });

  it('gives the funnel of cumulativeFunnel and stageConversionRates on the whole log', async () => {
    const log = await store.readLog({ limit: 100_000 });
    const [group] = cumulativeFunnel(log, { stages: STAGES, lifecycle: 'lead' });
    const [pairs] = stageConversionRates(log, { stages: STAGES, lifecycle: 'lead' });
    expect(analysis.funnel!.steps).toEqual(group!.steps);
    expect(analysis.funnel!.cohortSize).toBe(group!.cohortSize);
    expect(analysis.funnel!.conversions).toEqual(pairs!.conversions);
    // The demo's lead lifecycle: 112 of 120 contacts became leads, 44 became customers.
    expect(analysis.funnel!.steps.map((s) => s.reached)).toEqual([112, 93, 78, 63, 44]);
  });

  it('gives the Markov chain of transitionMatrix(stageSequences(log)) and its absorbing analysis', async () => {
    const log = await store.readLog({ limit: 100_000 });
    const sequences = stageSequences(log, { lifecycle: 'lead', entity: 'contact' }).map((s) => s.states);
    const chain = transitionMatrix(sequences);
    expect(analysis.markov!.chain).toEqual(chain);
    const absorbing = chain.states.filter((s) => ['customer', 'evangelist', 'disqualified', 'nurture'].includes(s));
    expect(analysis.markov!.absorbing).toEqual(absorbingAnalysis(chain, { absorbing }));
    for (const row of analysis.markov!.absorbing!.absorptionProbabilities) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('gives Kaplan–Meier curves and the log-rank test of the contacts by source, in whole days', async () => {
    const contacts = await all(store.stream('contact'));
    const times = conversionTimes(contacts, { start: 'createdAt', end: 'convertedAt', cutoff, unit: 'days' });
    const observations = times.observations.map((o) => ({ time: Math.ceil(o.time), event: o.event, group: contacts[o.index]!.source?.channel ?? '(none)' }));
    const curves = kaplanMeierByGroup(observations);
    const survival = analysis.survival!;
    expect(survival.by).toBe('source');
    expect(survival.n).toBe(observations.length);
    expect(survival.excluded).toBe(times.excluded);
    expect(survival.curves.map((c) => c.group)).toEqual(curves.map((c) => c.group));
    survival.curves.forEach((curve, g) => {
      const expected = curves[g]!;
      expect(curve.n).toBe(expected.n);
      expect(curve.events).toBe(expected.events);
      expect(curve.table.map((r) => [r.time, r.nRisk, r.nEvent, r.nCensor])).toEqual(expected.table.map((r) => [r.time, r.nRisk, r.nEvent, r.nCensor]));
      curve.table.forEach((row, i) => {
        const e = expected.table[i]!;
        expect(row.survival).toBeCloseTo(e.survival, 12);
        for (const key of ['lower', 'upper', 'stdErr'] as const) {
          if (e[key] === null) expect(row[key]).toBeNull();
          else expect(row[key]).toBeCloseTo(e[key], 12);
        }
      });
      expect(curve.median).toEqual(expected.median);
      expect(curve.rmean.estimate).toBeCloseTo(expected.rmean.estimate, 9);
    });
    const test = logRankTest(observations);
    expect(survival.logRank!.chiSquare).toBeCloseTo(test.chiSquare, 9);
    expect(survival.logRank!.df).toBe(test.df);
    expect(survival.logRank!.pValue!).toBeCloseTo(test.pValue!, 12);
  });

  it('groups the survival curves by owner (labelled with names) or by company size band', async () => {
    const byOwner = await analyzeCrm(store, { cutoff, sections: ['survival'], survivalBy: 'owner' });
    const contacts = await all(store.stream('contact'));
    const owners = await all(store.stream('owner'));
    const ownerIds = [...new Set(contacts.map((c) => c.ownerId ?? '(none)'))].sort();
    expect(byOwner.survival!.curves.map((c) => c.group)).toEqual(ownerIds);
    for (const id of ownerIds) expect(byOwner.survival!.labels[id]).toBe(owners.find((o) => o.id === id)?.name ?? id);
    expect(byOwner.survival!.curves.reduce((n, c) => n + c.n, 0)).toBe(contacts.length);

    const byCompany = await analyzeCrm(store, { cutoff, sections: ['survival'], survivalBy: 'company' });
    const companies = await all(store.stream('company'));
    const bands = [...new Set(contacts.map((c) => companies.find((co) => co.id === c.companyId)?.sizeBand ?? '(none)'))].sort();
    expect(byCompany.survival!.curves.map((c) => c.group)).toEqual(bands);
    expect(byCompany.sections).toEqual(['survival']);
    expect(byCompany.funnel).toBeUndefined();
  });

  it('gives the four attribution models of journeysFromTouchpoints on every touchpoint', async () => {
    const journeys = journeysFromTouchpoints(await all(store.stream('touchpoint')));
    const expected: Record<string, AttributionResult> = { firstTouch: firstTouch(journeys), lastTouch: lastTouch(journeys), linear: linearTouch(journeys), markov: markovAttribution(journeys) };
    const a = analysis.attribution!;
    expect(a.journeys).toBe(journeys.length);
    expect(a.convertedJourneys).toBe(journeys.filter((j) => j.converted).length);
    expect(a.currency).toBe('EUR');
    for (const [model, result] of Object.entries(expected)) {
      const key = model as keyof typeof a.channels[number]['conversions'];
      expect(a.models[key].totalConversions).toBe(result.totalConversions);
      expect(a.models[key].totalValue).toBe(result.totalValue);
      for (const credit of result.channels) {
        const row = a.channels.find((c) => c.channel === credit.channel)!;
        expect(row.conversions[key], `${model} ${credit.channel}`).toBeCloseTo(credit.conversions, 9);
        expect(row.value[key], `${model} ${credit.channel}`).toBeCloseTo(credit.value, 6);
      }
      // Every model attributes exactly the total conversions.
      expect(a.channels.reduce((s, c) => s + c.conversions[key], 0)).toBeCloseTo(result.totalConversions, 9);
    }
    const markov = expected['markov'] as ReturnType<typeof markovAttribution>;
    for (const effect of markov.removalEffects) expect(a.channels.find((c) => c.channel === effect.channel)!.removalEffect).toBeCloseTo(effect.removalEffect!, 12);
  });

  it('gives the cohort retention matrix of cohortRetention on every purchase', async () => {
    const purchases = await all(store.stream('purchase'));
    expect(analysis.cohorts!.rows).toEqual(cohortRetention(purchases, { now: cutoff }));
    expect(analysis.cohorts!.rows.reduce((n, r) => n + r.size, 0)).toBe(new Set(purchases.map((p) => p.contactId)).size);
  });

  it('gives the initiative report of every campaign as initiativeReport on the arrays', async () => {
    const campaigns = (await all(store.stream('campaign'))).sort((a, b) => a.startAt!.getTime() - b.startAt!.getTime());
    const members = await all(store.stream('campaignMember'));
    const purchases = await all(store.stream('purchase'));
    const surveys = (await all(store.stream('surveyResponse'))).map(({ contactId, ...rest }) => (contactId === undefined ? rest : { ...rest, contactId }));
    const externalSpend = await all(store.stream('externalSpend'));
    const section = analysis.initiatives!;
    expect(section.campaigns.map((c) => c.campaignId)).toEqual(campaigns.map((c) => c.id));
    campaigns.forEach((campaign, i) => {
      const report = initiativeReport({ campaign, members, purchases, surveys, externalSpend });
      expect(section.campaigns[i]!.report, campaign.id).toEqual(JSON.parse(JSON.stringify(report)));
      expect(section.campaigns[i]!.afterObserved).toBe(report.moments.after.end.getTime() <= cutoff.getTime());
    });
    // The latest campaign whose after-window (6–12 months after the end) is over at the cutoff.
    expect(section.featuredCampaignId).toBe('campaign_0000003');
    expect(section.campaigns[2]!.report.table.penetrationRate).toMatchObject({ before: 2 / 13, during: 6 / 13, after: 5 / 13 });
  });

  it('restricts the initiatives to campaignId and rejects an unknown campaign', async () => {
    const one = await analyzeCrm(store, { cutoff, sections: ['initiatives'], campaignId: 'campaign_0000007' });
    expect(one.initiatives!.campaigns.map((c) => c.campaignId)).toEqual(['campaign_0000007']);
    expect(one.initiatives!.featuredCampaignId).toBe('campaign_0000007');
    expect(one.initiatives!.campaigns[0]).toEqual(analysis.initiatives!.campaigns.find((c) => c.campaignId === 'campaign_0000007'));
    await expect(analyzeCrm(store, { cutoff, sections: ['initiatives'], campaignId: 'nope' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('gives forecastByCategory for the quarter of the cutoff and the next one', async () => {
    const deals = await all(store.stream('deal'));
    const stageCategories: Record<string, ForecastCategory> = {};
    for (const p of await all(store.stream('pipeline'))) for (const s of p.stages) stageCategories[s.id] = s.forecastCategory;
    const f = analysis.forecast!;
    expect(f.stageCategories).toEqual(stageCategories);
    expect(f.periods.map((p) => [p.label, p.start, p.end])).toEqual([
      ['2025-Q2', '2025-04-01T00:00:00.000Z', '2025-07-01T00:00:00.000Z'],
      ['2025-Q3', '2025-07-01T00:00:00.000Z', '2025-10-01T00:00:00.000Z'],
    ]);
    for (const p of f.periods) expect(p.byCurrency).toEqual(forecastByCategory(deals, { period: { start: new Date(p.start), end: new Date(p.end) }, stageCategories }));
  });

  it('defaults the cutoff to the last write and reports progress', async () => {
    let latest = 0;
    for (const entity of ['contact', 'deal', 'purchase', 'touchpoint', 'ticket'] as const) {
      for (const r of await all(store.stream(entity))) latest = Math.max(latest, r.createdAt.getTime(), r.updatedAt.getTime());
    }
    const steps: string[] = [];
    const result = await analyzeCrm(store, { sections: ['summary', 'forecast'], onProgress: (s) => steps.push(s) });
    expect(result.cutoff).toBe(new Date(latest).toISOString());
    expect(steps).toEqual(['counts', 'log', 'pipelines', 'deals', 'done']);
    expect(Object.keys(result).sort()).toEqual(['cutoff', 'forecast', 'sections', 'summary', 'workspaceId']);
  });

  it('handles an empty workspace: empty sections, no chart, a valid page', async () => {
    const empty = createMemoryStore({ workspaceId: 'empty' });
    const result = await analyzeCrm(empty, { cutoff });
    expect(result.summary!.entities.contact).toBe(0);
    expect(result.funnel!.cohortSize).toBe(0);
    expect(result.survival!.curves).toEqual([]);
    expect(result.markov!.absorbing).toBeNull();
    expect(result.attribution!.channels).toEqual([]);
    expect(result.cohorts!.rows).toEqual([]);
    expect(result.initiatives!.campaigns).toEqual([]);
    expect(reportCharts(result)).toEqual([]);
    expect(await renderReportHtml(result)).toContain('<h1>CRM report — empty</h1>');
    await expect(analyzeCrm(empty)).rejects.toThrow(/pass a cutoff/);
  });
});

describe('toJsonValue', () => {
  it('turns dates into ISO strings and drops undefined properties', () => {
    expect(toJsonValue({ at: new Date('2025-01-01T00:00:00Z'), list: [new Date(0)], gone: undefined, n: 1 })).toStrictEqual({ at: '2025-01-01T00:00:00.000Z', list: ['1970-01-01T00:00:00.000Z'], n: 1 });
  });
});

/** Number of items (`<path`, `<text`) drawn by the marks of one type (`rect`, `line`, `area`, `text`). */
function markItems(svg: string, type: string): number {
  let count = 0;
  const tag = type === 'text' ? '<text' : '<path';
  for (const match of svg.matchAll(new RegExp(`class="mark-${type} role-mark[^"]*"[^>]*>`, 'g'))) {
    const start = (match.index ?? 0) + match[0].length;
    const body = svg.slice(start, svg.indexOf('</g>', start));
    count += body.split(tag).length - 1;
  }
  return count;
}

function compileWarnings(spec: ReportChart['spec']): string[] {
  const messages: string[] = [];
  const logger = {
    level: (level?: number) => (level === undefined ? 2 : logger),
    error: (...args: unknown[]) => (messages.push(`error: ${args.join(' ')}`), logger),
    warn: (...args: unknown[]) => (messages.push(`warn: ${args.join(' ')}`), logger),
    info: () => logger,
    debug: () => logger,
  };
  compile(spec, { logger: logger as never });
  return messages;
}

describe('charts', () => {
  let charts: ReportChart[];
  const svgs = new Map<string, string>();
  const warnings: string[] = [];
  beforeAll(async () => {
    charts = reportCharts(analysis);
    for (const chart of charts) svgs.set(chart.id, await renderChartSvg(chart.spec, { onWarning: (m) => warnings.push(`${chart.id}: ${m}`) }));
  }, 60_000);

  it('builds one chart per section, in report order, and rendering leaves the specs untouched', () => {
    expect(charts.map((c) => c.id)).toEqual(['funnel', 'survival', 'transition-matrix', 'absorption', 'attribution', 'cohort-retention', 'initiative-kpis', 'forecast']);
    for (const chart of charts) {
      expect(chart.title.length).toBeGreaterThan(0);
      expect(chart.description.length).toBeGreaterThan(20);
      expect(JSON.parse(JSON.stringify(chart.spec))).toStrictEqual(chart.spec);
      expect(nonJson(chart.spec)).toEqual([]);
    }
    expect(reportCharts(analysis)).toStrictEqual(charts);
  });

  it('compiles every spec with vega-lite without a warning or an error, and renders without one', () => {
    for (const chart of charts) expect(compileWarnings(chart.spec), chart.id).toEqual([]);
    expect(warnings).toEqual([]);
    for (const svg of svgs.values()) expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<\/svg>$/);
  });

  it('draws one bar per funnel stage and one Kaplan–Meier line and band per group', () => {
    expect(markItems(svgs.get('funnel')!, 'rect')).toBe(analysis.funnel!.steps.length);
    expect(markItems(svgs.get('funnel')!, 'text')).toBe(analysis.funnel!.steps.length);
    const groups = analysis.survival!.curves.length;
    expect(groups).toBe(8);
    expect(markItems(svgs.get('survival')!, 'line')).toBe(groups);
    expect(markItems(svgs.get('survival')!, 'area')).toBe(groups);
    for (const curve of analysis.survival!.curves) expect(svgs.get('survival')).toContain(`>${curve.group}</text>`);
  });

  it('overlays the Kaplan–Meier curves of up to four groups, with a legend', async () => {
    const survival = analysis.survival!;
    const four = { ...survival, curves: survival.curves.slice(0, 4) };
    const chart = kaplanMeierChart(four);
    expect(compileWarnings(chart.spec)).toEqual([]);
    const svg = await renderChartSvg(chart.spec);
    expect(markItems(svg, 'line')).toBe(4);
    expect(markItems(svg, 'area')).toBe(4);
    expect(svg.match(/class="mark-group role-legend"/g)).toHaveLength(1);
    for (const curve of four.curves) expect(svg).toContain(`>${curve.group}</text>`);
    // More groups: one panel per group, each with its line and band.
    expect(svgs.get('survival')!.match(/class="mark-line role-mark/g)).toHaveLength(survival.curves.length);
  });

  it('draws every cell of the transition matrix and every absorption share', () => {
    const k = analysis.markov!.chain.states.length;
    expect(markItems(svgs.get('transition-matrix')!, 'rect')).toBe(k * k);
    expect(markItems(svgs.get('transition-matrix')!, 'text')).toBe(k * k);
    const a = analysis.markov!.absorbing!;
    expect(markItems(svgs.get('absorption')!, 'rect')).toBe(a.transient.length * a.absorbing.length);
  });

  it('draws four bars per channel, one cell per cohort month, the KPI bars and the forecast stack', () => {
    expect(markItems(svgs.get('attribution')!, 'rect')).toBe(analysis.attribution!.channels.length * 4);
    expect(markItems(svgs.get('cohort-retention')!, 'rect')).toBe(analysis.cohorts!.rows.reduce((n, r) => n + r.rates.length, 0));
    const featured = analysis.initiatives!.campaigns.find((c) => c.campaignId === analysis.initiatives!.featuredCampaignId)!;
    const values = (['redemptionRate', 'penetrationRate', 'trialRate', 'retentionRate'] as const).flatMap((k) => (['before', 'during', 'after'] as const).map((m) => featured.report.table[k][m])).filter((v) => v !== null);
    expect(markItems(svgs.get('initiative-kpis')!, 'rect')).toBe(values.length);
    expect(markItems(svgs.get('forecast')!, 'rect')).toBe(analysis.forecast!.periods.length * 4);
  });

  it('rejects an invalid spec', async () => {
    await expect(renderChartSvg({ mark: 'bar', encoding: { x: { field: 'a', type: 'quantitative' } }, data: { values: [] }, transform: [{ calculate: 'datum.a +', as: 'b' }] } as never)).rejects.toThrow();
  });
});

describe('renderReportHtml', () => {
  it('embeds every chart as inline SVG with its spec as JSON, with no external resource', async () => {
    const html = await renderReportHtml(analysis, { title: 'Demo & co', generatedAt: new Date('2025-07-01T08:00:00Z') });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>Demo &amp; co</title>');
    expect(html).toContain('generated 2025-07-01 08:00 UTC');
    for (const chart of reportCharts(analysis)) {
      const section = html.slice(html.indexOf(`data-chart="${chart.id}"`));
      expect(section.indexOf('<svg')).toBeGreaterThan(0);
      const json = new RegExp(`<script type="application/json" id="spec-${chart.id}">([^<]*)</script>`).exec(html);
      expect(JSON.parse(json![1]!)).toStrictEqual(chart.spec);
    }
    expect(html).not.toMatch(/<script(?![^>]*type="application\/json")/);
    expect(html).not.toMatch(/\b(?:src|href)="(?:https?:)?\/\//);
    expect(html).not.toContain('<link');
    const ids = [...html.matchAll(/ id="([^"]*)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(2 * 8);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('loads vega and vega-lite only when rendering (no static import in the module)', () => {
    const dir = join(root, 'src/io/report');
    for (const name of readdirSync(dir)) {
      const source = readFileSync(join(dir, name), 'utf8');
      expect(source, name).not.toMatch(/^import\s+(?!type\b)[^;]*from\s+['"]vega(-lite)?['"]/m);
      expect(source, name).not.toMatch(/^export\s+[^;]*from\s+['"]vega(-lite)?['"]/m);
    }
    expect(readFileSync(join(dir, 'render.ts'), 'utf8')).toContain("import('vega')");
  });

  it('is deterministic: the same analysis gives the same page, ids prefixed per chart', async () => {
    const first = await renderReportHtml(analysis);
    expect(await renderReportHtml(analysis)).toBe(first);
    expect(first).toContain('id="funnel-1"');
    expect(first).toContain('url(#funnel-1)');
    expect(first).not.toMatch(/ id="clip\d+"/);
    for (const match of first.matchAll(/url\(#([^)]+)\)/g)) expect(first).toContain(` id="${match[1]}"`);
  });

  it('escapes every string that comes from the data', async () => {
    const evil = '<img src=x onerror=alert(1)>"&\'';
    const hostile: CrmAnalysis = {
      ...analysis,
      workspaceId: evil,
      attribution: { ...analysis.attribution!, channels: analysis.attribution!.channels.map((c, i) => (i === 0 ? { ...c, channel: evil } : c)) },
      survival: { ...analysis.survival!, labels: { ...analysis.survival!.labels, direct: `</script>${evil}` } },
      initiatives: { ...analysis.initiatives!, campaigns: analysis.initiatives!.campaigns.map((c) => ({ ...c, name: `</script><b>${evil}` })) },
    };
    const html = await renderReportHtml(hostile);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html.match(/<\/script>/g)!.length).toBe(reportCharts(hostile).length);
    expect(html).toContain(escapeHtml(evil));
  });
});
