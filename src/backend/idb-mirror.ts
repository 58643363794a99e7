import { promisifyRequest } from 'idb-keyval';
import { activitySchema, customerSchema, parseOrThrow, requestSchema, type Activity, type Customer, type Request } from '../model/index.js';
import type { ActivityChange } from './adapter.js';
import { STORES, storedCustomer, type StoredCustomer } from './idb-schema.js';

/** Records another backend answered with, for `BuiltInStore.mirror`. */
export interface MirroredRecords {
  readonly customers?: readonly Customer[];
  readonly activities?: readonly Activity[];
  readonly requests?: readonly Request[];
  /** Activities that backend no longer has. */
  readonly deletedActivities?: readonly string[];
}

/** Mirrored records, each checked with the model's schemas. */
export interface CheckedMirror {
  readonly customers: readonly Customer[];
  readonly activities: readonly Activity[];
  readonly requests: readonly Request[];
  readonly deleted: readonly string[];
}

/** The stores one mirror writes, in one transaction. */
export const MIRROR_SCOPE = [STORES.customers, STORES.activities, STORES.requests];

/** Checks each record with the model's schemas, before any transaction opens; throws an InvalidInputError naming the first bad one. */
export function checkMirrored(records: MirroredRecords): CheckedMirror {
  return {
    customers: (records.customers ?? []).map((customer, index) => parseOrThrow(customerSchema, customer, `customers.${index}`)),
    activities: (records.activities ?? []).map((activity, index) => parseOrThrow(activitySchema, activity, `activities.${index}`)),
    requests: (records.requests ?? []).map((request, index) => parseOrThrow(requestSchema, request, `requests.${index}`)),
    deleted: records.deletedActivities ?? [],
  };
}

/**
 * Writes the mirrored records in `tx` (of MIRROR_SCOPE), skipping each one older than the stored
 * one (a lower version), and one of the same version unless `overwrite`; answers the changes to
 * the activities, for the store to announce once `tx` has committed.
 */
export async function mirrorIn(tx: IDBTransaction, { customers, activities, requests, deleted }: CheckedMirror, overwrite: boolean): Promise<ActivityChange[]> {
  const changes: ActivityChange[] = [];
  const newer = <T extends { version: number; lastUpdated: string }>(stored: T | undefined, next: T) =>
    !stored || stored.version < next.version || (overwrite && stored.version === next.version && stored.lastUpdated !== next.lastUpdated);
  const customerStore = tx.objectStore(STORES.customers);
  const activityStore = tx.objectStore(STORES.activities);
  const requestStore = tx.objectStore(STORES.requests);
  await Promise.all([
    ...customers.map(async (customer) => {
      const stored = (await promisifyRequest(customerStore.get(customer.id))) as StoredCustomer | undefined;
      if (newer(stored?.customer, customer)) customerStore.put(storedCustomer(customer));
    }),
    ...requests.map(async (request) => {
      const stored = (await promisifyRequest(requestStore.get(request.id))) as Request | undefined;
      if (newer(stored, request)) requestStore.put(request);
    }),
    ...activities.map(async (activity) => {
      const stored = (await promisifyRequest(activityStore.get(activity.id))) as Activity | undefined;
      if (!newer(stored, activity)) return;
      activityStore.put(activity);
      if (activity.customerId !== undefined) {
        changes.push({ kind: stored ? 'updated' : 'created', customerId: activity.customerId, activityId: activity.id, activity });
      }
    }),
    ...deleted.map(async (id) => {
      const stored = (await promisifyRequest(activityStore.get(id))) as Activity | undefined;
      if (!stored) return;
      activityStore.delete(id);
      if (stored.customerId !== undefined) changes.push({ kind: 'deleted', customerId: stored.customerId, activityId: id });
    }),
  ]);
  return changes;
}
