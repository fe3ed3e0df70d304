/**
 * CRM service: a deal transition with persistence (record update + transition log entry + domain
 * event entry, in one memory-store transaction, events delivered after commit), against a baseline
 * of the same store doing the update and the append in a transaction by hand.
 * Goal (issue 4): ≥ 50,000 service transitions/s on the memory store.
 */
import { createCrm } from '../src/crm';
import { fixedClock, sequentialIds } from '../src/model';
import { createMemoryStore } from '../src/store';
import { measure, report } from './harness';

const STAGES = [
  { id: 'a', name: 'A', order: 1, probability: 0.2, forecastCategory: 'pipeline' as const, kind: 'open' as const },
  { id: 'b', name: 'B', order: 2, probability: 0.5, forecastCategory: 'best_case' as const, kind: 'open' as const },
  { id: 'won', name: 'Won', order: 3, probability: 1, forecastCategory: 'closed' as const, kind: 'won' as const },
  { id: 'lost', name: 'Lost', order: 4, probability: 0, forecastCategory: 'omitted' as const, kind: 'lost' as const },
];

export async function run(): Promise<void> {
  const clock = fixedClock('2025-01-01T00:00:00Z');
  const n = 1_000;
  const ops = 20_000;

  // Baseline: the same work by hand — read, update stage, append the log entry, one transaction.
  const plain = createMemoryStore({ workspaceId: 'bench-plain', ids: sequentialIds(), clock });
  const plainDeals = await plain.createMany(
    'deal',
    Array.from({ length: n }, (_, i) => ({ name: `Deal ${i}`, pipelineId: 'p', stageId: 'a', probability: 0.2, forecastCategory: 'pipeline' as const })),
  );
  const baseline = await measure('store update + append in a transaction (baseline)', ops, async () => {
    for (let i = 0; i < ops; i++) {
      const id = plainDeals[i % n]!.id;
      await plain.transaction(async (tx) => {
        const deal = await tx.require('deal', id);
        const to = deal.stageId === 'a' ? 'b' : 'a';
        await tx.update('deal', id, { stageId: to, probability: to === 'a' ? 0.2 : 0.5 }, { expectedVersion: deal.version });
        await tx.append([{ entity: 'deal', entityId: id, kind: 'transition', at: clock(), data: { lifecycle: 'pipeline:p', from: deal.stageId, to, event: 'move', reason: null } }]);
      });
    }
  });

  // The service: lifecycle from the pipeline record (cached per version), stage defaults,
  // transition log entry + deal.stage_changed event entry, delivery to a subscriber after commit.
  const store = createMemoryStore({ workspaceId: 'bench-crm', ids: sequentialIds(), clock });
  const crm = createCrm({ store, clock, ids: sequentialIds() });
  let delivered = 0;
  crm.on('deal.stage_changed', () => {
    delivered++;
  });
  await crm.createPipeline({ name: 'Bench', isDefault: true, stages: STAGES });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await crm.createDeal({ name: `Deal ${i}` })).record.id);
  const service = await measure('crm.transition (validated, logged, events)', ops, async () => {
    for (let i = 0; i < ops; i++) {
      const id = ids[i % n]!;
      const k = Math.floor(i / n);
      await crm.transition('deal', id, k % 2 === 0 ? 'advance' : 'move:a');
    }
  });
  if (delivered === 0) throw new Error('no events delivered');
  report('crm', service, baseline, { text: '≥ 50,000 transitions/s', met: service.opsPerSecond >= 50_000 });
}

if (process.argv[1]?.endsWith('crm-service.ts')) await run();
