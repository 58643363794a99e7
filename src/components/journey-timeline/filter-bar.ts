import { msg } from '@lit/localize';
import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { MEDIA_TYPES, TIME_RANGES } from '../../model/constants.js';
import type { MediaType, TimeRange } from '../../model/index.js';
import { channelIcon, channelLabel } from './channels.js';
import type { JourneyFilters } from './query.js';

const SEARCH_DEBOUNCE_MS = 300;

function timeRangeLabel(range: TimeRange): string {
  switch (range) {
    case 'all':
      return msg('All');
    case '24h':
      return msg('24 hours');
    case '7d':
      return msg('7 days');
    case '30d':
      return msg('30 days');
  }
}

/**
 * The journey's filters (channels, time range, search) and the bar the agent sets them with. The
 * search applies once the agent pauses typing, or at once on Enter. `changing` is told just before
 * the agent changes a filter; filters set by the host itself (`reset`) are not the agent's doing.
 */
export class FilterBarController implements ReactiveController, JourneyFilters {
  mediaTypes: readonly MediaType[] = [];
  timeRange: TimeRange = 'all';
  /** The search in force; `draft` is what the field holds while the agent types. */
  search = '';
  draft = '';
  private searchTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly host: ReactiveControllerHost & { readonly renderRoot: ParentNode },
    private readonly changing: () => void,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.searchTimer);
  }

  /** Clears every filter. */
  reset(): void {
    clearTimeout(this.searchTimer);
    this.mediaTypes = [];
    this.timeRange = 'all';
    this.search = '';
    this.draft = '';
    this.host.requestUpdate();
  }

  render(): TemplateResult {
    return html`<div class="filters">
      <form role="search" class="search" @submit=${this.handleSearchSubmit}>
        <label class="visually-hidden" for="search">${msg('Search this journey')}</label>
        <input
          id="search"
          type="search"
          autocomplete="off"
          dir="auto"
          placeholder=${msg('Search this journey')}
          .value=${live(this.draft)}
          @input=${this.handleSearchInput}
        />
      </form>
      <div class="channels" role="group" aria-label=${msg('Channels')}>
        ${MEDIA_TYPES.map(
          (mediaType) =>
            html`<button
              type="button"
              class="channel-filter"
              aria-pressed=${this.mediaTypes.includes(mediaType) ? 'true' : 'false'}
              data-media-type=${mediaType}
              @click=${this.handleChannelToggle}
            >
              ${channelIcon(mediaType)}<span data-label=${channelLabel(mediaType)}>${channelLabel(mediaType)}</span>
            </button>`,
        )}
      </div>
      <label class="range">
        <span>${msg('Time range')}</span>
        <select @change=${this.handleRangeChange} .value=${live(this.timeRange)}>
          ${TIME_RANGES.map(
            (range) => html`<option value=${range} ?selected=${range === this.timeRange}>${timeRangeLabel(range)}</option>`,
          )}
        </select>
      </label>
    </div>`;
  }

  /** The agent cleared the filters (the empty state's "Clear filters"): the search field takes focus. */
  handleClear = () => {
    this.changing();
    this.reset();
    void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLInputElement>('#search')?.focus());
  };

  private handleSearchInput = (event: Event) => {
    this.draft = (event.target as HTMLInputElement).value;
    this.host.requestUpdate();
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(this.applySearch, SEARCH_DEBOUNCE_MS);
  };

  private handleSearchSubmit = (event: Event) => {
    event.preventDefault();
    clearTimeout(this.searchTimer);
    this.applySearch();
  };

  private applySearch = () => {
    if (this.search === this.draft) return;
    this.changing();
    this.search = this.draft;
    this.host.requestUpdate();
  };

  private handleChannelToggle = (event: Event) => {
    const mediaType = (event.currentTarget as HTMLElement).dataset['mediaType'] as MediaType;
    this.changing();
    this.mediaTypes = this.mediaTypes.includes(mediaType)
      ? this.mediaTypes.filter((selected) => selected !== mediaType)
      : MEDIA_TYPES.filter((candidate) => candidate === mediaType || this.mediaTypes.includes(candidate));
    this.host.requestUpdate();
  };

  private handleRangeChange = (event: Event) => {
    this.changing();
    this.timeRange = (event.target as HTMLSelectElement).value as TimeRange;
    this.host.requestUpdate();
  };
}
