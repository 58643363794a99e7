import type {
  Activity,
  ActivityInput,
  ActivityPatch,
  Customer,
  CustomerInput,
  CustomerPatch,
  ErrorCode,
  LookupKey,
  MediaType,
  OrganisationFieldSet,
  Request,
  RequestInput,
} from '../model/index.js';
import type { IdentityChange, MergeVersions } from './merges/identities.js';

/**
 * Every operation takes these. The deadline is the smaller of `signal` and `timeoutMs`
 * (default: the backend's setting, 200–15000 ms, 1200 ms unless configured).
 */
export interface OperationOptions {
  readonly signal?: AbortSignal;
  /** Overrides the backend's timeout for this call; 200–15000 ms. */
  readonly timeoutMs?: number;
  /**
   * For writes: the same key sent again means the same write, applied once. A backend that
   * honours it (the HTTP adapter sends it as `Idempotency-Key`) answers a repeat with the first
   * result; the offline outbox relies on it to replay without applying anything twice.
   */
  readonly idempotencyKey?: string;
}

/** One customer found by a lookup, and why it matched. */
export interface CustomerMatch {
  readonly customer: Customer;
  /** Which key the query matched: the UI says so instead of silently opening the first. */
  readonly matchedOn: LookupKey;
  /** The stored value that matched (an E.164 number, an email, a name). */
  readonly matchedValue: string;
  /** 0–1, higher is better; matches come sorted by it, then by last update. */
  readonly score: number;
}

export interface FindCustomersOptions extends OperationOptions {
  /** At most this many matches (default 20, at most 200). */
  readonly limit?: number;
}

export interface ListActivitiesQuery {
  /** Opaque: pass back `nextCursor` from the previous page. */
  readonly cursor?: string;
  /** Default 50, at most 200. */
  readonly pageSize?: number;
  /** Only these channels; absent or empty means all. */
  readonly mediaTypes?: readonly MediaType[];
  /** Only activities created at or after this instant (ISO 8601). */
  readonly since?: string;
  /** Only activities created before this instant (ISO 8601). */
  readonly until?: string;
  /** Case-insensitive words that must all occur in the title, message, notes, breadcrumbs or source. */
  readonly text?: string;
}

export interface ActivityPage {
  /** Newest first. */
  readonly activities: readonly Activity[];
  /** Absent on the last page. */
  readonly nextCursor?: string;
}

/** What a subscriber hears: an activity of the customer was created or changed, here or in another tab. */
export interface ActivityChange {
  readonly kind: 'created' | 'updated' | 'deleted';
  readonly customerId: string;
  readonly activityId: string;
  /** Absent for deletions. */
  readonly activity?: Activity;
}

export type Unsubscribe = () => void;

export const OPERATIONS = [
  'findCustomers',
  'getCustomer',
  'createCustomer',
  'updateCustomer',
  'deleteCustomer',
  'listActivities',
  'getActivity',
  'createActivity',
  'updateActivity',
  'deleteActivity',
  'getRequest',
  'createRequest',
  'listRequests',
  'organisationFieldSets',
  'status',
  'addIdentity',
  'removeIdentity',
  'mergeCustomers',
] as const;
/**
 * The operations whose statistics a backend keeps. Those of unmatched events are named by type
 * alone, so that the list every session loads does not grow for a capability few agents use
 * (they are in `status().operations` once used, not in the diagnostics summary's table).
 */
export type OperationName = (typeof OPERATIONS)[number] | 'listUnmatched' | 'attachUnmatched';

/** The last failure of an operation: enough to tell what went wrong and when, for diagnostics. */
export interface OperationError {
  readonly code: ErrorCode;
  /** The error's own message. It may quote what was asked (an id, a phone number): never show it as it is. */
  readonly message: string;
  /** When it failed (ISO 8601). */
  readonly at: string;
}

export interface OperationStats {
  readonly count: number;
  readonly errors: number;
  /** Mean and 95th percentile of the recent calls, in ms. */
  readonly meanMs: number;
  readonly p95Ms: number;
  /** Median of the recent calls, in ms; absent from adapters that do not report it. */
  readonly p50Ms?: number;
  /** The most recent failure, absent when there was none. A call its caller aborted is counted but is not a failure here. */
  readonly lastError?: OperationError;
}

export interface BackendStatus {
  readonly reachable: boolean;
  /** Round trip of the status probe itself, in ms. */
  readonly latencyMs: number;
  readonly labMode: boolean;
  /** A short name of the backend ("Built-in store (IndexedDB)", "HTTP https://…"). */
  readonly backend: string;
  readonly operations: Readonly<Partial<Record<OperationName, OperationStats>>>;
}

/**
 * The one interface every backend implements: the built-in IndexedDB store, the HTTP adapter, or
 * your own. Prove an implementation with `runAdapterContract` from `customer-context/contract`.
 *
 * Every method rejects with a `ContextError` (see `model/errors.ts`): `not-found`, `conflict`
 * (a stale `expectedVersion`; the error carries what is stored now), `invalid-input` (with the
 * field paths), `timeout`, `unavailable`, `forbidden` (deletes outside lab mode) or `aborted`.
 * A rejected write stores nothing.
 */
export interface ContextBackend {
  /** Ranked customers whose id, phone (any format), email, external id or name (or name prefix) matches. */
  findCustomers(query: string, options?: FindCustomersOptions): Promise<readonly CustomerMatch[]>;
  getCustomer(id: string, options?: OperationOptions): Promise<Customer>;
  createCustomer(input: CustomerInput, options?: OperationOptions): Promise<Customer>;
  /** Applies `patch` if the stored version is still `patch.expectedVersion`, else a conflict. */
  updateCustomer(id: string, patch: CustomerPatch, options?: OperationOptions): Promise<Customer>;
  /** Refused (`forbidden`) unless lab mode is on. Deletes the customer's activities and requests too. */
  deleteCustomer(id: string, options?: OperationOptions): Promise<void>;

  /** A customer's activities, newest first, one page at a time. */
  listActivities(customerId: string, query?: ListActivitiesQuery, options?: OperationOptions): Promise<ActivityPage>;
  /** One activity by id: the POD.ID lookup of an incoming call. */
  getActivity(id: string, options?: OperationOptions): Promise<Activity>;
  createActivity(input: ActivityInput, options?: OperationOptions): Promise<Activity>;
  updateActivity(id: string, patch: ActivityPatch, options?: OperationOptions): Promise<Activity>;
  /** Refused (`forbidden`) unless lab mode is on. */
  deleteActivity(id: string, options?: OperationOptions): Promise<void>;

  getRequest(id: string, options?: OperationOptions): Promise<Request>;
  createRequest(input: RequestInput, options?: OperationOptions): Promise<Request>;
  /** A customer's requests, newest update first. */
  listRequests(customerId: string, options?: OperationOptions): Promise<readonly Request[]>;

  /** Calls `listener` for every new, changed or deleted activity of the customer, until unsubscribed. */
  subscribe(customerId: string, listener: (change: ActivityChange) => void): Unsubscribe;

  /**
   * Optional: the organisation's own field sets that the backend checks writes against, beside the
   * base sets (a shared backend keeps them; the built-in store is given them when it opens).
   */
  organisationFieldSets?(options?: OperationOptions): Promise<VersionedFieldSets>;

  /** Reachability, probe latency and per-operation counts. Never rejects for an unreachable backend. */
  status(options?: OperationOptions): Promise<BackendStatus>;

  /** Releases connections and channels. The backend is unusable afterwards. */
  close(): void;
}

/** An organisation's field set JSON as a shared backend keeps it, with its version (`0` before any is stored). */
export interface VersionedFieldSets {
  readonly version: number;
  readonly fieldSets: readonly OrganisationFieldSet[];
}

/** A sensitive value a backend revealed, and the activity that records the reveal. */
export interface RevealedField {
  readonly value: string | number | boolean | null;
  readonly auditActivityId: string;
}

export interface RevealFieldOptions extends OperationOptions {
  /** The activity whose field it is, when not the customer's own. */
  readonly activityId?: string;
}

/** Who a backend takes the caller for. */
export interface BackendIdentity {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly string[];
  /** Whether this backend lets the caller reveal sensitive fields. */
  readonly canReveal: boolean;
}

/**
 * The capability of a backend that guards sensitive fields itself (a shared server, which
 * masks them in every answer and decides who may reveal them): the gadget asks it for each
 * reveal instead of recording one on its own. The built-in store has none.
 */
export interface SensitiveFieldGuard {
  /** Records the reveal of one field (`fieldId`, or `<field set>.<field>`) in the customer's journey, then answers its value. */
  revealField(customerId: string, fieldId: string, options?: RevealFieldOptions): Promise<RevealedField>;
  /** Who the backend takes the caller for, and whether they may reveal. */
  identity(options?: OperationOptions): Promise<BackendIdentity>;
}

/** The backend's guard of sensitive fields, when it has one. */
export function sensitiveFieldGuard(backend: ContextBackend | undefined): SensitiveFieldGuard | undefined {
  const candidate = backend as (ContextBackend & Partial<SensitiveFieldGuard> & { readonly sensitiveFieldGuard?: SensitiveFieldGuard }) | undefined;
  if (candidate?.sensitiveFieldGuard) return candidate.sensitiveFieldGuard;
  return typeof candidate?.revealField === 'function' && typeof candidate.identity === 'function' ? (candidate as SensitiveFieldGuard) : undefined;
}

/**
 * The capability of a backend that keeps several identities per customer (phones, emails,
 * external ids beside the base fields: see model/identities.ts) and merges two customers found to
 * be one person. Optional: an adapter without it stays a valid `ContextBackend`.
 *
 * After `mergeCustomers(keptId, mergedId)`: `getCustomer(mergedId)` answers the kept customer
 * (its `id` is `keptId`, so a caller sees it was led on), `findCustomers` by any identity or the
 * id of the merged customer finds the kept one, and `listActivities` / `listRequests` of the kept
 * customer hold everything the merged one had, with the merge itself recorded in the journey
 * (`mergeAuditActivity`). Subscribers of the merged customer hear each moved activity `deleted`;
 * those of the kept customer hear it `updated`, and the merge's activity `created`.
 */
export interface CustomerMerging {
  /**
   * Adds an identity if the customer is still at `change.expectedVersion`. A phone must read as a
   * number (stored in E.164), an email as an address (`invalid-input` at `value`); one another
   * customer already has is a `conflict`; one this customer has already is `invalid-input`.
   */
  addIdentity(customerId: string, change: IdentityChange, options?: OperationOptions): Promise<Customer>;
  /**
   * Removes a listed identity. One held by a base field (`Context_Mobile_Phone`…) is changed with
   * `updateCustomer` instead (`invalid-input` at `value`); one the customer lacks is `not-found`.
   */
  removeIdentity(customerId: string, change: IdentityChange, options?: OperationOptions): Promise<Customer>;
  /**
   * Merges `mergedId` into `keptId` if both are still at the versions given (else a `conflict`
   * carrying the one that changed), in one write: activities and requests move, the merged
   * customer's identities join the kept one's list, and the merged id leads to the kept customer.
   * Merging a customer into itself is `invalid-input` at `mergedId`. Answers the kept customer.
   */
  mergeCustomers(keptId: string, mergedId: string, versions: MergeVersions, options?: OperationOptions): Promise<Customer>;
}

/**
 * The backend's identities and merges, when it has them: its own methods, or its
 * `customerMerging` property (the built-in store's and the HTTP adapter's, which load the code
 * on first use; a wrapper's, which is undefined when what it wraps has none).
 */
export function customerMerging(backend: ContextBackend | undefined): CustomerMerging | undefined {
  const candidate = backend as (ContextBackend & Partial<CustomerMerging> & { readonly customerMerging?: CustomerMerging }) | undefined;
  if (candidate && 'customerMerging' in candidate) return candidate.customerMerging;
  return typeof candidate?.addIdentity === 'function' && typeof candidate.removeIdentity === 'function' && typeof candidate.mergeCustomers === 'function'
    ? (candidate as CustomerMerging)
    : undefined;
}

/**
 * A `CustomerMerging` whose implementation loads on first use: a backend's `customerMerging`
 * getter answers one, so that the code of identities and merges is fetched only when an agent
 * changes one.
 */
export function lazyMerging(load: () => Promise<CustomerMerging>): CustomerMerging {
  return {
    addIdentity: async (...args) => (await load()).addIdentity(...args),
    removeIdentity: async (...args) => (await load()).removeIdentity(...args),
    mergeCustomers: async (...args) => (await load()).mergeCustomers(...args),
  };
}

/**
 * An event a shared backend took in that named no customer it knows ("unmatched", docs/server.md
 * "CloudEvents in"): when it was received and the attributes that help find whose it is, never
 * its data. Its text is the sender's, to be shown as text.
 */
export interface UnmatchedEvent {
  readonly received: string;
  readonly event: {
    readonly source: string;
    readonly id: string;
    readonly type: string;
    readonly time?: string;
    readonly subject?: string;
    readonly customerphone?: string;
    readonly customeremail?: string;
    readonly mediatype?: string;
  };
}

/** Which unmatched event (its `source` and `id`) becomes whose activity. */
export interface UnmatchedAttachment {
  readonly source: string;
  readonly id: string;
  readonly customerId: string;
}

/** An unmatched event attached: the activity it became, in that customer's journey. */
export interface AttachedEvent {
  readonly source: string;
  readonly id: string;
  readonly activityId: string;
  readonly customerId: string;
}

/**
 * The capability of a shared backend that keeps the events it could not match to a customer, for
 * an agent who knows whose one is to attach it. Optional: the built-in store takes in no events.
 */
export interface UnmatchedEvents {
  /** The unmatched events, oldest first, at most `limit` (1–500, default 100). */
  listUnmatched(options?: OperationOptions & { readonly limit?: number }): Promise<readonly UnmatchedEvent[]>;
  /**
   * Turns one into the activity it would have become in that customer's journey (subscribers
   * hear it `created`). One attached already, or never taken in, is `not-found` of kind `event`;
   * a customer not found is `not-found` of kind `customer`.
   */
  attachUnmatched(attachment: UnmatchedAttachment, options?: OperationOptions): Promise<AttachedEvent>;
}

/**
 * The backend's unmatched events, when it keeps them: its `unmatchedEvents` property (the HTTP
 * adapter's, which loads the code on first use; a wrapper's, which is undefined when what it
 * wraps has none). Unlike `customerMerging`, methods of the backend's own are not looked for:
 * every session loads this guard, and only a shared backend keeps unmatched events.
 */
export function unmatchedEvents(backend: ContextBackend | undefined): UnmatchedEvents | undefined {
  return (backend as { readonly unmatchedEvents?: UnmatchedEvents } | undefined)?.unmatchedEvents;
}

/** Settings every backend honours. */
export interface BackendSettings {
  /** Per-operation timeout, 200–15000 ms (default 1200). */
  readonly timeoutMs?: number;
  /** Only in lab mode are deletes allowed; lab data is a separate partition. */
  readonly labMode?: boolean;
  /** ISO 3166 region for phone numbers written without a country code (default `US`). */
  readonly defaultRegion?: string;
}
