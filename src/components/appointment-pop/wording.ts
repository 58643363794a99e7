/** What the pop says to the customer by SMS, and the conversions its date-time fields need. */
import { instantOfWallTime, wallTimeIn } from '../../model/appointment-text.js';

const WEEK_MS = 7 * 24 * 3600_000;

/** "Cumulus Service Center – Santa Clara" is "Santa Clara" in an SMS, as journey.md words it. */
export function shortPlaceName(place: string): string {
  const parts = place.split(/\s[–—-]\s/);
  return (parts[parts.length - 1] ?? place).trim();
}

/**
 * "Tuesday 16:00" in the customer's zone: the weekday and 24-hour time, and the date too when
 * the time is a week or more away, where the weekday alone would be ambiguous (and the year when
 * it is not this year's).
 */
export function appointmentWhen(start: string, timeZone: string, now = new Date()): string {
  const instant = new Date(start);
  const far = instant.getTime() - now.getTime() >= WEEK_MS - 3600_000 || instant.getTime() < now.getTime();
  const weekday = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'long' }).format(instant);
  const year = (date: Date) => new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric' }).format(date);
  // Another year is named: "Thursday 8 January" sent in December could be read as this January.
  const date = far
    ? ` ${new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'long', ...(year(instant) === year(now) ? {} : { year: 'numeric' }) }).format(instant)}`
    : '';
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
  return `${weekday}${date} ${time}`;
}

function at(place: string | undefined): string {
  return place ? ` at ${shortPlaceName(place)}` : '';
}

/** "Cumulus: your service appointment is now Tuesday 16:00 at Santa Clara." */
export function confirmationSms(start: string, timeZone: string, place?: string, now?: Date): string {
  return `Cumulus: your service appointment is now ${appointmentWhen(start, timeZone, now)}${at(place)}.`;
}

/** The SMS that offers the customer another time. */
export function offerSms(start: string, timeZone: string, place?: string, now?: Date): string {
  return `Cumulus: we can offer ${appointmentWhen(start, timeZone, now)}${at(place)} instead. Reply YES to confirm.`;
}

/** The value of a datetime-local field showing `start` on the wall clock in `timeZone`. */
export function toLocalInput(start: string, timeZone: string): string {
  const wall = wallTimeIn(new Date(start), timeZone);
  const pad = (value: number, length = 2) => String(value).padStart(length, '0');
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** The instant a datetime-local value means on the wall clock in `timeZone`, or undefined when empty or malformed. */
export function fromLocalInput(value: string, timeZone: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  return instantOfWallTime({ year, month, day, hour, minute }, timeZone).toISOString();
}
