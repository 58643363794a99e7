import '@lit-labs/virtualizer';
import type { LitVirtualizer } from '@lit-labs/virtualizer/LitVirtualizer.js';
import type { RangeChangedEvent } from '@lit-labs/virtualizer/events.js';
import { msg } from '@lit/localize';
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { RovingFocusController } from '../../controllers/roving-focus-controller.js';
import type { Activity } from '../../model/index.js';
import { renderRow, type Row } from './activity-row.js';
import { renderStaleNote } from './states.js';

/** Scrolled further than this from the top, the agent is reading: new activities wait behind "N new". */
export const READING_OFFSET_PX = 8;
/** Frames to wait, at most, for the list to grow its scroll area around a row's opened details. */
const REVEAL_FRAMES = 20;

function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

/** What the list of activities shows, and who handles what happens in it. */
export interface ListView {
  readonly rows: readonly Row[];
  /** What it shows could not be read again: it is marked so, and described by the stale note. */
  readonly stale: boolean;
  readonly busy: boolean;
  readonly renderActivity: (activity: Activity) => TemplateResult;
  readonly roving: RovingFocusController;
  readonly onRangeChanged: (event: RangeChangedEvent) => void;
  readonly onScroll: () => void;
}

/** The scrolling, virtualized list of activities under their day headings. */
export function renderList(view: ListView): TemplateResult {
  const { stale, roving } = view;
  return html`${stale ? renderStaleNote() : nothing}
    <lit-virtualizer
      scroller
      part="list"
      class=${stale ? 'list stale' : 'list'}
      role="list"
      aria-label=${msg('Activities, newest first')}
      aria-busy=${view.busy ? 'true' : 'false'}
      aria-describedby=${stale ? 'stale-note' : nothing}
      .items=${view.rows}
      .keyFunction=${(row: Row | undefined, index: number) => row?.key ?? index}
      .renderItem=${(row: Row | undefined) => renderRow(row, view.renderActivity)}
      @rangeChanged=${view.onRangeChanged}
      @scroll=${view.onScroll}
      @keydown=${roving.handleKeydown}
      @focusin=${roving.handleFocusIn}
      @focusout=${roving.handleFocusOut}
    ></lit-virtualizer>`;
}

/**
 * Keeps the virtual list's upkeep after each of the host's updates: its sizer is hidden from
 * assistive technology, and it is told when it moves into the window.
 */
export class VirtualListController implements ReactiveController {
  /**
   * The virtual list lays out only the rows inside the window: while it lies outside (below a
   * tall screen-pop, say) it renders none, and it looks again only on a scroll or a resize. Moved
   * into view by a change around it, it would stay blank: told of every such move, it looks again.
   */
  private readonly sight = new IntersectionObserver((entries) => entries.map((entry) => entry.target.dispatchEvent(new Event('scroll'))));
  private watched?: Element;

  constructor(
    host: ReactiveControllerHost,
    private readonly list: () => LitVirtualizer<Row> | undefined,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const list = this.list();
    const sizer = list?.querySelector('[virtualizer-sizer]');
    if (sizer && !sizer.hasAttribute('aria-hidden')) sizer.setAttribute('aria-hidden', 'true');
    if (list !== this.watched) {
      this.sight.disconnect();
      if ((this.watched = list)) this.sight.observe(list);
    }
  }
}

/** Asks the virtual list to bring an activity's row into view; false if it cannot take the request yet. */
export function scrollToActivity(list: LitVirtualizer<Row> | undefined, rows: readonly Row[], id: string, block: ScrollLogicalPosition): boolean {
  const index = rows.findIndex((row) => row.kind === 'activity' && row.activity.id === id);
  if (index < 0) return false;
  // Until the list has its items, it has no row to scroll to (`element` is undefined).
  // At the start, a day's first activity shows under its heading: the heading is what goes to the start.
  const row = list?.element(block === 'start' && rows[index - 1]?.kind === 'day' ? index - 1 : index);
  if (!row) return false;
  try {
    row.scrollIntoView({ block });
    return true;
  } catch {
    return false;
  }
}

/**
 * Scrolls an expanded row's details into view, its toggle staying in view: the oldest rows'
 * details open below the list's edge, where no key that moves between rows would reach them.
 * The list takes a few frames to measure the row's new height and grow its scroll area. Stops
 * when the row, or the list, is gone, or the details closed (`open`).
 */
export async function revealDetails(list: () => HTMLElement | undefined, row: () => Element | null | undefined, open: () => boolean): Promise<void> {
  for (let frame = 0; frame < REVEAL_FRAMES; frame += 1) {
    await nextFrame();
    const box = row()?.getBoundingClientRect();
    const scroller = list();
    if (!box || !scroller || !open()) return;
    const view = scroller.getBoundingClientRect();
    if (box.bottom <= view.bottom + 1) return;
    scroller.scrollTop += Math.min(box.bottom - view.bottom, box.top - view.top - READING_OFFSET_PX);
  }
}
