import { expect } from '@open-wc/testing';
import { OperationRunner } from '../../src/backend/operation.js';
import { AbortedError, InvalidInputError, NotFoundError, TimeoutError } from '../../src/model/index.js';

/** Runs `name` once, resolving or failing with `error`. */
async function call(runner: OperationRunner, name: 'getCustomer' | 'findCustomers', error?: Error): Promise<void> {
  await runner
    .run(name, undefined, async () => {
      if (error) throw error;
      return 'ok';
    })
    .catch(() => undefined);
}

/** The stats of getCustomer after calls that took exactly `durations` ms each (performance.now is faked). */
async function statsAfter(durations: readonly number[]) {
  const original = performance.now;
  let t = 0;
  performance.now = () => t;
  try {
    const runner = new OperationRunner(() => 1000);
    for (const ms of durations) {
      await runner.run('getCustomer', undefined, async () => {
        t += ms;
      });
    }
    return runner.stats().getCustomer!;
  } finally {
    performance.now = original;
  }
}

describe('operation statistics for diagnostics', () => {
  describe('p50', () => {
    it('is the median of the recent calls, beside the mean and p95', async () => {
      const stats = await statsAfter(Array.from({ length: 20 }, (_, index) => 20 - index));
      expect(stats.count).to.equal(20);
      expect(stats.p50Ms).to.equal(10);
      expect(stats.p95Ms).to.equal(19);
      expect(stats.meanMs).to.equal(10.5);
    });

    it('is the middle sample of an odd count, whatever the order of the calls', async () => {
      expect((await statsAfter([9, 1, 5])).p50Ms).to.equal(5);
      expect((await statsAfter([250])).p50Ms).to.equal(250);
    });

    it('is absent before any call, like the other figures', () => {
      expect(new OperationRunner(() => 1000).stats().getCustomer).to.equal(undefined);
    });
  });

  describe('last error', () => {
    it('keeps the code, message and time of the latest failure of each operation', async () => {
      let now = Date.parse('2026-11-25T10:00:00.000Z');
      const runner = new OperationRunner(() => 1000, () => now);
      await call(runner, 'getCustomer', new NotFoundError('customer', 'c-1'));
      now += 60_000;
      await call(runner, 'getCustomer', new TimeoutError('getCustomer', 1000));
      now += 60_000;
      await call(runner, 'getCustomer');
      await call(runner, 'findCustomers');
      const { getCustomer, findCustomers } = runner.stats();
      expect(getCustomer!.lastError).to.deep.equal({ code: 'timeout', message: 'getCustomer timed out after 1000 ms', at: '2026-11-25T10:01:00.000Z' });
      expect(getCustomer!.errors).to.equal(2);
      expect(findCustomers!.lastError).to.equal(undefined);
    });

    it('stays after later successes: the last error is history, not the current state', async () => {
      const runner = new OperationRunner(() => 1000, () => 0);
      await call(runner, 'getCustomer', new InvalidInputError([{ path: 'id', message: 'A customer id must be text' }]));
      await call(runner, 'getCustomer');
      expect(runner.stats().getCustomer!.lastError?.code).to.equal('invalid-input');
    });

    it('counts an aborted call as an error but does not make it the last error', async () => {
      const runner = new OperationRunner(() => 1000, () => 0);
      await call(runner, 'getCustomer', new AbortedError('getCustomer'));
      const controller = new AbortController();
      controller.abort();
      await runner.run('getCustomer', { signal: controller.signal }, async () => 'never').catch(() => undefined);
      const stats = runner.stats().getCustomer!;
      expect(stats.errors).to.equal(2);
      expect(stats.lastError).to.equal(undefined);
    });

    it('records a stalled call as a timeout', async () => {
      const runner = new OperationRunner(() => 200, () => Date.parse('2026-11-25T10:30:00.000Z'));
      runner.fault = 'stall';
      await call(runner, 'findCustomers');
      expect(runner.stats().findCustomers!.lastError).to.deep.include({ code: 'timeout', at: '2026-11-25T10:30:00.000Z' });
    });
  });
});
