import type { BackendSettings } from './adapter.js';
import { CachedBackend } from './cached-backend.js';
import { HttpBackend } from './http-adapter.js';
import type { HttpBackendOptions } from './http-options.js';
import { ChangeFeedReset, type StreamOptions } from './http-events.js';
import { BuiltInStore, DEFAULT_DATABASE_NAME } from './idb-store.js';
import { FieldSetRegistry, parseOrganisationFieldSets } from '../model/index.js';

export interface SharedBackendOptions extends BackendSettings {
  /** The shared backend's address (the reference server's, or a team's own behind the same API). */
  readonly baseUrl: string;
  readonly token?: HttpBackendOptions['token'];
  readonly authorization?: HttpBackendOptions['authorization'];
  /** The built-in store's name the offline copy is named after; the copy itself is `cacheNameFor(baseUrl, databaseName)`. */
  readonly databaseName?: string;
  /**
   * The field sets in force, so that writes made offline are checked as the backend would check
   * them. Without them, the backend's own organisation field sets are asked for (when it keeps
   * any and answers); else the base sets.
   */
  readonly fieldSets?: FieldSetRegistry;
  /** How often the cached backend asks after the shared one while it answers (ms). */
  readonly heartbeatMs?: number;
  /** Reconnection and liveness of the live-change streams; a `ChangeFeedReset` also reaches the cached backend's watchers (`SyncState.resyncs`). */
  readonly events?: StreamOptions;
}

/** The offline copy of a shared backend: a database of its own, named for the backend's host, beside any built-in journey. */
export function cacheNameFor(baseUrl: string, databaseName = DEFAULT_DATABASE_NAME): string {
  return `${databaseName}-cache-${new URL(baseUrl, globalThis.location?.href).host.replace(/[^\w.-]/g, '_')}`;
}

/**
 * A shared backend over HTTP with its last-known-good copy in the built-in store and the outbox:
 * what the gadget's `backend-url` and the demo's `?backend-url=` open. `remote` is the HTTP
 * adapter itself, for a host that simulates its outages. `served` resolves to the field sets in
 * force once the backend's own have arrived, when none were given and it keeps some (undefined
 * otherwise, also when it cannot be asked now): opening does not wait for them.
 */
export async function openSharedBackend(
  options: SharedBackendOptions,
): Promise<{ backend: CachedBackend; remote: HttpBackend; served: Promise<FieldSetRegistry | undefined> }> {
  const { baseUrl, token, authorization, databaseName, fieldSets: given, heartbeatMs, events, ...settings } = options;
  // Without field sets given, the offline copy checks against the base sets, which the backend's own join when they arrive.
  const fieldSets = given ?? new FieldSetRegistry();
  let backend: CachedBackend | undefined;
  const onError = (error: unknown) => {
    events?.onError?.(error);
    // Changes this client never heard: what the gadget shows is read again.
    if (error instanceof ChangeFeedReset) backend?.feedReset();
  };
  const [remote, cache] = await Promise.all([
    HttpBackend.connect({ ...settings, baseUrl, events: { ...events, onError }, ...(token ? { token } : {}), ...(authorization ? { authorization } : {}) }),
    BuiltInStore.open({ ...settings, databaseName: cacheNameFor(baseUrl, databaseName), fieldSets }),
  ]);
  backend = await CachedBackend.open({ remote, cache, ...(heartbeatMs === undefined ? {} : { heartbeatMs }) });
  return { backend, remote, served: given ? Promise.resolve(undefined) : servedFieldSets(remote, fieldSets) };
}

/** `registry` with the backend's organisation field sets defined in it; undefined when it keeps none, does not serve them or cannot be asked now. */
async function servedFieldSets(remote: HttpBackend, registry: FieldSetRegistry): Promise<FieldSetRegistry | undefined> {
  try {
    const { version, fieldSets } = await remote.organisationFieldSets();
    if (version === 0) return undefined;
    for (const set of parseOrganisationFieldSets({ fieldSets })) registry.define(set);
    return registry;
  } catch {
    return undefined;
  }
}
