import type { ContextBackend } from './adapter.js';
import type { FieldKeys } from './encryption.js';
import type { FieldSetRegistry } from '../model/field-sets.js';
import { TimeoutError } from '../model/errors.js';

/** Opening the built-in store downloads its code first, so it may take longer than one call. */
const OPEN_TIMEOUT_FLOOR_MS = 5000;

/** A credential given as a value or as a function that answers it (asked before each request). */
export type Credential = string | (() => string | undefined | Promise<string | undefined>) | undefined;

export interface OwnBackendOptions {
  /** The built-in store's database name (default: the store's own). */
  readonly databaseName?: string | undefined;
  readonly labMode: boolean;
  /** A shared backend's address: then the built-in store is its offline copy. */
  readonly backendUrl?: string | undefined;
  /** The field sets the built-in store keeps, when the organisation has its own. */
  readonly fieldSets?: FieldSetRegistry | undefined;
  /** Keys that keep the built-in store's sensitive fields encrypted at rest (no shared backend). */
  readonly keys?: FieldKeys | undefined;
  /** Every call's timeout; opening may take longer (with a floor), for the store's code to download. */
  readonly timeoutMs: number;
  /** The shared backend's credentials, asked before each request. */
  readonly token: () => Credential;
  readonly authorization: () => Credential;
  /** Told of the shared backend's own field sets once they arrive. */
  readonly served?: (fieldSets: FieldSetRegistry) => void;
  readonly signal: AbortSignal;
}

function valueOf(credential: Credential): string | undefined | Promise<string | undefined> {
  return typeof credential === 'function' ? credential() : credential;
}

/**
 * The backend a gadget opens for itself: the built-in store (encrypted when given keys), or a
 * shared backend cached in it. Each module loads on demand: a page that brings its own backend
 * never downloads the IndexedDB store. Opening never takes longer than the timeout (with a
 * floor); a store that opens after that is closed when it arrives.
 */
export async function openOwnBackend(options: OwnBackendOptions): Promise<ContextBackend> {
  const { databaseName, labMode, backendUrl, fieldSets, keys, timeoutMs, signal } = options;
  const limit = Math.max(timeoutMs, OPEN_TIMEOUT_FLOOR_MS);
  const opening = (async (): Promise<ContextBackend> => {
    const { BuiltInStore } = await import('./idb-store.js');
    const local = { ...(databaseName ? { databaseName } : {}), ...(fieldSets ? { fieldSets } : {}), labMode, timeoutMs };
    if (!backendUrl && keys) {
      const { EncryptedStore } = await import('./encrypted-store.js');
      return EncryptedStore.open({ ...local, keys });
    }
    if (!backendUrl) return BuiltInStore.open(local);
    const { openSharedBackend } = await import('./shared-backend.js');
    // Asked before each request, so credentials a host sets after the backend opened (the Finesse
    // bridge loads after the gadget) or renews later are the ones sent.
    const { backend, served } = await openSharedBackend({
      ...local,
      baseUrl: backendUrl,
      token: () => valueOf(options.token()),
      authorization: () => valueOf(options.authorization()),
    });
    void served.then((registry) => {
      if (registry && !signal.aborted) options.served?.(registry);
    });
    return backend;
  })();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError('open', limit)), limit);
  });
  try {
    return await Promise.race([opening, deadline]);
  } catch (error) {
    // A store that opens after the deadline is nobody's: close it when it arrives.
    void opening.then((late) => late.close(), () => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
