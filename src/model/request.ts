import * as z from 'zod/mini';
import { contributorSchema, contributorsSchema, idSchema, objectStateSchema, tagsSchema, timestampSchema, fieldSetIdsSchema } from './common.js';
import { REQUEST_FIELD_SET, dataElementsSchema } from './field-sets.js';


/** A customer's issue or case ("motorcycle fault P0562") that groups activities. */
export const requestSchema = z.strictObject({
  id: idSchema,
  customerId: idSchema,
  state: objectStateSchema,
  tags: tagsSchema,
  contributors: contributorsSchema,
  fieldsets: fieldSetIdsSchema,
  dataElements: dataElementsSchema,
  created: timestampSchema,
  lastUpdated: timestampSchema,
  version: z.int().check(z.minimum(1)),
});
export type Request = z.infer<typeof requestSchema>;

export const requestInputSchema = z.strictObject({
  id: z.optional(idSchema),
  customerId: idSchema,
  state: z._default(objectStateSchema, 'active'),
  tags: z._default(tagsSchema, []),
  fieldsets: z.optional(fieldSetIdsSchema),
  dataElements: z._default(z.record(z.string(), z.unknown()), {}),
  contributor: z.optional(contributorSchema),
  created: z.optional(timestampSchema),
});
export type RequestInput = z.input<typeof requestInputSchema>;

export const DEFAULT_REQUEST_FIELD_SETS = [REQUEST_FIELD_SET] as const;

/** Context Service closed a request this long after its last update. */
export const REQUEST_AUTO_CLOSE_MS = 5 * 24 * 3600_000;
