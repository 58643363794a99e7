/**
 * The rules every store of ours applies to records the same way: the built-in IndexedDB store and
 * the reference server (server/store.ts and server/activities.ts). Pure functions, no storage.
 */
import * as z from 'zod/mini';
import type { CustomerMatch } from './adapter.js';
import {
  ConflictError,
  DEFAULT_ACTIVITY_FIELD_SETS,
  DEFAULT_CUSTOMER_FIELD_SETS,
  DEFAULT_REQUEST_FIELD_SETS,
  InvalidInputError,
  LIMITS,
  assertWithinSize,
  type activityInputSchema,
  type activityPatchSchema,
  type customerInputSchema,
  type customerPatchSchema,
  type requestInputSchema,
  type Request,
  customerEmails,
  customerName,
  foldForMatch,
  matchScore,
  mediaTypeSchema,
  normaliseDataElements,
  timestampSchema,
  type Activity,
  type Contributor,
  type Customer,
  type DataElements,
  type LookupKey,
  type LookupProbe,
  type ParseContext,
} from '../model/index.js';

/** A page or match limit: 1–200, `fallback` when absent. */
export const limitSchema = (fallback: number) => z._default(z.int().check(z.minimum(1, 'Must be at least 1'), z.maximum(200, 'Must be at most 200')), fallback);

/** The options of `listActivities`, as every store reads them. */
export const listQuerySchema = z.strictObject({
  cursor: z.optional(z.string().check(z.maxLength(1024))),
  pageSize: limitSchema(50),
  mediaTypes: z.optional(z.array(mediaTypeSchema)),
  since: z.optional(timestampSchema),
  until: z.optional(timestampSchema),
  text: z.optional(z.string().check(z.maxLength(LIMITS.titleLength))),
});

/** Where a page ended: the last activity's place in the [customerId, created, id] index. */
export type PagePosition = readonly [created: string, id: string];

/** An opaque cursor for a page position (base64url of its JSON). */
export function encodeCursor(position: PagePosition): string {
  const bytes = new TextEncoder().encode(JSON.stringify(position));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Reads a cursor back, or refuses it as the caller's bad input. */
export function decodeCursor(cursor: string): PagePosition {
  try {
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const position: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0))));
    if (Array.isArray(position) && position.length === 2 && position.every((part) => typeof part === 'string')) {
      return position as unknown as PagePosition;
    }
  } catch {
    // Falls through to the error below: a cursor is opaque, and a damaged one is the caller's input.
  }
  throw new InvalidInputError([{ path: 'cursor', message: 'Not a cursor from a previous page of this list' }]);
}

export function positionOf(activity: Activity): PagePosition {
  return [activity.created, activity.id];
}

/** Now, as records store it. */
export function now(): string {
  return new Date().toISOString();
}

/** The contributors after `contributor` touched the record: each once, the latest last, at most LIMITS.contributors. */
export function withContributor(contributors: readonly Contributor[], contributor: Contributor | undefined): Contributor[] {
  if (!contributor) return [...contributors];
  const others = contributors.filter((known) => known.type !== contributor.type || known.id !== contributor.id);
  return [...others, contributor].slice(-LIMITS.contributors);
}

/** Data elements after a patch. Changing field sets re-checks every stored value against the new sets. */
export function patchedDataElements(
  current: { fieldsets: readonly string[]; dataElements: DataElements },
  fieldsets: readonly string[],
  patch: Readonly<Record<string, unknown>> | undefined,
  context: ParseContext,
): DataElements {
  const sameSets = fieldsets.length === current.fieldsets.length && fieldsets.every((id, index) => id === current.fieldsets[index]);
  if (sameSets) return patch ? normaliseDataElements(fieldsets, patch, context, current.dataElements) : current.dataElements;
  return normaliseDataElements(fieldsets, { ...current.dataElements, ...patch }, context);
}

/**
 * The activity after `change`, as every store writes it: the change must be made on the version
 * stored, a closed activity takes none, `null` clears an optional property and `undefined` leaves
 * it as it is. Throws a ConflictError (with the stored activity) or an InvalidInputError.
 */
export function changedActivity(current: Activity, change: z.output<typeof activityPatchSchema>, context: ParseContext): Activity {
  if (current.version !== change.expectedVersion) {
    throw new ConflictError(`The activity changed since version ${change.expectedVersion}: it is now at version ${current.version}`, current);
  }
  if (current.state === 'closed') throw closedError('activity');
  const { expectedVersion, contributor, fieldsets: givenSets, dataElements, ...changes } = change;
  const fieldsets = givenSets ?? current.fieldsets;
  const updated: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete updated[key];
    else if (value !== undefined) updated[key] = value;
  }
  const next: Activity = {
    ...(updated as Activity),
    contributors: withContributor(current.contributors, contributor),
    fieldsets,
    dataElements: patchedDataElements(current, fieldsets, dataElements, context),
    lastUpdated: now(),
    version: expectedVersion + 1,
  };
  assertWithinSize(next);
  return next;
}

/**
 * A lookup's matches, each customer once with its best score: `consider` each customer a probe
 * found, then take the `best`.
 */
export class BestMatches {
  private readonly found = new Map<string, CustomerMatch>();

  consider(customer: Customer, probe: LookupProbe, exact: boolean): void {
    const score = matchScore(probe.key, exact);
    const known = this.found.get(customer.id);
    if (known && known.score >= score) return;
    this.found.set(customer.id, { customer, matchedOn: probe.key, matchedValue: matchedValueOf(customer, probe.key, probe), score });
  }

  /** The best `limit` of them, by score then recency. */
  best(limit: number): CustomerMatch[] {
    return [...this.found.values()].sort(byScoreThenRecency).slice(0, limit);
  }
}

/** A closed record refuses every change, reopening included. */
export function closedError(kind: string): InvalidInputError {
  return new InvalidInputError([{ path: 'state', message: `This ${kind} is closed: a closed ${kind} cannot be changed or reopened` }]);
}

/** A lookup's reading of the stored value it matched, as the agent should see it. */
export function matchedValueOf(customer: Customer, key: LookupKey, probe: LookupProbe): string {
  switch (key) {
    case 'id':
      return customer.id;
    case 'phone':
      return probe.value;
    case 'email':
      return customerEmails(customer).find((email) => foldForMatch(email) === probe.value) ?? probe.value;
    case 'externalId':
      return String(customer.dataElements['Context_Customer_External_ID'] ?? probe.value);
    case 'name':
      return customerName(customer) ?? probe.value;
  }
}

/** Matches ranked by score, then the most recently updated, then by id, so the order is stable. */
export function byScoreThenRecency(a: CustomerMatch, b: CustomerMatch): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.customer.lastUpdated !== b.customer.lastUpdated) return a.customer.lastUpdated < b.customer.lastUpdated ? 1 : -1;
  return a.customer.id < b.customer.id ? -1 : a.customer.id > b.customer.id ? 1 : 0;
}

/** What every new record ends with: who made it, its field sets (`defaults` when none given) and their checked values, its times, version 1. */
function newRecordFields(
  parsed: { readonly contributor?: Contributor | undefined; readonly fieldsets?: readonly string[] | undefined; readonly dataElements: Readonly<Record<string, unknown>>; readonly created?: string | undefined },
  defaults: readonly string[],
  context: ParseContext,
) {
  const fieldsets = parsed.fieldsets ? [...parsed.fieldsets] : [...defaults];
  const created = parsed.created ?? now();
  return {
    contributors: withContributor([], parsed.contributor),
    fieldsets,
    dataElements: normaliseDataElements(fieldsets, parsed.dataElements, context),
    created,
    lastUpdated: created,
    version: 1,
  };
}

/** A new customer from checked input: id, state, tags and field sets defaulted, data elements normalised, version 1. */
export function newCustomer(parsed: z.output<typeof customerInputSchema>, context: ParseContext): Customer {
  const customer: Customer = {
    id: parsed.id ?? crypto.randomUUID(),
    state: parsed.state ?? 'active',
    tags: parsed.tags ?? [],
    ...newRecordFields(parsed, DEFAULT_CUSTOMER_FIELD_SETS, context),
  };
  assertWithinSize(customer);
  return customer;
}

/**
 * A customer or request after a checked patch (the two patch alike): a conflict (carrying
 * `current`) when it changed since `expectedVersion`, refused when it is closed.
 */
export function patchedRecord<T extends Customer | Request>(
  kind: 'customer' | 'request',
  current: T,
  change: z.output<typeof customerPatchSchema>,
  context: ParseContext,
): T {
  if (current.version !== change.expectedVersion) {
    throw new ConflictError(`The ${kind} changed since version ${change.expectedVersion}: it is now at version ${current.version}`, current);
  }
  if (current.state === 'closed') throw closedError(kind);
  const fieldsets = change.fieldsets ?? current.fieldsets;
  const next: T = {
    ...current,
    state: change.state ?? current.state,
    tags: change.tags ?? current.tags,
    contributors: withContributor(current.contributors, change.contributor),
    fieldsets,
    dataElements: patchedDataElements(current, fieldsets, change.dataElements, context),
    lastUpdated: now(),
    version: current.version + 1,
  };
  assertWithinSize(next);
  return next;
}

/** A new activity from checked input, as `newCustomer`. */
export function newActivity(parsed: z.output<typeof activityInputSchema>, context: ParseContext): Activity {
  const { id, contributor, fieldsets, dataElements, created, ...rest } = parsed;
  const activity: Activity = {
    ...rest,
    id: id ?? crypto.randomUUID(),
    ...newRecordFields({ contributor, fieldsets, dataElements, created }, DEFAULT_ACTIVITY_FIELD_SETS, context),
  };
  assertWithinSize(activity);
  return activity;
}

/** A new request (a case) from checked input, as `newCustomer`. */
export function newRequest(parsed: z.output<typeof requestInputSchema>, context: ParseContext): Request {
  const request: Request = {
    id: parsed.id ?? crypto.randomUUID(),
    customerId: parsed.customerId,
    state: parsed.state,
    tags: parsed.tags,
    ...newRecordFields(parsed, DEFAULT_REQUEST_FIELD_SETS, context),
  };
  assertWithinSize(request);
  return request;
}
