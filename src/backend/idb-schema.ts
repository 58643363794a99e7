import { promisifyRequest } from 'idb-keyval';
import { customerLookupKeys, type Customer } from '../model/index.js';
import type { CustomerMerge } from './merges/identities.js';

/** Bump with a migration in `upgrade` whenever a store or index changes. */
export const SCHEMA_VERSION = 2;

export const STORES = {
  customers: 'customers',
  activities: 'activities',
  requests: 'requests',
  meta: 'meta',
  /** One `CustomerMerge` per merged customer, by its id: where that id leads now. */
  merges: 'merges',
} as const;

export const INDEXES = {
  /** multiEntry over `lookup`: one entry per phone, email, name, name word and external id. */
  customerLookup: 'lookup',
  /** [customerId, created, id]: a customer's journey in time order, walked backwards for newest first. */
  activitiesByCustomer: 'byCustomer',
  requestsByCustomer: 'byCustomer',
  /** The merges into a customer, so that merging it in turn leads them on, and erasing it finds them. */
  mergesByKept: 'byKept',
} as const;

/**
 * A customer as stored: the lookup keys sit beside the customer rather than inside it, so a read
 * hands out `customer` as it is without copying it to strip them.
 */
export interface StoredCustomer {
  readonly customer: Customer;
  readonly lookup: readonly string[];
}

/** A customer as it is stored, with its lookup keys worked out. */
export function storedCustomer(customer: Customer): StoredCustomer {
  return { customer, lookup: customerLookupKeys(customer) };
}

/** What the merges store holds. */
export type StoredMerge = CustomerMerge;

/** The customer of `id`, or the customer a merge led `id` to; undefined when neither is stored. The scope holds customers and merges. */
export async function customerOrMerged(tx: IDBTransaction, id: string): Promise<Customer | undefined> {
  const customers = tx.objectStore(STORES.customers);
  const stored = (await promisifyRequest(customers.get(id))) as StoredCustomer | undefined;
  if (stored) return stored.customer;
  const merge = (await promisifyRequest(tx.objectStore(STORES.merges).get(id))) as StoredMerge | undefined;
  if (!merge) return undefined;
  return ((await promisifyRequest(customers.get(merge.keptId))) as StoredCustomer | undefined)?.customer;
}

/** What the meta store holds under `database`. */
export interface DatabaseInfo {
  readonly schemaVersion: number;
  readonly createdAt: string;
}

export const DATABASE_INFO_KEY = 'database';

function upgrade(db: IDBDatabase, oldVersion: number, tx: IDBTransaction): void {
  if (oldVersion < 1) {
    const customers = db.createObjectStore(STORES.customers, { keyPath: 'customer.id' });
    customers.createIndex(INDEXES.customerLookup, 'lookup', { multiEntry: true });
    const activities = db.createObjectStore(STORES.activities, { keyPath: 'id' });
    activities.createIndex(INDEXES.activitiesByCustomer, ['customerId', 'created', 'id']);
    const requests = db.createObjectStore(STORES.requests, { keyPath: 'id' });
    requests.createIndex(INDEXES.requestsByCustomer, 'customerId');
    // Out-of-line keys, so that idb-keyval's get/set work on it as they are.
    db.createObjectStore(STORES.meta);
  }
  if (oldVersion < 2) {
    // Existing customers, activities and requests stay as they are: a merge only ever adds here.
    const merges = db.createObjectStore(STORES.merges, { keyPath: 'mergedId' });
    merges.createIndex(INDEXES.mergesByKept, 'keptId');
  }
  const info: DatabaseInfo = { schemaVersion: SCHEMA_VERSION, createdAt: new Date().toISOString() };
  tx.objectStore(STORES.meta).put(info, DATABASE_INFO_KEY);
}

/** Opens (creating or upgrading) the store's database. idb-keyval's `createStore` makes a single store without indexes, so this is our own. */
export async function openDatabase(name: string): Promise<IDBDatabase> {
  const request = indexedDB.open(name, SCHEMA_VERSION);
  request.onupgradeneeded = (event) => upgrade(request.result, event.oldVersion, request.transaction!);
  const db = await promisifyRequest(request);
  // Another tab deleting or upgrading the database must not wait on us: let go, and later calls fail as unavailable.
  db.onversionchange = () => db.close();
  return db;
}

export async function deleteDatabase(name: string): Promise<void> {
  await promisifyRequest(indexedDB.deleteDatabase(name) as IDBRequest<unknown>);
}
