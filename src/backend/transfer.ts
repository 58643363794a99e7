import * as z from 'zod/mini';
import {
  InvalidInputError,
  activitySchema,
  customerSchema,
  normaliseDataElements,
  parseOrThrow,
  requestSchema,
  timestampSchema,
  type Activity,
  type Customer,
  type FieldIssue,
  type ParseContext,
  type Request,
} from '../model/index.js';
import { customerMergeSchema, type CustomerMerge } from './merges/identities.js';
import { fromWireActivity, fromWireCustomer, fromWireRequest, isPlainObject } from './wire-forms.js';
import { assertStorable, parseActivity, type Parsed } from './import-fast-path.js';

export { fromWireActivity, fromWireCustomer, fromWireRequest, toDataElementsMap } from './wire-forms.js';

/**
 * The built-in store's export file (`exportData` writes it, `importData` reads it back):
 *
 * ```json
 * { "format": "customer-context", "version": 2, "exportedAt": "2026-12-03T09:00:00.000Z",
 *   "customers": [Customer…], "requests": [Request…], "activities": [Activity…],
 *   "merges": [{ "mergedId": "…", "keptId": "…", "mergedAt": "…", "mergedBy"?: Contributor }] }
 * ```
 *
 * Version 2 added `merges`: one record per customer merged away (`CustomerMerge`,
 * src/backend/merges/identities.ts), so that an import keeps where each merged id leads. A merged
 * customer is no record of its own (its activities, requests and identities are the kept
 * customer's), so `mergedId` names no customer of the file or the store, and `keptId` names a
 * customer of either; merges of merges are led to the last kept customer, as the store keeps them.
 * Version 1 files, which have no `merges`, are read as they are. A reader of version 1 only
 * refuses a version 2 file rather than dropping its merges unseen.
 */
export const EXPORT_FORMAT = 'customer-context';
export const EXPORT_VERSION = 2;
/** The versions `importData` reads: every one written so far. */
export const READABLE_VERSIONS: readonly number[] = [1, 2];

/** Where a long transfer is: `done` of `total` records in the current phase. */
export interface TransferProgress {
  readonly phase: 'reading' | 'validating' | 'writing';
  readonly done: number;
  readonly total: number;
}

export interface TransferOptions {
  /** Called as each phase advances, in batches rather than per record. */
  readonly onProgress?: (progress: TransferProgress) => void;
  readonly signal?: AbortSignal;
}

/** A whole store as one JSON document: what `exportData` writes and `importData` reads back. */
export const storeExportSchema = z.strictObject({
  format: z.literal(EXPORT_FORMAT),
  version: z.union([z.literal(1), z.literal(EXPORT_VERSION)]),
  exportedAt: timestampSchema,
  customers: z.array(customerSchema),
  requests: z.array(requestSchema),
  activities: z.array(activitySchema),
  /** Absent from version 1 files. */
  merges: z.optional(z.array(customerMergeSchema)),
});
export type StoreExport = z.infer<typeof storeExportSchema>;

export interface ImportSummary {
  readonly customers: number;
  readonly requests: number;
  readonly activities: number;
  readonly merges: number;
}

/** Records that passed validation, ready to store, with the ids they point at outside themselves. */
export interface ValidatedImport {
  readonly customers: readonly Customer[];
  readonly requests: readonly Request[];
  readonly activities: readonly Activity[];
  readonly merges: readonly CustomerMerge[];
  /** Customer ids referenced by requests, activities or merges but not in the import: the store must hold them. */
  readonly externalCustomerIds: ReadonlyMap<string, string>;
  /** Request ids referenced by activities but not in the import, each with the path of its first use. */
  readonly externalRequestIds: ReadonlyMap<string, string>;
  /** The merged id of each merge, with its path: the store must hold no customer of that id. */
  readonly mergedIds: ReadonlyMap<string, string>;
}

type RecordKind = 'customers' | 'requests' | 'activities';

/** One record to import and where it sits in the input, for error paths. */
interface PendingRecord {
  readonly raw: unknown;
  readonly path: string;
}

/** Beyond this many problems an import stops looking: the first ones are what a person fixes first. */
const MAX_ISSUES = 50;
const PROGRESS_EVERY = 2000;
/** Validation is synchronous; it gives the event loop a turn this often so that an abort can land. */
const YIELD_EVERY_MS = 25;

interface Envelope {
  readonly records: Record<RecordKind, PendingRecord[]>;
  readonly merges: PendingRecord[];
  readonly issues: FieldIssue[];
}

function readEnvelope(data: unknown): Envelope {
  const records: Record<RecordKind, PendingRecord[]> = { customers: [], requests: [], activities: [] };
  const merges: PendingRecord[] = [];
  const issues: FieldIssue[] = [];
  if (Array.isArray(data)) {
    // A bare list of Context Service objects, each saying what it is.
    data.forEach((raw, index) => {
      const type = isPlainObject(raw) ? raw['type'] : undefined;
      const kind: RecordKind | undefined =
        type === 'customer' ? 'customers' : type === 'request' ? 'requests' : type === 'pod' || type === 'activity' ? 'activities' : undefined;
      if (kind) records[kind].push({ raw, path: String(index) });
      else issues.push({ path: `${index}.type`, message: 'Must be "customer", "request" or "pod"' });
    });
    return { records, merges, issues };
  }
  if (!isPlainObject(data)) {
    issues.push({ path: '', message: `Not a ${EXPORT_FORMAT} export: expected an object with customers, requests and activities` });
    return { records, merges, issues };
  }
  if (data['format'] !== undefined && data['format'] !== EXPORT_FORMAT) {
    issues.push({ path: 'format', message: `Must be "${EXPORT_FORMAT}"` });
  }
  if (data['version'] !== undefined && !READABLE_VERSIONS.includes(data['version'] as number)) {
    issues.push({ path: 'version', message: `Version ${String(data['version'])} is not supported; this store reads versions ${READABLE_VERSIONS.join(' and ')}` });
  }
  if (data['version'] === 1 && data['merges'] !== undefined) {
    issues.push({ path: 'merges', message: `Version 1 has no merges: a file with merges is version ${EXPORT_VERSION}` });
  }
  const lists: [RecordKind, string][] = [
    ['customers', 'customers'],
    ['requests', 'requests'],
    ['activities', 'activities'],
    ['activities', 'pods'],
  ];
  for (const [kind, key] of lists) {
    const list = data[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      issues.push({ path: key, message: 'Must be a list' });
      continue;
    }
    for (let index = 0; index < list.length; index += 1) records[kind].push({ raw: list[index], path: `${key}.${index}` });
  }
  const mergeList = data['merges'];
  if (Array.isArray(mergeList)) mergeList.forEach((raw, index) => merges.push({ raw, path: `merges.${index}` }));
  else if (mergeList !== undefined) issues.push({ path: 'merges', message: 'Must be a list' });
  return { records, merges, issues };
}

function prefixed(error: unknown, prefix: string): FieldIssue[] {
  if (!(error instanceof InvalidInputError)) throw error;
  return error.issues.map((issue) => ({ path: issue.path ? `${prefix}.${issue.path}` : prefix, message: issue.message }));
}

/** Phone parsing is the costly part of normalising; real stores repeat the same few numbers a lot. */
function memoisedContext(context: ParseContext): ParseContext {
  const known = new Map<string, string | undefined>();
  const phone = context.phone;
  return {
    ...context,
    phone: {
      defaultRegion: phone.defaultRegion,
      prepare: (values) => phone.prepare(values),
      format: (e164) => phone.format(e164),
      toE164(raw) {
        if (known.has(raw)) return known.get(raw);
        const e164 = phone.toE164(raw);
        known.set(raw, e164);
        return e164;
      },
    },
  };
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Checks every record of an import, in our export format or Context Service's wire forms, and
 * returns them normalised. Nothing is stored here: a store writes the result only when all of
 * it is valid. Throws an InvalidInputError naming each bad path (`activities.3.mediaType`).
 */
export async function validateImport(data: unknown, context: ParseContext, options: TransferOptions = {}): Promise<ValidatedImport> {
  const { records, merges: pendingMerges, issues } = readEnvelope(data);
  if (issues.length) throw new InvalidInputError(issues);
  await context.phone.prepare(records);
  const parse = memoisedContext(context);
  const total = records.customers.length + records.requests.length + records.activities.length;
  let done = 0;
  let turnStarted = performance.now();
  options.onProgress?.({ phase: 'validating', done, total });

  const ids: Record<RecordKind, Map<string, string>> = { customers: new Map(), requests: new Map(), activities: new Map() };
  const externalCustomerIds = new Map<string, string>();
  const externalRequestIds = new Map<string, string>();

  async function check<T extends { id: string; fieldsets: string[]; dataElements: Record<string, unknown> }>(
    kind: RecordKind,
    parseRecord: (record: unknown) => Parsed<T>,
    fromWire: (raw: unknown) => unknown,
    afterParse: (record: T, path: string) => void,
  ): Promise<T[]> {
    const valid: T[] = [];
    for (const { raw, path } of records[kind]) {
      done += 1;
      if (done % PROGRESS_EVERY === 0) {
        options.onProgress?.({ phase: 'validating', done, total });
        if (performance.now() - turnStarted > YIELD_EVERY_MS) {
          await nextTurn();
          turnStarted = performance.now();
          if (options.signal?.aborted) throw options.signal.reason;
        }
      }
      try {
        const result = parseRecord(fromWire(raw));
        if (!result.success) {
          for (const issue of result.error.issues) issues.push({ path: [path, ...issue.path.map(String)].join('.'), message: issue.message });
        } else {
          const record = result.data;
          record.dataElements = normaliseDataElements(record.fieldsets, record.dataElements, parse);
          assertStorable(record);
          const seen = ids[kind].get(record.id);
          if (seen !== undefined) issues.push({ path: `${path}.id`, message: `Duplicate id "${record.id}" (also at ${seen})` });
          else ids[kind].set(record.id, path);
          afterParse(record, path);
          valid.push(record);
        }
      } catch (error) {
        issues.push(...prefixed(error, path));
      }
      if (issues.length >= MAX_ISSUES) throw new InvalidInputError(issues);
    }
    return valid;
  }

  const customers = await check('customers', (record) => z.safeParse(customerSchema, record), fromWireCustomer, () => undefined);
  const requests = await check('requests', (record) => z.safeParse(requestSchema, record), fromWireRequest, (request, path) => {
    if (!ids.customers.has(request.customerId) && !externalCustomerIds.has(request.customerId)) {
      externalCustomerIds.set(request.customerId, `${path}.customerId`);
    }
  });
  const activities = await check('activities', parseActivity, fromWireActivity, (activity, path) => {
    if (activity.customerId !== undefined && !ids.customers.has(activity.customerId) && !externalCustomerIds.has(activity.customerId)) {
      externalCustomerIds.set(activity.customerId, `${path}.customerId`);
    }
    if (activity.requestId !== undefined && !ids.requests.has(activity.requestId) && !externalRequestIds.has(activity.requestId)) {
      externalRequestIds.set(activity.requestId, `${path}.requestId`);
    }
  });
  const { merges, mergedIds } = checkMerges(pendingMerges, ids.customers, externalCustomerIds, issues);
  if (issues.length) throw new InvalidInputError(issues.slice(0, MAX_ISSUES));
  options.onProgress?.({ phase: 'validating', done: total, total });
  return { customers, requests, activities, merges, externalCustomerIds, externalRequestIds, mergedIds };
}

/**
 * Reads the merges of an import (each with the merge record's schema, nothing left out or
 * guessed), led as the store leads them: a merge into a customer merged away in turn names the
 * last kept customer, which must be a customer of the import or the store (`externalCustomerIds`
 * gets it). A merged id may be merged once, and names no customer of the import.
 */
function checkMerges(
  pending: readonly PendingRecord[],
  customerIds: ReadonlyMap<string, string>,
  externalCustomerIds: Map<string, string>,
  issues: FieldIssue[],
): { merges: CustomerMerge[]; mergedIds: Map<string, string> } {
  const parsed: { merge: CustomerMerge; path: string }[] = [];
  const mergedIds = new Map<string, string>();
  for (const { raw, path } of pending) {
    let merge: CustomerMerge;
    try {
      merge = parseOrThrow(customerMergeSchema, raw, path);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      issues.push(...error.issues);
      continue;
    }
    const seen = mergedIds.get(merge.mergedId);
    if (merge.keptId === merge.mergedId) issues.push({ path: `${path}.keptId`, message: 'A customer cannot be merged into itself' });
    else if (seen !== undefined) issues.push({ path: `${path}.mergedId`, message: `Customer "${merge.mergedId}" is merged at ${seen} already` });
    else if (customerIds.has(merge.mergedId)) {
      issues.push({ path: `${path}.mergedId`, message: `Customer "${merge.mergedId}" is at ${customerIds.get(merge.mergedId)!}: a merged customer has no record of its own` });
    } else {
      mergedIds.set(merge.mergedId, path);
      parsed.push({ merge, path });
    }
  }
  const keptOf = new Map(parsed.map(({ merge }) => [merge.mergedId, merge.keptId]));
  const merges: CustomerMerge[] = [];
  for (const { merge, path } of parsed) {
    // Follows the chain to its end; a chain that comes back to where it started leads nowhere.
    let keptId = merge.keptId;
    const visited = new Set([merge.mergedId]);
    while (keptOf.has(keptId) && !visited.has(keptId)) {
      visited.add(keptId);
      keptId = keptOf.get(keptId)!;
    }
    if (visited.has(keptId)) {
      issues.push({ path: `${path}.keptId`, message: `The merges from "${merge.mergedId}" lead back to it` });
      continue;
    }
    if (!customerIds.has(keptId) && !externalCustomerIds.has(keptId)) externalCustomerIds.set(keptId, `${path}.keptId`);
    merges.push(keptId === merge.keptId ? merge : { ...merge, keptId });
  }
  return { merges, mergedIds };
}
