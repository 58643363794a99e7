import * as z from 'zod/mini';
import { LIMITS, contributorSchema, directionSchema, idSchema, mediaTypeSchema, objectStateSchema, tagsSchema, textSchema, timestampSchema, fieldSetIdsSchema } from './common.js';
import { POD_FIELD_SET } from './field-sets.js';
import { APPOINTMENT_STATUSES } from './constants.js';
import { storedRecordFields } from './stored-record.js';

export { APPOINTMENT_STATUSES, TIME_RANGES, timeRangeStart, splitSourceName, type AppointmentStatus, type TimeRange } from './constants.js';

/** The zone's canonical IANA spelling, or undefined for anything else (offsets such as `+05:30` included). */
function canonicalTimeZone(value: string): string | undefined {
  if (!/^[A-Za-z]/.test(value)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** An IANA time zone name (`America/Los_Angeles`), stored as Intl spells it (`america/los_angeles` is read too). */
export const timeZoneSchema = z.string().check(
  z.maxLength(64),
  z.refine((value) => canonicalTimeZone(value) !== undefined, 'Must be an IANA time zone such as America/Los_Angeles'),
  z.overwrite((value) => canonicalTimeZone(value) ?? value),
);


/** A date the customer proposes in an activity (an SMS asking to move a service appointment, say). */
export const proposedAppointmentSchema = z.strictObject({
  /** The proposed start, as an instant. */
  start: timestampSchema,
  /** The customer's time zone, in which `start` was meant. */
  timeZone: z.optional(timeZoneSchema),
  place: z.optional(textSchema(LIMITS.titleLength)),
  /** The appointment this one would replace. */
  replaces: z.optional(
    z.strictObject({
      start: timestampSchema,
      place: z.optional(textSchema(LIMITS.titleLength)),
    }),
  ),
  status: z._default(z.enum(APPOINTMENT_STATUSES), 'proposed'),
});
export type ProposedAppointment = z.infer<typeof proposedAppointmentSchema>;

const breadcrumbsSchema = z.array(textSchema(LIMITS.titleLength, 1)).check(z.maxLength(LIMITS.breadcrumbs));

/** One interaction on one channel (Context Service's POD), as stored. */
export const activitySchema = z.strictObject({
  id: idSchema,
  /** Absent while the activity's person is unknown (its source fields can create the customer). */
  customerId: z.optional(idSchema),
  /** The request (case) the activity belongs to. */
  requestId: z.optional(idSchema),
  mediaType: mediaTypeSchema,
  direction: directionSchema,
  state: objectStateSchema,
  title: textSchema(LIMITS.titleLength, 1),
  /** The customer's or agent's words, shown as text. */
  message: z.optional(textSchema(LIMITS.fieldValueLength)),
  /** Pages visited, for web activities. */
  breadcrumbs: z.optional(breadcrumbsSchema),
  /** The system or component the activity came from (IVR, telematics, SMS gateway). */
  source: z.optional(textSchema(LIMITS.titleLength)),
  appointment: z.optional(proposedAppointmentSchema),
  ...storedRecordFields,
});
export type Activity = z.infer<typeof activitySchema>;

export const activityInputSchema = z.strictObject({
  id: z.optional(idSchema),
  customerId: z.optional(idSchema),
  requestId: z.optional(idSchema),
  /** Context Service's default for a source that names none. */
  mediaType: z._default(mediaTypeSchema, 'event'),
  direction: z._default(directionSchema, 'inbound'),
  state: z._default(objectStateSchema, 'active'),
  title: textSchema(LIMITS.titleLength, 1),
  message: z.optional(textSchema(LIMITS.fieldValueLength)),
  breadcrumbs: z.optional(breadcrumbsSchema),
  source: z.optional(textSchema(LIMITS.titleLength)),
  appointment: z.optional(proposedAppointmentSchema),
  tags: z._default(tagsSchema, []),
  fieldsets: z.optional(fieldSetIdsSchema),
  dataElements: z._default(z.record(z.string(), z.unknown()), {}),
  contributor: z.optional(contributorSchema),
  created: z.optional(timestampSchema),
});
export type ActivityInput = z.input<typeof activityInputSchema>;

/** A change to an activity. A closed activity cannot be changed; `null` clears an optional property. */
export const activityPatchSchema = z.strictObject({
  expectedVersion: z.int().check(z.minimum(1)),
  customerId: z.optional(idSchema),
  requestId: z.optional(z.nullable(idSchema)),
  state: z.optional(objectStateSchema),
  title: z.optional(textSchema(LIMITS.titleLength, 1)),
  message: z.optional(z.nullable(textSchema(LIMITS.fieldValueLength))),
  breadcrumbs: z.optional(z.nullable(breadcrumbsSchema)),
  source: z.optional(z.nullable(textSchema(LIMITS.titleLength))),
  appointment: z.optional(z.nullable(proposedAppointmentSchema)),
  tags: z.optional(tagsSchema),
  fieldsets: z.optional(fieldSetIdsSchema),
  dataElements: z.optional(z.record(z.string(), z.unknown())),
  contributor: z.optional(contributorSchema),
});
export type ActivityPatch = z.input<typeof activityPatchSchema>;

export const DEFAULT_ACTIVITY_FIELD_SETS = [POD_FIELD_SET] as const;
