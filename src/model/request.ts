import * as z from 'zod/mini';
import { contributorSchema, idSchema, objectStateSchema, tagsSchema, timestampSchema, fieldSetIdsSchema } from './common.js';
import { REQUEST_FIELD_SET } from './field-sets.js';
import { storedRecordFields } from './stored-record.js';


/** A customer's issue or case ("motorcycle fault P0562") that groups activities. */
export const requestSchema = z.strictObject({
  id: idSchema,
  customerId: idSchema,
  state: objectStateSchema,
  ...storedRecordFields,
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
