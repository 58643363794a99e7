/**
 * The built-in store's customers: the work each of its operations does inside the transaction
 * `BuiltInStore` opens for it (idb-store.ts), with the rules of record-rules.ts.
 */
import { promisifyRequest } from 'idb-keyval';
import type * as z from 'zod/mini';
import { ConflictError, NotFoundError, lookupIndexKey, type Customer, type LookupProbe, type ParseContext, type customerPatchSchema } from '../model/index.js';
import type { CustomerMatch } from './adapter.js';
import { INDEXES, STORES, customerOrMerged, storedCustomer, type StoredCustomer } from './idb-schema.js';
import { BestMatches, patchedRecord } from './record-rules.js';

/** The stores a lookup reads: a merged customer's id leads to the customer it was merged into. */
export const LOOKUP_SCOPE = [STORES.customers, STORES.merges];

/** The stores deleting a customer writes: their activities and requests go with them. */
export const CUSTOMER_DELETE_SCOPE = [STORES.customers, STORES.activities, STORES.requests];

/** The best `limit` matches of the probes (in a transaction of LOOKUP_SCOPE), each customer once with its best score. */
export async function findIn(tx: IDBTransaction, probes: readonly LookupProbe[], limit: number): Promise<CustomerMatch[]> {
  const found = new BestMatches();
  const store = tx.objectStore(STORES.customers);
  const index = store.index(INDEXES.customerLookup);
  const search = async (probe: LookupProbe) => {
    if (probe.key === 'id') {
      // A merged customer's id finds the customer it was merged into.
      const customer = await customerOrMerged(tx, probe.value);
      if (customer) found.consider(customer, probe, true);
      return;
    }
    const key = lookupIndexKey(probe.key, probe.value);
    const exact = promisifyRequest(index.getAll(key, limit)) as Promise<StoredCustomer[]>;
    // A multiEntry index yields a customer once per matching key (each name word), so ask for more than the limit.
    const starting =
      probe.key === 'name' && probe.prefix
        ? (promisifyRequest(index.getAll(IDBKeyRange.bound(key, `${key}\uffff`, true, false), limit * 3)) as Promise<StoredCustomer[]>)
        : Promise.resolve([]);
    for (const stored of await exact) found.consider(stored.customer, probe, true);
    for (const stored of await starting) found.consider(stored.customer, probe, false);
  };
  await Promise.all(probes.map(search));
  return found.best(limit);
}

/** Adds a new customer (in a transaction of the customers), or a conflict when its id is taken. */
export async function createCustomerIn(tx: IDBTransaction, customer: Customer): Promise<void> {
  const store = tx.objectStore(STORES.customers);
  const existing = (await promisifyRequest(store.get(customer.id))) as StoredCustomer | undefined;
  if (existing) throw new ConflictError(`A customer with id "${customer.id}" already exists`, existing.customer);
  store.add(storedCustomer(customer));
}

/** Applies `change` to the stored customer (in a transaction of the customers); answers it as it is now. */
export async function updateCustomerIn(tx: IDBTransaction, id: string, change: z.output<typeof customerPatchSchema>, context: ParseContext): Promise<Customer> {
  const store = tx.objectStore(STORES.customers);
  const stored = (await promisifyRequest(store.get(id))) as StoredCustomer | undefined;
  if (!stored) throw new NotFoundError('customer', id);
  const current = stored.customer;
  const next = patchedRecord('customer', current, change, context);
  store.put(storedCustomer(next));
  return next;
}

/** Deletes the customer with their activities and requests (in a transaction of CUSTOMER_DELETE_SCOPE); answers the activities' ids. */
export async function deleteCustomerIn(tx: IDBTransaction, id: string): Promise<string[]> {
  const customers = tx.objectStore(STORES.customers);
  if ((await promisifyRequest(customers.getKey(id))) === undefined) throw new NotFoundError('customer', id);
  const activities = tx.objectStore(STORES.activities);
  const requests = tx.objectStore(STORES.requests);
  const [activityIds, requestIds] = await Promise.all([
    promisifyRequest(activities.index(INDEXES.activitiesByCustomer).getAllKeys(IDBKeyRange.bound([id], [id, []]))),
    promisifyRequest(requests.index(INDEXES.requestsByCustomer).getAllKeys(id)),
  ]);
  for (const activityId of activityIds) activities.delete(activityId);
  for (const requestId of requestIds) requests.delete(requestId);
  customers.delete(id);
  return activityIds as string[];
}
