import { expect } from '@open-wc/testing';
import { waitUntil } from '../support/wait.js';
import fc from 'fast-check';
import type { ContextBackend } from '../../src/backend/adapter.js';
import { CachedBackend, type SyncState } from '../../src/backend/cached-backend.js';
import { runAdapterContract } from '../../src/backend/contract.js';
import { BuiltInStore } from '../../src/backend/idb-store.js';
import { Outbox } from '../../src/backend/outbox.js';
import { seedDemoJourney, DEMO_IDS } from '../../src/demo/journey.js';
import { openTestRemote, type TestRemote } from './support/idempotent-remote.js';

interface Rig {
  readonly remote: TestRemote;
  readonly cache: BuiltInStore;
  readonly backend: CachedBackend;
  readonly cacheName: string;
}

const opened: { remote: TestRemote; cacheName: string; backends: CachedBackend[] }[] = [];

async function rig(options: { retryMs?: number } = {}): Promise<Rig> {
  const remote = await openTestRemote();
  const cacheName = `cache-${crypto.randomUUID()}`;
  // Outages here are simulated; a deadline a loaded machine could miss is not what these tests are about.
  const cache = await BuiltInStore.open({ databaseName: cacheName, timeoutMs: 15_000 });
  const backend = await CachedBackend.open({ remote: remote.backend, cache, retryMs: options.retryMs ?? 20, maxRetryMs: 100 });
  opened.push({ remote, cacheName, backends: [backend] });
  return { remote, cache, backend, cacheName };
}

/** The same cache and outbox, opened again: a tab closed and opened again. */
async function reopen(previous: Rig): Promise<Rig> {
  const cache = await BuiltInStore.open({ databaseName: previous.cacheName, timeoutMs: 15_000 });
  const backend = await CachedBackend.open({ remote: previous.remote.backend, cache, retryMs: 20, maxRetryMs: 100 });
  opened.find((entry) => entry.cacheName === previous.cacheName)?.backends.push(backend);
  return { ...previous, cache, backend };
}

async function remoteJourney(remote: TestRemote, customerId: string): Promise<string[]> {
  const page = await remote.store.listActivities(customerId, { pageSize: 200 });
  return page.activities.map((activity) => activity.title ?? '').reverse();
}

afterEach(async () => {
  for (const { remote, cacheName, backends } of opened.splice(0)) {
    for (const backend of backends) backend.close();
    remote.store.close();
    await Promise.all([
      BuiltInStore.deleteDatabase(remote.store.databaseName),
      BuiltInStore.deleteDatabase(cacheName),
      Outbox.deleteDatabase(`${cacheName}-outbox`),
    ]);
  }
});

describe('CachedBackend: a shared backend with an offline cache and outbox', () => {
  it('keeps the journey readable from the cache while the backend is down, saying when it last synced', async () => {
    const { remote, backend } = await rig();
    await seedDemoJourney(remote.store);
    await backend.getCustomer(DEMO_IDS.jordan);
    const online = await backend.listActivities(DEMO_IDS.jordan);
    expect(backend.sync.kind).to.equal('online');
    const syncedAt = backend.sync.lastSyncedAt;
    expect(syncedAt).to.be.a('string');

    remote.mode = 'unavailable';
    const states: SyncState[] = [];
    backend.onSyncChange((state) => states.push(state));
    await waitUntil(async () => (await backend.getCustomer(DEMO_IDS.jordan)).id === DEMO_IDS.jordan, 'Expected the customer from the cache');
    await waitUntil(() => backend.sync.kind === 'offline', 'Expected offline');
    const offline = await backend.listActivities(DEMO_IDS.jordan);
    expect(offline.activities.map((activity) => activity.id)).to.deep.equal(online.activities.map((activity) => activity.id));
    expect(states.at(-1)?.kind).to.equal('offline');
    expect(backend.sync.lastSyncedAt).to.equal(syncedAt);
  });

  it('says the backend is out of reach, not that nothing exists, for what the cache never saw', async () => {
    const { remote, backend } = await rig();
    remote.mode = 'unavailable';
    let error: unknown;
    try {
      await backend.getCustomer(crypto.randomUUID());
    } catch (caught) {
      error = caught;
    }
    expect((error as { code?: string }).code).to.equal('unavailable');
  });

  it('queues a note written offline, shows it at once, and delivers it once the backend is back', async () => {
    const { remote, backend } = await rig();
    await seedDemoJourney(remote.store);
    // What the gadget reads when it opens a customer, and so what the cache holds.
    await backend.getCustomer(DEMO_IDS.jordan);
    await backend.listActivities(DEMO_IDS.jordan);
    remote.mode = 'unavailable';

    const note = await backend.createActivity({ customerId: DEMO_IDS.jordan, mediaType: 'event', title: 'Note written offline' });
    expect(backend.sync).to.include({ kind: 'offline', pending: 1 });
    const shown = await backend.listActivities(DEMO_IDS.jordan);
    expect(shown.activities[0]?.id).to.equal(note.id);
    expect((await remote.store.listActivities(DEMO_IDS.jordan)).activities.some((activity) => activity.id === note.id)).to.equal(false);

    remote.mode = 'none';
    await waitUntil(() => backend.sync.kind === 'online' && backend.sync.pending === 0, 'Expected the outbox to drain');
    const delivered = await remote.store.getActivity(note.id);
    expect(delivered.title).to.equal('Note written offline');
    expect(remote.applied).to.equal(1);
  });

  it('replays writes in the order they were made, a new customer before its activities', async () => {
    const { remote, backend } = await rig();
    remote.mode = 'unavailable';
    await backend.status();
    const customer = await backend.createCustomer({ dataElements: { Context_First_Name: 'Ada', Context_Last_Name: 'Byron' } });
    // A second apart, so that the journey's order is the order of writing whatever the clock does.
    for (const [index, title] of ['first', 'second', 'third'].entries()) {
      await backend.createActivity({ customerId: customer.id, mediaType: 'chat', title, created: new Date(Date.UTC(2026, 10, 20, 10, 0, index)).toISOString() });
    }
    const renamed = await backend.updateCustomer(customer.id, { expectedVersion: customer.version, dataElements: { Context_First_Name: 'Augusta' } });
    expect(renamed.dataElements['Context_First_Name']).to.equal('Augusta');
    expect(backend.sync.pending).to.equal(5);

    remote.mode = 'none';
    await backend.flush();
    expect(backend.sync).to.include({ pending: 0, failed: 0 });
    expect((await remote.store.getCustomer(customer.id)).dataElements['Context_First_Name']).to.equal('Augusta');
    expect(await remoteJourney(remote, customer.id)).to.deep.equal(['first', 'second', 'third']);
  });

  it('loses nothing when the tab is closed with writes queued: the next tab sends them', async () => {
    const first = await rig();
    await seedDemoJourney(first.remote.store);
    await first.backend.getCustomer(DEMO_IDS.jordan);
    first.remote.mode = 'unavailable';
    await first.backend.status();
    for (const title of ['a', 'b', 'c']) await first.backend.createActivity({ customerId: DEMO_IDS.jordan, mediaType: 'sms', title });
    first.backend.close();

    first.remote.mode = 'none';
    const second = await reopen(first);
    await waitUntil(() => second.backend.sync.pending === 0, 'Expected the next tab to send the queued writes');
    const titles = await remoteJourney(second.remote, DEMO_IDS.jordan);
    expect(titles.slice(-3)).to.deep.equal(['a', 'b', 'c']);
    expect(second.remote.applied).to.equal(3);
  });

  it('applies nothing twice when the backend took a write but its answer was lost', async () => {
    const { remote, backend } = await rig();
    await seedDemoJourney(remote.store);
    await backend.getCustomer(DEMO_IDS.jordan);
    remote.mode = 'lose-responses';
    const note = await backend.createActivity({ customerId: DEMO_IDS.jordan, mediaType: 'event', title: 'Sent once' });
    expect(backend.sync.pending).to.equal(1);
    remote.mode = 'none';
    await backend.flush();
    expect(remote.applied).to.equal(1);
    const titles = await remoteJourney(remote, DEMO_IDS.jordan);
    expect(titles.filter((title) => title === 'Sent once')).to.have.length(1);
    expect((await remote.store.getActivity(note.id)).title).to.equal('Sent once');
  });

  it('keeps a queued write the backend refuses (someone changed the customer meanwhile), and says so', async () => {
    const { remote, backend } = await rig();
    await seedDemoJourney(remote.store);
    const jordan = await backend.getCustomer(DEMO_IDS.jordan);
    remote.mode = 'unavailable';
    await backend.updateCustomer(jordan.id, { expectedVersion: jordan.version, dataElements: { Context_City: 'Oakland' } });
    remote.mode = 'none';
    await remote.store.updateCustomer(jordan.id, { expectedVersion: jordan.version, dataElements: { Context_City: 'Fresno' } });
    await backend.flush();
    expect(backend.sync).to.include({ pending: 0, failed: 1 });
    const [failed] = await backend.failedWrites();
    expect(failed?.op).to.equal('updateCustomer');
    expect(failed?.failure?.code).to.equal('conflict');
    expect((await remote.store.getCustomer(jordan.id)).dataElements['Context_City']).to.equal('Fresno');
  });

  it('refuses at once, and queues nothing, a write the backend would refuse', async () => {
    const { remote, backend } = await rig();
    remote.mode = 'unavailable';
    await backend.status();
    let error: unknown;
    try {
      await backend.createActivity({ customerId: DEMO_IDS.jordan, mediaType: 'sms', title: 'For nobody' });
    } catch (caught) {
      error = caught;
    }
    expect((error as { code?: string }).code).to.equal('invalid-input');
    expect(backend.sync.pending).to.equal(0);
  });

  it('under random outages and lost answers, N notes end as exactly N on the backend, in order', async function () {
    this.timeout(120_000);
    const modes = fc.constantFrom<TestRemote['mode']>('none', 'unavailable', 'lose-responses');
    await fc.assert(
      fc.asyncProperty(fc.array(modes, { minLength: 1, maxLength: 12 }), async (faults) => {
        const { remote, backend } = await rig();
        const customer = await backend.createCustomer({ dataElements: { Context_First_Name: 'Chaos' } });
        const titles: string[] = [];
        for (const [index, mode] of faults.entries()) {
          remote.mode = mode;
          const title = `note ${index + 1}`;
          await backend.createActivity({ customerId: customer.id, mediaType: 'event', title, created: new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString() });
          titles.push(title);
        }
        remote.mode = 'none';
        await backend.flush();
        await waitUntil(() => backend.sync.pending === 0, 'Expected the outbox to drain');
        expect(await remoteJourney(remote, customer.id)).to.deep.equal(titles);
        // The customer, then each note once.
        expect(remote.applied).to.equal(titles.length + 1);
        const cached = await backend.listActivities(customer.id, { pageSize: 200 });
        expect(cached.activities.map((activity) => activity.title).reverse()).to.deep.equal(titles);
      }),
      { numRuns: 15 },
    );
  });
});

// With the backend reachable, the cached backend is a backend like any other.
runAdapterContract({
  name: 'cached backend over a shared backend',
  async create(settings) {
    const remote = await BuiltInStore.open({ ...settings, databaseName: `contract-remote-${crypto.randomUUID()}` });
    const cache = await BuiltInStore.open({ ...settings, databaseName: `contract-cache-${crypto.randomUUID()}` });
    return CachedBackend.open({ remote, cache, retryMs: 20, maxRetryMs: 50 });
  },
  setFault(backend, fault) {
    const { remote, cache } = backend as unknown as { remote: BuiltInStore; cache: BuiltInStore };
    // An outage with nothing cached yet: the backend and its cache are both out of reach.
    remote.fault = fault;
    cache.fault = fault;
  },
  async dispose(backend: ContextBackend) {
    const { remote, cache } = backend as unknown as { remote: BuiltInStore; cache: BuiltInStore };
    backend.close();
    await Promise.all([
      BuiltInStore.deleteDatabase(remote.databaseName),
      BuiltInStore.deleteDatabase(cache.databaseName),
      Outbox.deleteDatabase(`${cache.databaseName}-outbox`),
    ]);
  },
});
