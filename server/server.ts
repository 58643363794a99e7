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

export async function startInstance(options: InstanceOptions): Promise<Instance> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  await migrate(options.db, schema);
  const store = new Store(options.db, schema, options.fieldSets ? { fieldSets: options.fieldSets } : {});
  // The first lookup must not pay for loading phone metadata.
  await loadPhoneNormaliser(options.region ?? 'US');
  const hub = new ChangeHub(store);
  await hub.start();
  const { faults: withFaults, ...appOptions } = options;
  const faults = withFaults ? new FaultHarness() : undefined;
  const app = createApp({ ...appOptions, store, hub, ...(faults ? { faults } : {}) });
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<ServerType>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 8787 }, () => resolve(started));
    started.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  // Idempotency keys are remembered for a day.
  const purge = () =>
    options.db.query(`DELETE FROM ${store.table.idempotency} WHERE created < now() - interval '1 day'`).catch(() => undefined);
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
        await hub.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Event streams never end by themselves.
          if ('closeAllConnections' in server) server.closeAllConnections();
        });
        if (options.ownsDatabase) await options.db.close();
      })();
      return closing;
    },
  };
}
