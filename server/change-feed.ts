/**
 * The change feed: every change to a customer's activities, numbered in commit order, in one table
 * of all tenants' changes. A commit announces its newest number on the store's NOTIFY channel;
 * the hub (server/hub.ts) reads on from there, and event streams replay from a number.
 */
import type { Activity } from '../src/model/index.js';
import type { ActivityChange } from '../src/backend/adapter.js';
import type { Queryable } from './db.js';
import type { CallContext } from './store.js';

/** One entry of the change feed. */
export interface StoredChange extends ActivityChange {
  readonly seq: number;
  readonly at: string;
}

/** A change as the server reads it from the feed: with its tenant and partition. */
export interface FeedChange extends StoredChange {
  readonly tenant: string;
  readonly lab: boolean;
}

/** The feed of one schema; `Store.feed`, whose methods of the same names answer from here. */
export class ChangeFeed {
  constructor(
    /** The schema, whose `retention` table holds the feed's pruned point. */
    private readonly schema: string,
    /** The feed's table, schema-qualified. */
    private readonly table: string,
    /** The NOTIFY channel on which commits announce new change numbers. */
    private readonly channel: string,
    /** The setting naming a transaction's tenant (see migrations.ts). */
    private readonly tenantSetting: string,
  ) {}

  /**
   * The newest change number a tenant's transaction can see: the newest of that tenant's changes
   * (of either partition; numbers are shared by all, so any is a point to resume from), never
   * below the feed's pruned point (server/retention.ts): a feed pruned empty still answers the
   * number it had reached. Read as one step back from the end of each of the tenant's partitions
   * in the (tenant, lab, seq) index: a bare max(seq) walked the whole feed back from its end,
   * past every other tenant's changes, to reach a quiet tenant's last (seconds on a large feed).
   */
  async head(tx: Queryable): Promise<number> {
    const { rows } = await tx.query<{ head: string }>(`SELECT ${this.headOf('$1')} AS head`, [this.tenantSetting]);
    return Number(rows[0]?.head ?? 0);
  }

  /** The head's expression (text), `setting` the SQL naming the tenant's setting (a parameter or a literal); `Store.transaction` reads it too. */
  headOf(setting: string): string {
    const newest = (lab: boolean) => `(SELECT max(seq) FROM ${this.table} WHERE tenant = current_setting(${setting}) AND lab = ${lab})`;
    return `greatest(coalesce(${newest(false)}, 0), coalesce(${newest(true)}, 0), (SELECT coalesce(max(feed_pruned_through), 0) FROM "${this.schema}".retention))::text`;
  }

  /** The newest change number of every tenant, for the system's transaction (the fan-out), never below a pruned point. */
  async feedHead(tx: Queryable): Promise<number> {
    const { rows } = await tx.query<{ head: string }>(
      `SELECT greatest(coalesce(max(seq), 0), (SELECT coalesce(max(feed_pruned_through), 0) FROM "${this.schema}".retention))::text AS head FROM ${this.table}`,
    );
    return Number(rows[0]?.head ?? 0);
  }

  /** Changes after `after` the transaction can see, oldest first, of the given customers (all when none are named). */
  async changes(
    tx: Queryable,
    lab: boolean | undefined,
    after: number,
    customerIds: readonly string[],
    limit: number,
  ): Promise<FeedChange[]> {
    const params: unknown[] = [after];
    const conditions = ['seq > $1'];
    if (lab !== undefined) {
      params.push(lab);
      conditions.push(`lab = $${params.length}`);
    }
    if (customerIds.length) {
      conditions.push(`customer_id IN (${customerIds.map((id) => (params.push(id), `$${params.length}`)).join(', ')})`);
    }
    // Ordered by the column (a number), not by the text alias of the same name: as text, 10 and 100 would come before 9.
    const { rows } = await tx.query<{ seq: string; tenant: string; lab: boolean; kind: ActivityChange['kind']; customer_id: string; activity_id: string; activity: string | null; at: string }>(
      `SELECT seq::text AS seq, tenant, lab, kind, customer_id, activity_id, activity, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
       FROM ${this.table} WHERE ${conditions.join(' AND ')} ORDER BY ${this.table}.seq LIMIT ${Math.max(1, Math.floor(limit))}`,
      params,
    );
    return rows.map((row) => ({
      seq: Number(row.seq),
      tenant: row.tenant,
      lab: row.lab,
      at: row.at,
      kind: row.kind,
      customerId: row.customer_id,
      activityId: row.activity_id,
      ...(row.activity === null ? {} : { activity: JSON.parse(row.activity) as Activity }),
    }));
  }

  /**
   * Appends a change and announces it. The lock makes writers take their change numbers in commit
   * order (it is held until the commit), so a reader that has seen number n has seen every change
   * below n: the feed never grows a hole behind a reader. The retention job records its deletes here too.
   */
  async recordChange(tx: Queryable, ctx: CallContext, change: ActivityChange): Promise<number> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${this.schema}:changes`]);
    const { rows } = await tx.query<{ seq: string }>(
      `INSERT INTO ${this.table} (lab, kind, customer_id, activity_id, activity) VALUES ($1, $2, $3, $4, $5) RETURNING seq::text AS seq`,
      [ctx.lab, change.kind, change.customerId, change.activityId, change.activity ? JSON.stringify(change.activity) : null],
    );
    const seq = Number(rows[0]!.seq);
    await tx.query('SELECT pg_notify($1, $2)', [this.channel, String(seq)]);
    return seq;
  }

  /** Appends many changes in one statement, in the order given, and announces the last number. */
  async recordChanges(tx: Queryable, ctx: CallContext, changes: readonly ActivityChange[]): Promise<void> {
    if (!changes.length) return;
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${this.schema}:changes`]);
    const { rows } = await tx.query<{ seq: string }>(
      `INSERT INTO ${this.table} (lab, kind, customer_id, activity_id, activity)
       SELECT $1, kind, customer_id, activity_id, activity FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS c(kind, customer_id, activity_id, activity, n)
       ORDER BY n RETURNING seq::text AS seq`,
      [
        ctx.lab,
        changes.map((change) => change.kind),
        changes.map((change) => change.customerId),
        changes.map((change) => change.activityId),
        changes.map((change) => (change.activity ? JSON.stringify(change.activity) : null)),
      ],
    );
    const last = Math.max(...rows.map((row) => Number(row.seq)));
    await tx.query('SELECT pg_notify($1, $2)', [this.channel, String(last)]);
  }
}
