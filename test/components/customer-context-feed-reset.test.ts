import { expect, fixture, html } from '@open-wc/testing';
import { WAIT_MS, waitUntil } from '../support/wait.js';
import { setViewport } from '@web/test-runner-commands';
import type { CachedBackend } from '../../src/backend/cached-backend.js';
import { BuiltInStore } from '../../src/backend/idb-store.js';
import { Outbox } from '../../src/backend/outbox.js';
import { cacheNameFor, openSharedBackend } from '../../src/backend/shared-backend.js';
import '../../src/components/customer-context/customer-context.js';
import type { CcCustomerContext } from '../../src/components/customer-context/customer-context.js';
import { DEMO_IDS, seedDemoJourney } from '../../src/demo/journey.js';
import { clearFaults, connect, requestLog, runRetention, scheduleFaults, startServer, stopServer, type TestServer } from '../server/http-support.js';

const WAIT = { timeout: WAIT_MS };
const DAY_MS = 86_400_000;

/** The titles of the journey's rows on screen, newest first. */
function rowTitles(gadget: CcCustomerContext): string[] {
  const timeline = gadget.shadowRoot!.querySelector('cc-journey-timeline')?.shadowRoot;
  return [...(timeline?.querySelectorAll('button.toggle .title') ?? [])].map((title) => title.textContent?.trim() ?? '');
}

describe('cc-customer-context when the change feed was pruned behind it', () => {
  let server: TestServer;
  let backend: CachedBackend | undefined;
  const databaseName = `cc-test-feed-reset-${crypto.randomUUID()}`;

  beforeEach(async () => {
    server = await startServer({ faults: true });
    const seeder = await connect(server);
    await seedDemoJourney(seeder, new Date(2026, 10, 20, 11, 0));
    seeder.close();
  });

  afterEach(async () => {
    backend?.close();
    await stopServer(server);
    const cacheName = cacheNameFor(server.url, databaseName);
    await Promise.all([BuiltInStore.deleteDatabase(cacheName), Outbox.deleteDatabase(`${cacheName}-outbox`)]);
  });

  it('reads the customer and journey again on the reset, and shows the rows that changed while it was behind', async () => {
    await setViewport({ width: 1000, height: 1400 });
    // The gadget's live stream cannot connect (yet): the gadget reads, then falls behind.
    await scheduleFaults(server, [{ kind: 'drop', path: '/v1/events', times: 1000 }]);
    const errors: unknown[] = [];
    ({ backend } = await openSharedBackend({
      baseUrl: server.url,
      databaseName,
      timeoutMs: 5000,
      heartbeatMs: 0,
      events: { baseDelayMs: 20, maxDelayMs: 200, onError: (error) => errors.push(error) },
    }));
    const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context .backend=${backend} timeout="5000"></cc-customer-context>`);
    await gadget.openCustomer(DEMO_IDS.jordan);
    await waitUntil(() => rowTitles(gadget).includes('Is Santa Clara open on Sundays?'), 'Expected the journey', WAIT);
    await waitUntil(() => errors.length > 0, 'Expected the stream to have tried to connect', WAIT);

    // Nor can it catch up through the change feed: each try of the stream reads the feed first, and
    // would learn of what follows before the feed is pruned past it.
    await scheduleFaults(server, [{ kind: 'drop', path: '/v1/changes', times: 1000 }]);
    // Meanwhile another agent answers the question and writes a note; then the feed is pruned past both.
    const other = await connect(server);
    try {
      const { activities } = await other.listActivities(DEMO_IDS.jordan, { pageSize: 50 });
      const question = activities.find((activity) => activity.title === 'Is Santa Clara open on Sundays?')!;
      await other.updateActivity(question.id, { expectedVersion: question.version, title: 'Santa Clara is open on Sundays: answered' });
      await other.createActivity({ customerId: DEMO_IDS.jordan, mediaType: 'event', title: 'Agent note written elsewhere' });
    } finally {
      other.close();
    }
    const put = await fetch(`${server.url}/v1/retention`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ activityRetentionDays: null, changeFeedRetentionDays: 1 }),
    });
    expect(put.status).to.equal(200);
    const report = await runRetention(server, { now: Date.now() + 2 * DAY_MS });
    expect((report as { changesPruned?: number }).changesPruned).to.be.greaterThan(0);
    // (What it shows now may already be newer: a read of the journey it started before the writes,
    // when the shared backend's field sets came, can answer after them. What matters is the read after the reset.)
    expect(backend!.sync.resyncs).to.equal(undefined);
    const journeyReads = async () => (await requestLog(server)).filter((entry) => entry.method === 'GET' && entry.path === `/v1/customers/${DEMO_IDS.jordan}/activities`).length;

    // The stream connects, resumes below the pruned point, and is reset to the head: the gadget reads again.
    await clearFaults(server);
    await waitUntil(() => backend!.sync.resyncs === 1, 'Expected the reset', WAIT);
    await waitUntil(
      () => rowTitles(gadget).includes('Santa Clara is open on Sundays: answered') && rowTitles(gadget).includes('Agent note written elsewhere'),
      `Expected the rows that changed while the gadget was behind (it shows ${rowTitles(gadget).join(' | ')})`,
      WAIT,
    );
    expect(rowTitles(gadget)).to.not.include('Is Santa Clara open on Sundays?');
    // Clearing the faults empties the server's request log: what it holds now came after.
    expect(await journeyReads(), 'the journey read again after the reset').to.be.greaterThan(0);
    await expect(gadget).to.be.accessible();
  });
});
