import type { LitVirtualizer } from '@lit-labs/virtualizer/LitVirtualizer.js';
import type { RangeChangedEvent } from '@lit-labs/virtualizer/events.js';
import { consume } from '@lit/context';
import { localized, msg } from '@lit/localize';
import { Task, TaskStatus, initialState } from '@lit/task';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ActivityChange, ActivityPage, ContextBackend, OperationOptions } from '../../backend/adapter.js';
import { backendContext } from '../../contexts/backend-context.js';
import { settingsContext, type GadgetSettings } from '../../contexts/settings-context.js';
import { fieldSetsContext } from '../../contexts/field-sets-context.js';
import type { FieldSetRegistry } from '../../model/field-sets.js';
import { ActivityToggleEvent } from '../../events/activity-toggle.js';
import { TimelineStateEvent, type TimelineState } from '../../events/timeline-state.js';
import { DelayedFlagController } from '../../controllers/delayed-flag-controller.js';
import { RovingFocusController } from '../../controllers/roving-focus-controller.js';
import type { Activity } from '../../model/index.js';
import { fieldBadgeStyles, hostStyles } from '../../styles/tokens.js';
import { RowCache, renderActivity, renderPinned, type Row } from './activity-row.js';
import { arrivalAnnouncement, journeyReadAnnouncement, type JourneyNews } from './announcements.js';
import { TimelineFormats } from './dates.js';
import { FilterBarController } from './filter-bar.js';
import { LiveChangesController, withArrival, withChange } from './live-changes.js';
import { activityQuery, filtersActive, matchesFilters } from './query.js';
import { styles } from './journey-timeline.styles.js';
import { renderArrivals, renderEmpty, renderFailure, renderSkeleton, timelineState, type Failure } from './states.js';
import { READING_OFFSET_PX, VirtualListController, renderList, revealDetails, scrollToActivity } from './virtual-list.js';

/** Activities per backend call. */
export const TIMELINE_PAGE_SIZE = 50;
export { SKELETON_DELAY_MS } from '../../controllers/delayed-flag-controller.js';
/** Rows left below the visible range when the next page is requested. */
const LOAD_AHEAD_ROWS = 15;
/** Pages read while looking for an activity to jump to; beyond them it is shown pinned above the list. */
const JUMP_PAGE_LIMIT = 10;

/**
 * A customer's whole journey, newest first and grouped by day, with channel and time filters, search,
 * paging on scroll through a virtualized list, live arrivals and jumping to one activity.
 *
 * @fires cc-activity-toggle - The agent opened or closed an activity's details.
 * @fires cc-timeline-state - The journey loaded (`ready`), has nothing to show (`empty`) or failed (`error`).
 * @csspart list - The scrolling list of activities.
 * @csspart error - The message shown when the journey cannot be loaded, with its Retry button.
 * @cssprop --cc-journey-timeline-block-size - Height of the whole timeline (default 32rem).
 * @cssprop --cc-journey-timeline-background - Behind the timeline.
 * @cssprop --cc-journey-timeline-item-background - Of each activity.
 * @cssprop --cc-journey-timeline-item-border - Colour of each activity's border.
 * @cssprop --cc-journey-timeline-channel-color - Of the channel icon and name.
 */
@customElement('cc-journey-timeline')
@localized()
export class CcJourneyTimeline extends LitElement {
  static override styles = [hostStyles, fieldBadgeStyles, styles];

  /** The customer whose journey to show. */
  @property({ attribute: 'customer-id' }) customerId = '';

  /** An activity to bring into view, expanded and focused, once the journey has loaded (a call's POD.ID). */
  @property({ attribute: 'activity-id' }) activityId = '';

  /** The clock the day headings ("Today") and the time ranges read; a story or test may fix it. */
  @property({ attribute: false }) now: () => number = Date.now;

  @consume({ context: backendContext, subscribe: true })
  @state()
  private backend?: ContextBackend;

  @consume({ context: settingsContext, subscribe: true })
  @state()
  private settings?: GadgetSettings;

  @consume({ context: fieldSetsContext, subscribe: true })
  @state()
  private fieldSets?: FieldSetRegistry;

  /** Loaded under the current filters, newest first. */
  @state() private activities: readonly Activity[] = [];
  @state() private nextCursor?: string;
  /** Arrived while the agent was reading further down: shown behind the "N new" button. */
  @state() private arrivals: readonly Activity[] = [];
  /** An activity jumped to that lies beyond the pages read for it. */
  @state() private pinned?: Activity;
  @state() private expanded: ReadonlySet<string> = new Set();
  @state() private scrolledAway = false;
  @state() private announcement = '';
  /** What the live region says once the journey is read again: how much it shows, after a filter or a Retry. */
  private news?: JourneyNews;
  @state() private failure?: Failure;
  /** The channels, time range and search the journey is read under, with the bar that sets them. */
  private readonly filters = new FilterBarController(this, () => this.tellWhenRead('filtered'));
  /** Skeletons appear only when the first page takes longer than SKELETON_DELAY_MS, so fast answers do not flash. */
  private readonly skeleton = new DelayedFlagController(this);
  /** The list's one tab stop, and the keys that move it between activities. */
  private readonly roving = new RovingFocusController(this, {
    keys: () => this.activityIds(),
    list: () => this.list,
    rendered: () => [...this.renderRoot.querySelectorAll<HTMLElement>('button.toggle[data-activity-id]')],
    find: (id) => this.renderRoot.querySelector<HTMLElement>(`#activity-${CSS.escape(id)}-toggle`),
    keyOf: (element) => element.closest?.<HTMLElement>('button.toggle')?.dataset['activityId'],
    boxOf: (toggle) => toggle.closest('article') ?? toggle,
    scrollTo: (id, block) => scrollToActivity(this.list, this.rows(), id, block),
    renderItems: () => this.list?.requestUpdate(),
  });

  @query('lit-virtualizer') private list?: LitVirtualizer<Row>;

  private lastState?: TimelineState;
  private readonly rowCache = new RowCache();
  private formatCache?: TimelineFormats;
  private idsFor?: { readonly activities: readonly Activity[]; readonly ids: readonly string[] };
  /** Bumped whenever the query changes, so that a page answered for an old query is dropped. */
  private generation = 0;
  private readonly virtualList = new VirtualListController(this, () => this.list);
  /** The customer's changes as they happen, held while the first page is on its way. */
  private readonly live = new LiveChangesController(this, {
    backend: () => this.backend,
    customerId: () => this.customerId,
    listed: () => this.firstPage.status === TaskStatus.COMPLETE,
    apply: (change, listed) => this.apply(change, listed),
  });

  private readonly firstPage = new Task(this, {
    args: () => [this.backend, this.customerId, this.filters.mediaTypes, this.filters.timeRange, this.filters.search] as const,
    task: async ([backend, customerId, mediaTypes, timeRange, search], { signal }): Promise<ActivityPage | typeof initialState> => {
      this.generation += 1;
      this.nextPage.abort();
      const held = this.live.hold(!!backend && !!customerId);
      if (!backend || !customerId) return initialState;
      const query = activityQuery({ mediaTypes, timeRange, search }, this.now());
      try {
        const page = await backend.listActivities(customerId, { ...query, pageSize: TIMELINE_PAGE_SIZE }, this.options(signal));
        this.activities = page.activities;
        this.nextCursor = page.nextCursor;
        this.arrivals = [];
        this.failure = undefined;
        this.live.release(held);
        this.tell();
        return page;
      } catch (error) {
        this.live.drop(held);
        if (!signal.aborted) this.failure = { error, retry: () => void this.firstPage.run() };
        throw error;
      }
    },
  });

  private readonly nextPage = new Task(this, {
    autoRun: false,
    args: () => [this.backend, this.customerId, this.nextCursor] as const,
    task: async ([backend, customerId, cursor], { signal }): Promise<ActivityPage | typeof initialState> => {
      if (!backend || !customerId || !cursor) return initialState;
      const generation = this.generation;
      const query = activityQuery(this.filters, this.now());
      try {
        const page = await backend.listActivities(customerId, { ...query, cursor, pageSize: TIMELINE_PAGE_SIZE }, this.options(signal));
        if (generation !== this.generation) return initialState;
        const known = new Set(this.activities.map((activity) => activity.id));
        this.activities = [...this.activities, ...page.activities.filter((activity) => !known.has(activity.id))];
        this.nextCursor = page.nextCursor;
        this.failure = undefined;
        this.tell();
        return page;
      } catch (error) {
        if (!signal.aborted && generation === this.generation) this.failure = { error, retry: () => void this.loadMore() };
        throw error;
      }
    },
  });

  /**
   * Brings one activity into view, expanded and focused: from the loaded pages, else by reading
   * pages until it is reached, else pinned above the list. Filters that hide it are cleared.
   * Resolves false when the activity is not this customer's or cannot be read.
   */
  async showActivity(id: string): Promise<boolean> {
    if (!(await this.settled())) return false;
    if (!this.isLoaded(id)) {
      const backend = this.backend;
      if (!backend) return false;
      let target: Activity;
      try {
        target = await backend.getActivity(id, this.options());
      } catch {
        return false;
      }
      if (target.customerId !== this.customerId) return false;
      if (!matchesFilters(target, this.filters, this.now())) {
        this.filters.reset();
        if (!(await this.settled())) return false;
      }
      for (let page = 0; page < JUMP_PAGE_LIMIT && !this.isLoaded(id) && this.nextCursor; page += 1) {
        const last = this.activities.at(-1);
        if (last && last.created < target.created) break;
        await this.loadMore();
        if (this.failure) return false;
      }
      if (!this.isLoaded(id)) this.pinned = target;
    }
    this.expanded = new Set([...this.expanded, id]);
    return this.focusActivity(id, 'center');
  }

  /**
   * Reads the newest page again under the current filters (after an outage, say). What is shown
   * stays until the answer; if it fails, it stays marked stale beside the error.
   */
  async refresh(): Promise<void> {
    void this.firstPage.run();
    try {
      await this.firstPage.taskComplete;
    } catch {
      // The failure is shown by the error state.
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('customerId') && changed.get('customerId') !== undefined) {
      // Another customer's activities must never show, not even as stale content.
      this.activities = [];
      this.nextCursor = undefined;
      this.arrivals = [];
      this.pinned = undefined;
      this.expanded = new Set();
      this.roving.focusedKey = undefined;
      this.failure = undefined;
      this.announcement = '';
      this.news = undefined;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.skeleton.set(this.firstPage.status === TaskStatus.PENDING);
    this.reportState();
    if (changed.has('activityId') && this.activityId) void this.showActivity(this.activityId);
  }

  override render() {
    return html`<section aria-labelledby="heading">
      <h2 id="heading">${msg('Customer journey')}</h2>
      ${this.filters.render()} ${renderFailure(this.failure, this.settings?.timeoutMs, this.handleRetry)}
      ${renderArrivals(this.arrivals.length, this.handleShowArrivals)} ${renderPinned(this.pinned, (pinned) => this.renderActivity(pinned, true))}
      <div class="body">${this.renderBody()}</div>
      <div class="visually-hidden" aria-live="polite" aria-atomic="true">${this.announcement}</div>
    </section>`;
  }

  private renderBody() {
    const pending = this.firstPage.status === TaskStatus.PENDING;
    if (pending && this.skeleton.on) return renderSkeleton();
    if (!this.activities.length) {
      if (this.firstPage.status === TaskStatus.COMPLETE) return renderEmpty(filtersActive(this.filters), this.filters.handleClear);
      if (this.firstPage.status === TaskStatus.INITIAL && !this.backend) {
        return html`<p class="status" role="status">${msg('Connecting to the context store…')}</p>`;
      }
      return nothing;
    }
    return html`${renderList({
        rows: this.rows(),
        stale: this.failure !== undefined,
        busy: pending || this.nextPage.status === TaskStatus.PENDING,
        renderActivity: (activity) => this.renderActivity(activity, false),
        roving: this.roving,
        onRangeChanged: this.handleRangeChanged,
        onScroll: this.handleScroll,
      })}
      ${this.nextPage.status === TaskStatus.PENDING
        ? html`<p class="status more" role="status">${msg('Loading older activities…')}</p>`
        : nothing}`;
  }

  private renderActivity(activity: Activity, pinned: boolean) {
    return renderActivity(activity, {
      formats: this.formats(),
      fieldSets: this.fieldSets,
      expanded: this.expanded.has(activity.id),
      pinned,
      tabStop: pinned || this.roving.isTabStop(activity.id),
      onToggle: this.handleToggle,
    });
  }

  private rows(): readonly Row[] {
    return this.rowCache.rows(this.activities, this.formats(), new Date(this.now()));
  }

  private formats(): TimelineFormats {
    const locale = this.settings?.locale || document.documentElement.lang || undefined;
    if (!this.formatCache || this.formatCache.locale !== locale) this.formatCache = new TimelineFormats(locale);
    return this.formatCache;
  }

  private options(signal?: AbortSignal): OperationOptions {
    return { ...(signal ? { signal } : {}), ...(this.settings ? { timeoutMs: this.settings.timeoutMs } : {}) };
  }

  private isLoaded(id: string): boolean {
    return this.activities.some((activity) => activity.id === id);
  }

  /** The loaded activities' ids, in order: what the keys move between. */
  private activityIds(): readonly string[] {
    if (this.idsFor?.activities !== this.activities) {
      this.idsFor = { activities: this.activities, ids: this.activities.map((activity) => activity.id) };
    }
    return this.idsFor.ids;
  }

  /** Waits for the first page under the current filters; false when it failed or there is none. */
  private async settled(): Promise<boolean> {
    await this.updateComplete;
    try {
      await this.firstPage.taskComplete;
    } catch {
      return false;
    }
    return this.firstPage.status === TaskStatus.COMPLETE;
  }

  private async loadMore(): Promise<void> {
    if (!this.nextCursor) return;
    if (this.nextPage.status !== TaskStatus.PENDING) void this.nextPage.run();
    try {
      await this.nextPage.taskComplete;
    } catch {
      // The failure is shown by the error state.
    }
    await this.updateComplete;
  }

  /** Scrolls the activity into view (rendering it first if virtualized away) and focuses its toggle. */
  private async focusActivity(id: string, block: ScrollLogicalPosition = 'nearest'): Promise<boolean> {
    if (this.pinned?.id === id) {
      await this.updateComplete;
      const button = this.renderRoot.querySelector<HTMLButtonElement>(`#pinned-${CSS.escape(id)}-toggle`);
      button?.focus();
      return button !== null;
    }
    return this.roving.focus(id, block);
  }

  /** Says how many activities the journey shows, when the agent filtered it or pressed Retry. */
  private tell(): void {
    const news = this.news;
    if (!news) return;
    this.news = undefined;
    this.announcement = journeyReadAnnouncement(news, this.activities.length, !!this.nextCursor, filtersActive(this.filters));
  }

  /** The agent asked for the journey again (a filter, a Retry): what was said goes, and what it shows is told once read. */
  private tellWhenRead(news: JourneyNews): void {
    this.news = news;
    this.announcement = '';
  }

  private reportState(): void {
    const detail = timelineState(this.failure, this.firstPage.status === TaskStatus.COMPLETE, this.activities.length, this.nextCursor !== undefined);
    if (!detail || detail.state === this.lastState) return;
    this.lastState = detail.state;
    this.dispatchEvent(new TimelineStateEvent(detail));
  }

  private handleRetry = () => {
    this.tellWhenRead('recovered');
    this.failure?.retry();
  };

  private handleToggle = (event: Event) => {
    const id = (event.currentTarget as HTMLElement).dataset['activityId']!;
    const expanded = !this.expanded.has(id);
    const next = new Set(this.expanded);
    if (expanded) next.add(id);
    else next.delete(id);
    this.expanded = next;
    if (this.isLoaded(id)) this.roving.focusedKey = id;
    if (expanded) {
      const row = () => this.renderRoot.querySelector(`#activity-${CSS.escape(id)}-details`)?.parentElement;
      void this.updateComplete.then(() => revealDetails(() => this.list, row, () => this.expanded.has(id)));
    }
    this.dispatchEvent(new ActivityToggleEvent({ activityId: id, expanded }));
  };

  private handleShowArrivals = async () => {
    const known = new Set(this.activities.map((activity) => activity.id));
    const fresh = this.arrivals.filter((activity) => !known.has(activity.id));
    this.arrivals = [];
    this.activities = [...fresh, ...this.activities];
    await this.updateComplete;
    this.list?.scrollTo({ top: 0 });
    this.scrolledAway = false;
    const first = fresh[0] ?? this.activities[0];
    if (first) await this.focusActivity(first.id, 'start');
  };

  private handleRangeChanged = (event: RangeChangedEvent) => {
    requestAnimationFrame(this.roving.keepTabStopOnScreen);
    if (
      event.last >= this.rowCache.last.length - LOAD_AHEAD_ROWS &&
      this.nextCursor &&
      !this.failure &&
      this.nextPage.status !== TaskStatus.PENDING &&
      this.firstPage.status === TaskStatus.COMPLETE
    ) {
      void this.loadMore();
    }
  };

  private handleScroll = () => {
    const away = (this.list?.scrollTop ?? 0) > READING_OFFSET_PX;
    if (away !== this.scrolledAway) this.scrolledAway = away;
  };

  /** A change to the list, which holds a first page when `listed` (else a new activity waits for it). */
  private apply(change: ActivityChange, listed: boolean): void {
    if (change.kind !== 'created') {
      const shown = withChange({ activities: this.activities, arrivals: this.arrivals, pinned: this.pinned }, change);
      this.activities = shown.activities;
      this.arrivals = shown.arrivals;
      this.pinned = shown.pinned;
    } else if (change.activity && listed) this.receive(change.activity);
  }

  /** A new activity under the filters, said aloud and placed (see `withArrival`). */
  private receive(activity: Activity): void {
    if (!matchesFilters(activity, this.filters, this.now())) return;
    if (this.isLoaded(activity.id) || this.arrivals.some((candidate) => candidate.id === activity.id)) return;
    this.announcement = arrivalAnnouncement(activity);
    const placed = withArrival({ activities: this.activities, arrivals: this.arrivals }, activity, { away: this.scrolledAway, more: !!this.nextCursor });
    this.activities = placed.activities;
    this.arrivals = placed.arrivals;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cc-journey-timeline': CcJourneyTimeline;
  }
}
