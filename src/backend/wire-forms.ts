/**
 * Context Service's wire forms of its objects (customers, requests and PODs, as its exports and
 * APIs wrote them), read into our stored shape before the model's schemas check them.
 */
import { CUSTOMER_FIELD_SET, InvalidInputError, POD_FIELD_SET, REQUEST_FIELD_SET, toMediaType } from '../model/index.js';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function coerce(value: unknown, type: unknown): unknown {
  if (typeof value !== 'string' || typeof type !== 'string') return value;
  const lower = type.toLowerCase();
  if ((lower === 'integer' || lower === 'int' || lower === 'long' || lower === 'double') && value.trim() !== '') {
    const number = Number(value);
    return Number.isFinite(number) ? number : value;
  }
  if (lower === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/**
 * Context Service wrote `dataElements` three ways: a plain map, an array of one-key objects
 * (optionally with `type`), and an array of `{key, value, type}` triples. We store the map;
 * typed string values (`"42"` with type `integer`) become numbers.
 */
export function toDataElementsMap(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (isPlainObject(value)) return value;
  if (!Array.isArray(value)) throw new InvalidInputError([{ path: 'dataElements', message: 'Must be a map of field ids to values, or a list of them' }]);
  const map: Record<string, unknown> = {};
  value.forEach((element, index) => {
    const path = `dataElements.${index}`;
    if (!isPlainObject(element)) throw new InvalidInputError([{ path, message: 'Must be an object' }]);
    if (typeof element['key'] === 'string' && 'value' in element) {
      map[element['key']] = coerce(element['value'], element['type']);
      return;
    }
    const keys = Object.keys(element).filter((key) => key !== 'type');
    if (keys.length !== 1) {
      throw new InvalidInputError([{ path, message: 'Must be {key, value, type} or an object with exactly one field' }]);
    }
    const key = keys[0]!;
    map[key] = coerce(element[key], element['type']);
  });
  return map;
}

/** Fields every Context Service object had in its own shape, filled in where an export left them out. */
function fromWireObject(raw: unknown, objectType: readonly string[], defaultFieldSet: string): unknown {
  if (!isPlainObject(raw)) return raw;
  const record: Record<string, unknown> = { ...raw };
  if (typeof record['type'] === 'string' && objectType.includes(record['type'])) delete record['type'];
  record['dataElements'] = toDataElementsMap(record['dataElements']);
  record['state'] ??= 'active';
  record['tags'] ??= [];
  record['contributors'] ??= [];
  record['fieldsets'] ??= [defaultFieldSet];
  record['version'] ??= 1;
  record['lastUpdated'] ??= record['created'];
  return record;
}

const MEDIA_LABELS: Record<string, string> = {
  chat: 'Chat',
  email: 'Email',
  event: 'Event',
  sms: 'SMS',
  social: 'Social',
  video: 'Video call',
  voice: 'Call',
  web: 'Web visit',
};

/** Reads a customer in our shape or Context Service's. */
export function fromWireCustomer(raw: unknown): unknown {
  return fromWireObject(raw, ['customer'], CUSTOMER_FIELD_SET);
}

/** Reads a request in our shape or Context Service's. */
export function fromWireRequest(raw: unknown): unknown {
  return fromWireObject(raw, ['request'], REQUEST_FIELD_SET);
}

/**
 * Reads an activity in our shape or Context Service's POD: `mobile` is SMS, `parentId` is the
 * request, a missing media type is `event`, and a POD (which had no title) is titled from its
 * notes or its channel.
 */
export function fromWireActivity(raw: unknown): unknown {
  const record = fromWireObject(raw, ['pod', 'activity'], POD_FIELD_SET);
  if (!isPlainObject(record)) return record;
  if ('parentId' in record) {
    record['requestId'] ??= record['parentId'];
    delete record['parentId'];
  }
  const media = record['mediaType'];
  if (media === undefined) record['mediaType'] = 'event';
  else if (typeof media === 'string') record['mediaType'] = toMediaType(media) ?? media;
  record['direction'] ??= 'inbound';
  if (record['title'] === undefined) {
    const notes = (record['dataElements'] as Record<string, unknown>)['Context_Notes'];
    const firstLine = typeof notes === 'string' ? notes.trim().split('\n')[0]!.trim().slice(0, 200) : '';
    record['title'] = firstLine || MEDIA_LABELS[String(record['mediaType'])] || 'Activity';
  }
  return record;
}
