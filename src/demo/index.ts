/**
 * crmkit/demo — a seeded generator of a realistic CRM data set (owners and teams, companies,
 * contacts with acquisition sources, the lead lifecycle with seasonality and right-censoring,
 * deals with offers and stage histories, touchpoint journeys, campaigns with control groups,
 * purchases, external spend, tickets and surveys), streamed record by record, and
 * {@link loadDemo} to write it into any store. Same seed → identical data. See docs/demo.md.
 *
 * @module demo
 */
export { generateDemo, DEMO_ENTITIES, DEMO_SIZES } from './generate';
export type { DemoOptions, DemoSize, DemoItem, DemoRecordItem, DemoLogItem, DemoEntityName } from './generate';
export { loadDemo, toCreateInput } from './load';
export type { LoadDemoOptions, LoadDemoResult } from './load';
export { SeededRandom } from './prng';
export { SOURCES, MEAN_DAYS_TO_LOSS, MONTH_WEIGHTS, WEEKDAY_WEIGHTS, MONTHLY_GROWTH, PRODUCTS, DEMO_STAGES } from './catalog';
export type { DemoProductSpec } from './catalog';
