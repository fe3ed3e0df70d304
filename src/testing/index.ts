/**
 * crmkit/testing — the adapter conformance suite. Run it against your {@link store!StoreDriver}-based
 * store with your test runner:
 *
 * ```ts
 * import { describe, it, expect, afterAll } from 'vitest';
 * import { runStoreConformance } from 'crmkit/testing';
 * runStoreConformance({ name: 'my-adapter', test: { describe, it, expect, afterAll }, makeStore: (o) => myStore(o) });
 * ```
 *
 * Requires the optional peer dependency `fast-check` (model-based tests).
 *
 * @module testing
 */
export {
  runStoreConformance,
  WIDGET_FIXTURES,
  type ConformanceExpect,
  type ConformanceIt,
  type ConformanceStore,
  type ConformanceTestApi,
  type MakeStoreOptions,
  type StoreConformanceOptions,
} from './conformance';
export { CONFORMANCE_ENTITIES, WidgetEntity, type ConformanceEntities } from './entities';
