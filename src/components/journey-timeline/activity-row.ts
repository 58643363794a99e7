import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import type { FieldSetRegistry } from '../../model/field-sets.js';
import type { Activity } from '../../model/index.js';
import { channelIcon, channelLabel, directionLabel, stateLabel } from './channels.js';
import { dayNumber, type TimelineFormats } from './dates.js';
import { renderDetails } from './details.js';

/** One row of the virtual list: a day's heading, or an activity. */
export type Row =
  | { readonly kind: 'day'; readonly key: string; readonly label: string }
  | { readonly kind: 'activity'; readonly key: string; readonly activity: Activity };

/** How one activity shows. */
export interface ActivityView {
  readonly formats: TimelineFormats;
  readonly fieldSets: FieldSetRegistry | undefined;
  readonly expanded: boolean;
  /** Shown above the list on request, rather than in it: its ids are its own. */
  readonly pinned: boolean;
  /** Whether its toggle is in the Tab order. */
  readonly tabStop: boolean;
  readonly onToggle: (event: Event) => void;
}

/** The activities in order with a heading before each day's first, headed as seen on `now`'s day. */
export function timelineRows(activities: readonly Activity[], formats: TimelineFormats, now: Date): Row[] {
  const rows: Row[] = [];
  let current: number | undefined;
  for (const activity of activities) {
    const created = new Date(activity.created);
    const activityDay = dayNumber(created);
    if (activityDay !== current) {
      current = activityDay;
      rows.push({ kind: 'day', key: `day-${activityDay}`, label: formats.dayHeading(created, now) });
    }
    rows.push({ kind: 'activity', key: activity.id, activity });
  }
  return rows;
}

/** The list's rows, rebuilt only when the activities, the locale or the date change. */
export class RowCache {
  private builtFor?: { readonly activities: readonly Activity[]; readonly formats: TimelineFormats; readonly day: number };
  private built: readonly Row[] = [];

  /** The rows last built. */
  get last(): readonly Row[] {
    return this.built;
  }

  rows(activities: readonly Activity[], formats: TimelineFormats, now: Date): readonly Row[] {
    const day = dayNumber(now);
    const cached = this.builtFor;
    if (cached && cached.activities === activities && cached.formats === formats && cached.day === day) return this.built;
    this.builtFor = { activities, formats, day };
    this.built = timelineRows(activities, formats, now);
    return this.built;
  }
}

/** The virtualizer can ask for an index past the end for one frame after the items shrink. */
export function renderRow(row: Row | undefined, renderActivity: (activity: Activity) => TemplateResult): TemplateResult | typeof nothing {
  if (!row) return nothing;
  if (row.kind === 'day') return html`<div class="day" role="listitem"><h3>${row.label}</h3></div>`;
  return html`<div class="row" role="listitem">${renderActivity(row.activity)}</div>`;
}

/** An activity jumped to that lies beyond the pages read, shown above the list. */
export function renderPinned(pinned: Activity | undefined, renderActivity: (activity: Activity) => TemplateResult): TemplateResult | typeof nothing {
  if (!pinned) return nothing;
  return html`<div class="pinned" role="group" aria-label=${msg('Requested activity')}>
    <p class="pinned-note">${msg('Older than the pages loaded so far; shown here on request.')}</p>
    ${renderActivity(pinned)}
  </div>`;
}

/** One activity's row. An event (a fault code, an agent's note) shows no direction: it goes neither to nor from the customer. */
export function renderActivity(activity: Activity, view: ActivityView): TemplateResult {
  const { formats, expanded } = view;
  const idBase = `${view.pinned ? 'pinned' : 'activity'}-${activity.id}`;
  return html`<article class="activity ${activity.mediaType}" data-activity-id=${activity.id}>
    <h4>
      <button
        type="button"
        class="toggle"
        id=${`${idBase}-toggle`}
        data-activity-id=${activity.id}
        aria-expanded=${expanded ? 'true' : 'false'}
        aria-controls=${`${idBase}-details`}
        tabindex=${view.tabStop ? '0' : '-1'}
        @click=${view.onToggle}
      >
        <span class="channel">${channelIcon(activity.mediaType)}<span class="channel-label">${channelLabel(activity.mediaType)}</span></span>
        <span class="title"><bdi>${activity.title}</bdi></span>
        <span class="meta">
          <time datetime=${activity.created} dir="auto">${formats.timeOfDay(new Date(activity.created))}</time>
          ${activity.mediaType === 'event' ? nothing : html`<span class="direction">${directionLabel(activity.direction)}</span>`}
          <span class="state ${activity.state}">${stateLabel(activity.state)}</span>
        </span>
      </button>
    </h4>
    <div class="details" id=${`${idBase}-details`} ?hidden=${!expanded}>${expanded ? renderDetails(activity, view.formats, view.fieldSets) : nothing}</div>
  </article>`;
}
