import { promisifyRequest } from 'idb-keyval';
import * as z from 'zod/mini';
import { customerRecordsToCloudEvents, type RecordEventOptions } from '../cloudevents/records.js';
import type { CloudEvent } from '../cloudevents/cloudevent.js';
import { NotFoundError, idSchema, type Activity, type Customer, type Request } from '../model/index.js';
import { identitiesOf } from './merges/identities.js';
import type { ContextBackend, OperationOptions } from './adapter.js';
import { EncryptedStore } from './encrypted-store.js';
import { INDEXES, STORES, openDatabase, type StoredCustomer } from './idb-schema.js';
import { announceTo } from './idb-broadcast.js';
import type { BuiltInStore } from './idb-store.js';
import type { Outbox, OutboxEntry } from './outbox.js';

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

/** What `removeCustomerIn` removed: the customer as they were, and the ids of their records and of the customers merged into them. */
export interface RemovedCustomer {
  readonly customer: Customer;
  readonly activityIds: readonly string[];
  readonly requestIds: readonly string[];
  readonly mergedIds: readonly string[];
}

/**
 * Removes a customer from a store's database: their record, requests and journey, and the merge
 * records of the customers merged into them (those ids lead nowhere once they are gone). Answers
 * undefined, removing nothing, when the customer is not stored. The scope holds customers,
 * activities, requests and merges.
 */
export async function removeCustomerIn(tx: IDBTransaction, customerId: string): Promise<RemovedCustomer | undefined> {
  const customers = tx.objectStore(STORES.customers);
  const stored = (await promisifyRequest(customers.get(customerId))) as StoredCustomer | undefined;
  if (!stored) return undefined;
  const activities = tx.objectStore(STORES.activities);
  const requests = tx.objectStore(STORES.requests);
  const merges = tx.objectStore(STORES.merges);
  const [activityIds, requestIds, mergedIds] = (await Promise.all([
    promisifyRequest(activities.index(INDEXES.activitiesByCustomer).getAllKeys(IDBKeyRange.bound([customerId], [customerId, []]))),
    promisifyRequest(requests.index(INDEXES.requestsByCustomer).getAllKeys(customerId)),
    promisifyRequest(merges.index(INDEXES.mergesByKept).getAllKeys(customerId)),
  ])) as string[][];
  for (const id of activityIds!) activities.delete(id);
  for (const id of requestIds!) requests.delete(id);
  for (const id of mergedIds!) merges.delete(id);
  customers.delete(customerId);
  return { customer: stored.customer, activityIds: activityIds!, requestIds: requestIds!, mergedIds: mergedIds! };
}

const REMOVAL_SCOPE = [STORES.customers, STORES.activities, STORES.requests, STORES.merges];

async function eraseFromStore(store: BuiltInStore, customerId: string, options: StoreErasureOptions): Promise<{ record: StoreErasureRecord; created: boolean }> {
  const digest = await sha256(customerId);
  const db = await openDatabase(store.databaseName);
  try {
    const tx = db.transaction([...REMOVAL_SCOPE, STORES.meta], 'readwrite');
    const committed = promisifyRequest(tx);
    const removed = await removeCustomerIn(tx, customerId);
    if (!removed) {
      tx.abort();
      await committed.catch(() => undefined);
      const earlier = (await erasuresIn(db)).find((record) => record.customerDigest === digest);
      if (!earlier) throw new NotFoundError('customer', customerId);
      return { record: earlier, created: false };
    }
    const partial = {
      id: crypto.randomUUID(),
      customerDigest: digest,
      erasedAt: new Date().toISOString(),
      ...(options.erasedBy === undefined ? {} : { erasedBy: options.erasedBy }),
    };
    const counts = { customers: 1, requests: removed.requestIds.length, activities: removed.activityIds.length };
    // Recorded with the records' removal: the outbox is another database, counted after.
    tx.objectStore(STORES.meta).put({ ...partial, removed: { ...counts, queuedWrites: 0 } }, `${ERASURE_KEY}${partial.id}`);
    await committed;

    const queuedWrites = options.outbox ? (await dropQueuedWrites(options.outbox, customerId, removed)).length : 0;
    const record: StoreErasureRecord = { ...partial, removed: { ...counts, queuedWrites } };
    if (queuedWrites) {
      const meta = db.transaction(STORES.meta, 'readwrite');
      meta.objectStore(STORES.meta).put(record, `${ERASURE_KEY}${record.id}`);
      await promisifyRequest(meta);
    }
    announce(store.databaseName, customerId, removed.activityIds);
    return { record, created: true };
  } finally {
    db.close();
  }
}

/**
 * Forgets a customer in a store's database as an erasure does, without its audit record: what the
 * offline copy of a shared backend does once the backend says the customer is gone. Open journeys
 * of the customer hear each activity deleted. Undefined when the store did not hold them.
 */
export async function forgetCustomer(databaseName: string, customerId: string): Promise<RemovedCustomer | undefined> {
  const db = await openDatabase(databaseName);
  try {
    const tx = db.transaction(REMOVAL_SCOPE, 'readwrite');
    const removed = await removeCustomerIn(tx, customerId);
    await promisifyRequest(tx);
    if (removed) announce(databaseName, customerId, removed.activityIds);
    return removed;
  } finally {
    db.close();
  }
}

/** A run of text that may be a phone number, written any way (`(408) 555-0142`, `+1 408.555.0142`). */
const PHONE_RUN = /\+?\(?\d[\d\s().-]{5,}\d/g;

/** Whether a queued write's argument carries one of these ids (as a whole value) or phones/emails (in any text, phones in any format). */
function carries(value: unknown, ids: ReadonlySet<string>, texts: readonly string[], phones: readonly string[]): boolean {
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (ids.has(value) || texts.some((text) => lower.includes(text))) return true;
    for (const [run] of value.matchAll(PHONE_RUN)) {
      const digits = run.replace(/\D/g, '');
      if (digits.length >= 7 && phones.some((phone) => phone.endsWith(digits) || digits.endsWith(phone))) return true;
    }
    return false;
  }
  if (Array.isArray(value)) return value.some((item) => carries(item, ids, texts, phones));
  if (typeof value === 'object' && value !== null) return Object.values(value).some((item) => carries(item, ids, texts, phones));
  return false;
}

/**
 * Takes out of the outbox, failed ones included, every queued write about the removed customer:
 * one that names them, a request or activity of theirs, or a customer merged into them, or that
 * carries one of their phones (in any format), emails or external ids (those of `removed`, the
 * customer as a store held them, when one did). Answers the entries taken.
 */
export async function dropQueuedWrites(outbox: Outbox, customerId: string, removed: RemovedCustomer | undefined): Promise<OutboxEntry[]> {
  const ids = new Set([customerId, ...(removed ? [...removed.activityIds, ...removed.requestIds, ...removed.mergedIds] : [])]);
  const identities = removed ? identitiesOf(removed.customer) : [];
  const texts = identities.filter((identity) => identity.kind !== 'phone').map((identity) => identity.value.toLowerCase());
  const phones = identities.filter((identity) => identity.kind === 'phone').map((identity) => identity.value.replace(/\D/g, ''));
  const dropped: OutboxEntry[] = [];
  for (const entry of await outbox.entries()) {
    if (!carries(entry.args, ids, texts.filter(Boolean), phones)) continue;
    await outbox.remove(entry.seq);
    dropped.push(entry);
  }
  return dropped;
}

/** Tells the store's listeners (this tab's through its own channel, and other tabs') that each activity went. */
function announce(databaseName: string, customerId: string, activityIds: readonly string[]): void {
  announceTo(
    databaseName,
    activityIds.map((activityId) => ({ kind: 'deleted', customerId, activityId }) as const),
  );
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
