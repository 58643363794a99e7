import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../support/wait.js';
import { setViewport } from '@web/test-runner-commands';
import fc from 'fast-check';
import { CachedBackend } from '../../src/backend/cached-backend.js';
import { HttpBackend } from '../../src/backend/http-adapter.js';
import { BuiltInStore } from '../../src/backend/idb-store.js';
import { Outbox } from '../../src/backend/outbox.js';
import '../../src/components/customer-context/customer-context.js';
import type { CcCustomerContext } from '../../src/components/customer-context/customer-context.js';
import { clearFaults, connect, requestLog, scheduleFaults, startServer, stopServer, type FaultRule, type TestServer } from './http-support.js';

/** How many notes the agent writes, each meeting one fault drawn at random (or none). */
const WRITES = 30;
/** The adapter's timeout: a `delay` fault outlasts it, so the server commits a write the client gave up on. */
const TIMEOUT_MS = 1000;

const faultOf = fc.oneof(
  fc.constant<FaultRule | undefined>(undefined),
  fc.constant<FaultRule>({ kind: 'status', status: 503 }),
  fc.constant<FaultRule>({ kind: 'status', status: 500 }),
  fc.constant<FaultRule>({ kind: 'status', status: 429, retryAfter: 1 }),
  fc.constant<FaultRule>({ kind: 'drop' }),
  fc.constant<FaultRule>({ kind: 'drop-after' }),
  fc.constant<FaultRule>({ kind: 'malformed' }),
  fc.constant<FaultRule>({ kind: 'delay', ms: TIMEOUT_MS + 500 }),
);

/** Every row title of the gadget's journey, scrolling its virtual list from top to bottom. */
async function allRowTitles(gadget: CcCustomerContext): Promise<string[]> {
  const timeline = gadget.shadowRoot!.querySelector('cc-journey-timeline')!.shadowRoot!;
  const list = timeline.querySelector<HTMLElement>('[role="list"]')!;
  const titles = new Map<string, string>();
  for (let top = 0; ; top += Math.max(40, list.clientHeight / 2)) {
    list.scrollTop = top;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    for (const row of timeline.querySelectorAll<HTMLElement>('button.toggle[data-activity-id]')) {
      titles.set(row.dataset['activityId']!, row.querySelector('.title')?.textContent?.trim() ?? '');
    }
    if (list.scrollTop + list.clientHeight >= list.scrollHeight - 1) break;
  }
  return [...titles.values()];
}

// Scrolling the journey's virtual list through resizes rows: the browser's benign loop notice is no failure.
setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach);

describe('chaos: notes written through random faults reach the server exactly once, in order', () => {
  let server: TestServer;
  const cacheName = `cc-test-chaos-${crypto.randomUUID()}`;

  before(async () => {
    await setViewport({ width: 1280, height: 1600 });
    server = await startServer({ faults: true });
  });

  after(async () => {
    await stopServer(server);
    await Promise.all([BuiltInStore.deleteDatabase(cacheName), Outbox.deleteDatabase(`${cacheName}-outbox`)]);
  });

  it(`${WRITES} notes under random 5xx, 429, drops, lost answers, garbage and delays: none lost, none doubled, the gadget shows them all`, async function () {
    this.timeout(180_000);
    const seeder = await connect(server);
    const customer = await seeder.createCustomer({ dataElements: { Context_First_Name: 'Chaos', Context_Last_Name: 'Monkey' } });

    const remote = await HttpBackend.connect({ baseUrl: server.url, timeoutMs: TIMEOUT_MS, retry: { attempts: 2, baseDelayMs: 20, maxDelayMs: 100 } });
    const cache = await BuiltInStore.open({ databaseName: cacheName, timeoutMs: 15_000 });
    const backend = await CachedBackend.open({ remote, cache, retryMs: 100, maxRetryMs: 400, heartbeatMs: 0 });
    try {
      await backend.getCustomer(customer.id);
      const faults = fc.sample(fc.array(faultOf, { minLength: WRITES, maxLength: WRITES }), { numRuns: 1, seed: 20261125 })[0]!;
      const titles: string[] = [];
      for (const [index, fault] of faults.entries()) {
        if (fault) await scheduleFaults(server, [{ ...fault, method: 'POST', path: '/v1/activities' }]);
        const title = `note ${String(index + 1).padStart(2, '0')}`;
        await backend.createActivity({ customerId: customer.id, mediaType: 'event', title });
        titles.push(title);
      }
      // The faults still armed meet the replays: the outbox drains through them.
      await waitUntil(
        async () => {
          await backend.flush();
          return backend.sync.pending === 0;
        },
        'Expected every queued note sent',
        { timeout: 120_000, interval: 200 },
      );
      const injected = (await requestLog(server)).filter((entry) => entry.fault);
      await clearFaults(server);

      // On the server: each note once, in the order it was written (the server stamps arrival).
      const stored = await seeder.listActivities(customer.id, { pageSize: 200 });
      const onServer = stored.activities.map((activity) => activity.title).reverse();
      const lost = titles.filter((title) => !onServer.includes(title)).length;
      const duplicated = onServer.length - new Set(onServer).size;
      console.log(
        `chaos: ${WRITES} writes, ${injected.length} faults injected (${[...new Set(injected.map((entry) => entry.fault))].join(', ')}), ${lost} lost, ${duplicated} duplicated, ${backend.sync.failed} refused`,
      );
      expect(onServer).to.deep.equal(titles);
      expect(backend.sync.failed).to.equal(0);
      expect(injected.length).to.be.greaterThan(WRITES / 3);

      // In the gadget: all of them, from the cache the backend keeps in step.
      const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context .backend=${backend} timeout="5000"></cc-customer-context>`);
      await gadget.openCustomer(customer.id);
      await waitUntil(() => gadget.shadowRoot!.querySelector('cc-journey-timeline')?.shadowRoot?.querySelector('button.toggle'), 'Expected the journey');
      const shown = await allRowTitles(gadget);
      expect([...shown].sort()).to.deep.equal([...titles].sort());
    } finally {
      backend.close();
      seeder.close();
    }
  });
});
