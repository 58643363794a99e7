import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../support/wait.js';
import { setViewport } from '@web/test-runner-commands';
import { CachedBackend } from '../../src/backend/cached-backend.js';
import { BuiltInStore } from '../../src/backend/idb-store.js';
import { Outbox } from '../../src/backend/outbox.js';
import '../../src/components/customer-context/customer-context.js';
import type { CcCustomerContext } from '../../src/components/customer-context/customer-context.js';
import { DEMO_IDS, seedDemoJourney } from '../../src/demo/journey.js';
import { openTestRemote, type TestRemote } from '../backend/support/idempotent-remote.js';

function offlineNote(gadget: CcCustomerContext): HTMLElement | null {
  return gadget.shadowRoot!.querySelector('[part="offline"]');
}

function journeyText(gadget: CcCustomerContext): string {
  const timeline = gadget.shadowRoot!.querySelector('cc-journey-timeline');
  return timeline?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
}

describe('cc-customer-context on a shared backend with an offline copy', () => {
  let remote: TestRemote;
  let backend: CachedBackend;
  const cacheName = `cc-test-offline-${crypto.randomUUID()}`;

  before(async () => {
    // The journey's virtual list renders only the rows inside the window: make the gadget fit.
    await setViewport({ width: 1280, height: 1600 });
    remote = await openTestRemote();
    await seedDemoJourney(remote.store, new Date(2026, 10, 20, 11, 0));
    const cache = await BuiltInStore.open({ databaseName: cacheName, timeoutMs: 15_000 });
    backend = await CachedBackend.open({ remote: remote.backend, cache, retryMs: 50, maxRetryMs: 100 });
  });

  after(async () => {
    backend.close();
    remote.store.close();
    await Promise.all([
      BuiltInStore.deleteDatabase(remote.store.databaseName),
      BuiltInStore.deleteDatabase(cacheName),
      Outbox.deleteDatabase(`${cacheName}-outbox`),
    ]);
  });

  it('keeps the journey on screen marked "Offline — last synced HH:MM", counts waiting changes, and clears once back', async () => {
    const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context timeout="15000" .backend=${backend}></cc-customer-context>`);
    await gadget.openCustomer(DEMO_IDS.jordan);
    await waitUntil(() => journeyText(gadget).includes('Dashboard fault P0562'), 'Expected the journey');
    expect(offlineNote(gadget)).to.equal(null);

    remote.mode = 'unavailable';
    await backend.status();
    await waitUntil(() => offlineNote(gadget), 'Expected the offline note');
    const note = offlineNote(gadget)!;
    expect(note.getAttribute('role')).to.equal('status');
    expect(note.textContent!.replace(/\s+/g, ' ')).to.match(/Offline — last synced \d{1,2}:\d{2}/);
    expect(journeyText(gadget)).to.contain('Dashboard fault P0562');

    await backend.createActivity({ customerId: DEMO_IDS.jordan, mediaType: 'event', title: 'Written offline' });
    await waitUntil(() => offlineNote(gadget)?.textContent?.includes('1 change waits to be sent'), 'Expected the waiting change counted');
    await waitUntil(() => journeyText(gadget).includes('Written offline'), 'Expected the offline note in the journey');
    await expect(gadget).shadowDom.to.be.accessible();

    remote.mode = 'none';
    await waitUntil(() => offlineNote(gadget) === null, 'Expected the offline note gone once the backend answers');
    await waitUntil(() => backend.sync.pending === 0, 'Expected the change sent');
    expect((await remote.store.listActivities(DEMO_IDS.jordan)).activities.map((activity) => activity.title)).to.include('Written offline');
  });
});
