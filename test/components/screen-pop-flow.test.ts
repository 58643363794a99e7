import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../support/wait.js';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { BuiltInStore } from '../../src/backend/index.js';
import '../../src/components/customer-context/customer-context.js';
import type { CcCustomerContext } from '../../src/components/customer-context/customer-context.js';
import type { CcAppointmentPop } from '../../src/components/appointment-pop/appointment-pop.js';
import { DEMO_CUSTOMER_TIME_ZONE, DEMO_IDS, seedDemoJourney } from '../../src/demo/journey.js';
import type { ScreenPopEvent } from '../../src/events/screen-pop.js';
import '../../src/demo/demo-app.js';
import type { CcDemoApp } from '../../src/demo/demo-app.js';

const opened: { store: BuiltInStore; databaseName: string }[] = [];

async function demoStore(): Promise<BuiltInStore> {
  const databaseName = `cc-test-screen-pop-${crypto.randomUUID()}`;
  const store = await BuiltInStore.open({ databaseName, timeoutMs: 15_000 });
  opened.push({ store, databaseName });
  await seedDemoJourney(store);
  return store;
}

async function openJourney(store: BuiltInStore): Promise<CcCustomerContext> {
  const gadget = await fixture<CcCustomerContext>(
    html`<cc-customer-context timeout="15000" .backend=${store} customer-id=${DEMO_IDS.jordan} customer-time-zone=${DEMO_CUSTOMER_TIME_ZONE}></cc-customer-context>`,
  );
  await waitUntil(() => gadget.shadowRoot!.querySelector('cc-journey-timeline'), 'Expected the journey');
  // The pop is rendered with the customer, and the gadget follows the customer from then on.
  await waitUntil(() => gadget.shadowRoot!.querySelector('cc-appointment-pop'), 'Expected the customer');
  return gadget;
}

function pop(gadget: CcCustomerContext): CcAppointmentPop {
  return gadget.shadowRoot!.querySelector('cc-appointment-pop')!;
}

function popRegion(gadget: CcCustomerContext): HTMLElement | null {
  return pop(gadget).shadowRoot?.querySelector('section[aria-labelledby]') ?? null;
}

function timelineText(gadget: CcCustomerContext): string {
  return gadget.shadowRoot!.querySelector('cc-journey-timeline')?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
}

function proposeLive(store: BuiltInStore, message = 'I have a conflict on Sunday. Could we do Tuesday at 4pm instead?') {
  return store.createActivity({ customerId: DEMO_IDS.jordan, mediaType: 'sms', direction: 'inbound', title: 'New date proposed', message });
}

describe('screen-pop flow', () => {
  setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach);

  after(async () => {
    for (const { store, databaseName } of opened.splice(0)) {
      store.close();
      await BuiltInStore.deleteDatabase(databaseName);
    }
  });

  it('pops a live proposal read from the text, and Accept by keyboard adds the confirmation to the journey', async () => {
    const store = await demoStore();
    const gadget = await openJourney(store);
    const popped = oneEvent(gadget, 'cc-screen-pop') as Promise<ScreenPopEvent>;
    const activity = await proposeLive(store);
    expect((await popped).detail.activity.id).to.equal(activity.id);
    await waitUntil(() => popRegion(gadget), 'Expected the pop');
    const region = popRegion(gadget)!;
    expect(region.textContent).to.contain('Proposed appointment');
    expect(region.textContent).to.contain('Jordan Ellis');
    // The arrival re-renders the virtual list; axe judges the settled page, where the journey has
    // one tab stop: a row, or the list itself while none of its rows is in the page's view (the
    // pop above may have pushed the journey below the fold).
    const timeline = gadget.shadowRoot!.querySelector('cc-journey-timeline')!;
    await waitUntil(
      () => timeline.shadowRoot?.querySelector('button.toggle[tabindex="0"], [role="list"][tabindex="0"]'),
      'Expected a tab stop in the journey'
    );
    await expect(gadget).to.be.accessible();
    const accept = [...region.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Accept')!;
    accept.focus();
    accept.click();
    await waitUntil(() => timelineText(gadget).includes('New SMS to the customer: Appointment confirmed'), 'Expected the confirmation SMS in the journey');
    const page = await store.listActivities(DEMO_IDS.jordan, { pageSize: 1 });
    expect(page.activities[0]!.message).to.match(/^Cumulus: your service appointment is now Tuesday (\d+ \w+ )?16:00 at Santa Clara\.$/);
    expect(popRegion(gadget)).to.equal(null);
  });

  it('pops a structured proposal too, and nothing for a message without a date', async () => {
    const store = await demoStore();
    const gadget = await openJourney(store);
    await proposeLive(store, 'Thanks, see you then!');
    const structured = await store.createActivity({
      customerId: DEMO_IDS.jordan,
      mediaType: 'sms',
      direction: 'inbound',
      title: 'New date proposed',
      message: 'Works for me.',
      appointment: { start: new Date(Date.now() + 3 * 86_400_000).toISOString(), timeZone: DEMO_CUSTOMER_TIME_ZONE, status: 'proposed' },
    });
    await waitUntil(() => pop(gadget).pending.length === 1, 'Expected one pop');
    expect(pop(gadget).pending[0]!.activity.id).to.equal(structured.id);
    expect(pop(gadget).pending[0]!.fromText).to.equal(false);
  });

  describe('where focus goes once the agent has answered', () => {
    /** The element with focus, through shadow roots. */
    function focused(): Element | null {
      let active = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      return active;
    }

    /** A live proposal popped, with the keyboard in the pop, as the agent finds it. */
    async function popped(store: BuiltInStore): Promise<{ gadget: CcCustomerContext; proposalId: string }> {
      const gadget = await openJourney(store);
      const proposal = await proposeLive(store);
      await waitUntil(() => popRegion(gadget) && pop(gadget).shadowRoot!.activeElement, 'Expected the pop, with focus');
      return { gadget, proposalId: proposal.id };
    }

    function popButton(gadget: CcCustomerContext, name: string): HTMLButtonElement {
      return [...popRegion(gadget)!.querySelectorAll('button')].find((button) => button.textContent?.trim() === name)!;
    }

    /** Focus is on the customer's name, above the journey that shows the answer (focus never fell to the page). */
    async function untilOnName(gadget: CcCustomerContext): Promise<void> {
      const name = () => gadget.shadowRoot!.querySelector('cc-customer-summary')?.shadowRoot?.querySelector('#customer-name');
      await waitUntil(() => name() && focused() === name(), `Expected focus on the customer's name, not ${focused()?.tagName}`);
      expect(popRegion(gadget)).to.equal(null);
    }

    for (const answer of ['Accept', 'Dismiss', 'Escape'] as const) {
      it(`lands on the customer's name after ${answer}`, async () => {
        const store = await demoStore();
        const { gadget } = await popped(store);
        if (answer === 'Escape') {
          popRegion(gadget)!.focus();
        } else {
          popButton(gadget, answer).focus();
        }
        await sendKeys({ press: answer === 'Escape' ? 'Escape' : 'Enter' });
        await untilOnName(gadget);
      });
    }

    it('lands on the customer\'s name after Send', async () => {
      const store = await demoStore();
      const { gadget } = await popped(store);
      popButton(gadget, 'Propose another time').focus();
      await sendKeys({ press: 'Enter' });
      popButton(gadget, 'Send').focus();
      await sendKeys({ press: 'Enter' });
      await untilOnName(gadget);
    });
  });

  it('does not take focus from the search field the agent is typing in', async () => {
    const store = await demoStore();
    const gadget = await openJourney(store);
    // The journey's element is in place before the parts have loaded, and with them the search
    // that takes over from the first render's field: wait for the search itself.
    await waitUntil(() => gadget.shadowRoot!.querySelector('cc-customer-search')?.shadowRoot?.querySelector('input'), 'Expected the search part');
    const search = gadget.shadowRoot!.querySelector('cc-customer-search')!;
    const input = search.shadowRoot!.querySelector('input')!;
    input.focus();
    await proposeLive(store);
    await waitUntil(() => popRegion(gadget), 'Expected the pop');
    expect(search.shadowRoot!.activeElement).to.equal(input);
  });

  it('pops an activity once, also in a second gadget', async () => {
    const store = await demoStore();
    const first = await openJourney(store);
    const second = await openJourney(store);
    await proposeLive(store);
    await waitUntil(() => pop(first).pending.length + pop(second).pending.length > 0, 'Expected a pop');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pop(first).pending.length + pop(second).pending.length).to.equal(1);
  });

  describe('in the demo', () => {
    const databases: string[] = [];

    before(async () => {
      // The timeline's virtual list renders only the rows inside the window: make the whole desktop fit.
      await setViewport({ width: 1280, height: 1600 });
    });

    after(async () => {
      document.querySelectorAll('cc-demo-app').forEach((app) => app.remove());
      for (const databaseName of databases.splice(0)) await BuiltInStore.deleteDatabase(databaseName);
    });

    function titles(gadget: CcCustomerContext): string[] {
      const timeline = gadget.shadowRoot!.querySelector('cc-journey-timeline');
      return [...(timeline?.shadowRoot?.querySelectorAll('button.toggle .title') ?? [])].map((title) => title.textContent?.trim() ?? '');
    }

    it('"Customer proposes a new date" pops Tuesday 16:00, and Accept by keyboard adds the confirmation', async () => {
      const databaseName = `cc-test-demo-pop-${crypto.randomUUID()}`;
      databases.push(databaseName);
      const app = await fixture<CcDemoApp>(html`<cc-demo-app database-name=${databaseName} timeout="5000"></cc-demo-app>`);
      await waitUntil(() => app.shadowRoot!.querySelector('cc-customer-context'), 'Expected the gadget', { timeout: 15_000 });
      const gadget = app.shadowRoot!.querySelector('cc-customer-context')!;
      await waitUntil(() => titles(gadget).length === 6, 'Expected the journey', { timeout: 15_000 });
      const propose = [...app.shadowRoot!.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Customer proposes a new date')!;
      propose.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => popRegion(gadget), 'Expected the pop');
      const region = popRegion(gadget)!;
      expect(region.textContent).to.contain('Proposed appointment');
      expect(region.textContent).to.match(/Tuesday[^]*16:00/);
      expect(region.textContent).to.contain('Santa Clara');
      const accept = [...region.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Accept')!;
      accept.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => titles(gadget)[0] === 'Appointment confirmed' && titles(gadget).length === 8, 'Expected the confirmation first');
    });
  });
});
