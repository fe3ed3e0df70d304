/**
 * Memory store: point reads and updates through the typed Store, against a plain `Map` doing the
 * same work by hand (the floor any in-memory store is measured against).
 * Goals (issue 3): ≥ 500,000 point reads/s and ≥ 100,000 updates/s.
 */
import { fixedClock, sequentialIds } from '../src/model';
import { createMemoryStore } from '../src/store';
import { measure, report } from './harness';

export async function run(): Promise<void> {
  const n = 10_000;
  const store = createMemoryStore({ workspaceId: 'bench', ids: sequentialIds(), clock: fixedClock('2025-01-01T00:00:00Z') });
  const inputs = Array.from({ length: n }, (_, i) => ({
    firstName: `First${i}`,
    lastName: `Last${i}`,
    emails: [{ address: `user${i}@example.com` }],
    lifecycleStage: 'lead' as const,
    leadScore: i % 100,
  }));
  const created = await store.createMany('contact', inputs);
  const ids = created.map((c) => c.id);

  // Baseline: a Map of frozen records, read by id.
  const map = new Map(created.map((c) => [c.id, Object.freeze({ ...c })]));
  const reads = 200_000;
  const mapRead = await measure('Map.get (baseline)', reads, () => {
    let hit = 0;
    for (let i = 0; i < reads; i++) if (map.get(ids[i % n]!) !== undefined) hit++;
    if (hit !== reads) throw new Error('miss');
  });
  const storeRead = await measure('memory store.get', reads, async () => {
    let hit = 0;
    for (let i = 0; i < reads; i++) if ((await store.get('contact', ids[i % n]!)) !== null) hit++;
    if (hit !== reads) throw new Error('miss');
  });
  report('memory', storeRead, mapRead, { text: '≥ 500,000 reads/s', met: storeRead.opsPerSecond >= 500_000 });

  // Baseline for updates: copy-on-write replace in a Map with a version check.
  const updates = 50_000;
  const mapUpdate = await measure('Map copy-on-write update (baseline)', updates, () => {
    for (let i = 0; i < updates; i++) {
      const id = ids[i % n]!;
      const current = map.get(id)!;
      map.set(id, Object.freeze({ ...current, leadScore: i, version: current.version + 1 }));
    }
  });
  const storeUpdate = await measure('memory store.update (validated, versioned)', updates, async () => {
    for (let i = 0; i < updates; i++) await store.update('contact', ids[i % n]!, { leadScore: i });
  });
  report('memory', storeUpdate, mapUpdate, { text: '≥ 100,000 updates/s', met: storeUpdate.opsPerSecond >= 100_000 });
}
