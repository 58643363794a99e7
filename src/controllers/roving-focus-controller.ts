import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Focusing an item waits at least this long, and at least FOCUS_WAIT_FRAMES frames, for the list to lay it out. */
const FOCUS_WAIT_MS = 10_000;
const FOCUS_WAIT_FRAMES = 600;
/** Frames to wait for an item after asking the list to scroll to it, before asking again. */
const RESCROLL_FRAMES = 5;
/** Items that PageUp and PageDown move by while the list cannot tell how many it shows. */
const PAGE_ITEMS_UNKNOWN = 10;

function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

/** How a roving focus finds its items: by key, in order, some of them rendered at a time. */
export interface RovingFocusOptions {
  /** Every item's key, in the list's order, rendered or not. */
  readonly keys: () => readonly string[];
  /** The scrolling element that holds the items (a virtual list, say); its keys move between them. */
  readonly list: () => HTMLElement | undefined;
  /** The focusable element of each item rendered now, in order. */
  readonly rendered: () => readonly HTMLElement[];
  /** The focusable element of the item with `key`, when it is rendered. */
  readonly find: (key: string) => HTMLElement | null;
  /** The key of the item whose focusable element is, or holds, `element`. */
  readonly keyOf: (element: Element) => string | undefined;
  /** What counts as an item on screen: the box around its focusable element (its whole row, say). */
  readonly boxOf?: (item: HTMLElement) => Element;
  /** Asks the list to bring an item into view, rendering it first; false when it cannot take the request yet. */
  readonly scrollTo: (key: string, block: ScrollLogicalPosition) => boolean;
  /** Renders the items again: their tab stop moved while the host's own update does not reach them (a virtual list's rows). */
  readonly renderItems?: () => void;
}

/**
 * One tab stop for a whole list (the item with focus, else the first), with the arrows,
 * PageUp/PageDown (about a screenful), Home and End moving between items. The list may render
 * only some of its items (a virtual list): focusing an item scrolls it into view and waits until
 * it is rendered, and when the focused item is scrolled away and removed, the list itself takes
 * focus so that the next key still brings an item back.
 *
 * The host renders `tabindex=${controller.isTabStop(key) ? '0' : '-1'}` on each item and binds the
 * list's `keydown`, `focusin` and `focusout` to `handleKeydown`, `handleFocusIn` and `handleFocusOut`.
 */
export class RovingFocusController implements ReactiveController {
  private focused?: string;
  /** What holds focus inside the list, so that focus can stay in the list when the list removes it. */
  private focusInList?: Element;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: RovingFocusOptions,
  ) {
    host.addController(this);
  }

  /** The item holding the list's one tab stop; undefined leaves it to the first item. */
  get focusedKey(): string | undefined {
    return this.focused;
  }

  set focusedKey(key: string | undefined) {
    if (key === this.focused) return;
    this.focused = key;
    this.host.requestUpdate();
  }

  /** Whether the item with `key` is the list's tab stop. */
  isTabStop(key: string): boolean {
    return key === (this.focused ?? this.options.keys()[0]);
  }

  hostConnected(): void {
    this.connected = true;
  }

  hostDisconnected(): void {
    this.connected = false;
  }

  hostUpdated(): void {
    // Items arrive and leave without a scroll too (a live arrival, a new page): check after they render.
    requestAnimationFrame(this.keepTabStopOnScreen);
  }

  /**
   * Scrolls the item into view (rendering it first if the list had not) and focuses it. Resolves
   * false when there is no such item, or it never rendered.
   */
  async focus(key: string, block: ScrollLogicalPosition = 'nearest'): Promise<boolean> {
    const { list, find } = this.options;
    if (!this.options.keys().includes(key)) return false;
    this.focusedKey = key;
    await this.host.updateComplete;
    let item = find(key);
    // A virtual list lays itself out a frame or more after its first items render (many more on
    // a busy machine). Before that, scrolling to an item throws or is not taken up, and a scroll it
    // took can still be undone by a layout that follows: ask again every few frames until the
    // item is rendered, for as long as the host stays on the page, up to a generous limit.
    // An item the list renders beyond its edge (its overscan) is there but not in view: scroll to it too.
    // Outside the window the list renders no items: it comes into view first, as focus would bring it.
    let view = list()?.getBoundingClientRect();
    if (view && (view.bottom < 1 || view.top >= innerHeight)) {
      list()!.scrollIntoView({ block: 'nearest' });
      view = list()!.getBoundingClientRect();
    }
    const box = item?.getBoundingClientRect();
    // Brought to the start, an item may bring what heads it along: always scroll then.
    let scrolled = !!box && !!view && block === 'nearest' && box.top >= view.top && box.bottom <= view.bottom;
    let frames = 0;
    let scrolledAt = 0;
    const giveUpAt = performance.now() + FOCUS_WAIT_MS;
    for (;;) {
      if (!scrolled || (!item && frames - scrolledAt >= RESCROLL_FRAMES)) {
        // Asked again before each scroll: items can come and go meanwhile (a live arrival, a new page).
        scrolled = this.options.keys().includes(key) && this.options.scrollTo(key, block);
        scrolledAt = frames;
      }
      if (scrolled && (item = find(key))) break;
      // Given up only once both the frames and the time are spent: a busy machine draws few frames.
      if (!this.connected || (frames >= FOCUS_WAIT_FRAMES && performance.now() > giveUpAt)) break;
      await nextFrame();
      frames += 1;
    }
    // Asked to scroll to an item it had not rendered, a virtual list pins its scroll position to
    // that item's index until the agent scrolls. Once the item is there, the pin must go: items
    // prepended later would shift another item under it, and keep the list's top from ever coming
    // back. A scroll event is the list's own signal to let go.
    list()?.dispatchEvent(new Event('scroll'));
    if (!item) return false;
    item.focus();
    return true;
  }

  /** About one screenful of items, for PageUp and PageDown. */
  itemsPerPage(): number {
    const list = this.options.list();
    if (!list || !this.options.rendered().some((item) => list.contains(item))) return PAGE_ITEMS_UNKNOWN;
    if (list.getBoundingClientRect().height <= 0) return PAGE_ITEMS_UNKNOWN;
    return Math.max(1, this.itemsOnScreen().length);
  }

  /**
   * Arrows, PageUp/PageDown, Home and End move between items. Pressed on the list itself (its
   * focused item was scrolled away), they bring back an item: the arrows the one holding the tab
   * stop, the others counting from it.
   */
  handleKeydown = (event: KeyboardEvent) => {
    const keys = this.options.keys();
    const onList = event.target === event.currentTarget;
    const key = onList ? this.origin(keys) : this.options.keyOf(event.target as Element);
    if (!key) return;
    const index = keys.indexOf(key);
    let target: number;
    switch (event.key) {
      case 'ArrowDown':
        target = onList ? index : index + 1;
        break;
      case 'ArrowUp':
        target = onList ? index : index - 1;
        break;
      case 'PageDown':
        target = index + this.itemsPerPage();
        break;
      case 'PageUp':
        target = index - this.itemsPerPage();
        break;
      case 'Home':
        target = 0;
        break;
      case 'End':
        target = keys.length - 1;
        break;
      default:
        return;
    }
    event.preventDefault();
    const next = keys[Math.max(0, Math.min(keys.length - 1, target))];
    // At the first item, the list's very top shows: what heads it, and room for the focus ring.
    const top = () => next === keys[0] && this.options.list()?.scrollTo({ top: 0 });
    if (next !== undefined && (onList || next !== key)) void this.focus(next).then(top);
    else top();
  };

  handleFocusIn = (event: FocusEvent) => {
    const target = event.target as Element;
    this.focusInList = target === event.currentTarget ? undefined : target;
    const key = this.options.keyOf(target);
    if (key) this.focusedKey = key;
  };

  handleFocusOut = (event: FocusEvent) => {
    const list = event.currentTarget as HTMLElement;
    // The list gave focus up: it leaves the Tab order again once items are there to take it.
    if (event.target === list) {
      requestAnimationFrame(this.keepTabStopOnScreen);
      return;
    }
    const next = event.relatedTarget as Node | null;
    if (next) {
      if (!list.contains(next)) this.focusInList = undefined;
      return;
    }
    // Focus went nowhere: the element may be on its way out of the DOM (Chromium says so as it
    // removes it); look once it is done. Browsers that say nothing are caught after the next render.
    queueMicrotask(this.keepFocusInList);
  };

  /**
   * Keeps one item on screen in the Tab order: when the item holding the tab stop has been
   * removed (the agent scrolled far), the first item on screen takes it over. Call it when the
   * list shows other items (a virtual list's range changed).
   */
  keepTabStopOnScreen = () => {
    this.keepFocusInList();
    // With no item rendered (the list is scrolled out of the page's view), the list itself is the
    // tab stop, so that the keyboard can still reach and scroll it. While it holds focus it stays
    // focusable: taking that away would drop focus to the page.
    const rendered = this.options.rendered();
    const first = rendered[0];
    const list = this.options.list();
    if (list) {
      if (!first) {
        if (list.getAttribute('tabindex') !== '0') list.setAttribute('tabindex', '0');
      } else if ((list.getRootNode() as Document | ShadowRoot).activeElement === list) {
        if (list.getAttribute('tabindex') !== '-1') list.setAttribute('tabindex', '-1');
      } else if (list.hasAttribute('tabindex')) list.removeAttribute('tabindex');
    }
    if (rendered.some((item) => item.getAttribute('tabindex') === '0')) return;
    const onScreen = this.itemsOnScreen()[0];
    const key = onScreen ? this.options.keyOf(onScreen) : first && this.options.keyOf(first);
    if (!key) return;
    if (key !== this.focused) this.focusedKey = key;
    // The item was rendered before it became the tab stop: render the items once more.
    else (this.options.renderItems ?? (() => this.host.requestUpdate()))();
  };

  /**
   * When the list removes the item that held focus (the agent scrolled it far away with the
   * mouse), focus would fall to the page and the next key go nowhere: the list takes it instead, and
   * its keys bring an item back. Focus that had gone elsewhere is left alone.
   */
  private keepFocusInList = () => {
    const held = this.focusInList;
    if (!held) return;
    if (held.isConnected) {
      // Focus went to something that takes none (a click on plain text), or stays while the window is away.
      if ((held.getRootNode() as Document | ShadowRoot).activeElement !== held) this.focusInList = undefined;
      return;
    }
    this.focusInList = undefined;
    const list = this.options.list();
    const active = document.activeElement;
    if (!list?.isConnected || (active && active !== document.body)) return;
    if (list.getAttribute('tabindex') !== '0') list.setAttribute('tabindex', '-1');
    list.focus({ preventScroll: true });
  };

  /** Where keys pressed on the list itself start from: the item holding the tab stop, else the first on screen. */
  private origin(keys: readonly string[]): string | undefined {
    if (this.focused && keys.includes(this.focused)) return this.focused;
    const onScreen = this.itemsOnScreen()[0];
    return (onScreen && this.options.keyOf(onScreen)) ?? keys[0];
  }

  /** The items the list shows now, each mostly in view (or filling most of it), in order. */
  private itemsOnScreen(): HTMLElement[] {
    const list = this.options.list();
    if (!list) return [];
    const view = list.getBoundingClientRect();
    if (view.height <= 0) return [];
    const boxOf = this.options.boxOf ?? ((item: HTMLElement) => item);
    return this.options.rendered().filter((item) => {
      if (!list.contains(item)) return false;
      const box = boxOf(item).getBoundingClientRect();
      const shown = Math.min(box.bottom, view.bottom) - Math.max(box.top, view.top);
      return shown > 0 && (shown >= box.height / 2 || shown >= view.height / 2);
    });
  }
}
