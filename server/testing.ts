/**
 * Reference servers for tests, in the test runner's own process: one in-memory PGlite shared by
 * every instance, each instance in a schema of its own (so each starts empty), or several
 * instances on one schema to prove that changes fan out between them. With DATABASE_URL set,
 * instances can run on that PostgreSQL server instead. Everything listens on 127.0.0.1 only.
 */
import { BASE_FIELD_SETS, FieldSetRegistry, parseOrganisationFieldSets } from '../src/model/index.js';
import { openPglite, openPostgres, type Database } from './db.js';
import { createDevIssuer } from './dev-issuer.js';
import { startFinesseStandIn, type FinesseStandIn, type FinesseStandInUser } from './finesse-stand-in.js';
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
  /** Moves the clock of a server started with `clockAt`. */
  | { readonly action: 'advance-clock'; readonly id: string; readonly ms: number }
  /** A stand-in Finesse that knows these users (server/finesse-stand-in.ts): answers its id and url. */
  | { readonly action: 'finesse-start'; readonly users: readonly FinesseStandInUser[] }
  /** How many requests a stand-in Finesse has answered. */
  | { readonly action: 'finesse-requests'; readonly id: string }
  | { readonly action: 'finesse-stop'; readonly id: string };

interface Running {
  readonly instance: Instance;
  readonly clock: { at: number } | undefined;
  readonly schema: string;
  readonly db: Database;
}

export class TestServers {
  private pglite: Promise<Database> | undefined;
  private postgres: Promise<Database> | undefined;
  private readonly running = new Map<string, Running>();
  private readonly finesse = new Map<string, FinesseStandIn>();
  private counter = 0;

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
      case 'advance-clock': {
        const clock = this.running.get(command.id)?.clock;
        if (!clock) throw new Error(`No server ${command.id} with a clock of its own`);
        clock.at += command.ms;
        return { at: clock.at };
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
    }
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
    const schema = options.schema ?? `test_${process.pid}_${number}_${Math.random().toString(36).slice(2, 8)}`;
    const clock = options.clockAt === undefined ? undefined : { at: options.clockAt };
    const devIssuer = options.devIssuer ? await createDevIssuer(clock ? () => clock.at : Date.now) : undefined;
    const fieldSets =
      options.fieldSets === undefined ? undefined : new FieldSetRegistry([...BASE_FIELD_SETS, ...parseOrganisationFieldSets(options.fieldSets)]);
    const instance = await this.serially(db, () => startInstance({
      db,
      schema,
      host: '127.0.0.1',
      port: 0,
      lab: options.lab ?? true,
      faults: options.faults ?? true,
      ...(options.token === undefined ? {} : { token: options.token }),
      ...(options.auth === undefined ? {} : { auth: options.auth }),
      ...(devIssuer ? { devIssuer } : {}),
      ...(fieldSets ? { fieldSets } : {}),
      ...(clock ? { now: () => clock.at } : {}),
      ...(options.replayLimit === undefined ? {} : { replayLimit: options.replayLimit }),
      ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
      ...(options.bodyLimitBytes === undefined ? {} : { bodyLimitBytes: options.bodyLimitBytes }),
    }));
    this.running.set(id, { instance, schema, db, clock });
    return { id, url: instance.url, schema };
  }

  async stop(id: string): Promise<void> {
    const running = this.running.get(id);
    if (!running) return;
    this.running.delete(id);
    await running.instance.close();
    // The last instance on a schema takes its data with it.
    if (![...this.running.values()].some((other) => other.schema === running.schema && other.db === running.db)) {
      await this.serially(running.db, () => dropSchema(running.db, running.schema));
    }
  }

  async closeAll(): Promise<void> {
    for (const id of [...this.running.keys()]) await this.stop(id).catch(() => undefined);
    for (const standIn of this.finesse.values()) await standIn.close().catch(() => undefined);
    this.finesse.clear();
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
 * Drops a test schema. On PostgreSQL a query another test left running in it (a write the
 * client gave up on) can deadlock with the drop; the drop is then tried again.
 */
async function dropSchema(db: Database, schema: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== '40P01' || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}
