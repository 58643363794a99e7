/** Wall-clock time in an IANA time zone, through Intl alone (no date library): DST-safe both ways. */

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  /** 0 = Sunday. */
  readonly weekday: number;
}

/** The wall clock in `timeZone` at `instant`. */
export function wallTimeIn(instant: Date, timeZone: string): WallTime {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    weekday: 'short',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((candidate) => candidate.type === type)?.value ?? 0);
  const weekday = WEEKDAYS.indexOf(parts.find((candidate) => candidate.type === 'weekday')?.value as (typeof WEEKDAYS)[number]);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute'), weekday };
}

/**
 * The instant at which the wall clock in `timeZone` shows `wall`. A time skipped by a DST change
 * (02:30 on a spring-forward night) lands an hour later, as clocks do.
 */
export function instantOfWallTime(wall: Omit<WallTime, 'weekday'>, timeZone: string): Date {
  const wanted = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const offsetAt = (instant: number) => {
    const shown = wallTimeIn(new Date(instant), timeZone);
    return Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute) - instant;
  };
  // The zone's offset half a day either side covers any DST change near the wanted time.
  const before = wanted - offsetAt(wanted - 12 * 3600_000);
  const after = wanted - offsetAt(wanted + 12 * 3600_000);
  const shows = (instant: number) => instant + offsetAt(instant) === wanted;
  // The earlier offset gives the first of twice-shown times, and past a skipped time, the later instant.
  if (shows(before) || !shows(after)) return new Date(before);
  return new Date(after);
}
