import { promisifyRequest } from 'idb-keyval';
import * as z from 'zod/mini';
import { customerRecordsToCloudEvents, type RecordEventOptions } from '../cloudevents/records.js';
import type { CloudEvent } from '../cloudevents/cloudevent.js';
import { NotFoundError, idSchema, type Activity, type Customer, type Request } from '../model/index.js';
import { identitiesOf } from './merges/identities.js';
import type { ContextBackend, OperationOptions } from './adapter.js';
import { EncryptedStore } from './encrypted-store.js';
import { INDEXES, STORES, openDatabase, type StoredCustomer } from './idb-schema.js';
import type { BuiltInStore } from './idb-store.js';
import type { Outbox } from './outbox.js';

/**
 * Erasure and export of one customer in the built-in store: what the reference server's
 * `POST /v1/customers/{id}/erase` and `GET /v1/customers/{id}/export` do (server/erasure.ts), for
 * a store in the browser. A module of its own, loaded only where it is used (as transfer.ts is),
 * so that the gadget never carries it.
 *
 * An erasure works outside lab mode too (a person's right to be forgotten is not a test): in one
 * transaction, the customer, their requests and activities go; an outbox given to it loses the
 * queued writes that carry their id, phone or email. One audit record stays in the store's meta
 * store: when, by whom (if the caller says), how many records of each kind went, and a SHA-256 of
 * the customer's id rather than the id, enough to answer a repeat "already erased". Listeners of
 * the customer, in this tab and others, hear each activity deleted. An encrypted store's lookup
 * hashes of the customer (the database beside it) go too.
 */

/** How many records of each kind an erasure removed. */
export interface StoreErasureCounts {
  readonly customers: number;
  readonly requests: number;
  readonly activities: number;
  /** Queued writes of the outbox that carried the customer's data. */
  readonly queuedWrites: number;
}

/** The audit record of one erasure in the built-in store: nothing in it is the customer's. */
export interface StoreErasureRecord {
  readonly id: string;
  /** SHA-256 (hex) of the erased customer's id. */
  readonly customerDigest: string;
  readonly erasedAt: string;
  readonly erasedBy?: string;
  readonly removed: StoreErasureCounts;
}

export interface StoreErasureOptions {
  /** Who asks, as the audit record should name them (a user id: never the customer's data). */
  readonly erasedBy?: string;
  /** The offline outbox of a cached backend on this store, whose queued writes for the customer go too. */
  readonly outbox?: Outbox;
}

const ERASURE_KEY = 'erasure:';

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

async function erasuresIn(db: IDBDatabase): Promise<StoreErasureRecord[]> {
  const range = IDBKeyRange.bound(ERASURE_KEY, `${ERASURE_KEY}\uffff`);
  const records = (await promisifyRequest(db.transaction(STORES.meta, 'readonly').objectStore(STORES.meta).getAll(range))) as StoreErasureRecord[];
  return records.sort((a, b) => (a.erasedAt < b.erasedAt ? 1 : a.erasedAt > b.erasedAt ? -1 : 0));
}

/** The erasures recorded in the store, newest first. */
export async function storeErasures(store: BuiltInStore): Promise<StoreErasureRecord[]> {
  const db = await openDatabase(store.databaseName);
  try {
    return await erasuresIn(db);
  } finally {
    db.close();
  }
}

/**
 * Erases the customer from the store (see the module comment) and answers its audit record, with
 * `created: false` for a customer erased before. An id never stored is not found.
 */
export async function eraseCustomer(
  backend: BuiltInStore | EncryptedStore,
  customerId: string,
  options: StoreErasureOptions = {},
): Promise<{ record: StoreErasureRecord; created: boolean }> {
  if (!z.safeParse(idSchema, customerId).success) throw new NotFoundError('customer', String(customerId));
  const store = backend instanceof EncryptedStore ? backend.inner : backend;
  const erased = await eraseFromStore(store, customerId, options);
  // Also after an erasure that found the customer gone: a hash left by an interrupted one goes now.
  if (backend instanceof EncryptedStore) await eraseLookupHashes(EncryptedStore.hashDatabaseName(store.databaseName), customerId);
  return erased;
}

/** The lookup hashes of an encrypted store (`h:<hash>` lists customers, `c:<id>` a customer's hashes) without the customer. */
async function eraseLookupHashes(name: string, customerId: string): Promise<void> {
  const request = indexedDB.open(name, 1);
  request.onupgradeneeded = () => request.result.createObjectStore('hashes');
  const db = await promisifyRequest(request);
  try {
    const tx = db.transaction('hashes', 'readwrite');
    const hashes = tx.objectStore('hashes');
    const own = ((await promisifyRequest(hashes.get(`c:${customerId}`))) as string[] | undefined) ?? [];
    for (const hash of own) {
      const holders = ((await promisifyRequest(hashes.get(`h:${hash}`))) as string[] | undefined) ?? [];
      const rest = holders.filter((id) => id !== customerId);
      if (rest.length) hashes.put(rest, `h:${hash}`);
      else hashes.delete(`h:${hash}`);
    }
    hashes.delete(`c:${customerId}`);
    await promisifyRequest(tx);
  } finally {
    db.close();
  }
}

async function eraseFromStore(store: BuiltInStore, customerId: string, options: StoreErasureOptions): Promise<{ record: StoreErasureRecord; created: boolean }> {
  const digest = await sha256(customerId);
  const db = await openDatabase(store.databaseName);
  try {
    const tx = db.transaction([STORES.customers, STORES.activities, STORES.requests, STORES.merges, STORES.meta], 'readwrite');
    const committed = promisifyRequest(tx);
    const customers = tx.objectStore(STORES.customers);
    const stored = (await promisifyRequest(customers.get(customerId))) as StoredCustomer | undefined;
    if (!stored) {
      tx.abort();
      await committed.catch(() => undefined);
      const earlier = (await erasuresIn(db)).find((record) => record.customerDigest === digest);
      if (!earlier) throw new NotFoundError('customer', customerId);
      return { record: earlier, created: false };
    }
    const activities = tx.objectStore(STORES.activities);
    const requests = tx.objectStore(STORES.requests);
    const [activityIds, requestIds] = await Promise.all([
      promisifyRequest(activities.index(INDEXES.activitiesByCustomer).getAllKeys(IDBKeyRange.bound([customerId], [customerId, []]))),
      promisifyRequest(requests.index(INDEXES.requestsByCustomer).getAllKeys(customerId)),
    ]);
    // The records of the customers merged into this one name them too, and lead nowhere once they are gone.
    const merges = tx.objectStore(STORES.merges);
    const mergedIn = await promisifyRequest(merges.index(INDEXES.mergesByKept).getAllKeys(customerId));
    for (const id of activityIds) activities.delete(id);
    for (const id of requestIds) requests.delete(id);
    for (const id of mergedIn) merges.delete(id);
    customers.delete(customerId);
    const partial = {
      id: crypto.randomUUID(),
      customerDigest: digest,
      erasedAt: new Date().toISOString(),
      ...(options.erasedBy === undefined ? {} : { erasedBy: options.erasedBy }),
    };
    const counts = { customers: 1, requests: requestIds.length, activities: activityIds.length };
    // Recorded with the records' removal: the outbox is another database, counted after.
    tx.objectStore(STORES.meta).put({ ...partial, removed: { ...counts, queuedWrites: 0 } }, `${ERASURE_KEY}${partial.id}`);
    await committed;

    const queuedWrites = options.outbox ? await eraseQueuedWrites(options.outbox, traces(stored.customer)) : 0;
    const record: StoreErasureRecord = { ...partial, removed: { ...counts, queuedWrites } };
    if (queuedWrites) {
      const meta = db.transaction(STORES.meta, 'readwrite');
      meta.objectStore(STORES.meta).put(record, `${ERASURE_KEY}${record.id}`);
      await promisifyRequest(meta);
    }
    announce(store.databaseName, customerId, activityIds as string[]);
    return { record, created: true };
  } finally {
    db.close();
  }
}

/** The customer's id and identities (phones, emails, external ids) as text: what finds them inside queued writes. */
function traces(customer: Customer): string[] {
  return [customer.id, ...identitiesOf(customer).map((identity) => identity.value)].filter((text) => text.length > 0);
}

async function eraseQueuedWrites(outbox: Outbox, needles: readonly string[]): Promise<number> {
  let removed = 0;
  for (const entry of await outbox.entries()) {
    const text = JSON.stringify(entry.args).toLowerCase();
    if (!needles.some((needle) => text.includes(needle.toLowerCase()))) continue;
    await outbox.remove(entry.seq);
    removed += 1;
  }
  return removed;
}

/** Tells the store's listeners (this tab's through its own channel, and other tabs') that each activity went. */
function announce(databaseName: string, customerId: string, activityIds: readonly string[]): void {
  if (!activityIds.length) return;
  const channel = new BroadcastChannel(`customer-context:${databaseName}`);
  for (const activityId of activityIds) channel.postMessage({ kind: 'deleted', customerId, activityId });
  channel.close();
}

/** Everything a backend holds about one customer: their record, requests and whole journey (oldest first). */
export interface CustomerExport {
  readonly format: 'customer-context-subject-access';
  readonly version: 1;
  readonly exportedAt: string;
  readonly customer: Customer;
  readonly requests: readonly Request[];
  readonly activities: readonly Activity[];
}

/** Reads everything a backend (the built-in store, or any other) holds about the customer. */
export async function exportCustomer(backend: ContextBackend, customerId: string, options: OperationOptions = {}): Promise<CustomerExport> {
  const customer = await backend.getCustomer(customerId, options);
  const requests = await backend.listRequests(customerId, options);
  const activities: Activity[] = [];
  let cursor: string | undefined;
  do {
    const page = await backend.listActivities(customerId, { pageSize: 200, ...(cursor ? { cursor } : {}) }, options);
    activities.push(...page.activities);
    cursor = page.nextCursor;
  } while (cursor);
  return { format: 'customer-context-subject-access', version: 1, exportedAt: new Date().toISOString(), customer, requests: [...requests], activities: activities.reverse() };
}

/** The same as CloudEvents: the customer, their requests, then their activities oldest first (src/cloudevents/records.ts). */
export async function exportCustomerEvents(backend: ContextBackend, customerId: string, options: OperationOptions & RecordEventOptions = {}): Promise<CloudEvent[]> {
  const { source, ...operation } = options;
  return customerRecordsToCloudEvents(await exportCustomer(backend, customerId, operation), source ? { source } : {});
}
