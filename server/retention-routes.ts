/**
 * The routes of retention (server/retention.ts): `GET` and `PUT /v1/retention`, for admins only
 * (server/authz.ts), and the answer a client gets when the changes it asks for were pruned.
 */
import type { Context, Hono } from 'hono';
import type { FieldSetRegistry } from '../src/model/index.js';
import type { Env } from './app.js';
import { allow } from './authz.js';
import type { Queryable } from './db.js';
import { DeadlinePassed } from './hardening.js';
import { problem, respond, type Problem } from './problems.js';
import { getRetention, putRetention } from './retention.js';
import type { CallContext, Store } from './store.js';

export interface RetentionDeps {
  readonly store: Store;
  readonly callContext: (c: Context<Env>) => Promise<CallContext>;
  readonly jsonBody: (c: Context<Env>) => Promise<{ value: unknown }>;
  readonly tenantTransaction: <T>(c: Context<Env>, ctx: CallContext, work: (tx: Queryable, fieldSets: FieldSetRegistry) => Promise<T>) => Promise<T>;
}

/** The problem type of an answer about changes that were pruned from the feed. */
export const FEED_PRUNED = 'feed-pruned';

/**
 * 410: the changes after `after` are gone from the feed. The client reads its data again and goes
 * on from `head` (also in `Context-Seq`). Its `code` is `not-found` (with `kind` "changes"), so a
 * client that knows only the codes still reads it as a refusal, not as an outage to retry.
 */
export function feedPruned(after: number, head: number, prunedThrough: number): Problem {
  return problem(410, 'not-found', `The changes after ${after} were pruned from the feed (through ${prunedThrough}): read the data again and go on from ${head}`, {
    type: FEED_PRUNED,
    title: 'Gone',
    kind: 'changes',
    id: String(after),
    head,
    prunedThrough,
  });
}

export function retentionRoutes(app: Hono<Env>, deps: RetentionDeps): void {
  const { store } = deps;

  app.get('/v1/retention', allow('retention.read'), async (c) => {
    const ctx = await deps.callContext(c);
    const settings = await deps.tenantTransaction(c, ctx, (tx) => getRetention(tx, store));
    return respond(c, { status: 200, body: settings }, { 'Cache-Control': 'no-store' });
  });

  app.put('/v1/retention', allow('retention.write'), async (c) => {
    const ctx = await deps.callContext(c);
    const { value } = await deps.jsonBody(c);
    const settings = await deps.tenantTransaction(c, ctx, async (tx) => {
      const saved = await putRetention(tx, store, value);
      // The client was told to try again: this try must leave nothing behind.
      if (c.get('deadline')?.aborted) throw new DeadlinePassed();
      return saved;
    });
    return respond(c, { status: 200, body: settings }, { 'Cache-Control': 'no-store' });
  });
}
