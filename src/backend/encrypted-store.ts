import { promisifyRequest } from 'idb-keyval';
import {
  BASE_FIELD_SET_REGISTRY,
  ConflictError,
  DEFAULT_ACTIVITY_FIELD_SETS,
  DEFAULT_CUSTOMER_FIELD_SETS,
  DEFAULT_REQUEST_FIELD_SETS,
  InvalidInputError,
  isContextError,
  loadPhoneNormaliser,
  looksLikePhone,
  lookupProbes,
  matchScore,
  normaliseDataElements,
  type Activity,
  type ActivityInput,
  type ActivityPatch,
  type Customer,
  type CustomerInput,
  type CustomerPatch,
  type FieldSetRegistry,
  type FieldValue,
  type PhoneNormaliser,
  type Request,
  type RequestInput,
} from '../model/index.js';
import type { IdentityChange, MergeVersions } from './merges/identities.js';
import type {
  ActivityChange,
  ActivityPage,
  BackendStatus,
  ContextBackend,
  CustomerMatch,
  CustomerMerging,
  FindCustomersOptions,
  ListActivitiesQuery,
  OperationOptions,
  Unsubscribe,
} from './adapter.js';
import { FieldCipher, isEnvelope, storageRegistry, type FieldKeys } from './encryption.js';
import { BuiltInStore, type BuiltInStoreOptions } from './idb-store.js';
import type { Fault } from './operation.js';

export interface EncryptedStoreOptions extends BuiltInStoreOptions {
  /** The host's keys (see `deriveFieldKeys`). Without the same keys, nothing stored can be read back. */
  readonly keys: FieldKeys;
}

interface WithData {
  readonly fieldsets: readonly string[];
  readonly dataElements: Readonly<Record<string, unknown>>;
}

const HASH = 'h:';
const OWNER = 'c:';
const HASH_STORE = 'hashes';

/**
 * The lookup hashes: `h:<hash>` lists the customers holding a value with that hash, `c:<id>` the
 * hashes of a customer's values. A database of its own, so the store's schema is untouched; its
 * connection is closed with the store, so that the database can be deleted.
 */
class HashIndex {
  private constructor(private readonly db: IDBDatabase) {}

  static async open(name: string): Promise<HashIndex> {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(HASH_STORE);
    const db = await promisifyRequest(request);
    db.onversionchange = () => db.close();
    return new HashIndex(db);
  }

  async get(key: string): Promise<string[]> {
    const found = (await promisifyRequest(this.db.transaction(HASH_STORE, 'readonly').objectStore(HASH_STORE).get(key))) as string[] | undefined;
    return found ?? [];
  }

  /** Reads and writes `key` in one transaction, so that two updates never lose one another. */
  async update(key: string, change: (ids: string[]) => string[]): Promise<void> {
    const tx = this.db.transaction(HASH_STORE, 'readwrite');
    const store = tx.objectStore(HASH_STORE);
    const current = ((await promisifyRequest(store.get(key))) as string[] | undefined) ?? [];
    const next = change(current);
    if (next.length) store.put(next, key);
    else store.delete(key);
    await promisifyRequest(tx);
  }

  close(): void {
    this.db.close();
  }
}

/** What a caller's input says its data elements are, when it is an object holding some. Anything else is the store's to refuse. */
function dataOf(input: unknown): Record<string, unknown> | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const data = (input as { dataElements?: unknown }).dataElements;
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
}

/** The field sets a caller's input names, if it names a list of them; else `fallback`. */
function setsOf(input: unknown, fallback: readonly string[]): readonly string[];
function setsOf(input: unknown): readonly string[] | undefined;
function setsOf(input: unknown, fallback?: readonly string[]): readonly string[] | undefined {
  const sets = typeof input === 'object' && input !== null ? (input as { fieldsets?: unknown }).fieldsets : undefined;
  return Array.isArray(sets) && sets.every((id) => typeof id === 'string') ? sets : fallback;
}

/**
 * The built-in store with sensitive fields encrypted at rest. Each value of a sensitive field is
 * checked against its real definition, then stored as an AES-GCM envelope; it is decrypted again
 * on every read, so callers see plain values. Sensitive phones and emails are also kept as keyed
 * hashes (HMAC) in a lookup database beside the store, so that a search for one still finds its
 * customer by exact match; the hashes hold no plaintext and cannot be computed without the key.
 *
 * Identities listed beside the fields (`addIdentity`, a merge) are no field's values: they are
 * stored as given, as the phones and emails of fields that are not sensitive are. A sensitive
 * phone or email of a merged customer stays sealed and does not join the kept customer's list.
 */
export class EncryptedStore implements ContextBackend, CustomerMerging {
  private constructor(
    /** The store underneath, holding envelopes: for tests and the fault switch. */
    readonly inner: BuiltInStore,
    private readonly fieldSets: FieldSetRegistry,
    private readonly cipher: FieldCipher,
    private readonly hashes: HashIndex,
    private readonly phone: PhoneNormaliser,
  ) {}

  static async open(options: EncryptedStoreOptions): Promise<EncryptedStore> {
    const { keys, fieldSets = BASE_FIELD_SET_REGISTRY, ...store } = options;
    const inner = await BuiltInStore.open({ ...store, fieldSets: storageRegistry(fieldSets) });
    const phone = await loadPhoneNormaliser(inner.settings.defaultRegion);
    const hashes = await HashIndex.open(EncryptedStore.hashDatabaseName(inner.databaseName)).catch((error: unknown) => {
      inner.close();
      throw error;
    });
    return new EncryptedStore(inner, fieldSets, new FieldCipher(keys), hashes, phone);
  }

  /** The name of the lookup database beside a store's own (delete it with the store). */
  static hashDatabaseName(databaseName: string): string {
    return `${databaseName}-lookup-hashes`;
  }

  get fault(): Fault {
    return this.inner.fault;
  }

  set fault(fault: Fault) {
    this.inner.fault = fault;
  }

  // ---- customers

  async findCustomers(query: string, options?: FindCustomersOptions): Promise<readonly CustomerMatch[]> {
    const [plain, hashed] = await Promise.all([this.inner.findCustomers(query, options), this.findByHash(query, options)]);
    const found = new Map<string, CustomerMatch>();
    for (const match of [...(await Promise.all(plain.map(async (match) => ({ ...match, customer: await this.open(match.customer) })))), ...hashed]) {
      const known = found.get(match.customer.id);
      if (!known || known.score < match.score) found.set(match.customer.id, match);
    }
    return [...found.values()]
      .sort((a, b) => b.score - a.score || (a.customer.lastUpdated < b.customer.lastUpdated ? 1 : a.customer.lastUpdated > b.customer.lastUpdated ? -1 : 0))
      .slice(0, options?.limit ?? 20);
  }

  async getCustomer(id: string, options?: OperationOptions): Promise<Customer> {
    return this.open(await this.inner.getCustomer(id, options));
  }

  async createCustomer(input: CustomerInput, options?: OperationOptions): Promise<Customer> {
    const sealed = await this.seal(setsOf(input, DEFAULT_CUSTOMER_FIELD_SETS), dataOf(input));
    const customer = await this.open(await this.inner.createCustomer(sealed ? { ...input, dataElements: sealed } : input, options));
    await this.index(customer);
    return customer;
  }

  async updateCustomer(id: string, patch: CustomerPatch, options?: OperationOptions): Promise<Customer> {
    const data = dataOf(patch);
    const fieldsets = data && setsOf(patch) === undefined ? (await this.inner.getCustomer(id, options)).fieldsets : setsOf(patch, DEFAULT_CUSTOMER_FIELD_SETS);
    const sealed = data ? await this.seal(fieldsets, data) : undefined;
    const customer = await this.open(await this.unsealConflict(this.inner.updateCustomer(id, sealed ? { ...patch, dataElements: sealed } : patch, options)));
    await this.index(customer);
    return customer;
  }

  async deleteCustomer(id: string, options?: OperationOptions): Promise<void> {
    await this.inner.deleteCustomer(id, options);
    await this.unindex(id);
  }

  // ---- identities and merges: the store's, with the answers opened and the hashes following the merge

  async addIdentity(customerId: string, change: IdentityChange, options?: OperationOptions): Promise<Customer> {
    return this.open(await this.unsealConflict(this.inner.customerMerging.addIdentity(customerId, change, options)));
  }

  async removeIdentity(customerId: string, change: IdentityChange, options?: OperationOptions): Promise<Customer> {
    return this.open(await this.unsealConflict(this.inner.customerMerging.removeIdentity(customerId, change, options)));
  }

  async mergeCustomers(keptId: string, mergedId: string, versions: MergeVersions, options?: OperationOptions): Promise<Customer> {
    const kept = await this.open(await this.unsealConflict(this.inner.customerMerging.mergeCustomers(keptId, mergedId, versions, options)));
    await this.unindex(mergedId);
    await this.index(kept);
    return kept;
  }

  // ---- activities

  async listActivities(customerId: string, query?: ListActivitiesQuery, options?: OperationOptions): Promise<ActivityPage> {
    const page = await this.inner.listActivities(customerId, query, options);
    return { ...page, activities: await Promise.all(page.activities.map((activity) => this.open(activity))) };
  }

  async getActivity(id: string, options?: OperationOptions): Promise<Activity> {
    return this.open(await this.inner.getActivity(id, options));
  }

  async createActivity(input: ActivityInput, options?: OperationOptions): Promise<Activity> {
    const sealed = await this.seal(setsOf(input, DEFAULT_ACTIVITY_FIELD_SETS), dataOf(input));
    return this.open(await this.inner.createActivity(sealed ? { ...input, dataElements: sealed } : input, options));
  }

  async updateActivity(id: string, patch: ActivityPatch, options?: OperationOptions): Promise<Activity> {
    const data = dataOf(patch);
    const fieldsets = data && setsOf(patch) === undefined ? (await this.inner.getActivity(id, options)).fieldsets : setsOf(patch, DEFAULT_ACTIVITY_FIELD_SETS);
    const sealed = data ? await this.seal(fieldsets, data) : undefined;
    return this.open(await this.unsealConflict(this.inner.updateActivity(id, sealed ? { ...patch, dataElements: sealed } : patch, options)));
  }

  deleteActivity(id: string, options?: OperationOptions): Promise<void> {
    return this.inner.deleteActivity(id, options);
  }

  // ---- requests

  async getRequest(id: string, options?: OperationOptions): Promise<Request> {
    return this.open(await this.inner.getRequest(id, options));
  }

  async createRequest(input: RequestInput, options?: OperationOptions): Promise<Request> {
    const sealed = await this.seal(setsOf(input, DEFAULT_REQUEST_FIELD_SETS), dataOf(input));
    return this.open(await this.inner.createRequest(sealed ? { ...input, dataElements: sealed } : input, options));
  }

  async listRequests(customerId: string, options?: OperationOptions): Promise<readonly Request[]> {
    return Promise.all((await this.inner.listRequests(customerId, options)).map((request) => this.open(request)));
  }

  // ---- the rest

  /** Changes arrive decrypted, in the order the store sent them. */
  subscribe(customerId: string, listener: (change: ActivityChange) => void): Unsubscribe {
    let queue = Promise.resolve();
    let active = true;
    const unsubscribe = this.inner.subscribe(customerId, (change) => {
      queue = queue.then(async () => {
        const activity = change.activity ? await this.open(change.activity) : undefined;
        if (active) listener({ ...change, ...(activity ? { activity } : {}) });
      });
    });
    return () => {
      active = false;
      unsubscribe();
    };
  }

  status(options?: OperationOptions): Promise<BackendStatus> {
    return this.inner.status(options);
  }

  close(): void {
    this.inner.close();
    this.hashes.close();
  }

  // ---- sealing and opening

  /**
   * The data elements with each sensitive value checked against its real definition, normalised
   * and encrypted; the others as given, for the store to check. Undefined when there is nothing to seal.
   */
  private async seal(fieldsets: readonly string[], data: Record<string, unknown> | undefined): Promise<Record<string, unknown> | undefined> {
    if (!data) return undefined;
    const sensitive = Object.keys(data).filter((key) => this.fieldSets.findField(fieldsets, key)?.sensitive && data[key] !== null && data[key] !== undefined);
    if (!sensitive.length) return undefined;
    const plain = Object.fromEntries(sensitive.map((key) => [key, data[key]]));
    await this.phone.prepare(plain);
    // A patch's rules: only what is given is checked here; the store checks what is required.
    const normalised = normaliseDataElements(fieldsets, plain, { phone: this.phone, fieldSets: this.fieldSets }, {});
    const sealed: Record<string, unknown> = { ...data };
    for (const key of sensitive) {
      const value = normalised[key];
      if (value === undefined) {
        sealed[key] = null;
        continue;
      }
      try {
        sealed[key] = await this.cipher.encrypt(value, key);
      } catch (error) {
        if (error instanceof RangeError) throw new InvalidInputError([{ path: `dataElements.${key}`, message: 'Too long to be stored encrypted' }]);
        throw error;
      }
    }
    return sealed;
  }

  /** A record with its envelopes decrypted. One that does not decrypt (another key) stays sealed: it is still masked. */
  private async open<T extends WithData>(record: T): Promise<T> {
    const entries = Object.entries(record.dataElements);
    if (!entries.some(([, value]) => isEnvelope(value))) return record;
    const dataElements: Record<string, FieldValue> = {};
    for (const [key, value] of entries) {
      dataElements[key] = isEnvelope(value) ? await this.cipher.decrypt(value, key).catch(() => value) : (value as FieldValue);
    }
    return { ...record, dataElements };
  }

  private async unsealConflict<T extends WithData>(pending: Promise<T>): Promise<T> {
    try {
      return await pending;
    } catch (error) {
      if (error instanceof ConflictError && error.current) throw new ConflictError(error.message, await this.open(error.current as T));
      throw error;
    }
  }

  // ---- the lookup hashes

  /** The keyed hashes of a customer's sensitive phones and emails. */
  private async hashesOf(customer: Customer): Promise<string[]> {
    const hashes = new Set<string>();
    for (const [key, value] of Object.entries(customer.dataElements)) {
      const field = this.fieldSets.findField(customer.fieldsets, key);
      if (!field?.sensitive || typeof value !== 'string' || (field.format !== 'phone' && field.format !== 'email')) continue;
      hashes.add(await this.cipher.lookupHash(field.format, value));
    }
    return [...hashes];
  }

  /** Points each of the customer's hashes at it, and no others. */
  private async index(customer: Customer): Promise<void> {
    const next = await this.hashesOf(customer);
    const previous = await this.hashes.get(`${OWNER}${customer.id}`);
    const owners = (hash: string, keep: boolean) =>
      this.hashes.update(`${HASH}${hash}`, (ids) => {
        const others = ids.filter((id) => id !== customer.id);
        return keep ? [...others, customer.id] : others;
      });
    await Promise.all([...previous.filter((hash) => !next.includes(hash)).map((hash) => owners(hash, false)), ...next.map((hash) => owners(hash, true))]);
    await this.hashes.update(`${OWNER}${customer.id}`, () => next);
  }

  private async unindex(customerId: string): Promise<void> {
    const previous = await this.hashes.get(`${OWNER}${customerId}`);
    await Promise.all(previous.map((hash) => this.hashes.update(`${HASH}${hash}`, (ids) => ids.filter((id) => id !== customerId))));
    await this.hashes.update(`${OWNER}${customerId}`, () => []);
  }

  /**
   * Customers whose sensitive phone or email is exactly what was asked: the query's hash finds
   * them, and each is checked against its decrypted value (a hash left behind matches nobody).
   */
  private async findByHash(query: string, options?: FindCustomersOptions): Promise<CustomerMatch[]> {
    if (typeof query !== 'string') return [];
    if (looksLikePhone(query)) await this.phone.prepare(query);
    const probes = lookupProbes(query, this.phone).filter((probe) => probe.key === 'phone' || probe.key === 'email');
    const matches: CustomerMatch[] = [];
    for (const probe of probes) {
      const kind = probe.key as 'phone' | 'email';
      const wanted = await this.cipher.lookupHash(kind, probe.value);
      const ids = await this.hashes.get(`${HASH}${wanted}`);
      for (const id of ids) {
        let customer: Customer;
        try {
          customer = await this.getCustomer(id, options);
        } catch (error) {
          if (isContextError(error) && error.code === 'not-found') continue;
          throw error;
        }
        for (const [key, value] of Object.entries(customer.dataElements)) {
          const field = this.fieldSets.findField(customer.fieldsets, key);
          if (!field?.sensitive || field.format !== kind || typeof value !== 'string') continue;
          if ((await this.cipher.lookupHash(kind, value)) !== wanted) continue;
          matches.push({ customer, matchedOn: kind, matchedValue: value, score: matchScore(kind, true) });
          break;
        }
      }
    }
    return matches;
  }
}
