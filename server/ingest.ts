/**
 * CloudEvents in over HTTP (`POST /v1/cloudevents`): the contact center's own systems (an IVR, a
 * chat platform, an SMS gateway) write to the journey. The three modes of the CloudEvents HTTP
 * binding are taken: structured (`application/cloudevents+json`, one event), batch
 * (`application/cloudevents-batch+json`, an array) and binary (`ce-*` headers, the data as the
 * body). Each event is checked exactly as the library checks files (src/cloudevents), is stored
 * once however often it is sent (by its `source` and `id`, per tenant), and is answered on its own:
 *
 * - `stored`: it became an activity in its customer's journey (live to every agent watching);
 * - `duplicate`: this `source` and `id` came before; nothing more is stored;
 * - `unmatched`: it is valid but names no customer found here; it is kept, listed at
 *   `GET /v1/cloudevents/unmatched`, never lost;
 * - `refused`: it is not a CloudEvent we can take; its issues name the attribute at fault.
 *
 * An event names its customer by `subject` (a customer id) or by the extension attributes
 * `customerphone` or `customeremail` (a phone in any format, read as E.164; an email). Our own
 * activity events (`io.customer-context.activity.v1`) become the activity they carry; any other
 * type becomes an `event` activity titled by its type, its JSON data kept as the message.
 *
 * Our customer and request events (`io.customer-context.customer.v1`, `…request.v1`, as an export
 * writes them: src/cloudevents/records.ts) become the customer or request they carry, for a caller
 * who may create one; their record's id (the event's `id`) is what makes a repeat a duplicate.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import * as z from 'zod/mini';
import { EVENT_TIME_OUT_OF_RANGE, eventInstant } from '../src/cloudevents/activities.js';
import {
  ACTIVITY_EVENT_TYPE,
  CLOUDEVENT_BATCH_MEDIA_TYPE,
  CLOUDEVENT_MEDIA_TYPE,
  MEDIA_TYPE_ATTRIBUTE,
  activityFromCloudEvent,
  dataOf,
  isJsonContentType,
  parseCloudEvent,
  type CloudEvent,
} from '../src/cloudevents/index.js';
import { recordFromCloudEvent, type ImportedRecord } from '../src/cloudevents/records.js';
import { ConflictError, ContextError, InvalidInputError, LIMITS, NotFoundError, idSchema, parseOrThrow, toMediaType, type FieldIssue, type FieldSetRegistry } from '../src/model/index.js';
import type { Env } from './app.js';
import { can } from './authz.js';
import { problem, respond } from './problems.js';
import type { Queryable } from './db.js';
import type { CallContext, Store } from './store.js';

/** The extension attributes that name a customer by a contact, beside `subject` (a customer id). */
export const CUSTOMER_PHONE_ATTRIBUTE = 'customerphone';
export const CUSTOMER_EMAIL_ATTRIBUTE = 'customeremail';

/** The most events one batch may hold; a bigger backfill is sent in several (npm run ingest does). */
export const INGEST_BATCH_LIMIT = 1000;

export type IngestOutcome = 'stored' | 'duplicate' | 'unmatched' | 'refused';

export interface IngestResult {
  readonly outcome: IngestOutcome;
  readonly source?: string;
  readonly id?: string;
  /** The activity the event is stored as (stored, and a duplicate of a stored one). */
  readonly activityId?: string;
  readonly customerId?: string;
  /** The request a request event is stored as. */
  readonly requestId?: string;
  /** Why it was refused, each issue naming the event's attribute (`time`, `data.title`). */
  readonly issues?: readonly FieldIssue[];
}

const STATUS_OF: Readonly<Record<Exclude<IngestOutcome, 'refused'>, number>> = { stored: 201, duplicate: 200, unmatched: 202 };

/** What an ingest needs of the app: its store, the caller's context and the tenant's transaction. */
export interface IngestDeps {
  readonly store: Store;
  readonly callContext: (c: Context<Env>) => Promise<CallContext>;
  /** The request's JSON body, read as every route reads it (not JSON: 400). */
  readonly jsonBody: (c: Context<Env>) => Promise<{ value: unknown }>;
  readonly tenantTransaction: <T>(c: Context<Env>, ctx: CallContext, work: (tx: Queryable, fieldSets: FieldSetRegistry) => Promise<T>) => Promise<T>;
}

function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** An HTTP header value of the binary mode, its %-escapes decoded as UTF-8 (the binding's encoding). */
function decodedHeader(name: string, value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new InvalidInputError([{ path: name, message: 'Its % escapes do not decode as UTF-8' }]);
  }
}

/** The event a binary-mode request carries: attributes from its `ce-*` headers, data from its body. */
function binaryEvent(c: Context<Env>, body: unknown): Record<string, unknown> {
  const event: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(c.req.header())) {
    const lower = name.toLowerCase();
    if (!lower.startsWith('ce-')) continue;
    event[lower.slice(3)] = decodedHeader(name, value);
  }
  const contentType = c.req.header('Content-Type');
  if (contentType !== undefined) event['datacontenttype'] = contentType;
  if (body !== undefined) event['data'] = body;
  return event;
}

/** The activity an event becomes (without its customer): ours as it carries it, any other as an `event` activity. */
function activityInputOf(event: CloudEvent): Record<string, unknown> {
  if (event.type === ACTIVITY_EVENT_TYPE) {
    const { id: _id, customerId: _customer, ...activity } = activityFromCloudEvent(event);
    return activity;
  }
  const mediaType = typeof event[MEDIA_TYPE_ATTRIBUTE] === 'string' ? toMediaType(event[MEDIA_TYPE_ATTRIBUTE]) : undefined;
  const payload = dataOf(event);
  const text =
    payload && 'data' in payload
      ? typeof payload.data === 'string'
        ? payload.data
        : isJsonContentType(event.datacontenttype)
          ? JSON.stringify(payload.data)
          : undefined
      : undefined;
  const created = eventInstant(event);
  if (created === null) throw new InvalidInputError([{ path: 'time', message: EVENT_TIME_OUT_OF_RANGE }]);
  return {
    mediaType: mediaType ?? 'event',
    title: clip(event.type, LIMITS.titleLength),
    source: clip(event.source, LIMITS.titleLength),
    ...(text ? { message: clip(text, LIMITS.fieldValueLength) } : {}),
    ...(created === undefined ? {} : { created }),
  };
}

function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/** Takes CloudEvents in; see the module comment. */
export async function ingestRoute(c: Context<Env>, deps: IngestDeps): Promise<Response> {
  const mode = mediaTypeOf(c.req.header('Content-Type'));
  const binary = c.req.header('ce-specversion') !== undefined;
  if (mode !== CLOUDEVENT_MEDIA_TYPE && mode !== CLOUDEVENT_BATCH_MEDIA_TYPE && !binary) {
    return respond(
      c,
      problem(415, 'invalid-input', `Send CloudEvents: ${CLOUDEVENT_MEDIA_TYPE}, ${CLOUDEVENT_BATCH_MEDIA_TYPE}, or binary mode with ce-* headers`, {
        issues: [{ path: 'Content-Type', message: `Must be ${CLOUDEVENT_MEDIA_TYPE} or ${CLOUDEVENT_BATCH_MEDIA_TYPE}, or the request must carry ce-specversion` }],
      }),
    );
  }
  const ctx = await deps.callContext(c);
  const body = (await deps.jsonBody(c)).value;
  const may: MayCreate = (kind) => can(c.get('principal'), kind === 'customer' ? 'customers.create' : 'requests.create');
  if (mode === CLOUDEVENT_BATCH_MEDIA_TYPE) {
    if (!Array.isArray(body)) throw new InvalidInputError([{ path: '', message: 'A batch is a JSON array of events' }]);
    if (body.length > INGEST_BATCH_LIMIT) {
      throw new InvalidInputError([{ path: '', message: `A batch holds at most ${INGEST_BATCH_LIMIT} events: send the rest in another` }]);
    }
    const results = await deps.tenantTransaction(c, ctx, async (tx) => {
      const answers: IngestResult[] = [];
      const customers = new CustomerCache();
      for (const input of body) answers.push(await ingestOne(tx, ctx, deps.store, input, may, customers));
      return answers;
    });
    return respond(c, { status: 200, body: { results } });
  }
  const input = mode === CLOUDEVENT_MEDIA_TYPE ? body : binaryEvent(c, body);
  const result = await deps.tenantTransaction(c, ctx, (tx) => ingestOne(tx, ctx, deps.store, input, may, new CustomerCache()));
  if (result.outcome === 'refused') throw new InvalidInputError([...(result.issues ?? [])]);
  return respond(c, { status: STATUS_OF[result.outcome], body: result });
}

/** Whether the caller may create a customer or a request (an ingest key may create customers only). */
type MayCreate = (kind: 'customer' | 'request') => boolean;

/**
 * The customers a batch's events named, by what named them (subject, phone, email): a batch from
 * one system often names the same customer many times, and each is looked up once. Forgotten when
 * the batch creates a customer, who may be the one a later event names.
 */
class CustomerCache {
  private readonly found = new Map<string, string | undefined>();

  async of(tx: Queryable, ctx: CallContext, store: Store, event: CloudEvent): Promise<string | undefined> {
    const key = JSON.stringify([event.subject, event[CUSTOMER_PHONE_ATTRIBUTE], event[CUSTOMER_EMAIL_ATTRIBUTE]]);
    if (this.found.has(key)) return this.found.get(key);
    const customerId = await customerOf(tx, ctx, store, event);
    this.found.set(key, customerId);
    return customerId;
  }

  forget(): void {
    this.found.clear();
  }
}

/**
 * One event: checked, its customer found, claimed by its source and id, then stored as an
 * activity or kept unmatched. The claim names the activity the event becomes (its id chosen here),
 * so a stored event is written once: its savepoint rolls the claim back with the activity.
 */
async function ingestOne(tx: Queryable, ctx: CallContext, store: Store, input: unknown, may: MayCreate, customers: CustomerCache): Promise<IngestResult> {
  let event: CloudEvent;
  let activity: Record<string, unknown> = {};
  let record: ImportedRecord | undefined;
  try {
    event = parseCloudEvent(input);
    const read = recordFromCloudEvent(event);
    if (read?.kind === 'customer' || read?.kind === 'request') {
      if (!may(read.kind)) throw new InvalidInputError([{ path: 'type', message: `Your role does not allow creating a ${read.kind}` }]);
      record = read;
    } else activity = activityInputOf(event);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    const { source, id } = (input ?? {}) as { source?: unknown; id?: unknown };
    return {
      outcome: 'refused',
      ...(typeof source === 'string' ? { source } : {}),
      ...(typeof id === 'string' ? { id } : {}),
      issues: error.issues,
    };
  }
  const { source, id } = event;
  // Each event in its own savepoint: one that fails in the database takes no other with it.
  await tx.query('SAVEPOINT event');
  try {
    if (record) {
      const stored = await storeRecord(tx, ctx, store, record, source, id);
      if (record.kind === 'customer' && stored.outcome === 'stored') customers.forget();
      return stored;
    }
    const customerId = await customers.of(tx, ctx, store, event);
    const activityId = customerId === undefined ? null : randomUUID();
    // An unmatched event keeps its JSON, to become an activity when an agent attaches it.
    const claimed = await tx.query<{ activity_id: string | null }>(
      `INSERT INTO ${store.table.ingested} (lab, source, event_id, activity_id, event) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING activity_id`,
      [ctx.lab, source, id, activityId, activityId === null ? JSON.stringify(event) : null],
    );
    if (!claimed.rows.length) {
      const { rows } = await tx.query<{ activity_id: string | null }>(
        `SELECT activity_id FROM ${store.table.ingested} WHERE lab = $1 AND source = $2 AND event_id = $3`,
        [ctx.lab, source, id],
      );
      const activityId = rows[0]?.activity_id ?? undefined;
      return { outcome: 'duplicate', source, id, ...(activityId ? { activityId } : {}) };
    }
    if (customerId === undefined || activityId === null) return { outcome: 'unmatched', source, id };
    const stored = await store.createActivity(tx, ctx, { ...activity, id: activityId, customerId });
    return { outcome: 'stored', source, id, activityId: stored.id, customerId };
  } catch (error) {
    await tx.query('ROLLBACK TO SAVEPOINT event');
    // The model's refusal of what the event carries (a field set it names, say) is the event's.
    if (error instanceof ContextError && error.code === 'invalid-input') {
      return { outcome: 'refused', source, id, issues: (error as InvalidInputError).issues.map((issue) => ({ ...issue, path: issue.path ? `data.${issue.path}` : 'data' })) };
    }
    throw error;
  } finally {
    await tx.query('RELEASE SAVEPOINT event').catch(() => undefined);
  }
}

/** A customer or request event: created as the record it carries; the record's id makes a repeat a duplicate. */
async function storeRecord(tx: Queryable, ctx: CallContext, store: Store, record: ImportedRecord, source: string, id: string): Promise<IngestResult> {
  try {
    if (record.kind === 'customer') return { outcome: 'stored', source, id, customerId: (await store.createCustomer(tx, ctx, record.input)).id };
    const request = await store.createRequest(tx, ctx, record.input);
    return { outcome: 'stored', source, id, customerId: request.customerId, requestId: request.id };
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    await tx.query('ROLLBACK TO SAVEPOINT event');
    return { outcome: 'duplicate', source, id, ...(record.kind === 'customer' ? { customerId: id } : { requestId: id }) };
  }
}

const contactSchema = z.string().check(z.minLength(1), z.maxLength(LIMITS.titleLength));

/** The customer an event names: by id (`subject`), else by one phone or email that exactly one customer has. */
async function customerOf(tx: Queryable, ctx: CallContext, store: Store, event: CloudEvent): Promise<string | undefined> {
  // Whether the customer exists is all that is asked: their document is not read.
  if (event.subject !== undefined && z.safeParse(idSchema, event.subject).success) {
    const { rows } = await tx.query(`SELECT 1 FROM ${store.table.customers} WHERE lab = $1 AND id = $2`, [ctx.lab, event.subject]);
    if (rows.length) return event.subject;
  }
  for (const [attribute, key] of [
    [CUSTOMER_PHONE_ATTRIBUTE, 'phone'],
    [CUSTOMER_EMAIL_ATTRIBUTE, 'email'],
  ] as const) {
    const contact = z.safeParse(contactSchema, event[attribute]);
    if (!contact.success) continue;
    let matches;
    try {
      matches = await store.findCustomers(tx, ctx, { query: contact.data, limit: 2 });
    } catch (error) {
      if (error instanceof ContextError && error.code === 'invalid-input') continue;
      throw error;
    }
    const owners = matches.filter((match) => match.matchedOn === key);
    if (owners.length === 1) return owners[0]!.customer.id;
  }
  return undefined;
}

const attachSchema = z.strictObject({
  source: z.string().check(z.minLength(1)),
  id: z.string().check(z.minLength(1)),
  customerId: z.string().check(z.minLength(1)),
});

/**
 * Attaches an unmatched event to the customer an agent found for it: it becomes the activity it
 * would have become had it named them, and leaves the list. An event attached already, or never
 * taken in, is not found.
 */
export async function attachUnmatched(tx: Queryable, ctx: CallContext, store: Store, input: unknown): Promise<IngestResult> {
  const { source, id, customerId } = parseOrThrow(attachSchema, input);
  const { rows } = await tx.query<{ event: string | null }>(
    `SELECT event FROM ${store.table.ingested} WHERE lab = $1 AND source = $2 AND event_id = $3 AND activity_id IS NULL FOR UPDATE`,
    [ctx.lab, source, id],
  );
  const kept = rows[0]?.event;
  if (!kept) throw new NotFoundError('event', id);
  const customer = await store.getCustomer(tx, ctx, customerId);
  const stored = await store.createActivity(tx, ctx, { ...activityInputOf(parseCloudEvent(JSON.parse(kept))), customerId: customer.id });
  await tx.query(`UPDATE ${store.table.ingested} SET activity_id = $4, event = NULL WHERE lab = $1 AND source = $2 AND event_id = $3`, [ctx.lab, source, id, stored.id]);
  return { outcome: 'stored', source, id, activityId: stored.id, customerId: customer.id };
}

/** What the list of unmatched events shows of each: enough to find its customer, never its data. */
const LISTED_ATTRIBUTES = ['source', 'id', 'type', 'time', 'subject', CUSTOMER_PHONE_ATTRIBUTE, CUSTOMER_EMAIL_ATTRIBUTE, MEDIA_TYPE_ATTRIBUTE] as const;

/** The events kept because they named no customer found here, oldest first: their attributes, not their data. */
export async function unmatchedEvents(tx: Queryable, ctx: CallContext, store: Store, limit: number): Promise<{ received: string; event: Record<string, unknown> }[]> {
  const { rows } = await tx.query<{ received: Date | string; event: string }>(
    `SELECT received, event FROM ${store.table.ingested} WHERE lab = $1 AND activity_id IS NULL ORDER BY received, source, event_id LIMIT $2`,
    [ctx.lab, limit],
  );
  return rows.map((row) => {
    const event = JSON.parse(row.event) as Record<string, unknown>;
    const listed = Object.fromEntries(LISTED_ATTRIBUTES.filter((name) => event[name] !== undefined).map((name) => [name, event[name]]));
    return { received: new Date(row.received).toISOString(), event: listed };
  });
}
