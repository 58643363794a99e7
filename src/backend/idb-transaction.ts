import { promisifyRequest } from 'idb-keyval';
import { AbortedError, TimeoutError, UnavailableError } from '../model/index.js';
import { toContextError, type Fault } from './operation.js';
import type { STORES } from './idb-schema.js';

export type StoreName = (typeof STORES)[keyof typeof STORES];

/**
 * Runs `work` in one transaction and resolves once it has committed. If `work` fails, or the
 * operation's deadline passes first, the transaction is aborted, so nothing it wrote remains.
 * `work` must await only requests of `tx`: anything else lets the transaction commit early.
 */
export async function transact<T>(
  db: IDBDatabase,
  scope: StoreName | StoreName[],
  mode: IDBTransactionMode,
  signal: AbortSignal,
  work: (tx: IDBTransaction) => Promise<T>,
): Promise<T> {
  if (signal.aborted) throw signal.reason;
  const tx = db.transaction(scope, mode);
  const committed = promisifyRequest(tx);
  const abort = () => {
    try {
      tx.abort();
    } catch {
      // Already committed or aborted: nothing left to undo.
    }
  };
  signal.addEventListener('abort', abort, { once: true });
  try {
    const result = await work(tx);
    // What a read returned is final once its requests succeed; only a write waits for the commit.
    if (mode === 'readonly') committed.catch(() => undefined);
    else await committed;
    return result;
  } catch (error) {
    abort();
    committed.catch(() => undefined);
    if (signal.aborted) throw signal.reason;
    throw error ?? new UnavailableError('The store dropped the transaction');
  } finally {
    signal.removeEventListener('abort', abort);
  }
}

/** The store's simulated fault and its operations' time limit, as they are when a call starts. */
export interface HousekeepingSettings {
  readonly fault: Fault;
  readonly timeoutMs: number;
}

/**
 * Deadline, abort and fault handling for the operations outside the adapter interface, whose
 * names the runner's statistics do not list. Bulk transfers get no timeout: a large import
 * takes longer than any operation's limit, and the caller's signal stops it.
 */
export async function housekeeping<T>(
  name: string,
  { fault, timeoutMs: operationTimeoutMs }: HousekeepingSettings,
  callerSignal: AbortSignal | undefined,
  timeoutMs: number | undefined,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  if (callerSignal?.aborted) throw new AbortedError(name, { cause: callerSignal.reason });
  if (fault === 'unavailable') throw new UnavailableError('The context store is unavailable (simulated outage)');
  const controller = new AbortController();
  const limit = timeoutMs ?? (fault === 'stall' ? operationTimeoutMs : undefined);
  const timer = limit === undefined ? undefined : setTimeout(() => controller.abort(new TimeoutError(name, limit)), limit);
  const onAbort = () => controller.abort(new AbortedError(name, { cause: callerSignal?.reason }));
  callerSignal?.addEventListener('abort', onAbort, { once: true });
  const stopped = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  stopped.catch(() => undefined);
  try {
    if (fault === 'stall') return await stopped;
    return await Promise.race([work(controller.signal), stopped]);
  } catch (error) {
    throw toContextError(error);
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener('abort', onAbort);
  }
}
