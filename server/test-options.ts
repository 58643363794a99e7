import type { RateLimit } from './config.js';
import type { AuthOptions } from './auth.js';

/** How a test asks for a reference server (server/testing.ts): shared by the runner's plugin and the tests in the browser. */
export interface TestServerOptions {
  /** Authentication (JSON only: a JWT issuer's keys as `jwks`); without it and `token` the server is open. */
  readonly auth?: AuthOptions;
  /** The demo's development token issuer (/dev/token). */
  readonly devIssuer?: boolean;
  /** An organisation's field sets, as its JSON writes them (`{ fieldSets: [...] }`), beside the base ones. */
  readonly fieldSets?: unknown;
  /** The server's clock for tokens and credential caches starts at this time (ms since 1970) and moves only by `advance-clock`. */
  readonly clockAt?: number;
  /** Enable the lab partition (default true: the contract's lab-mode cases need it). */
  readonly lab?: boolean;
  readonly token?: string;
  /** The fault harness (default on). */
  readonly faults?: boolean;
  readonly replayLimit?: number;
  readonly heartbeatMs?: number;
  readonly bodyLimitBytes?: number;
  /** Join the schema of a running instance (a second server on the same data) instead of a fresh one. */
  readonly schema?: string;
  /** A `Context-Test-Tenant` header chooses the tenant of each request (tests only: never on the command line). */
  readonly tenantHeader?: boolean;
  /** Run on the PostgreSQL server named by DATABASE_URL. */
  readonly postgres?: boolean;
  /** Origins allowed by CORS (test/server/http-support.ts passes the test page's own by default). */
  readonly allowedOrigins?: readonly string[];
  /** A rate limit per caller (default none); its clock stands still until the `advance-clock` command moves it. */
  readonly rateLimit?: RateLimit;
  /** Failed sign-ins per address (default none); on the same standing clock as the rate limit. */
  readonly signInLimit?: RateLimit;
  /** The deadline per request (default 30 s). */
  readonly requestTimeoutMs?: number;
}
