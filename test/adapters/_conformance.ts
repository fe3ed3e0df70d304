/**
 * Runs the adapter conformance suite (`runStoreConformance`, crmkit/testing) on a SQL driver
 * factory, with a raw hook that reads rows straight from the driver.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { SqlStoreDriver } from '../../src/adapters/sql/driver';
import { createStore, type CreateStoreOptions } from '../../src/store/create-store';
import type { EntityRegistry } from '../../src/store/types';

// Loaded dynamically so that a broken conformance module fails one named test here instead of
// taking down every adapter test file at import time.
const conformance: typeof import('../../src/testing/conformance') | { readonly loadError: unknown } = await import(
  '../../src/testing/conformance'
).catch((loadError: unknown) => ({ loadError }));

/**
 * Registers the conformance suite for a SQL adapter (call inside the adapter's `describe`).
 *
 * @param name - adapter name
 * @param make - builds a driver for a workspace on migrated tables
 */
export function sqlConformance(name: string, make: (workspaceId: string) => SqlStoreDriver): void {
  if ('loadError' in conformance) {
    const { loadError } = conformance;
    it(`runs the conformance suite for ${name}`, () => {
      throw new Error(`src/testing/conformance.ts failed to load: ${loadError instanceof Error ? loadError.message : String(loadError)}`);
    });
    return;
  }
  conformance.runStoreConformance({
    name,
    test: { describe, it, expect, afterAll },
    makeStore: ({ workspaceId, entities, ids, clock }) => {
      const options: { -readonly [K in keyof CreateStoreOptions<EntityRegistry>]: CreateStoreOptions<EntityRegistry>[K] } = {
        driver: make(workspaceId),
      };
      if (entities !== undefined) options.entities = entities;
      if (ids !== undefined) options.ids = ids;
      if (clock !== undefined) options.clock = clock;
      return createStore(options);
    },
    raw: {
      getRow: async (entity, workspaceId, id) => (await make(workspaceId).getMany(entity, [id]))[0] ?? null,
    },
  });
}
