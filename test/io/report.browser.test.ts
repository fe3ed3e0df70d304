/**
 * report.html in a real browser: Debian's chromium, driven by playwright-core, opens the report
 * of the small demo data set from disk. It must load without console errors, page errors or
 * requests other than the file itself, and every chart must be a visible SVG with a non-zero
 * size. A full-page screenshot is written to .tmp/report.png for a human look.
 *
 * Without /usr/bin/chromium the suite is skipped with a message, except under `CI=true` where
 * the browser is required (as the database suites, see test/adapters/_db.ts).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { loadDemo } from 'crmkit/demo';
import { analyzeCrm, renderReportHtml, reportCharts } from 'crmkit/io/report';
import { createMemoryStore } from 'crmkit/store';

const CHROMIUM = process.env.CRMKIT_TEST_CHROMIUM ?? '/usr/bin/chromium';
const REQUIRED = process.env.CI === 'true';
const available = existsSync(CHROMIUM);
if (!available) {
  if (REQUIRED) throw new Error(`chromium is required when CI=true but ${CHROMIUM} does not exist`);
  console.warn(`[crmkit] skipping the report browser test: ${CHROMIUM} not found (set CRMKIT_TEST_CHROMIUM)`);
}

const root = new URL('../..', import.meta.url).pathname;
const tmp = join(root, '.tmp');
const EXPECTED = ['funnel', 'survival', 'transition-matrix', 'absorption', 'attribution', 'cohort-retention', 'initiative-kpis', 'forecast'];

describe.skipIf(!available)('report.html in headless chromium', () => {
  let browser: Browser;
  let file: string;

  beforeAll(async () => {
    const cutoff = new Date('2025-06-30T00:00:00Z');
    const store = createMemoryStore({ workspaceId: 'demo' });
    await loadDemo(store, { seed: 42, size: 'small', cutoff, workspaceId: 'demo' });
    const analysis = await analyzeCrm(store, { cutoff });
    expect(reportCharts(analysis).map((c) => c.id)).toEqual(EXPECTED);
    mkdirSync(tmp, { recursive: true });
    file = join(tmp, 'report.html');
    writeFileSync(file, await renderReportHtml(analysis, { title: 'crmkit demo report', generatedAt: new Date('2025-07-01T08:00:00Z') }));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('loads without errors or network requests, and shows every chart as a visible SVG', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const url = pathToFileURL(file).href;
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
    page.on('request', (request) => {
      if (request.url() !== url) problems.push(`unexpected request: ${request.url()}`);
    });
    const response = await page.goto(url, { waitUntil: 'load' });
    expect(response?.ok() ?? true).toBe(true);

    const found = await page.$$eval('[data-chart]', (elements) => elements.map((e) => e.getAttribute('data-chart')));
    expect(found).toEqual(EXPECTED);
    for (const id of EXPECTED) {
      const svg = page.locator(`[data-chart="${id}"] svg`).first();
      await expect(svg.isVisible(), id).resolves.toBe(true);
      const box = await svg.boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.width, id).toBeGreaterThan(200);
      expect(box!.height, id).toBeGreaterThan(80);
      // Drawn marks, not an empty frame.
      expect(await page.locator(`[data-chart="${id}"] svg .role-mark path, [data-chart="${id}"] svg .role-mark text`).count(), id).toBeGreaterThan(0);
      // The spec is embedded and parses.
      const spec = await page.locator(`#spec-${id}`).textContent();
      expect(JSON.parse(spec ?? 'null')).toHaveProperty('$schema');
    }
    // Nothing overflows the viewport horizontally.
    expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    expect(await page.title()).toBe('crmkit demo report');
    await page.screenshot({ path: join(tmp, 'report.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
