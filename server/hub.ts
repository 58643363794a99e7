/**
 * Live fan-out. Every commit that changes an activity sends NOTIFY with its change number; each
 * server instance LISTENs, reads the changes it has not yet passed on from the feed (so a lost
 * or merged notification loses nothing), and offers them to its event streams. Several
 * instances on one database therefore all hear every change, whichever instance wrote it.
 * The hub reads every tenant's changes (as the system role) and offers each only to the event
 * streams of its own tenant and partition.
 *
 * The same channel carries API key revocations (`api-key:<id>`, server/api-keys.ts): the hub
 * passes them to whoever remembers verified keys, and when its listening connection was lost and
 * notifications with it, tells them to forget every key. It also carries erasures (`erased:`,
 * server/erasure.ts), passed to the event streams following the erased customer.
 */
import { API_KEY_NOTICE } from './api-keys.js';
import { readErasedNotice } from './erasure.js';
import { describeError } from './hardening.js';
import type { FeedChange, Store } from './store.js';

export interface HubSubscriber {
  readonly tenant: string;
  readonly lab: boolean;
  /** Only these customers' changes; all of the partition's when null. */
  readonly customers: ReadonlySet<string> | null;
  offer(change: FeedChange): void;
  /** A customer of theirs was erased (server/erasure.ts): heard once, at the erasure's commit, never replayed. */
  erased?(customerId: string): void;
}

const BATCH = 500;

export class ChangeHub {
  private readonly subscribers = new Set<HubSubscriber>();
  private last = 0;
  private running: Promise<void> | undefined;
  private again = false;
  private stop: (() => Promise<void>) | undefined;
  private closed = false;
  private readonly revocations = new Set<(keyId: string | undefined) => void>();

  constructor(private readonly store: Store) {}

  async start(): Promise<void> {
    this.last = await this.store.systemTransaction((tx) => this.store.feedHead(tx));
    this.stop = await this.store.db.listen(this.store.channel, (payload) => {
      if (payload.startsWith(API_KEY_NOTICE)) {
        const id = payload.slice(API_KEY_NOTICE.length);
        for (const listener of this.revocations) listener(id);
        return;
      }
      const erased = readErasedNotice(payload);
      if (erased) {
        for (const subscriber of this.subscribers) {
          if (subscriber.tenant !== erased.tenant || subscriber.lab !== erased.lab) continue;
          if (subscriber.customers && !subscriber.customers.has(erased.customerId)) continue;
          subscriber.erased?.(erased.customerId);
        }
        return;
      }
      // An empty payload: the connection was lost and listens again; whatever it missed is unknown.
      if (payload === '') for (const listener of this.revocations) listener(undefined);
      this.poke();
    });
  }

  /** Calls `listener` with each revoked API key's id, and with undefined when revocations may have been missed. */
  onRevocation(listener: (keyId: string | undefined) => void): void {
    this.revocations.add(listener);
  }

  add(subscriber: HubSubscriber): void {
    this.subscribers.add(subscriber);
  }

  remove(subscriber: HubSubscriber): void {
    this.subscribers.delete(subscriber);
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Reads and fans out whatever committed since the last read; notifications arriving meanwhile run one more read. */
  poke(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      // The error's class and SQLSTATE only: a database message can quote a row's values.
      .catch((error: unknown) => console.error(`change fan-out failed: ${describeError(error)}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.subscribers.clear();
    this.revocations.clear();
    await this.stop?.();
    await this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const batch = await this.store.systemTransaction((tx) => this.store.changes(tx, undefined, this.last, [], BATCH));
      for (const change of batch) {
        this.last = change.seq;
        for (const subscriber of this.subscribers) {
          if (subscriber.tenant !== change.tenant || subscriber.lab !== change.lab) continue;
          if (subscriber.customers && !subscriber.customers.has(change.customerId)) continue;
          subscriber.offer(change);
        }
      }
      if (batch.length < BATCH) return;
    }
  }
}
