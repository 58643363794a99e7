/**
 * Reference servers for tests, in the test runner's own process: one in-memory PGlite shared by
 * every instance, each instance in a schema of its own (so each starts empty), or several
 * instances on one schema to prove that changes fan out between them. With DATABASE_URL set,
 * instances can run on that PostgreSQL server instead. Everything listens on 127.0.0.1 only.
 */
import { openPglite, openPostgres, type Database } from './db.js';
import { startInstance, type Instance } from './server.js';
import type { TestServerOptions } from './test-options.js';

export type { TestServerOptions };

export type TestServerCommand =
  | ({ readonly action: 'start' } & TestServerOptions)
  | { readonly action: 'stop'; readonly id: string }
  | { readonly action: 'env' }
  /** PostgreSQL only: ends the LISTEN connection of every instance on the server's schema, as a network failure would. */
  | { readonly action: 'break-listen'; readonly id: string };

interface Running {
  readonly instance: Instance;
  readonly schema: string;
  readonly db: Database;
}

export class TestServers {
  private pglite: Promise<Database> | undefined;
  private postgres: Promise<Database> | undefined;
  private readonly running = new Map<string, Running>();
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
      case 'break-listen': {
        const running = this.running.get(command.id);
        if (!running || running.db.kind !== 'postgresql') throw new Error(`No PostgreSQL server ${command.id}`);
        const { rows } = await running.db.query<{ ended: boolean }>(
          `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = current_database() AND query = $1`,
          [`LISTEN ${running.instance.store.channel}`],
        );
        return { ended: rows.filter((row) => row.ended).length };
      }
    }
  }

  async start(options: TestServerOptions): Promise<{ id: string; url: string; schema: string }> {
    const db = await this.database(options.postgres ?? false);
    this.counter += 1;
    const schema = options.schema ?? `test_${process.pid}_${this.counter}_${Math.random().toString(36).slice(2, 8)}`;
    const instance = await startInstance({
      db,
      schema,
      host: '127.0.0.1',
      port: 0,
      lab: options.lab ?? true,
      faults: options.faults ?? true,
      ...(options.token === undefined ? {} : { token: options.token }),
      ...(options.replayLimit === undefined ? {} : { replayLimit: options.replayLimit }),
      ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
      ...(options.bodyLimitBytes === undefined ? {} : { bodyLimitBytes: options.bodyLimitBytes }),
    });
    const id = `server-${this.counter}`;
    this.running.set(id, { instance, schema, db });
    return { id, url: instance.url, schema };
  }

  async stop(id: string): Promise<void> {
    const running = this.running.get(id);
    if (!running) return;
    this.running.delete(id);
    await running.instance.close();
    // The last instance on a schema takes its data with it.
    if (![...this.running.values()].some((other) => other.schema === running.schema && other.db === running.db)) {
      await running.db.query(`DROP SCHEMA IF EXISTS "${running.schema}" CASCADE`);
    }
  }

  async closeAll(): Promise<void> {
    for (const id of [...this.running.keys()]) await this.stop(id).catch(() => undefined);
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
