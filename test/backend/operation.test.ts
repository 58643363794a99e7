import { expect } from '@open-wc/testing';
import {
  OperationRunner,
  TIMEOUT_RANGE,
  resolveBackendSettings,
  toContextError,
} from '../../src/backend/operation.js';
import { AbortedError, InvalidInputError, NotFoundError, TimeoutError, UnavailableError } from '../../src/model/index.js';

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

function never(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)));
}

describe('operations', () => {
  describe('deadline', () => {
    it('returns what the work returns', async () => {
      const runner = new OperationRunner(() => 1000);
      expect(await runner.run('getCustomer', undefined, async () => 'Jordan')).to.equal('Jordan');
    });

    it('rejects with a TimeoutError after the timeout and aborts the work', async () => {
      const runner = new OperationRunner(() => 250);
      let workSignal: AbortSignal | undefined;
      const started = performance.now();
      const error = await rejection(
        runner.run('getCustomer', undefined, (signal) => {
          workSignal = signal;
          return never(signal);
        }),
      );
      const elapsed = performance.now() - started;
      expect(error).to.be.instanceOf(TimeoutError);
      expect(error.message).to.equal('getCustomer timed out after 250 ms');
      // Never early; how late is the machine's business (the message says which deadline fired).
      expect(elapsed).to.be.at.least(240);
      expect(workSignal?.aborted).to.equal(true);
      expect(workSignal?.reason).to.equal(error);
    });

    it('uses a per-call timeout over the default', async () => {
      const runner = new OperationRunner(() => 15_000);
      const error = await rejection(runner.run('listActivities', { timeoutMs: 200 }, never));
      expect((error as TimeoutError).timeoutMs).to.equal(200);
      expect(error.message).to.equal('listActivities timed out after 200 ms');
    });

    it('refuses a per-call timeout outside 200–15000 ms at path timeoutMs', async () => {
      const runner = new OperationRunner(() => 1200);
      let called = false;
      for (const timeoutMs of [199, 15_001, 500.5]) {
        const error = await rejection(runner.run('getCustomer', { timeoutMs }, async () => (called = true)));
        expect(error, String(timeoutMs)).to.be.instanceOf(InvalidInputError);
        expect((error as InvalidInputError).issueAt('timeoutMs'), String(timeoutMs)).not.to.equal(undefined);
      }
      expect(called).to.equal(false);
    });
  });

  describe('abort', () => {
    it('rejects with an AbortedError when the caller aborts, and aborts the work', async () => {
      const runner = new OperationRunner(() => 5000);
      const controller = new AbortController();
      let workSignal: AbortSignal | undefined;
      const pending = runner.run('getActivity', { signal: controller.signal }, (signal) => {
        workSignal = signal;
        return never(signal);
      });
      setTimeout(() => controller.abort(new Error('agent moved on')), 20);
      const error = await rejection(pending);
      expect(error).to.be.instanceOf(AbortedError);
      expect(error.message).to.equal('getActivity was aborted');
      expect((error.cause as Error).message).to.equal('agent moved on');
      expect(workSignal?.aborted).to.equal(true);
    });

    it('never starts work for an already aborted signal', async () => {
      const runner = new OperationRunner(() => 5000);
      let called = false;
      const error = await rejection(
        runner.run('getCustomer', { signal: AbortSignal.abort() }, async () => {
          called = true;
        }),
      );
      expect(error).to.be.instanceOf(AbortedError);
      expect(called).to.equal(false);
    });
  });

  describe('errors', () => {
    it('passes context errors through and turns anything else into unavailable', async () => {
      const runner = new OperationRunner(() => 1000);
      const missing = new NotFoundError('customer', 'c-9');
      expect(
        await rejection(
          runner.run('getCustomer', undefined, async () => {
            throw missing;
          }),
        ),
      ).to.equal(missing);
      const failure = await rejection(
        runner.run('createCustomer', undefined, async () => {
          throw new DOMException('The transaction was aborted', 'QuotaExceededError');
        }),
      );
      expect(failure).to.be.instanceOf(UnavailableError);
      expect(failure.message).to.contain('QuotaExceededError');
      expect((failure.cause as DOMException).name).to.equal('QuotaExceededError');
    });

    it('turns work that throws before returning a promise into unavailable too', async () => {
      const runner = new OperationRunner(() => 1000);
      const failure = await rejection(
        runner.run('getCustomer', undefined, () => {
          throw new TypeError('db is null');
        }),
      );
      expect(failure).to.be.instanceOf(UnavailableError);
      expect(runner.stats().getCustomer).to.include({ count: 1, errors: 1 });
    });

    it('wraps strings and other non-errors', () => {
      expect(toContextError('boom').message).to.equal('The context store failed: boom');
      expect(toContextError(new TypeError('Failed to fetch')).code).to.equal('unavailable');
    });
  });

  describe('faults', () => {
    it('stall: nothing answers, so the call times out without running the work', async () => {
      const runner = new OperationRunner(() => 200);
      runner.fault = 'stall';
      let called = false;
      const error = await rejection(runner.run('getCustomer', undefined, async () => (called = true)));
      expect(error).to.be.instanceOf(TimeoutError);
      expect(called).to.equal(false);
    });

    it('unavailable: fails at once', async () => {
      const runner = new OperationRunner(() => 5000);
      runner.fault = 'unavailable';
      // At once: settled before any timer, even one of 0 ms, could fire.
      const settled = runner.run('getCustomer', undefined, async () => 'x').then(
        () => 'resolved',
        (error: unknown) => error,
      );
      const first = await Promise.race([settled, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 0))]);
      expect(first).to.be.instanceOf(UnavailableError);
      runner.fault = 'none';
      expect(await runner.run('getCustomer', undefined, async () => 'x')).to.equal('x');
    });
  });

  describe('stats', () => {
    it('count calls and errors per operation', async () => {
      const runner = new OperationRunner(() => 1000);
      await runner.run('getCustomer', undefined, async () => 1);
      await runner.run('getCustomer', undefined, async () => 2);
      await rejection(
        runner.run('getCustomer', undefined, async () => {
          throw new Error('x');
        }),
      );
      await rejection(runner.run('createActivity', { signal: AbortSignal.abort() }, async () => 1));
      const stats = runner.stats();
      expect(stats.getCustomer).to.include({ count: 3, errors: 1 });
      expect(stats.createActivity).to.include({ count: 1, errors: 1 });
      expect(stats.listRequests).to.equal(undefined);
      expect(stats.getCustomer!.meanMs).to.be.at.least(0);
      expect(stats.getCustomer!.p95Ms).to.be.at.least(0);
    });

    it('report latency: the 95th percentile of recent calls', async () => {
      // A clock the test moves: 19 calls take 1 ms each, the 20th 60 ms.
      let now = 0;
      const runner = new OperationRunner(() => 1000, Date.now, () => now);
      const taking = (ms: number) => async () => {
        now += ms;
      };
      for (let i = 0; i < 19; i++) await runner.run('status', undefined, taking(1));
      await runner.run('status', undefined, taking(60));
      const stats = runner.stats().status!;
      expect(stats.count).to.equal(20);
      expect(stats.p50Ms).to.equal(1);
      expect(stats.p95Ms).to.equal(1);
      expect(stats.meanMs).to.equal(3.95);
    });
  });

  describe('settings', () => {
    it('default to 1200 ms, no lab mode and region US', () => {
      expect(resolveBackendSettings()).to.deep.equal({ timeoutMs: 1200, labMode: false, defaultRegion: 'US' });
      expect(TIMEOUT_RANGE).to.deep.equal({ min: 200, max: 15_000, default: 1200 });
    });

    it('accept 200–15000 ms and an upper-cased region', () => {
      expect(resolveBackendSettings({ timeoutMs: 200, labMode: true, defaultRegion: 'gb' })).to.deep.equal({
        timeoutMs: 200,
        labMode: true,
        defaultRegion: 'GB',
      });
      expect(resolveBackendSettings({ timeoutMs: 15_000 }).timeoutMs).to.equal(15_000);
    });

    it('refuse out-of-range timeouts and malformed regions, by path', () => {
      for (const timeoutMs of [199, 15_001, 1200.5]) {
        let error: unknown;
        try {
          resolveBackendSettings({ timeoutMs });
        } catch (caught) {
          error = caught;
        }
        expect(error, String(timeoutMs)).to.be.instanceOf(InvalidInputError);
        expect((error as InvalidInputError).issueAt('timeoutMs'), String(timeoutMs)).not.to.equal(undefined);
      }
      expect(() => resolveBackendSettings({ defaultRegion: 'USA' })).to.throw(InvalidInputError, 'defaultRegion');
    });
  });
});
