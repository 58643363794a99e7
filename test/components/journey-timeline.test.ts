import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { ContextProvider } from '@lit/context';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../support/wait.js';
import type { LitVirtualizer } from '@lit-labs/virtualizer/LitVirtualizer.js';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { ContextBackend, ListActivitiesQuery } from '../../src/backend/adapter.js';
import { BuiltInStore } from '../../src/backend/index.js';
import '../../src/components/backend-provider/backend-provider.js';
import type { CcBackendProvider } from '../../src/components/backend-provider/backend-provider.js';
import '../../src/components/journey-timeline/journey-timeline.js';
import type { CcJourneyTimeline } from '../../src/components/journey-timeline/journey-timeline.js';
import { DEFAULT_SETTINGS, settingsContext } from '../../src/contexts/settings-context.js';
import { MAY_REVEAL, riderRegistry } from './support/field-set-providers.js';
import { DEMO_ACTIVITY_TITLES, DEMO_IDS, SANTA_CLARA, seedDemoJourney } from '../../src/demo/journey.js';
import { generateSyntheticStore } from '../../src/demo/synthetic.js';
import type { ActivityToggleEvent } from '../../src/events/activity-toggle.js';
import type { TimelineStateEvent } from '../../src/events/timeline-state.js';
import { drawnLeftToRight } from '../support/bidi.js';

const WAIT = { timeout: 15_000 };
const opened: { store: BuiltInStore; databaseName: string }[] = [];

async function openStore(timeoutMs = 15_000): Promise<BuiltInStore> {
  const databaseName = `cc-test-journey-timeline-${crypto.randomUUID()}`;
  const store = await BuiltInStore.open({ databaseName, timeoutMs });
  opened.push({ store, databaseName });
  return store;
}

/** The demo journey timed from now (or `now`), so that its days read Today, Yesterday and a date. */
async function demoStore(now?: number): Promise<BuiltInStore> {
  const store = await openStore();
  await seedDemoJourney(store, now === undefined ? undefined : new Date(now));
  return store;
}

/** A fixed "now" for tests about days and time ranges, which a run across midnight could fail. */
const NOON = new Date(2026, 10, 20, 12, 0).getTime();

/** A backend that records every page asked for, delegating to the store. */
function recording(store: BuiltInStore): { backend: ContextBackend; queries: ListActivitiesQuery[] } {
  const queries: ListActivitiesQuery[] = [];
  const backend = new Proxy(store, {
    get(target, key) {
      if (key === 'listActivities') {
        return (customerId: string, query: ListActivitiesQuery = {}, options?: object) => {
          queries.push(query);
          return target.listActivities(customerId, query, options);
        };
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { backend, queries };
}

async function renderTimeline(
  backend: ContextBackend,
  { customerId = DEMO_IDS.jordan as string, style = '', activityId = '', now = Date.now } = {},
): Promise<CcJourneyTimeline> {
  const provider = await fixture<CcBackendProvider>(html`<cc-backend-provider .backend=${backend}>
    <cc-journey-timeline customer-id=${customerId} activity-id=${activityId} style=${style} .now=${now}></cc-journey-timeline>
  </cc-backend-provider>`);
  return provider.querySelector('cc-journey-timeline')!;
}

function root(timeline: CcJourneyTimeline): ShadowRoot {
  return timeline.shadowRoot!;
}

function text(element: Element | null | undefined): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Buttons by accessible name (their text; icons are aria-hidden and carry none). */
function buttonNamed(timeline: CcJourneyTimeline, name: string): HTMLButtonElement | undefined {
  return [...root(timeline).querySelectorAll('button')].find((button) => text(button) === name);
}

function toggles(timeline: CcJourneyTimeline): HTMLButtonElement[] {
  return [...root(timeline).querySelectorAll<HTMLButtonElement>('[role="list"] button.toggle')];
}

function titles(timeline: CcJourneyTimeline): string[] {
  return toggles(timeline).map((button) => text(button.querySelector('.title')));
}

function toggleFor(timeline: CcJourneyTimeline, title: string): HTMLButtonElement {
  const button = toggles(timeline).find((candidate) => text(candidate.querySelector('.title')) === title);
  if (!button) throw new Error(`No activity "${title}"`);
  return button;
}

function focused(timeline: CcJourneyTimeline): Element | null {
  return root(timeline).activeElement;
}

async function nextFrames(count: number): Promise<void> {
  for (let frame = 0; frame < count; frame += 1) await new Promise((resolve) => requestAnimationFrame(resolve));
}

async function untilText(timeline: CcJourneyTimeline, wanted: string): Promise<void> {
  await waitUntil(() => root(timeline).textContent?.includes(wanted), `Expected "${wanted}" in the timeline`, WAIT);
}

async function untilTitles(timeline: CcJourneyTimeline, wanted: readonly string[]): Promise<void> {
  await waitUntil(
    () => JSON.stringify(titles(timeline)) === JSON.stringify(wanted),
    `Expected ${JSON.stringify(wanted)}`,
    WAIT,
  );
}

const NEWEST_FIRST = [...DEMO_ACTIVITY_TITLES].reverse();

async function demoTimeline(options?: Parameters<typeof renderTimeline>[1]): Promise<{ store: BuiltInStore; timeline: CcJourneyTimeline }> {
  const store = await demoStore(options?.now?.());
  const timeline = await renderTimeline(store, options);
  await untilTitles(timeline, NEWEST_FIRST);
  return { store, timeline };
}

afterEach(async () => {
  for (const { store, databaseName } of opened.splice(0)) {
    store.close();
    await BuiltInStore.deleteDatabase(databaseName);
  }
});

describe('cc-journey-timeline', () => {
  // Benign: the virtualizer measures rows as they resize, which can take more than one frame.
  setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach);

  it('renders', async () => {
    const { timeline } = await demoTimeline();
    expect(timeline).to.be.instanceOf(customElements.get('cc-journey-timeline')!);
    const region = root(timeline).querySelector('section')!;
    const heading = root(timeline).getElementById(region.getAttribute('aria-labelledby')!);
    expect(text(heading)).to.equal('Customer journey');
  });

  it('is accessible', async () => {
    const { timeline } = await demoTimeline();
    toggleFor(timeline, 'Service center locator').click();
    await untilText(timeline, 'Pages visited');
    await expect(timeline).to.be.accessible();
  });

  describe('the journey', () => {
    it('lists the six demo activities newest first', async () => {
      const { timeline } = await demoTimeline();
      expect(titles(timeline)).to.deep.equal(NEWEST_FIRST);
    });

    it('shows its rows when something above it shrinks and brings it into view, with no scroll', async () => {
      const store = await demoStore();
      // A tall screen-pop above the journey, say: the journey starts below the window.
      const page = await fixture<HTMLDivElement>(html`<div>
        <div class="above" style=${`block-size: ${window.innerHeight + 200}px`}></div>
        <cc-backend-provider .backend=${store}><cc-journey-timeline customer-id=${DEMO_IDS.jordan}></cc-journey-timeline></cc-backend-provider>
      </div>`);
      const timeline = page.querySelector('cc-journey-timeline')!;
      const list = () => root(timeline).querySelector<LitVirtualizer>('lit-virtualizer');
      await waitUntil(() => list()?.items.length, 'Expected the journey read', WAIT);
      await nextFrames(5);
      // What the virtual list does below the window: it lays out no rows.
      expect(toggles(timeline), 'rows below the window').to.have.length(0);
      const scrollY = window.scrollY;
      page.querySelector<HTMLElement>('.above')!.style.blockSize = '0';
      await untilTitles(timeline, NEWEST_FIRST);
      expect(window.scrollY).to.equal(scrollY);
    });

    it('groups them by day: Today, Yesterday, then the date', async () => {
      const { timeline } = await demoTimeline({ now: () => NOON });
      const headings = [...root(timeline).querySelectorAll('[role="list"] h3')].map(text);
      const twoDaysAgo = new Date(2026, 10, 18);
      const date = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' }).format(twoDaysAgo);
      expect(headings).to.deep.equal(['Today', 'Yesterday', date]);
    });

    it('names each channel in text beside a hidden icon, with time, direction and state', async () => {
      const { timeline } = await demoTimeline();
      const buttons = toggles(timeline);
      expect(buttons.map((button) => text(button.querySelector('.channel-label')))).to.deep.equal([
        'SMS',
        'SMS',
        'Voice',
        'Chat',
        'Web',
        'Event',
      ]);
      for (const icon of root(timeline).querySelectorAll('[role="list"] svg')) expect(icon.getAttribute('aria-hidden')).to.equal('true');
      const confirmation = toggleFor(timeline, 'Appointment confirmed');
      expect(text(confirmation.querySelector('.direction'))).to.equal('Outbound');
      expect(text(confirmation.querySelector('.state'))).to.equal('Closed');
      expect(text(toggleFor(timeline, 'New date proposed').querySelector('.state'))).to.equal('Active');
      const time = confirmation.querySelector('time')!;
      expect(text(time)).to.equal(new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(new Date(time.dateTime)));
    });
  });

  describe('details', () => {
    it('expand to show the message and the web breadcrumbs, and fire cc-activity-toggle', async () => {
      const { timeline } = await demoTimeline();
      const toggle = toggleFor(timeline, 'Service center locator');
      expect(toggle.getAttribute('aria-expanded')).to.equal('false');
      const details = root(timeline).getElementById(toggle.getAttribute('aria-controls')!)!;
      expect(details.hidden).to.equal(true);
      const fired = oneEvent(timeline, 'cc-activity-toggle') as Promise<ActivityToggleEvent>;
      toggle.click();
      const event = await fired;
      expect(event.detail).to.deep.equal({ activityId: DEMO_IDS.serviceLocator, expanded: true });
      expect(event.bubbles && event.composed).to.equal(true);
      await waitUntil(() => !details.hidden, 'details shown', WAIT);
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      expect([...details.querySelectorAll('.breadcrumbs li')].map(text)).to.deep.equal(['Home', 'Service', 'Find a service center', 'Santa Clara']);
      expect(text(details.querySelector('.message'))).to.equal('Clicked "Schedule Service Appointment".');
      toggle.click();
      await waitUntil(() => details.hidden, 'details hidden again', WAIT);
    });

    it('show notes, source and the other data elements as a definition list', async () => {
      const { timeline } = await demoTimeline();
      toggleFor(timeline, 'Service appointment booked').click();
      toggleFor(timeline, 'Dashboard fault P0562').click();
      await untilText(timeline, 'Stratus 750 telematics');
      const terms = [...root(timeline).querySelectorAll('dt')].map(text);
      expect(terms).to.include.members(['Notes', 'Linked activity', 'Source phone', 'Source']);
      expect(text(root(timeline).querySelector('.notes'))).to.contain('Booked Sunday 10:00, Santa Clara.');
    });

    it('show the proposed appointment in the customer’s time zone and the agent’s', async () => {
      const { timeline } = await demoTimeline();
      toggleFor(timeline, 'New date proposed').click();
      await untilText(timeline, 'Proposed appointment');
      const appointment = root(timeline).querySelector('.appointment')!;
      const start = new Date(appointment.querySelector('time')!.dateTime);
      const customer = new Intl.DateTimeFormat(undefined, {
        weekday: 'long', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short', timeZone: 'America/Los_Angeles',
      }).format(start);
      expect(text(appointment)).to.contain(customer);
      expect(text(appointment)).to.contain(SANTA_CLARA);
      expect(text(appointment)).to.contain('Instead of');
      const agentZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      expect(appointment.querySelector('.agent-time') !== null).to.equal(agentZone !== 'America/Los_Angeles');
    });
  });

  describe('filters', () => {
    it('narrow to SMS with a pressed toggle named by the channel', async () => {
      const { timeline } = await demoTimeline();
      const sms = buttonNamed(timeline, 'SMS')!;
      expect(sms.getAttribute('aria-pressed')).to.equal('false');
      for (const name of ['Voice', 'Chat', 'Email', 'Web', 'Event', 'Social', 'Video']) expect(buttonNamed(timeline, name)).to.not.equal(undefined);
      sms.click();
      await untilTitles(timeline, ['New date proposed', 'Appointment confirmed']);
      expect(sms.getAttribute('aria-pressed')).to.equal('true');
      sms.click();
      await untilTitles(timeline, NEWEST_FIRST);
    });

    it('move no chip when one is pressed: each keeps its place and width', async () => {
      const { timeline } = await demoTimeline();
      const chips = () => [...root(timeline).querySelectorAll<HTMLButtonElement>('[role="group"] button')];
      const boxes = () => chips().map((chip) => { const { left, top, width } = chip.getBoundingClientRect(); return { name: text(chip), left, top, width }; });
      const before = boxes();
      expect(before.map((box) => box.name)).to.include.members(['SMS', 'Social', 'Video']);
      buttonNamed(timeline, 'SMS')!.focus();
      await sendKeys({ press: 'Enter' });
      await untilTitles(timeline, ['New date proposed', 'Appointment confirmed']);
      expect(buttonNamed(timeline, 'SMS')!.getAttribute('aria-pressed')).to.equal('true');
      expect(getComputedStyle(buttonNamed(timeline, 'SMS')!).fontWeight, 'still drawn bold').to.equal('600');
      expect(boxes()).to.deep.equal(before);
      await expect(timeline).to.be.accessible();
    });

    it('narrow to the last 24 hours', async () => {
      const { timeline } = await demoTimeline({ now: () => NOON });
      const select = root(timeline).querySelector('select')!;
      expect([...select.options].map((option) => option.text)).to.deep.equal(['All', '24 hours', '7 days', '30 days']);
      expect(select.labels?.[0]?.textContent).to.contain('Time range');
      select.focus();
      select.value = '24h';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      await waitUntil(() => titles(timeline).length < 6, 'fewer activities', WAIT);
      const dayAgo = NOON - 24 * 3600_000;
      for (const toggle of toggles(timeline)) expect(new Date(toggle.querySelector('time')!.dateTime).getTime()).to.be.greaterThan(dayAgo);
      expect(titles(timeline)).to.include('New date proposed');
    });

    it('search inside the journey', async () => {
      const { timeline } = await demoTimeline();
      const search = root(timeline).querySelector<HTMLInputElement>('input[type="search"]')!;
      expect(search.labels?.[0]?.textContent?.trim()).to.equal('Search this journey');
      search.focus();
      await sendKeys({ type: 'Santa Clara' });
      await sendKeys({ press: 'Enter' });
      await untilTitles(timeline, ['Appointment confirmed', 'Service appointment booked', 'Is Santa Clara open on Sundays?', 'Service center locator']);
    });

    it('go to the backend query so that paging stays correct', async () => {
      const { backend, queries } = recording(await demoStore());
      const timeline = await renderTimeline(backend);
      await untilTitles(timeline, NEWEST_FIRST);
      buttonNamed(timeline, 'Voice')!.click();
      await untilTitles(timeline, ['Service appointment booked']);
      const select = root(timeline).querySelector('select')!;
      select.value = '7d';
      select.dispatchEvent(new Event('change'));
      const search = root(timeline).querySelector<HTMLInputElement>('input[type="search"]')!;
      search.value = 'booked';
      search.dispatchEvent(new Event('input'));
      await waitUntil(() => queries.some((query) => query.text === 'booked'), 'a text query', WAIT);
      const last = queries.at(-1)!;
      expect(last.mediaTypes).to.deep.equal(['voice']);
      expect(new Date(last.since!).getTime()).to.be.closeTo(Date.now() - 7 * 24 * 3600_000, 60_000);
      expect(last.pageSize).to.equal(50);
    });

    it('say when nothing matches and clear with "Clear filters"', async () => {
      const { timeline } = await demoTimeline();
      buttonNamed(timeline, 'Video')!.click();
      await untilText(timeline, 'No activities match these filters');
      buttonNamed(timeline, 'Clear filters')!.click();
      await untilTitles(timeline, NEWEST_FIRST);
      expect(buttonNamed(timeline, 'Video')!.getAttribute('aria-pressed')).to.equal('false');
    });
  });

  describe('announcements', () => {
    const live = (timeline: CcJourneyTimeline) => text(root(timeline).querySelector('[aria-live="polite"]'));
    const untilSaid = (timeline: CcJourneyTimeline, wanted: string) => waitUntil(() => live(timeline) === wanted, `Expected "${wanted}" said`, WAIT);

    it('say politely what each filter and search leaves, none found included', async () => {
      const { timeline } = await demoTimeline();
      expect(root(timeline).querySelectorAll('[aria-live], [role="status"], [role="alert"]')).to.have.length(1);
      expect(live(timeline)).to.equal('');
      buttonNamed(timeline, 'SMS')!.focus();
      await sendKeys({ press: 'Enter' });
      await untilTitles(timeline, ['New date proposed', 'Appointment confirmed']);
      await untilSaid(timeline, '2 activities found');
      await sendKeys({ press: 'Space' });
      await untilSaid(timeline, '6 activities found');
      buttonNamed(timeline, 'Video')!.focus();
      await sendKeys({ press: 'Enter' });
      await untilSaid(timeline, 'No activities match these filters');
      buttonNamed(timeline, 'Clear filters')!.focus();
      await sendKeys({ press: 'Enter' });
      await untilSaid(timeline, '6 activities found');
      // Clear filters put the keyboard in the journey's search.
      await waitUntil(() => focused(timeline) === root(timeline).querySelector('input[type="search"]'), 'Expected focus in the search', WAIT);
      await sendKeys({ type: 'Santa Clara' });
      await sendKeys({ press: 'Enter' });
      await untilSaid(timeline, '4 activities found');
      await sendKeys({ type: ' Sundays' });
      await sendKeys({ press: 'Enter' });
      await untilSaid(timeline, '1 activity found');
      await sendKeys({ type: ' never' });
      await sendKeys({ press: 'Enter' });
      await untilSaid(timeline, 'No activities match these filters');
      await expect(timeline).to.be.accessible();
    });

    it('say politely that the journey is back after Retry, and what it shows', async () => {
      const { store, timeline } = await demoTimeline();
      store.fault = 'unavailable';
      buttonNamed(timeline, 'Web')!.focus();
      await sendKeys({ press: 'Enter' });
      await untilText(timeline, "Experiencing issues with accessing customer's context information");
      store.fault = 'none';
      buttonNamed(timeline, 'Retry')!.focus();
      await sendKeys({ press: 'Enter' });
      await untilTitles(timeline, ['Service center locator']);
      await untilSaid(timeline, 'Journey loaded again. 1 activity found');
    });

    it('say nothing when the journey first loads', async () => {
      const { timeline } = await demoTimeline();
      await timeline.updateComplete;
      expect(live(timeline)).to.equal('');
    });
  });

  describe('keyboard', () => {
    it('reaches the list by Tab and moves between activities with the arrows, Home and End', async () => {
      const { timeline } = await demoTimeline();
      const tabStops = toggles(timeline).filter((button) => button.tabIndex === 0);
      expect(tabStops).to.have.length(1);
      // The time range is the last filter; the list's one tab stop comes next.
      root(timeline).querySelector('select')!.focus();
      await sendKeys({ press: 'Tab' });
      await waitUntil(() => focused(timeline) === toggleFor(timeline, 'New date proposed'), 'first activity focused', WAIT);
      await sendKeys({ press: 'ArrowDown' });
      await waitUntil(() => focused(timeline) === toggleFor(timeline, 'Appointment confirmed'), 'second activity focused', WAIT);
      await sendKeys({ press: 'End' });
      await waitUntil(() => focused(timeline) === toggleFor(timeline, 'Dashboard fault P0562'), 'last activity focused', WAIT);
      await sendKeys({ press: 'ArrowUp' });
      await waitUntil(() => focused(timeline) === toggleFor(timeline, 'Service center locator'), 'previous activity focused', WAIT);
      await sendKeys({ press: 'Home' });
      await waitUntil(() => focused(timeline) === toggleFor(timeline, 'New date proposed'), 'first activity again', WAIT);
      expect(toggles(timeline).filter((button) => button.tabIndex === 0)).to.deep.equal([toggleFor(timeline, 'New date proposed')]);
    });

    it('moves by a screenful with PageDown and PageUp, stopping at the first and last activity', async () => {
      const { timeline } = await demoTimeline();
      toggleFor(timeline, 'New date proposed').focus();
      // All six fit on one screen: a screenful down is the last, and back up the first.
      await sendKeys({ press: 'PageDown' });
      await waitUntil(() => focused(timeline) === toggleFor(timeline, 'Dashboard fault P0562'), 'last activity focused', WAIT);
      await sendKeys({ press: 'PageUp' });
      await waitUntil(() => focused(timeline) === toggleFor(timeline, 'New date proposed'), 'first activity focused', WAIT);
      await sendKeys({ press: 'PageUp' });
      await nextFrames(3);
      expect(focused(timeline) === toggleFor(timeline, 'New date proposed'), 'still the first activity').to.equal(true);
    });

    it('toggles details with Enter and Space', async () => {
      const { timeline } = await demoTimeline();
      const toggle = toggleFor(timeline, 'Is Santa Clara open on Sundays?');
      toggle.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => toggle.getAttribute('aria-expanded') === 'true', 'expanded by Enter', WAIT);
      await untilText(timeline, 'I\'ll call when I\'m ready to book.');
      await sendKeys({ press: 'Space' });
      await waitUntil(() => toggle.getAttribute('aria-expanded') === 'false', 'collapsed by Space', WAIT);
    });
  });

  describe('live updates', () => {
    it('show a new activity at the top and announce it politely', async () => {
      const { store, timeline } = await demoTimeline();
      await store.createActivity({
        customerId: DEMO_IDS.jordan,
        mediaType: 'sms',
        direction: 'inbound',
        title: 'Running late',
        message: 'I will be 10 minutes late.',
      });
      await untilTitles(timeline, ['Running late', ...NEWEST_FIRST]);
      const live = root(timeline).querySelector('[aria-live="polite"]')!;
      await waitUntil(() => text(live) === 'New SMS from the customer: Running late', `announced, saw "${text(live)}"`, WAIT);
    });

    it('announce an event (a fault code, an agent’s note) as coming from no one in particular', async () => {
      const { store, timeline } = await demoTimeline();
      await store.createActivity({ customerId: DEMO_IDS.jordan, mediaType: 'event', title: 'Agent note', dataElements: { Context_Notes: 'Loaner offered' } });
      const live = root(timeline).querySelector('[aria-live="polite"]')!;
      await waitUntil(() => text(live) === 'New event: Agent note', `announced, saw "${text(live)}"`, WAIT);
    });

    it('mark an internal activity (agents consulting in a chat) as internal, and announce it so', async () => {
      const { store, timeline } = await demoTimeline();
      await store.createActivity({ customerId: DEMO_IDS.jordan, mediaType: 'chat', direction: 'internal', title: 'Consult: loaner bikes' });
      await untilTitles(timeline, ['Consult: loaner bikes', ...NEWEST_FIRST]);
      const live = root(timeline).querySelector('[aria-live="polite"]')!;
      await waitUntil(() => text(live) === 'New internal activity (Chat): Consult: loaner bikes', `announced, saw "${text(live)}"`, WAIT);
      expect(text(toggleFor(timeline, 'Consult: loaner bikes').querySelector('.direction'))).to.equal('Internal');
    });

    it('wait behind "1 new" while the agent reads further down', async () => {
      const { store, timeline } = await demoTimeline({ style: '--cc-journey-timeline-block-size: 260px' });
      const list = root(timeline).querySelector<HTMLElement>('[role="list"]')!;
      await waitUntil(() => list.scrollHeight > list.clientHeight + 40, 'the list scrolls', WAIT);
      // To the bottom, once the virtual list has measured its rows: the same height and the same
      // position two frames running (on a busy machine, measuring can take several frames).
      let last = '';
      await waitUntil(
        async () => {
          list.scrollTop = list.scrollHeight;
          await nextFrames(2);
          const now = `${list.scrollHeight}:${list.scrollTop}`;
          const steady = now === last && list.scrollTop > 20;
          last = now;
          return steady;
        },
        'scrolled down, and the list laid out',
        WAIT,
      );
      list.dispatchEvent(new Event('scroll'));
      const before = list.scrollTop;
      await store.createActivity({ customerId: DEMO_IDS.jordan, mediaType: 'chat', title: 'Any update?' });
      await waitUntil(() => buttonNamed(timeline, '↑1 new') ?? buttonNamed(timeline, '↑ 1 new'), 'a "1 new" button', WAIT);
      const button = buttonNamed(timeline, '↑1 new') ?? buttonNamed(timeline, '↑ 1 new')!;
      expect(button.textContent).to.contain('1 new');
      expect(titles(timeline)).to.not.include('Any update?');
      expect(list.scrollTop).to.equal(before);
      button.click();
      await waitUntil(() => titles(timeline)[0] === 'Any update?', 'revealed at the top', WAIT);
      await waitUntil(() => focused(timeline) === toggleFor(timeline, 'Any update?'), 'the new activity focused', WAIT);
      expect(list.scrollTop).to.be.lessThan(20);
    });

    it('apply what changed while the first page was on its way, though the page was read before', async () => {
      const store = await demoStore();
      // The page is read at once but answers only when let go: as a server's read that began
      // before a write committed, and whose answer arrives after the write's change was heard.
      let letGo!: () => void;
      const gate = new Promise<void>((resolve) => (letGo = resolve));
      let read = false;
      const backend = new Proxy(store, {
        get(target, key) {
          if (key === 'listActivities') {
            return async (...args: Parameters<BuiltInStore['listActivities']>) => {
              const page = await target.listActivities(...args);
              read = true;
              await gate;
              return page;
            };
          }
          const value: unknown = Reflect.get(target, key, target);
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
      const timeline = await renderTimeline(backend);
      await waitUntil(() => read, 'the first page read', WAIT);
      const heard: string[] = [];
      const unsubscribe = store.subscribe(DEMO_IDS.jordan, (change) => heard.push(change.kind));
      await store.createActivity({ customerId: DEMO_IDS.jordan, mediaType: 'sms', direction: 'inbound', title: 'Running late' });
      const proposal = await store.getActivity(DEMO_IDS.proposalSms);
      await store.updateActivity(DEMO_IDS.proposalSms, { expectedVersion: proposal.version, state: 'closed' });
      await waitUntil(() => heard.length === 2, 'both changes heard', WAIT);
      unsubscribe();
      letGo();
      await untilTitles(timeline, ['Running late', ...NEWEST_FIRST]);
      expect(text(toggleFor(timeline, 'New date proposed').querySelector('.state'))).to.equal('Closed');
    });

    it('update a changed activity in place', async () => {
      const { store, timeline } = await demoTimeline();
      const current = await store.getActivity(DEMO_IDS.proposalSms);
      await store.updateActivity(DEMO_IDS.proposalSms, { expectedVersion: current.version, state: 'closed' });
      await waitUntil(() => text(toggleFor(timeline, 'New date proposed').querySelector('.state')) === 'Closed', 'closed in place', WAIT);
      expect(titles(timeline)).to.deep.equal(NEWEST_FIRST);
    });
  });

  describe('jump to an activity', () => {
    it('showActivity expands and focuses activity 3', async () => {
      const { timeline } = await demoTimeline();
      expect(await timeline.showActivity(DEMO_IDS.sundayChat)).to.equal(true);
      const toggle = toggleFor(timeline, 'Is Santa Clara open on Sundays?');
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      expect(focused(timeline)).to.equal(toggle);
      expect(toggle.tabIndex).to.equal(0);
    });

    it('follows the activity-id attribute (a call’s POD.ID), clearing filters that hide it', async () => {
      const store = await demoStore();
      const timeline = await renderTimeline(store);
      await untilTitles(timeline, NEWEST_FIRST);
      buttonNamed(timeline, 'SMS')!.click();
      await untilTitles(timeline, ['New date proposed', 'Appointment confirmed']);
      timeline.activityId = DEMO_IDS.sundayChat;
      await waitUntil(() => focused(timeline) === toggles(timeline).find((b) => text(b.querySelector('.title')) === 'Is Santa Clara open on Sundays?'), 'focused', WAIT);
      expect(buttonNamed(timeline, 'SMS')!.getAttribute('aria-pressed')).to.equal('false');
    });

    it('jumps as soon as the timeline is created, before its virtual list is laid out', async () => {
      const store = await demoStore();
      const timeline = await renderTimeline(store);
      expect(await timeline.showActivity(DEMO_IDS.sundayChat)).to.equal(true);
      expect(focused(timeline)).to.equal(toggleFor(timeline, 'Is Santa Clara open on Sundays?'));
    });

    it('brings a journey that lies below the window into view for the activity asked for', async () => {
      const store = await demoStore();
      const page = await fixture<HTMLDivElement>(html`<div>
        <div style=${`block-size: ${window.innerHeight + 200}px`}></div>
        <cc-backend-provider .backend=${store}><cc-journey-timeline customer-id=${DEMO_IDS.jordan}></cc-journey-timeline></cc-backend-provider>
      </div>`);
      const timeline = page.querySelector('cc-journey-timeline')!;
      try {
        expect(await timeline.showActivity(DEMO_IDS.sundayChat)).to.equal(true);
        const toggle = toggleFor(timeline, 'Is Santa Clara open on Sundays?');
        expect(focused(timeline)).to.equal(toggle);
        const box = toggle.getBoundingClientRect();
        expect(box.top, 'in the window').to.be.at.least(0);
        expect(box.bottom, 'in the window').to.be.at.most(window.innerHeight);
      } finally {
        window.scrollTo(0, 0);
      }
    });

    it('answers false for an activity that is not the customer’s', async () => {
      const { timeline } = await demoTimeline();
      expect(await timeline.showActivity('no-such-activity')).to.equal(false);
    });
  });

  describe('states', () => {
    it('says when the customer has no activities yet', async () => {
      const store = await demoStore();
      const provider = await fixture<CcBackendProvider>(html`<cc-backend-provider .backend=${store}></cc-backend-provider>`);
      const timeline = document.createElement('cc-journey-timeline');
      timeline.customerId = DEMO_IDS.morgan;
      const state = oneEvent(timeline, 'cc-timeline-state') as Promise<TimelineStateEvent>;
      provider.append(timeline);
      expect((await state).detail).to.deep.equal({ state: 'empty', loaded: 0, more: false });
      await untilText(timeline, 'No activities yet');
      expect(buttonNamed(timeline, 'Clear filters')).to.equal(undefined);
    });

    it('shows skeleton rows while the store does not answer', async () => {
      const store = await demoStore();
      store.fault = 'stall';
      const timeline = await renderTimeline(store);
      await waitUntil(() => root(timeline).querySelector('.skeleton'), 'skeleton rows', WAIT);
      expect(text(root(timeline).querySelector('.skeleton [role="status"]'))).to.equal('Loading activities…');
      store.fault = 'none';
    });

    it('shows the error with its cause and Retry when the store is unavailable, and recovers', async () => {
      const store = await demoStore();
      store.fault = 'unavailable';
      const timeline = await renderTimeline(store);
      await untilText(timeline, "Experiencing issues with accessing customer's context information");
      const alert = root(timeline).querySelector('[role="alert"]')!;
      expect(text(alert.querySelector('.error-cause'))).to.equal('The context store cannot be reached');
      store.fault = 'none';
      buttonNamed(timeline, 'Retry')!.click();
      await untilTitles(timeline, NEWEST_FIRST);
      expect(root(timeline).querySelector('[role="alert"]')).to.equal(null);
    });

    it('names the timeout it waited for', async () => {
      // Empty: with a 300 ms deadline a loaded machine could time out the seeding too, and the
      // stalled store answers nothing anyway.
      const store = await openStore(300);
      store.fault = 'stall';
      const timeline = await renderTimeline(store);
      await untilText(timeline, 'Timed out after 300 ms');
      expect(buttonNamed(timeline, 'Retry')).to.not.equal(undefined);
    });

    it('keeps what was on screen, marked stale, and Retry brings it back to date', async () => {
      const { store, timeline } = await demoTimeline();
      const states: string[] = [];
      timeline.addEventListener('cc-timeline-state', (event: TimelineStateEvent) => states.push(event.detail.state));
      store.fault = 'unavailable';
      buttonNamed(timeline, 'SMS')!.click();
      await untilText(timeline, "Experiencing issues with accessing customer's context information");
      expect(text(root(timeline).querySelector('.error-cause'))).to.equal('The context store cannot be reached');
      expect(titles(timeline)).to.deep.equal(NEWEST_FIRST);
      const list = root(timeline).querySelector('[role="list"]')!;
      const note = root(timeline).getElementById(list.getAttribute('aria-describedby')!)!;
      expect(text(note)).to.contain('Stale');
      // The stale badge keeps its own look, not that of a field that does not fit its field sets.
      expect(getComputedStyle(note.querySelector('.badge')!).borderTopStyle).to.equal('dashed');
      await expect(timeline).to.be.accessible();
      store.fault = 'none';
      buttonNamed(timeline, 'Retry')!.click();
      await untilTitles(timeline, ['New date proposed', 'Appointment confirmed']);
      expect(root(timeline).textContent).to.not.contain('Stale');
      expect(states).to.deep.equal(['error', 'ready']);
    });
    it('refresh() reports an outage on what is shown and recovers', async () => {
      const { store, timeline } = await demoTimeline();
      store.fault = 'unavailable';
      await timeline.refresh();
      await untilText(timeline, 'Stale');
      expect(titles(timeline)).to.deep.equal(NEWEST_FIRST);
      store.fault = 'none';
      await store.createActivity({ customerId: DEMO_IDS.jordan, mediaType: 'email', title: 'Invoice copy requested' });
      await timeline.refresh();
      await untilTitles(timeline, ['Invoice copy requested', ...NEWEST_FIRST]);
      expect(root(timeline).querySelector('[role="alert"]')).to.equal(null);
    });
  });

  describe('a long history (10,000 activities)', () => {
    const databaseName = `cc-test-journey-timeline-long-${crypto.randomUUID()}`;
    let store: BuiltInStore;
    let data: ReturnType<typeof generateSyntheticStore>;

    before(async function () {
      this.timeout(120_000);
      store = await BuiltInStore.open({ databaseName, timeoutMs: 15_000 });
      data = generateSyntheticStore({ customers: 1, activities: 10_000, heavyCustomerActivities: 10_000 });
      await store.importData(data);
    });

    after(async () => {
      store.close();
      await BuiltInStore.deleteDatabase(databaseName);
    });

    it('keeps a bounded number of rows in the DOM and pages in with cursors as the agent scrolls', async function () {
      this.timeout(120_000);
      const { backend, queries } = recording(store);
      const timeline = await renderTimeline(backend, { customerId: data.customers[0]!.id });
      await waitUntil(() => toggles(timeline).length > 0, 'first rows', WAIT);
      expect(queries[0]).to.deep.include({ pageSize: 50 });
      expect(queries[0]!.cursor).to.equal(undefined);
      const list = root(timeline).querySelector<HTMLElement>('[role="list"]')!;
      await waitUntil(
        () => {
          list.scrollTop = list.scrollHeight;
          return queries.filter((query) => query.cursor).length >= 3;
        },
        'three more pages asked for with cursors',
        { timeout: 60_000, interval: 200 },
      );
      expect(queries.every((query) => query.pageSize === 50)).to.equal(true);
      expect(new Set(queries.map((query) => query.cursor)).size).to.equal(queries.length);
      expect(root(timeline).querySelectorAll('[role="listitem"]').length).to.be.lessThan(120);
      expect(queries.length).to.be.lessThan(20);
      // The newest rows are virtualized away now: one of the rows on screen must take Tab.
      await waitUntil(() => root(timeline).querySelector('button.toggle[tabindex="0"]'), 'a tab stop among the rows on screen', WAIT);
    });

    it('filters a scrolled long history through the backend without errors', async function () {
      this.timeout(120_000);
      const { backend, queries } = recording(store);
      const timeline = await renderTimeline(backend, { customerId: data.customers[0]!.id });
      await waitUntil(() => toggles(timeline).length > 0, 'first rows', WAIT);
      const list = root(timeline).querySelector<HTMLElement>('[role="list"]')!;
      list.scrollTop = 2000;
      await waitUntil(() => list.scrollTop > 0, 'scrolled', WAIT);
      buttonNamed(timeline, 'Video')!.click();
      await waitUntil(
        () => {
          const labels = toggles(timeline).map((toggle) => text(toggle.querySelector('.channel-label')));
          return labels.length > 0 && labels.every((label) => label === 'Video');
        },
        'only video activities',
        WAIT,
      );
      expect(queries.at(-1)).to.deep.include({ mediaTypes: ['video'], pageSize: 50 });
    });

    it('pins an activity far beyond the loaded pages instead of reading the whole history', async function () {
      this.timeout(120_000);
      const { backend, queries } = recording(store);
      const timeline = await renderTimeline(backend, { customerId: data.customers[0]!.id });
      await waitUntil(() => toggles(timeline).length > 0, 'first rows', WAIT);
      const oldest = [...data.activities].sort((a, b) => (a.created < b.created ? -1 : 1))[0]!;
      expect(await timeline.showActivity(oldest.id)).to.equal(true);
      const pinned = root(timeline).querySelector('[role="group"][aria-label="Requested activity"]')!;
      const toggle = pinned.querySelector<HTMLButtonElement>('button.toggle')!;
      expect(text(toggle.querySelector('.title'))).to.equal(oldest.title);
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      expect(focused(timeline)).to.equal(toggle);
      expect(queries.length).to.be.at.most(12);
    });
  });

  describe('a long history by keyboard', () => {
    const databaseName = `cc-test-journey-timeline-keys-${crypto.randomUUID()}`;
    let store: BuiltInStore;
    let customerId: string;
    /** The customer's newest activities in the timeline's order. */
    let newestFirst: string[];

    before(async function () {
      this.timeout(120_000);
      // Tall enough that the whole list is in the page's view, so it renders every row it shows.
      await setViewport({ width: 1280, height: 1600 });
      store = await BuiltInStore.open({ databaseName, timeoutMs: 15_000 });
      const data = generateSyntheticStore({ customers: 1, activities: 1_000, heavyCustomerActivities: 1_000 });
      await store.importData(data);
      customerId = data.customers[0]!.id;
      newestFirst = [];
      let cursor: string | undefined;
      for (let page = 0; page < 4; page += 1) {
        const answer = await store.listActivities(customerId, { pageSize: 50, ...(cursor ? { cursor } : {}) });
        newestFirst.push(...answer.activities.map((activity) => activity.id));
        cursor = answer.nextCursor;
      }
    });

    after(async () => {
      await setViewport({ width: 800, height: 600 });
      store.close();
      await BuiltInStore.deleteDatabase(databaseName);
    });

    // A jump scrolls the page itself to centre its row: the next test starts at the top again,
    // with the whole list in the page's view.
    afterEach(() => window.scrollTo(0, 0));

    // Focus is checked as true or false: chai describing a failed match of elements reads the whole
    // virtual list and stalls the browser instead of failing.
    function list(timeline: CcJourneyTimeline): HTMLElement {
      return root(timeline).querySelector<HTMLElement>('[role="list"]')!;
    }

    /** Where the focused activity comes in the journey, newest first; -1 when no activity has focus. */
    function focusedIndex(timeline: CcJourneyTimeline): number {
      const id = (focused(timeline) as HTMLElement | null)?.closest('button.toggle')?.getAttribute('data-activity-id');
      return id ? newestFirst.indexOf(id) : -1;
    }

    function inView(element: Element, timeline: CcJourneyTimeline): boolean {
      const box = element.getBoundingClientRect();
      const view = list(timeline).getBoundingClientRect();
      return box.bottom > view.top && box.top < view.bottom;
    }

    /** Resolves once the rows on screen have kept their places for 5 frames running (at most 600 frames). */
    async function untilLaidOut(timeline: CcJourneyTimeline): Promise<void> {
      let last = '';
      let still = 0;
      for (let frame = 0; frame < 600 && still < 5; frame += 1) {
        await nextFrames(1);
        const now = toggles(timeline)
          .map((toggle) => Math.round(toggle.getBoundingClientRect().top))
          .join(' ');
        still = now === last ? still + 1 : 0;
        last = now;
      }
      expect(still, 'the rows stood still').to.equal(5);
    }

    /** The timeline with its newest activity's toggle focused. */
    async function focusedOnNewest(): Promise<{ timeline: CcJourneyTimeline; newest: HTMLButtonElement }> {
      // A screenful of many rows, whatever the fonts and the heading take: at its default 32rem
      // the list shows three or four, too few to tell a PageDown from an arrow.
      const timeline = await renderTimeline(store, { customerId, style: '--cc-journey-timeline-block-size: 1200px' });
      const newestToggle = () => root(timeline).querySelector<HTMLButtonElement>(`button.toggle[data-activity-id="${newestFirst[0]}"]`);
      await waitUntil(() => newestToggle() && inView(newestToggle()!, timeline), 'the newest activity on screen', WAIT);
      const newest = newestToggle()!;
      newest.focus();
      expect(focused(timeline) === newest, 'the newest activity focused').to.equal(true);
      return { timeline, newest };
    }

    /** Scrolls the list with no key pressed (the wheel or the scrollbar) until the virtualizer drops `row`. */
    async function scrollAway(timeline: CcJourneyTimeline, row: Element): Promise<void> {
      await waitUntil(
        () => {
          list(timeline).scrollTop = 3000;
          return !row.isConnected;
        },
        'the row virtualized away',
        { ...WAIT, interval: 100 },
      );
    }

    it('PageDown moves about a screenful of activities, PageUp comes back, stopping at the newest', async () => {
      const { timeline } = await focusedOnNewest();
      // The list renders rows at an estimated height, then measures them and lays out again, as many
      // times as it takes: count once the rows have stood still for 5 frames running.
      await untilLaidOut(timeline);
      const onScreen = toggles(timeline).filter((toggle) => inView(toggle, timeline)).length;
      const view = list(timeline).getBoundingClientRect();
      const layout = `list ${Math.round(view.top)}–${Math.round(view.bottom)} (scrollTop ${list(timeline).scrollTop}), window ${window.scrollY}+${window.innerHeight}, rows ${toggles(timeline)
        .map((toggle) => `${Math.round(toggle.getBoundingClientRect().top)}:${Math.round(toggle.getBoundingClientRect().height)}`)
        .join(' ')}`;
      expect(onScreen, layout).to.be.greaterThan(6);
      await sendKeys({ press: 'PageDown' });
      await waitUntil(() => focusedIndex(timeline) > 0, 'a later activity focused', WAIT);
      const down = focusedIndex(timeline);
      expect(down).to.be.greaterThan(1).and.at.most(onScreen);
      await waitUntil(() => inView(focused(timeline)!, timeline), 'the focused activity in view', WAIT);
      await sendKeys({ press: 'PageDown' });
      await waitUntil(() => focusedIndex(timeline) > down, 'a screenful further', WAIT);
      const further = focusedIndex(timeline);
      expect(further - down).to.be.greaterThan(1);
      await waitUntil(() => inView(focused(timeline)!, timeline), 'the focused activity in view', WAIT);
      await sendKeys({ press: 'PageUp' });
      await waitUntil(() => focusedIndex(timeline) >= 0 && focusedIndex(timeline) < further, 'a screenful back', WAIT);
      expect(further - focusedIndex(timeline)).to.be.greaterThan(1);
      await sendKeys({ press: 'PageUp' });
      await sendKeys({ press: 'PageUp' });
      await waitUntil(() => focusedIndex(timeline) === 0, 'the newest activity focused again', WAIT);
      expect(inView(focused(timeline)!, timeline)).to.equal(true);
    });

    it('keeps focus in the list when its focused row is scrolled out of the DOM; the arrows bring a row on screen back', async () => {
      const { timeline, newest } = await focusedOnNewest();
      await scrollAway(timeline, newest);
      await waitUntil(() => focused(timeline) === list(timeline), 'the list focused', WAIT);
      expect(document.activeElement).to.not.equal(document.body);
      expect(list(timeline).getAttribute('aria-label')).to.equal('Activities, newest first');
      await sendKeys({ press: 'ArrowDown' });
      await waitUntil(() => focusedIndex(timeline) > 0, 'an activity focused again', WAIT);
      const toggle = focused(timeline) as HTMLButtonElement;
      expect(toggle.matches('button.toggle')).to.equal(true);
      expect(toggle.tabIndex).to.equal(0);
      // From the rows on screen, not from the newest activity far above.
      expect(inView(toggle, timeline)).to.equal(true);
      expect(list(timeline).scrollTop).to.be.greaterThan(1000);
      await waitUntil(() => !list(timeline).hasAttribute('tabindex'), 'the list out of the Tab order again', WAIT);
      await sendKeys({ press: 'PageDown' });
      await waitUntil(() => focusedIndex(timeline) > newestFirst.indexOf(toggle.dataset['activityId']!) + 1, 'a screenful further', WAIT);
    });

    it('leaves focus where the agent took it when a row focused before is scrolled away', async () => {
      const { timeline, newest } = await focusedOnNewest();
      const search = root(timeline).querySelector<HTMLInputElement>('input[type="search"]')!;
      search.focus();
      await scrollAway(timeline, newest);
      await nextFrames(5);
      expect(focused(timeline) === search, 'focus still in the search field').to.equal(true);
    });

    it('brings a row far down the page into view even when the list does not take up the first requests to scroll', async () => {
      const timeline = await renderTimeline(store, { customerId, style: 'height: 300px' });
      await waitUntil(() => toggles(timeline).length > 0, 'first rows', WAIT);
      const target = newestFirst[45]!;
      expect(root(timeline).querySelector(`button.toggle[data-activity-id="${target}"]`), 'the row is rendered before the jump').to.equal(null);
      // As on a busy machine: the list has no rows yet for the first requests, then takes one and
      // loses it to a layout that follows; only later requests are carried out.
      const virtualList = root(timeline).querySelector<LitVirtualizer<unknown>>('lit-virtualizer')!;
      const element = virtualList.element.bind(virtualList);
      let requests = 0;
      virtualList.element = (index: number) => {
        requests += 1;
        if (requests <= 2) return undefined;
        if (requests === 3) return { scrollIntoView: () => undefined };
        return element(index);
      };
      expect(await timeline.showActivity(target)).to.equal(true);
      expect(requests).to.be.greaterThan(3);
      expect(focusedIndex(timeline)).to.equal(45);
    });
  });

  describe('text from people', () => {
    it('renders as text, never as HTML', async () => {
      const store = await demoStore();
      const hostile = '<img src=x onerror="window.__ccInjected = true">';
      await store.createActivity({
        customerId: DEMO_IDS.jordan,
        mediaType: 'web',
        title: `<b>${hostile}</b>`,
        message: hostile,
        breadcrumbs: [`<script>window.__ccInjected = true</script>`],
        source: hostile,
        dataElements: { Context_Notes: hostile },
      });
      const timeline = await renderTimeline(store);
      await untilText(timeline, hostile);
      toggles(timeline)[0]!.click();
      await untilText(timeline, '<script>');
      expect(root(timeline).querySelector('img, b, script')).to.equal(null);
      expect(text(root(timeline).querySelector('.message'))).to.equal(hostile);
      expect(text(root(timeline).querySelector('.notes'))).to.equal(hostile);
      expect((window as { __ccInjected?: boolean }).__ccInjected).to.equal(undefined);
    });
  });

  describe('organisation field sets', () => {
    const WORKSHOP = {
      fieldSets: [
        {
          id: 'cumulus.workshop',
          appliesTo: 'activity',
          fields: [
            { id: 'Odometer_Km', type: 'number', label: { en: 'Odometer (km)', fr: 'Compteur (km)' } },
            { id: 'Rider_Licence', type: 'string', sensitive: true, label: { en: 'Licence number' } },
          ],
        },
      ],
    };

    it('shows an activity’s fields by their labels and types, masks the sensitive one, and marks what fits no set', async () => {
      const fieldSets = riderRegistry(WORKSHOP);
      const store = await BuiltInStore.open({ databaseName: `cc-test-journey-timeline-${crypto.randomUUID()}`, timeoutMs: 15_000, fieldSets });
      opened.push({ store, databaseName: store.databaseName });
      await seedDemoJourney(store);
      await store.createActivity({
        customerId: DEMO_IDS.jordan,
        mediaType: 'voice',
        title: 'Workshop check-in',
        fieldsets: ['cisco.base.pod', 'cumulus.workshop'],
        dataElements: { Odometer_Km: 10432.5, Rider_Licence: 'D1234-56789' },
      });
      const host = await fixture<HTMLElement>(html`<cc-part-providers .fieldSets=${fieldSets} .access=${MAY_REVEAL}>
        <cc-backend-provider .backend=${store}><cc-journey-timeline customer-id=${DEMO_IDS.jordan}></cc-journey-timeline></cc-backend-provider>
      </cc-part-providers>`);
      const timeline = host.querySelector('cc-journey-timeline')!;
      await untilText(timeline, 'Workshop check-in');
      toggleFor(timeline, 'Workshop check-in').click();
      await waitUntil(() => root(timeline).querySelector('cc-sensitive-value'), 'the sensitive field', WAIT);
      const terms = [...root(timeline).querySelectorAll('dt')].map(text);
      expect(terms).to.include('Odometer (km)').and.to.include('Licence number');
      const odometer = [...root(timeline).querySelectorAll('dt')].find((dt) => text(dt) === 'Odometer (km)')!.nextElementSibling;
      expect(text(odometer)).to.equal(new Intl.NumberFormat().format(10432.5));
      expect(root(timeline).innerHTML).not.to.contain('D1234-56789');
      const masked = root(timeline).querySelector('cc-sensitive-value')!;
      await masked.updateComplete;
      expect(masked.getAttribute('activity-id')).to.not.equal(null);
      expect(masked.shadowRoot!.innerHTML).not.to.contain('D1234-56789');
      await expect(timeline).to.be.accessible();
    });

    it('shows a field the timeline does not know as it came, marked, instead of dropping it', async () => {
      // The store knows the workshop set; the timeline is given only the base sets.
      const store = await BuiltInStore.open({ databaseName: `cc-test-journey-timeline-${crypto.randomUUID()}`, timeoutMs: 15_000, fieldSets: riderRegistry(WORKSHOP) });
      opened.push({ store, databaseName: store.databaseName });
      await seedDemoJourney(store);
      await store.createActivity({ customerId: DEMO_IDS.jordan, mediaType: 'voice', title: 'Workshop check-in', fieldsets: ['cumulus.workshop'], dataElements: { Odometer_Km: 99 } });
      const timeline = await renderTimeline(store);
      await untilText(timeline, 'Workshop check-in');
      toggleFor(timeline, 'Workshop check-in').click();
      await untilText(timeline, 'Not in the field sets');
      const odometer = [...root(timeline).querySelectorAll('dt')].find((dt) => text(dt) === 'Odometer_Km')!.nextElementSibling;
      expect(text(odometer)).to.equal('99 Not in the field sets');
      expect(getComputedStyle(odometer!.querySelector('.field-badge')!).borderTopStyle).to.equal('solid');
    });
  });

  describe('locale and direction', () => {
    it('reads the locale from the settings context', async () => {
      const store = await demoStore(NOON);
      const host = await fixture<HTMLDivElement>(html`<div></div>`);
      new ContextProvider(host, { context: settingsContext, initialValue: { ...DEFAULT_SETTINGS, locale: 'fr-FR' } });
      host.innerHTML = `<cc-backend-provider><cc-journey-timeline customer-id="${DEMO_IDS.jordan}"></cc-journey-timeline></cc-backend-provider>`;
      const provider = host.querySelector('cc-backend-provider')!;
      const timeline = host.querySelector('cc-journey-timeline')!;
      timeline.now = () => NOON;
      provider.backend = store;
      await untilTitles(timeline, NEWEST_FIRST);
      const headings = [...root(timeline).querySelectorAll('[role="list"] h3')].map(text);
      expect(headings.slice(0, 2)).to.deep.equal(['Aujourd’hui', 'Hier']);
    });

    it('lays out right to left and stays accessible', async () => {
      const store = await demoStore();
      const wrapper = await fixture<HTMLDivElement>(html`<div dir="rtl">
        <cc-backend-provider .backend=${store}><cc-journey-timeline customer-id=${DEMO_IDS.jordan}></cc-journey-timeline></cc-backend-provider>
      </div>`);
      const timeline = wrapper.querySelector('cc-journey-timeline')!;
      await untilTitles(timeline, NEWEST_FIRST);
      const toggle = toggles(timeline)[0]!;
      expect(getComputedStyle(toggle).direction).to.equal('rtl');
      const box = toggle.getBoundingClientRect();
      const channel = toggle.querySelector('.channel')!.getBoundingClientRect();
      expect(channel.right).to.be.closeTo(box.right - parseFloat(getComputedStyle(toggle).paddingRight), 2);
      await expect(timeline).to.be.accessible();
    });

    it('reads Latin titles, times and messages left to right on a right-to-left page, Hebrew and Arabic ones right to left', async () => {
      const store = await demoStore();
      await store.createActivity({
        customerId: DEMO_IDS.jordan,
        mediaType: 'sms',
        direction: 'inbound',
        title: 'אפשר להגיע ביום ראשון? Cumulus 750',
        message: 'שלום! VIN 1CUMS750XPA000142, בבקשה.',
      });
      const wrapper = await fixture<HTMLDivElement>(html`<div dir="rtl">
        <cc-backend-provider .backend=${store}><cc-journey-timeline customer-id=${DEMO_IDS.jordan}></cc-journey-timeline></cc-backend-provider>
      </div>`);
      const timeline = wrapper.querySelector('cc-journey-timeline')!;
      await waitUntil(() => titles(timeline).length === 7, 'Expected seven activities', WAIT);

      // By keyboard: into the list, down to the Sunday chat, open it.
      toggles(timeline).find((toggle) => toggle.tabIndex === 0)!.focus();
      const chat = toggleFor(timeline, 'Is Santa Clara open on Sundays?');
      while (focused(timeline) !== chat) await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => chat.getAttribute('aria-expanded') === 'true', 'Expected the chat open', WAIT);

      const title = chat.querySelector('.title')!;
      expect(drawnLeftToRight(title, 'Is', 'Sundays', '?'), 'the question mark ends the title').to.be.true;
      const time = chat.querySelector('time')!;
      const created = (await store.getActivity(DEMO_IDS.sundayChat)).created;
      expect(text(time)).to.equal(new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(new Date(created)));
      expect(drawnLeftToRight(time, text(time).slice(0, 1), text(time).slice(-1)), `"${text(time)}" reads left to right`).to.be.true;
      const details = root(timeline).getElementById(chat.getAttribute('aria-controls')!)!;
      const message = details.querySelector('.message')!;
      expect(drawnLeftToRight(message, 'Agent:', '9:00', 'Customer:'), 'the message reads left to right').to.be.true;

      // Hebrew with Latin in it stays right to left, its Latin words in place.
      const hebrew = toggleFor(timeline, 'אפשר להגיע ביום ראשון? Cumulus 750');
      expect(drawnLeftToRight(hebrew.querySelector('.title')!, 'Cumulus', '?', 'א'), 'the Hebrew title reads right to left').to.be.true;
      await expect(timeline).to.be.accessible();
    });

    it('isolates Arabic titles and the time in Arabic on a left-to-right page, formatted for the locale', async () => {
      const store = await demoStore();
      await store.createActivity({ customerId: DEMO_IDS.jordan, mediaType: 'chat', direction: 'inbound', title: 'هل الموعد يوم الأحد؟ Cumulus 750' });
      const host = await fixture<HTMLDivElement>(html`<div></div>`);
      new ContextProvider(host, { context: settingsContext, initialValue: { ...DEFAULT_SETTINGS, locale: 'ar' } });
      host.innerHTML = `<cc-backend-provider><cc-journey-timeline customer-id="${DEMO_IDS.jordan}"></cc-journey-timeline></cc-backend-provider>`;
      host.querySelector('cc-backend-provider')!.backend = store;
      const timeline = host.querySelector('cc-journey-timeline')!;
      await waitUntil(() => titles(timeline).length === 7, 'Expected seven activities', WAIT);
      const arabic = toggleFor(timeline, 'هل الموعد يوم الأحد؟ Cumulus 750');
      expect(drawnLeftToRight(arabic.querySelector('.title')!, 'Cumulus', '؟', 'ه'), 'the Arabic title reads right to left').to.be.true;
      const time = arabic.querySelector('time')!;
      expect(text(time)).to.equal(new Intl.DateTimeFormat('ar', { timeStyle: 'short' }).format(new Date(time.dateTime)));
      expect(time.matches(':dir(rtl)'), `"${text(time)}" is read right to left`).to.be.true;
      expect(drawnLeftToRight(time, text(time).slice(-1), text(time).slice(0, 1)), `"${text(time)}" reads right to left`).to.be.true;
    });
  });
});
