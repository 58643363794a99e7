/**
 * Erasure and export of one customer, for an organisation answering a person's request to be
 * forgotten or to see everything held about them (docs/server.md, "Erasure and export").
 *
 * An erasure runs in one transaction of the caller's tenant and partition: either everything of the
 * customer goes, or nothing does. What goes: the customer, their identities (lookup keys), their
 * requests and activities, the CloudEvents taken in for those activities, unmatched CloudEvents that
 * name them (by id, phone or email), and the stored answers of Idempotency-Keys that carry their id
 * or a phone or email of theirs. Their entries in the change feed stay, emptied: a tombstone named by
 * the erasure's id, `deleted`, without a payload, so that the change numbers clients hold still name
 * a row and the head of the feed never moves back. What stays is one audit row (table `erasures`):
 * who erased, when, how many records of each kind went, and a SHA-256 of the customer's id (ids are
 * chosen by callers and may themselves be personal), enough to answer a repeat "already erased".
 *
 * The live event streams following the customer (or an id merged into them) hear `erased` at the
 * commit, carrying the id only, so that clients forget the customer at once. It is a NOTIFY
 * (`erasedNotice`), heard by every instance and written nowhere: nothing stored names them after.
 */
import { createHash, randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { customerEmails, customerPhones } from '../src/model/customer-display.js';
import {
  NotFoundError,
  customerLookupKeys,
  foldForMatch,
  idSchema,
  loadPhoneNormaliser,
  lookupIndexKey,
  lookupProbes,
  parseOrThrow,
  type Activity,
  type Customer,
  type Request,
} from '../src/model/index.js';
import type { Queryable } from './db.js';
import { eraseMerges } from './merges.js';
import type { CallContext, Store } from './store.js';

/** An erasure's NOTIFY payload on the change channel (server/hub.ts): this prefix, then `ErasedNotice` as JSON. */
export const ERASED_NOTICE = 'erased:';

export const erasedNoticeSchema = z.strictObject({ tenant: z.string(), lab: z.boolean(), customerId: z.string() });
export type ErasedNotice = z.infer<typeof erasedNoticeSchema>;

export function erasedNotice(notice: ErasedNotice): string {
  return `${ERASED_NOTICE}${JSON.stringify(notice)}`;
}

/** The notice a payload carries, or undefined when it is none. */
export function readErasedNotice(payload: string): ErasedNotice | undefined {
  if (!payload.startsWith(ERASED_NOTICE)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(payload.slice(ERASED_NOTICE.length)) as unknown;
  } catch {
    return undefined;
  }
  const parsed = z.safeParse(erasedNoticeSchema, value);
  return parsed.success ? parsed.data : undefined;
}

/** How many records of each kind an erasure removed (or, for the change feed, emptied). */
export interface ErasureCounts {
  readonly customers: number;
  readonly identities: number;
  readonly requests: number;
  readonly activities: number;
  /** CloudEvents taken in: those that became the customer's activities, and unmatched ones naming them. */
  readonly ingestedEvents: number;
  /** Stored answers of Idempotency-Keys that carried the customer's data. */
  readonly storedAnswers: number;
  /** Entries of the change feed emptied to tombstones. */
  readonly changes: number;
}

/** The audit record of one erasure: nothing in it is the customer's. */
export interface ErasureRecord {
  readonly id: string;
  /** SHA-256 (hex) of the erased customer's id. */
  readonly customerDigest: string;
  readonly erasedBy: string;
  readonly erasedAt: string;
  readonly removed: ErasureCounts;
}

const countsSchema = z.strictObject({
  customers: z.int(),
  identities: z.int(),
  requests: z.int(),
  activities: z.int(),
  ingestedEvents: z.int(),
  storedAnswers: z.int(),
  changes: z.int(),
});

export const erasureListQuerySchema = z.strictObject({
  limit: z._default(z.int().check(z.minimum(1), z.maximum(500)), 100),
  customerId: z.optional(z.string().check(z.minLength(1), z.maxLength(2000))),
});

export const EXPORT_FORMATS = ['json', 'cloudevents'] as const;
export const exportFormatSchema = z._default(z.enum(EXPORT_FORMATS), 'json');

/** The digest an erasure keeps instead of the customer's id. */
export function customerDigest(customerId: string): string {
  return createHash('sha256').update(customerId, 'utf8').digest('hex');
}

const UNMATCHED_PAGE = 500;

/** The audit table (migration 008-erasures). */
function erasuresTable(store: Store): string {
  return `"${store.schema}".erasures`;
}

interface ErasureRow {
  id: string;
  customer_digest: string;
  erased_by: string;
  erased_at: string;
  removed: string;
}

const AT_UTC = `to_char(erased_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS erased_at`;

function recordOf(row: ErasureRow): ErasureRecord {
  return {
    id: row.id,
    customerDigest: row.customer_digest,
    erasedBy: row.erased_by,
    erasedAt: row.erased_at,
    removed: z.parse(countsSchema, JSON.parse(row.removed)),
  };
}

/** Everything stored about one customer in the caller's tenant and partition: what an export answers. */
export interface CustomerData {
  readonly customer: Customer;
  readonly requests: readonly Request[];
  /** Oldest first. */
  readonly activities: readonly Activity[];
  /** CloudEvents kept because no customer was found for them, which name this one. */
  readonly unmatchedEvents: readonly { readonly received: string; readonly event: Record<string, unknown> }[];
}

/**
 * What finds a customer's traces where no column names them: their id, the lookup keys of their
 * phones and emails, and those values as text (to find them inside stored JSON).
 */
interface Traces {
  readonly id: string;
  readonly keys: ReadonlySet<string>;
  readonly needles: readonly string[];
}

function tracesOf(customer: Customer): Traces {
  const keys = new Set(customerLookupKeys(customer).filter((key) => key.startsWith('phone:') || key.startsWith('email:')));
  const listed = (customer.identities ?? []).map((identity) => identity.value);
  const needles = [customer.id, ...customerPhones(customer), ...customerEmails(customer), ...customerEmails(customer).map(foldForMatch), ...listed, ...listed.map(foldForMatch)];
  return { id: customer.id, keys, needles: [...new Set(needles.filter((needle) => needle.length > 0))] };
}

/** Whether an event kept unmatched names the customer: by `subject`, by a phone or email of theirs, or carries one of their values. */
async function eventNames(eventText: string, traces: Traces, region: string): Promise<boolean> {
  if (traces.needles.some((needle) => eventText.includes(needle))) return true;
  const event = JSON.parse(eventText) as Record<string, unknown>;
  if (event['subject'] === traces.id) return true;
  const phone = await loadPhoneNormaliser(region);
  for (const attribute of ['customerphone', 'customeremail']) {
    const value = event[attribute];
    if (typeof value !== 'string') continue;
    await phone.prepare(value);
    for (const probe of lookupProbes(value, phone)) {
      if ((probe.key === 'phone' || probe.key === 'email') && traces.keys.has(lookupIndexKey(probe.key, probe.value))) return true;
    }
  }
  return false;
}

/** The unmatched events of the partition that name the customer, page by page (they are never all read at once). */
async function unmatchedNaming(tx: Queryable, ctx: CallContext, store: Store, traces: Traces): Promise<{ source: string; eventId: string; received: string; event: string }[]> {
  const found: { source: string; eventId: string; received: string; event: string }[] = [];
  let after: [string, string] = ['', ''];
  for (;;) {
    const { rows } = await tx.query<{ source: string; event_id: string; received: Date | string; event: string }>(
      `SELECT source, event_id, received, event FROM ${store.table.ingested}
       WHERE lab = $1 AND activity_id IS NULL AND event IS NOT NULL AND (source, event_id) > ($2, $3)
       ORDER BY source, event_id LIMIT ${UNMATCHED_PAGE}`,
      [ctx.lab, after[0], after[1]],
    );
    for (const row of rows) {
      if (await eventNames(row.event, traces, ctx.region)) {
        found.push({ source: row.source, eventId: row.event_id, received: new Date(row.received).toISOString(), event: row.event });
      }
    }
    if (rows.length < UNMATCHED_PAGE) return found;
    const last = rows.at(-1)!;
    after = [last.source, last.event_id];
  }
}

function assertId(id: string): void {
  if (!z.safeParse(idSchema, id).success) throw new NotFoundError('customer', id);
}

/**
 * Which of `ids` the caller's tenant and partition erased, and has no customer under now (neither
 * stored again nor merged into another): what an event stream opened for them is told at once
 * (server/change-routes.ts), for a client that was not listening when the erasure committed. An
 * id that is merely unknown here (never stored, or another tenant's) is told nothing.
 */
export async function erasedAmong(tx: Queryable, ctx: CallContext, store: Store, ids: readonly string[]): Promise<string[]> {
  if (!ids.length) return [];
  const byDigest = new Map([...new Set(ids)].map((id) => [customerDigest(id), id] as const));
  const { rows } = await tx.query<{ customer_digest: string }>(
    `SELECT DISTINCT customer_digest FROM ${erasuresTable(store)} WHERE lab = $1 AND customer_digest = ANY($2::text[])`,
    [ctx.lab, [...byDigest.keys()]],
  );
  const erased = rows.flatMap((row) => byDigest.get(row.customer_digest) ?? []);
  if (!erased.length) return [];
  const { rows: present } = await tx.query<{ id: string }>(
    `SELECT id FROM ${store.table.customers} WHERE lab = $1 AND id = ANY($2::text[])
     UNION SELECT merged_id FROM "${store.schema}".merges WHERE lab = $1 AND merged_id = ANY($2::text[])`,
    [ctx.lab, erased],
  );
  const still = new Set(present.map((row) => row.id));
  return erased.filter((id) => !still.has(id));
}

/** Everything stored about the customer: see `CustomerData`. */
export async function customerData(tx: Queryable, ctx: CallContext, store: Store, customerId: string): Promise<CustomerData> {
  assertId(customerId);
  const customer = await store.getCustomer(tx, ctx, customerId);
  const requests = await tx.query<{ doc: string }>(`SELECT doc FROM ${store.table.requests} WHERE lab = $1 AND customer_id = $2 ORDER BY last_updated, id`, [ctx.lab, customerId]);
  const activities = await tx.query<{ doc: string }>(`SELECT doc FROM ${store.table.activities} WHERE lab = $1 AND customer_id = $2 ORDER BY created, id`, [ctx.lab, customerId]);
  const unmatched = await unmatchedNaming(tx, ctx, store, tracesOf(customer));
  return {
    customer,
    requests: requests.rows.map((row) => JSON.parse(row.doc) as Request),
    activities: activities.rows.map((row) => JSON.parse(row.doc) as Activity),
    unmatchedEvents: unmatched.map((row) => ({ received: row.received, event: JSON.parse(row.event) as Record<string, unknown> })),
  };
}

/**
 * Erases the customer (see the module comment) and records it. A customer erased already is not an
 * error: the answer is the newest erasure of that id, with `created: false`. An id never stored (or
 * not in this partition) is not found.
 */
export async function eraseCustomer(
  tx: Queryable,
  ctx: CallContext,
  store: Store,
  customerId: string,
  erasedBy: string,
): Promise<{ record: ErasureRecord; created: boolean }> {
  assertId(customerId);
  const digest = customerDigest(customerId);
  // Two erasures of one customer take turns: the second finds the first's record.
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${store.schema}:erase:${ctx.tenant}:${ctx.lab}:${digest}`]);
  const { rows: held } = await tx.query<{ doc: string }>(`SELECT doc FROM ${store.table.customers} WHERE lab = $1 AND id = $2 FOR UPDATE`, [ctx.lab, customerId]);
  if (!held[0]) {
    const { rows } = await tx.query<ErasureRow>(
      `SELECT id, customer_digest, erased_by, ${AT_UTC}, removed FROM ${erasuresTable(store)}
       WHERE lab = $1 AND customer_digest = $2 ORDER BY erased_at DESC, id LIMIT 1`,
      [ctx.lab, digest],
    );
    if (!rows[0]) throw new NotFoundError('customer', customerId);
    return { record: recordOf(rows[0]), created: false };
  }
  const customer = JSON.parse(held[0].doc) as Customer;
  const traces = tracesOf(customer);
  const erasureId = randomUUID();
  const count = async (sql: string, params: unknown[]) => (await tx.query(sql, params)).rows.length;

  const { rows: activityRows } = await tx.query<{ id: string }>(`DELETE FROM ${store.table.activities} WHERE lab = $1 AND customer_id = $2 RETURNING id`, [ctx.lab, customerId]);
  const activityIds = activityRows.map((row) => row.id);
  const requests = await count(`DELETE FROM ${store.table.requests} WHERE lab = $1 AND customer_id = $2 RETURNING id`, [ctx.lab, customerId]);
  const identities = await count(`DELETE FROM ${store.table.keys} WHERE lab = $1 AND customer_id = $2 RETURNING key`, [ctx.lab, customerId]);
  const customers = await count(`DELETE FROM ${store.table.customers} WHERE lab = $1 AND id = $2 RETURNING id`, [ctx.lab, customerId]);
  // The records of merges into them name them too: the ids merged in lead nowhere once they are gone.
  const mergedIds = await eraseMerges(tx, ctx, store, customerId);

  let ingestedEvents = await count(`DELETE FROM ${store.table.ingested} WHERE lab = $1 AND activity_id = ANY($2::text[]) RETURNING event_id`, [ctx.lab, activityIds]);
  for (const event of await unmatchedNaming(tx, ctx, store, traces)) {
    ingestedEvents += await count(`DELETE FROM ${store.table.ingested} WHERE lab = $1 AND source = $2 AND event_id = $3 RETURNING event_id`, [ctx.lab, event.source, event.eventId]);
  }
  const storedAnswers = await count(
    `DELETE FROM ${store.table.idempotency} WHERE lab = $1 AND body IS NOT NULL AND EXISTS (SELECT 1 FROM unnest($2::text[]) AS needle WHERE strpos(body, needle) > 0) RETURNING key`,
    [ctx.lab, traces.needles],
  );
  // The feed keeps its numbers: each entry of theirs becomes a tombstone that names only the erasure.
  const changes = await count(
    `UPDATE ${store.table.changes} SET kind = 'deleted', customer_id = $3, activity_id = $3, activity = NULL
     WHERE lab = $1 AND (customer_id = $2 OR customer_id = ANY($5::text[]) OR activity_id = ANY($4::text[])) RETURNING seq`,
    [ctx.lab, customerId, erasureId, activityIds, mergedIds],
  );

  const removed: ErasureCounts = { customers, identities, requests, activities: activityIds.length, ingestedEvents, storedAnswers, changes };
  // Sent at the commit, not before: a rolled-back erasure is heard by no one.
  for (const id of [customerId, ...mergedIds]) await tx.query('SELECT pg_notify($1, $2)', [store.channel, erasedNotice({ tenant: ctx.tenant, lab: ctx.lab, customerId: id })]);
  const { rows } = await tx.query<ErasureRow>(
    `INSERT INTO ${erasuresTable(store)} (lab, id, customer_digest, erased_by, removed) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, customer_digest, erased_by, ${AT_UTC}, removed`,
    [ctx.lab, erasureId, digest, erasedBy, JSON.stringify(removed)],
  );
  return { record: recordOf(rows[0]!), created: true };
}

/** The partition's erasures, newest first; with `customerId`, those of that id only. */
export async function listErasures(tx: Queryable, ctx: CallContext, store: Store, input: unknown): Promise<ErasureRecord[]> {
  const { limit, customerId } = parseOrThrow(erasureListQuerySchema, input);
  const params: unknown[] = [ctx.lab];
  const filter = customerId === undefined ? '' : ` AND customer_digest = $${params.push(customerDigest(customerId))}`;
  const { rows } = await tx.query<ErasureRow>(
    `SELECT id, customer_digest, erased_by, ${AT_UTC}, removed FROM ${erasuresTable(store)}
     WHERE lab = $1${filter} ORDER BY erased_at DESC, id LIMIT ${limit}`,
    params,
  );
  return rows.map(recordOf);
}
