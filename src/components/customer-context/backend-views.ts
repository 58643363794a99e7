import type { ReactiveControllerHost } from 'lit';
import type { ContextBackend } from '../../backend/adapter.js';
import { BoundedBackend } from '../../backend/bounded-backend.js';
import { UnavailableError } from '../../model/errors.js';
import { isAccessError } from '../context-error/context-error.js';

export interface BackendViewsOptions {
  /** Milliseconds each call may take, asked at every call. */
  readonly timeoutMs: () => number;
  /** Hands the search's view on (the gadget provides it to the search and to what the host slots). */
  readonly provideStable: (stable: BoundedBackend) => void;
}

/**
 * The gadget's two views of one backend, each bounded by the timeout, and the store failure they
 * have seen. The search reads through `stable`, renewed only with the backend, so that a recovery
 * does not re-run the last search and reopen its list; the customer's summary and journey read
 * through `current`, renewed when the store recovers so that they reload (answers to an older one
 * are stale news). A failure to reach the store (not a refusal of one operation) is `failure`,
 * which the gadget's error state explains until a retry succeeds.
 */
export class BackendViews {
  current?: BoundedBackend;
  stable?: BoundedBackend;
  /** The store's failure that the error state explains; cleared by a successful retry. */
  failure?: unknown;
  /** A retry is on its way. */
  retrying = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: BackendViewsOptions,
  ) {}

  /** The backend in use now: fresh views of it, and no failure yet. */
  mount(inner: ContextBackend): void {
    this.failure = undefined;
    this.stable = this.bounded(inner);
    this.options.provideStable(this.stable);
    this.current = this.bounded(inner);
    this.host.requestUpdate();
  }

  /**
   * Asks the store again (for `customerId`, else its status) through a fresh view. If the store
   * answers, even that the customer is gone, the parts get the fresh view and read everything
   * again; if it cannot be reached, the failure stays and what is shown is kept. Resolves whether
   * the store answered.
   */
  async retry(customerId: string): Promise<boolean> {
    const inner = this.current?.inner;
    if (!inner) return false;
    const candidate = this.bounded(inner);
    this.set({ retrying: true });
    try {
      if (customerId) await candidate.getCustomer(customerId);
      else if (!(await candidate.status()).reachable) throw new UnavailableError();
      this.set({ failure: undefined, current: candidate });
      return true;
    } catch (error) {
      // The store answered (say, the customer is gone): the store is fine, the parts show the rest.
      if (isAccessError(error)) this.set({ failure: error });
      else this.set({ failure: undefined, current: candidate });
      return !isAccessError(error);
    } finally {
      this.set({ retrying: false });
    }
  }

  private bounded(inner: ContextBackend): BoundedBackend {
    return new BoundedBackend(inner, this.options.timeoutMs, this.handleOutcome);
  }

  private set(changes: Partial<Pick<BackendViews, 'current' | 'failure' | 'retrying'>>): void {
    Object.assign(this, changes);
    this.host.requestUpdate();
  }

  /** An operation through a view in use failed to reach the store: the error state says so. */
  private handleOutcome = (source: BoundedBackend, error?: unknown) => {
    if ((source !== this.current && source !== this.stable) || error === undefined) return;
    if (isAccessError(error)) this.set({ failure: error });
  };
}
