/**
 * Identities and merges in the built-in store: the work each does inside the transaction
 * `BuiltInStore` opens for it (idb-store.ts), with the rules of identity-rules.ts.
 */
import { promisifyRequest } from 'idb-keyval';
import { ConflictError, NotFoundError, identityKey, type Activity, type Contributor, type Customer, type Identity, type Request } from '../model/index.js';
import { INDEXES, STORES, storedCustomer, type StoredCustomer, type StoredMerge } from './idb-schema.js';
import { mergedCustomer, movedRecord, withIdentity, withoutIdentity } from './identity-rules.js';

/** The stores a merge writes. */
export const MERGE_SCOPE = [STORES.customers, STORES.activities, STORES.requests, STORES.merges];

async function storedOrMissing(customers: IDBObjectStore, id: string): Promise<StoredCustomer> {
  const stored = (await promisifyRequest(customers.get(id))) as StoredCustomer | undefined;
  if (!stored) throw new NotFoundError('customer', id);
  return stored;
}

/** The customer of `id`, or the customer a merge led `id` to; undefined when neither is stored. The scope holds customers and merges. */
export async function customerOrMerged(tx: IDBTransaction, id: string): Promise<Customer | undefined> {
  const customers = tx.objectStore(STORES.customers);
  const stored = (await promisifyRequest(customers.get(id))) as StoredCustomer | undefined;
  if (stored) return stored.customer;
  const merge = (await promisifyRequest(tx.objectStore(STORES.merges).get(id))) as StoredMerge | undefined;
  if (!merge) return undefined;
  return ((await promisifyRequest(customers.get(merge.keptId))) as StoredCustomer | undefined)?.customer;
}

export interface IdentityWrite {
  readonly customerId: string;
  readonly identity: Identity;
  readonly expectedVersion: number;
  readonly contributor: Contributor | undefined;
  readonly at: string;
}

/** Lists the identity on the customer, unless another customer is found by it already. Scope: customers. */
export async function addIdentityIn(tx: IDBTransaction, write: IdentityWrite): Promise<Customer> {
  const customers = tx.objectStore(STORES.customers);
  const [stored, holders] = await Promise.all([
    storedOrMissing(customers, write.customerId),
    promisifyRequest(customers.index(INDEXES.customerLookup).getAllKeys(identityKey(write.identity))),
  ]);
  const next = withIdentity(stored.customer, write.identity, write.expectedVersion, write.contributor, write.at);
  if (holders.some((holder) => holder !== write.customerId)) {
    throw new ConflictError(`Another customer has this ${write.identity.kind === 'externalId' ? 'external id' : write.identity.kind} already`);
  }
  customers.put(storedCustomer(next));
  return next;
}

/** Takes the identity off the customer's list. Scope: customers. */
export async function removeIdentityIn(tx: IDBTransaction, write: IdentityWrite): Promise<Customer> {
  const customers = tx.objectStore(STORES.customers);
  const stored = await storedOrMissing(customers, write.customerId);
  const next = withoutIdentity(stored.customer, write.identity, write.expectedVersion, write.contributor, write.at);
  customers.put(storedCustomer(next));
  return next;
}

export interface MergeWrite {
  readonly keptId: string;
  readonly mergedId: string;
  readonly keptVersion: number;
  readonly mergedVersion: number;
  readonly contributor: Contributor | undefined;
  readonly at: string;
  /** The journey activity that records the merge, made by the caller from `mergeAuditActivity`. */
  readonly audit: Activity;
}

/** What a merge wrote: the kept customer, and the activities it moved (as they are now). */
export interface MergeResult {
  readonly kept: Customer;
  readonly moved: readonly Activity[];
}

/**
 * Merges in one transaction (scope `MERGE_SCOPE`): moves the activities and requests, stores the
 * kept customer with the merged one's identities, deletes the merged customer, records where its
 * id leads (and leads the ids merged into it there too), and adds the merge's activity.
 */
export async function mergeIn(tx: IDBTransaction, write: MergeWrite): Promise<MergeResult> {
  const customers = tx.objectStore(STORES.customers);
  const activities = tx.objectStore(STORES.activities);
  const requests = tx.objectStore(STORES.requests);
  const merges = tx.objectStore(STORES.merges);
  const [kept, merged] = await Promise.all([storedOrMissing(customers, write.keptId), storedOrMissing(customers, write.mergedId)]);
  const next = mergedCustomer(kept.customer, merged.customer, write, write.contributor, write.at);
  const [journey, cases, earlier] = await Promise.all([
    promisifyRequest(activities.index(INDEXES.activitiesByCustomer).getAll(IDBKeyRange.bound([write.mergedId], [write.mergedId, []]))) as Promise<Activity[]>,
    promisifyRequest(requests.index(INDEXES.requestsByCustomer).getAll(write.mergedId)) as Promise<Request[]>,
    promisifyRequest(merges.index(INDEXES.mergesByKept).getAll(write.mergedId)) as Promise<StoredMerge[]>,
  ]);
  const moved = journey.map((activity) => movedRecord(activity, write.keptId, write.at));
  for (const activity of moved) activities.put(activity);
  for (const request of cases) requests.put(movedRecord(request, write.keptId, write.at));
  for (const merge of earlier) merges.put({ ...merge, keptId: write.keptId });
  const record: StoredMerge = {
    keptId: write.keptId,
    mergedId: write.mergedId,
    ...(write.contributor ? { mergedBy: write.contributor } : {}),
    mergedAt: write.at,
  };
  merges.put(record);
  customers.delete(write.mergedId);
  customers.put(storedCustomer(next));
  activities.add(write.audit);
  return { kept: next, moved };
}
