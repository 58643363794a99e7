import * as z from 'zod/mini';
import {
  InvalidInputError,
  MEDIA_TYPES,
  activityInputSchema,
  parseOrThrow,
  toMediaType,
  type Activity,
  type FieldIssue,
  type MediaType,
} from '../model/index.js';
import {
  CLOUDEVENTS_SPEC_VERSION,
  dataOf,
  isJsonContentType,
  isUriReference,
  parseCloudEvent,
  parseCloudEventBatch,
  parseCloudEvents,
  readJson,
  timestampMillis,
  type CloudEvent,
  type CloudEventParseOptions,
} from './cloudevent.js';

/**
 * Our activities as CloudEvents: one event type for every channel, with the media type in an
 * extension attribute so that brokers can route on it without reading the data. docs/cloudevents.md
 * has the table.
 */

/** The event type of an activity; the trailing version changes only with an incompatible `data`. */
export const ACTIVITY_EVENT_TYPE = 'io.customer-context.activity.v1';
/** The extension attribute that carries the activity's media type. */
export const MEDIA_TYPE_ATTRIBUTE = 'mediatype';
/** The `source` of exported events unless the caller names its own (an absolute URI is better). */
export const DEFAULT_ACTIVITY_EVENT_SOURCE = '/customer-context/activities';
export const ACTIVITY_DATA_CONTENT_TYPE = 'application/json';

/** What an activity event's `data` holds: the activity input's fields that no attribute carries. */
export const activityEventDataSchema = z.omit(activityInputSchema, { id: true, customerId: true, mediaType: true, created: true });
export type ActivityEventData = z.output<typeof activityEventDataSchema>;

/** An activity as an event, as `activityToCloudEvent` writes it. */
export interface ActivityEvent extends CloudEvent {
  readonly type: typeof ACTIVITY_EVENT_TYPE;
  readonly time: string;
  readonly datacontenttype: typeof ACTIVITY_DATA_CONTENT_TYPE;
  readonly mediatype: MediaType;
  readonly data: ActivityEventData;
}

/** An activity read from an event: an ActivityInput with its defaults applied, ready for `createActivity`. */
export type ImportedActivity = z.output<typeof activityInputSchema>;

export interface ActivityEventOptions {
  /** The event `source`: a URI-reference naming the store or tenant the activities come from. */
  readonly source?: string;
}

// ---------------------------------------------------------------------------------------------
// Export

/**
 * An activity as one event. Its id, customer, creation time and media type become attributes; its
 * other fields go in `data`. The store's own bookkeeping (version, last update) stays behind, and
 * of its contributors only the latest travels, as the `contributor` an activity input takes.
 */
export function activityToCloudEvent(activity: Activity, options: ActivityEventOptions = {}): ActivityEvent {
  const source = options.source ?? DEFAULT_ACTIVITY_EVENT_SOURCE;
  if (source === '' || !isUriReference(source)) {
    throw new InvalidInputError([{ path: 'source', message: 'Must be a URI-reference (RFC 3986), such as https://example.com/customer-context' }]);
  }
  const { id, customerId, mediaType, created, lastUpdated: _lastUpdated, version: _version, contributors, ...content } = activity;
  const contributor = contributors.at(-1);
  const data = withoutUndefined({ ...content, ...(contributor ? { contributor } : {}) }) as ActivityEventData;
  return {
    specversion: CLOUDEVENTS_SPEC_VERSION,
    type: ACTIVITY_EVENT_TYPE,
    source,
    id,
    time: created,
    ...(customerId !== undefined ? { subject: customerId } : {}),
    datacontenttype: ACTIVITY_DATA_CONTENT_TYPE,
    [MEDIA_TYPE_ATTRIBUTE]: mediaType,
    data,
  };
}

/** Activities as a JSON batch (serialise it with `JSON.stringify`; its media type is `application/cloudevents-batch+json`). */
export function activitiesToCloudEventBatch(activities: readonly Activity[], options: ActivityEventOptions = {}): ActivityEvent[] {
  return activities.map((activity) => activityToCloudEvent(activity, options));
}

function withoutUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined));
}

// ---------------------------------------------------------------------------------------------
// Import

/** Where each field of the activity input comes from in the event, for error paths. */
const ATTRIBUTE_OF_FIELD: Readonly<Record<string, string>> = {
  id: 'id',
  customerId: 'subject',
  created: 'time',
  mediaType: MEDIA_TYPE_ATTRIBUTE,
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The activity's fields as the event's data holds them (undefined when there are none to read), and what is wrong. */
function dataObjectOf(event: CloudEvent, issues: FieldIssue[]): Record<string, unknown> | undefined {
  if (!isJsonContentType(event.datacontenttype)) {
    issues.push({ path: 'datacontenttype', message: `Must be ${ACTIVITY_DATA_CONTENT_TYPE}: an activity event carries JSON data, not "${event.datacontenttype}"` });
    return undefined;
  }
  const payload = dataOf(event);
  if (payload === undefined) {
    issues.push({ path: 'data', message: 'Required: an activity event carries the activity in its data' });
    return undefined;
  }
  let data: unknown;
  if ('bytes' in payload) {
    try {
      data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload.bytes));
    } catch {
      issues.push({ path: 'data_base64', message: 'Must hold JSON text in UTF-8' });
      return undefined;
    }
  } else {
    data = payload.data;
  }
  if (!isPlainObject(data)) {
    issues.push({ path: 'data', message: 'Must be an object holding the activity' });
    return undefined;
  }
  const fields = { ...data };
  for (const key of Object.keys(fields).filter((name) => Object.hasOwn(ATTRIBUTE_OF_FIELD, name))) {
    issues.push({ path: `data.${key}`, message: `Goes in the event's "${ATTRIBUTE_OF_FIELD[key]}" attribute, not in data` });
    delete fields[key];
  }
  return fields;
}

function mediaTypeOf(event: CloudEvent, issues: FieldIssue[]): MediaType | undefined {
  const value = event[MEDIA_TYPE_ATTRIBUTE];
  if (value === undefined) return undefined;
  const mediaType = typeof value === 'string' ? toMediaType(value) : undefined;
  if (!mediaType) issues.push({ path: MEDIA_TYPE_ATTRIBUTE, message: `Must be one of: ${MEDIA_TYPES.join(', ')} (or mobile, for sms)` });
  return mediaType;
}

/** Reads an event the generic layer has accepted; issue paths name the event's members (`data.title`, `subject`). */
function importedActivityOf(event: CloudEvent): ImportedActivity {
  if (event.type !== ACTIVITY_EVENT_TYPE) {
    const shown = event.type.length > 120 ? `${event.type.slice(0, 120)}…` : event.type;
    throw new InvalidInputError([{ path: 'type', message: `Not an activity event: the type is "${shown}", not "${ACTIVITY_EVENT_TYPE}"` }]);
  }
  const issues: FieldIssue[] = [];
  const data = dataObjectOf(event, issues);
  const mediaType = mediaTypeOf(event, issues);
  const created = createdOf(event, issues);
  const candidate = {
    ...data,
    id: event.id,
    ...(event.subject !== undefined ? { customerId: event.subject } : {}),
    ...(mediaType !== undefined ? { mediaType } : {}),
    ...(created !== undefined ? { created } : {}),
  };
  try {
    const activity = parseOrThrow(activityInputSchema, candidate);
    if (!issues.length) return activity;
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    // Without data, the model's complaints about missing fields only repeat that data is missing.
    const fromModel = error.issues.filter((issue) => data !== undefined || Object.hasOwn(ATTRIBUTE_OF_FIELD, issue.path.split('.')[0]!));
    issues.push(...fromModel.map((issue) => ({ ...issue, path: eventPathOf(issue.path) })));
  }
  throw new InvalidInputError(issues);
}

/** Why an event's `time` is refused as an activity's creation, though the specification takes it. */
export const EVENT_TIME_OUT_OF_RANGE = 'Must fall between the years 0000 and 9999 in UTC';

/**
 * An event's time as the store keeps instants: UTC, to the millisecond (RFC 3339 allows any offset
 * and precision). Undefined without a time; null when the time falls outside the years 0000–9999
 * in UTC, where an offset can carry it and ISO strings grow a sign.
 */
export function eventInstant(event: CloudEvent): string | null | undefined {
  if (event.time === undefined) return undefined;
  const created = new Date(timestampMillis(event.time)!).toISOString();
  return /^\d{4}-/.test(created) ? created : null;
}

function createdOf(event: CloudEvent, issues: FieldIssue[]): string | undefined {
  const created = eventInstant(event);
  if (created === null) issues.push({ path: 'time', message: EVENT_TIME_OUT_OF_RANGE });
  return created ?? undefined;
}

function eventPathOf(fieldPath: string): string {
  const [head = '', ...rest] = fieldPath.split('.');
  const attribute = ATTRIBUTE_OF_FIELD[head];
  if (attribute !== undefined) return [attribute, ...rest].join('.');
  return fieldPath === '' ? 'data' : `data.${fieldPath}`;
}

function withPrefix(error: unknown, prefix: string): FieldIssue[] {
  if (!(error instanceof InvalidInputError)) throw error;
  return error.issues.map((issue) => ({ ...issue, path: issue.path ? `${prefix}.${issue.path}` : prefix }));
}

function importedActivitiesOf(events: readonly CloudEvent[], batch: boolean): ImportedActivity[] {
  if (!batch) return events.map(importedActivityOf);
  const issues: FieldIssue[] = [];
  const activities: ImportedActivity[] = [];
  events.forEach((event, index) => {
    try {
      activities.push(importedActivityOf(event));
    } catch (error) {
      issues.push(...withPrefix(error, String(index)));
    }
  });
  if (issues.length) throw new InvalidInputError(issues);
  return activities;
}

/**
 * Reads one activity event (a parsed JSON value). Throws an InvalidInputError naming the event's
 * member at fault: a CloudEvents attribute (`time`), `type` for an event that is not an
 * activity, or a path in the data (`data.title`).
 */
export function activityFromCloudEvent(input: unknown, options: CloudEventParseOptions = {}): ImportedActivity {
  return importedActivityOf(parseCloudEvent(input, options));
}

/** Reads a JSON batch of activity events; every problem is reported, each path led by the event's index (`2.data.title`). */
export function activitiesFromCloudEventBatch(input: unknown, options: CloudEventParseOptions = {}): ImportedActivity[] {
  return importedActivitiesOf(parseCloudEventBatch(input, options), true);
}

/** Reads one activity event or a batch of them. */
export function activitiesFromCloudEvents(input: unknown, options: CloudEventParseOptions = {}): ImportedActivity[] {
  return importedActivitiesOf(parseCloudEvents(input, options), Array.isArray(input));
}

/** Reads the text of a file holding one activity event or a batch: what an import from a file calls. */
export function activitiesFromCloudEventsJson(text: string, options: CloudEventParseOptions = {}): ImportedActivity[] {
  return activitiesFromCloudEvents(readJson(text), options);
}
