/**
 * The reference server's storage: the operations of `ContextBackend`, on PostgreSQL, with the
 * same validation and semantics as the built-in IndexedDB store (src/backend/idb-store.ts), and a
 * change feed numbered in commit order. Each operation runs inside a transaction the caller opens
 * with `transaction()` (so that the HTTP layer can record an Idempotency-Key's answer in the same
 * commit), which confines it to one tenant's rows by row-level security. The activities
 * (server/activities.ts), the lookup of customers (server/customer-lookup.ts) and the change feed
 * (server/change-feed.ts) have modules of their own, which the `Store`'s methods answer from.
 */
import * as z from 'zod/mini';
import {
  BASE_FIELD_SET_REGISTRY,
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  customerInputSchema,
  customerPatchSchema,
  idSchema,
  loadPhoneNormaliser,
  parseOrThrow,
  requestInputSchema,
  type Activity,
  type Customer,
  type FieldSetRegistry,
  type ParseContext,
  type Request,
} from '../src/model/index.js';
import type { ActivityChange, ActivityPage, CustomerMatch, ListActivitiesQuery } from '../src/backend/adapter.js';
import { listQuerySchema, newCustomer, newRequest, patchedRecord } from '../src/backend/record-rules.js';
import * as activities from './activities.js';
import { ChangeFeed, type FeedChange } from './change-feed.js';
import * as lookup from './customer-lookup.js';
import { sqlLiteral, type Database, type Queryable } from './db.js';
import { TenantFieldSetStore } from './field-sets.js';
import { schemaRoles } from './migrations.js';

/**
 * Who is asking: the tenant (the organisation whose data it is), the partition (lab or
 * production) and the region national phone numbers are read in.
 */
export interface CallContext {
  readonly tenant: string;
  readonly lab: boolean;
  readonly region: string;
}

/** The tenant of callers no identity names one for (no authentication, a bare --token). */
export const DEFAULT_TENANT = 'default';

/** A tenant id: 1–200 characters, none of them a control character. */
export const tenantSchema = z.string().check(z.regex(/^[^\u0000-\u001f\u007f]{1,200}$/, 'Must be 1–200 characters, none of them a control character'));

/** What a tenant's transaction read in the round trip that began it (`Store.transaction`'s `read`). */
export interface Opened {
  /** The version of the tenant's own field sets (0: none). */
  readonly fieldSetVersion?: number;
  /** The change feed's head as the transaction sees it (`Store.head`). */
  readonly head?: number;
}

export type { FeedChange, StoredChange } from './change-feed.js';
export { listQuerySchema };
export { findQuerySchema } from './customer-lookup.js';

/** Deleting is for the lab partition only. */
export function assertLabMode(ctx: CallContext): void {
  if (!ctx.lab) throw new ForbiddenError('Deleting is allowed only in lab mode: outside lab mode nothing is deleted');
}

/** Ids that cannot be stored cannot be found. */
export function assertIdText(id: string, kind: string): void {
  if (!z.safeParse(idSchema, id).success) throw new NotFoundError(kind, id);
}

export interface StoreOptions {
  /** The field sets every tenant's data elements are checked against, beside its own; default the Context Service base sets. */
  readonly fieldSets?: FieldSetRegistry;
}

export class Store {
  readonly table: {
    customers: string;
    keys: string;
    requests: string;
    activities: string;
    changes: string;
    idempotency: string;
    fieldSets: string;
    ingested: string;
  };
  /** Each tenant's organisation field sets, which its writes are checked against beside the base sets. */
  readonly fieldSets: TenantFieldSetStore;
  /** The field sets every tenant has (the base sets, or those the server was started with). */
  readonly baseFieldSets: FieldSetRegistry;
  /** The NOTIFY channel on which commits announce new change numbers. */
  readonly channel: string;
  /** The roles transactions run as, and the setting naming their tenant (see migrations.ts). */
  readonly roles: { readonly app: string; readonly system: string; readonly tenantSetting: string };
  /** The change feed, which the methods of the same names below answer from. */
  readonly feed: ChangeFeed;

  constructor(
    readonly db: Database,
    readonly schema: string,
    options: StoreOptions = {},
  ) {
    const q = `"${schema}"`;
    this.table = {
      customers: `${q}.customers`,
      keys: `${q}.customer_keys`,
      requests: `${q}.requests`,
      activities: `${q}.activities`,
      changes: `${q}.changes`,
      idempotency: `${q}.idempotency`,
      fieldSets: `${q}.field_sets`,
      ingested: `${q}.ingested_events`,
    };
    this.fieldSets = new TenantFieldSetStore(this.table.fieldSets, options.fieldSets);
    this.baseFieldSets = options.fieldSets ?? BASE_FIELD_SET_REGISTRY;
    this.channel = `${schema}_changes`;
    this.roles = schemaRoles(schema);
    this.feed = new ChangeFeed(schema, this.table.changes, this.channel, this.roles.tenantSetting);
  }

  /**
   * Runs `work` in one transaction as the tenant of `ctx`: as the role that row-level security
   * holds to the rows of the tenant the transaction names, so that no query in it, filtered or
   * not, reads or writes another tenant's rows. Every request's work runs here.
   *
   * The role and the tenant are set in the round trip that begins the transaction, and `read`
   * asks for what the request needs to know first in that same round trip, after them (so as the
   * tenant): the version of its field sets and the change feed's head as it can see it.
   */
  transaction<T>(ctx: Pick<CallContext, 'tenant'>, work: (tx: Queryable, opened: Opened) => Promise<T>, read: { readonly fieldSets?: boolean; readonly head?: boolean } = {}): Promise<T> {
    const tenant = parseOrThrow(tenantSchema, ctx.tenant);
    // Both transaction-local: they end with the commit or the rollback, whatever the connection serves next.
    // Literals, not parameters: statements sent together take none (the tenant is checked text, quoted by sqlLiteral).
    const setting = `SELECT set_config('role', ${sqlLiteral(this.roles.app)}, true), set_config(${sqlLiteral(this.roles.tenantSetting)}, ${sqlLiteral(tenant)}, true)`;
    const columns: string[] = [];
    if (read.fieldSets) columns.push(`(SELECT coalesce(max(version), 0) FROM ${this.table.fieldSets})::int AS field_sets`);
    if (read.head) columns.push(`${this.feed.headOf(sqlLiteral(this.roles.tenantSetting))} AS head`);
    const opening = columns.length ? `${setting}; SELECT ${columns.join(', ')}` : setting;
    return this.db.transactionOpening<T, { field_sets?: number | string; head?: string }>(opening, (tx, rows) => {
      const row = columns.length ? rows[0] : undefined;
      return work(tx, {
        ...(row?.field_sets === undefined ? {} : { fieldSetVersion: Number(row.field_sets) }),
        ...(row?.head === undefined ? {} : { head: Number(row.head) }),
      });
    });
  }

  /**
   * Runs `work` in one transaction as the server's background role: it reads every tenant's
   * change feed (to fan it out) and deletes expired idempotency keys; it sees nothing else.
   */
  systemTransaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT set_config($1, $2, true)', ['role', this.roles.system]);
      return work(tx);
    });
  }

  /**
   * Refuses to serve when a role that must be held to row-level security is not: a superuser or
   * a role with BYPASSRLS ignores the policies, and tenants would see each other's data.
   */
  async assertRolesConfined(): Promise<void> {
    const { rows } = await this.db.query<{ rolname: string; unsafe: boolean }>(
      'SELECT rolname, rolsuper OR rolbypassrls AS unsafe FROM pg_roles WHERE rolname = $1 OR rolname = $2',
      [this.roles.app, this.roles.system],
    );
    for (const name of [this.roles.app, this.roles.system]) {
      const row = rows.find((candidate) => candidate.rolname === name);
      if (!row) throw new Error(`The database role ${name} is missing: the migrations create it`);
      if (row.unsafe) throw new Error(`The database role ${name} is a superuser or has BYPASSRLS: tenants would see each other's data`);
    }
  }

  /**
   * The field sets in force for `tenant`: the base sets and the tenant's own (which fields are
   * sensitive, among others); `version`, when the transaction has read it already (`Opened`).
   */
  async registryFor(tx: Queryable, tenant: string, version?: number): Promise<FieldSetRegistry> {
    return (await this.fieldSets.registry(tx, tenant, version)) ?? this.baseFieldSets;
  }

  /** How the tenant's input is read: its region's phone numbers, the base field sets and the tenant's own. */
  async parseContext(tx: Queryable, ctx: CallContext): Promise<ParseContext> {
    const [phone, fieldSets] = await Promise.all([loadPhoneNormaliser(ctx.region), this.fieldSets.registry(tx, ctx.tenant)]);
    return { phone, ...(fieldSets ? { fieldSets } : {}) };
  }

  // ---- customers

  /** The customers whose lookup keys match the query, best first (server/customer-lookup.ts). */
  findCustomers(tx: Queryable, ctx: CallContext, input: { query: unknown; limit: unknown }): Promise<CustomerMatch[]> {
    return lookup.findCustomers(tx, ctx, this, input);
  }

  async getCustomer(tx: Queryable, ctx: CallContext, id: string, forUpdate = false): Promise<Customer> {
    assertIdText(id, 'customer');
    const { rows } = await tx.query<{ doc: string }>(
      `SELECT doc FROM ${this.table.customers} WHERE lab = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
      [ctx.lab, id],
    );
    if (!rows[0]) throw new NotFoundError('customer', id);
    return JSON.parse(rows[0].doc) as Customer;
  }

  async createCustomer(tx: Queryable, ctx: CallContext, input: unknown): Promise<Customer> {
    const parsed = parseOrThrow(customerInputSchema, input);
    const context = await this.parseContext(tx, ctx);
    const customer = newCustomer(parsed, context);
    const inserted = await tx.query(
      `INSERT INTO ${this.table.customers} (lab, id, doc) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING id`,
      [ctx.lab, customer.id, JSON.stringify(customer)],
    );
    if (!inserted.rows.length) {
      const existing = await this.getCustomer(tx, ctx, customer.id);
      throw new ConflictError(`A customer with id "${customer.id}" already exists`, existing);
    }
    await this.writeKeys(tx, ctx, customer);
    return customer;
  }

  async updateCustomer(tx: Queryable, ctx: CallContext, id: string, patch: unknown): Promise<Customer> {
    assertIdText(id, 'customer');
    const change = parseOrThrow(customerPatchSchema, patch);
    const context = await this.parseContext(tx, ctx);
    const current = await this.getCustomer(tx, ctx, id, true);
    const next = patchedRecord('customer', current, change, context);
    await tx.query(`UPDATE ${this.table.customers} SET doc = $3 WHERE lab = $1 AND id = $2`, [ctx.lab, id, JSON.stringify(next)]);
    await tx.query(`DELETE FROM ${this.table.keys} WHERE lab = $1 AND customer_id = $2`, [ctx.lab, id]);
    await this.writeKeys(tx, ctx, next);
    return next;
  }

  async deleteCustomer(tx: Queryable, ctx: CallContext, id: string): Promise<void> {
    assertLabMode(ctx);
    assertIdText(id, 'customer');
    await this.getCustomer(tx, ctx, id, true);
    const { rows } = await tx.query<{ id: string }>(
      `DELETE FROM ${this.table.activities} WHERE lab = $1 AND customer_id = $2 RETURNING id`,
      [ctx.lab, id],
    );
    await tx.query(`DELETE FROM ${this.table.requests} WHERE lab = $1 AND customer_id = $2`, [ctx.lab, id]);
    await tx.query(`DELETE FROM ${this.table.keys} WHERE lab = $1 AND customer_id = $2`, [ctx.lab, id]);
    await tx.query(`DELETE FROM ${this.table.customers} WHERE lab = $1 AND id = $2`, [ctx.lab, id]);
    for (const row of rows) await this.recordChange(tx, ctx, { kind: 'deleted', customerId: id, activityId: row.id });
  }

  // ---- activities (server/activities.ts)

  listActivities(tx: Queryable, ctx: CallContext, customerId: string, query: ListActivitiesQuery): Promise<ActivityPage> {
    return activities.listActivities(tx, ctx, this, customerId, query);
  }

  getActivity(tx: Queryable, ctx: CallContext, id: string, forUpdate = false): Promise<Activity> {
    return activities.getActivity(tx, ctx, this, id, forUpdate);
  }

  createActivity(tx: Queryable, ctx: CallContext, input: unknown): Promise<Activity> {
    return activities.createActivity(tx, ctx, this, input);
  }

  updateActivity(tx: Queryable, ctx: CallContext, id: string, patch: unknown): Promise<Activity> {
    return activities.updateActivity(tx, ctx, this, id, patch);
  }

  deleteActivity(tx: Queryable, ctx: CallContext, id: string): Promise<void> {
    return activities.deleteActivity(tx, ctx, this, id);
  }

  // ---- requests

  async getRequest(tx: Queryable, ctx: CallContext, id: string): Promise<Request> {
    assertIdText(id, 'request');
    const { rows } = await tx.query<{ doc: string }>(`SELECT doc FROM ${this.table.requests} WHERE lab = $1 AND id = $2`, [ctx.lab, id]);
    if (!rows[0]) throw new NotFoundError('request', id);
    return JSON.parse(rows[0].doc) as Request;
  }

  async createRequest(tx: Queryable, ctx: CallContext, input: unknown): Promise<Request> {
    const parsed = parseOrThrow(requestInputSchema, input);
    const context = await this.parseContext(tx, ctx);
    const request = newRequest(parsed, context);
    const owner = await tx.query(`SELECT 1 FROM ${this.table.customers} WHERE lab = $1 AND id = $2 FOR SHARE`, [ctx.lab, request.customerId]);
    if (!owner.rows.length) throw new InvalidInputError([{ path: 'customerId', message: `No customer with id "${request.customerId}"` }]);
    const inserted = await tx.query(
      `INSERT INTO ${this.table.requests} (lab, id, customer_id, last_updated, doc) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id`,
      [ctx.lab, request.id, request.customerId, request.lastUpdated, JSON.stringify(request)],
    );
    if (!inserted.rows.length) throw new ConflictError(`A request with id "${request.id}" already exists`, await this.getRequest(tx, ctx, request.id));
    return request;
  }

  /** Not in ContextBackend: the API's update of a request (a case), with the customer's patch shape and rules. */
  async updateRequest(tx: Queryable, ctx: CallContext, id: string, patch: unknown): Promise<Request> {
    assertIdText(id, 'request');
    const change = parseOrThrow(customerPatchSchema, patch);
    const context = await this.parseContext(tx, ctx);
    const { rows } = await tx.query<{ doc: string }>(`SELECT doc FROM ${this.table.requests} WHERE lab = $1 AND id = $2 FOR UPDATE`, [ctx.lab, id]);
    if (!rows[0]) throw new NotFoundError('request', id);
    const current = JSON.parse(rows[0].doc) as Request;
    const next = patchedRecord('request', current, change, context);
    await tx.query(`UPDATE ${this.table.requests} SET doc = $3, last_updated = $4 WHERE lab = $1 AND id = $2`, [ctx.lab, id, JSON.stringify(next), next.lastUpdated]);
    return next;
  }

  /** Not in ContextBackend: deletes a request in lab mode, once no activity belongs to it any more. */
  async deleteRequest(tx: Queryable, ctx: CallContext, id: string): Promise<void> {
    assertLabMode(ctx);
    assertIdText(id, 'request');
    const { rows } = await tx.query<{ customer_id: string }>(`SELECT customer_id FROM ${this.table.requests} WHERE lab = $1 AND id = $2 FOR UPDATE`, [ctx.lab, id]);
    if (!rows[0]) throw new NotFoundError('request', id);
    const journey = await tx.query<{ doc: string }>(`SELECT doc FROM ${this.table.activities} WHERE lab = $1 AND customer_id = $2`, [ctx.lab, rows[0].customer_id]);
    const members = journey.rows.filter((row) => (JSON.parse(row.doc) as Activity).requestId === id).length;
    if (members) {
      throw new InvalidInputError([{ path: 'id', message: `${members} activit${members === 1 ? 'y belongs' : 'ies belong'} to this request: move or delete them first` }]);
    }
    await tx.query(`DELETE FROM ${this.table.requests} WHERE lab = $1 AND id = $2`, [ctx.lab, id]);
  }

  async listRequests(tx: Queryable, ctx: CallContext, customerId: string): Promise<Request[]> {
    const { rows } = await tx.query<{ doc: string }>(
      `SELECT doc FROM ${this.table.requests} WHERE lab = $1 AND customer_id = $2 ORDER BY last_updated DESC, id`,
      [ctx.lab, customerId],
    );
    return rows.map((row) => JSON.parse(row.doc) as Request);
  }

  // ---- the change feed (server/change-feed.ts)

  /** The newest change number a tenant's transaction can see, never below the feed's pruned point. */
  head(tx: Queryable): Promise<number> {
    return this.feed.head(tx);
  }

  /** The newest change number of every tenant, for the system's transaction (the fan-out), never below a pruned point. */
  feedHead(tx: Queryable): Promise<number> {
    return this.feed.feedHead(tx);
  }

  /** Changes after `after` the transaction can see, oldest first, of the given customers (all when none are named). */
  changes(tx: Queryable, lab: boolean | undefined, after: number, customerIds: readonly string[], limit: number): Promise<FeedChange[]> {
    return this.feed.changes(tx, lab, after, customerIds, limit);
  }

  /** Appends a change and announces it, its number taken in commit order. */
  recordChange(tx: Queryable, ctx: CallContext, change: ActivityChange): Promise<number> {
    return this.feed.recordChange(tx, ctx, change);
  }

  /** Appends many changes in one statement, in the order given, and announces the last number. */
  recordChanges(tx: Queryable, ctx: CallContext, changes: readonly ActivityChange[]): Promise<void> {
    return this.feed.recordChanges(tx, ctx, changes);
  }

  // ---- internals

  /** Indexes the customer's lookup keys (its old ones deleted first by the caller; server/customer-lookup.ts). */
  writeKeys(tx: Queryable, ctx: CallContext, customer: Customer): Promise<void> {
    return lookup.writeKeys(tx, ctx, this, customer);
  }
}
