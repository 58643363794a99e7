/**
 * The built-in store's activities: the work each of its operations does inside the transaction
 * `BuiltInStore` opens for it (idb-store.ts), with the rules of record-rules.ts.
 */
import { promisifyRequest } from 'idb-keyval';
import type * as z from 'zod/mini';
import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  activityHasWords,
  searchWords,
  type Activity,
  type ParseContext,
  type Request,
  type activityPatchSchema,
} from '../model/index.js';
import type { ActivityPage } from './adapter.js';
import { INDEXES, STORES } from './idb-schema.js';
import { changedActivity, decodeCursor, encodeCursor, positionOf, type listQuerySchema } from './record-rules.js';

type ListQuery = z.output<typeof listQuerySchema>;
type ActivityChangeRequest = z.output<typeof activityPatchSchema>;

/**
 * A filtered page stops after examining this many activities even when it is not full, and says
 * where to go on: a rare filter over a long history then costs several short calls, each within
 * the operation's timeout, instead of one that reads everything.
 */
const SCAN_BUDGET = 5000;

/** The stores an activity's write reads or writes: it may point at a customer and a request. */
export const ACTIVITY_WRITE_SCOPE = [STORES.activities, STORES.customers, STORES.requests];

/** The stretch of the customer's journey (in the activities-by-customer index) a page reads; undefined when it holds nothing. */
export function pageRange(customerId: string, { cursor, since, until }: ListQuery): IDBKeyRange | undefined {
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  const lower: IDBValidKey = since === undefined ? [customerId] : [customerId, since];
  let upper: IDBValidKey = until === undefined ? [customerId, []] : [customerId, until];
  let upperOpen = until !== undefined;
  if (after) {
    const position = [customerId, ...after];
    if (!upperOpen || indexedDB.cmp(position, upper) < 0) {
      upper = position;
      upperOpen = true;
    }
  }
  const order = indexedDB.cmp(lower, upper);
  if (order > 0 || (order === 0 && upperOpen)) return undefined;
  return IDBKeyRange.bound(lower, upper, false, upperOpen);
}

/** Which activities a page shows, or undefined when it shows every one. */
export function pageFilter({ mediaTypes, text }: ListQuery): ((activity: Activity) => boolean) | undefined {
  const channels = mediaTypes?.length ? new Set<string>(mediaTypes) : undefined;
  const words = text === undefined ? [] : searchWords(text);
  const filtered = channels !== undefined || words.length > 0;
  if (!filtered) return undefined;
  return (activity: Activity) => (!channels || channels.has(activity.mediaType)) && activityHasWords(activity, words);
}

/** Walks `range` newest first, up to a page of what `admits`, within the scan budget when filtered. */
export function readPage(tx: IDBTransaction, range: IDBKeyRange, pageSize: number, admits: ((activity: Activity) => boolean) | undefined): Promise<ActivityPage> {
  return new Promise<ActivityPage>((resolve, reject) => {
    const walk = tx.objectStore(STORES.activities).index(INDEXES.activitiesByCustomer).openCursor(range, 'prev');
    const page: Activity[] = [];
    let examined = 0;
    walk.onerror = () => reject(walk.error);
    walk.onsuccess = () => {
      const step = walk.result;
      if (!step) return resolve({ activities: page });
      const activity = step.value as Activity;
      examined += 1;
      if (!admits || admits(activity)) {
        // One match beyond a full page proves there is a next page; it opens that page.
        if (page.length === pageSize) return resolve({ activities: page, nextCursor: encodeCursor(positionOf(page.at(-1)!)) });
        page.push(activity);
      }
      if (admits && examined >= SCAN_BUDGET) {
        const position = page.length === pageSize ? positionOf(page.at(-1)!) : positionOf(activity);
        return resolve({ activities: page, nextCursor: encodeCursor(position) });
      }
      step.continue();
    };
  });
}

/** Adds a new activity (in a transaction of ACTIVITY_WRITE_SCOPE), or a conflict when its id is taken. */
export async function createActivityIn(tx: IDBTransaction, activity: Activity): Promise<void> {
  const store = tx.objectStore(STORES.activities);
  const [existing] = await Promise.all([promisifyRequest(store.get(activity.id)) as Promise<Activity | undefined>, checkReferences(tx, activity)]);
  if (existing) throw new ConflictError(`An activity with id "${activity.id}" already exists`, existing);
  store.add(activity);
}

/** Applies `change` to the stored activity (in a transaction of ACTIVITY_WRITE_SCOPE); answers it before and after. */
export async function updateActivityIn(
  tx: IDBTransaction,
  id: string,
  change: ActivityChangeRequest,
  context: ParseContext,
): Promise<readonly [previous: Activity, next: Activity]> {
  const store = tx.objectStore(STORES.activities);
  const current = (await promisifyRequest(store.get(id))) as Activity | undefined;
  if (!current) throw new NotFoundError('activity', id);
  const activity = changedActivity(current, change, context);
  await checkReferences(tx, activity, current);
  store.put(activity);
  return [current, activity] as const;
}

/** Deletes the stored activity (in a transaction of the activities); answers what it was. */
export async function deleteActivityIn(tx: IDBTransaction, id: string): Promise<Activity> {
  const store = tx.objectStore(STORES.activities);
  const current = (await promisifyRequest(store.get(id))) as Activity | undefined;
  if (!current) throw new NotFoundError('activity', id);
  store.delete(id);
  return current;
}

/** An activity may point only at a stored customer, and at a stored request of that customer. */
async function checkReferences(tx: IDBTransaction, activity: Activity, previous?: Activity): Promise<void> {
  const issues: { path: string; message: string }[] = [];
  const checks: Promise<void>[] = [];
  if (activity.customerId !== undefined && activity.customerId !== previous?.customerId) {
    const customerId = activity.customerId;
    checks.push(
      promisifyRequest(tx.objectStore(STORES.customers).getKey(customerId)).then((key) => {
        if (key === undefined) issues.push({ path: 'customerId', message: `No customer with id "${customerId}"` });
      }),
    );
  }
  if (activity.requestId !== undefined && (activity.requestId !== previous?.requestId || activity.customerId !== previous?.customerId)) {
    const requestId = activity.requestId;
    checks.push(
      (promisifyRequest(tx.objectStore(STORES.requests).get(requestId)) as Promise<Request | undefined>).then((found) => {
        if (!found) issues.push({ path: 'requestId', message: `No request with id "${requestId}"` });
        else if (activity.customerId !== undefined && found.customerId !== activity.customerId) {
          issues.push({ path: 'requestId', message: `Request "${requestId}" belongs to another customer` });
        }
      }),
    );
  }
  await Promise.all(checks);
  if (issues.length) throw new InvalidInputError(issues);
}
