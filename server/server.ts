/**
 * One running server instance: a schema migrated on a database, its store, its change hub and its
 * HTTP listener. Several instances may share one database (and one schema): they hear each
 * other's changes through LISTEN/NOTIFY.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { loadPhoneNormaliser } from '../src/model/index.js';
import { createApp, type AppOptions } from './app.js';
import type { Database } from './db.js';
import { FaultHarness } from './faults.js';
import { ChangeHub } from './hub.js';
import { migrate } from './migrations.js';
import { Store, type StoreOptions } from './store.js';

export interface InstanceOptions extends Omit<AppOptions, 'store' | 'hub' | 'faults'>, StoreOptions {
  readonly db: Database;
  /** The PostgreSQL schema holding the tables (default `customer_context`). */
  readonly schema?: string;
  /** Enables the fault harness (/__faults). Never in production. */
  readonly faults?: boolean;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Whether close() closes the database too. */
  readonly ownsDatabase?: boolean;
  /** How long an idle keep-alive connection stays open (default 75 s). */
  readonly keepAliveMs?: number;
}

export interface Instance {
  readonly url: string;
  readonly port: number;
  readonly store: Store;
  readonly hub: ChangeHub;
  readonly faults: FaultHarness | undefined;
  close(): Promise<void>;
}

export const DEFAULT_SCHEMA = 'customer_context';
const PURGE_EVERY_MS = 3600_000;
/** The longest close() waits for requests still being handled. */
const DRAIN_MS = 10_000;
/** How long an idle keep-alive connection stays open. */
export const KEEP_ALIVE_MS = 75_000;

export async function startInstance(options: InstanceOptions): Promise<Instance> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  await migrate(options.db, schema);
  const store = new Store(options.db, schema, options.fieldSets ? { fieldSets: options.fieldSets } : {});
  await store.assertRolesConfined();
  // The first lookup must not pay for loading phone metadata.
  await loadPhoneNormaliser(options.region ?? 'US');
  const hub = new ChangeHub(store);
  await hub.start();
  const { faults: withFaults, keepAliveMs = KEEP_ALIVE_MS, ...appOptions } = options;
  const faults = withFaults ? new FaultHarness() : undefined;
  const app = createApp({ ...appOptions, store, hub, ...(faults ? { faults } : {}) });
  const host = options.host ?? '127.0.0.1';
  // Requests being handled: closing waits for them, so that no handler is still writing to the
  // database once close() has resolved (a test then drops its schema, a deployment its pool).
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const fetch: typeof app.fetch = async (request, ...rest) => {
    inFlight += 1;
    try {
      return await app.fetch(request, ...rest);
    } finally {
      inFlight -= 1;
      if (inFlight === 0) drained?.();
    }
  };
  const server = await new Promise<ServerType>((resolve, reject) => {
    const started = serve({ fetch, hostname: host, port: options.port ?? 8787 }, () => resolve(started));
    started.once('error', reject);
  });
  // Idle keep-alive connections stay open longer than clients keep theirs for reuse (browsers and
  // common pools reuse one for up to a minute): a server that closed first, at Node's 5 s, would
  // race a client sending on that connection, and the client's write would fail as a reset.
  if ('keepAliveTimeout' in server) {
    server.keepAliveTimeout = keepAliveMs;
    // Node requires the header deadline to outlast the keep-alive one.
    server.headersTimeout = keepAliveMs + 1000;
  }
  const port = (server.address() as AddressInfo).port;
  // Idempotency keys are remembered for a day (the system role may delete only older ones).
  const purge = () =>
    store
      .systemTransaction((tx) => tx.query(`DELETE FROM ${store.table.idempotency} WHERE created < now() - interval '1 day'`))
      .catch(() => undefined);
  const purger = setInterval(purge, PURGE_EVERY_MS);
  purger.unref();
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    store,
    hub,
    faults,
    close() {
      closing ??= (async () => {
        clearInterval(purger);
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Event streams never end by themselves.
          if ('closeAllConnections' in server) server.closeAllConnections();
        });
        if (inFlight > 0) {
          await new Promise<void>((resolve) => {
            drained = resolve;
            // A handler held up for longer (a fault's delay, a stuck query) is not waited for.
            setTimeout(resolve, DRAIN_MS).unref();
          });
        }
        await hub.close();
        if (options.ownsDatabase) await options.db.close();
      })();
      return closing;
    },
  };
}
