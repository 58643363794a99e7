import * as z from 'zod/mini';
import { AbortedError, ContextError, TimeoutError, UnavailableError, parseOrThrow } from '../model/index.js';
import { DEFAULT_PHONE_REGION } from '../model/phone.js';
import type { BackendSettings, OperationError, OperationName, OperationOptions, OperationStats } from './adapter.js';

export const TIMEOUT_RANGE = { min: 200, max: 15_000, default: 1200 } as const;

export const timeoutSchema = z.int().check(
  z.minimum(TIMEOUT_RANGE.min, `Timeout must be at least ${TIMEOUT_RANGE.min} ms`),
  z.maximum(TIMEOUT_RANGE.max, `Timeout must be at most ${TIMEOUT_RANGE.max} ms`),
);

export const backendSettingsSchema = z.strictObject({
  timeoutMs: z._default(timeoutSchema, TIMEOUT_RANGE.default),
  labMode: z._default(z.boolean(), false),
  defaultRegion: z._default(z.string().check(z.regex(/^[A-Za-z]{2}$/, 'Must be a two-letter region such as US')), DEFAULT_PHONE_REGION),
});
export type ResolvedBackendSettings = z.output<typeof backendSettingsSchema>;

export function resolveBackendSettings(settings: BackendSettings = {}): ResolvedBackendSettings {
  const resolved = parseOrThrow(backendSettingsSchema, settings);
  return { ...resolved, defaultRegion: resolved.defaultRegion.toUpperCase() };
}

/**
 * Faults a backend can be told to simulate: `stall` never answers (so every call times out),
 * `unavailable` fails at once. The demo's "Backend outage" switch and the contract kit use them.
 */
export const FAULTS = ['none', 'stall', 'unavailable'] as const;
export type Fault = (typeof FAULTS)[number];

const SAMPLE_SIZE = 200;

class Recorder {
  count = 0;
  errors = 0;
  private lastError?: OperationError;
  private readonly samples: number[] = [];

  record(ms: number, error: ContextError | undefined, at: number): void {
    this.count += 1;
    if (error) this.errors += 1;
    if (error && error.code !== 'aborted') this.lastError = { code: error.code, message: error.message, at: new Date(at).toISOString() };
    this.samples.push(ms);
    if (this.samples.length > SAMPLE_SIZE) this.samples.shift();
  }

  snapshot(): OperationStats {
    const sorted = [...this.samples].sort((a, b) => a - b);
    const mean = sorted.length ? sorted.reduce((sum, ms) => sum + ms, 0) / sorted.length : 0;
    return {
      count: this.count,
      errors: this.errors,
      meanMs: round(mean),
      p50Ms: round(percentile(sorted, 0.5)),
      p95Ms: round(percentile(sorted, 0.95)),
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }
}

/** The nearest-rank percentile of sorted samples: always one of the samples, 0 when there are none. */
function percentile(sorted: readonly number[], fraction: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * fraction) - 1))]! : 0;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/**
 * Runs each backend operation under one deadline (the caller's signal and the timeout, whichever
 * ends first), counts it, and turns anything unexpected into a typed `ContextError`.
 */
export class OperationRunner {
  fault: Fault = 'none';
  private readonly recorders = new Map<OperationName, Recorder>();

  /**
   * `now` stamps the time of each operation's last error (wall clock, ms since the epoch);
   * `clock` measures how long each call took (monotonic ms; tests pass one they move).
   */
  constructor(
    private readonly timeoutMs: () => number,
    private readonly now: () => number = Date.now,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  async run<T>(name: OperationName, options: OperationOptions | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const timeoutMs = options?.timeoutMs === undefined ? this.timeoutMs() : parseOrThrow(timeoutSchema, options.timeoutMs, 'timeoutMs');
    const started = this.clock();
    try {
      if (options?.signal?.aborted) throw new AbortedError(name, { cause: options.signal.reason });
      const result = await this.withDeadline(name, timeoutMs, options?.signal, work);
      this.recorder(name).record(this.clock() - started, undefined, this.now());
      return result;
    } catch (error) {
      this.recorder(name).record(this.clock() - started, toContextError(error), this.now());
      throw error;
    }
  }

  stats(): Partial<Record<OperationName, OperationStats>> {
    const stats: Partial<Record<OperationName, OperationStats>> = {};
    for (const [name, recorder] of this.recorders) stats[name] = recorder.snapshot();
    return stats;
  }

  private recorder(name: OperationName): Recorder {
    let recorder = this.recorders.get(name);
    if (!recorder) this.recorders.set(name, (recorder = new Recorder()));
    return recorder;
  }

  private withDeadline<T>(
    name: OperationName,
    timeoutMs: number,
    callerSignal: AbortSignal | undefined,
    work: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const controller = new AbortController();
    return new Promise<T>((resolve, reject) => {
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        callerSignal?.removeEventListener('abort', onAbort);
        settle();
      };
      const timer = setTimeout(() => {
        const error = new TimeoutError(name, timeoutMs);
        controller.abort(error);
        finish(() => reject(error));
      }, timeoutMs);
      const onAbort = () => {
        const error = new AbortedError(name, { cause: callerSignal?.reason });
        controller.abort(error);
        finish(() => reject(error));
      };
      callerSignal?.addEventListener('abort', onAbort, { once: true });
      if (this.fault === 'stall') return;
      if (this.fault === 'unavailable') {
        finish(() => reject(new UnavailableError('The context store is unavailable (simulated outage)')));
        return;
      }
      // A work function that throws before returning its promise fails the same way as one that rejects.
      let pending: Promise<T>;
      try {
        pending = work(controller.signal);
      } catch (error) {
        finish(() => reject(toContextError(error)));
        return;
      }
      pending.then(
        (value) => finish(() => resolve(value)),
        (error: unknown) => finish(() => reject(toContextError(error))),
      );
    });
  }
}

/** Anything thrown below an adapter (a DOMException from IndexedDB, a TypeError from fetch) becomes `unavailable`. */
export function toContextError(error: unknown): ContextError {
  if (error instanceof ContextError) return error;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new UnavailableError(`The context store failed: ${message}`, { cause: error });
}
