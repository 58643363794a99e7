import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { LitElement, css, html as litHtml } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { RovingFocusController } from '../../src/controllers/roving-focus-controller.js';
import { waitUntil } from '../support/wait.js';

const ITEM_PX = 40;
/** Items the list shows at once: its height over theirs. */
const SHOWN = 5;
const COUNT = 100;
/** Items rendered beyond each edge of the list while it renders only those near its scroll position. */
const OVERSCAN = 2;

/**
 * A list of COUNT buttons of ITEM_PX each, SHOWN at a time, with one roving tab stop. Made `virtual`,
 * it renders only the items near its scroll position, as a virtual list does: the others are not in
 * the DOM.
 */
class TestRovingList extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    .list {
      position: relative;
      overflow: auto;
      block-size: ${SHOWN * ITEM_PX}px;
    }
    .sizer {
      block-size: ${COUNT * ITEM_PX}px;
    }
    .item {
      position: absolute;
      inset-inline: 0;
      box-sizing: border-box;
      block-size: ${ITEM_PX}px;
      margin: 0;
    }
  `;

  static override properties = { virtual: { type: Boolean }, first: { state: true } };

  virtual = false;
  /** The first item near the list's scroll position. */
  first = 0;
  readonly keys = Array.from({ length: COUNT }, (_, index) => `item-${index}`);

  readonly roving = new RovingFocusController(this, {
    keys: () => this.keys,
    list: () => this.list,
    rendered: () => [...this.renderRoot.querySelectorAll<HTMLElement>('button.item')],
    find: (key) => this.renderRoot.querySelector<HTMLElement>(`button.item[data-key="${key}"]`),
    keyOf: (element) => element.closest?.<HTMLElement>('button.item')?.dataset['key'],
    scrollTo: (key, block) => {
      const list = this.list;
      const index = this.keys.indexOf(key);
      if (!list || index < 0) return false;
      const item = this.renderRoot.querySelector<HTMLElement>(`button.item[data-key="${key}"]`);
      if (item) item.scrollIntoView({ block });
      else list.scrollTop = index * ITEM_PX;
      return true;
    },
  });

  get list(): HTMLElement | undefined {
    return this.renderRoot.querySelector<HTMLElement>('.list') ?? undefined;
  }

  override render() {
    const from = this.virtual ? Math.max(0, this.first - OVERSCAN) : 0;
    const to = this.virtual ? Math.min(COUNT, this.first + SHOWN + OVERSCAN) : COUNT;
    const keys = this.keys.slice(from, to);
    return litHtml`<button class="outside">Outside</button>
      <div
        class="list"
        @scroll=${this.handleScroll}
        @keydown=${this.roving.handleKeydown}
        @focusin=${this.roving.handleFocusIn}
        @focusout=${this.roving.handleFocusOut}
      >
        <div class="sizer"></div>
        ${repeat(
          keys,
          (key) => key,
          (key) =>
            litHtml`<button
              class="item"
              data-key=${key}
              style=${`inset-block-start: ${this.keys.indexOf(key) * ITEM_PX}px`}
              tabindex=${this.roving.isTabStop(key) ? '0' : '-1'}
            >
              ${key}
            </button>`,
        )}
      </div>`;
  }

  private handleScroll = () => {
    this.first = Math.floor((this.list?.scrollTop ?? 0) / ITEM_PX);
  };
}
customElements.define('test-roving-list', TestRovingList);

declare global {
  interface HTMLElementTagNameMap {
    'test-roving-list': TestRovingList;
  }
}

function item(list: TestRovingList, key: string): HTMLElement | null {
  return list.shadowRoot!.querySelector<HTMLElement>(`button.item[data-key="${key}"]`);
}

/** The key of the item with focus; undefined when none has it. */
function focusedKey(list: TestRovingList): string | undefined {
  return (list.shadowRoot!.activeElement as HTMLElement | null)?.dataset['key'];
}

function tabStops(list: TestRovingList): string[] {
  return [...list.shadowRoot!.querySelectorAll<HTMLElement>('button.item[tabindex="0"]')].map((button) => button.dataset['key']!);
}

function inView(list: TestRovingList, element: Element): boolean {
  const box = element.getBoundingClientRect();
  const view = list.list!.getBoundingClientRect();
  return box.top >= view.top - 1 && box.bottom <= view.bottom + 1;
}

async function untilFocused(list: TestRovingList, key: string): Promise<void> {
  await waitUntil(() => focusedKey(list) === key, () => `${key} focused, not ${focusedKey(list)}`);
}

describe('RovingFocusController', () => {
  describe('on a list that renders every item', () => {
    it('gives the list one tab stop, the first item, and moves it with the arrows, Home and End', async () => {
      const list = await fixture<TestRovingList>(html`<test-roving-list></test-roving-list>`);
      expect(tabStops(list)).to.deep.equal(['item-0']);
      item(list, 'item-0')!.focus();
      await sendKeys({ press: 'ArrowDown' });
      await untilFocused(list, 'item-1');
      await list.updateComplete;
      expect(tabStops(list)).to.deep.equal(['item-1']);
      await sendKeys({ press: 'End' });
      await untilFocused(list, `item-${COUNT - 1}`);
      expect(inView(list, item(list, `item-${COUNT - 1}`)!)).to.equal(true);
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'ArrowUp' });
      await untilFocused(list, `item-${COUNT - 2}`);
      await sendKeys({ press: 'Home' });
      await untilFocused(list, 'item-0');
      expect(list.list!.scrollTop).to.equal(0);
      await sendKeys({ press: 'ArrowUp' });
      await list.updateComplete;
      expect(focusedKey(list)).to.equal('item-0');
      expect(tabStops(list)).to.deep.equal(['item-0']);
    });

    it('takes the tab stop to an item focused by other means (a click), and ignores keys it does not use', async () => {
      const list = await fixture<TestRovingList>(html`<test-roving-list></test-roving-list>`);
      item(list, 'item-3')!.focus();
      await list.updateComplete;
      expect(list.roving.focusedKey).to.equal('item-3');
      expect(tabStops(list)).to.deep.equal(['item-3']);
      await sendKeys({ press: 'a' });
      await list.updateComplete;
      expect(focusedKey(list)).to.equal('item-3');
    });

    it('moves by a screenful with PageDown and PageUp, stopping at the first and last item', async () => {
      const list = await fixture<TestRovingList>(html`<test-roving-list></test-roving-list>`);
      expect(list.roving.itemsPerPage()).to.equal(SHOWN);
      item(list, 'item-0')!.focus();
      await sendKeys({ press: 'PageDown' });
      await untilFocused(list, `item-${SHOWN}`);
      expect(inView(list, item(list, `item-${SHOWN}`)!)).to.equal(true);
      await sendKeys({ press: 'PageDown' });
      await untilFocused(list, `item-${2 * SHOWN}`);
      await sendKeys({ press: 'PageUp' });
      await untilFocused(list, `item-${SHOWN}`);
      await sendKeys({ press: 'PageUp' });
      await untilFocused(list, 'item-0');
      await sendKeys({ press: 'PageUp' });
      await list.updateComplete;
      expect(focusedKey(list)).to.equal('item-0');
      await sendKeys({ press: 'End' });
      await untilFocused(list, `item-${COUNT - 1}`);
      await sendKeys({ press: 'PageDown' });
      await list.updateComplete;
      expect(focusedKey(list)).to.equal(`item-${COUNT - 1}`);
    });
  });

  describe('on a list that renders only the items near its scroll position', () => {
    it('focus() renders an item far away, brings it into view and focuses it; an unknown key answers false', async () => {
      const list = await fixture<TestRovingList>(html`<test-roving-list virtual></test-roving-list>`);
      expect(item(list, 'item-60')).to.equal(null);
      expect(await list.roving.focus('item-60')).to.equal(true);
      expect(focusedKey(list)).to.equal('item-60');
      expect(inView(list, item(list, 'item-60')!)).to.equal(true);
      await list.updateComplete;
      expect(tabStops(list)).to.deep.equal(['item-60']);
      expect(await list.roving.focus('no-such-item')).to.equal(false);
      expect(focusedKey(list)).to.equal('item-60');
    });

    it('keeps focus in the list when the focused item is scrolled away; the arrows bring an item on screen back', async () => {
      const list = await fixture<TestRovingList>(html`<test-roving-list virtual></test-roving-list>`);
      const first = item(list, 'item-0')!;
      first.focus();
      list.list!.scrollTop = 50 * ITEM_PX;
      await waitUntil(() => !first.isConnected, 'the focused item removed');
      await waitUntil(() => list.shadowRoot!.activeElement === list.list, 'the list focused');
      expect(list.list!.getAttribute('tabindex')).to.equal('-1');
      // The first item on screen took the tab stop over.
      await waitUntil(() => tabStops(list).length === 1, 'one tab stop on screen');
      expect(tabStops(list)).to.deep.equal(['item-50']);
      await sendKeys({ press: 'ArrowDown' });
      await untilFocused(list, 'item-50');
      expect(inView(list, item(list, 'item-50')!)).to.equal(true);
      await waitUntil(() => !list.list!.hasAttribute('tabindex'), 'the list out of the Tab order again');
      await sendKeys({ press: 'ArrowDown' });
      await untilFocused(list, 'item-51');
    });

    it('leaves focus where it went when an item focused before is scrolled away', async () => {
      const list = await fixture<TestRovingList>(html`<test-roving-list virtual></test-roving-list>`);
      const first = item(list, 'item-0')!;
      first.focus();
      const outside = list.shadowRoot!.querySelector<HTMLElement>('button.outside')!;
      outside.focus();
      list.list!.scrollTop = 50 * ITEM_PX;
      await waitUntil(() => !first.isConnected, 'the item removed');
      for (let frame = 0; frame < 5; frame += 1) await new Promise((resolve) => requestAnimationFrame(resolve));
      expect(list.shadowRoot!.activeElement === outside, 'focus still outside the list').to.equal(true);
    });
  });
});
