/** How an HTTP backend is set up, and the options of its calls. */
import type { BackendSettings, OperationOptions } from './adapter.js';
import type { StreamOptions } from './http-events.js';
import type { RetryPolicy } from './http-transport.js';

export interface HttpBackendOptions extends BackendSettings {
  /** Where the API lives, without `/v1` (`https://context.example.com`). */
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer …`; a function is asked before every request (for tokens that expire). */
  readonly token?: string | (() => string | undefined | Promise<string | undefined>);
  /**
   * A whole Authorization value, used when there is no token: `Basic base64(agentId:password)`
   * for a server that signs Finesse agents in with their own credentials (see
   * `finesseAuthorization`). A function is asked before every request.
   */
  readonly authorization?: string | (() => string | undefined | Promise<string | undefined>);
  /** Retries of idempotent calls (GETs, and writes with an Idempotency-Key). */
  readonly retry?: RetryPolicy;
  /**
   * Whether each write carries an Idempotency-Key of its own (a fresh one per call unless the
   * caller gives `idempotencyKey`), so that it can be retried safely. Default true; when false,
   * writes without a caller's key are sent at most once.
   */
  readonly idempotentWrites?: boolean;
  /** Reconnection and liveness of the live-change streams. */
  readonly events?: StreamOptions;
  /** Default the global fetch. */
  readonly fetch?: typeof fetch;
}

/** Options of one call; `idempotencyKey` makes a write safe to send again (the server applies it once). */
export interface HttpOperationOptions extends OperationOptions {
  readonly idempotencyKey?: string;
}
