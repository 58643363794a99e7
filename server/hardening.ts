/**
 * The app's defences for a server on the internet: CORS for listed origins only, JSON bodies only
 * (a cross-site form cannot write), text that PostgreSQL can store, error logs without customer
 * data, a rate limit per caller and a deadline per request. Each is a Hono middleware (or, for
 * errors, a reporter) that `createApp` puts in place.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { FieldIssue } from '../src/model/index.js';
import type { Env } from './app.js';
import type { RateLimit } from './config.js';
import { problem, respond } from './problems.js';

// ---- CORS

export interface CorsHeaders {
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly maxAgeSeconds: number;
}

/**
 * CORS for exactly the listed origins. Any other origin (`null`, a look-alike) gets no CORS header
 * at all, preflights included, so a browser keeps its page from reading answers or sending
 * anything but a simple request; `*` and credentials are never granted.
 */
export function corsFor(origins: readonly string[], headers: CorsHeaders): MiddlewareHandler<Env> {
  const allowed = new Set(origins);
  return async (c, next) => {
    const origin = c.req.header('Origin');
    const listed = origin !== undefined && allowed.has(origin);
    if (c.req.method === 'OPTIONS' && c.req.header('Access-Control-Request-Method') !== undefined) {
      const answer = new Headers({ Vary: 'Origin' });
      if (listed) {
        answer.set('Access-Control-Allow-Origin', origin);
        answer.set('Access-Control-Allow-Methods', headers.allowMethods.join(', '));
        answer.set('Access-Control-Allow-Headers', headers.allowHeaders.join(', '));
        answer.set('Access-Control-Max-Age', String(headers.maxAgeSeconds));
      }
      return new Response(null, { status: 204, headers: answer });
    }
    // Set before the handler runs, so that streams and error answers carry them too.
    c.header('Vary', 'Origin', { append: true });
    if (listed) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Expose-Headers', headers.exposeHeaders.join(', '));
    }
    await next();
  };
}

// ---- JSON bodies only

const BODY_METHODS = new Set(['POST', 'PATCH', 'PUT']);

/** `application/json` or `application/<x>+json`, with no parameter but a UTF-8 charset. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const [type = '', ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (!/^application\/(?:[a-z0-9!#$&^_.-]+\+)?json$/.test(type)) return false;
  return parameters.every((parameter) => /^charset\s*=\s*"?utf-8"?$/.test(parameter));
}

/**
 * Every request that may carry a body must say it is JSON. A page of another origin can send
 * text/plain, form-urlencoded or multipart bodies without asking first (no preflight); a JSON
 * content type it cannot, so this keeps cross-site forms from writing.
 */
export function jsonBodiesOnly(): MiddlewareHandler<Env> {
  return async (c, next) => {
    if (!BODY_METHODS.has(c.req.method) || isJsonMediaType(c.req.header('Content-Type'))) return next();
    return respond(
      c,
      problem(415, 'invalid-input', 'Request bodies must be JSON, sent with Content-Type: application/json', {
        issues: [{ path: 'Content-Type', message: 'Must be application/json' }],
      }),
    );
  };
}

// ---- text PostgreSQL can store

/** NUL, which PostgreSQL text cannot hold, and UTF-16 surrogates without their pair, which UTF-8 cannot encode. */
const UNSTORABLE = /[\0\p{Cs}]/u;
const UNSTORABLE_MESSAGE = 'Must not contain NUL characters, unpaired surrogates or broken % escapes';

/** Paths (dotted, as the model's issues name them) of every key or string in `value` that PostgreSQL cannot store. */
export function unstorableTextPaths(value: unknown, path = ''): string[] {
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if (typeof value === 'string') return UNSTORABLE.test(value) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => unstorableTextPaths(item, at(String(index))));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) =>
      UNSTORABLE.test(key) ? [at(printable(key))] : unstorableTextPaths(item, at(key)),
    );
  }
  return [];
}

/** A key as an issue path may show it: the offending characters as \u escapes. */
function printable(text: string): string {
  return text.replace(/[\0\p{Cs}]/gu, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Whether a path segment is text PostgreSQL can store: one whose escapes do not decode (a bare `%`, a byte no UTF-8) is not. */
function storableSegment(segment: string): boolean {
  try {
    return !UNSTORABLE.test(decodeURIComponent(segment));
  } catch {
    return false;
  }
}

/**
 * Refuses with 422 (never a 500 from the database) a request whose path, query or JSON body holds
 * text PostgreSQL cannot store, naming each place: `id` for a path segment, the parameter's name,
 * the field's path. Runs after the body limit: the body it reads is the one the handler reads again.
 */
export function storableTextOnly(): MiddlewareHandler<Env> {
  return async (c, next) => {
    const issues: FieldIssue[] = [];
    const url = new URL(c.req.url);
    if (!url.pathname.split('/').every(storableSegment)) issues.push({ path: 'id', message: UNSTORABLE_MESSAGE });
    for (const [name, values] of Object.entries(c.req.queries())) {
      if (UNSTORABLE.test(name) || values.some((value) => UNSTORABLE.test(value))) issues.push({ path: printable(name), message: UNSTORABLE_MESSAGE });
    }
    if (BODY_METHODS.has(c.req.method)) {
      let body: unknown;
      try {
        body = JSON.parse(await c.req.text());
      } catch (error) {
        // A body that is no JSON is the handler's to refuse; one over the limit the body limit's.
        if (!(error instanceof SyntaxError)) throw error;
      }
      for (const path of unstorableTextPaths(body)) issues.push({ path, message: UNSTORABLE_MESSAGE });
    }
    if (!issues.length) return next();
    return respond(c, problem(422, 'invalid-input', `${issues[0]!.path || 'The body'}: ${UNSTORABLE_MESSAGE}`, { issues }));
  };
}

// ---- error reports

/** One line for the operator's log. It never carries a request body, a query string or a field value. */
export type LogLine = (line: string) => void;

/**
 * What may be said of an unexpected error without its message, which for a database error can
 * quote the values of the failing row: its class and, for PostgreSQL errors, the SQLSTATE code.
 */
export function describeError(error: unknown): string {
  const name = error instanceof Error ? error.constructor.name || error.name : typeof error;
  const code = (error as { code?: unknown } | null)?.code;
  const sqlState = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? ` sqlstate=${code}` : '';
  return `class=${name.replace(/[^\w$.-]/g, '_')}${sqlState}`;
}

/** Logs an unexpected error by reference and answers 500 with that reference, so an operator can match the two. */
export function reportFailure(c: Context, error: unknown, log: LogLine): Response {
  const reference = randomUUID();
  const route = routePath(c, -1) || '*';
  log(`error reference=${reference} method=${c.req.method} route=${route} ${describeError(error)}`);
  return respond(c, problem(500, 'unavailable', `The server failed; quote reference ${reference} to its operator`, { reference }));
}

// ---- rate limit

interface Bucket {
  /** In request-milliseconds: a request costs `perMs`, and every millisecond adds `requests` (whole numbers, so no rounding drifts). */
  level: number;
  at: number;
}

/**
 * Whom a request is counted against: the authenticated principal, else the bearer token, else
 * the address it came from. The local operator (`--token`, or no authentication) is no one in
 * particular: every caller is it, so it is counted by token or address.
 */
export function callerKey(c: Context<Env>): string {
  const principal = c.get('principal');
  if (principal && principal.via !== 'token') return `principal:${principal.tenant}:${principal.id}`;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('Authorization') ?? '');
  if (bearer) return `token:${createHash('sha256').update(bearer[1]!).digest('base64url')}`;
  return addressOf(c);
}

/** Buckets kept before full ones (callers idle for a whole window) are forgotten. */
const SWEEP_AT = 10_000;

/** A token bucket per key: `requests` at once, refilled evenly over `perMs`. */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly full: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {
    this.full = limit.requests * limit.perMs;
  }

  /** Seconds until `key` may go on; 0 when it may now. Takes nothing. */
  wait(key: string): number {
    const bucket = this.current(key);
    return bucket.level >= this.limit.perMs ? 0 : Math.max(1, Math.ceil((this.limit.perMs - bucket.level) / this.limit.requests / 1000));
  }

  /** Takes one from `key`'s bucket if it can; answers the seconds to wait when it cannot (0 when taken). */
  take(key: string): number {
    const waitFor = this.wait(key);
    if (!waitFor) this.current(key).level -= this.limit.perMs;
    return waitFor;
  }

  private current(key: string): Bucket {
    const time = this.now();
    const levelAt = (bucket: Bucket) => Math.min(this.full, bucket.level + Math.max(0, time - bucket.at) * this.limit.requests);
    if (this.buckets.size >= SWEEP_AT) {
      for (const [other, bucket] of this.buckets) if (levelAt(bucket) >= this.full) this.buckets.delete(other);
    }
    const bucket = this.buckets.get(key) ?? { level: this.full, at: time };
    bucket.level = levelAt(bucket);
    bucket.at = time;
    this.buckets.set(key, bucket);
    return bucket;
  }
}

/** The 429 answer, with Retry-After in whole seconds. */
export function tooManyRequests(c: Context, retryAfter: number): Response {
  return respond(c, problem(429, 'unavailable', `Too many requests: try again in ${retryAfter} s`), { 'Retry-After': String(retryAfter) });
}

/** The address a request came from (behind a proxy, the proxy's). */
export function addressOf(c: Context<Env>): string {
  return `address:${c.env?.incoming?.socket.remoteAddress ?? 'unknown'}`;
}

/**
 * A token bucket per caller (`callerKey`): `requests` at once, refilled evenly over `perMs`. Over
 * it, 429 with Retry-After (whole seconds until one request is allowed again).
 */
export function rateLimit(limit: RateLimit, now: () => number = Date.now): MiddlewareHandler<Env> {
  const buckets = new TokenBuckets(limit, now);
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return next();
    const retryAfter = buckets.take(callerKey(c));
    return retryAfter ? tooManyRequests(c, retryAfter) : next();
  };
}

// ---- deadline

/** Thrown where a handler notices that its request's deadline passed: its work is rolled back. */
export class DeadlinePassed extends Error {
  constructor() {
    super('The request outlasted its deadline');
    this.name = 'DeadlinePassed';
  }
}

/**
 * Answers 503 with Retry-After when a request is still being handled `ms` after it arrived. The
 * handler hears it through the `deadline` signal on the context: a write checks it before its
 * commit and rolls back, so a client told to retry never finds the first try applied after all.
 * Event streams are exempt (they are meant to last).
 */
export function deadline(ms: number, retryAfterSeconds = 1): MiddlewareHandler<Env> {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS' || c.req.path === '/v1/events') return next();
    const controller = new AbortController();
    c.set('deadline', controller.signal);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const passed = new Promise<'passed'>((resolve) => {
      timer = setTimeout(() => resolve('passed'), ms);
    });
    try {
      const outcome = await Promise.race([next().then(() => 'done' as const), passed]);
      if (outcome === 'done') return;
      controller.abort(new DeadlinePassed());
      c.res = respond(c, problem(503, 'unavailable', `The request took longer than ${ms} ms: try again`), {
        'Retry-After': String(retryAfterSeconds),
      });
    } finally {
      clearTimeout(timer);
    }
  };
}
