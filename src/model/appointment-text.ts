/** Reading a proposed appointment out of a customer's words ("Could we do Tuesday at 4pm instead?"). */
import type { Activity } from './activity.js';

/** What was understood from a message: shown to the agent, who can correct it. */
export interface FoundAppointment {
  /** The proposed start, as an ISO instant. */
  readonly start: string;
  /** The customer's IANA time zone, in which the words were meant. */
  readonly timeZone: string;
  /** The words that named the date ("Tuesday at 4pm"). */
  readonly text: string;
  readonly place?: string;
}

export interface FindAppointmentOptions {
  /** The moment the message arrived: "Tuesday" means the next Tuesday after it. */
  readonly now: Date;
  /** The customer's IANA time zone (America/Los_Angeles). */
  readonly timeZone: string;
  readonly place?: string;
}

// English only: the messages agents read are English, and the other locales would triple the chunk.
type Chrono = typeof import('chrono-node/en');

let reader: Promise<Chrono> | undefined;

/** The date parser, loaded on first use so that it stays out of the first render. */
export function loadAppointmentReader(): Promise<Chrono> {
  reader ??= import('chrono-node/en');
  return reader;
}

import { instantOfWallTime, wallTimeIn, type WallTime } from './time-zone.js';

export { instantOfWallTime, wallTimeIn, type WallTime } from './time-zone.js';

/**
 * The first date and time named in `text`, resolved in the customer's time zone and dated
 * forward from `now`. Undefined when the text names no day or time: not every message proposes.
 */
export async function findProposedAppointment(text: string, options: FindAppointmentOptions): Promise<FoundAppointment | undefined> {
  if (!text.trim()) return undefined;
  const chrono = await loadAppointmentReader();
  const wallNow = wallTimeIn(options.now, options.timeZone);
  // chrono reasons in the page's zone; give it the customer's wall clock there and read back wall-clock fields.
  const reference = new Date(wallNow.year, wallNow.month - 1, wallNow.day, wallNow.hour, wallNow.minute);
  const results = chrono.parse(text, reference, { forwardDate: true });
  // "I have a conflict on Sunday. Could we do Tuesday at 4pm instead?": the date with a time wins,
  // and of equals the later one, since a message names the old date before the new.
  let best: { score: number; result: (typeof results)[number] } | undefined;
  for (const result of results) {
    const score = (result.start.isCertain('day') || result.start.isCertain('weekday') ? 2 : 0) + (result.start.isCertain('hour') ? 1 : 0);
    if (score > 0 && score >= (best?.score ?? 0)) best = { score, result };
  }
  if (!best) return undefined;
  const { start } = best.result;
  const wall: Omit<WallTime, 'weekday'> = {
    year: start.get('year') ?? wallNow.year,
    month: start.get('month') ?? wallNow.month,
    day: start.get('day') ?? wallNow.day,
    hour: start.get('hour') ?? 12,
    minute: start.get('minute') ?? 0,
  };
  return {
    start: instantOfWallTime(wall, options.timeZone).toISOString(),
    timeZone: options.timeZone,
    text: best.result.text,
    ...(options.place ? { place: options.place } : {}),
  };
}

/** Channels whose inbound words may propose a date. */
const WRITTEN_CHANNELS: ReadonlySet<string> = new Set(['sms', 'chat', 'email']);

/**
 * The appointment an activity proposes: its structured `appointment` when it has one (which wins),
 * else one found in an inbound SMS, chat or email message. Undefined when it proposes none.
 */
export async function proposedAppointmentOf(
  activity: Activity,
  options: { readonly timeZone: string; readonly now?: Date },
): Promise<FoundAppointment | undefined> {
  const { appointment } = activity;
  if (appointment) {
    if (appointment.status !== 'proposed') return undefined;
    return {
      start: appointment.start,
      timeZone: appointment.timeZone ?? options.timeZone,
      text: activity.message ?? '',
      ...(appointment.place ? { place: appointment.place } : {}),
    };
  }
  if (activity.direction !== 'inbound' || !WRITTEN_CHANNELS.has(activity.mediaType) || !activity.message) return undefined;
  return findProposedAppointment(activity.message, { now: options.now ?? new Date(activity.created), timeZone: options.timeZone });
}
