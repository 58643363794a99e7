import type { BackendSettings, ContextBackend } from '../adapter.js';
import type { Fault } from '../operation.js';

/** The backend under test, as its author describes how to make and break it. */
export interface ContractSubject {
  /** A human name for the suite title. */
  readonly name: string;
  /**
   * A fresh, EMPTY backend with these settings (timeoutMs, labMode, defaultRegion). Settings out
   * of range must be refused with an `invalid-input` ContextError, as the backend itself would.
   */
  create(settings: BackendSettings): Promise<ContextBackend>;
  /** Make the backend simulate a fault: 'stall' (calls never answer, so they time out), 'unavailable', or back to 'none'. */
  setFault(backend: ContextBackend, fault: Fault): void;
  /** Called after each case (close and delete the data). Without it the kit calls `backend.close()`. */
  dispose?(backend: ContextBackend): Promise<void>;
}

/** What a case works with. */
export interface ContractContext {
  /** A fresh, empty backend made with the case's `settings`. */
  readonly backend: ContextBackend;
  /** The settings `backend` was made with. */
  readonly settings: BackendSettings;
  /** Simulates a fault on `backend` (the case's own unless another is named). */
  setFault(fault: Fault, backend?: ContextBackend): void;
  /** Makes another fresh backend; it is disposed with the case. Rejects as the subject's `create` does. */
  open(settings: BackendSettings): Promise<ContextBackend>;
}

/** One promise of the adapter contract, checked against a fresh backend. */
export interface ContractCase {
  /** The part of the contract the case belongs to (the `describe` it is registered under). */
  readonly group: string;
  readonly name: string;
  /** Settings for the case's backend; default `{}` (production defaults, lab mode off). */
  readonly settings?: BackendSettings;
  /** Resolves when the backend keeps the promise; rejects with a `ContractFailure` saying how it broke it. */
  run(ctx: ContractContext): Promise<void>;
}
