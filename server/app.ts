/**
 * The REST + JSON API of docs/openapi.yaml over a `Store`, as a Hono app. Input is checked at the
 * edge with the model's own zod schemas (inside the store); every failure answers a JSON problem
 * whose `code` is a ContextError code.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { routePath } from 'hono/route';
import * as z from 'zod/mini';
import { ContextError, ForbiddenError, InvalidInputError, NotFoundError, loadPhoneNormaliser, type ErrorCode, type FieldSetRegistry } from '../src/model/index.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, type RateLimit } from './config.js';
import { ApiKeys } from './api-keys.js';
import { Authenticator, type AuthOptions, type Principal } from './auth.js';
import { allow, can, mayReveal } from './authz.js';
import type { Queryable } from './db.js';
import type { DevIssuer } from './dev-issuer.js';
import { adminRoutes, devIssuerRoutes } from './identity-routes.js';
import { attachUnmatched, ingestRoute, unmatchedEvents } from './ingest.js';
import { erasureRoutes } from './erasure-routes.js';
import { recordRoutes } from './record-routes.js';
import { retentionRoutes } from './retention-routes.js';
import { maskDeep, withoutMaskedValues } from './visibility.js';
import { changeRoutes } from './change-routes.js';
import { faultLog, faultRoutes, injectFaults } from './fault-routes.js';
import type { FaultHarness, FaultKind } from './faults.js';
import { addressOf, corsFor, deadline, DeadlinePassed, jsonBodiesOnly, rateLimit, reportFailure, storableTextOnly, TokenBuckets, tooManyRequests, type LogLine } from './hardening.js';
import type { ChangeHub } from './hub.js';
import { problem, respond, TITLES, type Problem } from './problems.js';
import { DEFAULT_TENANT, tenantSchema, type CallContext, type Store } from './store.js';


export const API_HEADERS = {
  lab: 'Context-Lab-Mode',
  testTenant: 'Context-Test-Tenant',
  region: 'Context-Region',
  seq: 'Context-Seq',
  idempotencyKey: 'Idempotency-Key',
  replayed: 'Idempotent-Replayed',
} as const;

export interface AppOptions {
  readonly store: Store;
  readonly hub: ChangeHub;
  /** Whether the lab partition may be used (requests with `Context-Lab-Mode: true`): only there are deletes allowed. */
  readonly lab?: boolean;
  /** How callers prove who they are (server/auth.ts, docs/server.md); without any way in, the server is open. */
  readonly auth?: AuthOptions;
  /** The demo's token issuer (`--seed demo --dev-issuer` only): serves /dev/token and /dev/jwks.json, and its tokens are accepted. */
  readonly devIssuer?: DevIssuer;
  /** The clock of token expiry, credential caches and the rate limit (default Date.now; tests move it). */
  readonly now?: () => number;
  /** The fault harness; the /__faults endpoints exist only with one. */
  readonly faults?: FaultHarness;
  /** Region for national phone numbers when a request names none (default US). */
  readonly region?: string;
  /** Largest request body, in bytes (default 512 KB). */
  readonly bodyLimitBytes?: number;
  /** How many changes an event stream replays after a Last-Event-ID before it answers with a gap instead (default 1000). */
  readonly replayLimit?: number;
  /** Comment lines keep idle event streams open through proxies (default every 15 s). */
  readonly heartbeatMs?: number;
  /** Shown by /v1/status. */
  readonly name?: string;
  /** Exact origins (`https://host[:port]`) whose pages may call the API (CORS); none by default. */
  readonly allowedOrigins?: readonly string[];
  /** Where unexpected errors are reported, one line each, without bodies or values (default console.error). */
  readonly log?: LogLine;
  /** Requests per caller and window; none when absent. */
  readonly rateLimit?: RateLimit;
  /**
   * Failed sign-ins per address and window (none when absent). Once an address has used them up,
   * its requests are answered 429 before any credential is checked, so guessing a token, key or
   * password stops there, and no guess reaches Finesse.
   */
  readonly signInLimit?: RateLimit;
  /** A request still being handled this long after it arrived is answered 503 (default 30 s; event streams exempt). */
  readonly requestTimeoutMs?: number;
  /**
   * Tests only (server/testing.ts): a `Context-Test-Tenant` header chooses the tenant of each
   * request. Never set by the command line: a tenant comes from the caller's identity.
   */
  readonly testTenantHeader?: boolean;
}

export type Env = {
  Bindings: { incoming?: IncomingMessage };
  Variables: {
    noteFault: (kind: FaultKind) => void;
    /** Who is calling: set on every authenticated request (server/auth.ts). */
    principal: Principal;
    /** What of an answer reaches the caller: every record with its sensitive values masked (server/visibility.ts). */
    visible: (body: unknown) => unknown;
    /** Aborted when the request's deadline passes (server/hardening.ts). */
    deadline?: AbortSignal;
  };
};

const unmatchedLimitSchema = z.int().check(z.minimum(1), z.maximum(500));

/** A query parameter as a number, for its schema to judge (undefined when absent or empty). */
export function optionalNumber(value: string | undefined): number | undefined {
  return value === undefined || value === '' ? undefined : Number(value);
}

const STATUS_OF: Record<ErrorCode, number> = {
  'not-found': 404,
  conflict: 409,
  'invalid-input': 422,
  timeout: 504,
  unavailable: 503,
  forbidden: 403,
  unauthenticated: 401,
  aborted: 499,
  'invalid-response': 502,
  'not-registered': 403,
};

/** A refusal as its JSON problem. Any other failure is a 500 reported by reference (`reportFailure`). */
export function problemOf(error: ContextError): Problem {
  const extra: Record<string, unknown> = {};
  if (error instanceof InvalidInputError) extra['issues'] = error.issues;
  if (error instanceof NotFoundError) Object.assign(extra, { kind: error.kind, id: error.id });
  const current = (error as { current?: unknown }).current;
  if (error.code === 'conflict' && current !== undefined) extra['current'] = current;
  return problem(STATUS_OF[error.code], error.code, error.message, extra);
}

class MalformedBody extends InvalidInputError {
  constructor() {
    super([{ path: '', message: 'The request body is not JSON' }]);
  }
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** Builds the app. The hub must have been started; the caller serves `app.fetch`. */
export function createApp(options: AppOptions): Hono<Env> {
  const { store, hub, faults } = options;
  const labEnabled = options.lab ?? false;
  const defaultRegion = (options.region ?? 'US').toUpperCase();
  const replayLimit = options.replayLimit ?? 1000;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const name = options.name ?? `Customer Context reference server (${store.db.kind === 'pglite' ? 'PGlite' : 'PostgreSQL'})`;
  const log = options.log ?? ((line: string) => console.error(line));
  const app = new Hono<Env>();
  const apiKeys = new ApiKeys(store.db, store.schema, options.now ? { now: options.now } : {});
  // A key revoked on any instance is forgotten here as soon as its NOTIFY arrives.
  hub.onRevocation((keyId) => apiKeys.forget(keyId));
  const jwt = [options.auth?.jwt ?? [], options.devIssuer?.jwt ?? []].flat();
  const authenticator = new Authenticator(
    { ...options.auth, ...(jwt.length ? { jwt } : {}) },
    apiKeys,
    options.now,
  );

  app.use(
    '*',
    corsFor(options.allowedOrigins ?? [], {
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      allowHeaders: [
        'Authorization',
        'Content-Type',
        API_HEADERS.idempotencyKey,
        'Last-Event-ID',
        API_HEADERS.lab,
        API_HEADERS.region,
        ...(options.testTenantHeader ? [API_HEADERS.testTenant] : []),
      ],
      exposeHeaders: ['Retry-After', 'WWW-Authenticate', API_HEADERS.seq, API_HEADERS.replayed],
      maxAgeSeconds: 600,
    }),
  );
  app.use('*', jsonBodiesOnly());

  app.onError((error, c) => {
    // Work abandoned after its deadline: the client has had its 503 already.
    if (error instanceof DeadlinePassed) {
      log(`abandoned at its deadline method=${c.req.method} route=${routePath(c, -1) || '*'}`);
      return c.body(null, 503);
    }
    if (!(error instanceof ContextError)) return reportFailure(c, error, log);
    const answer = problemOf(error);
    // A request that cannot be read at all (a query parameter, a body that is no JSON) is a 400;
    // a readable body with bad values a 422.
    if (answer.status === 422 && (c.req.method === 'GET' || error instanceof MalformedBody)) {
      return respond(c, { ...answer, status: 400, body: { ...answer.body, title: TITLES[400], status: 400 } });
    }
    return respond(c, answer);
  });
  app.notFound((c) => respond(c, problem(404, 'not-found', `No such endpoint: ${c.req.method} ${c.req.path}`)));

  // Who is calling, then what they may see. The refusal never says which check failed, and
  // credentials are never logged.
  const signInFailures = options.signInLimit ? new TokenBuckets(options.signInLimit, options.now) : undefined;
  const authorize: MiddlewareHandler<Env> = async (c, next) => {
    if (c.req.method === 'OPTIONS') return next();
    const address = addressOf(c);
    const locked = signInFailures?.wait(address);
    if (locked) return tooManyRequests(c, locked);
    const result = await authenticator.authenticate(c.req.header('Authorization'));
    if (!result.ok) {
      if (result.status === 401) signInFailures?.take(address);
      const code = result.status === 503 ? 'unavailable' : result.status === 401 ? 'unauthenticated' : 'forbidden';
      const headers: Record<string, string> = result.status === 401 ? { 'WWW-Authenticate': authenticator.challenge } : {};
      return respond(c, problem(result.status, code, result.detail), headers);
    }
    c.set('principal', result.principal);
    // Until a route's transaction knows the tenant's own field sets, the base sets mask.
    c.set('visible', visibleFor(c, store.baseFieldSets));
    return next();
  };

  /**
   * What of an answer reaches the caller. Sensitive values are masked for every caller,
   * supervisors and admins too: they read one through the audited reveal (POST
   * /v1/customers/{id}/reveal), which records who saw what. A caller who may not read records
   * (ingest) gets no conflict's `current` either: a write must not be a way to read.
   */
  function visibleFor(c: Context<Env>, fieldSets: FieldSetRegistry): (body: unknown) => unknown {
    const readsRecords = can(c.get('principal'), 'customers.read');
    return (body) => {
      const masked = maskDeep(body, fieldSets);
      if (readsRecords || typeof masked !== 'object' || masked === null || !('current' in masked)) return masked;
      const { current: _current, ...rest } = masked as Record<string, unknown>;
      return rest;
    };
  }

  /**
   * A request's work in one transaction as its tenant, its answer masked by the tenant's field
   * sets. The version of those sets (and with `head`, the feed's head) is read in the round trip
   * that begins the transaction.
   */
  function tenantTransaction<T>(
    c: Context<Env>,
    ctx: CallContext,
    work: (tx: Queryable, fieldSets: FieldSetRegistry, head: number) => Promise<T>,
    options: { readonly head?: boolean } = {},
  ): Promise<T> {
    return store.transaction(
      ctx,
      async (tx, opened) => {
        const fieldSets = await store.registryFor(tx, ctx.tenant, opened.fieldSetVersion);
        c.set('visible', visibleFor(c, fieldSets));
        return work(tx, fieldSets, opened.head ?? 0);
      },
      { fieldSets: true, head: options.head ?? false },
    );
  }

  if (options.devIssuer) devIssuerRoutes(app, options.devIssuer);

  if (faults) faultRoutes(app, faults, authorize);

  // Every /v1 request: logged for the fault harness, authorised, then maybe misbehaving on purpose.
  app.use('/v1/*', faultLog(faults));
  app.use('/v1/*', authorize);
  if (options.rateLimit) app.use('/v1/*', rateLimit(options.rateLimit, options.now));
  app.use('/v1/*', deadline(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS));
  if (faults) app.use('/v1/*', injectFaults(faults));
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: options.bodyLimitBytes ?? 512 * 1024,
      onError: (c) =>
        respond(
          c,
          problem(413, 'invalid-input', `The request body is over ${Math.round((options.bodyLimitBytes ?? 512 * 1024) / 1024)} KB`, {
            issues: [{ path: '', message: 'The request body is too large' }],
          }),
        ),
    }),
  );
  app.use('/v1/*', storableTextOnly());

  function tenantOf(c: Context<Env>): string {
    const tested = options.testTenantHeader ? c.req.header(API_HEADERS.testTenant) : undefined;
    const tenant = tested ?? c.get('principal')?.tenant ?? DEFAULT_TENANT;
    if (!z.safeParse(tenantSchema, tenant).success) {
      throw new InvalidInputError([{ path: 'tenant', message: 'A tenant is 1–200 characters, none of them a control character' }]);
    }
    return tenant;
  }

  async function callContext(c: Context<Env>): Promise<CallContext> {
    const tenant = tenantOf(c);
    const labHeader = (c.req.header(API_HEADERS.lab) ?? 'false').trim().toLowerCase();
    if (labHeader !== 'true' && labHeader !== 'false') {
      throw new InvalidInputError([{ path: 'labMode', message: `${API_HEADERS.lab} must be true or false` }]);
    }
    const lab = labHeader === 'true';
    if (lab && !labEnabled) throw new ForbiddenError('Lab mode is not enabled on this server (start it with --lab)');
    const region = (c.req.header(API_HEADERS.region) ?? defaultRegion).trim().toUpperCase();
    try {
      if (!/^[A-Z]{2}$/.test(region)) throw new RangeError(`Unknown phone region "${region}": use an ISO 3166 code such as US or GB`);
      await loadPhoneNormaliser(region);
    } catch (error) {
      if (error instanceof RangeError) throw new InvalidInputError([{ path: 'defaultRegion', message: error.message }]);
      throw error;
    }
    return { tenant, lab, region };
  }

  async function jsonBody(c: Context): Promise<{ text: string; value: unknown }> {
    const text = await c.req.text();
    try {
      return { text, value: text.trim() === '' ? undefined : (JSON.parse(text) as unknown) };
    } catch {
      throw new MalformedBody();
    }
  }

  /**
   * Runs a write in one transaction. With an Idempotency-Key, the first answer (success or a
   * refusal such as a conflict) is stored in the same commit and replayed for every repeat of the
   * same request; the same key on a different request is invalid-input.
   */
  async function write(c: Context<Env>, successStatus: number, work: (tx: Queryable, ctx: CallContext, body: unknown) => Promise<unknown>): Promise<Response> {
    const ctx = await callContext(c);
    const { text, value: given } = await jsonBody(c);
    const key = c.req.header(API_HEADERS.idempotencyKey);
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw new InvalidInputError([{ path: API_HEADERS.idempotencyKey, message: 'Must be 1–200 printable ASCII characters' }]);
    }
    const fingerprint = createHash('sha256').update(`${c.req.method} ${c.req.path}\n${c.get('principal').id}\n${text}`).digest('hex');
    const outcome = await tenantTransaction(c, ctx, async (tx, fieldSets) => {
      const value = withoutMaskedValues(given, fieldSets);
      if (key !== undefined) {
        // Keys are per tenant and partition (row-level security picks the tenant's rows).
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${store.schema}:idempotency:${ctx.tenant}:${ctx.lab}:${key}`]);
        const { rows } = await tx.query<{ fingerprint: string; status: number; body: string | null }>(
          `SELECT fingerprint, status, body FROM ${store.table.idempotency} WHERE lab = $1 AND key = $2`,
          [ctx.lab, key],
        );
        const first = rows[0];
        if (first) {
          if (first.fingerprint !== fingerprint) {
            throw new InvalidInputError([
              { path: API_HEADERS.idempotencyKey, message: 'This Idempotency-Key was used for a different request' },
            ]);
          }
          return { status: first.status, body: first.body === null ? undefined : (JSON.parse(first.body) as unknown), replayed: true, seq: await store.head(tx) };
        }
        await tx.query('SAVEPOINT work');
      }
      let answer: { status: number; body: unknown };
      try {
        const result = await work(tx, ctx, value);
        answer = { status: result === undefined ? 204 : successStatus, body: result };
      } catch (error) {
        // A refusal is an answer too; anything else (a 5xx) is not remembered, so a retry runs again.
        if (key === undefined || !(error instanceof ContextError)) throw error;
        await tx.query('ROLLBACK TO SAVEPOINT work');
        answer = problemOf(error);
      }
      if (key !== undefined) {
        await tx.query(`INSERT INTO ${store.table.idempotency} (lab, key, fingerprint, status, body) VALUES ($1, $2, $3, $4, $5)`, [
          ctx.lab,
          key,
          fingerprint,
          answer.status,
          answer.body === undefined ? null : JSON.stringify(answer.body),
        ]);
      }
      // The client was told to try again: this try must leave nothing behind.
      if (c.get('deadline')?.aborted) throw new DeadlinePassed();
      return { ...answer, replayed: false, seq: await store.head(tx) };
    });
    const headers: Record<string, string> = { [API_HEADERS.seq]: String(outcome.seq) };
    if (outcome.replayed) headers[API_HEADERS.replayed] = 'true';
    return respond(c, { status: outcome.status, body: outcome.body }, headers);
  }

  /**
   * A read answers with the newest change number as it was before the read began: a client that
   * subscribes from it afterwards hears every change the answer may lack.
   */
  async function read(c: Context<Env>, work: (tx: Queryable, ctx: CallContext, fieldSets: FieldSetRegistry) => Promise<unknown>): Promise<Response> {
    const ctx = await callContext(c);
    const { head, body } = await tenantTransaction(c, ctx, async (tx, fieldSets, head) => ({ head, body: await work(tx, ctx, fieldSets) }), { head: true });
    return respond(c, { status: 200, body }, { [API_HEADERS.seq]: String(head) });
  }

  // ---- status

  app.get('/v1/me', allow('status.read'), (c) => {
    const { id, name, tenant, roles, via } = c.get('principal');
    return respond(c, { status: 200, body: { id, name, tenant, roles, via, canReveal: mayReveal(c.get('principal')) } });
  });

  app.get('/v1/status', allow('status.read'), async (c) => {
    const ctx = await callContext(c);
    const head = await store.transaction(ctx, async (_tx, opened) => opened.head ?? 0, { head: true });
    return respond(
      c,
      { status: 200, body: { reachable: true, labMode: ctx.lab, backend: name, database: store.db.kind, head } },
      { [API_HEADERS.seq]: String(head) },
    );
  });

  // ---- customers, activities, requests and field sets (server/record-routes.ts)
  recordRoutes(app, { store, callContext, jsonBody, read, write });

  // ---- CloudEvents in (server/ingest.ts)
  app.post('/v1/cloudevents', allow('events.ingest'), (c) => ingestRoute(c, { store, callContext, jsonBody, tenantTransaction }));
  app.get('/v1/cloudevents/unmatched', allow('events.unmatched.read'), (c) => {
    const limit = z.safeParse(unmatchedLimitSchema, optionalNumber(c.req.query('limit')) ?? 100);
    if (!limit.success) throw new InvalidInputError([{ path: 'limit', message: 'Must be a whole number from 1 to 500' }]);
    return read(c, async (tx, ctx) => ({ events: await unmatchedEvents(tx, ctx, store, limit.data) }));
  });
  app.post('/v1/cloudevents/unmatched/attach', allow('events.unmatched.attach'), (c) => write(c, 201, (tx, ctx, body) => attachUnmatched(tx, ctx, store, body)));

  // ---- changes: the feed, and the live stream (server/change-routes.ts)
  changeRoutes(app, { store, hub, faults, replayLimit, heartbeatMs, callContext, tenantTransaction, visibleFor });

  adminRoutes(app, apiKeys);
  // ---- erasure and export of one customer (server/erasure.ts)
  erasureRoutes(app, { store, callContext, jsonBody, tenantTransaction });
  // ---- retention of activities and of the change feed (server/retention.ts)
  retentionRoutes(app, { store, callContext, jsonBody, tenantTransaction });

  return app;
}
