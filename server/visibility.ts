/**
 * Sensitive values on the server: every caller gets every
 * customer, activity and request with those values masked as the browser masks them
 * (`MASK`, src/model/masking.ts), wherever a record travels: answers, conflicts, the change
 * feed and the event stream. The value itself is given only by the audited reveal.
 */
import { MASK, maskRecord, sensitiveValues, type FieldSetRegistry } from '../src/model/index.js';

interface RecordLike {
  readonly fieldsets: readonly string[];
  readonly dataElements: Readonly<Record<string, unknown>>;
}

function isRecord(value: object): value is RecordLike {
  const candidate = value as Partial<RecordLike>;
  return Array.isArray(candidate.fieldsets) && typeof candidate.dataElements === 'object' && candidate.dataElements !== null;
}

/** `value` with every record in it (at any depth) masked. */
export function maskDeep(value: unknown, registry: FieldSetRegistry): unknown {
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, registry));
  if (typeof value !== 'object' || value === null) return value;
  if (isRecord(value)) return maskRecord(value, registry);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskDeep(item, registry)]));
}

/** A search match is kept only when what it matched is not a sensitive value of its customer. */
export function visibleMatch(match: { customer: RecordLike; matchedValue: string }, registry: FieldSetRegistry): boolean {
  return !sensitiveValues([match.customer], registry).includes(match.matchedValue);
}

/**
 * A write of a record as it was read: a sensitive field sent back as `MASK` (the form
 * it was read in) keeps its stored value instead of becoming the mask.
 */
export function withoutMaskedValues(body: unknown, registry: FieldSetRegistry): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const { dataElements } = body as { dataElements?: unknown };
  if (typeof dataElements !== 'object' || dataElements === null || Array.isArray(dataElements)) return body;
  const sets = registry.all().map((set) => set.id);
  const kept = Object.entries(dataElements).filter(([key, value]) => !(value === MASK && registry.findField(sets, key)?.sensitive === true));
  return { ...body, dataElements: Object.fromEntries(kept) };
}
