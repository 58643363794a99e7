import * as z from 'zod/mini';
import { get as getMetaValue, promisifyRequest, type UseStore } from 'idb-keyval';
import {
  AbortedError,
  ConflictError,
  InvalidInputError,
  NotFoundError,
  ForbiddenError,
  activityInputSchema,
  activityPatchSchema,
  customerInputSchema,
  customerPatchSchema,
  loadPhoneNormaliser,
  looksLikePhone,
  lookupProbes,
  parseOrThrow,
  requestInputSchema,
  type Activity,
  type ActivityInput,
  type ActivityPatch,
  type Customer,
  type CustomerInput,
  type CustomerPatch,
  type FieldSetRegistry,
  type ParseContext,
  type Request,
  type RequestInput,
  assertIdText,
} from '../model/index.js';
import { lazyMerging } from './adapter.js';
import type {
  ActivityChange,
  ActivityPage,
  BackendSettings,
  BackendStatus,
  ContextBackend,
  CustomerMatch,
  CustomerMerging,
  FindCustomersOptions,
  ListActivitiesQuery,
  OperationOptions,
  Unsubscribe,
} from './adapter.js';
import { OperationRunner, resolveBackendSettings, timeoutSchema, toContextError, type Fault, type ResolvedBackendSettings } from './operation.js';
import { ChangeBroadcast } from './idb-broadcast.js';
import { housekeeping, transact, type StoreName } from './idb-transaction.js';
import { CUSTOMER_DELETE_SCOPE, LOOKUP_SCOPE, createCustomerIn, deleteCustomerIn, findIn, updateCustomerIn } from './idb-customers.js';
import { ACTIVITY_WRITE_SCOPE, createActivityIn, deleteActivityIn, pageFilter, pageRange, readPage, updateActivityIn } from './idb-activities.js';
import { MIRROR_SCOPE, checkMirrored, mirrorIn, type MirroredRecords } from './idb-mirror.js';
import { DATABASE_INFO_KEY, INDEXES, STORES, customerOrMerged, deleteDatabase, openDatabase } from './idb-schema.js';
// Export and import (with Context Service's wire forms) load on first use: the gadget never needs them.
import type { ImportSummary, StoreExport, TransferOptions } from './transfer.js';
import { limitSchema, listQuerySchema, newActivity, newCustomer, newRequest } from './record-rules.js';

export interface BuiltInStoreOptions extends BackendSettings {
  /** IndexedDB database name; default 'customer-context'. Lab mode uses `${databaseName}-lab` (a separate partition). */
  readonly databaseName?: string;
  /** The field sets data elements are checked against; default the Context Service base sets. */
  readonly fieldSets?: FieldSetRegistry;
}

export type { MirroredRecords } from './idb-mirror.js';

export const DEFAULT_DATABASE_NAME = 'customer-context';
const BACKEND_NAME = 'Built-in store (IndexedDB)';

const findOptionsSchema = z.object({ limit: limitSchema(20) });

const databaseNameSchema = z.string().check(z.minLength(1, 'Must not be empty'), z.maxLength(200));

/**
 * The default backend: customers, activities and requests in the browser's IndexedDB. Lookups and
 * pages go through indexes (a lookup never scans the customers; a page never reads a whole
 * journey), every operation is one transaction, and tabs on the same database hear each other's
 * changes through a BroadcastChannel.
 */
export class BuiltInStore implements ContextBackend {
  readonly settings: ResolvedBackendSettings;
  /** The IndexedDB database in use: the configured name, with `-lab` in lab mode. */
  readonly databaseName: string;
  private readonly runner: OperationRunner;
  private readonly changes: ChangeBroadcast;
  private closed = false;

  private constructor(
    private readonly db: IDBDatabase,
    databaseName: string,
    settings: ResolvedBackendSettings,
    private readonly fieldSets: FieldSetRegistry | undefined,
  ) {
    this.databaseName = databaseName;
    this.settings = settings;
    this.runner = new OperationRunner(() => this.settings.timeoutMs);
    this.changes = new ChangeBroadcast(db, databaseName);
  }

  static async open(options: BuiltInStoreOptions = {}): Promise<BuiltInStore> {
    const { databaseName = DEFAULT_DATABASE_NAME, fieldSets, ...backend } = options;
    const settings = resolveBackendSettings(backend);
    const base = parseOrThrow(databaseNameSchema, databaseName, 'databaseName');
    const name = settings.labMode ? `${base}-lab` : base;
    // Phone metadata is a separate chunk, loaded here rather than in the first lookup: the first
    // call must answer within its deadline, and an unknown region must fail when the store is made.
    const [opened, phone] = await Promise.allSettled([openDatabase(name), loadPhoneNormaliser(settings.defaultRegion)]);
    if (phone.status === 'rejected') {
      if (opened.status === 'fulfilled') opened.value.close();
      const error: unknown = phone.reason;
      if (error instanceof RangeError) throw new InvalidInputError([{ path: 'defaultRegion', message: error.message }]);
      throw toContextError(error);
    }
    if (opened.status === 'rejected') throw toContextError(opened.reason);
    const db = opened.value;
    return new BuiltInStore(db, name, settings, fieldSets);
  }

  /** Deletes a database outright (both partitions are separate databases: pass each name). */
  static async deleteDatabase(databaseName: string): Promise<void> {
    await deleteDatabase(databaseName);
  }

  /** Simulated fault ('none' | 'stall' | 'unavailable'), for the demo's outage switch and the contract kit. */
  get fault(): Fault {
    return this.runner.fault;
  }

  set fault(fault: Fault) {
    this.runner.fault = fault;
  }

  // ---- customers

  findCustomers(query: string, options?: FindCustomersOptions): Promise<readonly CustomerMatch[]> {
    return this.runner.run('findCustomers', options, async (signal) => {
      if (typeof query !== 'string') throw new InvalidInputError([{ path: 'query', message: 'Must be text' }]);
      const { limit } = parseOrThrow(findOptionsSchema, { limit: options?.limit });
      const phone = await loadPhoneNormaliser(this.settings.defaultRegion);
      if (looksLikePhone(query)) await phone.prepare(query);
      const probes = lookupProbes(query, phone);
      if (!probes.length) return [];
      return this.transact(LOOKUP_SCOPE, 'readonly', signal, (tx) => findIn(tx, probes, limit));
    });
  }

  getCustomer(id: string, options?: OperationOptions): Promise<Customer> {
    return this.runner.run('getCustomer', options, async (signal) => {
      assertIdText(id, 'customer');
      // A merged customer's id answers the customer it was merged into.
      const customer = await this.transact(LOOKUP_SCOPE, 'readonly', signal, (tx) => customerOrMerged(tx, id));
      if (!customer) throw new NotFoundError('customer', id);
      return customer;
    });
  }

  createCustomer(input: CustomerInput, options?: OperationOptions): Promise<Customer> {
    return this.runner.run('createCustomer', options, async (signal) => {
      const parsed = parseOrThrow(customerInputSchema, input);
      const context = await this.parseContext(parsed.dataElements);
      const customer = newCustomer(parsed, context);
      await this.transact(STORES.customers, 'readwrite', signal, (tx) => createCustomerIn(tx, customer));
      return customer;
    });
  }

  updateCustomer(id: string, patch: CustomerPatch, options?: OperationOptions): Promise<Customer> {
    return this.runner.run('updateCustomer', options, async (signal) => {
      assertIdText(id, 'customer');
      const change = parseOrThrow(customerPatchSchema, patch);
      const context = await this.parseContext(change.dataElements);
      return this.transact(STORES.customers, 'readwrite', signal, (tx) => updateCustomerIn(tx, id, change, context));
    });
  }

  deleteCustomer(id: string, options?: OperationOptions): Promise<void> {
    return this.runner.run('deleteCustomer', options, async (signal) => {
      this.assertLabMode();
      assertIdText(id, 'customer');
      const removed = await this.transact(CUSTOMER_DELETE_SCOPE, 'readwrite', signal, (tx) => deleteCustomerIn(tx, id));
      this.announce(removed.map((activityId) => ({ kind: 'deleted', customerId: id, activityId })));
    });
  }

  // ---- identities and merges

  /** Identities and merges (`CustomerMerging`), loaded on first use (merges/idb.ts). */
  get customerMerging(): CustomerMerging {
    return lazyMerging(async () =>
      (await import('./merges/idb.js')).storeMerging({
        run: (name, options, work) => this.runner.run(name, options, work),
        transact: (scope, signal, work) => this.transact(scope as StoreName | StoreName[], 'readwrite', signal, work),
        announce: (changes) => this.announce(changes),
        parseContext: () => this.parseContext(undefined),
        region: this.settings.defaultRegion,
      }),
    );
  }

  // ---- activities

  listActivities(customerId: string, query: ListActivitiesQuery = {}, options?: OperationOptions): Promise<ActivityPage> {
    return this.runner.run('listActivities', options, async (signal) => {
      if (typeof customerId !== 'string') throw new InvalidInputError([{ path: 'customerId', message: 'Must be text' }]);
      const checked = parseOrThrow(listQuerySchema, query);
      const range = pageRange(customerId, checked);
      if (!range) return { activities: [] };
      const admits = pageFilter(checked);
      return this.transact(STORES.activities, 'readonly', signal, (tx) => readPage(tx, range, checked.pageSize, admits));
    });
  }

  getActivity(id: string, options?: OperationOptions): Promise<Activity> {
    return this.runner.run('getActivity', options, async (signal) => {
      return this.getRecord<Activity>(STORES.activities, 'activity', id, signal);
    });
  }

  createActivity(input: ActivityInput, options?: OperationOptions): Promise<Activity> {
    return this.runner.run('createActivity', options, async (signal) => {
      const parsed = parseOrThrow(activityInputSchema, input);
      const context = await this.parseContext(parsed.dataElements);
      const activity = newActivity(parsed, context);
      await this.transact(ACTIVITY_WRITE_SCOPE, 'readwrite', signal, (tx) => createActivityIn(tx, activity));
      if (activity.customerId !== undefined) this.announce([{ kind: 'created', customerId: activity.customerId, activityId: activity.id, activity }]);
      return activity;
    });
  }

  updateActivity(id: string, patch: ActivityPatch, options?: OperationOptions): Promise<Activity> {
    return this.runner.run('updateActivity', options, async (signal) => {
      assertIdText(id, 'activity');
      const change = parseOrThrow(activityPatchSchema, patch);
      const context = await this.parseContext(change.dataElements);
      const [previous, next] = await this.transact(ACTIVITY_WRITE_SCOPE, 'readwrite', signal, (tx) => updateActivityIn(tx, id, change, context));
      const changes: ActivityChange[] = [];
      if (previous.customerId !== undefined && previous.customerId !== next.customerId) {
        changes.push({ kind: 'deleted', customerId: previous.customerId, activityId: id });
      }
      if (next.customerId !== undefined) changes.push({ kind: 'updated', customerId: next.customerId, activityId: id, activity: next });
      this.announce(changes);
      return next;
    });
  }

  deleteActivity(id: string, options?: OperationOptions): Promise<void> {
    return this.runner.run('deleteActivity', options, async (signal) => {
      this.assertLabMode();
      assertIdText(id, 'activity');
      const removed = await this.transact(STORES.activities, 'readwrite', signal, (tx) => deleteActivityIn(tx, id));
      if (removed.customerId !== undefined) this.announce([{ kind: 'deleted', customerId: removed.customerId, activityId: id }]);
    });
  }

  // ---- requests

  getRequest(id: string, options?: OperationOptions): Promise<Request> {
    return this.runner.run('getRequest', options, async (signal) => {
      return this.getRecord<Request>(STORES.requests, 'request', id, signal);
    });
  }

  createRequest(input: RequestInput, options?: OperationOptions): Promise<Request> {
    return this.runner.run('createRequest', options, async (signal) => {
      const parsed = parseOrThrow(requestInputSchema, input);
      const context = await this.parseContext(parsed.dataElements);
      const caseRecord = newRequest(parsed, context);
      await this.transact([STORES.requests, STORES.customers], 'readwrite', signal, async (tx) => {
        const store = tx.objectStore(STORES.requests);
        const [existing, owner] = await Promise.all([
          promisifyRequest(store.get(caseRecord.id)) as Promise<Request | undefined>,
          promisifyRequest(tx.objectStore(STORES.customers).getKey(caseRecord.customerId)),
        ]);
        if (owner === undefined) {
          throw new InvalidInputError([{ path: 'customerId', message: `No customer with id "${caseRecord.customerId}"` }]);
        }
        if (existing) throw new ConflictError(`A request with id "${caseRecord.id}" already exists`, existing);
        store.add(caseRecord);
      });
      return caseRecord;
    });
  }

  listRequests(customerId: string, options?: OperationOptions): Promise<readonly Request[]> {
    return this.runner.run('listRequests', options, async (signal) => {
      if (typeof customerId !== 'string') throw new InvalidInputError([{ path: 'customerId', message: 'Must be text' }]);
      const requests = await this.transact(STORES.requests, 'readonly', signal, (tx) =>
        promisifyRequest(tx.objectStore(STORES.requests).index(INDEXES.requestsByCustomer).getAll(customerId) as IDBRequest<Request[]>),
      );
      return requests.sort((a, b) => (a.lastUpdated < b.lastUpdated ? 1 : a.lastUpdated > b.lastUpdated ? -1 : 0));
    });
  }

  // ---- changes

  subscribe(customerId: string, listener: (change: ActivityChange) => void): Unsubscribe {
    return this.changes.subscribe(customerId, listener);
  }

  // ---- status and lifecycle

  async status(options?: OperationOptions): Promise<BackendStatus> {
    const started = performance.now();
    let reachable = true;
    try {
      // A tiny read through idb-keyval over our meta store: enough to prove the database answers.
      const meta: UseStore = (mode, callback) => Promise.resolve(callback(this.db.transaction(STORES.meta, mode).objectStore(STORES.meta)));
      await this.runner.run('status', options, () => getMetaValue(DATABASE_INFO_KEY, meta));
    } catch (error) {
      if (error instanceof AbortedError) throw error;
      reachable = false;
    }
    return {
      reachable,
      latencyMs: Math.round((performance.now() - started) * 100) / 100,
      labMode: this.settings.labMode,
      backend: BACKEND_NAME,
      operations: this.runner.stats(),
    };
  }

  /** Whether the store holds no customer, activity or request: the demo seeds only an empty store. */
  isEmpty(options?: OperationOptions): Promise<boolean> {
    const timeoutMs = options?.timeoutMs === undefined ? this.settings.timeoutMs : parseOrThrow(timeoutSchema, options.timeoutMs, 'timeoutMs');
    return this.housekeeping('isEmpty', options?.signal, timeoutMs, (signal) =>
      this.transact([STORES.customers, STORES.activities, STORES.requests], 'readonly', signal, async (tx) => {
        const firstKeys = await Promise.all(
          [STORES.customers, STORES.activities, STORES.requests].map((name) => promisifyRequest(tx.objectStore(name).getAllKeys(null, 1))),
        );
        return firstKeys.every((keys) => keys.length === 0);
      }),
    );
  }

  /** The whole partition as one JSON-ready document in our export format (transfer.ts), read in one consistent snapshot. */
  exportData(options: TransferOptions = {}): Promise<StoreExport> {
    return this.housekeeping('exportData', options.signal, undefined, async (signal) => {
      const { TRANSFER_SCOPE, readExport } = await import('./store-transfer.js');
      return this.transact(TRANSFER_SCOPE, 'readonly', signal, (tx) => readExport(tx, options));
    });
  }

  /**
   * Reads an export (ours, or Context Service objects in any of its wire forms), checks all of it,
   * then writes all of it in one transaction: invalid input stores nothing. Records whose id is
   * already stored are replaced. Subscribers are not told about imported activities.
   */
  importData(data: unknown, options: TransferOptions = {}): Promise<ImportSummary> {
    return this.housekeeping('importData', options.signal, undefined, async (signal) => {
      const [{ validateImport }, { TRANSFER_SCOPE, storedCustomers, writeImport }] = await Promise.all([import('./transfer.js'), import('./store-transfer.js')]);
      const valid = await validateImport(data, await this.parseContext(undefined), { ...options, signal });
      const customers = storedCustomers(valid);
      return this.transact(TRANSFER_SCOPE, 'readwrite', signal, (tx) => writeImport(tx, valid, customers, options.onProgress));
    });
  }

  /**
   * Stores records another backend answered with, as they are (ids, versions and times kept), so
   * that this store can serve them while that backend cannot be reached: the offline cache of
   * `CachedBackend`. Each record is checked with the model's schemas first; a record older than
   * the stored one (a lower version) is skipped, and so is one of the same version unless
   * `overwrite` (the backend's own answer to a write made here first). Subscribers hear of
   * activities that changed.
   */
  mirror(records: MirroredRecords, options?: OperationOptions & { readonly overwrite?: boolean }): Promise<void> {
    return this.housekeeping('mirror', options?.signal, undefined, async (signal) => {
      const checked = checkMirrored(records);
      const changes = await this.transact(MIRROR_SCOPE, 'readwrite', signal, (tx) => mirrorIn(tx, checked, options?.overwrite === true));
      this.announce(changes);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.changes.close();
    this.db.close();
  }

  // ---- internals

  /** What validation needs, with the numbering plans of the phone numbers in `input` loaded. */
  private async parseContext(input: unknown): Promise<ParseContext> {
    const phone = await loadPhoneNormaliser(this.settings.defaultRegion);
    await phone.prepare(input);
    return { phone, ...(this.fieldSets ? { fieldSets: this.fieldSets } : {}) };
  }

  private assertLabMode(): void {
    if (!this.settings.labMode) {
      throw new ForbiddenError('Deleting is allowed only in lab mode: outside lab mode nothing is deleted');
    }
  }

  /** One activity or request by id, or not-found. */
  private async getRecord<T>(store: StoreName, kind: 'activity' | 'request', id: string, signal: AbortSignal): Promise<T> {
    assertIdText(id, kind);
    const found = await this.transact(store, 'readonly', signal, (tx) => promisifyRequest(tx.objectStore(store).get(id) as IDBRequest<T | undefined>));
    if (!found) throw new NotFoundError(kind, id);
    return found;
  }

  private transact<T>(scope: StoreName | StoreName[], mode: IDBTransactionMode, signal: AbortSignal, work: (tx: IDBTransaction) => Promise<T>): Promise<T> {
    return transact(this.db, scope, mode, signal, work);
  }

  private housekeeping<T>(name: string, callerSignal: AbortSignal | undefined, timeoutMs: number | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return housekeeping(name, { fault: this.fault, timeoutMs: this.settings.timeoutMs }, callerSignal, timeoutMs, work);
  }

  /** Tells this instance's listeners after a commit, and the other tabs on the same database. */
  private announce(changes: readonly ActivityChange[]): void {
    this.changes.announce(changes);
  }
}
