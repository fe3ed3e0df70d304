/**
 * Writing `report.html` from an analysis, with `renderReportHtml` of crmkit/io/report.
 *
 * @module
 */
import { writeFile } from 'node:fs/promises';
import { renderReportHtml, type CrmAnalysis } from 'crmkit/io/report';

/**
 * Renders the report page and writes it to `path`.
 *
 * @param analysis - a full `analyzeCrm` result
 * @param path - the output file
 * @param options - the page title, and the generation date shown in the header (omit it for byte-identical output)
 * @returns resolves when written
 * @throws the file system's error when the file cannot be written
 * @example
 * ```ts
 * await writeReport(await analyzeCrm(store), 'report.html', { title: 'crmkit demo' });
 * ```
 */
export async function writeReport(analysis: CrmAnalysis, path: string, options: { readonly title: string; readonly generatedAt?: Date }): Promise<void> {
  const html = await renderReportHtml(analysis, options.generatedAt === undefined ? { title: options.title } : { title: options.title, generatedAt: options.generatedAt });
  await writeFile(path, html, 'utf8');
}
