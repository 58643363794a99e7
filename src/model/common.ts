import * as z from 'zod/mini';

export * from './constants.js';
import { InvalidInputError, NotFoundError } from './errors.js';
import { ID_PATTERN, LIMITS, MEDIA_TYPES, OBJECT_STATES, DIRECTIONS, CONTRIBUTOR_TYPES } from './constants.js';

export const idSchema = z.string().check(
  z.minLength(1, 'Must not be empty'),
  z.maxLength(LIMITS.idLength, `Must be at most ${LIMITS.idLength} characters`),
  z.regex(ID_PATTERN, 'Must start with a letter or digit and hold only letters, digits, ".", "_", ":" or "-"'),
);

/**
 * An instant as an ISO 8601 string with a zone offset, stored as UTC (`…Z`). An offset can move
 * the instant out of years 0000–9999, where `toISOString` writes `+010000-…`: refused, so that
 * every stored timestamp parses again.
 */
export const timestampSchema = z.pipe(
  z.pipe(
    z.iso.datetime({ offset: true, error: 'Must be an ISO 8601 date-time with a time zone' }),
    z.transform((value: string) => new Date(value).toISOString()),
  ),
  z.string().check(z.regex(/^\d{4}-/, 'Must fall between the years 0000 and 9999 in UTC')),
);

/** Free text from people: trimmed, bounded, never interpreted as markup. */
export function textSchema(max: number, min = 0) {
  return z.string().check(
    z.trim(),
    z.minLength(min, min === 1 ? 'Must not be empty' : `Must be at least ${min} characters`),
    z.maxLength(max, `Must be at most ${max} characters`),
  );
}

export const tagsSchema = z.array(textSchema(LIMITS.tagLength, 1)).check(
  z.maxLength(LIMITS.tags, `At most ${LIMITS.tags} tags`),
  z.refine((tags) => new Set(tags.map((tag) => tag.toLowerCase())).size === tags.length, 'Tags must be unique'),
);

export const contributorSchema = z.strictObject({
  type: z.enum(CONTRIBUTOR_TYPES),
  id: textSchema(LIMITS.idLength, 1),
  name: z.optional(textSchema(LIMITS.titleLength)),
});
export type Contributor = z.infer<typeof contributorSchema>;

export const contributorsSchema = z.array(contributorSchema).check(z.maxLength(LIMITS.contributors));

export const mediaTypeSchema = z.enum(MEDIA_TYPES);
export const objectStateSchema = z.enum(OBJECT_STATES);
export const directionSchema = z.enum(DIRECTIONS);


/** Size of an object as stored (UTF-8 JSON), for the per-object limit. */
export function byteSize(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).length;
}

/** The field sets a record is written in: at least one. */
export const fieldSetIdsSchema = z.array(z.string().check(z.minLength(1))).check(z.minLength(1, 'At least one field set'));

/**
 * Ids that cannot be stored cannot be found: a backend asked for one answers "not found" without
 * looking (or asking), and refuses an id that is not text at all.
 */
export function assertIdText(id: unknown, kind: string): asserts id is string {
  if (typeof id !== 'string') throw new InvalidInputError([{ path: 'id', message: `A ${kind} id must be text` }]);
  if (!z.safeParse(idSchema, id).success) throw new NotFoundError(kind, id);
}
