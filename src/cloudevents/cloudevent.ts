import * as z from 'zod/mini';
import { InvalidInputError, parseOrThrow } from '../model/index.js';

/**
 * CloudEvents 1.0 in the JSON event format, structured mode: one event is a JSON object, a batch
 * a JSON array of them. This layer knows the specification only; what our activities look like
 * as events is in `activities.ts`.
 */

export const CLOUDEVENTS_SPEC_VERSION = '1.0';
/** The media type of one event in the JSON format. */
export const CLOUDEVENT_MEDIA_TYPE = 'application/cloudevents+json';
/** The media type of a JSON batch. */
export const CLOUDEVENT_BATCH_MEDIA_TYPE = 'application/cloudevents-batch+json';

/** The specification's type system: every context attribute has one of these types. */
export const ATTRIBUTE_TYPES = ['Boolean', 'Integer', 'String', 'Binary', 'URI', 'URI-reference', 'Timestamp'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

/** The context attributes the specification itself defines; any other member is an extension. */
export const CORE_ATTRIBUTES = ['specversion', 'id', 'source', 'type', 'datacontenttype', 'dataschema', 'subject', 'time'] as const;
export type CoreAttribute = (typeof CORE_ATTRIBUTES)[number];

/** The specification asks for names of at most 20 characters (a SHOULD); this reader holds producers to it. */
export const ATTRIBUTE_NAME_MAX_LENGTH = 20;
const ATTRIBUTE_NAME = /^[a-z0-9]+$/;

const INTEGER_MIN = -2_147_483_648;
const INTEGER_MAX = 2_147_483_647;

/** A value an extension attribute can hold in JSON: strings carry String, Binary, URI, URI-reference and Timestamp. */
export type ExtensionValue = string | number | boolean;

/** One event as it stands in JSON. Extension attributes are further top-level members. */
export interface CloudEvent {
  readonly specversion: typeof CLOUDEVENTS_SPEC_VERSION;
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly datacontenttype?: string;
  readonly dataschema?: string;
  readonly subject?: string;
  readonly time?: string;
  /** Present when the event has data, which may be JSON `null`. */
  readonly data?: unknown;
  readonly data_base64?: string;
  readonly [extension: string]: unknown;
}

/** An extension attribute the reader knows: its type, and optionally a constraint beyond the type. */
export interface ExtensionDefinition {
  readonly type: AttributeType;
  /** Returns why `value` is refused, or undefined when it is fine. Called only on values of the right type. */
  readonly constraint?: (value: ExtensionValue) => string | undefined;
}

export interface CloudEventParseOptions {
  /** Extension attributes with a declared type; others are read by their JSON type alone. */
  readonly extensions?: Readonly<Record<string, ExtensionDefinition>>;
}

// ---------------------------------------------------------------------------------------------
// The type system's string encodings

/** True for text the String type allows: no control characters, no noncharacters, surrogates only in pairs. */
export function isAttributeString(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const unit = value.charCodeAt(index);
    if (unit <= 0x1f || (unit >= 0x7f && unit <= 0x9f)) return false;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(index + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      const codePoint = ((unit - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
      if ((codePoint & 0xfffe) === 0xfffe) return false;
      index++;
      continue;
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) return false;
    if ((unit >= 0xfdd0 && unit <= 0xfdef) || unit === 0xfffe || unit === 0xffff) return false;
  }
  return true;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** True for Base64 as RFC 4648 writes it (standard alphabet, with padding). */
export function isBase64(value: string): boolean {
  return BASE64.test(value);
}

/** The bytes of a Base64 string (check it with `isBase64` first). */
export function decodeBase64(value: string): Uint8Array {
  const binary = atob(value);
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

// RFC 3986: the generic split of its appendix B, then each part's characters.
const URI_SPLIT = /^(?:([^:/?#]+):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;
const PCT = '%[0-9A-Fa-f]{2}';
const UNRESERVED_SUB_DELIMS = "A-Za-z0-9\\-._~!$&'()*+,;=";
const PATH = new RegExp(`^(?:[${UNRESERVED_SUB_DELIMS}:@/]|${PCT})*$`);
const QUERY_OR_FRAGMENT = new RegExp(`^(?:[${UNRESERVED_SUB_DELIMS}:@/?]|${PCT})*$`);
const USER_INFO = new RegExp(`^(?:[${UNRESERVED_SUB_DELIMS}:]|${PCT})*$`);
const REG_NAME = new RegExp(`^(?:[${UNRESERVED_SUB_DELIMS}]|${PCT})*$`);
const IP_LITERAL = /^\[(?:[0-9A-Fa-f:.]+|v[0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+)\]$/;
const PORT = /^[0-9]*$/;

function isAuthority(authority: string): boolean {
  const at = authority.lastIndexOf('@');
  const userInfo = at >= 0 ? authority.slice(0, at) : '';
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  if (!USER_INFO.test(userInfo)) return false;
  const portMatch = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(hostPort);
  if (!portMatch) return false;
  const [, host = '', port = ''] = portMatch;
  return (host.startsWith('[') ? IP_LITERAL.test(host) : REG_NAME.test(host)) && PORT.test(port);
}

/** True for a URI-reference of RFC 3986 (section 4.1): an absolute URI or a relative reference. */
export function isUriReference(value: string): boolean {
  const parts = URI_SPLIT.exec(value);
  if (!parts) return false;
  const [, scheme, authority, path = '', query, fragment] = parts;
  if (scheme !== undefined && !SCHEME.test(scheme)) return false;
  if (authority !== undefined && !isAuthority(authority)) return false;
  if (!PATH.test(path)) return false;
  // A relative path's first segment cannot hold a colon: it would read as a scheme.
  if (scheme === undefined && authority === undefined && path.split('/')[0]!.includes(':')) return false;
  if (query !== undefined && !QUERY_OR_FRAGMENT.test(query)) return false;
  return fragment === undefined || QUERY_OR_FRAGMENT.test(fragment);
}

/**
 * True for a URI with a scheme. The specification's URI is RFC 3986's absolute URI, which has no
 * fragment; a fragment is tolerated here, as schema addresses (`…/schema.json#/defs/x`) carry one.
 */
export function isUri(value: string): boolean {
  const parts = URI_SPLIT.exec(value);
  return parts?.[1] !== undefined && isUriReference(value);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** The instant of an RFC 3339 timestamp, in milliseconds since 1970 (sub-millisecond digits dropped), or undefined. */
export function timestampMillis(value: string): number | undefined {
  const match = RFC3339.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', zulu, sign, offsetHour = '0', offsetMinute = '0'] = match;
  const [y, mo, d, h, mi, s, oh, om] = [year, month, day, hour, minute, second, offsetHour, offsetMinute].map(Number) as [
    number, number, number, number, number, number, number, number,
  ];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  // Second 60 is a leap second, which RFC 3339 allows.
  if (h > 23 || mi > 59 || s > 60 || oh > 23 || om > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, Number(fraction.padEnd(3, '0').slice(0, 3)));
  const offset = zulu ? 0 : (sign === '-' ? -1 : 1) * (oh * 60 + om);
  return date.getTime() - offset * 60_000;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True for a date-time of RFC 3339 (section 5.6): date, time to the second, and a zone. */
export function isTimestamp(value: string): boolean {
  return timestampMillis(value) !== undefined;
}

// RFC 2045 tokens, as RFC 2046 media types use them: `type/subtype` and `; name=value` parameters.
const TOKEN = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]+";
const QUOTED_STRING = '"(?:[^"\\\\\\r\\n]|\\\\.)*"';
const CONTENT_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:\\s*;\\s*${TOKEN}=(?:${TOKEN}|${QUOTED_STRING}))*\\s*$`);

/** True for a content type: a media type as RFC 2046 writes it (`application/json; charset=utf-8`). */
export function isContentType(value: string): boolean {
  return CONTENT_TYPE.test(value);
}

/** True when a content type declares JSON data (`*\/json` or `*\/*+json`); an absent one means JSON. */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return true;
  const essence = contentType.split(';')[0]!.trim().toLowerCase();
  const subtype = essence.slice(essence.indexOf('/') + 1);
  return subtype === 'json' || subtype.endsWith('+json');
}

// ---------------------------------------------------------------------------------------------
// Schemas

const STRING_MESSAGE = 'Must not hold control characters, noncharacters or unpaired surrogates';
const URI_MESSAGE = 'Must be a URI with a scheme (RFC 3986)';
const URI_REFERENCE_MESSAGE = 'Must be a URI-reference (RFC 3986)';
const TIMESTAMP_MESSAGE = 'Must be an RFC 3339 timestamp such as 2018-04-05T17:31:00Z';

const stringSchema = z.string().check(z.refine(isAttributeString, STRING_MESSAGE));

/** A string the specification requires non-empty: an empty one is reported once, as empty, not also as malformed. */
function nonEmpty(isWellFormed: (value: string) => boolean, message: string) {
  return z.string().check(
    z.minLength(1, 'Must not be empty'),
    z.refine((value) => value === '' || isWellFormed(value), message),
  );
}

/** One schema per attribute type, for the value as JSON carries it. */
export const ATTRIBUTE_TYPE_SCHEMAS: Readonly<Record<AttributeType, z.ZodMiniType<ExtensionValue>>> = {
  Boolean: z.boolean(),
  Integer: z.number().check(
    z.refine(Number.isInteger, 'Must be an Integer: a whole number'),
    z.refine((value) => value >= INTEGER_MIN && value <= INTEGER_MAX, 'Must be an Integer from -2147483648 to 2147483647'),
  ),
  String: stringSchema,
  Binary: z.string().check(z.refine(isBase64, 'Must be Binary: Base64 as RFC 4648 writes it')),
  URI: z.string().check(z.refine(isUri, URI_MESSAGE)),
  'URI-reference': z.string().check(z.refine(isUriReference, URI_REFERENCE_MESSAGE)),
  Timestamp: z.string().check(z.refine(isTimestamp, TIMESTAMP_MESSAGE)),
};

/** What a reader makes of an extension it has no definition for: the JSON type decides. */
function checkUnknownExtension(value: unknown): string | undefined {
  switch (typeof value) {
    case 'boolean':
      return undefined;
    case 'string':
      return isAttributeString(value) ? undefined : STRING_MESSAGE;
    case 'number':
      if (!Number.isInteger(value)) return 'Must be a whole number: a number in an attribute is an Integer';
      return value >= INTEGER_MIN && value <= INTEGER_MAX ? undefined : 'Must be an Integer from -2147483648 to 2147483647';
    default:
      return 'Must be a string, a boolean or an Integer: attributes hold no objects or lists';
  }
}

/** Why `name` cannot be an attribute's name, or undefined when it can. */
export function attributeNameProblem(name: string): string | undefined {
  if (!ATTRIBUTE_NAME.test(name)) {
    return `"${name}" is not an attribute name: names hold only lower-case letters a-z and digits 0-9`;
  }
  if (name.length > ATTRIBUTE_NAME_MAX_LENGTH) {
    return `"${name}" is not an attribute name: names have at most ${ATTRIBUTE_NAME_MAX_LENGTH} characters`;
  }
  return undefined;
}

const SHAPE = {
  specversion: z.string().check(
    z.refine((value) => value === CLOUDEVENTS_SPEC_VERSION, `Must be "${CLOUDEVENTS_SPEC_VERSION}": only CloudEvents 1.0 is read`),
  ),
  id: nonEmpty(isAttributeString, STRING_MESSAGE),
  source: nonEmpty(isUriReference, URI_REFERENCE_MESSAGE),
  type: nonEmpty(isAttributeString, STRING_MESSAGE),
  datacontenttype: z.optional(nonEmpty(isContentType, 'Must be a media type as RFC 2046 writes it, such as application/json')),
  dataschema: z.optional(nonEmpty(isUri, URI_MESSAGE)),
  subject: z.optional(nonEmpty(isAttributeString, STRING_MESSAGE)),
  time: z.optional(z.string().check(z.refine(isTimestamp, TIMESTAMP_MESSAGE))),
  data: z.optional(z.unknown()),
  data_base64: z.optional(z.string().check(z.refine(isBase64, 'Must be Base64 as RFC 4648 writes it'))),
};

const MEMBERS_OF_THE_FORMAT = new Set<string>(Object.keys(SHAPE));

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A null attribute is an absent one (JSON format, section 2.2); `data: null` is a payload of null, kept. */
function withoutNullAttributes(input: unknown): unknown {
  if (!isPlainObject(input)) return input;
  return Object.fromEntries(Object.entries(input).filter(([name, value]) => value !== null || name === 'data'));
}

function eventSchema(extensions: Readonly<Record<string, ExtensionDefinition>>) {
  const object = z.looseObject(SHAPE).check(
    // `when` runs these checks even when a core attribute is already wrong, so every problem is reported at once.
    z.superRefine((event: Record<string, unknown>, context) => {
      if (Object.hasOwn(event, 'data') && event['data_base64'] !== undefined) {
        context.addIssue({ code: 'custom', path: ['data_base64'], message: 'An event carries "data" or "data_base64", never both' });
      }
      const contentType = event['datacontenttype'];
      if (Object.hasOwn(event, 'data') && typeof contentType === 'string' && !isJsonContentType(contentType) && typeof event['data'] !== 'string') {
        context.addIssue({ code: 'custom', path: ['data'], message: `Must be text: datacontenttype "${contentType}" is not JSON` });
      }
      for (const [name, value] of Object.entries(event)) {
        if (MEMBERS_OF_THE_FORMAT.has(name)) continue;
        const nameProblem = attributeNameProblem(name);
        if (nameProblem) context.addIssue({ code: 'custom', path: [name], message: nameProblem });
        const definition = Object.hasOwn(extensions, name) ? extensions[name] : undefined;
        let valueProblem: string | undefined;
        if (definition) {
          const result = z.safeParse(ATTRIBUTE_TYPE_SCHEMAS[definition.type], value);
          if (result.success) {
            valueProblem = definition.constraint?.(result.data);
          } else {
            // zod/mini words no type errors ("Invalid input"): those get the attribute type's name.
            const message = result.error.issues[0]?.message;
            valueProblem = message && message !== 'Invalid input' ? message : `Must be ${definition.type === 'Integer' ? 'an' : 'a'} ${definition.type}`;
          }
        } else {
          valueProblem = checkUnknownExtension(value);
        }
        if (valueProblem) context.addIssue({ code: 'custom', path: [name], message: valueProblem });
      }
    }, { when: (payload) => isPlainObject(payload.value) }),
  );
  return z.pipe(z.transform(withoutNullAttributes), object);
}

const DEFAULT_EVENT_SCHEMA = eventSchema({});

/** The schema of one event in the JSON format; `extensions` declares typed extension attributes. */
export function cloudEventSchema(options: CloudEventParseOptions = {}) {
  return options.extensions ? eventSchema(options.extensions) : DEFAULT_EVENT_SCHEMA;
}

/** The schema of a JSON batch: an array of events (empty is fine). */
export function cloudEventBatchSchema(options: CloudEventParseOptions = {}) {
  return z.array(cloudEventSchema(options));
}

// ---------------------------------------------------------------------------------------------
// Reading

/**
 * Reads one event (a parsed JSON value). Null attributes are dropped as absent. Throws an
 * InvalidInputError whose issue paths name the attributes at fault (`time`, `my.extension`).
 */
export function parseCloudEvent(input: unknown, options: CloudEventParseOptions = {}): CloudEvent {
  if (Array.isArray(input)) {
    throw new InvalidInputError([{ path: '', message: 'Must be one CloudEvent (a JSON object), not a batch' }]);
  }
  // Nulls go before parsing too, so that a null required attribute is reported as missing, not as mistyped.
  return parseOrThrow(cloudEventSchema(options), withoutNullAttributes(input)) as CloudEvent;
}

/** Reads a JSON batch; issue paths start with the event's index (`1.specversion`). */
export function parseCloudEventBatch(input: unknown, options: CloudEventParseOptions = {}): CloudEvent[] {
  if (!Array.isArray(input)) {
    throw new InvalidInputError([{ path: '', message: 'Must be a batch of CloudEvents (a JSON array)' }]);
  }
  return parseOrThrow(cloudEventBatchSchema(options), input.map(withoutNullAttributes)) as CloudEvent[];
}

/** Reads either form: one event gives a list of one. */
export function parseCloudEvents(input: unknown, options: CloudEventParseOptions = {}): CloudEvent[] {
  return Array.isArray(input) ? parseCloudEventBatch(input, options) : [parseCloudEvent(input, options)];
}

/** Reads the text of a `.json` file holding one event or a batch. */
export function parseCloudEventsJson(text: string, options: CloudEventParseOptions = {}): CloudEvent[] {
  return parseCloudEvents(readJson(text), options);
}

/** The value of a JSON text, or an InvalidInputError saying why it is not JSON. */
export function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError([{ path: '', message: `Not JSON: ${error instanceof Error ? error.message : String(error)}` }]);
  }
}

/** The extension attributes of an event: its members that the specification and the JSON format do not define. */
export function extensionsOf(event: CloudEvent): Record<string, ExtensionValue> {
  return Object.fromEntries(Object.entries(event).filter(([name]) => !MEMBERS_OF_THE_FORMAT.has(name))) as Record<string, ExtensionValue>;
}

/** The bytes or JSON value an event carries: `data_base64` decoded, else `data`; undefined when it has neither. */
export function dataOf(event: CloudEvent): { readonly data: unknown } | { readonly bytes: Uint8Array } | undefined {
  if (event.data_base64 !== undefined) return { bytes: decodeBase64(event.data_base64) };
  return Object.hasOwn(event, 'data') ? { data: event.data } : undefined;
}
