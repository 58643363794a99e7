import { promisifyRequest } from 'idb-keyval';
import type { Activity } from '../model/index.js';
import type { ActivityChange, Unsubscribe } from './adapter.js';
import { STORES } from './idb-schema.js';

type Listener = (change: ActivityChange) => void;

/** What one tab tells the others after a commit; they read the activity themselves. */
export interface ChangeMessage {
  readonly kind: ActivityChange['kind'];
  readonly customerId: string;
  readonly activityId: string;
}

/** The channel every instance of the built-in store on `databaseName`, in every tab, hears changes on. */
const channelName = (databaseName: string) => `customer-context:${databaseName}`;

/** Tells every instance of the store on `databaseName` (this tab's and the other tabs') of changes committed outside them. */
export function announceTo(databaseName: string, changes: readonly ChangeMessage[]): void {
  if (!changes.length) return;
  const channel = new BroadcastChannel(channelName(databaseName));
  for (const change of changes) channel.postMessage(change);
  channel.close();
}

/**
 * The built-in store's changes, heard by its subscribers: this instance's after each commit, and
 * those of the other tabs on the same database through a BroadcastChannel.
 */
export class ChangeBroadcast {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly channel: BroadcastChannel;
  private closed = false;

  constructor(
    private readonly db: IDBDatabase,
    databaseName: string,
  ) {
    this.channel = new BroadcastChannel(channelName(databaseName));
    this.channel.onmessage = (event: MessageEvent<unknown>) => void this.handleRemoteChange(event.data);
  }

  subscribe(customerId: string, listener: (change: ActivityChange) => void): Unsubscribe {
    let listeners = this.listeners.get(customerId);
    if (!listeners) this.listeners.set(customerId, (listeners = new Set()));
    const entry: Listener = (change) => listener(change);
    listeners.add(entry);
    return () => {
      listeners.delete(entry);
      if (!listeners.size && this.listeners.get(customerId) === listeners) this.listeners.delete(customerId);
    };
  }

  /** Tells this instance's listeners after a commit, and the other tabs on the same database. */
  announce(changes: readonly ActivityChange[]): void {
    for (const change of changes) {
      this.deliver(change);
      if (this.closed) continue;
      const message: ChangeMessage = { kind: change.kind, customerId: change.customerId, activityId: change.activityId };
      this.channel.postMessage(message);
    }
  }

  close(): void {
    this.closed = true;
    this.listeners.clear();
    this.channel.close();
  }

  private deliver(change: ActivityChange): void {
    const listeners = this.listeners.get(change.customerId);
    if (!listeners) return;
    for (const listener of [...listeners]) {
      try {
        listener(change);
      } catch (error) {
        // One failing listener must not keep the change from the others.
        reportError(error);
      }
    }
  }

  private async handleRemoteChange(data: unknown): Promise<void> {
    if (typeof data !== 'object' || data === null) return;
    const { kind, customerId, activityId } = data as Partial<ChangeMessage>;
    if (typeof customerId !== 'string' || typeof activityId !== 'string') return;
    if (kind !== 'created' && kind !== 'updated' && kind !== 'deleted') return;
    if (!this.listeners.get(customerId)?.size || this.closed) return;
    if (kind === 'deleted') {
      this.deliver({ kind, customerId, activityId });
      return;
    }
    try {
      const activity = (await promisifyRequest(this.db.transaction(STORES.activities, 'readonly').objectStore(STORES.activities).get(activityId))) as
        | Activity
        | undefined;
      // Gone again by the time we looked: its deletion is on its way as its own message.
      if (activity && activity.customerId === customerId) this.deliver({ kind, customerId, activityId, activity });
    } catch {
      // This instance was closed meanwhile: nobody is left to tell.
    }
  }
}
