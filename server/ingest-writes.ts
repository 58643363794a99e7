/**
 * The reads and writes of a batch of CloudEvents (server/ingest.ts) as sets: a statement a kind
 * of work for the whole batch, not one an event. Each runs in the batch's tenant transaction, so
 * row-level security confines it as it confines the store's own statements. The change feed is
 * written by the store (`recordChanges`), last, so that its lock is held only for the commit.
 */
import * as z from 'zod/mini';
import { ConflictError, customerLookupKeys, idSchema, lookupIndexKey, lookupProbes, LIMITS, type Activity, type Customer, type PhoneNormaliser } from '../src/model/index.js';
import { searchText } from './activities.js';
import type { Queryable } from './db.js';
import type { CallContext, Store } from './store.js';

/** The extension attributes that name a customer by a contact, beside `subject` (a customer id). */
export const CUSTOMER_PHONE_ATTRIBUTE = 'customerphone';
export const CUSTOMER_EMAIL_ATTRIBUTE = 'customeremail';

/** An event's claim key: its source and id. */
export interface EventKey {
  readonly source: string;
  readonly id: string;
}

/** One string per source and id, for maps. */
export const keyOf = ({ source, id }: EventKey): string => JSON.stringify([source, id]);

/** Source, then id, by code unit: the one order every batch claims in. */
function byKey(a: EventKey, b: EventKey): number {
  if (a.source !== b.source) return a.source < b.source ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface Claim extends EventKey {
  /** The activity the event becomes; null when it names no customer found here. */
  readonly activityId: string | null;
  /** An unmatched event's JSON, kept to become an activity when an agent attaches it. */
  readonly event: string | null;
}

/**
 * Claims events by their source and id in one statement, and answers the keys it claimed (the
 * rest came before). The rows go in one order, source then id, in every batch: two batches that
 * share events wait for each other's claims one way only, and never deadlock.
 */
export async function claimEvents(tx: Queryable, store: Store, ctx: CallContext, claims: readonly Claim[]): Promise<Set<string>> {
  if (!claims.length) return new Set();
  const sorted = [...claims].sort(byKey);
  const { rows } = await tx.query<{ source: string; event_id: string }>(
    `INSERT INTO ${store.table.ingested} (lab, source, event_id, activity_id, event)
     SELECT $1, source, event_id, activity_id, event FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS e(source, event_id, activity_id, event, n)
     ORDER BY n
     ON CONFLICT DO NOTHING RETURNING source, event_id`,
    [ctx.lab, sorted.map((claim) => claim.source), sorted.map((claim) => claim.id), sorted.map((claim) => claim.activityId), sorted.map((claim) => claim.event)],
  );
  return new Set(rows.map((row) => keyOf({ source: row.source, id: row.event_id })));
}

/** The events already taken in among `keys`: the activity each became (null: kept unmatched). */
export async function claimedBefore(tx: Queryable, store: Store, ctx: CallContext, keys: readonly EventKey[]): Promise<Map<string, string | null>> {
  if (!keys.length) return new Map();
  const { rows } = await tx.query<{ source: string; event_id: string; activity_id: string | null }>(
    `SELECT e.source, e.event_id, e.activity_id FROM ${store.table.ingested} e
     JOIN unnest($2::text[], $3::text[]) AS k(source, event_id) ON e.source = k.source COLLATE "C" AND e.event_id = k.event_id COLLATE "C"
     WHERE e.lab = $1`,
    [ctx.lab, keys.map((key) => key.source), keys.map((key) => key.id)],
  );
  return new Map(rows.map((row) => [keyOf({ source: row.source, id: row.event_id }), row.activity_id]));
}

/** Inserts new activities in one statement, as `store.createActivity` inserts one (its change is the caller's). */
export async function insertActivities(tx: Queryable, store: Store, ctx: CallContext, activities: readonly Activity[]): Promise<void> {
  if (!activities.length) return;
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO ${store.table.activities} (lab, id, customer_id, created, media_type, search, doc)
     SELECT $1, id, customer_id, created, media_type, search, doc FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS a(id, customer_id, created, media_type, search, doc)
     ON CONFLICT DO NOTHING RETURNING id`,
    [
      ctx.lab,
      activities.map((activity) => activity.id),
      activities.map((activity) => activity.customerId ?? null),
      activities.map((activity) => activity.created),
      activities.map((activity) => activity.mediaType),
      activities.map(searchText),
      activities.map((activity) => JSON.stringify(activity)),
    ],
  );
  if (rows.length === activities.length) return;
  const inserted = new Set(rows.map((row) => row.id));
  const taken = activities.find((activity) => !inserted.has(activity.id))!;
  throw new ConflictError(`An activity with id "${taken.id}" already exists`, await store.getActivity(tx, ctx, taken.id));
}

/**
 * Inserts new customers and their lookup keys, two statements for all, and answers the ids it
 * inserted (a customer whose id is taken is left out). In id order, as claims are, for the same reason.
 */
export async function insertCustomers(tx: Queryable, store: Store, ctx: CallContext, customers: readonly Customer[]): Promise<Set<string>> {
  if (!customers.length) return new Set();
  const sorted = [...customers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO ${store.table.customers} (lab, id, doc)
     SELECT $1, id, doc FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS c(id, doc, n) ORDER BY n
     ON CONFLICT DO NOTHING RETURNING id`,
    [ctx.lab, sorted.map((customer) => customer.id), sorted.map((customer) => JSON.stringify(customer))],
  );
  const inserted = new Set(rows.map((row) => row.id));
  const keys = sorted.filter((customer) => inserted.has(customer.id)).flatMap((customer) => customerLookupKeys(customer).map((key) => [key, customer.id] as const));
  if (keys.length) {
    await tx.query(`INSERT INTO ${store.table.keys} (lab, key, customer_id) SELECT $1, key, customer_id FROM unnest($2::text[], $3::text[]) AS k(key, customer_id) ON CONFLICT DO NOTHING`, [
      ctx.lab,
      keys.map(([key]) => key),
      keys.map(([, customerId]) => customerId),
    ]);
  }
  return inserted;
}

/**
 * The customers among `ids` that are stored, each held (FOR SHARE) until the commit as the
 * store's reference check holds it: not deleted under an activity being written for them.
 */
export async function heldCustomers(tx: Queryable, store: Store, ctx: CallContext, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const { rows } = await tx.query<{ id: string }>(`SELECT id FROM ${store.table.customers} WHERE lab = $1 AND id = ANY($2::text[]) ORDER BY id FOR SHARE`, [ctx.lab, [...new Set(ids)]]);
  return new Set(rows.map((row) => row.id));
}

/** The owner of each stored request among `ids`, each held (FOR SHARE) as the store's reference check holds it. */
export async function heldRequests(tx: Queryable, store: Store, ctx: CallContext, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const { rows } = await tx.query<{ id: string; customer_id: string }>(
    `SELECT id, customer_id FROM ${store.table.requests} WHERE lab = $1 AND id = ANY($2::text[]) ORDER BY id FOR SHARE`,
    [ctx.lab, [...new Set(ids)]],
  );
  return new Map(rows.map((row) => [row.id, row.customer_id]));
}

// ---- finding the customers a batch names

/** What an event names its customer by: `subject`, and the contact attributes. */
export interface CustomerNaming {
  readonly subject?: unknown;
  readonly [CUSTOMER_PHONE_ATTRIBUTE]?: unknown;
  readonly [CUSTOMER_EMAIL_ATTRIBUTE]?: unknown;
}

const contactSchema = z.string().check(z.minLength(1), z.maxLength(LIMITS.titleLength));

const CONTACTS = [
  [CUSTOMER_PHONE_ATTRIBUTE, 'phone'],
  [CUSTOMER_EMAIL_ATTRIBUTE, 'email'],
] as const;

/** One contact an event gives: what `store.findCustomers` would probe for it. */
interface Contact {
  readonly kind: 'phone' | 'email';
  readonly text: string;
  readonly probes: ReturnType<typeof lookupProbes>;
}

/**
 * The customer each event names, in the batch's order: by id (`subject`) when that customer is
 * stored, else by the one customer a phone, then an email, belongs to (undefined: unmatched).
 *
 * This is `store.findCustomers` with a limit of 2, its matches kept when they matched on the
 * contact's own kind (a phone on a phone), answered for the whole batch in three statements: the
 * subjects, the contacts' exact keys (phone, email, external id; two owners at most a key), and,
 * only when some contact could be an id, those ids. When other matches could reorder the two
 * (the contact is also some customer's id or external id, or reads as a name), that contact is
 * asked of `findCustomers` itself: rare, and always its answer.
 */
export async function namedCustomers(tx: Queryable, store: Store, ctx: CallContext, phone: PhoneNormaliser, events: readonly CustomerNaming[]): Promise<(string | undefined)[]> {
  const subjects = events.map((event) => (typeof event.subject === 'string' && z.safeParse(idSchema, event.subject).success ? event.subject : undefined));
  const contacts = new Map<string, Contact>();
  const contactsOf = events.map((event) =>
    CONTACTS.flatMap(([attribute, kind]) => {
      const parsed = z.safeParse(contactSchema, event[attribute]);
      if (!parsed.success) return [];
      const name = JSON.stringify([kind, parsed.data]);
      if (!contacts.has(name)) contacts.set(name, { kind, text: parsed.data, probes: lookupProbes(parsed.data, phone) });
      return [name];
    }),
  );
  const wanted = [...new Set(subjects.filter((subject) => subject !== undefined))];
  const stored = new Set<string>();
  if (wanted.length) {
    const { rows } = await tx.query<{ id: string }>(`SELECT id FROM ${store.table.customers} WHERE lab = $1 AND id = ANY($2::text[])`, [ctx.lab, wanted]);
    for (const row of rows) stored.add(row.id);
  }
  // Only a contact some event still needs is looked up.
  const needed = new Set(contactsOf.flatMap((names, index) => (subjects[index] !== undefined && stored.has(subjects[index]) ? [] : names)));
  const keys = new Set<string>();
  const ids = new Set<string>();
  for (const name of needed) {
    const contact = contacts.get(name)!;
    if (!contact.probes.some((probe) => probe.key === contact.kind)) continue;
    for (const probe of contact.probes) {
      if (probe.key === 'id') ids.add(probe.value);
      else if (probe.key !== 'name') keys.add(lookupIndexKey(probe.key, probe.value));
    }
  }
  const owners = new Map<string, string[]>();
  if (keys.size) {
    const { rows } = await tx.query<{ key: string; customer_id: string }>(
      `SELECT q.key, m.customer_id FROM unnest($2::text[]) AS q(key)
       CROSS JOIN LATERAL (SELECT k.customer_id FROM ${store.table.keys} k JOIN ${store.table.customers} c ON c.lab = k.lab AND c.id = k.customer_id
                           WHERE k.lab = $1 AND k.key = q.key COLLATE "C" ORDER BY k.customer_id LIMIT 2) AS m`,
      [ctx.lab, [...keys]],
    );
    for (const row of rows) owners.set(row.key, [...(owners.get(row.key) ?? []), row.customer_id]);
  }
  const idsFound = new Set<string>();
  if (ids.size) {
    // As findCustomers reads an id: a merged customer's id finds the customer it was merged into.
    const { rows } = await tx.query<{ value: string }>(
      `SELECT DISTINCT q.value FROM unnest($2::text[]) AS q(value)
       JOIN ${store.table.customers} c ON c.lab = $1 AND c.id IN (q.value COLLATE "C", (SELECT m.kept_id FROM "${store.schema}".merges m WHERE m.lab = $1 AND m.merged_id = q.value COLLATE "C"))`,
      [ctx.lab, [...ids]],
    );
    for (const row of rows) idsFound.add(row.value);
  }
  const ownerOf = new Map<string, string | undefined>();
  for (const name of needed) {
    const contact = contacts.get(name)!;
    const own = contact.probes.find((probe) => probe.key === contact.kind);
    if (!own) {
      ownerOf.set(name, undefined);
      continue;
    }
    const found = owners.get(lookupIndexKey(own.key, own.value)) ?? [];
    if (!found.length) {
      ownerOf.set(name, undefined);
      continue;
    }
    const reordered = contact.probes.some(
      (probe) =>
        probe.key === 'name' ||
        (probe.key === 'id' && idsFound.has(probe.value)) ||
        (probe.key === 'externalId' && (owners.get(lookupIndexKey(probe.key, probe.value)) ?? []).some((id) => !found.includes(id))),
    );
    if (!reordered) {
      ownerOf.set(name, found.length === 1 ? found[0] : undefined);
      continue;
    }
    const matches = (await store.findCustomers(tx, ctx, { query: contact.text, limit: 2 })).filter((match) => match.matchedOn === contact.kind);
    ownerOf.set(name, matches.length === 1 ? matches[0]!.customer.id : undefined);
  }
  return events.map((_, index) => {
    const subject = subjects[index];
    if (subject !== undefined && stored.has(subject)) return subject;
    for (const name of contactsOf[index]!) {
      const owner = ownerOf.get(name);
      if (owner !== undefined) return owner;
    }
    return undefined;
  });
}
