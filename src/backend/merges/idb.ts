/**
 * Identities and merges in the built-in store: each call's input checked, and the work each does
 * inside the transaction `BuiltInStore` opens for it (idb-store.ts), with the rules of
 * rules.ts. Loaded when first used, so that the gadget's first render never carries it.
 */
import { promisifyRequest } from 'idb-keyval';
import * as z from 'zod/mini';
import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  idSchema,
  activityInputSchema,
  identityKey,
  loadPhoneNormaliser,
  parseOrThrow,
  type Activity,
  type Contributor,
  type Customer,
  type Identity,
  type ParseContext,
  type Request,
} from '../../model/index.js';
import {
  identityChangeSchema,
  mergeAuditActivity,
  mergeVersionsSchema,
  readIdentity,
  type IdentityChange,
  type MergeVersions,
} from './identities.js';
import { INDEXES, STORES, openDatabase, storedCustomer, type StoredCustomer, type StoredMerge } from '../idb-schema.js';
import { assertDistinct, mergedCustomer, movedRecord, withIdentity, withoutIdentity } from './rules.js';
import { newActivity, now } from '../record-rules.js';
import { announceTo } from '../idb-broadcast.js';
import type { ActivityChange, CustomerMerging, OperationName, OperationOptions } from '../adapter.js';

/** What the built-in store lends its identities and merges: its runner, write transactions and change announcements. */
export interface StoreHost {
  run<T>(name: OperationName, options: OperationOptions | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T>;
  transact<T>(scope: string | string[], signal: AbortSignal, work: (tx: IDBTransaction) => Promise<T>): Promise<T>;
  announce(changes: readonly ActivityChange[]): void;
  parseContext(): Promise<ParseContext>;
  readonly region: string;
}

/** Ids that cannot be stored cannot be found (as the store's own operations say). */
function assertId(id: unknown): asserts id is string {
  if (typeof id !== 'string') throw new InvalidInputError([{ path: 'id', message: 'A customer id must be text' }]);
  if (!z.safeParse(idSchema, id).success) throw new NotFoundError('customer', id);
}

/** The built-in store's `CustomerMerging`, each operation one transaction of the store. */
export function storeMerging(host: StoreHost): CustomerMerging {
  return {
    addIdentity: (customerId, change, options) =>
      host.run('addIdentity', options, async (signal) => {
        assertId(customerId);
        const write = await identityWrite(customerId, change, host.region);
        return host.transact(STORES.customers, signal, (tx) => addIdentityIn(tx, write));
      }),
    removeIdentity: (customerId, change, options) =>
      host.run('removeIdentity', options, async (signal) => {
        assertId(customerId);
        const write = await identityWrite(customerId, change, host.region);
        return host.transact(STORES.customers, signal, (tx) => removeIdentityIn(tx, write));
      }),
    mergeCustomers: (keptId, mergedId, versions, options) =>
      host.run('mergeCustomers', options, async (signal) => {
        assertId(keptId);
        assertId(mergedId);
        const write = mergeWrite(keptId, mergedId, versions, await host.parseContext());
        const { kept, moved } = await host.transact(MERGE_SCOPE, signal, (tx) => mergeIn(tx, write));
        host.announce([
          ...moved.map((activity): ActivityChange => ({ kind: 'deleted', customerId: mergedId, activityId: activity.id })),
          ...moved.map((activity): ActivityChange => ({ kind: 'updated', customerId: keptId, activityId: activity.id, activity })),
          { kind: 'created', customerId: keptId, activityId: write.audit.id, activity: write.audit },
        ]);
        return kept;
      }),
  };
}

/** The stores a merge writes. */
export const MERGE_SCOPE = [STORES.customers, STORES.activities, STORES.requests, STORES.merges];

async function storedOrMissing(customers: IDBObjectStore, id: string): Promise<StoredCustomer> {
  const stored = (await promisifyRequest(customers.get(id))) as StoredCustomer | undefined;
  if (!stored) throw new NotFoundError('customer', id);
  return stored;
}

export interface IdentityWrite {
  readonly customerId: string;
  readonly identity: Identity;
  readonly expectedVersion: number;
  readonly contributor: Contributor | undefined;
  readonly at: string;
}

/** An identity change checked and read: a phone in E.164 (its plan loaded first), an email or external id trimmed. */
export async function identityWrite(customerId: string, change: IdentityChange, region: string): Promise<IdentityWrite> {
  const parsed = parseOrThrow(identityChangeSchema, change);
  const phone = await loadPhoneNormaliser(region);
  if (parsed.kind === 'phone') await phone.prepare(parsed.value);
  const identity = readIdentity(parsed.kind, parsed.value, phone);
  return { customerId, identity, expectedVersion: parsed.expectedVersion, contributor: parsed.contributor, at: now() };
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

/** A merge checked (never a customer into itself), with the journey activity that will record it. */
export function mergeWrite(keptId: string, mergedId: string, versions: MergeVersions, context: ParseContext): MergeWrite {
  assertDistinct(keptId, mergedId);
  const parsed = parseOrThrow(mergeVersionsSchema, versions);
  const at = now();
  const auditInput = parseOrThrow(activityInputSchema, mergeAuditActivity({ keptId, mergedId, mergedBy: parsed.contributor }));
  const audit = newActivity({ ...auditInput, created: at }, context);
  return { keptId, mergedId, keptVersion: parsed.keptVersion, mergedVersion: parsed.mergedVersion, contributor: parsed.contributor, at, audit };
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

/**
 * A merge another backend made, copied into a store's database (the offline copy of a shared
 * backend, which learnt it from the backend's answer): the merged customer's record goes, what the
 * store holds of their journey and requests moves to the kept customer as it is (the backend's
 * moved versions are newer, and replace it when they arrive), and the merged id, with the ids
 * merged into it before, leads to the kept customer. Open journeys hear the activities leave
 * the merged customer and reach the kept one.
 */
export async function mirrorMerge(databaseName: string, merge: StoredMerge): Promise<void> {
  const db = await openDatabase(databaseName);
  try {
    const tx = db.transaction(MERGE_SCOPE, 'readwrite');
    const activities = tx.objectStore(STORES.activities);
    const requests = tx.objectStore(STORES.requests);
    const merges = tx.objectStore(STORES.merges);
    const { keptId, mergedId } = merge;
    const [journey, cases, earlier] = await Promise.all([
      promisifyRequest(activities.index(INDEXES.activitiesByCustomer).getAll(IDBKeyRange.bound([mergedId], [mergedId, []]))) as Promise<Activity[]>,
      promisifyRequest(requests.index(INDEXES.requestsByCustomer).getAll(mergedId)) as Promise<Request[]>,
      promisifyRequest(merges.index(INDEXES.mergesByKept).getAll(mergedId)) as Promise<StoredMerge[]>,
    ]);
    for (const activity of journey) activities.put({ ...activity, customerId: keptId });
    for (const request of cases) requests.put({ ...request, customerId: keptId });
    for (const before of earlier) merges.put({ ...before, keptId });
    merges.put(merge);
    tx.objectStore(STORES.customers).delete(mergedId);
    await promisifyRequest(tx);
    announceTo(
      databaseName,
      journey.flatMap(({ id }) => [
        { kind: 'deleted', customerId: mergedId, activityId: id } as const,
        { kind: 'updated', customerId: keptId, activityId: id } as const,
      ]),
    );
  } finally {
    db.close();
  }
}
