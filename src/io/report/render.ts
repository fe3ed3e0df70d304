/**
 * Static SVG from a Vega-Lite specification, headless: vega-lite compiles the spec to Vega, a
 * Vega `View` with the `'none'` renderer lays it out, and `toSVG()` serialises it. No DOM, no
 * canvas, no network. vega and vega-lite are loaded on first use (dynamic `import()`), so
 * importing crmkit/io/report costs nothing until a chart is rendered.
 *
 * @module io/report
 */
import type { VegaLiteSpec } from './charts';

/** Options of {@link renderChartSvg}. */
export interface RenderChartOptions {
  /** Receives every warning of vega-lite's compiler and of the Vega view (default: ignored). */
  readonly onWarning?: (message: string) => void;
  /**
   * Renames the SVG's element ids (clip paths, gradients) to `<idPrefix>1`, `<idPrefix>2`, … in
   * order of appearance, and their references with them. Vega numbers them with a counter global
   * to the process, so without a prefix the same spec can render with different ids; with one,
   * the output is deterministic, and distinct prefixes keep several SVGs of one page apart.
   */
  readonly idPrefix?: string;
}

/** Renumbers the ids of an SVG string (see {@link RenderChartOptions.idPrefix}). */
function renameIds(svg: string, prefix: string): string {
  const names = new Map<string, string>();
  for (const match of svg.matchAll(/\sid="([^"]+)"/g)) {
    const id = match[1] as string;
    if (!names.has(id)) names.set(id, `${prefix}${names.size + 1}`);
  }
  if (names.size === 0) return svg;
  const rename = (id: string) => names.get(id) ?? id;
  return svg.replace(/(\sid=")([^"]+)(")|url\(#([^)"]+)\)|(href=")#([^"]+)(")/g, (whole, a?: string, id?: string, b?: string, ref?: string, h?: string, href?: string, c?: string) => {
    if (id !== undefined) return `${a}${rename(id)}${b}`;
    if (ref !== undefined) return `url(#${rename(ref)})`;
    if (href !== undefined) return `${h}#${rename(href)}${c}`;
    return whole;
  });
}

/** The subset of vega's logger interface the compiler and the view call. */
interface Logger {
  level(): number;
  level(level: number): Logger;
  error(...args: readonly unknown[]): Logger;
  warn(...args: readonly unknown[]): Logger;
  info(...args: readonly unknown[]): Logger;
  debug(...args: readonly unknown[]): Logger;
}

function collectingLogger(onWarning: (message: string) => void, errors: string[]): Logger {
  const text = (args: readonly unknown[]) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  const logger: Logger = {
    level: ((level?: number) => (level === undefined ? 2 : logger)) as Logger['level'],
    error: (...args) => {
      errors.push(text(args));
      return logger;
    },
    warn: (...args) => {
      onWarning(text(args));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/**
 * Renders a Vega-Lite specification to a standalone SVG string, headless (vega-lite `compile`
 * → vega `View` with renderer `'none'` → `toSVG()`). Text is measured by Vega's estimate (no
 * canvas), so the layout is identical in every runtime.
 *
 * @param spec - a Vega-Lite specification with inline data (as {@link reportCharts} builds); not mutated
 * @param options - {@link RenderChartOptions}: warnings, deterministic ids
 * @returns the `<svg …>…</svg>` markup
 * @throws `Error` when vega-lite or vega report an error (an invalid spec)
 * @example
 * ```ts
 * import { funnelChart, renderChartSvg } from 'crmkit/io/report';
 * const svg = await renderChartSvg(funnelChart(analysis.funnel!).spec);
 * svg.startsWith('<svg'); //=> true
 * ```
 */
export async function renderChartSvg(spec: VegaLiteSpec, options: RenderChartOptions = {}): Promise<string> {
  const [vegaLite, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  const errors: string[] = [];
  const logger = collectingLogger(options.onWarning ?? (() => undefined), errors);
  // Vega tags the data objects it ingests (a symbol property); compile a copy so the caller's spec stays untouched.
  const compiled = vegaLite.compile(JSON.parse(JSON.stringify(spec)) as VegaLiteSpec, { logger: logger as never });
  if (errors.length > 0) throw new Error(`vega-lite: ${errors.join('; ')}`);
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none', logger: logger as never, logLevel: vega.Warn });
  try {
    const svg = await view.toSVG();
    if (errors.length > 0) throw new Error(`vega: ${errors.join('; ')}`);
    return options.idPrefix === undefined ? svg : renameIds(svg, options.idPrefix);
  } finally {
    view.finalize();
  }
}
