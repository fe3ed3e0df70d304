import { describe } from 'vitest';
import { createMemoryStore } from '../../src/store/memory';
import { crmScenarios } from './_scenarios';

describe('the CRM service on the memory store', () => {
  crmScenarios(async (clock) => createMemoryStore({ workspaceId: 'w1', clock }));
});
