import { deepEqual, equal, ok, rejectsWith, timed } from './assert.js';
import { createPerson, person } from './fixtures.js';
import type { ContractCase } from './types.js';

const group = 'deadlines, aborts and faults';

/**
 * How late a call may end after its deadline and still count as "by its deadline": generous, so
 * that a busy machine (timers and the event loop of a loaded test browser) cannot fail a case.
 * What each case proves is its behaviour (the error's code and message); this bound only catches
 * a call that waits for the stalled backend instead of its deadline.
 */
const SLACK_MS = 4000;

/** Every call ends by its deadline, honours its signal, and a failed write stores nothing. */
export const DEADLINE_CASES: readonly ContractCase[] = [
  {
    group,
    name: 'an already-aborted signal rejects with aborted, and the write stores nothing',
    async run({ backend }) {
      const signal = AbortSignal.abort();
      await rejectsWith('aborted', () => backend.getCustomer('anything', { signal }), 'getCustomer with an aborted signal');
      await rejectsWith('aborted', () => backend.findCustomers('Ellis', { signal }), 'findCustomers with an aborted signal');
      await rejectsWith('aborted', () => backend.createCustomer(person('Jordan', 'Ellis'), { signal }), 'createCustomer with an aborted signal');
      deepEqual(await backend.findCustomers('Ellis'), [], 'lookup after the aborted create');
    },
  },
  {
    group,
    name: 'aborting a call in flight rejects with aborted at once, not timeout',
    settings: { timeoutMs: 5000 },
    async run(ctx) {
      ctx.setFault('stall');
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const { ms } = await timed(() =>
        rejectsWith('aborted', () => ctx.backend.getCustomer('anything', { signal: controller.signal }), 'a stalled getCustomer, aborted after 50 ms'),
      );
      // Aborted, not timed out: the code says which; the bound stays below the 5 s timeout.
      ok(ms < SLACK_MS, `the abort took ${Math.round(ms)} ms to reject`);
    },
  },
  {
    group,
    name: 'a stalled backend times out after the configured 200 ms, saying so',
    settings: { timeoutMs: 200 },
    async run(ctx) {
      // Nothing is stored first: with a 200 ms deadline a loaded machine could time out the setup too.
      ctx.setFault('stall');
      const { result: error, ms } = await timed(() => rejectsWith('timeout', () => ctx.backend.getCustomer('jordan'), 'a stalled getCustomer'));
      ok(ms >= 150 && ms < 200 + SLACK_MS, `timed out after ${Math.round(ms)} ms; expected about 200`);
      ok(error.message.includes('timed out after 200 ms'), `the message should say "timed out after 200 ms": ${JSON.stringify(error.message)}`);
    },
  },
  {
    group,
    name: 'a per-call timeoutMs overrides the setting',
    async run(ctx) {
      ctx.setFault('stall');
      const { result: error, ms } = await timed(() =>
        rejectsWith('timeout', () => ctx.backend.findCustomers('Ellis', { timeoutMs: 200 }), 'a stalled findCustomers with timeoutMs 200'),
      );
      ok(ms < 200 + SLACK_MS, `timed out after ${Math.round(ms)} ms; expected about 200`);
      ok(error.message.includes('timed out after 200 ms'), `the message should say "timed out after 200 ms": ${JSON.stringify(error.message)}`);
    },
  },
  {
    group,
    name: 'a timed-out write stores nothing',
    settings: { timeoutMs: 200 },
    async run(ctx) {
      ctx.setFault('stall');
      await rejectsWith('timeout', () => ctx.backend.createCustomer({ ...person('Jordan', 'Ellis'), id: 'late-1' }), 'a stalled createCustomer');
      ctx.setFault('none');
      await rejectsWith('not-found', () => ctx.backend.getCustomer('late-1', { timeoutMs: 15_000 }), 'the timed-out customer');
    },
  },
  {
    group,
    name: 'a timeout setting outside 200–15000 ms is invalid-input at timeoutMs',
    async run(ctx) {
      for (const timeoutMs of [199, 15_001, 0, 1200.5]) {
        await rejectsWith('invalid-input', () => ctx.open({ timeoutMs }), `a backend with timeoutMs ${timeoutMs}`, 'timeoutMs');
        await rejectsWith(
          'invalid-input',
          () => ctx.backend.findCustomers('Ellis', { timeoutMs }),
          `findCustomers with timeoutMs ${timeoutMs}`,
          'timeoutMs',
        );
      }
      // The bounds themselves are accepted: the call gets past its checks to the signal, which is
      // already aborted (no deadline has to be met, so a loaded machine cannot fail this).
      for (const timeoutMs of [200, 15_000]) {
        const backend = await ctx.open({ timeoutMs });
        await rejectsWith('aborted', () => backend.findCustomers('Ellis', { timeoutMs, signal: AbortSignal.abort() }), `findCustomers with timeoutMs ${timeoutMs}`);
      }
    },
  },
  {
    group,
    name: 'an unavailable backend fails at once with unavailable, and recovers',
    async run(ctx) {
      const customer = await createPerson(ctx.backend, 'Jordan', 'Ellis');
      ctx.setFault('unavailable');
      const { ms } = await timed(() => rejectsWith('unavailable', () => ctx.backend.getCustomer(customer.id), 'getCustomer while unavailable'));
      // At once: long before the kit's 15 s deadline, not by waiting it out.
      ok(ms < SLACK_MS, `the unavailable error took ${Math.round(ms)} ms`);
      await rejectsWith('unavailable', () => ctx.backend.createCustomer(person('Sam', 'Ellis')), 'createCustomer while unavailable');
      ctx.setFault('none');
      deepEqual(await ctx.backend.getCustomer(customer.id), customer, 'getCustomer after recovery');
      equal((await ctx.backend.findCustomers('Ellis')).length, 1, 'customers after recovery (the failed create stored nothing)');
    },
  },
];
