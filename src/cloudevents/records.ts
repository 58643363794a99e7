import * as z from 'zod/mini';
import type { ContextBackend, OperationOptions } from '../backend/adapter.js';
import {
  ConflictError,
  InvalidInputError,
  customerInputSchema,
  parseOrThrow,
  requestInputSchema,
  type Activity,
  type Customer,
  type FieldIssue,
  type Request,
} from '../model/index.js';
import { ACTIVITY_EVENT_TYPE, activityFromCloudEvent, activityToCloudEvent, eventInstant, type ImportedActivity } from './activities.js';
import { CLOUDEVENTS_SPEC_VERSION, dataOf, isJsonContentType, isUriReference, parseCloudEvents, type CloudEvent } from './cloudevent.js';

/**
 * A customer's records as CloudEvents: the customer as one event, each request as one, beside the
 * activity events of activities.ts. What an export for a subject-access request writes, and what
 * an import elsewhere (or the server's POST /v1/cloudevents) reads back into the same records.
 * docs/cloudevents.md has the table.
 */

export const CUSTOMER_EVENT_TYPE = 'io.customer-context.customer.v1';
export const REQUEST_EVENT_TYPE = 'io.customer-context.request.v1';
export const DEFAULT_RECORD_EVENT_SOURCE = '/customer-context/records';

/** A customer's `data`: the customer input's fields that no attribute carries. */
export const customerEventDataSchema = z.omit(customerInputSchema, { id: true, created: true });
/** A request's `data`: the request input's fields that no attribute carries. */
export const requestEventDataSchema = z.omit(requestInputSchema, { id: true, customerId: true, created: true });

export interface RecordEventOptions {
  /** The event `source`: a URI-reference naming the store or tenant the records come from. */
  readonly source?: string;
}

function sourceOf(options: RecordEventOptions): string {
  const source = options.source ?? DEFAULT_RECORD_EVENT_SOURCE;
  if (source === '' || !isUriReference(source)) {
    throw new InvalidInputError([{ path: 'source', message: 'Must be a URI-reference (RFC 3986), such as https://example.com/customer-context' }]);
  }
  return source;
}

/** The record's content as `data`: its bookkeeping (version, last update) stays behind; of its contributors, the latest travels. */
function contentOf(record: Customer | Request): Record<string, unknown> {
  const { state, tags, fieldsets, dataElements, contributors } = record;
  const contributor = contributors.at(-1);
  return { state, tags, fieldsets, dataElements, ...(contributor ? { contributor } : {}) };
}

/** A customer as one event: its id is the event's `id` and `subject`, its creation the `time`. */
export function customerToCloudEvent(customer: Customer, options: RecordEventOptions = {}): CloudEvent {
  return {
    specversion: CLOUDEVENTS_SPEC_VERSION,
    type: CUSTOMER_EVENT_TYPE,
    source: sourceOf(options),
    id: customer.id,
    time: customer.created,
    subject: customer.id,
    datacontenttype: 'application/json',
    data: contentOf(customer),
  };
}

/** A request as one event: its customer is the `subject`. */
export function requestToCloudEvent(request: Request, options: RecordEventOptions = {}): CloudEvent {
  return {
    specversion: CLOUDEVENTS_SPEC_VERSION,
    type: REQUEST_EVENT_TYPE,
    source: sourceOf(options),
    id: request.id,
    time: request.created,
    subject: request.customerId,
    datacontenttype: 'application/json',
    data: contentOf(request),
  };
}

/** A customer's records as one batch, in the order an import must create them: the customer, the requests, the activities oldest first. */
export function customerRecordsToCloudEvents(
  records: { readonly customer: Customer; readonly requests: readonly Request[]; readonly activities: readonly Activity[] },
  options: RecordEventOptions = {},
): CloudEvent[] {
  const source = sourceOf(options);
  const activities = [...records.activities].sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.id < b.id ? -1 : 1));
  return [
    customerToCloudEvent(records.customer, { source }),
    ...records.requests.map((request) => requestToCloudEvent(request, { source })),
    ...activities.map((activity) => activityToCloudEvent(activity, { source })),
  ];
}

/** A customer as `createCustomer` takes it. */
export type ImportedCustomer = z.output<typeof customerInputSchema>;
/** A request as `createRequest` takes it. */
export type ImportedRequest = z.output<typeof requestInputSchema>;

export type ImportedRecord =
  | { readonly kind: 'customer'; readonly input: ImportedCustomer }
  | { readonly kind: 'request'; readonly input: ImportedRequest }
  | { readonly kind: 'activity'; readonly input: ImportedActivity };

function dataObject(event: CloudEvent, issues: FieldIssue[]): Record<string, unknown> {
  if (!isJsonContentType(event.datacontenttype)) issues.push({ path: 'datacontenttype', message: 'Must be application/json' });
  const payload = dataOf(event);
  let data: unknown;
  if (payload && 'bytes' in payload) {
    try {
      data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload.bytes));
    } catch {
      issues.push({ path: 'data_base64', message: 'Must hold JSON text in UTF-8' });
    }
  } else data = payload?.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    issues.push({ path: 'data', message: 'Must be an object holding the record' });
    return {};
  }
  return data as Record<string, unknown>;
}

function withEventPaths(error: unknown, attributes: Readonly<Record<string, string>>): FieldIssue[] {
  if (!(error instanceof InvalidInputError)) throw error;
  return error.issues.map((issue) => {
    const [head = '', ...rest] = issue.path.split('.');
    const attribute = attributes[head];
    return { ...issue, path: attribute !== undefined ? [attribute, ...rest].join('.') : issue.path ? `data.${issue.path}` : 'data' };
  });
}

/**
 * One of our record events (a customer, a request or an activity) as the input that creates it;
 * undefined for any other type. Issues name the event's members (`data.dataElements`, `subject`).
 */
export function recordFromCloudEvent(event: CloudEvent): ImportedRecord | undefined {
  if (event.type === ACTIVITY_EVENT_TYPE) return { kind: 'activity', input: activityFromCloudEvent(event) };
  if (event.type !== CUSTOMER_EVENT_TYPE && event.type !== REQUEST_EVENT_TYPE) return undefined;
  const issues: FieldIssue[] = [];
  const data = dataObject(event, issues);
  const created = eventInstant(event);
  if (created === null) issues.push({ path: 'time', message: 'Must fall between the years 0000 and 9999 in UTC' });
  for (const key of ['id', 'customerId', 'created'].filter((name) => Object.hasOwn(data, name))) {
    issues.push({ path: `data.${key}`, message: 'Goes in an attribute of the event (id, subject, time), not in data' });
  }
  const time = created ? { created } : {};
  try {
    if (event.type === CUSTOMER_EVENT_TYPE) {
      if (event.subject !== undefined && event.subject !== event.id) issues.push({ path: 'subject', message: 'A customer event’s subject is its own id' });
      const input = parseOrThrow(customerInputSchema, { ...data, id: event.id, ...time });
      if (!issues.length) return { kind: 'customer', input };
    } else {
      if (event.subject === undefined) issues.push({ path: 'subject', message: 'Required: the id of the request’s customer' });
      const input = parseOrThrow(requestInputSchema, { ...data, id: event.id, customerId: event.subject ?? '', ...time });
      if (!issues.length) return { kind: 'request', input };
    }
  } catch (error) {
    issues.push(...withEventPaths(error, { id: 'id', customerId: 'subject', created: 'time' }));
  }
  throw new InvalidInputError(issues);
}

/**
 * Reads one event or a batch of our record events: every problem is reported, in a batch led by
 * the event's index (`0.data.dataElements`). An event of any other type is refused at `type`.
 */
export function recordsFromCloudEvents(input: unknown): ImportedRecord[] {
  const events = parseCloudEvents(input);
  const issues: FieldIssue[] = [];
  const records: ImportedRecord[] = [];
  events.forEach((event, index) => {
    const prefix = Array.isArray(input) ? `${index}.` : '';
    try {
      const record = recordFromCloudEvent(event);
      if (record) records.push(record);
      else issues.push({ path: `${prefix}type`, message: `Not a customer, request or activity event: "${event.type.slice(0, 120)}"` });
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      issues.push(...error.issues.map((issue) => ({ ...issue, path: `${prefix}${issue.path}` })));
    }
  });
  if (issues.length) throw new InvalidInputError(issues);
  return records;
}

export interface RecordImportSummary {
  readonly created: { readonly customers: number; readonly requests: number; readonly activities: number };
  /** Events whose record was already stored (an import run twice): left as they were. */
  readonly alreadyStored: number;
}

/**
 * Imports a customer's records (an export's CloudEvents) into any backend, in the batch's order.
 * Everything is checked before anything is stored; a record already stored is counted and left alone.
 */
export async function importRecordEvents(backend: ContextBackend, input: unknown, options: OperationOptions = {}): Promise<RecordImportSummary> {
  const records = recordsFromCloudEvents(input);
  const created = { customers: 0, requests: 0, activities: 0 };
  let alreadyStored = 0;
  for (const record of records) {
    try {
      if (record.kind === 'customer') await backend.createCustomer(record.input, options);
      else if (record.kind === 'request') await backend.createRequest(record.input, options);
      else await backend.createActivity(record.input, options);
      created[record.kind === 'customer' ? 'customers' : record.kind === 'request' ? 'requests' : 'activities'] += 1;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      alreadyStored += 1;
    }
  }
  return { created, alreadyStored };
}
