import type { BackendStatus, ContextBackend } from '../backend/adapter.js';
import type { Registration } from './connection-state.js';
import { summarize, type StatusSummary } from './summary.js';

/** Where status summaries go: the console by default, or the host's own log. */
export interface DiagnosticsLogger {
  log(summary: StatusSummary): void;
}

/** The wall clock and its timers, injectable so that a test can run hours in a moment. */
export interface Clock {
  /** Wall-clock time, in ms since the epoch. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** Summaries are written on the wall clock's half hours, as Context Service's connector did. */
export const STATUS_LOG_MINUTES = 30;

/**
 * The longest the log waits before looking at the wall clock again. Timers run on a clock that may
 * stop while the computer sleeps, and the wall clock may be set back or forward: checking every
 * minute keeps every summary within a minute of its half hour.
 */
export const STATUS_LOG_MAX_WAIT_MS = 60_000;

/** The first wall-clock half hour (:00 or :30, local time) strictly after `now`. */
export function nextHalfHour(now: number): number {
  const next = new Date(now);
  next.setSeconds(0, 0);
  const minutes = next.getMinutes();
  next.setMinutes(minutes - (minutes % STATUS_LOG_MINUTES) + STATUS_LOG_MINUTES);
  return next.getTime();
}

/** One line for the console: the figures an administrator greps for, in English like any log. */
export function formatStatusLine(summary: StatusSummary): string {
  const operations = summary.operations
    .map(({ operation, count, errors, p50Ms, p95Ms }) => `${operation} ${count}/${errors} p50=${p50Ms === undefined ? '-' : ms(p50Ms)} p95=${ms(p95Ms)}`)
    .join(', ');
  const lastError = summary.lastError ? `${summary.lastError.code} in ${summary.lastError.operation} at ${summary.lastError.at}` : 'none';
  return [
    `Customer Context status at ${summary.at}: ${summary.state}`,
    summary.reachable ? 'reachable' : 'unreachable',
    `latency ${ms(summary.latencyMs)} ms`,
    `backend "${summary.backend.replace(/"/g, "'")}"`,
    `timeout ${summary.timeoutMs === undefined ? 'default' : `${summary.timeoutMs} ms`}`,
    `lab mode ${summary.labMode ? 'on' : 'off'}`,
    `calls ${summary.totals.count}, errors ${summary.totals.errors}`,
    `last error ${lastError}`,
    `operations (calls/errors): ${operations || 'none'}`,
  ].join('; ');
}

/** Writes each summary to the console as one line. */
export const consoleLogger: DiagnosticsLogger = {
  log: (summary) => console.info(formatStatusLine(summary)),
};

export interface StatusLogOptions {
  /** The backend to ask (its status is all the log reads); when there is none at a half hour, nothing is written. */
  readonly backend: () => Pick<ContextBackend, 'status'> | undefined;
  /** The host's word on the registration, if it has one. */
  readonly registration?: () => Registration | undefined;
  /** The per-operation timeout in force, if the host knows it. */
  readonly timeoutMs?: () => number | undefined;
  readonly logger?: DiagnosticsLogger;
  readonly clock?: Clock;
}

/**
 * The connector status log: a summary of the backend's status every half hour on the wall clock
 * (11:00, 11:30…), and whenever asked. Each wait is worked out from the wall clock again, so drift
 * does not add up; after a sleep that spanned half hours, one summary is written on waking (not one
 * per missed half hour) and the log is back on the half hours from then on.
 *
 * The counters are flushed at each write, as the connector's were: each summary counts the calls
 * and errors since the one before (the first, since the backend opened). The backend's own
 * figures, which the diagnostics panel shows, keep counting.
 */
export class StatusLog {
  private readonly logger: DiagnosticsLogger;
  private readonly clock: Clock;
  private timer: unknown;
  private running = false;
  /** The half hour the next summary is for. */
  private due = 0;
  /** The backend the last summary was of, and its counters then: where the next summary counts from. */
  private flushed?: { readonly backend: object; readonly operations: BackendStatus['operations'] };

  constructor(private readonly options: StatusLogOptions) {
    this.logger = options.logger ?? consoleLogger;
    this.clock = options.clock ?? SYSTEM_CLOCK;
  }

  /** Whether summaries are being written on the half hours. */
  get started(): boolean {
    return this.running;
  }

  /** Starts writing on the half hours; the first is the next one to come. Starting again does nothing. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.due = nextHalfHour(this.clock.now());
    this.wait();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Writes a summary now, outside the schedule, and resolves with it; undefined when there is no
   * backend or it gave no status (its adapter broke the contract: `status` never rejects otherwise).
   */
  logNow(): Promise<StatusSummary | undefined> {
    return this.write(false);
  }

  /** A scheduled summary whose status arrives after `stop()` is dropped: stopped means silent. */
  private async write(scheduled: boolean): Promise<StatusSummary | undefined> {
    const backend = this.options.backend();
    if (!backend) return undefined;
    const timeoutMs = this.options.timeoutMs?.();
    let status;
    try {
      status = await backend.status(timeoutMs === undefined ? {} : { timeoutMs });
    } catch (error) {
      console.warn('Customer Context status: the backend gave no status', error);
      return undefined;
    }
    if (scheduled && !this.running) return undefined;
    const since = this.flushed?.backend === backend ? this.flushed.operations : {};
    this.flushed = { backend, operations: status.operations };
    const summary = summarize(countedSince(status, since), { at: this.clock.now(), registration: this.options.registration?.(), timeoutMs });
    try {
      this.logger.log(summary);
    } catch (error) {
      // A failing logger must not stop the next half hour's summary.
      console.error('Customer Context status: the logger failed', error);
    }
    return summary;
  }

  private wait(): void {
    const remaining = this.due - this.clock.now();
    this.timer = this.clock.setTimeout(this.handleTick, Math.min(STATUS_LOG_MAX_WAIT_MS, Math.max(0, remaining)));
  }

  private handleTick = (): void => {
    this.timer = undefined;
    if (!this.running) return;
    const now = this.clock.now();
    if (now >= this.due) {
      this.due = nextHalfHour(now);
      void this.write(true);
    } else if (this.due - now > STATUS_LOG_MINUTES * 60_000) {
      // The wall clock was set back: the half hour waited for is now more than one away.
      this.due = nextHalfHour(now);
    }
    this.wait();
  };
}

/**
 * The status with each operation's calls and errors since `before` (what was counted at the last
 * write); a counter lower than before started again (the backend reopened) and counts from zero.
 */
function countedSince(status: BackendStatus, before: BackendStatus['operations']): BackendStatus {
  const operations: Record<string, BackendStatus['operations'][keyof BackendStatus['operations']]> = {};
  for (const [name, stats] of Object.entries(status.operations)) {
    const was = before[name as keyof typeof before];
    const restarted = !was || !stats || stats.count < was.count || stats.errors < was.errors;
    operations[name] = restarted ? stats : { ...stats, count: stats.count - was.count, errors: stats.errors - was.errors };
  }
  return { ...status, operations };
}

function ms(value: number): string {
  return String(Math.round(value * 10) / 10);
}
