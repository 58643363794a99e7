import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ContextBackend, Unsubscribe } from './adapter.js';
import type { SyncState } from './cached-backend.js';

/** What a backend that keeps an offline copy (a `CachedBackend`) offers, found by what it has. */
type Syncing = Partial<{ readonly sync: SyncState; onSyncChange(listener: (state: SyncState) => void): Unsubscribe }>;

/**
 * Where a backend with an offline copy stands (`state`; undefined for any other backend), kept
 * while the host is on the page. `resynced` is told when the change feed went on past changes
 * never heard, so that what is shown can be read again.
 */
export class SyncController implements ReactiveController {
  state?: SyncState;
  private backend?: ContextBackend;
  private stop?: Unsubscribe;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly resynced: () => void,
  ) {
    host.addController(this);
  }

  /** Follows `backend` from now on (and no other). */
  follow(backend: ContextBackend): void {
    this.backend = backend;
    this.unfollow();
    const syncing = backend as Syncing;
    if (typeof syncing.onSyncChange !== 'function' || !syncing.sync) {
      this.state = undefined;
    } else {
      this.state = syncing.sync;
      this.stop = syncing.onSyncChange((state) => {
        if ((state.resyncs ?? 0) > (this.state?.resyncs ?? 0)) this.resynced();
        this.state = state;
        this.host.requestUpdate();
      });
    }
    this.host.requestUpdate();
  }

  hostConnected(): void {
    if (this.backend) this.follow(this.backend);
  }

  hostDisconnected(): void {
    this.unfollow();
  }

  private unfollow(): void {
    this.stop?.();
    this.stop = undefined;
  }
}
