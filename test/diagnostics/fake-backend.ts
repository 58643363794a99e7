import type { BackendStatus, ContextBackend, OperationOptions, Unsubscribe } from '../../src/backend/adapter.js';
import { UnavailableError } from '../../src/model/errors.js';

/** A status as a backend would report it, with a few operations already called. */
export function sampleStatus(overrides: Partial<BackendStatus> = {}): BackendStatus {
  return {
    reachable: true,
    latencyMs: 3.24,
    labMode: false,
    backend: 'Built-in store (IndexedDB)',
    operations: {
      findCustomers: { count: 12, errors: 0, meanMs: 5.1, p50Ms: 4.12, p95Ms: 9.8 },
      getCustomer: {
        count: 7,
        errors: 2,
        meanMs: 2.5,
        p50Ms: 2,
        p95Ms: 6.25,
        lastError: { code: 'not-found', message: 'No customer with id "jordan.ellis@example.com"', at: '2026-11-25T10:02:00.000Z' },
      },
      listActivities: {
        count: 3,
        errors: 1,
        meanMs: 20,
        p50Ms: 18,
        p95Ms: 31.5,
        lastError: { code: 'timeout', message: 'listActivities timed out after 1200 ms', at: '2026-11-25T10:04:30.000Z' },
      },
    },
    ...overrides,
  };
}

/**
 * A backend that only reports status: each call answers with `next` (a status, or a function of
 * the call's options), and every other operation fails as unavailable.
 */
export class StatusOnlyBackend implements ContextBackend {
  readonly calls: OperationOptions[] = [];

  constructor(public next: BackendStatus | ((options: OperationOptions) => BackendStatus | Promise<BackendStatus>)) {}

  async status(options: OperationOptions = {}): Promise<BackendStatus> {
    this.calls.push(options);
    return typeof this.next === 'function' ? this.next(options) : this.next;
  }

  findCustomers = refuse;
  getCustomer = refuse;
  createCustomer = refuse;
  updateCustomer = refuse;
  deleteCustomer = refuse;
  listActivities = refuse;
  getActivity = refuse;
  createActivity = refuse;
  updateActivity = refuse;
  deleteActivity = refuse;
  getRequest = refuse;
  createRequest = refuse;
  listRequests = refuse;

  subscribe(): Unsubscribe {
    return () => undefined;
  }

  close(): void {}
}

function refuse(): Promise<never> {
  return Promise.reject(new UnavailableError('Only status is faked here'));
}
