/**
 * crmkit/io/report — every KPI and analysis of a CRM data set in one pass over a store, the
 * charts as Vega-Lite specifications, rendered to static SVG, and a single self-contained
 * `report.html`. See docs/report.md.
 *
 * @module io/report
 */
export { analyzeCrm, REPORT_SECTIONS, toJsonValue } from './analyze';
export type { AnalyzeCrmOptions, AttributionChannel, AttributionSection, CampaignInitiative, CohortsSection, CrmAnalysis, ForecastPeriod, ForecastSection, FunnelSection, InitiativesSection, JsonOf, MarkovSection, ReportSection, ReportSummary, SurvivalGrouping, SurvivalSection } from './analyze';
export { absorptionChart, attributionChart, cohortRetentionChart, forecastChart, funnelChart, initiativeKpiChart, kaplanMeierChart, reportCharts, transitionMatrixChart } from './charts';
export type { ReportChart, VegaLiteSpec } from './charts';
export { renderChartSvg } from './render';
export type { RenderChartOptions } from './render';
export { escapeHtml, renderReportHtml } from './html';
export type { RenderReportHtmlOptions } from './html';
