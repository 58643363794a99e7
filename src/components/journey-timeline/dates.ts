/** Calendar arithmetic and formats for the timeline, in the agent's (the page's) time zone. */

const DAY_MS = 24 * 3600_000;

/** Local midnight of `date`'s day, as a day number that counts calendar days (DST-safe). */
export function dayNumber(date: Date): number {
  return Math.round(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) / DAY_MS);
}

/** Upper-cases the first letter, as a heading reads ("today" -> "Today", "aujourd’hui" -> "Aujourd’hui"). */
function capitalise(text: string, locale: string | undefined): string {
  const first = text.codePointAt(0);
  if (first === undefined) return text;
  const head = String.fromCodePoint(first);
  return head.toLocaleUpperCase(locale) + text.slice(head.length);
}

/** Formats the timeline needs for one locale, built once: `Intl` constructors are costly per row. */
export class TimelineFormats {
  readonly locale: string | undefined;
  private readonly relative: Intl.RelativeTimeFormat;
  private readonly dayThisYear: Intl.DateTimeFormat;
  private readonly dayOtherYear: Intl.DateTimeFormat;
  private readonly time: Intl.DateTimeFormat;
  private readonly full: Intl.DateTimeFormat;
  /** The agent's time zone, to tell when an appointment's zone differs. */
  readonly timeZone: string;

  constructor(locale: string | undefined) {
    this.locale = locale;
    this.relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    this.dayThisYear = new Intl.DateTimeFormat(locale, { weekday: 'long', month: 'long', day: 'numeric' });
    this.dayOtherYear = new Intl.DateTimeFormat(locale, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
    this.time = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
    this.full = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' });
    this.timeZone = this.time.resolvedOptions().timeZone;
  }

  /** "Today", "Yesterday", else the date ("Friday, November 20"), with the year when not this year's. */
  dayHeading(date: Date, now: Date): string {
    const ago = dayNumber(now) - dayNumber(date);
    if (ago === 0 || ago === 1) return capitalise(this.relative.format(-ago, 'day'), this.locale);
    return (date.getFullYear() === now.getFullYear() ? this.dayThisYear : this.dayOtherYear).format(date);
  }

  timeOfDay(date: Date): string {
    return this.time.format(date);
  }

  /** Date and time in full, for a tooltip-free accessible reading of a row's time. */
  dateTime(date: Date): string {
    return this.full.format(date);
  }

  /** An instant as read in `timeZone`, with the zone's name ("Tuesday, November 24, 4:00 PM PST"). */
  appointment(date: Date, timeZone: string | undefined): string {
    return new Intl.DateTimeFormat(this.locale, {
      weekday: 'long',
      month: 'long',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
      ...(timeZone ? { timeZone } : {}),
    }).format(date);
  }
}
