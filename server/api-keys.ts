/**
 * API keys for machines: `cck_` and 32 random bytes (base64url). Only the key's SHA-256 is
 * stored; the key itself is shown once, when it is created. Each key has a name, a tenant and
 * scopes (the roles it acts with), and can be revoked.
 *
 * A key once verified is remembered by its hash (never the key) for a short while, so that a
 * machine's requests do not each pay a database round trip to check it. A revocation forgets it
 * at once: on the instance that revoked it before the revoke call returns, and on every other
 * instance on the database when the NOTIFY the revocation sends in its own statement arrives
 * (`forget`, called by the change hub). A lookup that fails is never remembered, so a new key
 * works at its first use.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { NotFoundError, parseOrThrow } from '../src/model/index.js';
import { API_KEY_PREFIX, ROLES, type Principal, type Role } from './principal.js';
import type { Queryable } from './db.js';

const KEY_SHAPE = /^cck_[A-Za-z0-9_-]{43}$/;

const nameSchema = z.string().check(z.trim(), z.minLength(1, 'Must not be empty'), z.maxLength(100, 'Must be at most 100 characters'));

export const apiKeyInputSchema = z.strictObject({
  name: nameSchema,
  tenant: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,100}$/, 'Must be 1–100 letters, digits, _, . or -'))),
  scopes: z.array(z.enum(ROLES)).check(z.minLength(1, 'Name at least one scope')),
});
export type ApiKeyInput = z.infer<typeof apiKeyInputSchema>;

/** A key as it is listed: never its value or its hash. */
export interface ApiKeyRecord {
  readonly id: string;
  readonly name: string;
  readonly tenant: string;
  readonly scopes: readonly Role[];
  readonly createdBy: string;
  readonly created: string;
  readonly revoked?: string;
}

function hashOf(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

interface Row {
  id: string;
  name: string;
  tenant: string;
  scopes: string;
  hash: string;
  created_by: string;
  created: string;
  revoked: string | null;
}

const COLUMNS = `id, name, tenant, scopes, hash, created_by,
  to_char(created AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created,
  to_char(revoked AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS revoked`;

function recordOf(row: Row): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    tenant: row.tenant,
    scopes: JSON.parse(row.scopes) as Role[],
    createdBy: row.created_by,
    created: row.created,
    ...(row.revoked ? { revoked: row.revoked } : {}),
  };
}

/** A revocation's NOTIFY payload on the change channel: this prefix and the key's id. */
export const API_KEY_NOTICE = 'api-key:';

/** How long a verified key is remembered (default): the longest a revocation whose NOTIFY was lost can go unheard. */
export const API_KEY_CACHE_MS = 30_000;
/** How many verified keys are remembered at most. */
const CACHED_KEYS = 1000;

export interface ApiKeyOptions {
  /** How long a verified key is remembered (default 30 s; 0: not at all). */
  readonly cacheMs?: number;
  /** The clock the remembered keys expire by. */
  readonly now?: () => number;
}

export class ApiKeys {
  private readonly table: string;
  /** The channel revocations are announced on: the change hub's (server/hub.ts), which every instance listens to. */
  private readonly channel: string;
  /** Verified keys by their hash: who they are, and until when they are taken without asking the database. */
  private readonly verified = new Map<string, { readonly principal: Principal; readonly until: number }>();
  /** Moves on with every forgetting: a lookup begun before one does not remember what it read. */
  private generation = 0;
  private readonly cacheMs: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Queryable,
    schema: string,
    options: ApiKeyOptions = {},
  ) {
    this.table = `"${schema}".api_keys`;
    this.channel = `${schema}_changes`;
    this.cacheMs = options.cacheMs ?? API_KEY_CACHE_MS;
    this.now = options.now ?? Date.now;
  }

  /** Forgets the remembered key `id` (every key when undefined: notifications may have been lost). */
  forget(id: string | undefined): void {
    this.generation += 1;
    if (id === undefined) {
      this.verified.clear();
      return;
    }
    for (const [hash, entry] of this.verified) if (entry.principal.id === `api-key:${id}`) this.verified.delete(hash);
  }

  /** How many verified keys are remembered (for tests). */
  get remembered(): number {
    return this.verified.size;
  }

  /** Creates a key for `tenant` (the input's, else `defaultTenant`); the answer is the only place the key ever appears. */
  async create(input: unknown, defaultTenant: string, createdBy: string): Promise<{ key: string; apiKey: ApiKeyRecord }> {
    const parsed = parseOrThrow(apiKeyInputSchema, input);
    const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const scopes = [...new Set(parsed.scopes)];
    const { rows } = await this.db.query<Row>(
      `INSERT INTO ${this.table} (id, name, tenant, scopes, hash, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [randomUUID(), parsed.name, parsed.tenant ?? defaultTenant, JSON.stringify(scopes), hashOf(key), createdBy],
    );
    return { key, apiKey: recordOf(rows[0]!) };
  }

  async list(tenant: string | undefined): Promise<ApiKeyRecord[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM ${this.table}${tenant === undefined ? '' : ' WHERE tenant = $1'} ORDER BY created, id`,
      tenant === undefined ? [] : [tenant],
    );
    return rows.map(recordOf);
  }

  /** Revokes a key of `tenant` (any tenant's when undefined); revoking twice keeps the first time. */
  async revoke(id: string, tenant: string | undefined): Promise<ApiKeyRecord> {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new NotFoundError('api-key', id);
    // The NOTIFY is sent by the same statement, so with its commit: every instance hears of it.
    const { rows } = await this.db.query<Row>(
      `WITH revoked AS (UPDATE ${this.table} SET revoked = coalesce(revoked, now()) WHERE id = $1${tenant === undefined ? '' : ' AND tenant = $4'} RETURNING *)
       SELECT ${COLUMNS}, pg_notify($2::text, $3::text || id::text)::text AS announced FROM revoked`,
      tenant === undefined ? [id, this.channel, API_KEY_NOTICE] : [id, this.channel, API_KEY_NOTICE, tenant],
    );
    this.forget(id);
    if (!rows[0]) throw new NotFoundError('api-key', id);
    return recordOf(rows[0]);
  }

  /** The principal a presented key stands for; undefined for a malformed, unknown or revoked key. */
  async principalOf(key: string): Promise<Principal | undefined> {
    if (!KEY_SHAPE.test(key)) return undefined;
    const hash = hashOf(key);
    // Found by its hash, as in the table's index: a comparison's timing tells nothing of a key.
    const known = this.verified.get(hash);
    if (known && known.until > this.now()) return known.principal;
    if (known) this.verified.delete(hash);
    const generation = this.generation;
    const principal = await this.lookUp(hash);
    // Not remembered when a key was forgotten meanwhile: what was read may be from before its revocation.
    if (principal && this.cacheMs > 0 && generation === this.generation) {
      if (this.verified.size >= CACHED_KEYS) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(hash, { principal, until: this.now() + this.cacheMs });
    }
    return principal;
  }

  private async lookUp(hash: string): Promise<Principal | undefined> {
    const { rows } = await this.db.query<Row>(`SELECT ${COLUMNS} FROM ${this.table} WHERE hash = $1`, [hash]);
    const row = rows[0];
    if (!row || !timingSafeEqual(Buffer.from(row.hash, 'hex'), Buffer.from(hash, 'hex')) || row.revoked) return undefined;
    const scopes = (JSON.parse(row.scopes) as unknown[]).filter((scope): scope is Role => (ROLES as readonly unknown[]).includes(scope));
    if (!scopes.length) return undefined;
    return { id: `api-key:${row.id}`, name: row.name, tenant: row.tenant, roles: scopes, via: 'api-key' };
  }
}
