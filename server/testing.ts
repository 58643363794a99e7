/**
 * Reference servers for tests, in the test runner's own process: one in-memory PGlite shared by
 * every instance, each instance in a schema of its own (so each starts empty), or several
 * instances on one schema to prove that changes fan out between them. With DATABASE_URL set,
 * instances can run on that PostgreSQL server instead. Everything listens on 127.0.0.1 only.
 */
import { BASE_FIELD_SETS, FieldSetRegistry, parseOrganisationFieldSets } from '../src/model/index.js';
import { openPglite, openPostgres, type Database } from './db.js';
import { customerLookupKeys, type Customer } from '../src/model/index.js';
import { migrate, schemaRoles } from './migrations.js';
import { createDevIssuer, type DevIssuer } from './dev-issuer.js';
import { startFinesseStandIn, type FinesseStandIn, type FinesseStandInUser } from './finesse-stand-in.js';
import { runRetentionExclusively, retentionLock, type RetentionReport } from './retention.js';
import { startInstance, type Instance } from './server.js';
import type { TestServerOptions } from './test-options.js';

export type { TestServerOptions };

export type TestServerCommand =
  | ({ readonly action: 'start' } & TestServerOptions)
  | { readonly action: 'stop'; readonly id: string }
  | { readonly action: 'env' }
  /** Resolves once the first server has started and stopped: the server code loaded, PGlite open, the migrations run once. */
  | { readonly action: 'ready' }
  /** PostgreSQL only: ends the LISTEN connection of every instance on the server's schema, as a network failure would. */
  | { readonly action: 'break-listen'; readonly id: string }
  /**
   * Queries that forget their tenant, run through the store's transaction as `tenant`: the rows
   * each table shows, and whether a row of another tenant can be written.
   */
  | { readonly action: 'unfiltered'; readonly id: string; readonly tenant: string; readonly otherTenant: string }
  /**
   * Every row of every table in the server's schema (listed from pg_catalog, so a table added later
   * is in it too), each cast to text, read as the server's login: whether that login sees past
   * row-level security (a superuser does) is answered beside them.
   */
  | { readonly action: 'table-rows'; readonly id: string }
  /** Tries to change and to delete the tenant's erasure records as the request role (each refusal's message, or how many rows it touched). */
  | { readonly action: 'tamper-erasures'; readonly id: string; readonly tenant: string }
  /** A fresh schema with the migrations before tenants existed, and a customer, an activity and a change in it. */
  | { readonly action: 'legacy-schema'; readonly postgres?: boolean }
  /** The lines the server logged so far. */
  | { readonly action: 'log'; readonly id: string }
  /** Moves the clock of a server started with `clockAt` or a `rateLimit`. */
  | { readonly action: 'advance-clock'; readonly id: string; readonly ms: number }
  /** Makes every later customer write fail in the database (a check constraint that no row meets), as a broken query would. */
  | { readonly action: 'break-writes'; readonly id: string }
  /**
   * What restoring a backup looks like to clients: the server stops, the changes after `head` are
   * gone and their numbers will be given again, and the server starts again on the same port.
   */
  | { readonly action: 'restore'; readonly id: string; readonly head: number }
  /**
   * A request to a server from outside any browser, so with any header a browser would not let a
   * page set (Origin: null, a look-alike origin): what an attacker's own client can send.
   */
  | { readonly action: 'fetch'; readonly id: string; readonly path: string; readonly method?: string; readonly headers?: Record<string, string>; readonly body?: string }
  /** A stand-in Finesse that knows these users (server/finesse-stand-in.ts): answers its id and url. */
  | { readonly action: 'finesse-start'; readonly users: readonly FinesseStandInUser[] }
  /** How many requests a stand-in Finesse has answered. */
  | { readonly action: 'finesse-requests'; readonly id: string }
  | { readonly action: 'finesse-stop'; readonly id: string }
  /**
   * What the system role (the fan-out and the purge) can do: delete idempotency keys without a
   * filter (only expired ones go), and read customers (refused).
   */
  | { readonly action: 'system-role'; readonly id: string; readonly tenant: string }
  /** Gives a fresh schema's request role BYPASSRLS, starts a server on it and answers why it refused (the schema is dropped). */
  | { readonly action: 'bypass-role'; readonly postgres?: boolean }
  /**
   * One retention run (server/retention.ts) on the server's schema, its clock at `now` (default
   * the real time), `batchSize` rows per transaction; with `lockHeld`, while the retention lock is
   * already held, as by another server on the same database. Its summary goes to the server's log.
   */
  | { readonly action: 'retention'; readonly id: string; readonly now?: number; readonly batchSize?: number; readonly lockHeld?: boolean };

interface Running {
  instance: Instance;
  readonly schema: string;
  readonly db: Database;
  readonly options: TestServerOptions;
  readonly log: string[];
  /** The server's own clock, when a test moves time (see `start`). */
  readonly clock: { now: number } | undefined;
  readonly devIssuer: DevIssuer | undefined;
}

export class TestServers {
  private pglite: Promise<Database> | undefined;
  private postgres: Promise<Database> | undefined;
  private readonly running = new Map<string, Running>();
  private readonly finesse = new Map<string, FinesseStandIn>();
  private counter = 0;
  /**
   * Schemas this class made for a start without `schema`: when their last server stops they are
   * emptied and kept for the next start on the same database, which then skips the migrations
   * (a tenth of a second and more each, paid by most server tests) and the drop.
   */
  private readonly own = new Set<string>();
  /** Emptied schemas, per database, ready for a start. */
  private readonly spare = new Map<Database, string[]>();
  /** Schemas whose tables a test altered (`break-writes`): dropped, never used again. */
  private readonly altered = new Set<string>();

  async handle(command: TestServerCommand): Promise<unknown> {
    switch (command.action) {
      case 'start':
        return this.start(command);
      case 'stop':
        await this.stop(command.id);
        return { stopped: command.id };
      case 'env':
        return { postgres: Boolean(process.env['DATABASE_URL']) };
      case 'ready':
        await this.warmUp();
        return { ready: true };
      case 'break-listen': {
        const running = this.running.get(command.id);
        if (!running || running.db.kind !== 'postgresql') throw new Error(`No PostgreSQL server ${command.id}`);
        const { rows } = await running.db.query<{ ended: boolean }>(
          `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = current_database() AND query = $1`,
          [`LISTEN ${running.instance.store.channel}`],
        );
        return { ended: rows.filter((row) => row.ended).length };
      }
      case 'unfiltered':
        return this.unfiltered(command.id, command.tenant, command.otherTenant);
      case 'table-rows':
        return this.tableRows(command.id);
      case 'tamper-erasures': {
        const { store } = this.get(command.id).instance;
        const attempt = (sql: string) =>
          store.transaction({ tenant: command.tenant }, (tx) => tx.query(sql)).then(
            (result) => `changed ${result.rows.length}`,
            (error: unknown) => (error as Error).message,
          );
        return {
          update: await attempt(`UPDATE "${store.schema}".erasures SET erased_by = 'nobody' RETURNING id`),
          delete: await attempt(`DELETE FROM "${store.schema}".erasures RETURNING id`),
        };
      }
      case 'legacy-schema':
        return this.legacySchema(command.postgres ?? false);
      case 'log':
        return { lines: [...this.get(command.id).log] };
      case 'advance-clock': {
        const { clock } = this.get(command.id);
        if (!clock) throw new Error(`No server ${command.id} with a clock of its own`);
        clock.now += command.ms;
        return { now: clock.now };
      }
      case 'break-writes': {
        const { instance, schema } = this.get(command.id);
        this.altered.add(schema);
        await instance.store.db.query(`ALTER TABLE ${instance.store.table.customers} ADD CONSTRAINT broken CHECK (false) NOT VALID`);
        return { broken: true };
      }
      case 'restore':
        await this.restore(command.id, command.head);
        return { head: command.head };
      case 'fetch': {
        const response = await fetch(`${this.get(command.id).instance.url}${command.path}`, {
          method: command.method ?? 'GET',
          headers: command.headers ?? {},
          ...(command.body === undefined ? {} : { body: command.body }),
        });
        const isStream = response.headers.get('Content-Type')?.startsWith('text/event-stream') ?? false;
        const body = isStream ? '' : await response.text();
        if (isStream) await response.body?.cancel();
        return { status: response.status, headers: Object.fromEntries(response.headers), body };
      }
      case 'finesse-start': {
        const standIn = await startFinesseStandIn(command.users);
        const id = `finesse-${(this.counter += 1)}`;
        this.finesse.set(id, standIn);
        return { id, url: standIn.url };
      }
      case 'finesse-requests': {
        const standIn = this.finesse.get(command.id);
        if (!standIn) throw new Error(`No stand-in Finesse ${command.id}`);
        return { requests: standIn.requests() };
      }
      case 'finesse-stop':
        await this.finesse.get(command.id)?.close();
        this.finesse.delete(command.id);
        return { stopped: command.id };
      case 'system-role':
        return this.systemRole(command.id, command.tenant);
      case 'bypass-role':
        return this.bypassRole(command.postgres ?? false);
      case 'retention':
        return this.retention(command);
    }
  }

  private get(id: string): Running {
    const running = this.running.get(id);
    if (!running) throw new Error(`No test server ${id}`);
    return running;
  }

  private async restore(id: string, head: number): Promise<void> {
    const running = this.get(id);
    const { port } = running.instance;
    await running.instance.close();
    const { changes } = running.instance.store.table;
    await running.db.query(`DELETE FROM ${changes} WHERE seq > $1`, [head]);
    await running.db.query(`SELECT setval(pg_get_serial_sequence('${changes}', 'seq'), $1, $2)`, [Math.max(head, 1), head > 0]);
    running.instance = await this.serially(running.db, () => this.startOn(running, port));
  }

  private async unfiltered(id: string, tenant: string, otherTenant: string): Promise<unknown> {
    const running = this.running.get(id);
    if (!running) throw new Error(`No server ${id}`);
    const { store } = running.instance;
    const counts: Record<string, number> = {};
    const role = await store.transaction({ tenant }, async (tx) => {
      for (const [name, table] of Object.entries(store.table)) {
        const { rows } = await tx.query<{ count: string }>(`SELECT count(*)::text AS count FROM ${table}`);
        counts[name] = Number(rows[0]!.count);
      }
      const { rows } = await tx.query<{ role: string; confined: boolean }>(
        'SELECT current_user AS role, NOT (rolsuper OR rolbypassrls) AS confined FROM pg_roles WHERE rolname = current_user',
      );
      return rows[0];
    });
    const refusal = await store
      .transaction({ tenant }, (tx) => tx.query(`INSERT INTO ${store.table.customers} (tenant, lab, id, doc) VALUES ($1, false, 'planted', '{}')`, [otherTenant]))
      .then(
        () => undefined,
        (error: unknown) => (error as Error).message,
      );
    const planted = await store.transaction({ tenant: otherTenant }, (tx) => tx.query(`SELECT 1 FROM ${store.table.customers} WHERE id = 'planted'`));
    return { counts, role, refusal, planted: planted.rows.length };
  }

  private async tableRows(id: string): Promise<{ seesAll: boolean; tables: Record<string, string[]> }> {
    const { db, schema } = this.get(id);
    const { rows: login } = await db.query<{ sees_all: boolean }>('SELECT rolsuper OR rolbypassrls AS sees_all FROM pg_roles WHERE rolname = current_user');
    const { rows: names } = await db.query<{ name: string }>('SELECT tablename AS name FROM pg_catalog.pg_tables WHERE schemaname = $1 ORDER BY tablename', [schema]);
    const tables: Record<string, string[]> = {};
    for (const { name } of names) {
      const { rows } = await db.query<{ row: string }>(`SELECT t::text AS row FROM "${schema}"."${name.replaceAll('"', '""')}" t`);
      tables[name] = rows.map((row) => row.row);
    }
    return { seesAll: login[0]?.sees_all ?? false, tables };
  }

  /** Migrations 001–003 and rows written as the server wrote them then; the schema is dropped with the last server on it. */
  private async legacySchema(postgres: boolean): Promise<{ schema: string }> {
    const db = await this.database(postgres);
    const schema = `test_${process.pid}_legacy_${(this.counter += 1)}_${Math.random().toString(36).slice(2, 8)}`;
    await this.serially(db, async () => {
      await migrate(db, schema, '003-idempotency');
      const created = '2026-01-01T00:00:00.000Z';
      const customer: Customer = {
        id: 'legacy-1',
        state: 'active',
        tags: [],
        contributors: [],
        fieldsets: ['cisco.base.customer'],
        dataElements: { Context_First_Name: 'Lee', Context_Last_Name: 'Gacy' },
        created,
        lastUpdated: created,
        version: 1,
      };
      await db.query(`INSERT INTO "${schema}".customers (lab, id, doc) VALUES (false, $1, $2)`, [customer.id, JSON.stringify(customer)]);
      for (const key of customerLookupKeys(customer)) {
        await db.query(`INSERT INTO "${schema}".customer_keys (lab, key, customer_id) VALUES (false, $1, $2)`, [key, customer.id]);
      }
      await db.query(`INSERT INTO "${schema}".changes (lab, kind, customer_id, activity_id) VALUES (false, 'deleted', $1, 'gone-1')`, [customer.id]);
    });
    // Dropped when the last server started on it stops.
    return { schema };
  }

  private async systemRole(id: string, tenant: string): Promise<unknown> {
    const running = this.running.get(id);
    if (!running) throw new Error(`No server ${id}`);
    const { store } = running.instance;
    await store.transaction({ tenant }, (tx) =>
      tx.query(
        `INSERT INTO ${store.table.idempotency} (lab, key, fingerprint, status, created) VALUES (false, 'expired', '-', 204, now() - interval '2 days'), (false, 'fresh', '-', 204, now())`,
      ),
    );
    const deleted = await store.systemTransaction((tx) => tx.query<{ key: string }>(`DELETE FROM ${store.table.idempotency} RETURNING key`));
    const left = await store.transaction({ tenant }, (tx) => tx.query<{ key: string }>(`SELECT key FROM ${store.table.idempotency} ORDER BY key`));
    const customers = await store.systemTransaction((tx) => tx.query(`SELECT count(*) FROM ${store.table.customers}`)).then(
      () => 'read',
      (error: unknown) => (error as Error).message,
    );
    return { deleted: deleted.rows.map((row) => row.key), left: left.rows.map((row) => row.key), customers };
  }

  private async retention(command: Extract<TestServerCommand, { action: 'retention' }>): Promise<RetentionReport | { skipped: true }> {
    const { instance, log } = this.get(command.id);
    const { store } = instance;
    const run = async () =>
      (await runRetentionExclusively(store, {
        log: (line) => log.push(line),
        ...(command.now === undefined ? {} : { now: () => command.now! }),
        ...(command.batchSize === undefined ? {} : { batchSize: command.batchSize }),
      })) ?? { skipped: true as const };
    if (!command.lockHeld) return run();
    const held = await store.db.tryLock(retentionLock(store), run);
    if (!held) throw new Error('The retention lock was held already');
    return held;
  }

  private async bypassRole(postgres: boolean): Promise<{ refused?: string }> {
    const db = await this.database(postgres);
    const schema = `test_${process.pid}_bypass_${(this.counter += 1)}_${Math.random().toString(36).slice(2, 8)}`;
    return this.serially(db, async () => {
      try {
        // Set-up failures are the test's, not a refusal: only the server's start is asked.
        await migrate(db, schema);
        await db.query(`ALTER ROLE "${schemaRoles(schema).app}" BYPASSRLS`);
        let instance: Instance;
        try {
          instance = await startInstance({ db, schema, host: '127.0.0.1', port: 0 });
        } catch (error) {
          return { refused: (error as Error).message };
        }
        await instance.close();
        return {};
      } finally {
        await dropSchema(db, schema);
      }
    });
  }

  private warming: Promise<void> | undefined;

  /**
   * Starts and stops one server, once: what the first start of a run costs (seconds, more on a
   * busy machine) is paid here, before any test's own start, which then takes milliseconds.
   */
  warmUp(): Promise<void> {
    this.warming ??= this.start({}).then(({ id }) => this.stop(id));
    return this.warming;
  }

  /** Schema work (migrations, drops) on each database, one at a time: concurrent DDL on PostgreSQL can deadlock. */
  private readonly ddl = new Map<Database, Promise<unknown>>();

  private serially<T>(db: Database, work: () => Promise<T>): Promise<T> {
    const result = (this.ddl.get(db) ?? Promise.resolve()).then(work);
    this.ddl.set(db, result.catch(() => undefined));
    return result;
  }

  async start(options: TestServerOptions): Promise<{ id: string; url: string; schema: string }> {
    const db = await this.database(options.postgres ?? false);
    // Taken before any await: starts run concurrently (two test files at a time), and an id read
    // from the counter after one would be another start's too.
    const number = (this.counter += 1);
    const id = `server-${number}`;
    const schema = options.schema ?? this.spare.get(db)?.pop() ?? `test_${process.pid}_${number}_${Math.random().toString(36).slice(2, 8)}`;
    if (options.schema === undefined) this.own.add(schema);
    // A schema named again after its last server stopped is that test's, not the next start's.
    else this.spare.set(db, (this.spare.get(db) ?? []).filter((spare) => spare !== schema));
    // A clock of its own (standing still until `advance-clock`) for tests of time: token expiry,
    // credential caches, the rate limit. Otherwise the server reads the real time.
    const clock = options.clockAt !== undefined || options.rateLimit !== undefined || options.signInLimit !== undefined ? { now: options.clockAt ?? Date.now() } : undefined;
    const devIssuer = options.devIssuer ? await createDevIssuer(clock ? () => clock.now : Date.now) : undefined;
    const running = { schema, db, options, log: [] as string[], clock, devIssuer };
    const instance = await this.serially(db, () => this.startOn(running, 0));
    this.running.set(id, { ...running, instance });
    return { id, url: instance.url, schema };
  }

  private startOn(running: Omit<Running, 'instance'>, port: number): Promise<Instance> {
    const { options, log, clock, devIssuer } = running;
    const fieldSets =
      options.fieldSets === undefined ? undefined : new FieldSetRegistry([...BASE_FIELD_SETS, ...parseOrganisationFieldSets(options.fieldSets)]);
    return startInstance({
      db: running.db,
      schema: running.schema,
      host: '127.0.0.1',
      port,
      lab: options.lab ?? true,
      faults: options.faults ?? true,
      allowedOrigins: options.allowedOrigins ?? [],
      log: (line) => log.push(line),
      ...(clock ? { now: () => clock.now } : {}),
      ...(options.auth === undefined && options.token === undefined
        ? {}
        : { auth: { ...options.auth, ...(options.token === undefined ? {} : { token: options.token }) } }),
      ...(devIssuer ? { devIssuer } : {}),
      ...(fieldSets ? { fieldSets } : {}),
      ...(options.replayLimit === undefined ? {} : { replayLimit: options.replayLimit }),
      ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
      ...(options.bodyLimitBytes === undefined ? {} : { bodyLimitBytes: options.bodyLimitBytes }),
      ...(options.tenantHeader ? { testTenantHeader: true } : {}),
      ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
      ...(options.signInLimit === undefined ? {} : { signInLimit: options.signInLimit }),
      ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    });
  }

  async stop(id: string): Promise<void> {
    const running = this.running.get(id);
    if (!running) return;
    this.running.delete(id);
    await running.instance.close();
    // The last instance on a schema takes its data with it.
    if (![...this.running.values()].some((other) => other.schema === running.schema && other.db === running.db)) {
      await this.serially(running.db, () => this.release(running.db, running.schema));
    }
  }

  /** Empties a schema this class made and keeps it for the next start; drops any other, or one it cannot empty. */
  private async release(db: Database, schema: string): Promise<void> {
    if (this.own.has(schema) && !this.altered.has(schema) && (await emptySchema(db, schema))) {
      this.spare.set(db, [...(this.spare.get(db) ?? []), schema]);
      return;
    }
    this.own.delete(schema);
    this.altered.delete(schema);
    await dropSchema(db, schema);
  }

  async closeAll(): Promise<void> {
    for (const id of [...this.running.keys()]) await this.stop(id).catch(() => undefined);
    for (const standIn of this.finesse.values()) await standIn.close().catch(() => undefined);
    this.finesse.clear();
    for (const [db, schemas] of this.spare) for (const schema of schemas) await dropSchema(db, schema).catch(() => undefined);
    this.spare.clear();
    for (const db of [this.pglite, this.postgres]) await (await db?.catch(() => undefined))?.close();
  }

  private database(postgres: boolean): Promise<Database> {
    if (postgres) {
      const url = process.env['DATABASE_URL'];
      if (!url) return Promise.reject(new Error('DATABASE_URL is not set'));
      this.postgres ??= openPostgres(url);
      return this.postgres;
    }
    this.pglite ??= openPglite();
    return this.pglite;
  }
}

/**
 * Empties every table of a test schema but its migrations, sequences back at their start, as a
 * freshly migrated schema is. False, and nothing changed, when a table cannot be had at once (a
 * query a test left running in it): the schema is then dropped instead.
 */
async function emptySchema(db: Database, schema: string): Promise<boolean> {
  const { rows } = await db.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_catalog.pg_tables WHERE schemaname = $1 AND tablename <> 'migrations' ORDER BY tablename",
    [schema],
  );
  if (!rows.length) return false;
  const tables = rows.map(({ name }) => `"${schema}"."${name.replaceAll('"', '""')}"`).join(', ');
  try {
    await db.transaction(async (tx) => {
      if (db.kind === 'postgresql') await tx.query("SET LOCAL lock_timeout = '2s'");
      await tx.query(`TRUNCATE ${tables} RESTART IDENTITY CASCADE`);
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Drops a test schema. On PostgreSQL a query another test left running in it (a write the
 * client gave up on) can deadlock with the drop; the drop is then tried again.
 */
async function dropSchema(db: Database, schema: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      // Roles belong to the whole database server: the schema's go with it.
      const { app, system } = schemaRoles(schema);
      for (const role of [app, system]) {
        await db.query(`DROP ROLE IF EXISTS "${role}"`);
      }
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== '40P01' || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}
