/**
 * Identities and merges of customers on the reference server, with the record rules of the
 * built-in store (src/backend/merges/rules.ts). Each runs inside the request's transaction;
 * a merge moves activities, requests, lookup keys and earlier merges in set-based statements.
 */
import * as z from 'zod/mini';
import {
  ConflictError,
  NotFoundError,
  identityKey,
  idSchema,
  loadPhoneNormaliser,
  parseOrThrow,
  type Activity,
  type Contributor,
  type Customer,
} from '../src/model/index.js';
import {
  customerMergeSchema,
  identityChangeSchema,
  mergeAuditActivity,
  mergeVersionsSchema,
  readIdentity,
  type CustomerMerge,
} from '../src/backend/merges/identities.js';
import { assertDistinct, mergedCustomer, withIdentity, withoutIdentity } from '../src/backend/merges/rules.js';
import { now } from '../src/backend/record-rules.js';
import type { Queryable } from './db.js';
import type { CallContext, Store } from './store.js';

/** The body of `POST /v1/customers/{keptId}/merge`. Who merged is the caller, not the body. */
export const mergeBodySchema = z.strictObject({
  mergedId: idSchema,
  keptVersion: mergeVersionsSchema.shape.keptVersion,
  mergedVersion: mergeVersionsSchema.shape.mergedVersion,
});

/** `DELETE /v1/customers/{id}/identities/{kind}:{value}?expectedVersion=N`, read as an identity change. */
export function identityFromPath(identity: string, expectedVersion: string | undefined): unknown {
  const colon = identity.indexOf(':');
  return {
    kind: colon < 0 ? identity : identity.slice(0, colon),
    value: colon < 0 ? '' : identity.slice(colon + 1),
    expectedVersion: expectedVersion === undefined || expectedVersion === '' ? undefined : Number(expectedVersion),
  };
}

function mergesTable(store: Store): string {
  return `"${store.schema}".merges`;
}

/** The customer of `id`, or the one a merge led `id` to: what `GET /v1/customers/{id}` answers. */
export async function customerOrMerged(tx: Queryable, ctx: CallContext, store: Store, id: string): Promise<Customer> {
  try {
    return await store.getCustomer(tx, ctx, id);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    const { rows } = await tx.query<{ kept_id: string }>(`SELECT kept_id FROM ${mergesTable(store)} WHERE lab = $1 AND merged_id = $2`, [ctx.lab, id]);
    if (!rows[0]) throw error;
    return store.getCustomer(tx, ctx, rows[0].kept_id);
  }
}

/** The merge that led `id` on, if any (for the id probe of a lookup). */
export async function mergeOf(tx: Queryable, ctx: CallContext, store: Store, id: string): Promise<CustomerMerge | undefined> {
  const { rows } = await tx.query<{ kept_id: string; merged_by: string | null; merged_at: string }>(
    `SELECT kept_id, merged_by, merged_at FROM ${mergesTable(store)} WHERE lab = $1 AND merged_id = $2`,
    [ctx.lab, id],
  );
  const row = rows[0];
  if (!row) return undefined;
  return customerMergeSchema.parse({ keptId: row.kept_id, mergedId: id, mergedAt: row.merged_at, ...(row.merged_by ? { mergedBy: JSON.parse(row.merged_by) as Contributor } : {}) });
}

async function readChange(ctx: CallContext, body: unknown) {
  const change = parseOrThrow(identityChangeSchema, body);
  const phone = await loadPhoneNormaliser(ctx.region);
  if (change.kind === 'phone') await phone.prepare(change.value);
  return { change, identity: readIdentity(change.kind, change.value, phone) };
}

async function storeCustomer(tx: Queryable, ctx: CallContext, store: Store, customer: Customer): Promise<void> {
  await tx.query(`UPDATE ${store.table.customers} SET doc = $3 WHERE lab = $1 AND id = $2`, [ctx.lab, customer.id, JSON.stringify(customer)]);
  await tx.query(`DELETE FROM ${store.table.keys} WHERE lab = $1 AND customer_id = $2`, [ctx.lab, customer.id]);
  await store.writeKeys(tx, ctx, customer);
}

/** Lists an identity on the customer: refused as a conflict when another customer is found by it. */
export async function addIdentity(tx: Queryable, ctx: CallContext, store: Store, customerId: string, body: unknown): Promise<Customer> {
  const { change, identity } = await readChange(ctx, body);
  const current = await store.getCustomer(tx, ctx, customerId, true);
  const next = withIdentity(current, identity, change.expectedVersion, change.contributor, now());
  const { rows } = await tx.query(`SELECT 1 FROM ${store.table.keys} WHERE lab = $1 AND key = $2 AND customer_id <> $3 LIMIT 1`, [
    ctx.lab,
    identityKey(identity),
    customerId,
  ]);
  if (rows.length) throw new ConflictError(`Another customer has this ${identity.kind === 'externalId' ? 'external id' : identity.kind} already`);
  await storeCustomer(tx, ctx, store, next);
  return next;
}

/** Takes a listed identity off the customer. */
export async function removeIdentity(tx: Queryable, ctx: CallContext, store: Store, customerId: string, body: unknown): Promise<Customer> {
  const { change, identity } = await readChange(ctx, body);
  const current = await store.getCustomer(tx, ctx, customerId, true);
  const next = withoutIdentity(current, identity, change.expectedVersion, change.contributor, now());
  await storeCustomer(tx, ctx, store, next);
  return next;
}

/**
 * Merges `body.mergedId` into `keptId` (see `CustomerMerging.mergeCustomers`), recorded as done
 * by `mergedBy`. Both customers are locked in id order, so that two merges of the same pair wait
 * for each other instead of deadlocking.
 */
export async function mergeCustomers(tx: Queryable, ctx: CallContext, store: Store, keptId: string, body: unknown, mergedBy: Contributor): Promise<Customer> {
  const { mergedId, keptVersion, mergedVersion } = parseOrThrow(mergeBodySchema, body);
  assertDistinct(keptId, mergedId);
  const [first, second] = keptId < mergedId ? [keptId, mergedId] : [mergedId, keptId];
  const locked = new Map<string, Customer>();
  for (const id of [first, second]) locked.set(id, await store.getCustomer(tx, ctx, id, true));
  const kept = locked.get(keptId)!;
  const merged = locked.get(mergedId)!;
  const at = now();
  const next = mergedCustomer(kept, merged, { keptVersion, mergedVersion }, mergedBy, at);

  const { activities, requests, keys, customers } = store.table;
  const params = [ctx.lab, mergedId, keptId, at];
  // The documents change with their columns: the customer they name, a new version, the time of the move.
  const moveDoc = `(doc::jsonb || jsonb_build_object('customerId', $3::text, 'version', (doc::jsonb->>'version')::int + 1, 'lastUpdated', $4::text))::text`;
  const moved = await tx.query<{ id: string; doc: string }>(
    `UPDATE ${activities} SET customer_id = $3, doc = ${moveDoc} WHERE lab = $1 AND customer_id = $2 RETURNING id, doc`,
    params,
  );
  await tx.query(`UPDATE ${requests} SET customer_id = $3, last_updated = $4, doc = ${moveDoc} WHERE lab = $1 AND customer_id = $2`, params);
  await tx.query(`UPDATE ${mergesTable(store)} SET kept_id = $3 WHERE lab = $1 AND kept_id = $2`, [ctx.lab, mergedId, keptId]);
  await tx.query(`INSERT INTO ${mergesTable(store)} (lab, merged_id, kept_id, merged_by, merged_at) VALUES ($1, $2, $3, $4, $5)`, [
    ctx.lab,
    mergedId,
    keptId,
    JSON.stringify(mergedBy),
    at,
  ]);
  await tx.query(`DELETE FROM ${keys} WHERE lab = $1 AND customer_id = $2`, [ctx.lab, mergedId]);
  await tx.query(`DELETE FROM ${customers} WHERE lab = $1 AND id = $2`, [ctx.lab, mergedId]);
  await storeCustomer(tx, ctx, store, next);

  // The feed tells both customers' subscribers, in one statement: each moved activity leaves one and reaches the other.
  if (moved.rows.length) {
    await store.recordChanges(
      tx,
      ctx,
      moved.rows.flatMap((row) => [
        { kind: 'deleted' as const, customerId: mergedId, activityId: row.id },
        { kind: 'updated' as const, customerId: keptId, activityId: row.id, activity: JSON.parse(row.doc) as Activity },
      ]),
    );
  }
  await store.createActivity(tx, ctx, { ...mergeAuditActivity({ keptId, mergedId, mergedBy }), created: at });
  return next;
}

/** Deletes the merge records that name the customer, either as kept or as merged (for an erasure). */
export async function eraseMerges(tx: Queryable, ctx: CallContext, store: Store, customerId: string): Promise<string[]> {
  const { rows } = await tx.query<{ merged_id: string }>(
    `DELETE FROM ${mergesTable(store)} WHERE lab = $1 AND (kept_id = $2 OR merged_id = $2) RETURNING merged_id`,
    [ctx.lab, customerId],
  );
  return rows.map((row) => row.merged_id).filter((id) => id !== customerId);
}
