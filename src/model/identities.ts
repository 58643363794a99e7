/**
 * A customer's identities: the phones, emails and external ids they can be found by. The base
 * fields (`Context_*_Phone`, `Context_*_Email`, `Context_Customer_External_ID`) are identities as
 * they always were; `identities` on the customer lists the others an agent added or a merge
 * brought, so that existing records and their lookup keys stay as they are.
 *
 * An external id is one text id, compared as the lookup compares it (case-folded): the base field
 * `Context_Customer_External_ID` holds one the same way. A system that needs its own namespace
 * writes it into the id (`crm:4711`).
 *
 * Only what a stored customer needs is here; changing identities and merging customers (their
 * inputs, rules and journey record) is src/backend/merges/, loaded where it is used.
 */
import * as z from 'zod/mini';
import { LIMITS } from './common.js';

export const IDENTITY_KINDS = ['phone', 'email', 'externalId'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/** At most this many identities listed on one customer (the base fields not counted). */
export const MAX_IDENTITIES = 100;

/** One identity as stored: a phone in E.164, an email or an external id as given (trimmed). */
export const identitySchema = z.strictObject({
  kind: z.enum(IDENTITY_KINDS),
  value: z.string().check(z.minLength(1, 'Must not be empty'), z.maxLength(LIMITS.fieldValueLength)),
});
export type Identity = z.infer<typeof identitySchema>;

export const identitiesSchema = z.array(identitySchema).check(z.maxLength(MAX_IDENTITIES, `At most ${MAX_IDENTITIES} identities`));
