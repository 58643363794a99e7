/**
 * The fast path of an import for records already in our stored form (what exportData writes).
 * Parsing a million activities with the full schema costs more than writing them; these checks
 * accept only what the schema would accept unchanged, and anything else goes through the schema.
 */
import * as z from 'zod/mini';
import {
  CONTRIBUTOR_TYPES,
  DIRECTIONS,
  ID_PATTERN,
  LIMITS,
  MEDIA_TYPES,
  OBJECT_STATES,
  activitySchema,
  assertWithinSize,
  byteSize,
  type Activity,
} from '../model/index.js';
import { isPlainObject } from './wire-forms.js';

const MEDIA = new Set<unknown>(MEDIA_TYPES);
const DIRECTION = new Set<unknown>(DIRECTIONS);
const STATE = new Set<unknown>(OBJECT_STATES);
const CONTRIBUTOR_TYPE = new Set<unknown>(CONTRIBUTOR_TYPES);
const ACTIVITY_KEYS = new Set(Object.keys(activitySchema.def.shape));
/** Exactly what `Date.prototype.toISOString` writes, which the schema's transform would produce. */
const CANONICAL_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

function isInstant(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const parts = CANONICAL_INSTANT.exec(value);
  if (!parts) return false;
  const year = Number(parts[1]);
  const month = Number(parts[2]);
  const day = Number(parts[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day <= days;
}

function isId(value: unknown): boolean {
  return typeof value === 'string' && value.length <= LIMITS.idLength && ID_PATTERN.test(value);
}

function isText(value: unknown, max: number, min = 0): boolean {
  return typeof value === 'string' && value.length >= min && value.length <= max && value.trim() === value;
}

function isTextList(value: unknown, maxItems: number, maxLength: number): boolean {
  return Array.isArray(value) && value.length <= maxItems && value.every((item) => isText(item, maxLength, 1));
}

function isTags(value: unknown): boolean {
  if (!isTextList(value, LIMITS.tags, LIMITS.tagLength)) return false;
  const tags = value as string[];
  return tags.length < 2 || new Set(tags.map((tag) => tag.toLowerCase())).size === tags.length;
}

function isContributor(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  for (const key in value) if (key !== 'type' && key !== 'id' && key !== 'name') return false;
  return (
    CONTRIBUTOR_TYPE.has(value['type']) &&
    isText(value['id'], LIMITS.idLength, 1) &&
    (value['name'] === undefined || isText(value['name'], LIMITS.titleLength))
  );
}

function isDataElements(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  for (const key in value) {
    const element = value[key];
    if (key === '') return false;
    if (typeof element === 'string') {
      if (element.length > LIMITS.fieldValueLength) return false;
    } else if (typeof element === 'number') {
      if (!Number.isFinite(element)) return false;
    } else if (typeof element !== 'boolean') return false;
  }
  return true;
}

/** The activity itself when it is already exactly as stored, else undefined (the schema then decides). */
function storedActivity(record: unknown): Activity | undefined {
  if (!isPlainObject(record)) return undefined;
  for (const key in record) if (!ACTIVITY_KEYS.has(key) || record[key] === undefined) return undefined;
  const ok =
    isId(record['id']) &&
    (!('customerId' in record) || isId(record['customerId'])) &&
    (!('requestId' in record) || isId(record['requestId'])) &&
    MEDIA.has(record['mediaType']) &&
    DIRECTION.has(record['direction']) &&
    STATE.has(record['state']) &&
    isText(record['title'], LIMITS.titleLength, 1) &&
    (!('message' in record) || isText(record['message'], LIMITS.fieldValueLength)) &&
    (!('breadcrumbs' in record) || isTextList(record['breadcrumbs'], LIMITS.breadcrumbs, LIMITS.titleLength)) &&
    (!('source' in record) || isText(record['source'], LIMITS.titleLength)) &&
    !('appointment' in record) &&
    isTags(record['tags']) &&
    Array.isArray(record['contributors']) &&
    record['contributors'].length <= LIMITS.contributors &&
    record['contributors'].every(isContributor) &&
    Array.isArray(record['fieldsets']) &&
    record['fieldsets'].length > 0 &&
    record['fieldsets'].every((id) => typeof id === 'string' && id.length > 0) &&
    isDataElements(record['dataElements']) &&
    isInstant(record['created']) &&
    isInstant(record['lastUpdated']) &&
    Number.isSafeInteger(record['version']) &&
    (record['version'] as number) >= 1;
  return ok ? (record as Activity) : undefined;
}

/** What `validateImport` makes of one record: zod's `safeParse` result, or the fast path's. */
export type Parsed<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly error: { readonly issues: readonly { readonly path: PropertyKey[]; readonly message: string }[] } };

/** An activity checked by the fast path when it is already exactly as stored, else by the schema. */
export function parseActivity(record: unknown): Parsed<Activity> {
  const stored = storedActivity(record);
  return stored ? { success: true, data: stored } : z.safeParse(activitySchema, record);
}

/** `assertWithinSize` without encoding the common small object: UTF-8 takes at most 3 bytes per UTF-16 unit. */
export function assertStorable(record: unknown): void {
  if (JSON.stringify(record).length * 3 <= LIMITS.objectBytes) return;
  if (byteSize(record) > LIMITS.objectBytes) assertWithinSize(record);
}
