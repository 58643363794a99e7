import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { BuiltInStore } from '../../src/backend/index.js';
import '../../src/components/activity-list/activity-list.js';
import type { CcActivityList } from '../../src/components/activity-list/activity-list.js';
import '../../src/components/backend-provider/backend-provider.js';
import type { CcBackendProvider } from '../../src/components/backend-provider/backend-provider.js';
import { DEMO_ACTIVITY_TITLES, DEMO_IDS, seedDemoJourney } from '../../src/demo/journey.js';

const opened: { store: BuiltInStore; databaseName: string }[] = [];

async function openStore(timeoutMs = 15_000): Promise<BuiltInStore> {
  const databaseName = `cc-test-activity-list-${crypto.randomUUID()}`;
  const store = await BuiltInStore.open({ databaseName, timeoutMs });
  opened.push({ store, databaseName });
  return store;
}

async function demoStore(): Promise<BuiltInStore> {
  const store = await openStore();
  await seedDemoJourney(store, new Date(2026, 10, 20, 11, 0));
  return store;
}

async function renderList(store: BuiltInStore, customerId: string = DEMO_IDS.jordan): Promise<CcActivityList> {
  const provider = await fixture<CcBackendProvider>(html`<cc-backend-provider .backend=${store}>
    <cc-activity-list customer-id=${customerId}></cc-activity-list>
  </cc-backend-provider>`);
  return provider.querySelector('cc-activity-list')!;
}

function shadow(list: CcActivityList): ShadowRoot {
  return list.shadowRoot!;
}

async function untilText(list: CcActivityList, text: string): Promise<void> {
  await waitUntil(() => shadow(list).textContent?.includes(text), `Expected "${text}" in the list`, { timeout: 10_000 });
}

function titles(list: CcActivityList): string[] {
  return [...shadow(list).querySelectorAll('li h3')].map((heading) => heading.textContent?.trim() ?? '');
}

afterEach(async () => {
  for (const { store, databaseName } of opened.splice(0)) {
    store.close();
    await BuiltInStore.deleteDatabase(databaseName);
  }
});

describe('cc-activity-list', () => {
  it('renders', async () => {
    const list = await renderList(await demoStore());
    expect(list).to.be.instanceOf(customElements.get('cc-activity-list')!);
    await untilText(list, 'Jordan Ellis');
  });

  it('is accessible', async () => {
    const list = await renderList(await demoStore());
    await untilText(list, 'New date proposed');
    await expect(list).to.be.accessible();
  });

  describe('the journey', () => {
    it('shows the customer name and the activities newest first', async () => {
      const list = await renderList(await demoStore());
      await untilText(list, 'New date proposed');
      expect(shadow(list).querySelector('h2')?.textContent?.trim()).to.equal('Jordan Ellis');
      expect(titles(list)).to.deep.equal([...DEMO_ACTIVITY_TITLES].reverse());
    });

    it('labels each activity with its channel, direction and time', async () => {
      const list = await renderList(await demoStore());
      await untilText(list, 'New date proposed');
      const items = [...shadow(list).querySelectorAll('li')];
      expect(items.map((item) => item.querySelector('.channel')?.textContent)).to.deep.equal(['SMS', 'SMS', 'Voice', 'Chat', 'Web', 'Event']);
      expect(items[1]!.querySelector('.direction')?.textContent).to.equal('Outbound');
      const time = items[0]!.querySelector('time')!;
      expect(new Date(time.dateTime).getHours()).to.equal(9);
      expect(time.textContent).to.equal(new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(time.dateTime)));
    });

    it('shows the breadcrumbs, the notes, the source and the proposed appointment', async () => {
      const list = await renderList(await demoStore());
      await untilText(list, 'New date proposed');
      const text = shadow(list).textContent ?? '';
      expect(text).to.contain('Home > Service > Find a service center > Santa Clara');
      expect(text).to.contain('Booked Sunday 10:00, Santa Clara.');
      expect(text).to.contain('Stratus 750 telematics');
      expect(shadow(list).querySelector('.appointment')?.textContent).to.contain('Cumulus Service Center – Santa Clara');
    });

    it('says so when the customer has no activities', async () => {
      const store = await demoStore();
      const list = await renderList(store, DEMO_IDS.morgan);
      await untilText(list, 'No activities yet.');
      expect(shadow(list).querySelector('h2')?.textContent?.trim()).to.equal('Morgan Ellis');
    });

    it('follows live changes', async () => {
      const store = await demoStore();
      const list = await renderList(store);
      await untilText(list, 'New date proposed');
      await store.createActivity({
        customerId: DEMO_IDS.jordan,
        mediaType: 'sms',
        direction: 'outbound',
        title: 'New appointment confirmed',
        message: 'Cumulus: your service appointment is now Tuesday 16:00 at Santa Clara.',
      });
      await untilText(list, 'New appointment confirmed');
      expect(titles(list)).to.have.length(7);
      expect(titles(list)[0]).to.equal('New appointment confirmed');
    });
  });

  describe('states', () => {
    it('shows a loading state while the store does not answer', async () => {
      const store = await demoStore();
      store.fault = 'stall';
      const list = await renderList(store);
      await untilText(list, 'Loading activities…');
      expect(shadow(list).querySelector('[role="status"]')).to.not.equal(null);
    });

    it('shows the error with its cause and recovers on Retry', async () => {
      const store = await demoStore();
      store.fault = 'unavailable';
      const list = await renderList(store);
      await untilText(list, "Experiencing issues with accessing customer's context information");
      const alert = shadow(list).querySelector('[role="alert"]')!;
      expect(alert.textContent).to.contain('simulated outage');
      store.fault = 'none';
      const retry = alert.querySelector('button')!;
      expect(retry.textContent).to.equal('Retry');
      retry.click();
      await untilText(list, 'New date proposed');
      expect(shadow(list).querySelector('[role="alert"]')).to.equal(null);
    });

    it('is accessible in the error state', async () => {
      const store = await demoStore();
      store.fault = 'unavailable';
      const list = await renderList(store);
      await untilText(list, 'Retry');
      await expect(list).to.be.accessible();
    });
  });

  describe('text from people', () => {
    it('is shown as text, never as HTML', async () => {
      const store = await demoStore();
      const hostile = '<img src=x onerror="window.__ccInjected = true">';
      await store.createActivity({ customerId: DEMO_IDS.jordan, mediaType: 'chat', title: `<b>${hostile}</b>`, message: hostile });
      const list = await renderList(store);
      await untilText(list, hostile);
      expect(shadow(list).querySelector('img, b')).to.equal(null);
      expect(shadow(list).querySelector('.message')?.textContent).to.equal(hostile);
      expect((window as { __ccInjected?: boolean }).__ccInjected).to.equal(undefined);
    });
  });
});

describe('cc-backend-provider', () => {
  it('opens the built-in store when given no backend', async () => {
    const databaseName = `cc-test-provider-${crypto.randomUUID()}`;
    const seeded = await BuiltInStore.open({ databaseName, timeoutMs: 15_000 });
    opened.push({ store: seeded, databaseName });
    await seedDemoJourney(seeded);
    const provider = await fixture<CcBackendProvider>(html`<cc-backend-provider database-name=${databaseName}>
      <cc-activity-list customer-id=${DEMO_IDS.jordan}></cc-activity-list>
    </cc-backend-provider>`);
    const list = provider.querySelector('cc-activity-list')!;
    await untilText(list, 'New date proposed');
    provider.remove();
  });

  it('hands a backend set later to the elements inside', async () => {
    const provider = await fixture<CcBackendProvider>(html`<cc-backend-provider .backend=${await openStore()}>
      <cc-activity-list customer-id=${DEMO_IDS.jordan}></cc-activity-list>
    </cc-backend-provider>`);
    const list = provider.querySelector('cc-activity-list')!;
    await waitUntil(() => shadow(list).querySelector('[role="alert"]'), 'An unknown customer is an error', { timeout: 10_000 });
    provider.backend = await demoStore();
    await untilText(list, 'New date proposed');
  });
});

