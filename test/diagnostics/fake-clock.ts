import type { Clock } from '../../src/diagnostics/status-log.js';

/**
 * The wall clock and a timer clock apart, as in a browser: timers count elapsed time, which stops
 * while the computer sleeps, and the wall clock can be set back or forward.
 */
export class FakeClock implements Clock {
  private elapsed = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { due: number; callback: () => void }>();

  constructor(private wall: number) {}

  now(): number {
    return this.wall;
  }

  setTimeout(callback: () => void, ms: number): number {
    const id = this.nextId++;
    this.timers.set(id, { due: this.elapsed + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  get pending(): number {
    return this.timers.size;
  }

  /** Lets `ms` pass on both clocks, firing each timer at its time and letting its promises settle. */
  async advance(ms: number): Promise<void> {
    const end = this.elapsed + ms;
    for (;;) {
      const [id, timer] = [...this.timers].sort(([, a], [, b]) => a.due - b.due)[0] ?? [];
      if (id === undefined || !timer || timer.due > end) break;
      this.timers.delete(id);
      this.wall += timer.due - this.elapsed;
      this.elapsed = timer.due;
      timer.callback();
      await flush();
    }
    this.wall += end - this.elapsed;
    this.elapsed = end;
  }

  /** The computer sleeps: the wall clock moves on, timers do not. */
  sleep(ms: number): void {
    this.wall += ms;
  }

  /** Someone sets the wall clock by `ms` (negative: back); timers keep counting as before. */
  setWallBy(ms: number): void {
    this.wall += ms;
  }
}

/** Lets a few rounds of promise callbacks run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
}
