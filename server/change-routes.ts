/**
 * The routes of the change feed: `GET /v1/changes`, a page of the feed after a change number, and
 * `GET /v1/events`, the live stream (server-sent events) of the changes and erasures the hub
 * (server/hub.ts) offers, resumed after a `Last-Event-ID`.
 */
import type { Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import * as z from 'zod/mini';
import { InvalidInputError, type FieldSetRegistry } from '../src/model/index.js';
import { API_HEADERS, type Env } from './app.js';
import { allow } from './authz.js';
import type { Queryable } from './db.js';
import { erasedAmong } from './erasure.js';
import { dropConnection, sleep } from './fault-routes.js';
import type { FaultHarness } from './faults.js';
import type { ChangeHub, HubSubscriber } from './hub.js';
import { respond } from './problems.js';
import { feedPrunedThrough } from './retention.js';
import { feedPruned } from './retention-routes.js';
import type { CallContext, FeedChange, Store } from './store.js';

export interface ChangeDeps {
  readonly store: Store;
  readonly hub: ChangeHub;
  /** The fault harness, whose stream faults (`sse-slow`, `sse-drop`, `sse-gap`) the stream plays. */
  readonly faults: FaultHarness | undefined;
  /** How many changes a stream replays after a Last-Event-ID before it answers with a gap instead. */
  readonly replayLimit: number;
  /** How often an idle stream sends a comment line, in ms. */
  readonly heartbeatMs: number;
  readonly callContext: (c: Context<Env>) => Promise<CallContext>;
  readonly tenantTransaction: <T>(
    c: Context<Env>,
    ctx: CallContext,
    work: (tx: Queryable, fieldSets: FieldSetRegistry, head: number) => Promise<T>,
    options?: { readonly head?: boolean },
  ) => Promise<T>;
  /** What of an answer reaches the caller under `fieldSets`. */
  readonly visibleFor: (c: Context<Env>, fieldSets: FieldSetRegistry) => (body: unknown) => unknown;
}

/** The events a stream may hold unsent: a client further behind is cut off, and resumes with its Last-Event-ID. */
const MAX_QUEUED_EVENTS = 10_000;

const seqSchema = z.int().check(z.minimum(0));

function parseSeq(value: string | undefined, path: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const seq = Number(value);
  if (!z.safeParse(seqSchema, seq).success || !/^\d+$/.test(value.trim())) {
    throw new InvalidInputError([{ path, message: 'Must be a change number (a whole number, 0 or more)' }]);
  }
  return seq;
}

const feedLimitSchema = z.int().check(z.minimum(1, 'Must be at least 1'), z.maximum(1000, 'Must be at most 1000'));

export function changeRoutes(app: Hono<Env>, deps: ChangeDeps): void {
  const { store, hub, faults, replayLimit, heartbeatMs, callContext, tenantTransaction, visibleFor } = deps;

  app.get('/v1/changes', allow('changes.read'), async (c) => {
    const ctx = await callContext(c);
    const after = parseSeq(c.req.query('after'), 'after') ?? 0;
    const limitText = c.req.query('limit');
    const limit = limitText === undefined ? 200 : Number(limitText);
    if (!z.safeParse(feedLimitSchema, limit).success) throw new InvalidInputError([{ path: 'limit', message: 'Must be a whole number from 1 to 1000' }]);
    const customers = c.req.queries('customerId') ?? [];
    const { head, rows, pruned } = await tenantTransaction(
      c,
      ctx,
      async (tx, _fieldSets, head) => ({
        head,
        rows: await store.changes(tx, ctx.lab, after, customers, limit + 1),
        // Read after the rows: a prune committing in between makes this a 410, never a page with a hole.
        pruned: await feedPrunedThrough(tx, store),
      }),
      { head: true },
    );
    if (after < pruned) return respond(c, feedPruned(after, Math.max(head, pruned), pruned), { [API_HEADERS.seq]: String(Math.max(head, pruned)) });
    const page = rows.slice(0, limit).map(({ tenant: _tenant, lab: _lab, ...change }) => change);
    return respond(c, { status: 200, body: { changes: page, hasMore: rows.length > limit, head } }, { [API_HEADERS.seq]: String(head) });
  });

  app.get('/v1/events', allow('changes.read'), async (c) => {
    const ctx = await callContext(c);
    const lastEventId = parseSeq(c.req.header('Last-Event-ID'), 'Last-Event-ID');
    const ids = c.req.queries('customerId') ?? [];
    const customers = ids.length ? new Set(ids) : null;
    const slow = faults?.take(c.req.method, c.req.path, ['sse-slow']);
    const drop = faults?.take(c.req.method, c.req.path, ['sse-drop']);
    const gap = lastEventId !== undefined ? faults?.take(c.req.method, c.req.path, ['sse-gap']) : undefined;
    c.header('Cache-Control', 'no-store');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      // Changes, and erasures (heard live only: they have no number of their own).
      const queue: (FeedChange | { readonly erased: string })[] = [];
      let wake: (() => void) | undefined;
      let closed = false;
      const subscriber: HubSubscriber = {
        tenant: ctx.tenant,
        lab: ctx.lab,
        customers,
        offer(change) {
          // A client too slow to keep up is cut off; it resumes with Last-Event-ID (or a gap).
          if (queue.length >= MAX_QUEUED_EVENTS) {
            closed = true;
            dropConnection(c as Context<Env>);
          } else queue.push(change);
          wake?.();
        },
        erased(customerId) {
          queue.push({ erased: customerId });
          wake?.();
        },
      };
      hub.add(subscriber);
      stream.onAbort(() => {
        closed = true;
        wake?.();
      });
      let sent = 0;
      const send = async (message: { id: number; event: string; data: unknown }) => {
        if (slow?.ms) await sleep(slow.ms);
        // Masked by the field sets in force when it is sent: a stream outlives a change to them.
        const data = message.event === 'change' ? await store.transaction(ctx, async (tx, opened) => visibleFor(c, await store.registryFor(tx, ctx.tenant, opened.fieldSetVersion))(message.data), { fieldSets: true }) : message.data;
        await stream.writeSSE({ id: String(message.id), event: message.event, data: JSON.stringify(data) });
        if (message.event === 'change') sent += 1;
        if (drop && sent >= (drop.afterEvents ?? 0) && !closed) {
          closed = true;
          dropConnection(c as Context<Env>);
        }
      };
      try {
        await stream.write('retry: 1000\n\n');
        // A customer followed here was erased while this client was not listening: told as the
        // erasure would have been. Asked after the subscriber was added, so an erasure committing
        // meanwhile is heard one way or both.
        const { head, gone } = await store.transaction(ctx, async (tx, opened) => ({ head: opened.head ?? 0, gone: await erasedAmong(tx, ctx, store, ids) }), { head: true });
        // Before anything else on this connection, so that a client told it is followed (ready) has
        // heard them; numbered no further than the head, even for a Last-Event-ID from the future.
        for (const customerId of gone) await send({ id: Math.min(lastEventId ?? head, head), event: 'erased', data: { customerId } });
        let lastSent: number;
        if (lastEventId === undefined) {
          lastSent = head;
          await send({ id: head, event: 'ready', data: { head } });
        } else if (lastEventId > head) {
          // The client heard of changes this server does not have (it was restored from a backup,
          // or started afresh): the numbers after the head will be given again, so the client
          // must take the head as the last number it has seen, or it would drop them as heard.
          lastSent = head;
          await send({ id: head, event: 'reset', data: { head } });
        } else {
          const { replay, pruned } = await store.transaction(ctx, async (tx) => ({
            replay: await store.changes(tx, ctx.lab, lastEventId, ids, replayLimit + 1),
            // Read after the replay, as /v1/changes does.
            pruned: await feedPrunedThrough(tx, store),
          }));
          if (!gap && lastEventId < pruned) {
            // Changes after the client's number were pruned (server/retention.ts): it must read its
            // data again and go on from the head, as after a restore.
            lastSent = Math.max(head, pruned);
            await send({ id: lastSent, event: 'reset', data: { head: lastSent } });
          } else if (gap || replay.length > replayLimit) {
            // Too far behind to replay here: the client reads (lastEventId, head] from /v1/changes.
            lastSent = Math.max(head, lastEventId);
            await send({ id: lastSent, event: 'gap', data: { after: lastEventId, head: lastSent } });
          } else {
            lastSent = lastEventId;
            for (const { tenant: _tenant, lab: _lab, ...change } of replay) {
              if (closed) break;
              await send({ id: change.seq, event: 'change', data: change });
              lastSent = change.seq;
            }
            if (!closed) await send({ id: Math.max(lastSent, head), event: 'ready', data: { head: Math.max(lastSent, head) } });
            lastSent = Math.max(lastSent, head);
          }
        }
        while (!closed) {
          const next = queue.shift();
          if (next && 'erased' in next) {
            // Only the id: the client forgets the customer (src/backend/offline-copy.ts). The stream's number stays.
            await send({ id: lastSent, event: 'erased', data: { customerId: next.erased } });
            continue;
          }
          if (next) {
            if (next.seq <= lastSent) continue;
            const { tenant: _tenant, lab: _lab, ...change } = next;
            await send({ id: change.seq, event: 'change', data: change });
            lastSent = change.seq;
            continue;
          }
          const woken = await new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), heartbeatMs);
            wake = () => {
              clearTimeout(timer);
              resolve(true);
            };
          });
          wake = undefined;
          if (!woken && !closed) await stream.write(': ping\n\n');
        }
      } finally {
        hub.remove(subscriber);
      }
    });
  });
}
