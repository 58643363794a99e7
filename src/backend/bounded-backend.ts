import type {
  ActivityChange,
  ActivityPage,
  BackendStatus,
  ContextBackend,
  CustomerMatch,
  CustomerMerging,
  FindCustomersOptions,
  ListActivitiesQuery,
  OperationOptions,
  SensitiveFieldGuard,
  UnmatchedEvents,
  Unsubscribe,
} from './adapter.js';
import { customerMerging, sensitiveFieldGuard, unmatchedEvents } from './adapter.js';
import type {
  Activity,
  ActivityInput,
  ActivityPatch,
  Customer,
  CustomerInput,
  CustomerPatch,
  Request,
  RequestInput,
} from '../model/index.js';

/** What the gadget hears after each call: nothing went wrong (`error` absent), or what did. */
export type OutcomeListener = (source: BoundedBackend, error?: unknown) => void;

/**
 * The backend as the gadget's components see it: every call carries the gadget's timeout (unless
 * the caller names its own) and reports its outcome, so that one error state can speak for all
 * of them. A new instance per load makes every consumer reload, and lets late answers to an
 * older instance be told apart.
 */
export class BoundedBackend implements ContextBackend {
  constructor(
    readonly inner: ContextBackend,
    private readonly timeoutMs: () => number,
    private readonly listener: OutcomeListener,
  ) {}

  /** The inner backend's guard of sensitive fields. Its refusals (a role that may not reveal) are the reveal's own, not the gadget's error state. */
  get sensitiveFieldGuard(): SensitiveFieldGuard | undefined {
    return sensitiveFieldGuard(this.inner);
  }

  /** The inner backend's identities and merges. Their refusals (a taken phone, a stale version) are the change's own, as the guard's are. */
  get customerMerging(): CustomerMerging | undefined {
    return customerMerging(this.inner);
  }

  /** The inner backend's unmatched events. A refused or stale attach is the attach's own, as a merge's is. */
  get unmatchedEvents(): UnmatchedEvents | undefined {
    return unmatchedEvents(this.inner);
  }

  findCustomers(query: string, options?: FindCustomersOptions): Promise<readonly CustomerMatch[]> {
    return this.watch(this.inner.findCustomers(query, this.bound(options)));
  }
  getCustomer(id: string, options?: OperationOptions): Promise<Customer> {
    return this.watch(this.inner.getCustomer(id, this.bound(options)));
  }
  createCustomer(input: CustomerInput, options?: OperationOptions): Promise<Customer> {
    return this.watch(this.inner.createCustomer(input, this.bound(options)));
  }
  updateCustomer(id: string, patch: CustomerPatch, options?: OperationOptions): Promise<Customer> {
    return this.watch(this.inner.updateCustomer(id, patch, this.bound(options)));
  }
  deleteCustomer(id: string, options?: OperationOptions): Promise<void> {
    return this.watch(this.inner.deleteCustomer(id, this.bound(options)));
  }
  listActivities(customerId: string, query?: ListActivitiesQuery, options?: OperationOptions): Promise<ActivityPage> {
    return this.watch(this.inner.listActivities(customerId, query, this.bound(options)));
  }
  getActivity(id: string, options?: OperationOptions): Promise<Activity> {
    return this.watch(this.inner.getActivity(id, this.bound(options)));
  }
  createActivity(input: ActivityInput, options?: OperationOptions): Promise<Activity> {
    return this.watch(this.inner.createActivity(input, this.bound(options)));
  }
  updateActivity(id: string, patch: ActivityPatch, options?: OperationOptions): Promise<Activity> {
    return this.watch(this.inner.updateActivity(id, patch, this.bound(options)));
  }
  deleteActivity(id: string, options?: OperationOptions): Promise<void> {
    return this.watch(this.inner.deleteActivity(id, this.bound(options)));
  }
  getRequest(id: string, options?: OperationOptions): Promise<Request> {
    return this.watch(this.inner.getRequest(id, this.bound(options)));
  }
  createRequest(input: RequestInput, options?: OperationOptions): Promise<Request> {
    return this.watch(this.inner.createRequest(input, this.bound(options)));
  }
  listRequests(customerId: string, options?: OperationOptions): Promise<readonly Request[]> {
    return this.watch(this.inner.listRequests(customerId, this.bound(options)));
  }
  subscribe(customerId: string, listener: (change: ActivityChange) => void): Unsubscribe {
    return this.inner.subscribe(customerId, listener);
  }
  status(options?: OperationOptions): Promise<BackendStatus> {
    return this.watch(this.inner.status(this.bound(options)));
  }
  /** The gadget owns the backend's lifetime: closing this view closes nothing. */
  close(): void {}

  private bound<T extends OperationOptions>(options: T | undefined): T {
    return { ...options, timeoutMs: options?.timeoutMs ?? this.timeoutMs() } as T;
  }

  private watch<T>(pending: Promise<T>): Promise<T> {
    return pending.then(
      (value) => {
        this.listener(this);
        return value;
      },
      (error: unknown) => {
        this.listener(this, error);
        throw error;
      },
    );
  }
}
