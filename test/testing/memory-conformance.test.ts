import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryBackend, createMemoryStore } from 'crmkit/store';
import { runStoreConformance } from 'crmkit/testing';

/** One backend for every test: workspaces are unique per test, so this also exercises isolation. */
const backend = createMemoryBackend();

runStoreConformance({
  name: 'memory',
  test: { describe, it, expect, beforeEach, afterAll },
  makeStore: (options) => createMemoryStore({ backend, ...options }),
  cleanup: async () => backend.clear(),
});
