/** Domain constants and helpers without schemas: cheap to import on the first-render path. */

/** Channels an activity can arrive on. Context Service called SMS `mobile`; see `toMediaType`. */
export const MEDIA_TYPES = ['chat', 'email', 'event', 'sms', 'social', 'video', 'voice', 'web'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export const OBJECT_STATES = ['active', 'closed'] as const;
export type ObjectState = (typeof OBJECT_STATES)[number];

/**
 * Which way an activity went: from the customer, to the customer, or between the organisation's own
 * people and systems (an agent's note, the record of a reveal), which the customer never sees.
 */
export const DIRECTIONS = ['inbound', 'outbound', 'internal'] as const;
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

export const APPOINTMENT_STATUSES = ['proposed', 'accepted', 'declined'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

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

/** Time windows the journey can be narrowed to. */
export const TIME_RANGES = ['all', '24h', '7d', '30d'] as const;
export type TimeRange = (typeof TIME_RANGES)[number];

const RANGE_MS: Record<TimeRange, number | undefined> = {
  all: undefined,
  '24h': 24 * 3600_000,
  '7d': 7 * 24 * 3600_000,
  '30d': 30 * 24 * 3600_000,
};

/** The earliest `created` a time range admits, as an ISO instant, or undefined for all time. */
export function timeRangeStart(range: TimeRange, now = Date.now()): string | undefined {
  const span = RANGE_MS[range];
  return span === undefined ? undefined : new Date(now - span).toISOString();
}

/** A name as it is said, first name first: "Ellis, Jordan" (as lists and directories write it) is "Jordan Ellis". */
export function firstNameFirst(name: string): string {
  const parts = name.split(',');
  return parts.length === 2 ? `${parts[1]} ${parts[0]}`.trim() : name;
}

/** Splits "Jordan Ellis" as Context Service did: the last word is the last name. */
export function splitSourceName(fullName: string): { first?: string; last?: string } {
  const words = fullName.trim().split(/\s+/).filter(Boolean);
  const last = words.pop();
  return { ...(words.length ? { first: words.join(' ') } : {}), ...(last ? { last } : {}) };
}
