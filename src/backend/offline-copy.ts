/**
 * What the offline copy of a shared backend (the cache and outbox of `CachedBackend`) does when
 * the backend says a customer was merged away or is gone (erased, or deleted in lab mode). Loaded
 * on first use: the gadget's first look at a customer never carries it.
 *
 * - Merged away (the backend answered the merged id with the kept customer, or answered a merge
 *   made through the cached backend): the cache drops the merged customer's record, moves what it
 *   holds of their journey and requests to the kept customer, and leads the merged id there, so
 *   that an offline read of the old id answers the kept customer.
 * - Heard in the change feed (the merge's journey activity on the kept customer): confirmed with
 *   the backend first; if it cannot be asked now, the cache only drops the merged customer, so
 *   that an offline read of the old id misses and is asked online.
 * - Gone: the cache forgets the customer, their journey, requests and the merges into them; the
 *   outbox drops every queued write about them, never to be sent (it could create them again),
 *   each reported to `dropped` without any value of the customer's.
 */
import { ContextError, type Activity, type Customer } from '../model/index.js';
import type { ContextBackend } from './adapter.js';
import { dropQueuedWrites, forgetCustomer } from './erasure.js';
import type { OfflineCache } from './cached-backend.js';
import { mirrorMerge } from './merges/idb.js';
import { mergedIdOf } from './merges/identities.js';
import type { Outbox, OutboxEntry, QueuedWrite } from './outbox.js';

/** A queued write the cached backend dropped, not sent, because the backend no longer has its customer. */
export interface DroppedWrite {
  readonly op: QueuedWrite;
  /** When the agent made it (ISO 8601). */
  readonly queuedAt: string;
  /** When it was dropped (ISO 8601). */
  readonly droppedAt: string;
  readonly reason: 'customer-gone';
}

/** The parts of a cached backend this module works on. */
export interface OfflineCopy {
  readonly remote: ContextBackend;
  readonly cache: OfflineCache;
  readonly outbox: Outbox;
  /** Hears each queued write dropped. */
  dropped(write: DroppedWrite): void;
}

function isNotFound(error: unknown): boolean {
  return error instanceof ContextError && error.code === 'not-found';
}

/** The backend led `mergedId` to `kept`: the cache does the same. */
export async function learnMerge(copy: OfflineCopy, mergedId: string, kept: Customer): Promise<void> {
  await mirrorMerge(copy.cache.databaseName, { keptId: kept.id, mergedId, mergedAt: kept.lastUpdated });
}

/**
 * The backend has no customer `customerId` (any more): the cache forgets them and the outbox drops
 * the queued writes about them. Unless the outbox still holds the write that creates them (to be
 * sent, or refused and kept): a customer made offline is unknown to the backend until then.
 */
export async function forgetGone(copy: OfflineCopy, customerId: string): Promise<void> {
  const entries = await copy.outbox.entries();
  if (entries.some((entry) => entry.op === 'createCustomer' && (entry.args[0] as { id?: unknown } | undefined)?.id === customerId)) return;
  const removed = await forgetCustomer(copy.cache.databaseName, customerId);
  report(copy, await dropQueuedWrites(copy.outbox, customerId, removed));
}

function report(copy: OfflineCopy, entries: readonly OutboxEntry[]): void {
  const droppedAt = new Date().toISOString();
  for (const entry of entries) {
    copy.dropped({ op: entry.op, queuedAt: entry.queuedAt, droppedAt, reason: 'customer-gone' });
    console.warn(`Customer Context: a queued ${entry.op} (queued ${entry.queuedAt}) was dropped, not sent: the shared backend no longer has its customer (erased or deleted)`);
  }
}

/** The customer a queued write is about, when it names one (an activity's, as the cache holds it). */
async function customerOf(copy: OfflineCopy, entry: OutboxEntry): Promise<string | undefined> {
  const [first] = entry.args as [unknown];
  switch (entry.op) {
    case 'updateCustomer':
      return typeof first === 'string' ? first : undefined;
    case 'createActivity':
    case 'createRequest': {
      const customerId = (first as { customerId?: unknown } | undefined)?.customerId;
      return typeof customerId === 'string' ? customerId : undefined;
    }
    case 'updateActivity':
      return typeof first === 'string' ? (await copy.cache.getActivity(first).catch(() => undefined))?.customerId : undefined;
    case 'createCustomer':
      return undefined;
  }
}

/**
 * The backend refused a queued write for good. When it refused it because the write's customer is
 * gone (not found, or a record naming a customer it does not have), and the backend confirms that
 * customer is gone, the customer is forgotten and the write dropped with the others about them:
 * true. Otherwise (the customer is there, or merged away) false: the write is kept as failed.
 */
export async function settleRefusedWrite(copy: OfflineCopy, entry: OutboxEntry, error: unknown): Promise<boolean> {
  const refusedCustomer =
    isNotFound(error) || (error instanceof ContextError && error.code === 'invalid-input' && (error as { issues?: { path: string }[] }).issues?.some((issue) => issue.path === 'customerId') === true);
  if (!refusedCustomer) return false;
  const customerId = await customerOf(copy, entry);
  if (customerId === undefined) return false;
  try {
    const found = await copy.remote.getCustomer(customerId);
    if (found.id !== customerId) await learnMerge(copy, customerId, found);
    return false;
  } catch (confirmation) {
    if (!isNotFound(confirmation)) return false;
  }
  await forgetGone(copy, customerId);
  // Gone whatever it carries: this one is dropped even when nothing in it named the customer's data.
  const left = (await copy.outbox.entries()).some((queued) => queued.seq === entry.seq);
  if (left) {
    await copy.outbox.remove(entry.seq);
    report(copy, [entry]);
  }
  return true;
}

/**
 * A change the backend's feed told: when it is a merge's journey activity, the customer merged
 * away is looked up again (the backend leads their id to the kept customer) and the cache learns
 * where it leads; while the backend cannot say, the cache drops the merged customer's record.
 */
export async function learnFromChange(copy: OfflineCopy, activity: Activity): Promise<void> {
  const mergedId = mergedIdOf(activity);
  if (mergedId === undefined || mergedId === activity.customerId) return;
  let kept: Customer;
  try {
    kept = await copy.remote.getCustomer(mergedId);
  } catch (error) {
    if (isNotFound(error)) await forgetGone(copy, mergedId);
    else await forgetCustomer(copy.cache.databaseName, mergedId);
    return;
  }
  if (kept.id !== mergedId) await learnMerge(copy, mergedId, kept);
}
