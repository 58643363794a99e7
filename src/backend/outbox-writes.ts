/**
 * The writes `CachedBackend` queues in its outbox (outbox.ts) while the shared backend cannot be
 * reached: which failures queue them, how each is made so that a replay names the same record,
 * how it is sent, and what its answer gives the cache.
 */
import { ContextError } from '../model/errors.js';
import type { Activity, Customer, Request } from '../model/index.js';
import type { ContextBackend, OperationOptions } from './adapter.js';
import type { MirroredRecords } from './idb-mirror.js';
import type { QueuedWrite } from './outbox.js';

/** Errors that say the backend is out of reach (or answered garbage) rather than that it refused: worth trying again later. */
export function isOffline(error: unknown): boolean {
  return error instanceof ContextError ? error.code === 'unavailable' || error.code === 'timeout' || error.code === 'invalid-response' : true;
}

/** A create's input with its id chosen here, so that a replay names the same record; what is no object goes on as it is, to be refused. */
export function withAnId<T extends { id?: string }>(input: T): T {
  return input && typeof input === 'object' && !Array.isArray(input) ? { ...input, id: input.id ?? crypto.randomUUID() } : input;
}

/** Sends one write, with its arguments as they were queued, to `remote`. */
export function sendWrite(remote: ContextBackend, op: QueuedWrite, args: readonly unknown[], options: OperationOptions): Promise<Customer | Activity | Request> {
  const [first, second] = args as [never, never];
  switch (op) {
    case 'createCustomer':
      return remote.createCustomer(first, options);
    case 'updateCustomer':
      return remote.updateCustomer(first, second, options);
    case 'createActivity':
      return remote.createActivity(first, options);
    case 'updateActivity':
      return remote.updateActivity(first, second, options);
    case 'createRequest':
      return remote.createRequest(first, options);
  }
}

/** What the backend's answer to a write gives the cache. */
export function recordsOf(op: QueuedWrite, result: Customer | Activity | Request): MirroredRecords {
  switch (op) {
    case 'createCustomer':
    case 'updateCustomer':
      return { customers: [result as Customer] };
    case 'createActivity':
    case 'updateActivity':
      return { activities: [result as Activity] };
    case 'createRequest':
      return { requests: [result as Request] };
  }
}
