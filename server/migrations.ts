/**
 * The schema, as one ordered list of migrations for PGlite and PostgreSQL alike. `{schema}` stands
 * for the server's schema (quoted). A migration, once released, is never edited: add the next one.
 *
 * Objects are stored as their JSON text (`doc`), exactly as the API returns them; the other columns
 * are what the queries select and order by. Text columns that order or match use the "C"
 * collation, so that order is by code point everywhere, as in the built-in store.
 * `lab` is the partition: lab data and production data never see each other.
 */
export interface Migration {
  readonly id: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: '001-objects',
    sql: `
CREATE TABLE {schema}.customers (
  lab boolean NOT NULL,
  id text COLLATE "C" NOT NULL,
  doc text NOT NULL,
  PRIMARY KEY (lab, id)
);
-- Every way a customer can be found: phone:+1…, email:…, name:…, externalId:… (see model/lookup.ts).
CREATE TABLE {schema}.customer_keys (
  lab boolean NOT NULL,
  key text COLLATE "C" NOT NULL,
  customer_id text COLLATE "C" NOT NULL,
  PRIMARY KEY (lab, key, customer_id)
);
CREATE INDEX customer_keys_by_customer ON {schema}.customer_keys (lab, customer_id);
CREATE TABLE {schema}.requests (
  lab boolean NOT NULL,
  id text COLLATE "C" NOT NULL,
  customer_id text COLLATE "C" NOT NULL,
  last_updated text COLLATE "C" NOT NULL,
  doc text NOT NULL,
  PRIMARY KEY (lab, id)
);
CREATE INDEX requests_by_customer ON {schema}.requests (lab, customer_id, last_updated);
CREATE TABLE {schema}.activities (
  lab boolean NOT NULL,
  id text COLLATE "C" NOT NULL,
  customer_id text COLLATE "C",
  created text COLLATE "C" NOT NULL,
  media_type text NOT NULL,
  -- The words an agent reads (title, message, notes, pages, source), folded for matching.
  search text NOT NULL,
  doc text NOT NULL,
  PRIMARY KEY (lab, id)
);
CREATE INDEX activities_by_customer ON {schema}.activities (lab, customer_id, created, id);
`,
  },
  {
    id: '002-changes',
    sql: `
-- The change feed: one row per activity created, updated or deleted, in commit order.
CREATE TABLE {schema}.changes (
  seq bigserial PRIMARY KEY,
  lab boolean NOT NULL,
  kind text NOT NULL,
  customer_id text COLLATE "C" NOT NULL,
  activity_id text COLLATE "C" NOT NULL,
  activity text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX changes_by_customer ON {schema}.changes (lab, customer_id, seq);
`,
  },
  {
    id: '003-idempotency',
    sql: `
-- The first answer to each Idempotency-Key, replayed for every repeat.
CREATE TABLE {schema}.idempotency (
  lab boolean NOT NULL,
  key text COLLATE "C" NOT NULL,
  fingerprint text NOT NULL,
  status integer NOT NULL,
  body text,
  created timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (lab, key)
);
CREATE INDEX idempotency_by_age ON {schema}.idempotency (created);
`,
  },
  {
    id: '004-api-keys',
    sql: `
-- Keys for machines (IVR, CRM sync): only the SHA-256 of each key is kept; the key is shown once.
CREATE TABLE {schema}.api_keys (
  id text COLLATE "C" PRIMARY KEY,
  name text NOT NULL,
  tenant text NOT NULL,
  scopes text NOT NULL,
  hash text COLLATE "C" NOT NULL UNIQUE,
  created_by text NOT NULL,
  created timestamptz NOT NULL DEFAULT now(),
  revoked timestamptz
);
`,
  },
];

export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,40}$/;

/** Creates the schema if needed and applies the migrations it lacks, in order, each in its own transaction. */
export async function migrate(
  db: { query(sql: string, params?: readonly unknown[]): Promise<{ rows: unknown[] }>; transaction<T>(work: (tx: { query(sql: string, params?: readonly unknown[]): Promise<{ rows: unknown[] }> }) => Promise<T>): Promise<T> },
  schema: string,
): Promise<string[]> {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Not a schema name: ${schema} (lower-case letters, digits and _)`);
  const quoted = `"${schema}"`;
  await db.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
  await db.query(`CREATE TABLE IF NOT EXISTS ${quoted}.migrations (id text PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())`);
  const applied: string[] = [];
  for (const migration of MIGRATIONS) {
    const done = await db.transaction(async (tx) => {
      // Two servers starting together on one database take turns here.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${schema}:migrate`]);
      const { rows } = await tx.query(`SELECT 1 FROM ${quoted}.migrations WHERE id = $1`, [migration.id]);
      if (rows.length) return false;
      for (const statement of migration.sql.split(/;\s*\n/).map((part) => part.trim()).filter(Boolean)) {
        await tx.query(statement.replaceAll('{schema}', quoted));
      }
      await tx.query(`INSERT INTO ${quoted}.migrations (id) VALUES ($1)`, [migration.id]);
      return true;
    });
    if (done) applied.push(migration.id);
  }
  return applied;
}
