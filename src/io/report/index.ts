/**
 * crmkit/io/report — every KPI and analysis of a CRM data set in one pass over a store, the
 * charts as Vega-Lite specifications, rendered to static SVG, and a single self-contained
 * `report.html`. See docs/report.md.
 *
 * @module io/report
 */
export {};
