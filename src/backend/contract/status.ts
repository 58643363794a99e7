import { equal, ok, rejectsWith, show, timed } from './assert.js';
import { createPerson } from './fixtures.js';
import type { ContractCase } from './types.js';

const group = 'status';

/** status(): what the connector status log and the admin page show. */
export const STATUS_CASES: readonly ContractCase[] = [
  {
    group,
    name: 'reports a reachable backend, its name, lab mode and probe latency',
    settings: { labMode: true },
    async run({ backend }) {
      const status = await backend.status();
      equal(status.reachable, true, 'reachable');
      equal(status.labMode, true, 'labMode');
      ok(typeof status.backend === 'string' && status.backend.trim().length > 0, `backend name: ${show(status.backend)}`);
      ok(typeof status.latencyMs === 'number' && status.latencyMs >= 0 && Number.isFinite(status.latencyMs), `latencyMs: ${show(status.latencyMs)}`);
    },
  },
  {
    group,
    name: 'counts each operation and its errors',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      await backend.getCustomer(customer.id);
      await rejectsWith('not-found', () => backend.getCustomer('no-such-customer'), 'getCustomer("no-such-customer")');
      await backend.findCustomers('Ellis');
      const { operations, labMode } = await backend.status();
      equal(labMode, false, 'labMode by default');
      equal(operations.getCustomer?.count, 2, `getCustomer count (operations: ${show(operations)})`);
      equal(operations.getCustomer?.errors, 1, 'getCustomer errors');
      equal(operations.createCustomer?.count, 1, 'createCustomer count');
      equal(operations.findCustomers?.count, 1, 'findCustomers count');
      for (const [name, stats] of Object.entries(operations)) {
        ok(stats && stats.meanMs >= 0 && stats.p95Ms >= 0 && stats.errors <= stats.count, `${name} stats: ${show(stats)}`);
      }
    },
  },
  {
    group,
    name: 'resolves reachable false, never rejects, when the backend is unavailable',
    async run(ctx) {
      ctx.setFault('unavailable');
      const status = await ctx.backend.status();
      equal(status.reachable, false, 'reachable during an outage');
    },
  },
  {
    group,
    name: 'resolves reachable false within the deadline when the backend stalls',
    settings: { timeoutMs: 200 },
    async run(ctx) {
      ctx.setFault('stall');
      const { result: status, ms } = await timed(() => ctx.backend.status());
      equal(status.reachable, false, 'reachable while stalled');
      // Generous, so that a loaded machine cannot fail the case; a status that waits for the stall never ends.
      ok(ms < 200 + 4000, `status took ${Math.round(ms)} ms with a 200 ms timeout`);
    },
  },
];
