/**
 * The one small query interface the server's storage runs on: PGlite (embedded PostgreSQL, in
 * memory or in a data directory) or a real PostgreSQL server through `pg`. Both speak the same
 * SQL, so the schema, the migrations and every query are written once.
 */
import { PGlite, type Transaction } from '@electric-sql/pglite';
import pg from 'pg';

export interface QueryResult<Row> {
  readonly rows: Row[];
}

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
}

export interface Database extends Queryable {
  /** 'pglite' or 'postgresql': shown by /v1/status. */
  readonly kind: 'pglite' | 'postgresql';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * As `transaction`, its first statements, `opening` (SQL whose values are literals, see
   * `sqlLiteral`; several statements allowed), sent with BEGIN in one round trip; `work` gets the
   * rows of the opening's last statement.
   */
  transactionOpening<T, Row = Record<string, unknown>>(opening: string, work: (tx: Queryable, rows: Row[]) => Promise<T>): Promise<T>;
  /** Calls `onNotify` for each NOTIFY on `channel` (a lower-case identifier); resolves to a stop function. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /**
   * Runs `work` holding the lock `name`, unless someone holds it already: then resolves to
   * undefined at once. On PostgreSQL a session advisory lock, so one holder among every process on
   * the database; on PGlite, one among the users of this database object.
   */
  tryLock<T>(name: string, work: () => Promise<T>): Promise<T | undefined>;
  close(): Promise<void>;
}

/**
 * A value as an SQL string literal, for statements that cannot take parameters (several in one
 * round trip): quotes doubled, and backslashes doubled in the E'' form, so that no setting of
 * standard_conforming_strings reads it otherwise. NUL cannot be in a PostgreSQL string: refused.
 */
export function sqlLiteral(value: string): string {
  if (value.includes('\u0000')) throw new RangeError('A string literal cannot hold NUL');
  const quoted = value.replaceAll("'", "''");
  return value.includes('\\') ? `E'${quoted.replaceAll('\\', '\\\\')}'` : `'${quoted}'`;
}

/** Connections a PostgreSQL pool holds at most, unless the server is told otherwise (`--pool-size`, CC_POOL_SIZE). */
export const DEFAULT_POOL_SIZE = 20;

/** The first key of every session lock `tryLock` takes (the second is its name's hash). */
const SESSION_LOCKS = 0x4343;

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

function assertChannel(channel: string): void {
  if (!CHANNEL.test(channel)) throw new Error(`Not a channel name: ${channel}`);
}

/**
 * The embedded server's own buffer cache. PostgreSQL's default (128 MB) is sized for a machine of
 * its own; the embedded one serves one team beside the operating system's file cache, and this
 * takes a third from the process's memory (about 300 MB down to 170 MB once open).
 */
const PGLITE_CONF = ['shared_buffers=16MB'];

/** Embedded PostgreSQL: `dataDir` for a file-backed database, none for one in memory. */
export async function openPglite(dataDir?: string): Promise<Database> {
  const db = await PGlite.create({ ...(dataDir === undefined ? {} : { dataDir }), postgresqlconf: PGLITE_CONF });
  return pgliteDatabase(db, true);
}

function wrapTransaction(tx: Transaction): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await tx.query<Row>(sql, [...params]);
      return { rows: result.rows };
    },
  };
}

/** Wraps a PGlite instance; `owned` says whether close() closes it too (a shared test database is not). */
export function pgliteDatabase(db: PGlite, owned: boolean): Database {
  const stops = new Set<() => Promise<void>>();
  const locks = new Set<string>();
  return {
    kind: 'pglite',
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await db.query<Row>(sql, [...params]);
      return { rows: result.rows };
    },
    transaction<T>(work: (tx: Queryable) => Promise<T>) {
      return db.transaction((tx) => work(wrapTransaction(tx)));
    },
    transactionOpening<T, Row>(opening: string, work: (tx: Queryable, rows: Row[]) => Promise<T>) {
      return db.transaction(async (tx) => {
        const results = await tx.exec(opening);
        return work(wrapTransaction(tx), (results.at(-1)?.rows ?? []) as Row[]);
      });
    },
    async listen(channel, onNotify) {
      assertChannel(channel);
      const unlisten = await db.listen(channel, onNotify);
      const stop = async () => {
        if (!stops.delete(stop)) return;
        await unlisten();
      };
      stops.add(stop);
      return stop;
    },
    async tryLock(name, work) {
      if (locks.has(name)) return undefined;
      locks.add(name);
      try {
        return await work();
      } finally {
        locks.delete(name);
      }
    },
    async close() {
      for (const stop of [...stops]) await stop().catch(() => undefined);
      if (owned) await db.close();
    },
  };
}

/** A real PostgreSQL server, e.g. `postgres://user:pass@127.0.0.1:5432/context`. */
export async function openPostgres(connectionString: string, options: { poolSize?: number | undefined } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: options.poolSize ?? DEFAULT_POOL_SIZE });
  // An idle connection the server closed (a restart, a failover) must not take the process down.
  pool.on('error', (error) => console.error('PostgreSQL connection lost:', error.message));
  // Checks the address and the credentials now, not at the first request.
  await pool.query('SELECT 1');
  const listeners = new Set<pg.PoolClient>();
  const wrap = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query(sql, [...params]);
      return { rows: result.rows as Row[] };
    },
  });
  const transactionOpening = async <T, Row>(opening: string, work: (tx: Queryable, rows: Row[]) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      // One round trip: BEGIN and the opening go as one simple query (no parameters), answered by one result each.
      const answer = (await client.query(opening ? `BEGIN; ${opening}` : 'BEGIN')) as unknown as pg.QueryResult | pg.QueryResult[];
      const rows = (Array.isArray(answer) ? (answer.at(-1)?.rows ?? []) : []) as Row[];
      const result = await work(wrap(client), rows);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  return {
    kind: 'postgresql',
    ...wrap(pool),
    transaction: <T>(work: (tx: Queryable) => Promise<T>) => transactionOpening('', (tx) => work(tx)),
    transactionOpening,
    async listen(channel, onNotify) {
      assertChannel(channel);
      // LISTEN holds a connection of its own for as long as it listens. When that connection
      // breaks, a new one listens again and `onNotify('')` makes the listener catch up on what
      // it may have missed meanwhile.
      let client: pg.PoolClient | undefined;
      let stopped = false;
      // A pooled connection outlives this listener: its handlers go when it is handed back.
      const handlers = new Map<pg.PoolClient, () => void>();
      const detach = (connection: pg.PoolClient) => {
        handlers.get(connection)?.();
        handlers.delete(connection);
      };
      const open = async (): Promise<void> => {
        const next = await pool.connect();
        const onNotification = (message: pg.Notification) => {
          if (message.channel === channel) onNotify(message.payload ?? '');
        };
        const onError = () => reopen(next);
        next.on('notification', onNotification);
        next.on('error', onError);
        handlers.set(next, () => {
          next.off('notification', onNotification);
          next.off('error', onError);
        });
        await next.query(`LISTEN ${channel}`);
        client = next;
        listeners.add(next);
        if (stopped) await stop();
      };
      const reopen = (broken: pg.PoolClient) => {
        if (client !== broken) return;
        client = undefined;
        listeners.delete(broken);
        detach(broken);
        broken.release(true);
        if (stopped) return;
        const retry = () => {
          if (stopped) return;
          open().then(
            () => onNotify(''),
            () => setTimeout(retry, 1000),
          );
        };
        setTimeout(retry, 1000);
      };
      const stop = async () => {
        stopped = true;
        const current = client;
        client = undefined;
        if (!current || !listeners.delete(current)) return;
        await current.query(`UNLISTEN ${channel}`).catch(() => undefined);
        detach(current);
        current.release();
      };
      await open();
      return stop;
    },
    async tryLock(name, work) {
      // A session lock lives on one connection: it is held on this one, outside the pool's turns.
      // Two keys: a key space apart from the one-key transaction locks, whose names can come
      // from callers (Idempotency-Key), so no request can collide with it and wait on it.
      const client = await pool.connect();
      let broken = false;
      try {
        const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [SESSION_LOCKS, name]).catch((error: unknown) => {
          broken = true;
          throw error;
        });
        if (!rows[0]?.locked) return undefined;
        try {
          return await work();
        } finally {
          // A connection that cannot unlock is closed instead, which ends its session and the lock.
          await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [SESSION_LOCKS, name]).catch(() => (broken = true));
        }
      } finally {
        client.release(broken);
      }
    },
    async close() {
      for (const client of listeners) client.release();
      listeners.clear();
      await pool.end();
    },
  };
}

/** PGlite in `dataDir` (or memory when `memory`), unless `databaseUrl` names a PostgreSQL server. */
export function openDatabase(options: { databaseUrl?: string | undefined; dataDir?: string | undefined; memory?: boolean | undefined; poolSize?: number | undefined }): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, { poolSize: options.poolSize });
  return openPglite(options.memory ? undefined : options.dataDir);
}
