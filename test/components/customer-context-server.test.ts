import { expect, fixture, html } from '@open-wc/testing';
import { WAIT_MS, waitUntil } from '../support/wait.js';
import { setViewport } from '@web/test-runner-commands';
import { CachedBackend } from '../../src/backend/cached-backend.js';
import { HttpBackend } from '../../src/backend/http-adapter.js';
import { BuiltInStore } from '../../src/backend/idb-store.js';
import { Outbox } from '../../src/backend/outbox.js';
import { cacheNameFor } from '../../src/backend/shared-backend.js';
import '../../src/components/customer-context/customer-context.js';
import type { CcCustomerContext } from '../../src/components/customer-context/customer-context.js';
import { DEMO_IDS, seedDemoJourney } from '../../src/demo/journey.js';
import { clearFaults, connect, scheduleFaults, startServer, stopServer, type TestServer } from '../server/http-support.js';

const WAIT = { timeout: WAIT_MS };

function journeyText(gadget: CcCustomerContext): string {
  return gadget.shadowRoot!.querySelector('cc-journey-timeline')?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
}

/** The titles of the journey's rows on screen, newest first. */
function rowTitles(gadget: CcCustomerContext): string[] {
  const timeline = gadget.shadowRoot!.querySelector('cc-journey-timeline')?.shadowRoot;
  return [...(timeline?.querySelectorAll('button.toggle .title') ?? [])].map((title) => title.textContent?.trim() ?? '');
}

function offlineNote(gadget: CcCustomerContext): string | undefined {
  return gadget.shadowRoot!.querySelector('[part="offline"]')?.textContent?.replace(/\s+/g, ' ');
}

/**
 * Writes a note in the gadget: "Add a note", the text, "Add note". What this file tests is the
 * note reaching the other window; writing one by keyboard is note-composer.test.ts's. Two
 * gadgets share this page, so nothing here depends on where the page's focus is.
 */
async function writeNote(gadget: CcCustomerContext, text: string): Promise<void> {
  const composer = () => gadget.shadowRoot!.querySelector('cc-note-composer');
  // The composer's module loads with the customer's parts: wait for its button, not only its tag.
  const addNote = () => composer()?.shadowRoot?.querySelector<HTMLButtonElement>('button[aria-expanded]');
  await waitUntil(() => addNote(), 'Expected the note composer', WAIT);
  addNote()!.click();
  const field = () => composer()?.shadowRoot?.querySelector('textarea');
  await waitUntil(() => field(), `Expected the note field (composer ${composer()?.isConnected ? 'on the page' : 'gone'})`, WAIT);
  field()!.value = text;
  field()!.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  composer()!.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
  await waitUntil(() => composer()?.shadowRoot?.querySelector('[role="status"]')?.textContent?.includes('Note added.'), 'Expected the note added', WAIT);
}

describe('cc-customer-context on the reference server', () => {
  let server: TestServer;
  const databases: string[] = [];

  before(async () => {
    server = await startServer({ faults: true });
    const seeder = await connect(server);
    await seedDemoJourney(seeder, new Date(2026, 10, 20, 11, 0));
    seeder.close();
  });

  after(async () => {
    await stopServer(server);
    for (const name of databases) await Promise.all([BuiltInStore.deleteDatabase(name), Outbox.deleteDatabase(`${name}-outbox`)]);
  });

  it('two windows on one shared backend see each other’s notes live', async () => {
    const names = [`cc-test-window-a-${crypto.randomUUID()}`, `cc-test-window-b-${crypto.randomUUID()}`];
    databases.push(...names.map((name) => cacheNameFor(server.url, name)));
    // Side by side and tall enough, as two windows would be: the journeys' rows render only on screen.
    await setViewport({ width: 1600, height: 1400 });
    const container = await fixture(html`<div style="display: grid; grid-template-columns: 1fr 1fr; gap: 1rem">
      <cc-customer-context database-name=${names[0]!} backend-url=${server.url} timeout="5000"></cc-customer-context>
      <cc-customer-context database-name=${names[1]!} backend-url=${server.url} timeout="5000"></cc-customer-context>
    </div>`);
    const [first, second] = [...container.querySelectorAll('cc-customer-context')] as [CcCustomerContext, CcCustomerContext];
    await Promise.all([first.openCustomer(DEMO_IDS.jordan), second.openCustomer(DEMO_IDS.jordan)]);
    await waitUntil(() => journeyText(first).includes('Dashboard fault P0562') && journeyText(second).includes('Dashboard fault P0562'), 'Expected both journeys', WAIT);

    await writeNote(first, 'Loaner bike offered');
    await waitUntil(() => journeyText(second).includes('Agent note'), 'Expected the note in the other window, live', WAIT);
    await writeNote(second, 'Customer accepted the loaner');
    await waitUntil(() => rowTitles(first).filter((title) => title === 'Agent note').length === 2, 'Expected both notes in the first window', WAIT);
    expect(rowTitles(second).filter((title) => title === 'Agent note')).to.have.length(2);
  });

  it('while the server cannot be reached: the cached journey marked Offline, and a note written meanwhile reaches the server once it is back', async () => {
    const name = `cc-test-offline-server-${crypto.randomUUID()}`;
    databases.push(name);
    const [remote, cache] = await Promise.all([HttpBackend.connect({ baseUrl: server.url, timeoutMs: 1500 }), BuiltInStore.open({ databaseName: name })]);
    const backend = await CachedBackend.open({ remote, cache, heartbeatMs: 200, retryMs: 100, maxRetryMs: 300 });
    try {
      const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context .backend=${backend} timeout="3000"></cc-customer-context>`);
      await gadget.openCustomer(DEMO_IDS.jordan);
      await waitUntil(() => journeyText(gadget).includes('Dashboard fault P0562'), 'Expected the journey', WAIT);

      await scheduleFaults(server, [{ kind: 'drop', path: '/v1', times: 1000 }]);
      await waitUntil(() => offlineNote(gadget)?.match(/Offline — last synced \d{1,2}:\d{2}/), 'Expected the offline state', WAIT);
      expect(journeyText(gadget)).to.contain('Dashboard fault P0562');
      await writeNote(gadget, 'Written while the server was down');
      await waitUntil(() => offlineNote(gadget)?.includes('1 change waits to be sent'), 'Expected the note waiting', WAIT);
      expect(journeyText(gadget)).to.contain('Agent note');

      await clearFaults(server);
      await waitUntil(() => offlineNote(gadget) === undefined && backend.sync.pending === 0, 'Expected the note sent once the server is back', WAIT);
      const check = await connect(server);
      const page = await check.listActivities(DEMO_IDS.jordan, { text: 'Written while the server was down' });
      check.close();
      expect(page.activities).to.have.length(1);
    } finally {
      backend.close();
    }
  });
});
