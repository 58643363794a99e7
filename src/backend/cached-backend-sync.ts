import type { BackendStatus, Unsubscribe } from './adapter.js';

/** Where the shared backend stands, as the gadget shows it. */
export interface SyncState {
  /** `offline`: the backend cannot be reached; reads come from the cache and writes wait in the outbox. */
  readonly kind: 'online' | 'offline';
  /** When the backend last answered (ISO 8601), kept across reloads. */
  readonly lastSyncedAt?: string;
  /** Writes waiting to be sent. */
  readonly pending: number;
  /** Writes the backend refused for good (a conflict, invalid input): kept for someone to look at. */
  readonly failed: number;
  /**
   * How often the backend's change feed went on past changes this client never heard (pruned
   * from the feed, or a server restored from a backup: `ChangeFeedReset`), absent before the
   * first. Each time, what is shown may be stale: read it again.
   */
  readonly resyncs?: number;
}

/** How a tracker asks after the backend, and whom it tells when the backend answers. */
export interface SyncTrackerHooks {
  /** The backend's status; a probe. */
  status(): Promise<BackendStatus>;
  /** The backend answered at `lastSyncedAt` (ISO 8601): worth keeping across reloads. */
  synced(lastSyncedAt: string): void;
  /** The backend answers again after it could not be reached. */
  reconnected(): void;
}

export interface SyncTrackerOptions {
  /** First wait before probing an unreachable backend again, in ms (doubles to `maxRetryMs`, with jitter). */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
  /** While the backend is reachable, ask after it this often (ms; default 15000, 0 never). */
  readonly heartbeatMs?: number;
}

/**
 * The `SyncState` of `CachedBackend`, told to its watchers as it changes: while the backend
 * cannot be reached, probed again with backoff (and when the browser says it is online); while it
 * can, asked after now and then, so that an outage shows before the agent's next call.
 */
export class SyncTracker {
  private current: SyncState;
  private readonly watchers = new Set<(state: SyncState) => void>();
  private probeTimer?: ReturnType<typeof setTimeout>;
  private heartbeat?: ReturnType<typeof setInterval>;
  private retryMs: number;
  private closed = false;
  private readonly onBrowserOnline = () => void this.probe();

  constructor(
    initial: SyncState,
    private readonly hooks: SyncTrackerHooks,
    private readonly options: SyncTrackerOptions,
  ) {
    this.current = initial;
    this.retryMs = options.retryMs ?? 2000;
    globalThis.addEventListener?.('online', this.onBrowserOnline);
    const heartbeatMs = options.heartbeatMs ?? 15_000;
    if (heartbeatMs > 0) {
      this.heartbeat = setInterval(() => {
        if (this.current.kind === 'online') void this.probe();
      }, heartbeatMs);
    }
  }

  get state(): SyncState {
    return this.current;
  }

  /** Calls `listener` whenever the state changes. */
  watch(listener: (state: SyncState) => void): Unsubscribe {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  }

  /** Takes `next` as the state; watchers hear of it when something they see changed. */
  set(next: SyncState): void {
    const previous = this.current;
    this.current = next;
    if (
      previous.kind === next.kind &&
      previous.pending === next.pending &&
      previous.failed === next.failed &&
      previous.resyncs === next.resyncs &&
      (previous.kind === 'online' || previous.lastSyncedAt === next.lastSyncedAt)
    ) {
      return;
    }
    for (const watcher of [...this.watchers]) watcher(next);
  }

  /** The backend answered. */
  markOnline(): void {
    if (this.closed) return;
    const lastSyncedAt = new Date().toISOString();
    this.hooks.synced(lastSyncedAt);
    const wasOffline = this.current.kind === 'offline';
    clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
    this.retryMs = this.options.retryMs ?? 2000;
    this.set({ ...this.current, kind: 'online', lastSyncedAt });
    if (wasOffline) this.hooks.reconnected();
  }

  /** The backend could not be reached: it is probed again later. */
  markOffline(): void {
    if (this.closed) return;
    if (this.current.kind !== 'offline') this.set({ ...this.current, kind: 'offline' });
    this.scheduleProbe();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.probeTimer);
    clearInterval(this.heartbeat);
    globalThis.removeEventListener?.('online', this.onBrowserOnline);
    this.watchers.clear();
  }

  private scheduleProbe(): void {
    if (this.probeTimer !== undefined || this.closed) return;
    const wait = this.retryMs * (0.5 + Math.random());
    this.retryMs = Math.min(this.retryMs * 2, this.options.maxRetryMs ?? 30_000);
    this.probeTimer = setTimeout(() => {
      this.probeTimer = undefined;
      void this.probe();
    }, wait);
  }

  private async probe(): Promise<void> {
    if (this.closed) return;
    const status = await this.hooks.status().catch(() => undefined);
    if (status?.reachable) this.markOnline();
    else this.markOffline();
  }
}
