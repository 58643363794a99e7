/**
 * Retention, per tenant: activities older than the tenant's retention are deleted, and the change
 * feed loses its rows older than the feed's retention. Both go in small batches, each its own
 * short transaction as the tenant (row-level security keeps a batch to that tenant's rows), so no
 * lock is held for long and writers wait at most one batch. A deleted activity is recorded in the
 * feed as `deleted`, as `deleteActivity` records it, so a gadget following that customer drops it.
 * The highest change number pruned is the feed's pruned point: a client that asks for changes
 * below it is told to start again from the head (410 `feed-pruned`, or `reset` on /v1/events).
 */
import * as z from 'zod/mini';
import { parseOrThrow } from '../src/model/index.js';
import type { Queryable } from './db.js';
import { describeError, type LogLine } from './hardening.js';
import type { Store } from './store.js';

export const RETENTION_LIMITS = { activityDays: { min: 1, max: 36_500 }, feedDays: { min: 1, max: 3650 } } as const;
/** How long the feed keeps its rows when a tenant has not said. */
export const DEFAULT_FEED_DAYS = 30;
const DAY_MS = 86_400_000;

/** A tenant's retention as the API answers it. */
export interface RetentionSettings {
  /** Days an activity is kept after its `created`; null keeps activities for ever. */
  readonly activityRetentionDays: number | null;
  /** Days a change stays in the feed (`/v1/changes`, resuming `/v1/events`). */
  readonly changeFeedRetentionDays: number;
  /** The highest change number pruned from the feed: changes after a lower number can no longer be read. */
  readonly feedPrunedThrough: number;
}

const days = (limits: { min: number; max: number }) =>
  z.int('Must be a whole number of days').check(z.minimum(limits.min, `Must be at least ${limits.min} day`), z.maximum(limits.max, `Must be at most ${limits.max} days`));

/** A PUT: the activities' retention (null for ever) and, optionally, the feed's (default 30 days). */
export const retentionInputSchema = z.strictObject({
  activityRetentionDays: z.nullable(days(RETENTION_LIMITS.activityDays)),
  changeFeedRetentionDays: z.optional(days(RETENTION_LIMITS.feedDays)),
});

function tableOf(store: Store): string {
  return `"${store.schema}".retention`;
}

interface Row {
  activity_days: number | null;
  feed_days: number;
  feed_pruned_through: string;
}

function settingsOf(row: Row | undefined): RetentionSettings {
  return {
    activityRetentionDays: row?.activity_days ?? null,
    changeFeedRetentionDays: row?.feed_days ?? DEFAULT_FEED_DAYS,
    feedPrunedThrough: Number(row?.feed_pruned_through ?? 0),
  };
}

/** The transaction's tenant's retention (the defaults until it sets its own). */
export async function getRetention(tx: Queryable, store: Store): Promise<RetentionSettings> {
  const { rows } = await tx.query<Row>(`SELECT activity_days, feed_days, feed_pruned_through::text AS feed_pruned_through FROM ${tableOf(store)}`);
  return settingsOf(rows[0]);
}

/** Replaces the transaction's tenant's retention; the pruned point stays what the feed has reached. */
export async function putRetention(tx: Queryable, store: Store, input: unknown): Promise<RetentionSettings> {
  const { activityRetentionDays, changeFeedRetentionDays = DEFAULT_FEED_DAYS } = parseOrThrow(retentionInputSchema, input);
  const { rows } = await tx.query<Row>(
    `INSERT INTO ${tableOf(store)} (activity_days, feed_days) VALUES ($1, $2)
     ON CONFLICT (tenant) DO UPDATE SET activity_days = excluded.activity_days, feed_days = excluded.feed_days, updated = now()
     RETURNING activity_days, feed_days, feed_pruned_through::text AS feed_pruned_through`,
    [activityRetentionDays, changeFeedRetentionDays],
  );
  return settingsOf(rows[0]);
}

/** The feed's pruned point for the transaction's tenant (0 when nothing was pruned). */
export async function feedPrunedThrough(tx: Queryable, store: Store): Promise<number> {
  return (await getRetention(tx, store)).feedPrunedThrough;
}

export interface RetentionOptions {
  /** The clock the cutoffs are taken from (default Date.now). */
  readonly now?: () => number;
  /** Rows deleted per transaction (default 500). */
  readonly batchSize?: number;
  /** Where the run's one summary line goes: counts only. */
  readonly log?: LogLine;
  /** Stops the run between batches (a server shutting down). */
  readonly signal?: AbortSignal;
}

/** What one run did. */
export interface RetentionReport {
  /** Activities deleted, by tenant (tenants with none deleted are absent). */
  readonly deleted: Record<string, number>;
  /** Transactions that deleted activities. */
  readonly batches: number;
  /** Change feed rows pruned, of all tenants. */
  readonly changesPruned: number;
  /** The pruned point of each tenant whose feed lost rows in this run. */
  readonly prunedThrough: Record<string, number>;
}

export const DEFAULT_BATCH_SIZE = 500;

/**
 * One retention run over every tenant. Only the feed rows that existed when the run began are
 * pruned: the `deleted` changes this run records stay for clients to hear.
 */
export async function runRetention(store: Store, options: RetentionOptions = {}): Promise<RetentionReport> {
  const now = (options.now ?? Date.now)();
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE));
  const { tenants, head } = await store.systemTransaction(async (tx) => {
    const { rows } = await tx.query<{ tenant: string; activity_days: number | null; feed_days: number | null }>(
      `SELECT t.tenant, r.activity_days, r.feed_days
       FROM (SELECT tenant FROM ${tableOf(store)} UNION SELECT DISTINCT tenant FROM ${store.table.changes}) t
       LEFT JOIN ${tableOf(store)} r ON r.tenant = t.tenant ORDER BY t.tenant`,
    );
    const { rows: last } = await tx.query<{ head: string }>(`SELECT coalesce(max(seq), 0)::text AS head FROM ${store.table.changes}`);
    return { tenants: rows, head: Number(last[0]?.head ?? 0) };
  });
  const report = { deleted: {} as Record<string, number>, batches: 0, changesPruned: 0, prunedThrough: {} as Record<string, number> };
  for (const { tenant, activity_days: activityDays, feed_days: feedDays } of tenants) {
    if (activityDays !== null) {
      const cutoff = new Date(now - activityDays * DAY_MS).toISOString();
      for (;;) {
        if (options.signal?.aborted) return finish(report, options);
        const count = await store.transaction({ tenant }, (tx) => deleteBatch(tx, store, tenant, cutoff, batchSize));
        if (count === 0) break;
        report.batches += 1;
        report.deleted[tenant] = (report.deleted[tenant] ?? 0) + count;
        if (count < batchSize) break;
      }
    }
    const feedCutoff = new Date(now - (feedDays ?? DEFAULT_FEED_DAYS) * DAY_MS).toISOString();
    for (;;) {
      if (options.signal?.aborted) return finish(report, options);
      const pruned = await store.transaction({ tenant }, (tx) => pruneBatch(tx, store, feedCutoff, head, batchSize));
      if (!pruned) break;
      report.changesPruned += pruned.count;
      report.prunedThrough[tenant] = pruned.through;
      if (pruned.count < batchSize) break;
    }
  }
  return finish(report, options);
}

function finish(report: RetentionReport, options: RetentionOptions): RetentionReport {
  const deleted = Object.values(report.deleted).reduce((sum, count) => sum + count, 0);
  // Counts only: never a tenant, an id or a value.
  options.log?.(`retention deleted=${deleted} batches=${report.batches} changes-pruned=${report.changesPruned}${options.signal?.aborted ? ' stopped=true' : ''}`);
  return report;
}

/** Deletes up to `limit` of the tenant's activities created before `cutoff`, oldest first, and records each as deleted. */
async function deleteBatch(tx: Queryable, store: Store, tenant: string, cutoff: string, limit: number): Promise<number> {
  const { rows } = await tx.query<{ lab: boolean; id: string; customer_id: string | null }>(
    // The batch is chosen once (MATERIALIZED): as `IN (SELECT … LIMIT)` PostgreSQL may run the
    // choice again for each row it weighs, and one batch then deleted more than its size.
    `WITH batch AS MATERIALIZED (
       SELECT lab, id FROM ${store.table.activities} WHERE created < $1 ORDER BY created, id LIMIT $2 FOR UPDATE SKIP LOCKED
     )
     DELETE FROM ${store.table.activities} a USING batch WHERE a.lab = batch.lab AND a.id = batch.id RETURNING a.lab, a.id, a.customer_id`,
    [cutoff, limit],
  );
  for (const row of rows) {
    if (row.customer_id !== null) await store.recordChange(tx, { tenant, lab: row.lab, region: 'US' }, { kind: 'deleted', customerId: row.customer_id, activityId: row.id });
  }
  return rows.length;
}

/** Prunes up to `limit` of the tenant's feed rows older than `cutoff` (and not after `head`), raising its pruned point in the same commit. */
async function pruneBatch(tx: Queryable, store: Store, cutoff: string, head: number, limit: number): Promise<{ count: number; through: number } | undefined> {
  const { rows } = await tx.query<{ count: string; through: string | null }>(
    `WITH batch AS MATERIALIZED (
       SELECT seq FROM ${store.table.changes} WHERE seq <= $2 AND at < $1 ORDER BY seq LIMIT $3
     ), pruned AS (
       DELETE FROM ${store.table.changes} c USING batch WHERE c.seq = batch.seq RETURNING c.seq
     ) SELECT count(*)::text AS count, max(seq)::text AS through FROM pruned`,
    [cutoff, head, limit],
  );
  const count = Number(rows[0]?.count ?? 0);
  if (!count) return undefined;
  const { rows: point } = await tx.query<{ through: string }>(
    `INSERT INTO ${tableOf(store)} (feed_pruned_through) VALUES ($1)
     ON CONFLICT (tenant) DO UPDATE SET feed_pruned_through = greatest(${tableOf(store)}.feed_pruned_through, excluded.feed_pruned_through)
     RETURNING feed_pruned_through::text AS through`,
    [rows[0]!.through],
  );
  return { count, through: Number(point[0]!.through) };
}

/** The lock that lets one run at a time go ahead, among every server on the schema. */
export function retentionLock(store: Store): string {
  return `${store.schema}:retention`;
}

/** One run, unless another (in this or another server on the same database) is under way: then undefined. */
export function runRetentionExclusively(store: Store, options: RetentionOptions = {}): Promise<RetentionReport | undefined> {
  return store.db.tryLock(retentionLock(store), () => runRetention(store, options));
}

export interface SchedulerOptions extends Omit<RetentionOptions, 'signal'> {
  /** Between the end of one run and the start of the next. */
  readonly intervalMs: number;
  /** Before the first run (default a minute, or the interval when shorter). */
  readonly firstRunMs?: number;
}

/** Runs retention now and then: never two runs at once here, and one at a time among servers sharing the database. */
export class RetentionScheduler {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private readonly stopper = new AbortController();

  constructor(
    private readonly store: Store,
    private readonly options: SchedulerOptions,
  ) {}

  start(): void {
    this.schedule(this.options.firstRunMs ?? Math.min(60_000, this.options.intervalMs));
  }

  /** Stops the schedule; a run under way stops at its next batch, and this resolves once it has. */
  async stop(): Promise<void> {
    this.stopper.abort();
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopper.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.running = runRetentionExclusively(this.store, { ...this.options, signal: this.stopper.signal })
        .then(
          (report) => {
            if (!report) this.options.log?.('retention skipped: another server is running it');
          },
          // The error's class and SQLSTATE only: a database message can quote a row's values.
          (error: unknown) => this.options.log?.(`retention failed: ${describeError(error)}`),
        )
        .finally(() => {
          this.running = undefined;
          this.schedule(this.options.intervalMs);
        });
    }, ms);
    this.timer.unref?.();
  }
}
