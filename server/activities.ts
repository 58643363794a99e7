/**
 * The activities (the POD): a customer's journey read a page at a time, newest first, and
 * activities written with their references checked and their search text folded, each change to
 * a customer's journey appended to the change feed. `Store`'s activity methods answer from here.
 */
import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  activityInputSchema,
  activityPatchSchema,
  foldForMatch,
  parseOrThrow,
  searchWords,
  type Activity,
} from '../src/model/index.js';
import type { ActivityPage, ListActivitiesQuery } from '../src/backend/adapter.js';
import { changedActivity, decodeCursor, encodeCursor, listQuerySchema, newActivity } from '../src/backend/record-rules.js';
import type { Queryable } from './db.js';
import { assertIdText, assertLabMode, type CallContext, type Store } from './store.js';

/** A filtered page stops after examining this many activities, as in the built-in store. */
const SCAN_BUDGET = 5000;
const SCAN_BATCH = 500;

/** What the text filter reads of an activity, folded once when it is written (see model/lookup.ts); ingest writes it too. */
export function searchText(activity: Activity): string {
  const notes = activity.dataElements['Context_Notes'];
  return foldForMatch(
    [activity.title, activity.message, typeof notes === 'string' ? notes : undefined, ...(activity.breadcrumbs ?? []), activity.source]
      .filter(Boolean)
      .join(' '),
  );
}

export async function listActivities(tx: Queryable, ctx: CallContext, store: Store, customerId: string, query: ListActivitiesQuery): Promise<ActivityPage> {
  const { cursor, pageSize, mediaTypes, since, until, text } = parseOrThrow(listQuerySchema, query);
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  const words = text === undefined ? [] : searchWords(text);
  const conditions = ['lab = $1', 'customer_id = $2'];
  const params: unknown[] = [ctx.lab, customerId];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (since !== undefined) conditions.push(`created >= ${param(since)}`);
  if (until !== undefined) conditions.push(`created < ${param(until)}`);
  if (mediaTypes?.length) conditions.push(`media_type IN (${mediaTypes.map((type) => param(type)).join(', ')})`);
  for (const word of words) conditions.push(`strpos(search, ${param(word)}) > 0`);
  const filtered = Boolean(mediaTypes?.length) || words.length > 0;
  if (!filtered) {
    if (after) conditions.push(`(created, id) < (${param(after[0])}, ${param(after[1])})`);
    const { rows } = await tx.query<{ doc: string }>(
      `SELECT doc FROM ${store.table.activities} WHERE ${conditions.join(' AND ')} ORDER BY created DESC, id DESC LIMIT ${pageSize + 1}`,
      params,
    );
    const activities = rows.slice(0, pageSize).map((row) => JSON.parse(row.doc) as Activity);
    // One row beyond a full page proves there is a next page.
    if (rows.length > pageSize) {
      const last = activities.at(-1)!;
      return { activities, nextCursor: encodeCursor([last.created, last.id]) };
    }
    return { activities };
  }
  // A filtered page examines at most SCAN_BUDGET activities, then says where to go on.
  const page: Activity[] = [];
  let position = after;
  let examined = 0;
  const matchConditions = conditions.slice(2 + (since !== undefined ? 1 : 0) + (until !== undefined ? 1 : 0));
  const baseConditions = conditions.slice(0, conditions.length - matchConditions.length);
  for (;;) {
    const batchParams = [...params];
    const where = [...baseConditions];
    if (position) {
      batchParams.push(position[0], position[1]);
      where.push(`(created, id) < ($${batchParams.length - 1}, $${batchParams.length})`);
    }
    const { rows } = await tx.query<{ created: string; id: string; doc: string | null }>(
      `SELECT created, id, CASE WHEN ${matchConditions.join(' AND ')} THEN doc END AS doc
       FROM ${store.table.activities} WHERE ${where.join(' AND ')} ORDER BY created DESC, id DESC LIMIT ${SCAN_BATCH}`,
      batchParams,
    );
    for (const row of rows) {
      examined += 1;
      if (row.doc !== null) {
        if (page.length === pageSize) {
          const last = page.at(-1)!;
          return { activities: page, nextCursor: encodeCursor([last.created, last.id]) };
        }
        page.push(JSON.parse(row.doc) as Activity);
      }
      position = [row.created, row.id];
      if (examined >= SCAN_BUDGET) {
        const at = page.length === pageSize ? ([page.at(-1)!.created, page.at(-1)!.id] as const) : position;
        return { activities: page, nextCursor: encodeCursor(at) };
      }
    }
    if (rows.length < SCAN_BATCH) return { activities: page };
  }
}

export async function getActivity(tx: Queryable, ctx: CallContext, store: Store, id: string, forUpdate = false): Promise<Activity> {
  assertIdText(id, 'activity');
  const { rows } = await tx.query<{ doc: string }>(
    `SELECT doc FROM ${store.table.activities} WHERE lab = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [ctx.lab, id],
  );
  if (!rows[0]) throw new NotFoundError('activity', id);
  return JSON.parse(rows[0].doc) as Activity;
}

export async function createActivity(tx: Queryable, ctx: CallContext, store: Store, input: unknown): Promise<Activity> {
  const parsed = parseOrThrow(activityInputSchema, input);
  const context = await store.parseContext(tx, ctx);
  const activity = newActivity(parsed, context);
  await checkReferences(tx, ctx, store, activity);
  const inserted = await tx.query(
    `INSERT INTO ${store.table.activities} (lab, id, customer_id, created, media_type, search, doc)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
    [ctx.lab, activity.id, activity.customerId ?? null, activity.created, activity.mediaType, searchText(activity), JSON.stringify(activity)],
  );
  if (!inserted.rows.length) {
    throw new ConflictError(`An activity with id "${activity.id}" already exists`, await getActivity(tx, ctx, store, activity.id));
  }
  if (activity.customerId !== undefined) {
    await store.recordChange(tx, ctx, { kind: 'created', customerId: activity.customerId, activityId: activity.id, activity });
  }
  return activity;
}

export async function updateActivity(tx: Queryable, ctx: CallContext, store: Store, id: string, patch: unknown): Promise<Activity> {
  assertIdText(id, 'activity');
  const change = parseOrThrow(activityPatchSchema, patch);
  const context = await store.parseContext(tx, ctx);
  const current = await getActivity(tx, ctx, store, id, true);
  const next = changedActivity(current, change, context);
  await checkReferences(tx, ctx, store, next, current);
  await tx.query(
    `UPDATE ${store.table.activities} SET customer_id = $3, created = $4, media_type = $5, search = $6, doc = $7 WHERE lab = $1 AND id = $2`,
    [ctx.lab, id, next.customerId ?? null, next.created, next.mediaType, searchText(next), JSON.stringify(next)],
  );
  if (current.customerId !== undefined && current.customerId !== next.customerId) {
    await store.recordChange(tx, ctx, { kind: 'deleted', customerId: current.customerId, activityId: id });
  }
  if (next.customerId !== undefined) await store.recordChange(tx, ctx, { kind: 'updated', customerId: next.customerId, activityId: id, activity: next });
  return next;
}

export async function deleteActivity(tx: Queryable, ctx: CallContext, store: Store, id: string): Promise<void> {
  assertLabMode(ctx);
  assertIdText(id, 'activity');
  const { rows } = await tx.query<{ customer_id: string | null }>(
    `DELETE FROM ${store.table.activities} WHERE lab = $1 AND id = $2 RETURNING customer_id`,
    [ctx.lab, id],
  );
  if (!rows[0]) throw new NotFoundError('activity', id);
  if (rows[0].customer_id !== null) await store.recordChange(tx, ctx, { kind: 'deleted', customerId: rows[0].customer_id, activityId: id });
}

/** An activity may point only at a stored customer, and at a stored request of that customer. */
async function checkReferences(tx: Queryable, ctx: CallContext, store: Store, activity: Activity, previous?: Activity): Promise<void> {
  const issues: { path: string; message: string }[] = [];
  if (activity.customerId !== undefined && activity.customerId !== previous?.customerId) {
    const { rows } = await tx.query(`SELECT 1 FROM ${store.table.customers} WHERE lab = $1 AND id = $2 FOR SHARE`, [ctx.lab, activity.customerId]);
    if (!rows.length) issues.push({ path: 'customerId', message: `No customer with id "${activity.customerId}"` });
  }
  if (activity.requestId !== undefined && (activity.requestId !== previous?.requestId || activity.customerId !== previous?.customerId)) {
    const { rows } = await tx.query<{ customer_id: string }>(`SELECT customer_id FROM ${store.table.requests} WHERE lab = $1 AND id = $2 FOR SHARE`, [
      ctx.lab,
      activity.requestId,
    ]);
    if (!rows[0]) issues.push({ path: 'requestId', message: `No request with id "${activity.requestId}"` });
    else if (activity.customerId !== undefined && rows[0].customer_id !== activity.customerId) {
      issues.push({ path: 'requestId', message: `Request "${activity.requestId}" belongs to another customer` });
    }
  }
  if (issues.length) throw new InvalidInputError(issues);
}
