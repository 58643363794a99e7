import type { ContextBackend, OperationOptions } from '../../../src/backend/adapter.js';
import { BuiltInStore } from '../../../src/backend/idb-store.js';
import { UnavailableError } from '../../../src/model/errors.js';

const WRITES = new Set(['createCustomer', 'updateCustomer', 'createActivity', 'updateActivity', 'createRequest']);

/**
 * A built-in store standing in for a shared backend that honours idempotency keys, as the HTTP
 * adapter's server does: a write repeated with the same key answers the first result. It can
 * also lose responses: the write is applied, then the caller hears "unavailable".
 */
export interface TestRemote {
  readonly backend: ContextBackend;
  readonly store: BuiltInStore;
  /** 'lose-responses': every write is applied, and its answer lost. */
  mode: 'none' | 'unavailable' | 'lose-responses';
  /** How many writes were applied (repeats answered from memory are not counted). */
  applied: number;
}

export async function openTestRemote(databaseName = `remote-${crypto.randomUUID()}`): Promise<TestRemote> {
  // Outages are simulated (mode); a deadline a loaded machine could miss is not what its tests are about.
  const store = await BuiltInStore.open({ databaseName, timeoutMs: 15_000 });
  const answers = new Map<string, Promise<unknown>>();
  const remote: TestRemote = { backend: undefined as unknown as ContextBackend, store, mode: 'none', applied: 0 };
  const backend = new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => {
        // Tabs come and go; the shared backend stays (the test closes it).
        if (property === 'close') return undefined;
        if (remote.mode === 'unavailable' && property !== 'subscribe') {
          if (property === 'status') return target.status().then((status) => ({ ...status, reachable: false }));
          return Promise.reject(new UnavailableError('The shared backend cannot be reached (simulated)'));
        }
        if (typeof property !== 'string' || !WRITES.has(property)) return method.apply(target, args);
        const options = args.at(-1) as OperationOptions | undefined;
        const key = options?.idempotencyKey;
        let answer = key ? answers.get(key) : undefined;
        if (!answer) {
          answer = Promise.resolve(method.apply(target, args));
          answer.then(() => remote.applied++, () => undefined);
          // A refused write is not remembered: sent again, it is tried again.
          if (key) {
            const remembered = answer.catch((error: unknown) => (answers.delete(key), Promise.reject(error)));
            // Only a repeat of the write awaits it: without one, its refusal is no unhandled rejection.
            remembered.catch(() => undefined);
            answers.set(key, remembered);
          }
        }
        if (remote.mode === 'lose-responses') return answer.then(() => Promise.reject(new UnavailableError('The answer was lost on the way')));
        return answer;
      };
    },
  }) as ContextBackend;
  (remote as { backend: ContextBackend }).backend = backend;
  return remote;
}
