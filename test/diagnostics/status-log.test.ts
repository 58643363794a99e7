import { expect } from '@open-wc/testing';
import type { BackendStatus } from '../../src/backend/adapter.js';
import { StatusLog, consoleLogger, nextHalfHour, type DiagnosticsLogger } from '../../src/diagnostics/status-log.js';
import type { StatusSummary } from '../../src/diagnostics/summary.js';
import { FakeClock, flush } from './fake-clock.js';
import { StatusOnlyBackend, sampleStatus } from './fake-backend.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A local wall-clock time on 25 November 2026 (the log keeps local half hours). */
function at(hours: number, minutes: number, seconds = 0, ms = 0): number {
  return new Date(2026, 10, 25, hours, minutes, seconds, ms).getTime();
}

function hhmmss(time: string | number): string {
  const date = new Date(time);
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':');
}

function recorder(): DiagnosticsLogger & { readonly summaries: StatusSummary[]; times(): string[] } {
  const summaries: StatusSummary[] = [];
  return { summaries, log: (summary) => void summaries.push(summary), times: () => summaries.map((summary) => hhmmss(summary.at)) };
}

function statusLog(clock: FakeClock, logger: DiagnosticsLogger, status: BackendStatus = sampleStatus()) {
  const backend = new StatusOnlyBackend(status);
  return { backend, log: new StatusLog({ backend: () => backend, logger, clock, registration: () => 'registered', timeoutMs: () => 1200 }) };
}

/**
 * A status log whose half-hour status was asked for at 10:30 and came only after the log was
 * stopped: what a stop during a slow status check leaves.
 */
async function stoppedWithStatusInFlight(): Promise<{ log: StatusLog; logger: ReturnType<typeof recorder>; backend: StatusOnlyBackend }> {
  const clock = new FakeClock(at(10, 29, 59));
  const logger = recorder();
  let answer: (status: BackendStatus) => void = () => undefined;
  const backend = new StatusOnlyBackend(() => new Promise<BackendStatus>((resolve) => (answer = resolve)));
  const log = new StatusLog({ backend: () => backend, logger, clock });
  log.start();
  await clock.advance(1000);
  log.stop();
  answer(sampleStatus());
  return { log, logger, backend };
}

describe('status log', () => {
  describe('next half hour', () => {
    it('is the next :00 or :30 on the local wall clock, strictly after now', () => {
      expect(hhmmss(nextHalfHour(at(10, 29, 59, 500)))).to.equal('10:30:00');
      expect(hhmmss(nextHalfHour(at(10, 30)))).to.equal('11:00:00');
      expect(hhmmss(nextHalfHour(at(10, 30, 0, 1)))).to.equal('11:00:00');
      expect(hhmmss(nextHalfHour(at(10, 0)))).to.equal('10:30:00');
      expect(nextHalfHour(at(23, 45))).to.equal(new Date(2026, 10, 26, 0, 0).getTime());
    });
  });

  describe('schedule', () => {
    it('writes at :30 and :00 exactly, starting half a second before a half hour', async () => {
      const clock = new FakeClock(at(10, 29, 59, 500));
      const logger = recorder();
      const { log } = statusLog(clock, logger);
      log.start();
      await clock.advance(499);
      expect(logger.times()).to.deep.equal([]);
      await clock.advance(1);
      expect(logger.times()).to.deep.equal(['10:30:00']);
      expect(new Date(logger.summaries[0]!.at).getMilliseconds()).to.equal(0);
      await clock.advance(30 * MINUTE - 1);
      expect(logger.times()).to.deep.equal(['10:30:00']);
      await clock.advance(1);
      await clock.advance(HOUR);
      expect(logger.times()).to.deep.equal(['10:30:00', '11:00:00', '11:30:00', '12:00:00']);
      log.stop();
    });

    it('waits for the next half hour when started on one, never writing twice for it', async () => {
      const clock = new FakeClock(at(10, 30));
      const logger = recorder();
      const { log } = statusLog(clock, logger);
      log.start();
      log.start();
      await clock.advance(30 * MINUTE);
      expect(logger.times()).to.deep.equal(['11:00:00']);
      log.stop();
    });

    it('writes what the backend said, with the host’s registration and timeout', async () => {
      const clock = new FakeClock(at(10, 59, 59));
      const logger = recorder();
      const { log, backend } = statusLog(clock, logger, sampleStatus({ reachable: false }));
      log.start();
      await clock.advance(1000);
      expect(logger.summaries).to.have.length(1);
      expect(logger.summaries[0]).to.include({ state: 'registered', registration: 'registered', reachable: false, timeoutMs: 1200 });
      expect(backend.calls).to.deep.equal([{ timeoutMs: 1200 }]);
      log.stop();
    });

    it('after a sleep across half hours, writes once on waking and then on the half hours again', async () => {
      const clock = new FakeClock(at(11, 40));
      const logger = recorder();
      const { log } = statusLog(clock, logger);
      log.start();
      await clock.advance(5 * MINUTE);
      clock.sleep(2 * HOUR); // 11:45 to 13:45: 12:00, 12:30, 13:00 and 13:30 pass while asleep.
      await clock.advance(MINUTE);
      expect(logger.summaries).to.have.length(1);
      const woke = new Date(logger.summaries[0]!.at);
      expect(woke.getTime()).to.be.within(at(13, 45), at(13, 46));
      await clock.advance(15 * MINUTE);
      expect(logger.times().slice(1)).to.deep.equal(['14:00:00']);
      await clock.advance(30 * MINUTE);
      expect(logger.times().slice(1)).to.deep.equal(['14:00:00', '14:30:00']);
      log.stop();
    });

    it('keeps to the wall clock when it is set back or forward', async () => {
      const clock = new FakeClock(at(9, 10));
      const logger = recorder();
      const { log } = statusLog(clock, logger);
      log.start();
      await clock.advance(10 * MINUTE);
      clock.setWallBy(-HOUR); // 9:20 becomes 8:20: 8:30 is now the next half hour, not 9:30.
      await clock.advance(10 * MINUTE);
      expect(logger.times()).to.deep.equal(['08:30:00']);
      clock.setWallBy(20 * MINUTE + 30_000); // 8:30 becomes 8:50:30.
      await clock.advance(9 * MINUTE + 30_000);
      expect(logger.times()).to.deep.equal(['08:30:00', '09:00:00']);
      log.stop();
    });

    it('stops: no timer left and nothing more written', async () => {
      const clock = new FakeClock(at(10, 0));
      const logger = recorder();
      const { log } = statusLog(clock, logger);
      log.start();
      expect(log.started).to.equal(true);
      log.stop();
      expect(log.started).to.equal(false);
      expect(clock.pending).to.equal(0);
      await clock.advance(2 * HOUR);
      expect(logger.summaries).to.have.length(0);
    });

    it('drops a half hour’s summary whose status arrives after stop', async () => {
      const { log, logger, backend } = await stoppedWithStatusInFlight();
      expect(backend.calls).to.have.length(1);
      await flush();
      expect(logger.summaries).to.have.length(0);
      backend.next = sampleStatus();
      await log.logNow();
      expect(logger.summaries).to.have.length(1);
    });

    it('goes on after a logger that throws', async () => {
      const clock = new FakeClock(at(10, 29));
      let calls = 0;
      const failing: DiagnosticsLogger = {
        log: () => {
          calls += 1;
          throw new Error('disk full');
        },
      };
      const { log } = statusLog(clock, failing);
      const errors = console.error;
      console.error = () => undefined;
      try {
        log.start();
        await clock.advance(31 * MINUTE);
        expect(calls).to.equal(2);
      } finally {
        console.error = errors;
        log.stop();
      }
    });

    it('writes nothing at a half hour without a backend, and carries on', async () => {
      const clock = new FakeClock(at(10, 29));
      const logger = recorder();
      let backend: StatusOnlyBackend | undefined;
      const log = new StatusLog({ backend: () => backend, logger, clock });
      log.start();
      await clock.advance(MINUTE);
      expect(logger.summaries).to.have.length(0);
      backend = new StatusOnlyBackend(sampleStatus());
      await clock.advance(30 * MINUTE);
      expect(logger.times()).to.deep.equal(['11:00:00']);
      log.stop();
    });
  });

  describe('counters', () => {
    const counts = (summary: StatusSummary | undefined) => summary?.operations.map(({ operation, count, errors }) => `${operation} ${count}/${errors}`);

    it('are flushed at each write: a summary counts the calls and errors since the one before', async () => {
      const clock = new FakeClock(at(10, 29));
      const logger = recorder();
      const { log, backend } = statusLog(clock, logger);
      log.start();
      await clock.advance(MINUTE);
      expect(counts(logger.summaries[0])).to.deep.equal(['findCustomers 12/0', 'getCustomer 7/2', 'listActivities 3/1']);
      const before = sampleStatus();
      backend.next = sampleStatus({
        operations: { ...before.operations, findCustomers: { ...before.operations.findCustomers!, count: 15, errors: 1 } },
      });
      await clock.advance(30 * MINUTE);
      expect(counts(logger.summaries[1])).to.deep.equal(['findCustomers 3/1', 'getCustomer 0/0', 'listActivities 0/0']);
      expect(logger.summaries[1]!.totals).to.deep.equal({ count: 3, errors: 1 });
      // The last error is history, not a counter: it stays, and so does the state it says.
      expect(logger.summaries[1]!.lastError).to.deep.equal(logger.summaries[0]!.lastError);
      // A write on demand flushes too.
      const now = await log.logNow();
      expect(now?.totals).to.deep.equal({ count: 0, errors: 0 });
      await clock.advance(30 * MINUTE);
      expect(logger.summaries[3]!.totals).to.deep.equal({ count: 0, errors: 0 });
      log.stop();
    });

    it('count from zero for a backend that reopened or was replaced', async () => {
      const clock = new FakeClock(at(10, 0));
      const logger = recorder();
      let backend = new StatusOnlyBackend(sampleStatus());
      const log = new StatusLog({ backend: () => backend, logger, clock });
      await log.logNow();
      // Reopened: its counters started again, lower than at the last write.
      backend.next = sampleStatus({ operations: { findCustomers: { count: 2, errors: 0, meanMs: 1, p95Ms: 1 } } });
      expect(counts(await log.logNow())).to.deep.equal(['findCustomers 2/0']);
      // Replaced by another backend whose counters happen to be higher.
      backend = new StatusOnlyBackend(sampleStatus({ operations: { findCustomers: { count: 40, errors: 3, meanMs: 1, p95Ms: 1 } } }));
      expect(counts(await log.logNow())).to.deep.equal(['findCustomers 40/3']);
    });

    it('are not flushed by a summary dropped after stop', async () => {
      const { log, backend } = await stoppedWithStatusInFlight();
      await flush();
      backend.next = sampleStatus();
      expect((await log.logNow())?.totals).to.deep.equal({ count: 22, errors: 3 });
    });
  });

  describe('on demand', () => {
    it('writes a summary at once, outside the schedule, and resolves with it', async () => {
      const clock = new FakeClock(at(10, 12, 5));
      const logger = recorder();
      const { log } = statusLog(clock, logger);
      const summary = await log.logNow();
      expect(logger.times()).to.deep.equal(['10:12:05']);
      expect(summary).to.equal(logger.summaries[0]);
      expect(clock.pending).to.equal(0);
    });

    it('by default writes one console.info line without the error messages', async () => {
      const clock = new FakeClock(at(10, 12, 5));
      const lines: unknown[][] = [];
      const info = console.info;
      console.info = (...args: unknown[]) => void lines.push(args);
      try {
        await new StatusLog({ backend: () => new StatusOnlyBackend(sampleStatus()), clock }).logNow();
      } finally {
        console.info = info;
      }
      expect(lines).to.have.length(1);
      expect(lines[0]).to.have.length(1);
      const line = String(lines[0]![0]);
      // In UTC, whatever the machine's zone (half-hour zones included).
      expect(line.startsWith(`Customer Context status at ${new Date(at(10, 12, 5)).toISOString()}: registered; reachable; `), line).to.equal(true);
      expect(line).not.to.include('\n');
      expect(line).not.to.include('jordan.ellis@example.com');
      expect(consoleLogger.log).to.be.a('function');
    });
  });
});
