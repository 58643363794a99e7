/**
 * `npm run bench:server [-- --scale 0.1]`: the reference server on a real PostgreSQL, each
 * operation beside the same SQL run raw through `pg` in the same run, at 1, 10 and 50 concurrent
 * clients. Prints one table (requests/s, p50, p95, p99, the ratio of the p95s), the ingest rate
 * against its target, and whether two instances on one database share the live stream.
 *
 * PostgreSQL: DATABASE_URL, else one started with `bash .ci/postgres` (and stopped at the end).
 * Everything is written in a schema of the bench's own (`--schema`, default cc_bench), dropped at
 * the end with its two roles, so nothing else on the server is touched.
 *
 * The data: 10 tenants, 100,000 customers and 1,000,000 activities at `--scale 1`. Per tenant, two
 * template customers (one with a long journey of 55 activities, one with 5) are written through
 * the server's own Store, then cloned in SQL by the tenant's own transaction (row-level security
 * and its defaults as for any request), their ids, phones, emails and names substituted: every
 * tenth customer has the long journey, so 10 activities a customer on average. A sample of the
 * clones is checked against the model's lookup keys before anything is measured.
 *
 * The service runs in this process with API keys on and no rate limit; the clients (HTTP with
 * keep-alive, and the raw `pg.Pool` of as many connections as clients) run in a worker thread,
 * so that the load generator does not share the server's event loop. The raw side runs what the
 * store runs for the same answer: its transaction (role and tenant set, as store.transaction
 * does) and the same SELECTs, without authentication, the field-set and head reads, or JSON; for
 * ingest, the same statements a batch as the service's set-based writes.
 *
 * Flags: --scale <x> (default 1), --requests <n> per run (default 2000), --events <n> per ingest
 * level (default 20000), --batch <n> events per ingest request (default 100), --clients 1,10,50,
 * --seed <n> (the PRNG), --schema <name>, --pool <n> (the service's PostgreSQL connections, default
 * the server's, 20), --keep (leave the schema, for a second look).
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import pg from 'pg';
import { customerLookupKeys, foldForMatch, loadPhoneNormaliser, lookupIndexKey, lookupProbes, type Customer } from '../src/model/index.js';
import { ApiKeys } from '../server/api-keys.js';
import { DEFAULT_POOL_SIZE, openPostgres, type Database } from '../server/db.js';
import { migrate, schemaRoles } from '../server/migrations.js';
import { startInstance, type Instance } from '../server/server.js';
import { Store, type CallContext } from '../server/store.js';

const TENANTS = 10;
/** One area code per tenant: phones are unique across the whole data set. */
const AREAS = ['201', '212', '213', '312', '408', '415', '617', '646', '718', '917'] as const;
const FIRST = ['Avery', 'Blake', 'Casey', 'Dakota', 'Emerson', 'Finley', 'Gray', 'Harper', 'Indigo', 'Jordan', 'Kendall', 'Logan', 'Morgan', 'Noor', 'Oakley', 'Parker', 'Quinn', 'Reese', 'Sawyer', 'Tatum'] as const;
const LAST = ['Abara', 'Bjork', 'Castellanos', 'Dimitrov', 'Eze', 'Fujimoto', 'Gallagher', 'Haddad', 'Ivanova', 'Jaramillo', 'Kowalczyk', 'Lindqvist', 'Mbeki', 'Nakashima', 'Okonkwo', 'Petrov', 'Quispe', 'Rasmussen', 'Szabo', 'Tremblay', 'Urquhart', 'Valdivia', 'Wojcik', 'Xiong', 'Yilmaz'] as const;
const LONG_JOURNEY = 55;
const SHORT_JOURNEY = 5;
/** Every LONG_EVERY-th customer (n = 0, 10, 20, …) has the long journey. */
const LONG_EVERY = 10;
const MEDIA = ['voice', 'sms', 'chat', 'email', 'web', 'event'] as const;
const PAGE = 50;
/** The customer (a template) whose journey the seed's last, recent activities go to; the seed's check leaves it out. */
const RECENT = 1;

const tenantOf = (t: number) => `bench-${t}`;
const customerIdOf = (t: number, n: number) => `c${t}-${String(n).padStart(6, '0')}`;
const phoneOf = (t: number, n: number) => `+1${AREAS[t]}${200 + Math.floor(n / 10_000)}${String(n % 10_000).padStart(4, '0')}`;
const emailOf = (t: number, n: number) => `${customerIdOf(t, n)}@bench.example`;
const firstOf = (n: number) => FIRST[n % FIRST.length]!;
const lastOf = (n: number) => LAST[Math.floor(n / FIRST.length) % LAST.length]!;

/** A small seeded PRNG (mulberry32): the same customers are asked for in every run of a seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- the clients (a worker thread)

type Operation = 'phone' | 'email' | 'journey' | 'ingest';
type Mode = 'service' | 'raw';

interface Job {
  readonly operation: Operation;
  readonly mode: Mode;
  readonly clients: number;
  /** Requests in all (ingest: batches), after `warmup` more that are not counted. */
  readonly requests: number;
  readonly warmup: number;
  readonly seed: number;
  readonly batch: number;
  /** Ingest: names the events of this run apart from every other run's. */
  readonly runId: string;
}

interface Setup {
  readonly url: string;
  readonly databaseUrl: string;
  readonly schema: string;
  readonly perTenant: number;
  readonly agentKeys: readonly string[];
  readonly ingestKeys: readonly string[];
}

interface JobResult {
  readonly seconds: number;
  readonly latencies: Float64Array;
  readonly failures: number;
  readonly firstFailure?: string;
  /** Ingest: events stored. */
  readonly stored?: number;
}

async function runClients(setup: Setup): Promise<void> {
  const { schema, perTenant } = setup;
  const q = `"${schema}"`;
  const table = { customers: `${q}.customers`, keys: `${q}.customer_keys`, activities: `${q}.activities`, changes: `${q}.changes`, ingested: `${q}.ingested_events` };
  const roles = schemaRoles(schema);
  const phone = await loadPhoneNormaliser('US');
  let pool: pg.Pool | undefined;

  /** What a transaction does around every request's work at the least: BEGIN, the role and tenant set, COMMIT (the store sends the first two in one round trip). */
  async function tenantTransaction(tenant: string, work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    const client = await pool!.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT set_config($1, $2, true), set_config($3, $4, true)', ['role', roles.app, roles.tenantSetting, tenant]);
      await work(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** findCustomers' exact-key SELECT for each probe of the query (none of these queries has a name probe). */
  async function rawLookup(tenant: string, query: string): Promise<void> {
    await tenantTransaction(tenant, async (client) => {
      for (const probe of lookupProbes(query, phone)) {
        if (probe.key === 'id') {
          await client.query(`SELECT doc FROM ${table.customers} WHERE lab = $1 AND id = $2`, [false, probe.value]);
          continue;
        }
        await client.query(
          `SELECT c.doc FROM ${table.keys} k JOIN ${table.customers} c ON c.lab = k.lab AND c.id = k.customer_id
         WHERE k.lab = $1 AND k.key = $2 ORDER BY k.customer_id LIMIT $3`,
          [false, lookupIndexKey(probe.key, probe.value), 20],
        );
      }
    });
  }

  /** listActivities' unfiltered page. */
  async function rawJourney(tenant: string, customerId: string): Promise<void> {
    await tenantTransaction(tenant, async (client) => {
      await client.query(`SELECT doc FROM ${table.activities} WHERE lab = $1 AND customer_id = $2 ORDER BY created DESC, id DESC LIMIT ${PAGE + 1}`, [false, customerId]);
    });
  }

  /**
   * What ingest runs for a batch whose events are all stored (server/ingest.ts, ingest-writes.ts), as
   * sets, in one transaction: the subjects' customers, the contacts' keys (two owners at most a key),
   * the customers held for their activities, the claims, the activities, then the change-feed lock,
   * the changes and NOTIFY.
   */
  async function rawIngest(tenant: string, events: readonly BenchEvent[]): Promise<void> {
    await tenantTransaction(tenant, async (client) => {
      const subjects = [...new Set(events.flatMap(({ event }) => (event.subject === undefined ? [] : [event.subject])))];
      await client.query(`SELECT id FROM ${table.customers} WHERE lab = $1 AND id = ANY($2::text[])`, [false, subjects]);
      const keys = new Set<string>();
      for (const { event } of events) {
        const [contact, kind] = event.customerphone !== undefined ? [event.customerphone, 'phone'] : event.customeremail !== undefined ? [event.customeremail, 'email'] : [];
        if (contact === undefined) continue;
        const probes = lookupProbes(contact, phone);
        if (!probes.some((probe) => probe.key === kind)) continue;
        for (const probe of probes) if (probe.key !== 'id' && probe.key !== 'name') keys.add(lookupIndexKey(probe.key, probe.value));
      }
      await client.query(
        `SELECT q.key, m.customer_id FROM unnest($2::text[]) AS q(key)
         CROSS JOIN LATERAL (SELECT k.customer_id FROM ${table.keys} k JOIN ${table.customers} c ON c.lab = k.lab AND c.id = k.customer_id
                             WHERE k.lab = $1 AND k.key = q.key COLLATE "C" ORDER BY k.customer_id LIMIT 2) AS m`,
        [false, [...keys]],
      );
      const created = new Date().toISOString();
      const activities = events.map(({ event, customerId }) => ({
        mediaType: event.mediatype,
        direction: 'inbound',
        state: 'active',
        title: event.data.title,
        message: event.data.message,
        tags: [],
        id: randomUUID(),
        customerId,
        contributors: [],
        fieldsets: ['cisco.base.pod'],
        dataElements: {},
        created,
        lastUpdated: created,
        version: 1,
      }));
      const docs = activities.map((activity) => JSON.stringify(activity));
      await client.query(`SELECT id FROM ${table.customers} WHERE lab = $1 AND id = ANY($2::text[]) ORDER BY id FOR SHARE`, [false, [...new Set(activities.map((activity) => activity.customerId))]]);
      const claims = events.map(({ event }, k) => ({ source: event.source, id: event.id, activityId: activities[k]!.id })).sort((a, b) => (a.source !== b.source ? (a.source < b.source ? -1 : 1) : a.id < b.id ? -1 : 1));
      await client.query(
        `INSERT INTO ${table.ingested} (lab, source, event_id, activity_id, event)
         SELECT $1, source, event_id, activity_id, NULL FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS e(source, event_id, activity_id, n) ORDER BY n
         ON CONFLICT DO NOTHING RETURNING source, event_id`,
        [false, claims.map((claim) => claim.source), claims.map((claim) => claim.id), claims.map((claim) => claim.activityId)],
      );
      await client.query(
        `INSERT INTO ${table.activities} (lab, id, customer_id, created, media_type, search, doc)
         SELECT $1, id, customer_id, created, media_type, search, doc FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS a(id, customer_id, created, media_type, search, doc)
         ON CONFLICT DO NOTHING RETURNING id`,
        [
          false,
          activities.map((activity) => activity.id),
          activities.map((activity) => activity.customerId),
          activities.map((activity) => activity.created),
          activities.map((activity) => activity.mediaType),
          activities.map((activity) => foldForMatch(`${activity.title} ${activity.message}`)),
          docs,
        ],
      );
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${schema}:changes`]);
      const { rows } = await client.query<{ seq: string }>(
        `INSERT INTO ${table.changes} (lab, kind, customer_id, activity_id, activity)
         SELECT $1, 'created', customer_id, activity_id, activity FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS c(customer_id, activity_id, activity, n)
         ORDER BY n RETURNING seq::text AS seq`,
        [false, activities.map((activity) => activity.customerId), activities.map((activity) => activity.id), docs],
      );
      await client.query('SELECT pg_notify($1, $2)', [`${schema}_changes`, String(Math.max(...rows.map((row) => Number(row.seq))))]);
    });
  }

  async function get(path: string, key: string): Promise<void> {
    const response = await fetch(`${setup.url}${path}`, { headers: { Authorization: `Bearer ${key}` } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  }

  async function ingest(key: string, events: readonly BenchEvent[]): Promise<number> {
    const response = await fetch(`${setup.url}/v1/cloudevents`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/cloudevents-batch+json' },
      body: JSON.stringify(events.map((one) => one.event)),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    const { results } = JSON.parse(text) as { results: { outcome: string }[] };
    const stored = results.filter((result) => result.outcome === 'stored').length;
    if (stored !== events.length) throw new Error(`${events.length - stored} of ${events.length} events not stored (${[...new Set(results.map((result) => result.outcome))].join(', ')})`);
    return stored;
  }

  async function run(job: Job): Promise<JobResult> {
    if (job.mode === 'raw') pool = new pg.Pool({ connectionString: setup.databaseUrl, max: job.clients });
    const random = prng(job.seed);
    const pick = (long: boolean) => {
      const t = Math.floor(random() * TENANTS);
      const n = long ? LONG_EVERY * Math.floor((random() * perTenant) / LONG_EVERY) : Math.floor(random() * perTenant);
      return { t, n };
    };
    let eventCounter = 0;
    const makeBatch = (t: number): BenchEvent[] =>
      Array.from({ length: job.batch }, () => {
        const n = Math.floor(random() * perTenant);
        const i = (eventCounter += 1);
        const by = i % 3;
        const event: BenchEvent['event'] = {
          specversion: '1.0',
          id: `${job.runId}-${i}`,
          source: 'urn:bench:contact-center',
          type: 'io.customer-context.activity.v1',
          time: new Date().toISOString(),
          mediatype: MEDIA[i % 5]!,
          datacontenttype: 'application/json',
          data: { title: 'Called about the service appointment', message: 'Asked whether the bike can be collected on Saturday.' },
          ...(by === 0 ? { subject: customerIdOf(t, n) } : by === 1 ? { customerphone: phoneOf(t, n) } : { customeremail: emailOf(t, n) }),
        };
        return { event, customerId: customerIdOf(t, n) };
      });
    const one = async (): Promise<number> => {
      switch (job.operation) {
        case 'phone':
        case 'email': {
          const { t, n } = pick(false);
          const query = job.operation === 'phone' ? phoneOf(t, n) : emailOf(t, n);
          if (job.mode === 'raw') await rawLookup(tenantOf(t), query);
          else await get(`/v1/customers?q=${encodeURIComponent(query)}`, setup.agentKeys[t]!);
          return 0;
        }
        case 'journey': {
          const { t, n } = pick(true);
          if (job.mode === 'raw') await rawJourney(tenantOf(t), customerIdOf(t, n));
          else await get(`/v1/customers/${customerIdOf(t, n)}/activities?pageSize=${PAGE}`, setup.agentKeys[t]!);
          return 0;
        }
        case 'ingest': {
          const t = Math.floor(random() * TENANTS);
          const events = makeBatch(t);
          if (job.mode === 'raw') {
            await rawIngest(tenantOf(t), events);
            return events.length;
          }
          return ingest(setup.ingestKeys[t]!, events);
        }
      }
    };
    const drive = async (count: number, latencies: Float64Array | undefined) => {
      let next = 0;
      let failures = 0;
      let firstFailure: string | undefined;
      let stored = 0;
      const client = async () => {
        for (;;) {
          const index = next++;
          if (index >= count) return;
          const started = performance.now();
          try {
            // Not `stored += await one()`: that reads `stored` before the await, and concurrent clients' counts would be lost.
            const done = await one();
            stored += done;
          } catch (error) {
            failures += 1;
            firstFailure ??= (error as Error).message;
          }
          if (latencies) latencies[index] = performance.now() - started;
        }
      };
      await Promise.all(Array.from({ length: job.clients }, client));
      return { failures, firstFailure, stored };
    };
    try {
      await drive(job.warmup, undefined);
      const latencies = new Float64Array(job.requests);
      const started = performance.now();
      const { failures, firstFailure, stored } = await drive(job.requests, latencies);
      const seconds = (performance.now() - started) / 1000;
      return { seconds, latencies, failures, ...(firstFailure ? { firstFailure } : {}), ...(job.operation === 'ingest' ? { stored } : {}) };
    } finally {
      await pool?.end();
      pool = undefined;
    }
  }

  parentPort!.on('message', (job: Job | 'stop') => {
    if (job === 'stop') {
      parentPort!.close();
      return;
    }
    run(job).then(
      (result) => parentPort!.postMessage({ ok: true, result }),
      (error: unknown) => parentPort!.postMessage({ ok: false, error: (error as Error).message }),
    );
  });
}

interface BenchEvent {
  readonly event: {
    specversion: '1.0';
    id: string;
    source: string;
    type: string;
    time: string;
    mediatype: string;
    datacontenttype: string;
    data: { title: string; message: string };
    subject?: string;
    customerphone?: string;
    customeremail?: string;
  };
  readonly customerId: string;
}

// ---- the database

/** A PostgreSQL to run on: DATABASE_URL, else one started for the bench (stopped by `stop`). */
function postgres(): { url: string; stop: () => void } {
  const given = process.env['DATABASE_URL'];
  if (given) return { url: given, stop: () => undefined };
  const started = spawnSync('bash', ['.ci/postgres'], { encoding: 'utf8', cwd: fileURLToPath(new URL('..', import.meta.url)) });
  const line = started.stdout.trim();
  if (!line) throw new Error('No PostgreSQL: set DATABASE_URL, or let `bash .ci/postgres` install and start one (it needs Debian packages)');
  const [dir, url] = line.split(' ') as [string, string];
  return { url, stop: () => spawnSync('bash', ['.ci/postgres', 'stop', dir], { stdio: 'ignore' }) };
}

async function dropSchema(db: Database, schema: string): Promise<void> {
  await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  const { app, system } = schemaRoles(schema);
  for (const role of [app, system]) await db.query(`DROP ROLE IF EXISTS "${role}"`);
}

/** Activity inputs of a template journey: `count` activities over the past year, oldest first, on every channel. */
function journeyInputs(customerId: string, count: number): Record<string, unknown>[] {
  const start = Date.parse('2025-12-01T08:00:00.000Z');
  const step = Math.floor((365 * 86_400_000) / count);
  const contributor = { type: 'machine', id: 'bench', name: 'Server bench' };
  return Array.from({ length: count }, (_, k) => {
    const mediaType = MEDIA[k % MEDIA.length]!;
    return {
      id: `${customerId}-a${String(k).padStart(2, '0')}`,
      customerId,
      mediaType,
      direction: k % 3 === 2 ? 'outbound' : 'inbound',
      state: k < count - 2 ? 'closed' : 'active',
      title: `${mediaType === 'event' ? 'Dashboard fault P0562' : mediaType === 'web' ? 'Service center locator' : 'Service appointment'} ${k + 1}`,
      message: 'Low system voltage reported; the rider asked for the nearest service center and a Saturday slot.',
      ...(mediaType === 'web' ? { breadcrumbs: ['Home', 'Service', 'Find a service center'] } : {}),
      ...(mediaType === 'event' ? { source: 'Stratus 750 telematics', tags: ['IoT'] } : {}),
      ...(mediaType === 'voice' ? { dataElements: { Context_Notes: 'Booked a service slot; confirmed by SMS.' } } : {}),
      contributor,
      created: new Date(start + k * step + (k % 7) * 61_000).toISOString(),
    };
  });
}

/**
 * Seeds `perTenant` customers in each tenant: the two templates through the Store, the rest
 * cloned from them in SQL in the tenant's own transaction, each clone's id (which its activities'
 * ids, its email and external id contain), phone and names substituted.
 */
async function seed(store: Store, perTenant: number): Promise<void> {
  for (let t = 0; t < TENANTS; t += 1) {
    const ctx: CallContext = { tenant: tenantOf(t), lab: false, region: 'US' };
    await store.transaction(ctx, async (tx) => {
      for (const n of [0, 1]) {
        const id = customerIdOf(t, n);
        await store.createCustomer(tx, ctx, {
          id,
          tags: ['bench'],
          dataElements: {
            Context_First_Name: firstOf(n),
            Context_Last_Name: lastOf(n),
            Context_Mobile_Phone: phoneOf(t, n),
            Context_Work_Email: emailOf(t, n),
            Context_City: 'Santa Clara',
            Context_Customer_External_ID: `crm-${id}`,
          },
          contributor: { type: 'machine', id: 'bench', name: 'Server bench' },
          created: '2025-11-30T12:00:00.000Z',
        });
        for (const input of journeyInputs(id, n === 0 ? LONG_JOURNEY : SHORT_JOURNEY)) await store.createActivity(tx, ctx, input);
      }
      if (perTenant <= 2) return;
      const { customers, keys, activities, changes } = store.table;
      // One row per clone: its template (long or short journey), and what to substitute in it.
      const clones = `
        SELECT n, c.id AS template, c.phone0, c.first0, c.last0,
               $1 || lpad(n::text, 6, '0') AS id,
               '+1' || $2 || (200 + n / 10000)::text || lpad((n % 10000)::text, 4, '0') AS phone,
               ($3::text[])[1 + n % ${FIRST.length}] AS first,
               ($4::text[])[1 + (n / ${FIRST.length}) % ${LAST.length}] AS last
        FROM generate_series(2, $5::int - 1) AS n
        JOIN (VALUES ($6, $7, $8, $9, 0), ($10, $11, $12, $13, 1)) AS c (id, phone0, first0, last0, kind)
          ON c.kind = CASE WHEN n % ${LONG_EVERY} = 0 THEN 0 ELSE 1 END`;
      const params = [
        `c${t}-`,
        AREAS[t],
        FIRST,
        LAST,
        perTenant,
        customerIdOf(t, 0),
        phoneOf(t, 0),
        firstOf(0),
        lastOf(0),
        customerIdOf(t, 1),
        phoneOf(t, 1),
        firstOf(1),
        lastOf(1),
      ];
      const swap = (column: string) => `replace(replace(replace(replace(${column}, s.template, s.id), s.phone0, s.phone), s.first0, s.first), s.last0, s.last)`;
      const swapKey = (column: string) =>
        `replace(replace(replace(replace(${column}, s.template, s.id), s.phone0, s.phone), lower(s.first0), lower(s.first)), lower(s.last0), lower(s.last))`;
      await tx.query(
        `INSERT INTO ${customers} (lab, id, doc) SELECT false, s.id, ${swap('t.doc')} FROM (${clones}) s JOIN ${customers} t ON t.lab = false AND t.id = s.template ORDER BY s.n`,
        params,
      );
      await tx.query(
        `INSERT INTO ${keys} (lab, key, customer_id) SELECT false, ${swapKey('k.key')}, s.id FROM (${clones}) s JOIN ${keys} k ON k.lab = false AND k.customer_id = s.template`,
        params,
      );
      // In the order they would have arrived: by time, every customer's journey interleaved with
      // the others'. Each gets its change, as createActivity records it (the activity's JSON).
      await tx.query(
        `WITH inserted AS (
           INSERT INTO ${activities} (lab, id, customer_id, created, media_type, search, doc)
           SELECT false, replace(a.id, s.template, s.id), s.id, a.created, a.media_type, a.search, replace(a.doc, s.template, s.id)
           FROM (${clones}) s JOIN ${activities} a ON a.lab = false AND a.customer_id = s.template ORDER BY a.created, s.n
           RETURNING id, customer_id, created, doc)
         INSERT INTO ${changes} (lab, kind, customer_id, activity_id, activity)
         SELECT false, 'created', customer_id, id, doc FROM inserted ORDER BY created, customer_id`,
        params,
      );
    });
  }
  // Every tenant active lately, as in a deployment all of whose tenants are in use: each one's
  // newest change near the end of the feed. (A tenant whose newest change lies far back makes
  // every read scan the feed back to it: see docs/server.md, "Benchmark".)
  for (let t = 0; t < TENANTS; t += 1) {
    const ctx: CallContext = { tenant: tenantOf(t), lab: false, region: 'US' };
    await store.transaction(ctx, (tx) =>
      store.createActivity(tx, ctx, { customerId: customerIdOf(t, RECENT), mediaType: 'sms', title: 'Loaner confirmed', contributor: { type: 'machine', id: 'bench', name: 'Server bench' } }),
    );
  }
}

/** A sample of customers read back: their stored lookup keys must be exactly the model's keys of their document. */
async function checkSeed(store: Store, perTenant: number): Promise<number> {
  const random = prng(7);
  let checked = 0;
  for (let i = 0; i < 100; i += 1) {
    const t = Math.floor(random() * TENANTS);
    const n = RECENT + 1 + Math.floor(random() * (perTenant - RECENT - 1));
    const id = customerIdOf(t, n);
    await store.transaction({ tenant: tenantOf(t) }, async (tx) => {
      const { rows } = await tx.query<{ doc: string }>(`SELECT doc FROM ${store.table.customers} WHERE lab = false AND id = $1`, [id]);
      const customer = JSON.parse(rows[0]!.doc) as Customer;
      const stored = await tx.query<{ key: string }>(`SELECT key FROM ${store.table.keys} WHERE lab = false AND customer_id = $1 ORDER BY key`, [id]);
      const expected = customerLookupKeys(customer).sort();
      const got = stored.rows.map((row) => row.key).sort();
      if (customer.id !== id || expected.join('\n') !== got.join('\n')) throw new Error(`Seeded customer ${id} is not what the store writes: its lookup keys differ`);
      if (!expected.includes(`phone:${phoneOf(t, n)}`) || !expected.includes(`email:${emailOf(t, n)}`)) throw new Error(`Seeded customer ${id} lacks its phone or email`);
      const journey = await tx.query<{ count: string }>(`SELECT count(*)::text AS count FROM ${store.table.activities} WHERE lab = false AND customer_id = $1`, [id]);
      if (Number(journey.rows[0]!.count) !== (n % LONG_EVERY === 0 ? LONG_JOURNEY : SHORT_JOURNEY)) throw new Error(`Seeded customer ${id} has a journey of the wrong length`);
    });
    checked += 1;
  }
  return checked;
}

// ---- the live stream across two instances

/** A change ingested through one instance reaches an event stream of another on the same database: how long it took. */
async function liveStream(databaseUrl: string, schema: string, writer: Instance, agentKey: string, ingestKey: string): Promise<{ answeredMs: number; deliveredMs: number }> {
  const db = await openPostgres(databaseUrl);
  const reader = await startInstance({ db, ownsDatabase: true, schema, host: '127.0.0.1', port: 0, auth: { apiKeys: true } });
  const abort = new AbortController();
  try {
    const customerId = customerIdOf(0, 3);
    const response = await fetch(`${reader.url}/v1/events?customerId=${customerId}`, { headers: { Authorization: `Bearer ${agentKey}` }, signal: abort.signal });
    const stream = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const waitFor = async (marker: string) => {
      while (!text.includes(marker)) {
        const { value, done } = await stream.read();
        if (done) throw new Error('The event stream ended');
        text += value;
      }
    };
    await waitFor('event: ready');
    const sent = performance.now();
    const answer = await fetch(`${writer.url}/v1/cloudevents`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ingestKey}`, 'Content-Type': 'application/cloudevents+json' },
      body: JSON.stringify({ specversion: '1.0', id: `live-${Date.now()}`, source: 'urn:bench:live', type: 'io.customer-context.activity.v1', subject: customerId, mediatype: 'sms', datacontenttype: 'application/json', data: { title: 'Live' } }),
    });
    if (answer.status !== 201) throw new Error(`The live event was answered ${answer.status}`);
    await answer.arrayBuffer();
    const answered = performance.now();
    const timeout = setTimeout(() => abort.abort(), 10_000);
    await waitFor('event: change');
    clearTimeout(timeout);
    return { answeredMs: answered - sent, deliveredMs: performance.now() - answered };
  } finally {
    abort.abort();
    await reader.close();
  }
}

// ---- the report

function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Figures {
  readonly perSecond: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly failures: number;
}

/** Requests a second, or for ingest (`stored` given) events stored a second: a refused or failed batch stores none. */
function figures(result: JobResult): Figures {
  const sorted = result.latencies.slice().sort();
  return {
    perSecond: (result.stored ?? result.latencies.length - result.failures) / result.seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    failures: result.failures,
  };
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
const pad = (text: string, width: number) => text.padStart(width);

// ---- main

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '1' },
      requests: { type: 'string', default: '2000' },
      events: { type: 'string', default: '20000' },
      batch: { type: 'string', default: '100' },
      clients: { type: 'string', default: '1,10,50' },
      seed: { type: 'string', default: '42' },
      schema: { type: 'string', default: 'cc_bench' },
      keep: { type: 'boolean', default: false },
      pool: { type: 'string', default: String(DEFAULT_POOL_SIZE) },
    },
    strict: true,
  });
  const scale = Number(values.scale);
  const requests = Number(values.requests);
  const events = Number(values.events);
  const batch = Number(values.batch);
  const levels = values.clients.split(',').map(Number);
  const seedNumber = Number(values.seed);
  const poolSize = Number(values.pool);
  if (!Number.isInteger(poolSize) || poolSize < 1) throw new Error('--pool must be a whole number of connections');
  if (!(scale > 0) || !(requests > 0) || !(events > 0) || !(batch > 0 && batch <= 1000) || levels.some((level) => !(level > 0)) || !Number.isInteger(seedNumber)) {
    throw new Error('--scale, --requests, --events, --batch (1–1000) and --clients must be positive numbers');
  }
  const perTenant = Math.max(LONG_EVERY, Math.round((100_000 * scale) / TENANTS));
  if (perTenant > 800_000) throw new Error('--scale is at most 80');
  const schema = values.schema;
  const { url: databaseUrl, stop: stopPostgres } = postgres();
  const db = await openPostgres(databaseUrl, { poolSize });
  let instance: Instance | undefined;
  let worker: Worker | undefined;
  try {
    const { rows: version } = await db.query<{ version: string }>(`SELECT current_setting('server_version') AS version`);
    console.log(`PostgreSQL ${version[0]!.version}; schema ${schema}; ${TENANTS} tenants, ${(perTenant * TENANTS).toLocaleString('en')} customers, ${(perTenant * TENANTS * 10).toLocaleString('en')} activities`);
    await dropSchema(db, schema);
    await migrate(db, schema);
    const store = new Store(db, schema);
    let started = performance.now();
    await seed(store, perTenant);
    const seededIn = (performance.now() - started) / 1000;
    started = performance.now();
    for (const name of ['customers', 'customer_keys', 'activities', 'changes']) await db.query(`VACUUM ANALYZE "${schema}".${name}`);
    const vacuumedIn = (performance.now() - started) / 1000;
    const checked = await checkSeed(store, perTenant);
    const { rows: size } = await db.query<{ size: string }>(
      `SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) AS size FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = $1 AND c.relkind = 'r'`,
      [schema],
    );
    console.log(`seeded in ${seededIn.toFixed(1)} s (VACUUM ANALYZE ${vacuumedIn.toFixed(1)} s more), ${size[0]!.size}; ${checked} customers checked against the model's lookup keys`);

    instance = await startInstance({ db, schema, host: '127.0.0.1', port: 0, region: 'US', auth: { apiKeys: true }, log: () => undefined });
    const apiKeys = new ApiKeys(db, schema);
    const agentKeys: string[] = [];
    const ingestKeys: string[] = [];
    for (let t = 0; t < TENANTS; t += 1) {
      agentKeys.push((await apiKeys.create({ name: 'bench agent', tenant: tenantOf(t), scopes: ['agent'] }, tenantOf(t), 'bench')).key);
      ingestKeys.push((await apiKeys.create({ name: 'bench ingest', tenant: tenantOf(t), scopes: ['ingest'] }, tenantOf(t), 'bench')).key);
    }
    const setup: Setup = { url: instance.url, databaseUrl, schema, perTenant, agentKeys, ingestKeys };
    // The worker runs this file too, through tsx's loader (a worker does not inherit the parent's).
    const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
    worker = new Worker(boot, { eval: true, workerData: setup });
    const pending: ((message: { ok: boolean; result?: JobResult; error?: string }) => void)[] = [];
    worker.on('message', (message) => pending.shift()?.(message));
    worker.on('error', (error: Error) => pending.shift()?.({ ok: false, error: `the client worker failed: ${error.message}` }));
    const runJob = (job: Job) =>
      new Promise<JobResult>((resolve, reject) => {
        pending.push((message) => (message.ok ? resolve(message.result!) : reject(new Error(message.error))));
        worker!.postMessage(job);
      });

    console.log('');
    console.log(`service: in-process, API keys, no rate limit, its pool of ${poolSize} connections (--pool); raw: pg.Pool of as many connections as clients, the store's transaction and SELECTs`);
    console.log(`${requests} requests a run after ${Math.min(200, requests)} to warm up; latencies in ms`);
    const header = `${'operation'.padEnd(18)}${pad('clients', 8)} |${pad('req/s', 8)}${pad('p50', 8)}${pad('p95', 8)}${pad('p99', 8)} | ${pad('raw req/s', 9)}${pad('p50', 8)}${pad('p95', 8)}${pad('p99', 8)} |${pad('p95 ratio', 10)}`;
    console.log(header);
    console.log('-'.repeat(header.length));
    const verdicts: string[] = [];
    const names: Record<Exclude<Operation, 'ingest'>, string> = { phone: 'lookup by phone', email: 'lookup by email', journey: `journey page of ${PAGE}` };
    const maxLevel = Math.max(...levels);
    for (const operation of ['phone', 'email', 'journey'] as const) {
      for (const clients of levels) {
        const count = Math.max(requests, clients * 20);
        const base = { operation, clients, requests: count, warmup: Math.min(200, count), seed: seedNumber + clients, batch, runId: '' };
        const raw = figures(await runJob({ ...base, mode: 'raw' }));
        const service = figures(await runJob({ ...base, mode: 'service' }));
        const ratio = service.p95 / raw.p95;
        const failed = service.failures + raw.failures ? `  (${service.failures} service, ${raw.failures} raw failures)` : '';
        console.log(
          `${names[operation].padEnd(18)}${pad(String(clients), 8)} |${pad(service.perSecond.toFixed(0), 8)}${pad(ms(service.p50), 8)}${pad(ms(service.p95), 8)}${pad(ms(service.p99), 8)} | ${pad(raw.perSecond.toFixed(0), 9)}${pad(ms(raw.p50), 8)}${pad(ms(raw.p95), 8)}${pad(ms(raw.p99), 8)} |${pad(`${ratio.toFixed(2)}×`, 10)}${failed}`,
        );
        if (clients === maxLevel) verdicts.push(`${names[operation]} ${ratio.toFixed(2)}× ${ratio <= 3 ? 'met' : 'NOT met'}`);
      }
    }
    console.log(`target, service p95 within 3× of raw at ${maxLevel} clients: ${verdicts.join('; ')}`);

    console.log('');
    console.log(`ingest: ${events.toLocaleString('en')} events a level in batches of ${batch} (application/cloudevents-batch+json), each naming its customer by id, phone or email; raw: the same statements, as sets, in one transaction a batch`);
    const ingestHeader = `${'clients'.padStart(7)} |${pad('events/s', 10)}${pad('p50', 8)}${pad('p95', 8)}${pad('p99', 8)} | ${pad('raw ev/s', 9)}${pad('p50', 8)}${pad('p95', 8)}${pad('p99', 8)}   (latency of one batch, ms)`;
    console.log(ingestHeader);
    console.log('-'.repeat(ingestHeader.length));
    let sustained = Infinity;
    for (const clients of levels) {
      const batches = Math.max(clients, Math.ceil(events / batch));
      const base = { operation: 'ingest' as const, clients, requests: batches, warmup: Math.min(clients, batches), seed: seedNumber + 1000 + clients, batch };
      const raw = figures(await runJob({ ...base, mode: 'raw', runId: `raw-${clients}-${Date.now()}` }));
      const serviceResult = await runJob({ ...base, mode: 'service', runId: `svc-${clients}-${Date.now()}` });
      const service = figures(serviceResult);
      sustained = Math.min(sustained, service.perSecond);
      const failed = service.failures + raw.failures ? `  (${service.failures} service, ${raw.failures} raw failed batches${serviceResult.firstFailure ? `: ${serviceResult.firstFailure}` : ''})` : '';
      console.log(
        `${pad(String(clients), 7)} |${pad(service.perSecond.toFixed(0), 10)}${pad(ms(service.p50), 8)}${pad(ms(service.p95), 8)}${pad(ms(service.p99), 8)} | ${pad(raw.perSecond.toFixed(0), 9)}${pad(ms(raw.p50), 8)}${pad(ms(raw.p95), 8)}${pad(ms(raw.p99), 8)}${failed}`,
      );
    }
    console.log(`target, ingest ≥ 5,000 events/s sustained: lowest level ${sustained.toFixed(0)} events/s, ${sustained >= 5000 ? 'met' : 'NOT met'}`);

    const live = await liveStream(databaseUrl, schema, instance, agentKeys[0]!, ingestKeys[0]!);
    console.log('');
    console.log(
      `target, two instances on one PostgreSQL share the live stream: met; an event ingested through one instance (answered in ${live.answeredMs.toFixed(0)} ms) reached an event stream of the other ${live.deliveredMs.toFixed(0)} ms later`,
    );
  } finally {
    if (worker) {
      worker.postMessage('stop');
      await worker.terminate();
    }
    await instance?.close();
    if (!values.keep) await dropSchema(db, schema).catch((error: unknown) => console.error(`could not drop schema ${schema}: ${(error as Error).message}`));
    await db.close();
    stopPostgres();
  }
}

if (isMainThread) {
  main().catch((error: unknown) => {
    console.error(`bench:server failed: ${(error as Error).message}`);
    process.exitCode = 1;
  });
} else {
  void runClients(workerData as Setup);
}
