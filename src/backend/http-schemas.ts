/**
 * What the HTTP adapter checks before a request leaves (the settings, a call's options, values
 * the server would refuse) and the shapes of the server's answers it checks (docs/openapi.yaml);
 * the records themselves are checked with the model's schemas.
 */
import * as z from 'zod/mini';
import { InvalidInputError, LIMITS, LOOKUP_KEYS, activitySchema, customerSchema, idSchema, mediaTypeSchema, organisationFieldSetsSchema, requestSchema, timestampSchema } from '../model/index.js';
import { limitSchema } from './record-rules.js';

/** A lookup's query and limit, checked before they are sent. */
export const findSchema = z.strictObject({
  query: z.string().check(z.maxLength(LIMITS.fieldValueLength, `Must be at most ${LIMITS.fieldValueLength} characters`)),
  limit: z.optional(limitSchema(20)),
});

/** A page's query, checked before it is sent. */
export const listQuerySchema = z.strictObject({
  cursor: z.optional(z.string().check(z.maxLength(1024))),
  pageSize: z.optional(limitSchema(50)),
  mediaTypes: z.optional(z.array(mediaTypeSchema)),
  since: z.optional(timestampSchema),
  until: z.optional(timestampSchema),
  text: z.optional(z.string().check(z.maxLength(LIMITS.titleLength))),
});

/** The server's answers, each checked before it is used. */
export const matchesSchema = z.object({
  matches: z.array(
    z.object({ customer: customerSchema, matchedOn: z.enum(LOOKUP_KEYS), matchedValue: z.string(), score: z.number().check(z.minimum(0), z.maximum(1)) }),
  ),
});
export const pageSchema = z.object({ activities: z.array(activitySchema), nextCursor: z.optional(z.string()) });
export const requestsSchema = z.object({ requests: z.array(requestSchema) });
export const versionedFieldSetsSchema = z.object({ version: z.int().check(z.minimum(0)), fieldSets: organisationFieldSetsSchema.shape.fieldSets });
export const statusSchema = z.object({ reachable: z.boolean(), labMode: z.boolean(), backend: z.string() });
export const revealedSchema = z.object({
  customerId: z.string(),
  field: z.string(),
  value: z.nullable(z.union([z.string(), z.number(), z.boolean()])),
  auditActivityId: idSchema,
});
export const identitySchema = z.object({ id: z.string(), name: z.string(), roles: z.array(z.string()), canReveal: z.boolean() });
/** A field id that may travel in a reveal. */
export const FIELD_ID = /^[^\s]{1,300}$/;

/** `HttpBackendOptions.baseUrl`. */
export const baseUrlSchema = z.string().check(
  z.refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'Must be an http(s) address without credentials, query or fragment'),
);

/** Values the server would refuse for their length, refused here before they travel (their size can exceed any body limit). */
export function assertDataElementLengths(input: unknown): void {
  const elements = (input as { dataElements?: unknown } | null)?.dataElements;
  if (typeof elements !== 'object' || elements === null) return;
  const issues = Object.entries(elements)
    .filter(([, value]) => typeof value === 'string' && value.trim().length > LIMITS.fieldValueLength)
    .map(([key]) => ({ path: `dataElements.${key}`, message: `Must be at most ${LIMITS.fieldValueLength} characters` }));
  if (issues.length) throw new InvalidInputError(issues);
}
