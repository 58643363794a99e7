import * as z from 'zod/mini';

/** Channels an activity can arrive on. Context Service called SMS `mobile`; see `toMediaType`. */
export const MEDIA_TYPES = ['chat', 'email', 'event', 'sms', 'social', 'video', 'voice', 'web'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export const OBJECT_STATES = ['active', 'closed'] as const;
export type ObjectState = (typeof OBJECT_STATES)[number];

export const DIRECTIONS = ['inbound', 'outbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const CONTRIBUTOR_TYPES = ['user', 'machine'] as const;
export type ContributorType = (typeof CONTRIBUTOR_TYPES)[number];

/** Limits the Context Service gadget enforced, kept so that data moves both ways. */
export const LIMITS = {
  fieldValueLength: 2000,
  tagLength: 50,
  tags: 50,
  titleLength: 200,
  breadcrumbs: 50,
  contributors: 100,
  objectBytes: 256 * 1024,
  idLength: 128,
} as const;

/** Ids are UUIDs when we make them; imported ids only need to be safe, printable keys. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

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

/** Maps Context Service's wire names onto ours (`mobile` is SMS). */
export function toMediaType(value: string): MediaType | undefined {
  const lower = value.trim().toLowerCase();
  if (lower === 'mobile') return 'sms';
  return (MEDIA_TYPES as readonly string[]).includes(lower) ? (lower as MediaType) : undefined;
}

/** Our media type as Context Service wrote it, for export to its format. */
export function toContextServiceMediaType(mediaType: MediaType): string {
  return mediaType === 'sms' ? 'mobile' : mediaType;
}

/** Size of an object as stored (UTF-8 JSON), for the per-object limit. */
export function byteSize(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).length;
}
