import * as z from 'zod/mini';
import { contributorSchema, contributorsSchema, idSchema, objectStateSchema, tagsSchema, timestampSchema, fieldSetIdsSchema } from './common.js';
import { CUSTOMER_FIELD_SET, dataElementsSchema } from './field-sets.js';
import { identitiesSchema } from './identities.js';


/** A person, as stored: base fields live in `dataElements` under their `Context_*` ids. */
export const customerSchema = z.strictObject({
  id: idSchema,
  state: objectStateSchema,
  tags: tagsSchema,
  contributors: contributorsSchema,
  fieldsets: fieldSetIdsSchema,
  dataElements: dataElementsSchema,
  /** Phones, emails and external ids the customer is found by beside its base fields (see identities.ts); absent when none. */
  identities: z.optional(identitiesSchema),
  created: timestampSchema,
  lastUpdated: timestampSchema,
  /** Incremented by every write; an update names the version it read. */
  version: z.int().check(z.minimum(1)),
});
export type Customer = z.infer<typeof customerSchema>;

/** What a caller gives to create a customer; the store fills in the rest. */
export const customerInputSchema = z.strictObject({
  id: z.optional(idSchema),
  state: z.optional(objectStateSchema),
  tags: z.optional(tagsSchema),
  fieldsets: z.optional(fieldSetIdsSchema),
  dataElements: z._default(z.record(z.string(), z.unknown()), {}),
  contributor: z.optional(contributorSchema),
  created: z.optional(timestampSchema),
});
export type CustomerInput = z.input<typeof customerInputSchema>;

/** A change to a customer. `dataElements` merge; a null or empty value removes a field. */
export const customerPatchSchema = z.strictObject({
  expectedVersion: z.int().check(z.minimum(1)),
  state: z.optional(objectStateSchema),
  tags: z.optional(tagsSchema),
  fieldsets: z.optional(fieldSetIdsSchema),
  dataElements: z.optional(z.record(z.string(), z.unknown())),
  contributor: z.optional(contributorSchema),
});
export type CustomerPatch = z.input<typeof customerPatchSchema>;

export const DEFAULT_CUSTOMER_FIELD_SETS = [CUSTOMER_FIELD_SET] as const;

export {
  EMAIL_FIELDS,
  PHONE_FIELDS,
  customerDisplayName,
  customerEmails,
  customerName,
  customerPhones,
} from './customer-display.js';
