/**
 * The fault harness's side of the app (server/faults.ts): the `/__faults` endpoints that schedule,
 * clear and list faults, the `/v1` middleware that logs each request for them and plays the fault
 * scheduled for a request, and the faults as a client meets them.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import * as z from 'zod/mini';
import { API_HEADERS, type Env } from './app.js';
import { allow } from './authz.js';
import { faultRequestSchema, type FaultHarness, type FaultKind, type FaultRule } from './faults.js';
import { DeadlinePassed } from './hardening.js';
import { problem, respond } from './problems.js';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Closes the client's connection without an answer: what a crashed proxy or a cut cable looks like. */
export function dropConnection(c: Context<Env>): void {
  c.env?.incoming?.socket.destroy();
}

/** `POST`, `DELETE /__faults` and `GET /__faults/log`, for callers who may manage faults only. */
export function faultRoutes(app: Hono<Env>, faults: FaultHarness, authorize: MiddlewareHandler<Env>): void {
  app.use('/__faults', authorize, allow('faults.manage'));
  app.use('/__faults/*', authorize, allow('faults.manage'));
  app.post('/__faults', async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    const parsed = z.safeParse(faultRequestSchema, body);
    if (!parsed.success) return respond(c, problem(422, 'invalid-input', `Not a fault schedule: ${parsed.error.message}`));
    faults.schedule(parsed.data.faults);
    return respond(c, { status: 200, body: { scheduled: parsed.data.faults.length } });
  });
  app.delete('/__faults', (c) => {
    faults.clear();
    return c.body(null, 204);
  });
  app.get('/__faults/log', (c) => respond(c, { status: 200, body: { requests: faults.log() } }));
}

/** Logs each request, once answered, for the fault harness (when there is one), with the fault played on it. */
export function faultLog(faults: FaultHarness | undefined): MiddlewareHandler<Env> {
  return async (c, next) => {
    let fault: FaultKind | undefined;
    c.set('noteFault', (kind) => (fault = kind));
    await next();
    faults?.record({
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ...(c.req.header(API_HEADERS.idempotencyKey) ? { idempotencyKey: c.req.header(API_HEADERS.idempotencyKey)! } : {}),
      ...(c.res.headers.get(API_HEADERS.replayed) ? { replayed: true } : {}),
      ...(c.req.header('Last-Event-ID') ? { lastEventId: c.req.header('Last-Event-ID')! } : {}),
      ...(fault ? { fault } : {}),
    });
  };
}

/** Plays the fault scheduled for a request, if any, in place of (or around) its handling. */
export function injectFaults(faults: FaultHarness): MiddlewareHandler<Env> {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return next();
    const rule = faults.takeRequestFault(c.req.method, c.req.path);
    if (!rule) return next();
    c.get('noteFault')(rule.kind);
    return applyFault(c, rule, next);
  };
}

/**
 * Resolves once the request's deadline has passed or its client has gone (at once for a request
 * without a deadline). After the deadline, it waits for the next turn of the event loop, so that
 * the deadline's own answer has gone out before the held request goes on.
 */
function deadlinePassed(c: Context<Env>): Promise<void> {
  const signal = c.get('deadline');
  const socket = c.env?.incoming?.socket;
  if (!signal || signal.aborted || socket?.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done);
      socket?.off('close', done);
      setTimeout(resolve, 0);
    };
    signal.addEventListener('abort', done, { once: true });
    socket?.once('close', done);
  });
}

async function applyFault(c: Context<Env>, rule: FaultRule, next: () => Promise<void>): Promise<Response | void> {
  switch (rule.kind) {
    case 'delay':
    case 'hang':
      if (rule.kind === 'delay') await sleep(rule.ms ?? 1000);
      else await deadlinePassed(c);
      // A client that gave up (or a server that stopped) meanwhile gets nothing more done.
      if (c.env?.incoming?.socket.destroyed) return c.body(null, 500);
      if (c.get('deadline')?.aborted) throw new DeadlinePassed();
      return next();
    case 'status': {
      const status = rule.status ?? 503;
      const answer = problem(status, status === 429 || status >= 500 ? 'unavailable' : 'invalid-input', `Simulated ${status}`);
      const headers: Record<string, string> = {};
      if (rule.retryAfter !== undefined) headers['Retry-After'] = String(rule.retryAfter);
      return respond(c, answer, headers);
    }
    case 'drop':
      dropConnection(c);
      return c.body(null, 500);
    case 'drop-after':
      await next();
      dropConnection(c);
      return;
    case 'malformed':
      return c.body('{"matches": [ {"customer": ', 200, { 'Content-Type': 'application/json' });
    default:
      return next();
  }
}
