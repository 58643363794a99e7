/**
 * Finding customers by what a caller knows of them: the lookup keys each customer is indexed by
 * (its id, names, phones, emails and external ids, as model/lookup.ts derives them), written with
 * every write of the customer, and the search that reads them, ranked as the built-in store ranks.
 */
import * as z from 'zod/mini';
import {
  LIMITS,
  customerLookupKeys,
  loadPhoneNormaliser,
  lookupIndexKey,
  lookupProbes,
  parseOrThrow,
  type Customer,
} from '../src/model/index.js';
import type { CustomerMatch } from '../src/backend/adapter.js';
import { BestMatches, limitSchema } from '../src/backend/record-rules.js';
import type { Queryable } from './db.js';
import type { CallContext, Store } from './store.js';

/** A search: the text a caller knows (a name, a phone, an email, an id) and how many matches to answer. */
export const findQuerySchema = z.strictObject({
  query: z.string().check(z.maxLength(LIMITS.fieldValueLength, `Must be at most ${LIMITS.fieldValueLength} characters`)),
  limit: limitSchema(20),
});

/** The highest code point: every string starting with `prefix` sorts below `prefix + LAST`. */
const LAST = String.fromCodePoint(0x10ffff);

/** The customers whose lookup keys match the query, best first (`byScoreThenRecency`). */
export async function findCustomers(tx: Queryable, ctx: CallContext, store: Store, input: { query: unknown; limit: unknown }): Promise<CustomerMatch[]> {
  const { query, limit } = parseOrThrow(findQuerySchema, input);
  const probes = lookupProbes(query, await loadPhoneNormaliser(ctx.region));
  if (!probes.length) return [];
  const found = new BestMatches();
  const { customers, keys } = store.table;
  for (const probe of probes) {
    if (probe.key === 'id') {
      // A merged customer's id finds the customer it was merged into (migration 010).
      const { rows } = await tx.query<{ doc: string }>(
        `SELECT doc FROM ${customers} WHERE lab = $1 AND id IN ($2, (SELECT kept_id FROM "${store.schema}".merges WHERE lab = $1 AND merged_id = $2))`,
        [ctx.lab, probe.value],
      );
      for (const row of rows) found.consider(JSON.parse(row.doc) as Customer, probe, true);
      continue;
    }
    const key = lookupIndexKey(probe.key, probe.value);
    const exact = await tx.query<{ doc: string }>(
      `SELECT c.doc FROM ${keys} k JOIN ${customers} c ON c.lab = k.lab AND c.id = k.customer_id
       WHERE k.lab = $1 AND k.key = $2 ORDER BY k.customer_id LIMIT $3`,
      [ctx.lab, key, limit],
    );
    for (const row of exact.rows) found.consider(JSON.parse(row.doc) as Customer, probe, true);
    if (probe.key === 'name' && probe.prefix) {
      const starting = await tx.query<{ doc: string }>(
        `SELECT c.doc FROM ${keys} k JOIN ${customers} c ON c.lab = k.lab AND c.id = k.customer_id
         WHERE k.lab = $1 AND k.key > $2 AND k.key < $3 ORDER BY k.key LIMIT $4`,
        [ctx.lab, key, `${key}${LAST}`, limit * 3],
      );
      for (const row of starting.rows) found.consider(JSON.parse(row.doc) as Customer, probe, false);
    }
  }
  return found.best(limit);
}

/** Indexes the customer's lookup keys (its old ones deleted first by the caller). */
export async function writeKeys(tx: Queryable, ctx: CallContext, store: Store, customer: Customer): Promise<void> {
  const keys = customerLookupKeys(customer);
  if (!keys.length) return;
  const params: unknown[] = [ctx.lab, customer.id];
  const values = keys.map((key) => (params.push(key), `($1, $${params.length}, $2)`));
  await tx.query(`INSERT INTO ${store.table.keys} (lab, key, customer_id) VALUES ${values.join(', ')} ON CONFLICT DO NOTHING`, params);
}
