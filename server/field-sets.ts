/**
 * Each tenant's organisation field sets, on the server: its field set JSON, checked by the same
 * parser as the gadget's `field-sets-url` (`parseOrganisationFieldSets`), versioned like any other
 * record, and the registry the store checks that tenant's writes against.
 */
import * as z from 'zod/mini';
import {
  BASE_FIELD_SETS,
  ConflictError,
  FieldSetRegistry,
  organisationFieldSetsSchema,
  parseOrThrow,
  parseOrganisationFieldSets,
  type OrganisationFieldSet,
} from '../src/model/index.js';
import type { Queryable } from './db.js';

/** A tenant's field sets as the API answers them: `version` 0 and no sets until the first PUT. */
export interface TenantFieldSets {
  readonly version: number;
  readonly fieldSets: readonly OrganisationFieldSet[];
}

/** A PUT: the whole new field set JSON, and the version it replaces (optimistic concurrency, as for records). */
const putSchema = z.strictObject({
  expectedVersion: z.int().check(z.minimum(0, 'Must be 0 or more')),
  fieldSets: z.unknown(),
});

/** How many tenants' registries are kept parsed. */
const CACHED_REGISTRIES = 100;

export class TenantFieldSetStore {
  /** Parsed registries by tenant, with the version they were built from. */
  private readonly registries = new Map<string, { readonly version: number; readonly registry: FieldSetRegistry }>();

  /**
   * @param table the quoted table name; its rows are the tenants' (row-level security picks the
   *   transaction's tenant's, so every query here sees at most one row).
   * @param base the sets every tenant has (default the Context Service base sets).
   */
  constructor(
    private readonly table: string,
    private readonly base: FieldSetRegistry | undefined,
  ) {}

  async get(tx: Queryable, forUpdate = false): Promise<TenantFieldSets> {
    const { rows } = await tx.query<{ version: number; doc: string }>(`SELECT version, doc FROM ${this.table}${forUpdate ? ' FOR UPDATE' : ''}`);
    const row = rows[0];
    if (!row) return { version: 0, fieldSets: [] };
    return { version: row.version, fieldSets: (JSON.parse(row.doc) as { fieldSets: OrganisationFieldSet[] }).fieldSets };
  }

  /** Replaces the tenant's field sets when `expectedVersion` is the current one; refuses what the gadget's parser refuses. */
  async put(tx: Queryable, input: unknown): Promise<TenantFieldSets> {
    const { expectedVersion, fieldSets } = parseOrThrow(putSchema, input);
    const document = { fieldSets };
    parseOrganisationFieldSets(document);
    const accepted = parseOrThrow(organisationFieldSetsSchema, document);
    const current = await this.get(tx, true);
    if (current.version !== expectedVersion) {
      throw new ConflictError(`The field sets changed since version ${expectedVersion}: they are now at version ${current.version}`, current);
    }
    const next: TenantFieldSets = { version: expectedVersion + 1, fieldSets: accepted.fieldSets };
    const written =
      expectedVersion === 0
        ? await tx.query(`INSERT INTO ${this.table} (version, doc) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING version`, [next.version, JSON.stringify(accepted)])
        : await tx.query(`UPDATE ${this.table} SET version = $1, doc = $2, updated = now() WHERE version = $3 RETURNING version`, [next.version, JSON.stringify(accepted), expectedVersion]);
    // A first PUT that another one beat to the insert.
    if (!written.rows.length) {
      const now = await this.get(tx);
      throw new ConflictError(`The field sets changed since version ${expectedVersion}: they are now at version ${now.version}`, now);
    }
    return next;
  }

  /** The sets `tenant`'s writes are checked against: the base sets and the tenant's own; `known`, the version when the transaction has read it. */
  async registry(tx: Queryable, tenant: string, known?: number): Promise<FieldSetRegistry | undefined> {
    const version = known ?? (await tx.query<{ version: number }>(`SELECT version FROM ${this.table}`)).rows[0]?.version ?? 0;
    if (version === 0) return this.base;
    const cached = this.registries.get(tenant);
    if (cached?.version === version) return cached.registry;
    const stored = await this.get(tx);
    const registry = new FieldSetRegistry([...(this.base?.all() ?? BASE_FIELD_SETS), ...parseOrganisationFieldSets({ fieldSets: stored.fieldSets })]);
    if (this.registries.size >= CACHED_REGISTRIES) this.registries.delete(this.registries.keys().next().value!);
    this.registries.set(tenant, { version: stored.version, registry });
    return registry;
  }
}
