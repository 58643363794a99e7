/**
 * The schema, as one ordered list of migrations for PGlite and PostgreSQL alike. `{schema}` stands
 * for the server's schema (quoted). A migration, once released, is never edited: add the next one.
 *
 * Objects are stored as their JSON text (`doc`), exactly as the API returns them; the other columns
 * are what the queries select and order by. Text columns that order or match use the "C"
 * collation, so that order is by code point everywhere, as in the built-in store.
 * `lab` is the partition: lab data and production data never see each other.
 *
 * `tenant` (from 004) is the organisation a row belongs to, orthogonal to `lab`. Row-level
 * security keeps tenants apart: the server's requests run as `{app}`, a role that owns nothing and
 * cannot bypass row-level security, which sees only the rows of the tenant its transaction names
 * in the `{tenant}` setting. `{system}` is the server's own background work: it reads every
 * tenant's change feed (the fan-out to event streams) and deletes expired idempotency keys, and
 * nothing else. Placeholders: `{schema}` the schema (quoted), `{app}` and `{system}` those roles
 * (quoted), `{tenant}` the name of the setting as a string literal.
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
    id: '004-tenants',
    sql: `
-- Rows written before tenants existed belong to tenant 'default'; from now on a row takes the
-- tenant of the transaction that inserts it.
ALTER TABLE {schema}.customers ADD COLUMN tenant text COLLATE "C" NOT NULL DEFAULT 'default';
ALTER TABLE {schema}.customer_keys ADD COLUMN tenant text COLLATE "C" NOT NULL DEFAULT 'default';
ALTER TABLE {schema}.requests ADD COLUMN tenant text COLLATE "C" NOT NULL DEFAULT 'default';
ALTER TABLE {schema}.activities ADD COLUMN tenant text COLLATE "C" NOT NULL DEFAULT 'default';
ALTER TABLE {schema}.changes ADD COLUMN tenant text COLLATE "C" NOT NULL DEFAULT 'default';
ALTER TABLE {schema}.idempotency ADD COLUMN tenant text COLLATE "C" NOT NULL DEFAULT 'default';
ALTER TABLE {schema}.customers ALTER COLUMN tenant SET DEFAULT current_setting({tenant});
ALTER TABLE {schema}.customer_keys ALTER COLUMN tenant SET DEFAULT current_setting({tenant});
ALTER TABLE {schema}.requests ALTER COLUMN tenant SET DEFAULT current_setting({tenant});
ALTER TABLE {schema}.activities ALTER COLUMN tenant SET DEFAULT current_setting({tenant});
ALTER TABLE {schema}.changes ALTER COLUMN tenant SET DEFAULT current_setting({tenant});
ALTER TABLE {schema}.idempotency ALTER COLUMN tenant SET DEFAULT current_setting({tenant});
-- Ids and keys are unique per tenant: two organisations may both have a customer "c-1".
ALTER TABLE {schema}.customers DROP CONSTRAINT customers_pkey, ADD PRIMARY KEY (tenant, lab, id);
ALTER TABLE {schema}.customer_keys DROP CONSTRAINT customer_keys_pkey, ADD PRIMARY KEY (tenant, lab, key, customer_id);
ALTER TABLE {schema}.requests DROP CONSTRAINT requests_pkey, ADD PRIMARY KEY (tenant, lab, id);
ALTER TABLE {schema}.activities DROP CONSTRAINT activities_pkey, ADD PRIMARY KEY (tenant, lab, id);
ALTER TABLE {schema}.idempotency DROP CONSTRAINT idempotency_pkey, ADD PRIMARY KEY (tenant, lab, key);
DROP INDEX {schema}.customer_keys_by_customer;
CREATE INDEX customer_keys_by_customer ON {schema}.customer_keys (tenant, lab, customer_id);
DROP INDEX {schema}.requests_by_customer;
CREATE INDEX requests_by_customer ON {schema}.requests (tenant, lab, customer_id, last_updated);
DROP INDEX {schema}.activities_by_customer;
CREATE INDEX activities_by_customer ON {schema}.activities (tenant, lab, customer_id, created, id);
DROP INDEX {schema}.changes_by_customer;
CREATE INDEX changes_by_customer ON {schema}.changes (tenant, lab, customer_id, seq);
CREATE INDEX changes_by_tenant ON {schema}.changes (tenant, lab, seq);
-- Roles are global to the database server: created once, by whichever schema's migration comes first.
DO $$ BEGIN IF to_regrole('{app}') IS NULL THEN CREATE ROLE {app} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE; END IF; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN IF to_regrole('{system}') IS NULL THEN CREATE ROLE {system} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE; END IF; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
-- The server's own login switches to them (SET LOCAL ROLE) in each transaction.
GRANT {app} TO CURRENT_USER;
GRANT {system} TO CURRENT_USER;
GRANT USAGE ON SCHEMA {schema} TO {app}, {system};
GRANT SELECT, INSERT, UPDATE, DELETE ON {schema}.customers, {schema}.customer_keys, {schema}.requests, {schema}.activities, {schema}.changes, {schema}.idempotency TO {app};
GRANT USAGE ON SEQUENCE {schema}.changes_seq_seq TO {app};
GRANT SELECT ON {schema}.changes TO {system};
GRANT SELECT, DELETE ON {schema}.idempotency TO {system};
-- FORCE: the tables' owner is held to the policies too; it has none, so it sees no row at all.
ALTER TABLE {schema}.customers ENABLE ROW LEVEL SECURITY;
ALTER TABLE {schema}.customers FORCE ROW LEVEL SECURITY;
ALTER TABLE {schema}.customer_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE {schema}.customer_keys FORCE ROW LEVEL SECURITY;
ALTER TABLE {schema}.requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE {schema}.requests FORCE ROW LEVEL SECURITY;
ALTER TABLE {schema}.activities ENABLE ROW LEVEL SECURITY;
ALTER TABLE {schema}.activities FORCE ROW LEVEL SECURITY;
ALTER TABLE {schema}.changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE {schema}.changes FORCE ROW LEVEL SECURITY;
ALTER TABLE {schema}.idempotency ENABLE ROW LEVEL SECURITY;
ALTER TABLE {schema}.idempotency FORCE ROW LEVEL SECURITY;
-- current_setting without a default fails when no tenant is set: a transaction that names none sees nothing.
CREATE POLICY tenant_rows ON {schema}.customers TO {app} USING (tenant = current_setting({tenant})) WITH CHECK (tenant = current_setting({tenant}));
CREATE POLICY tenant_rows ON {schema}.customer_keys TO {app} USING (tenant = current_setting({tenant})) WITH CHECK (tenant = current_setting({tenant}));
CREATE POLICY tenant_rows ON {schema}.requests TO {app} USING (tenant = current_setting({tenant})) WITH CHECK (tenant = current_setting({tenant}));
CREATE POLICY tenant_rows ON {schema}.activities TO {app} USING (tenant = current_setting({tenant})) WITH CHECK (tenant = current_setting({tenant}));
CREATE POLICY tenant_rows ON {schema}.changes TO {app} USING (tenant = current_setting({tenant})) WITH CHECK (tenant = current_setting({tenant}));
CREATE POLICY tenant_rows ON {schema}.idempotency TO {app} USING (tenant = current_setting({tenant})) WITH CHECK (tenant = current_setting({tenant}));
CREATE POLICY fan_out ON {schema}.changes FOR SELECT TO {system} USING (true);
CREATE POLICY purge_expired ON {schema}.idempotency FOR SELECT TO {system} USING (created < now() - interval '1 day');
CREATE POLICY purge_expired_delete ON {schema}.idempotency FOR DELETE TO {system} USING (created < now() - interval '1 day');
`,
  },
  {
    id: '005-field-sets',
    sql: `
-- Each tenant's organisation field sets: its field set JSON as it was accepted, and its version.
CREATE TABLE {schema}.field_sets (
  tenant text COLLATE "C" NOT NULL DEFAULT current_setting({tenant}) PRIMARY KEY,
  version integer NOT NULL,
  doc text NOT NULL,
  updated timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT, UPDATE ON {schema}.field_sets TO {app};
ALTER TABLE {schema}.field_sets ENABLE ROW LEVEL SECURITY;
ALTER TABLE {schema}.field_sets FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON {schema}.field_sets TO {app} USING (tenant = current_setting({tenant})) WITH CHECK (tenant = current_setting({tenant}));
`,
  },
  {
    id: '006-api-keys',
    sql: `
-- Keys for machines (IVR, CRM sync): only the SHA-256 of each key is kept; the key is shown once.
-- Read to authenticate, before any tenant is known: outside row-level security, by the server's own login.
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
  {
    id: '007-ingested-events',
    sql: `
-- Every CloudEvent taken in, by its source and id: a repeat is stored once. An event that named no
-- customer found here keeps its JSON (activity_id null) until it is attached; a stored one keeps only
-- the id of the activity it became.
CREATE TABLE {schema}.ingested_events (
  tenant text COLLATE "C" NOT NULL DEFAULT current_setting({tenant}),
  lab boolean NOT NULL,
  source text COLLATE "C" NOT NULL,
  event_id text COLLATE "C" NOT NULL,
  received timestamptz NOT NULL DEFAULT now(),
  activity_id text COLLATE "C",
  event text,
  PRIMARY KEY (tenant, lab, source, event_id)
);
CREATE INDEX ingested_events_unmatched ON {schema}.ingested_events (tenant, lab, received) WHERE activity_id IS NULL;
GRANT SELECT, INSERT, UPDATE, DELETE ON {schema}.ingested_events TO {app};
ALTER TABLE {schema}.ingested_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE {schema}.ingested_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON {schema}.ingested_events TO {app} USING (tenant = current_setting({tenant})) WITH CHECK (tenant = current_setting({tenant}));
`,
  },
  {
    id: '008-erasures',
    sql: `
-- One row per erasure of a customer (server/erasure.ts): what was erased, when and by whom, and
-- nothing of the person. The customer is named by a SHA-256 of their id, not the id itself (ids are
-- chosen by callers and may be personal): enough to answer a repeated request "already erased".
-- Rows are never updated or deleted by the server: the request role may only add and read them.
CREATE TABLE {schema}.erasures (
  tenant text COLLATE "C" NOT NULL DEFAULT current_setting({tenant}),
  lab boolean NOT NULL,
  id text COLLATE "C" NOT NULL,
  customer_digest text COLLATE "C" NOT NULL,
  erased_by text NOT NULL,
  erased_at timestamptz NOT NULL DEFAULT now(),
  removed text NOT NULL,
  PRIMARY KEY (tenant, lab, id)
);
CREATE INDEX erasures_by_customer ON {schema}.erasures (tenant, lab, customer_digest, erased_at);
GRANT SELECT, INSERT ON {schema}.erasures TO {app};
ALTER TABLE {schema}.erasures ENABLE ROW LEVEL SECURITY;
ALTER TABLE {schema}.erasures FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON {schema}.erasures TO {app} USING (tenant = current_setting({tenant})) WITH CHECK (tenant = current_setting({tenant}));
`,
  },
  {
    id: '009-retention',
    sql: `
-- Each tenant's retention (server/retention.ts): how many days activities are kept (null: for
-- ever), how many days the change feed keeps its rows, and the highest change number pruned from
-- the feed so far (a client that resumes below it must start again from the head).
CREATE TABLE {schema}.retention (
  tenant text COLLATE "C" NOT NULL DEFAULT current_setting({tenant}) PRIMARY KEY,
  activity_days integer CHECK (activity_days BETWEEN 1 AND 36500),
  feed_days integer NOT NULL DEFAULT 30 CHECK (feed_days BETWEEN 1 AND 3650),
  feed_pruned_through bigint NOT NULL DEFAULT 0,
  updated timestamptz NOT NULL DEFAULT now()
);
-- The retention job finds a tenant's oldest activities without reading the rest.
CREATE INDEX activities_by_age ON {schema}.activities (tenant, created, id);
GRANT SELECT, INSERT, UPDATE ON {schema}.retention TO {app};
GRANT SELECT ON {schema}.retention TO {system};
ALTER TABLE {schema}.retention ENABLE ROW LEVEL SECURITY;
ALTER TABLE {schema}.retention FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON {schema}.retention TO {app} USING (tenant = current_setting({tenant})) WITH CHECK (tenant = current_setting({tenant}));
-- The job lists the tenants to visit, and the fan-out's head counts the pruned points.
CREATE POLICY run_retention ON {schema}.retention FOR SELECT TO {system} USING (true);
`,
  },
  {
    id: '010-merges',
    sql: `
-- One row per customer merged into another (server/merges.ts): the merged id leads to the kept
-- customer from then on. Who merged is the contributor JSON; an erasure of either customer deletes
-- the row (server/erasure.ts). A later merge of the kept customer leads its rows on (UPDATE).
CREATE TABLE {schema}.merges (
  tenant text COLLATE "C" NOT NULL DEFAULT current_setting({tenant}),
  lab boolean NOT NULL,
  merged_id text COLLATE "C" NOT NULL,
  kept_id text COLLATE "C" NOT NULL,
  merged_by text,
  merged_at text COLLATE "C" NOT NULL,
  PRIMARY KEY (tenant, lab, merged_id)
);
CREATE INDEX merges_by_kept ON {schema}.merges (tenant, lab, kept_id);
GRANT SELECT, INSERT, UPDATE, DELETE ON {schema}.merges TO {app};
ALTER TABLE {schema}.merges ENABLE ROW LEVEL SECURITY;
ALTER TABLE {schema}.merges FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON {schema}.merges TO {app} USING (tenant = current_setting({tenant})) WITH CHECK (tenant = current_setting({tenant}));
`,
  },
];

/** The names `migrate` gives the roles and the tenant setting of a schema. */
export function schemaRoles(schema: string): { app: string; system: string; tenantSetting: string } {
  return { app: `${schema}_app`, system: `${schema}_system`, tenantSetting: `${schema}.tenant` };
}

export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,40}$/;

/**
 * Creates the schema if needed and applies the migrations it lacks, in order, each in its own
 * transaction; `until` (tests of a migration) stops after the migration of that id.
 */
export async function migrate(
  db: { query(sql: string, params?: readonly unknown[]): Promise<{ rows: unknown[] }>; transaction<T>(work: (tx: { query(sql: string, params?: readonly unknown[]): Promise<{ rows: unknown[] }> }) => Promise<T>): Promise<T> },
  schema: string,
  until?: string,
): Promise<string[]> {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Not a schema name: ${schema} (lower-case letters, digits and _)`);
  const quoted = `"${schema}"`;
  const names = schemaRoles(schema);
  const expand = (statement: string) =>
    statement
      .replaceAll('{schema}', quoted)
      .replaceAll('{app}', `"${names.app}"`)
      .replaceAll('{system}', `"${names.system}"`)
      .replaceAll('{tenant}', `'${names.tenantSetting}'`);
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
        await tx.query(expand(statement));
      }
      await tx.query(`INSERT INTO ${quoted}.migrations (id) VALUES ($1)`, [migration.id]);
      return true;
    });
    if (done) applied.push(migration.id);
    if (migration.id === until) break;
  }
  return applied;
}
