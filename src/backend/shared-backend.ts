import type { BackendSettings } from './adapter.js';
import { CachedBackend } from './cached-backend.js';
import { HttpBackend, type HttpBackendOptions } from './http-adapter.js';
import { BuiltInStore, DEFAULT_DATABASE_NAME } from './idb-store.js';
import type { FieldSetRegistry } from '../model/index.js';

export interface SharedBackendOptions extends BackendSettings {
  /** The shared backend's address (the reference server's, or a team's own behind the same API). */
  readonly baseUrl: string;
  readonly token?: HttpBackendOptions['token'];
  readonly authorization?: HttpBackendOptions['authorization'];
  /** The built-in store's name the offline copy is named after; the copy itself is `cacheNameFor(baseUrl, databaseName)`. */
  readonly databaseName?: string;
  /** The field sets in force, so that writes made offline are checked as the backend would check them. */
  readonly fieldSets?: FieldSetRegistry;
  /** How often the cached backend asks after the shared one while it answers (ms). */
  readonly heartbeatMs?: number;
}

/** The offline copy of a shared backend: a database of its own, named for the backend's host, beside any built-in journey. */
export function cacheNameFor(baseUrl: string, databaseName = DEFAULT_DATABASE_NAME): string {
  return `${databaseName}-cache-${new URL(baseUrl, globalThis.location?.href).host.replace(/[^\w.-]/g, '_')}`;
}

/**
 * A shared backend over HTTP with its last-known-good copy in the built-in store and the outbox:
 * what the gadget's `backend-url` and the demo's `?backend-url=` open. `remote` is the HTTP
 * adapter itself, for a host that simulates its outages.
 */
export async function openSharedBackend(options: SharedBackendOptions): Promise<{ backend: CachedBackend; remote: HttpBackend }> {
  const { baseUrl, token, authorization, databaseName, fieldSets, heartbeatMs, ...settings } = options;
  const [remote, cache] = await Promise.all([
    HttpBackend.connect({ ...settings, baseUrl, ...(token ? { token } : {}), ...(authorization ? { authorization } : {}) }),
    BuiltInStore.open({ ...settings, databaseName: cacheNameFor(baseUrl, databaseName), ...(fieldSets ? { fieldSets } : {}) }),
  ]);
  const backend = await CachedBackend.open({ remote, cache, ...(heartbeatMs === undefined ? {} : { heartbeatMs }) });
  return { backend, remote };
}
