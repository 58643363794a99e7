import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../support/wait.js';
import { setViewport } from '@web/test-runner-commands';
import { BuiltInStore } from '../../src/backend/idb-store.js';
import { Outbox } from '../../src/backend/outbox.js';
import { cacheNameFor } from '../../src/backend/shared-backend.js';
import '../../src/demo/demo-app.js';
import type { CcDemoApp } from '../../src/demo/demo-app.js';
import { DEMO_IDS } from '../../src/demo/journey.js';
import { connect, startServer, stopServer, type TestServer } from '../server/http-support.js';

const WAIT = { timeout: 15_000 };

function gadgetRoot(app: CcDemoApp): ShadowRoot | undefined {
  return app.shadowRoot!.querySelector('cc-customer-context')?.shadowRoot ?? undefined;
}

function rowTitles(app: CcDemoApp): string[] {
  const timeline = gadgetRoot(app)?.querySelector('cc-journey-timeline')?.shadowRoot;
  return [...(timeline?.querySelectorAll('button.toggle .title') ?? [])].map((title) => title.textContent?.trim() ?? '');
}

function outageSwitch(app: CcDemoApp): HTMLInputElement {
  return [...app.shadowRoot!.querySelectorAll<HTMLInputElement>('input[role="switch"]')].find((input) =>
    input.parentElement?.textContent?.includes('Backend outage'),
  )!;
}

describe('the demo on a shared backend (?backend-url=)', () => {
  let server: TestServer;
  const databaseName = `cc-test-demo-shared-${crypto.randomUUID()}`;
  const page = location.href;

  before(async () => {
    await setViewport({ width: 1280, height: 1600 });
    server = await startServer();
    history.replaceState(null, '', `?backend-url=${encodeURIComponent(server.url)}`);
  });

  after(async () => {
    history.replaceState(null, '', page);
    document.querySelectorAll('cc-demo-app').forEach((app) => app.remove());
    await stopServer(server);
    const cache = cacheNameFor(server.url, databaseName);
    await Promise.all([BuiltInStore.deleteDatabase(cache), Outbox.deleteDatabase(`${cache}-outbox`)]);
  });

  it('seeds an empty server with the journey, and the outage switch shows the cached journey offline', async () => {
    const app = await fixture<CcDemoApp>(html`<cc-demo-app database-name=${databaseName} timeout="5000"></cc-demo-app>`);
    await waitUntil(() => rowTitles(app).length === 6, 'Expected the journey from the server', WAIT);
    expect(app.shadowRoot!.textContent).to.contain(`on the shared backend at ${server.url}`);
    const check = await connect(server);
    expect((await check.getCustomer(DEMO_IDS.jordan)).id).to.equal(DEMO_IDS.jordan);
    check.close();

    outageSwitch(app).click();
    await waitUntil(() => gadgetRoot(app)?.querySelector('[part="offline"]'), 'Expected the offline state', WAIT);
    expect(rowTitles(app)).to.have.length(6);
    outageSwitch(app).click();
    await waitUntil(() => !gadgetRoot(app)?.querySelector('[part="offline"]'), 'Expected back online', WAIT);
  });
});
