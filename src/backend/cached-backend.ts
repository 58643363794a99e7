import { ContextError } from '../model/errors.js';
import type {
  Activity,
  ActivityInput,
  ActivityPatch,
  Customer,
  CustomerInput,
  CustomerPatch,
  Request,
  RequestInput,
} from '../model/index.js';
import type {
  ActivityChange,
  ActivityPage,
  BackendStatus,
  ContextBackend,
  CustomerMatch,
  FindCustomersOptions,
  ListActivitiesQuery,
  OperationOptions,
  Unsubscribe,
} from './adapter.js';
import { customerMerging, sensitiveFieldGuard, unmatchedEvents, type CustomerMerging, type SensitiveFieldGuard, type UnmatchedEvents } from './adapter.js';
import type { MirroredRecords } from './idb-mirror.js';
import type { CustomerEventStream } from './http-events.js';
import type { DroppedWrite, OfflineCopy } from './offline-copy.js';
import { Outbox, type OutboxEntry, type QueuedWrite } from './outbox.js';
import { isOffline, recordsOf, sendWrite, withAnId } from './outbox-writes.js';
import { SyncTracker, type SyncState } from './cached-backend-sync.js';

export type { SyncState } from './cached-backend-sync.js';

/**
 * What `CachedBackend` needs of its cache (`BuiltInStore` is one): a backend of its own, which
 * also stores records as another backend answered them.
 */
export interface OfflineCache extends ContextBackend {
  /** The built-in store's IndexedDB database holding the copy: offline-copy.ts works on it, and the outbox is named after it. */
  readonly databaseName: string;
  /** Stores records `remote` answered with, as they are (`BuiltInStore.mirror`). */
  mirror(records: MirroredRecords, options?: OperationOptions & { readonly overwrite?: boolean }): Promise<void>;
}

export interface CachedBackendOptions {
  /** The shared backend (the HTTP adapter, or your own). */
  readonly remote: ContextBackend;
  /** The last-known-good copy, served while `remote` cannot be reached. */
  readonly cache: OfflineCache;
  /** IndexedDB database of the outbox; default `${cache.databaseName}-outbox`. */
  readonly outboxName?: string;
  /** First wait before probing an unreachable backend again, in ms (doubles to `maxRetryMs`, with jitter). */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
  /** While the backend is reachable, ask after it this often, so that an outage shows before the agent's next call (ms; default 15000, 0 never). */
  readonly heartbeatMs?: number;
}

const LAST_SYNCED = 'lastSyncedAt';

/**
 * A shared backend with a last-known-good cache and an outbox, so that an agent keeps working,
 * and loses nothing, while the backend or the network is down. Reads go to the backend and are
 * remembered in the built-in store; when the backend cannot be reached they come from there.
 * Writes made meanwhile are applied to the cache at once and queued in IndexedDB with an
 * idempotency key, then replayed in order once the backend answers again (also after the tab was
 * closed and opened again): none lost, none applied twice.
 */
export class CachedBackend implements ContextBackend {
  private readonly tracker: SyncTracker;
  private replaying?: Promise<void>;
  private mirroring: Promise<void> = Promise.resolve();
  private closed = false;

  /** The shared backend's guard of sensitive fields: a reveal always asks the shared backend, never the offline copy. */
  get sensitiveFieldGuard(): SensitiveFieldGuard | undefined {
    return sensitiveFieldGuard(this.remote);
  }

  /**
   * The shared backend's identities and merges, when it has them. They need the backend (none is
   * queued while it cannot be reached); its answer is remembered in the cache, and after a merge
   * the cache leads the merged id to the kept customer (offline-copy.ts).
   */
  get customerMerging(): CustomerMerging | undefined {
    const remote = customerMerging(this.remote);
    if (!remote) return undefined;
    const remembered = async (customer: Customer) => {
      await this.remember({ customers: [customer] }, true);
      return customer;
    };
    return {
      addIdentity: async (customerId, change, options) => remembered(await remote.addIdentity(customerId, change, options)),
      removeIdentity: async (customerId, change, options) => remembered(await remote.removeIdentity(customerId, change, options)),
      mergeCustomers: async (keptId, mergedId, versions, options) => {
        const kept = await remembered(await remote.mergeCustomers(keptId, mergedId, versions, options));
        await this.upkeep((copy, offline) => offline.learnMerge(copy, mergedId, kept));
        return kept;
      },
    };
  }

  /** The shared backend's unmatched events: they need it (none is queued), and an attached one reaches the cache through the change feed. */
  get unmatchedEvents(): UnmatchedEvents | undefined {
    return unmatchedEvents(this.remote);
  }

  private constructor(
    private readonly remote: ContextBackend,
    private readonly cache: OfflineCache,
    private readonly outbox: Outbox,
    options: CachedBackendOptions,
    initial: SyncState,
  ) {
    this.tracker = new SyncTracker(
      initial,
      {
        status: () => this.remote.status(),
        synced: (lastSyncedAt) => void this.outbox.setMeta(LAST_SYNCED, lastSyncedAt).catch(() => undefined),
        reconnected: () => {
          if (this.sync.pending) void this.replay();
        },
      },
      options,
    );
  }

  static async open(options: CachedBackendOptions): Promise<CachedBackend> {
    const outbox = await Outbox.open(options.outboxName ?? `${options.cache.databaseName}-outbox`);
    const [entries, lastSyncedAt] = await Promise.all([outbox.entries(), outbox.getMeta(LAST_SYNCED)]);
    const backend = new CachedBackend(options.remote, options.cache, outbox, options, {
      kind: 'online',
      pending: entries.filter((entry) => !entry.failure).length,
      failed: entries.filter((entry) => entry.failure).length,
      ...(lastSyncedAt ? { lastSyncedAt } : {}),
    });
    // Writes a closed tab left behind go out now.
    if (backend.sync.pending) void backend.replay();
    return backend;
  }

  get sync(): SyncState {
    return this.tracker.state;
  }

  /** Calls `listener` whenever the connection state changes. */
  onSyncChange(listener: (state: SyncState) => void): Unsubscribe {
    return this.tracker.watch(listener);
  }

  /** Queued writes dropped, not sent, because the backend no longer has their customer (erased or deleted): for diagnostics, with no value of the customer's. */
  readonly droppedWrites: DroppedWrite[] = [];

  /** Writes the backend refused for good, oldest first. */
  async failedWrites(): Promise<OutboxEntry[]> {
    return (await this.outbox.entries()).filter((entry) => entry.failure);
  }

  /** The backend's change feed went on past changes this client never heard: watchers hear `resyncs` grow. */
  feedReset(): void {
    this.tracker.set({ ...this.sync, resyncs: (this.sync.resyncs ?? 0) + 1 });
  }

  /** Sends what the outbox holds now (it also goes by itself once the backend answers). */
  flush(): Promise<void> {
    return this.replay();
  }

  // ---- reads: the backend, remembered; the cache while it cannot be reached

  findCustomers(query: string, options?: FindCustomersOptions): Promise<readonly CustomerMatch[]> {
    return this.read(
      () => this.remote.findCustomers(query, options),
      (matches) => ({ customers: matches.map((match) => match.customer) }),
      () => this.cache.findCustomers(query, options),
    );
  }

  /** A merged id the backend leads on, or a customer it no longer has, is learnt by the cache too (offline-copy.ts). */
  getCustomer(id: string, options?: OperationOptions): Promise<Customer> {
    return this.read(
      () =>
        this.remote.getCustomer(id, options).then(
          async (customer) => {
            if (customer.id !== id) await this.upkeep((copy, offline) => offline.learnMerge(copy, id, customer));
            return customer;
          },
          async (error: unknown) => {
            if (error instanceof ContextError && error.code === 'not-found') await this.upkeep((copy, offline) => offline.forgetGone(copy, id));
            throw error;
          },
        ),
      (customer) => ({ customers: [customer] }),
      () => this.cache.getCustomer(id, options),
    );
  }

  listActivities(customerId: string, query?: ListActivitiesQuery, options?: OperationOptions): Promise<ActivityPage> {
    return this.read(
      () => this.remote.listActivities(customerId, query, options),
      (page) => ({ activities: page.activities }),
      // The backend's cursors mean nothing to the cache: offline, paging starts again from the cache's first page.
      () => this.cache.listActivities(customerId, { ...query, cursor: undefined }, options),
    );
  }

  getActivity(id: string, options?: OperationOptions): Promise<Activity> {
    return this.read(
      () => this.remote.getActivity(id, options),
      (activity) => ({ activities: [activity] }),
      () => this.cache.getActivity(id, options),
    );
  }

  getRequest(id: string, options?: OperationOptions): Promise<Request> {
    return this.read(
      () => this.remote.getRequest(id, options),
      (request) => ({ requests: [request] }),
      () => this.cache.getRequest(id, options),
    );
  }

  listRequests(customerId: string, options?: OperationOptions): Promise<readonly Request[]> {
    return this.read(
      () => this.remote.listRequests(customerId, options),
      (requests) => ({ requests }),
      () => this.cache.listRequests(customerId, options),
    );
  }

  // ---- writes: straight through when the backend answers, else queued

  createCustomer(input: CustomerInput, options?: OperationOptions): Promise<Customer> {
    const withId = withAnId(input);
    return this.write('createCustomer', [withId], options, (customer: Customer) => ({ customers: [customer] }), () =>
      this.cache.createCustomer(withId, options),
    );
  }

  updateCustomer(id: string, patch: CustomerPatch, options?: OperationOptions): Promise<Customer> {
    return this.write('updateCustomer', [id, patch], options, (customer: Customer) => ({ customers: [customer] }), () =>
      this.cache.updateCustomer(id, patch, options),
    );
  }

  createActivity(input: ActivityInput, options?: OperationOptions): Promise<Activity> {
    const withId = withAnId(input);
    return this.write('createActivity', [withId], options, (activity: Activity) => ({ activities: [activity] }), () =>
      this.cache.createActivity(withId, options),
    );
  }

  updateActivity(id: string, patch: ActivityPatch, options?: OperationOptions): Promise<Activity> {
    return this.write('updateActivity', [id, patch], options, (activity: Activity) => ({ activities: [activity] }), () =>
      this.cache.updateActivity(id, patch, options),
    );
  }

  createRequest(input: RequestInput, options?: OperationOptions): Promise<Request> {
    const withId = withAnId(input);
    return this.write('createRequest', [withId], options, (request: Request) => ({ requests: [request] }), () =>
      this.cache.createRequest(withId, options),
    );
  }

  /** Deletes exist only in lab mode and are never queued: they need the backend. */
  async deleteCustomer(id: string, options?: OperationOptions): Promise<void> {
    await this.remote.deleteCustomer(id, options);
    await this.cache.deleteCustomer(id, options).catch(() => undefined);
  }

  async deleteActivity(id: string, options?: OperationOptions): Promise<void> {
    await this.remote.deleteActivity(id, options);
    await this.cache.mirror({ deletedActivities: [id] }).catch(() => undefined);
  }

  subscribe(customerId: string, listener: (change: ActivityChange) => void): Unsubscribe {
    // Listeners hear the cache: the backend's changes are mirrored into it, and so reach them
    // once, together with writes made here while offline.
    const fromCache = this.cache.subscribe(customerId, listener);
    const fromRemote = this.remote.subscribe(customerId, (change) => {
      const { activity } = change;
      void this.remember(activity ? { activities: [activity] } : { deletedActivities: [change.activityId] });
      // A merge's journey activity is tagged: what it says is looked into once its code has loaded.
      if (change.kind === 'created' && activity?.tags.length) void this.upkeep((copy, offline) => offline.learnFromChange(copy, activity));
    });
    // A shared backend's live stream says when the customer is erased there: the cache forgets
    // them and the outbox drops their queued writes at once, not at the next read's 404.
    const stream = (this.remote as { eventStream?: (id: string) => CustomerEventStream | undefined }).eventStream?.(customerId);
    const erased = (id: string) => void this.upkeep((copy, offline) => offline.forgetGone(copy, id));
    stream?.erasureListeners.add(erased);
    return () => {
      stream?.erasureListeners.delete(erased);
      fromCache();
      fromRemote();
    };
  }

  async status(options?: OperationOptions): Promise<BackendStatus> {
    const status = await this.remote.status(options);
    if (status.reachable) this.tracker.markOnline();
    else this.tracker.markOffline();
    return status;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.tracker.close();
    this.remote.close();
    this.cache.close();
    this.outbox.close();
  }

  // ---- internals

  private async read<T>(fromRemote: () => Promise<T>, remember: (result: T) => MirroredRecords, fromCache: () => Promise<T>): Promise<T> {
    // While the backend is known to be down, answer at once from the cache (probes find when it
    // is back); only what the cache never saw is worth asking the backend for.
    if (this.sync.kind === 'offline') {
      await this.mirroring;
      try {
        return await fromCache();
      } catch (error) {
        if (!(error instanceof ContextError && error.code === 'not-found')) throw error;
      }
    }
    try {
      const result = await fromRemote();
      this.tracker.markOnline();
      void this.remember(remember(result));
      return result;
    } catch (error) {
      if (!isOffline(error)) throw error;
      this.tracker.markOffline();
      await this.mirroring;
      try {
        return await fromCache();
      } catch (cacheError) {
        // Never seen while online: say the backend is out of reach rather than that nothing exists.
        throw cacheError instanceof ContextError && cacheError.code === 'not-found' ? error : cacheError;
      }
    }
  }

  /** Copies an answer into the cache without making the caller wait; offline work waits for it first. */
  private remember(records: MirroredRecords, overwrite = false): Promise<void> {
    // A copy cut short by close() is no failure: the next open reads the backend again.
    const mirrored = this.cache.mirror(records, { overwrite }).catch((error: unknown) => {
      if (!this.closed) reportError(error);
    });
    this.mirroring = Promise.all([this.mirroring, mirrored]).then(() => undefined);
    return mirrored;
  }

  private async write<T>(
    op: QueuedWrite,
    args: readonly unknown[],
    options: OperationOptions | undefined,
    remember: (result: T) => MirroredRecords,
    applyToCache: () => Promise<T>,
  ): Promise<T> {
    const idempotencyKey = options?.idempotencyKey ?? crypto.randomUUID();
    // Behind queued writes, a new one queues too: the backend takes them in the order they were made.
    if (this.sync.kind === 'online' && this.sync.pending === 0) {
      try {
        const result = (await sendWrite(this.remote, op, args, { ...options, idempotencyKey })) as T;
        this.tracker.markOnline();
        await this.remember(remember(result), true);
        return result;
      } catch (error) {
        if (!isOffline(error)) throw error;
        this.tracker.markOffline();
      }
    }
    // The cache checks the write as the backend would: a write it refuses is refused now, not queued.
    await this.mirroring;
    const result = await applyToCache();
    await this.outbox.add(op, args, idempotencyKey);
    this.tracker.set({ ...this.sync, pending: this.sync.pending + 1 });
    if (this.sync.kind === 'online') void this.replay();
    return result;
  }

  private replay(): Promise<void> {
    this.replaying ??= this.withOutboxLock(async () => {
      for (;;) {
        if (this.closed) return;
        const entry = await this.outbox.next();
        if (!entry) break;
        try {
          const result = await sendWrite(this.remote, entry.op, entry.args, { idempotencyKey: entry.idempotencyKey });
          this.tracker.markOnline();
          await this.remember(recordsOf(entry.op, result), true);
          await this.outbox.remove(entry.seq);
        } catch (error) {
          if (isOffline(error)) {
            this.tracker.markOffline();
            break;
          }
          const { code, message } = error as ContextError;
          // A write about a customer the backend no longer has is dropped, never kept to be sent again.
          if (!(await this.upkeep((copy, offline) => offline.settleRefusedWrite(copy, entry, error)))) await this.outbox.markFailed(entry.seq, { code, message });
        }
      }
      await this.recount();
    }).finally(() => {
      this.replaying = undefined;
    });
    return this.replaying;
  }

  /**
   * Runs `work` of offline-copy.ts (loaded on first use) on the cache and outbox, after the copies
   * into the cache under way; the outbox's counts are taken again after it. A failure is reported,
   * never thrown: undefined.
   */
  private async upkeep<T>(work: (copy: OfflineCopy, offline: typeof import('./offline-copy.js')) => Promise<T>): Promise<T | undefined> {
    const copy: OfflineCopy = { remote: this.remote, cache: this.cache, outbox: this.outbox, dropped: (write) => this.droppedWrites.push(write) };
    try {
      await this.mirroring;
      return await work(copy, await import('./offline-copy.js'));
    } catch (error) {
      // The answer stands: the cache is a copy, read again online next time.
      if (!this.closed) reportError(error);
      return undefined;
    } finally {
      await this.recount();
    }
  }

  /** One tab at a time replays a shared outbox; the idempotency keys cover the rest. */
  private async withOutboxLock(work: () => Promise<void>): Promise<void> {
    const locks = globalThis.navigator?.locks;
    if (locks) await locks.request(`customer-context:outbox:${this.cache.databaseName}`, work);
    else await work();
  }

  private async recount(): Promise<void> {
    if (this.closed) return;
    const entries = await this.outbox.entries();
    this.tracker.set({
      ...this.sync,
      pending: entries.filter((entry) => !entry.failure).length,
      failed: entries.filter((entry) => entry.failure).length,
    });
  }
}
