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
import type { ActivityChange } from '../src/backend/adapter.js';
import { newActivity, newCustomer } from '../src/backend/record-rules.js';
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
import {
  ConflictError,
  ContextError,
  InvalidInputError,
  LIMITS,
  NotFoundError,
  activityInputSchema,
  customerInputSchema,
  loadPhoneNormaliser,
  parseOrThrow,
  toMediaType,
  type Activity,
  type Customer,
  type FieldIssue,
  type FieldSetRegistry,
  type ParseContext,
} from '../src/model/index.js';
import type { Env } from './app.js';
import { can } from './authz.js';
import { problem, respond } from './problems.js';
import type { Queryable } from './db.js';
import {
  CUSTOMER_EMAIL_ATTRIBUTE,
  CUSTOMER_PHONE_ATTRIBUTE,
  claimEvents,
  claimedBefore,
  heldCustomers,
  heldRequests,
  insertActivities,
  insertCustomers,
  keyOf,
  namedCustomers,
} from './ingest-writes.js';
import type { CallContext, Store } from './store.js';

export { CUSTOMER_EMAIL_ATTRIBUTE, CUSTOMER_PHONE_ATTRIBUTE };

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
    // Checked before the transaction opens: no connection is held while the events are read.
    const checked = body.map((input) => check(input, may));
    const results = await deps.tenantTransaction(c, ctx, (tx, fieldSets) => ingestBatch(tx, ctx, deps.store, fieldSets, checked));
    return respond(c, { status: 200, body: { results } });
  }
  const input = mode === CLOUDEVENT_MEDIA_TYPE ? body : binaryEvent(c, body);
  const checked = [check(input, may)];
  const [result] = await deps.tenantTransaction(c, ctx, (tx, fieldSets) => ingestBatch(tx, ctx, deps.store, fieldSets, checked));
  if (result!.outcome === 'refused') throw new InvalidInputError([...(result!.issues ?? [])]);
  return respond(c, { status: STATUS_OF[result!.outcome], body: result });
}

/** Whether the caller may create a customer or a request (an ingest key may create customers only). */
type MayCreate = (kind: 'customer' | 'request') => boolean;

/** An event checked: refused, or what it asks to store. */
type Checked =
  | { readonly kind: 'refused'; readonly result: IngestResult }
  | { readonly kind: 'activity'; readonly event: CloudEvent; readonly activity: Record<string, unknown> }
  | { readonly kind: 'customer'; readonly event: CloudEvent; readonly record: Extract<ImportedRecord, { kind: 'customer' }> }
  | { readonly kind: 'request'; readonly event: CloudEvent; readonly record: Extract<ImportedRecord, { kind: 'request' }> };

/** One event checked exactly as the library checks files, and the caller's right to what it creates. */
function check(input: unknown, may: MayCreate): Checked {
  try {
    const event = parseCloudEvent(input);
    const record = recordFromCloudEvent(event);
    if (record?.kind === 'customer' || record?.kind === 'request') {
      if (!may(record.kind)) throw new InvalidInputError([{ path: 'type', message: `Your role does not allow creating a ${record.kind}` }]);
      return record.kind === 'customer' ? { kind: 'customer', event, record } : { kind: 'request', event, record };
    }
    return { kind: 'activity', event, activity: activityInputOf(event) };
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    const { source, id } = (input ?? {}) as { source?: unknown; id?: unknown };
    return {
      kind: 'refused',
      result: {
        outcome: 'refused',
        ...(typeof source === 'string' ? { source } : {}),
        ...(typeof id === 'string' ? { id } : {}),
        issues: error.issues,
      },
    };
  }
}

/** The model's refusal of what an event carries (a field set it names, say) as the event's: its paths under `data`. */
function refusedData(event: CloudEvent, error: unknown): IngestResult {
  if (!(error instanceof ContextError && error.code === 'invalid-input')) throw error;
  const issues = (error as InvalidInputError).issues.map((issue) => ({ ...issue, path: issue.path ? `data.${issue.path}` : 'data' }));
  return { outcome: 'refused', source: event.source, id: event.id, issues };
}

function duplicate(event: CloudEvent, activityId: string | null | undefined): IngestResult {
  return { outcome: 'duplicate', source: event.source, id: event.id, ...(activityId ? { activityId } : {}) };
}

/**
 * A batch (or one event), checked, answered in order as if its events were taken one after the
 * other, written as sets. Each run of events of one kind is stored together: activity events
 * (claims, customers, activities a statement each), customer events (two statements), request
 * events one by one. A run ends where another kind begins, so an event
 * sees every customer and request an earlier event of the batch created, and none a later one did.
 * The change feed is written last, in one statement under its lock, which is then held only until
 * the commit: concurrent batches do all the rest side by side.
 */
async function ingestBatch(tx: Queryable, ctx: CallContext, store: Store, fieldSets: FieldSetRegistry, checked: readonly Checked[]): Promise<IngestResult[]> {
  const answers: IngestResult[] = checked.map((one) => (one.kind === 'refused' ? one.result : { outcome: 'refused' }));
  // As store.parseContext reads it, the tenant's field sets already read by the transaction.
  const context: ParseContext = { phone: await loadPhoneNormaliser(ctx.region), fieldSets };
  const changes: ActivityChange[] = [];
  let run: number[] = [];
  const flush = async () => {
    if (!run.length) return;
    const kind = checked[run[0]!]!.kind;
    if (kind === 'activity') await storeActivities(tx, ctx, store, context, run, checked, answers, changes);
    else if (kind === 'customer') await storeCustomers(tx, ctx, store, context, run, checked, answers);
    else for (const index of run) answers[index] = await storeRequest(tx, ctx, store, checked[index] as Extract<Checked, { kind: 'request' }>);
    run = [];
  };
  for (const [index, one] of checked.entries()) {
    if (one.kind === 'refused') continue;
    if (run.length && checked[run[0]!]!.kind !== one.kind) await flush();
    run.push(index);
  }
  await flush();
  await store.recordChanges(tx, ctx, changes);
  return answers;
}

/**
 * A run of activity events: each one's customer found, its activity built and checked (as
 * store.createActivity checks it), then all claimed by source and id in one statement, and the
 * activities of those that named a customer inserted in another. The answers are those of taking
 * the events one by one: an event whose source and id an earlier one of the batch claimed is a
 * duplicate, and one whose activity is refused claims nothing (a later event with its source and id may).
 */
async function storeActivities(
  tx: Queryable,
  ctx: CallContext,
  store: Store,
  context: ParseContext,
  run: readonly number[],
  checked: readonly Checked[],
  answers: IngestResult[],
  changes: ActivityChange[],
): Promise<void> {
  const items = run.map((index) => ({ index, ...(checked[index] as Extract<Checked, { kind: 'activity' }>) }));
  const customers = await namedCustomers(tx, store, ctx, context.phone, items.map((item) => item.event));
  const built = items.map((item, k): Activity | IngestResult | undefined => {
    const customerId = customers[k];
    if (customerId === undefined) return undefined;
    try {
      return newActivity(parseOrThrow(activityInputSchema, { ...item.activity, id: randomUUID(), customerId }), context);
    } catch (error) {
      return refusedData(item.event, error);
    }
  });
  const activities = built.filter((one): one is Activity => one !== undefined && !('outcome' in one));
  const held = await heldCustomers(tx, store, ctx, activities.map((activity) => activity.customerId!));
  const requests = await heldRequests(tx, store, ctx, activities.flatMap((activity) => (activity.requestId === undefined ? [] : [activity.requestId])));
  // store.checkReferences, for the set.
  for (const [k, one] of built.entries()) {
    if (one === undefined || 'outcome' in one) continue;
    const issues: FieldIssue[] = [];
    if (!held.has(one.customerId!)) issues.push({ path: 'customerId', message: `No customer with id "${one.customerId}"` });
    if (one.requestId !== undefined) {
      const owner = requests.get(one.requestId);
      if (owner === undefined) issues.push({ path: 'requestId', message: `No request with id "${one.requestId}"` });
      else if (owner !== one.customerId) issues.push({ path: 'requestId', message: `Request "${one.requestId}" belongs to another customer` });
    }
    if (issues.length) built[k] = refusedData(items[k]!.event, new InvalidInputError(issues));
  }
  // The first event of each source and id that would claim it; a refused one would have rolled its claim back.
  const holder = new Map<string, number>();
  for (const [k, item] of items.entries()) {
    const key = keyOf(item.event);
    const one = built[k];
    if (!holder.has(key) && !(one !== undefined && 'outcome' in one)) holder.set(key, k);
  }
  const claims = [...holder.values()].map((k) => {
    const one = built[k] as Activity | undefined;
    return { source: items[k]!.event.source, id: items[k]!.event.id, activityId: one?.id ?? null, event: one ? null : JSON.stringify(items[k]!.event) };
  });
  const claimed = await claimEvents(tx, store, ctx, claims);
  // What came before, for claims that lost and for refused events no event of the batch claimed after.
  const asked = items.filter((item, k) => {
    const key = keyOf(item.event);
    const first = holder.get(key);
    return first === undefined ? true : first === k && !claimed.has(key);
  });
  const before = await claimedBefore(tx, store, ctx, asked.map((item) => item.event));
  const stored: Activity[] = [];
  for (const [k, item] of items.entries()) {
    const key = keyOf(item.event);
    const first = holder.get(key);
    const one = built[k];
    const refused = one !== undefined && 'outcome' in one;
    if (first === undefined || (refused && first > k)) {
      // Refused, unless this source and id came before (it would have been a duplicate before its activity was built).
      answers[item.index] = first === undefined ? (before.has(key) ? duplicate(item.event, before.get(key)) : (one as IngestResult)) : claimed.has(key) ? (one as IngestResult) : duplicate(item.event, before.get(key));
      continue;
    }
    if (!claimed.has(key)) {
      answers[item.index] = duplicate(item.event, before.get(key));
      continue;
    }
    if (first !== k) {
      answers[item.index] = duplicate(item.event, (built[first] as Activity | undefined)?.id);
      continue;
    }
    if (one === undefined) {
      answers[item.index] = { outcome: 'unmatched', source: item.event.source, id: item.event.id };
      continue;
    }
    const activity = one as Activity;
    stored.push(activity);
    changes.push({ kind: 'created', customerId: activity.customerId!, activityId: activity.id, activity });
    answers[item.index] = { outcome: 'stored', source: item.event.source, id: item.event.id, activityId: activity.id, customerId: activity.customerId! };
  }
  await insertActivities(tx, store, ctx, stored);
}

/**
 * A run of customer events: each customer built as store.createCustomer builds it, then all
 * inserted in one statement and their lookup keys in another. A customer whose id is taken (before,
 * or by an earlier event of the batch) is a duplicate.
 */
async function storeCustomers(tx: Queryable, ctx: CallContext, store: Store, context: ParseContext, run: readonly number[], checked: readonly Checked[], answers: IngestResult[]): Promise<void> {
  const items = run.map((index) => ({ index, ...(checked[index] as Extract<Checked, { kind: 'customer' }>) }));
  const first = new Map<string, Customer>();
  const built = items.map((item): Customer | IngestResult => {
    try {
      const customer = newCustomer(parseOrThrow(customerInputSchema, item.record.input), context);
      if (!first.has(customer.id)) first.set(customer.id, customer);
      return customer;
    } catch (error) {
      return refusedData(item.event, error);
    }
  });
  const inserted = await insertCustomers(tx, store, ctx, [...first.values()]);
  for (const [k, item] of items.entries()) {
    const one = built[k]!;
    const { source, id } = item.event;
    if ('outcome' in one) answers[item.index] = one;
    else if (first.get(one.id) === one && inserted.has(one.id)) answers[item.index] = { outcome: 'stored', source, id, customerId: one.id };
    else answers[item.index] = { outcome: 'duplicate', source, id, customerId: id };
  }
}

/** A request event, in a savepoint of its own: created as the request it carries; its id makes a repeat a duplicate. */
async function storeRequest(tx: Queryable, ctx: CallContext, store: Store, checked: Extract<Checked, { kind: 'request' }>): Promise<IngestResult> {
  const { event, record } = checked;
  const { source, id } = event;
  await tx.query('SAVEPOINT event');
  try {
    const request = await store.createRequest(tx, ctx, record.input);
    return { outcome: 'stored', source, id, customerId: request.customerId, requestId: request.id };
  } catch (error) {
    await tx.query('ROLLBACK TO SAVEPOINT event');
    if (error instanceof ConflictError) return { outcome: 'duplicate', source, id, requestId: id };
    return refusedData(event, error);
  } finally {
    await tx.query('RELEASE SAVEPOINT event').catch(() => undefined);
  }
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
