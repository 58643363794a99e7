import { expect } from '@open-wc/testing';
import { promisifyRequest } from 'idb-keyval';
import { waitUntil } from '../support/wait.js';
import { customerMerging, type ContextBackend } from '../../src/backend/adapter.js';
import { CachedBackend } from '../../src/backend/cached-backend.js';
import { eraseCustomer } from '../../src/backend/erasure.js';
import { BuiltInStore } from '../../src/backend/idb-store.js';
import { forgetGone } from '../../src/backend/offline-copy.js';
import { Outbox } from '../../src/backend/outbox.js';
import { DEMO_IDS, seedDemoJourney } from '../../src/demo/journey.js';
import type { Customer } from '../../src/model/index.js';
import { openTestRemote, type TestRemote } from './support/idempotent-remote.js';

const JORDAN = DEMO_IDS.jordan;
const MORGAN = DEMO_IDS.morgan;
const MORGAN_TRACES = [MORGAN, 'Morgan', '+16505550199', '650 555 0199', '(650) 555-0199', 'morgan.ellis@example.org'];

interface Rig {
  readonly remote: TestRemote;
  readonly cache: BuiltInStore;
  readonly backend: CachedBackend;
  readonly cacheName: string;
}

const opened: Rig[] = [];

async function rig(options: { retryMs?: number } = {}): Promise<Rig> {
  const remote = await openTestRemote();
  await seedDemoJourney(remote.store);
  const cacheName = `offline-copy-${crypto.randomUUID()}`;
  const cache = await BuiltInStore.open({ databaseName: cacheName, timeoutMs: 15_000 });
  const backend = await CachedBackend.open({ remote: remote.backend, cache, retryMs: options.retryMs ?? 20, maxRetryMs: 100, heartbeatMs: 0 });
  const made = { remote, cache, backend, cacheName };
  opened.push(made);
  return made;
}

afterEach(async () => {
  for (const { remote, cacheName, backend } of opened.splice(0)) {
    backend.close();
    remote.store.close();
    await Promise.all([BuiltInStore.deleteDatabase(remote.store.databaseName), BuiltInStore.deleteDatabase(cacheName), Outbox.deleteDatabase(`${cacheName}-outbox`)]);
  }
});

/** Every record of every object store of a database, as JSON text. */
async function everyRecord(name: string): Promise<string[]> {
  const db = await promisifyRequest(indexedDB.open(name));
  try {
    const texts: string[] = [];
    for (const storeName of [...db.objectStoreNames]) {
      const store = db.transaction(storeName, 'readonly').objectStore(storeName);
      const [keys, values] = await Promise.all([promisifyRequest(store.getAllKeys()), promisifyRequest(store.getAll())]);
      values.forEach((value, index) => texts.push(`${storeName} ${JSON.stringify(keys[index])} ${JSON.stringify(value)}`));
    }
    return texts;
  } finally {
    db.close();
  }
}

const morganIn = (records: readonly string[]) => records.filter((record) => MORGAN_TRACES.some((trace) => record.toLowerCase().includes(trace.toLowerCase())));

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

/** Reads both customers and their journeys through the cached backend, so that its cache holds them. */
async function readBoth(backend: ContextBackend): Promise<{ jordan: Customer; morgan: Customer; morganJourney: string[] }> {
  const jordan = await backend.getCustomer(JORDAN);
  const morgan = await backend.getCustomer(MORGAN);
  await backend.listActivities(JORDAN, { pageSize: 200 });
  const morganJourney = (await backend.listActivities(MORGAN, { pageSize: 200 })).activities.map((activity) => activity.id);
  return { jordan, morgan, morganJourney };
}

async function morganActivities(store: BuiltInStore, count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    await store.createActivity({ customerId: MORGAN, mediaType: 'chat', title: `Morgan chat ${index}`, message: 'Call me on 650 555 0199' });
  }
}

describe('the offline copy of a shared backend, when customers merge', () => {
  it('a merge made through the cached backend leads the old id to the kept customer offline, with the moved journey', async () => {
    const { remote, backend } = await rig();
    await morganActivities(remote.store, 2);
    const { jordan, morgan, morganJourney } = await readBoth(backend);
    expect(morganJourney).to.have.length(2);
    const kept = await customerMerging(backend)!.mergeCustomers(JORDAN, MORGAN, { keptVersion: jordan.version, mergedVersion: morgan.version });

    remote.mode = 'unavailable';
    const offline = await backend.getCustomer(MORGAN);
    expect(offline.id).to.equal(JORDAN);
    expect(offline.version).to.equal(kept.version);
    expect(backend.sync.kind).to.equal('offline');
    const journey = (await backend.listActivities(JORDAN, { pageSize: 200 })).activities.map((activity) => activity.id);
    for (const id of morganJourney) expect(journey).to.include(id);
    expect((await backend.listActivities(MORGAN, { pageSize: 200 })).activities).to.deep.equal([]);
    expect((await backend.findCustomers(MORGAN)).map((match) => match.customer.id)).to.deep.equal([JORDAN]);
  });

  it('a merge another agent made, heard in the change feed, leads the old id to the kept customer offline', async () => {
    const { remote, backend, cache } = await rig();
    const { jordan, morgan } = await readBoth(backend);
    const stop = backend.subscribe(JORDAN, () => undefined);
    try {
      await remote.store.customerMerging.mergeCustomers(JORDAN, MORGAN, { keptVersion: jordan.version, mergedVersion: morgan.version });
      // The cache asks the backend about the merged id once it hears the merge; then it leads there by itself.
      await waitUntil(async () => (await cache.getCustomer(MORGAN).catch(() => undefined))?.id === JORDAN, 'Expected the cache to learn the merge');
      remote.mode = 'unavailable';
      const offline = await backend.getCustomer(MORGAN);
      expect(offline.id).to.equal(JORDAN);
      expect(backend.sync.kind).to.equal('offline');
    } finally {
      stop();
    }
  });

  it('while the backend cannot confirm a merge heard in the feed, the old customer is dropped: offline it misses, online it is read again', async () => {
    const { remote, backend } = await rig({ retryMs: 60_000 });
    const { jordan, morgan } = await readBoth(backend);
    const heard: string[] = [];
    const stop = backend.subscribe(JORDAN, (change) => heard.push(change.activity?.title ?? change.kind));
    try {
      remote.mode = 'unavailable';
      await remote.store.customerMerging.mergeCustomers(JORDAN, MORGAN, { keptVersion: jordan.version, mergedVersion: morgan.version });
      await waitUntil(() => heard.includes('Customers merged'), 'Expected the merge to be heard');
      await waitUntil(async () => (await codeOf(backend.getCustomer(MORGAN))) === 'unavailable', 'Expected the stale customer gone from the cache');
      expect((await backend.getCustomer(JORDAN)).id).to.equal(JORDAN);
      remote.mode = 'none';
      expect((await backend.getCustomer(MORGAN)).id).to.equal(JORDAN);
    } finally {
      stop();
    }
  });
});

describe('the offline copy of a shared backend, when a customer is erased there', () => {
  it('a read answered not-found forgets the customer in the cache: offline, nothing of theirs is served', async () => {
    const { remote, backend, cacheName } = await rig();
    await morganActivities(remote.store, 2);
    await readBoth(backend);
    expect(morganIn(await everyRecord(cacheName))).to.not.deep.equal([]);
    await eraseCustomer(remote.store, MORGAN);

    expect(await codeOf(backend.getCustomer(MORGAN))).to.equal('not-found');
    expect(morganIn(await everyRecord(cacheName))).to.deep.equal([]);
    remote.mode = 'unavailable';
    expect(await codeOf(backend.getCustomer(MORGAN))).to.equal('unavailable');
    expect((await backend.listActivities(MORGAN)).activities).to.deep.equal([]);
    expect((await backend.getCustomer(JORDAN)).id).to.equal(JORDAN);
  });

  it('queued writes about a customer erased meanwhile are dropped with a diagnostic, never sent; the others go', async () => {
    const { remote, backend, cacheName } = await rig();
    await morganActivities(remote.store, 1);
    const { morgan, morganJourney } = await readBoth(backend);
    remote.mode = 'unavailable';
    await backend.status();
    await backend.updateCustomer(MORGAN, { expectedVersion: morgan.version, dataElements: { Context_Home_Phone: '(650) 555-0199' } });
    await backend.createActivity({ customerId: MORGAN, mediaType: 'event', title: 'Morgan note', message: 'Reach me at morgan.ellis@example.org' });
    await backend.updateActivity(morganJourney[0]!, { expectedVersion: 1, title: 'Morgan chat, read again' });
    const note = await backend.createActivity({ customerId: JORDAN, mediaType: 'event', title: 'Jordan note' });
    expect(backend.sync.pending).to.equal(4);
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
    try {
      await eraseCustomer(remote.store, MORGAN);
      remote.mode = 'none';
      await backend.flush();
    } finally {
      console.warn = warn;
    }

    expect(backend.sync).to.include({ pending: 0, failed: 0 });
    expect(backend.droppedWrites.map((write) => write.op).sort()).to.deep.equal(['createActivity', 'updateActivity', 'updateCustomer']);
    expect(backend.droppedWrites.every((write) => write.reason === 'customer-gone')).to.equal(true);
    expect(warnings).to.have.length(3);
    expect(warnings[0]).to.match(/dropped, not sent: the shared backend no longer has its customer/);
    expect(morganIn(warnings)).to.deep.equal([]);
    expect(await codeOf(remote.store.getCustomer(MORGAN))).to.equal('not-found');
    expect((await remote.store.getActivity(note.id)).title).to.equal('Jordan note');
    expect(remote.applied).to.equal(1);
    expect(morganIn(await everyRecord(cacheName))).to.deep.equal([]);
    expect(morganIn(await everyRecord(`${cacheName}-outbox`))).to.deep.equal([]);
  });

  it('a customer made offline, whose create is still queued, is not forgotten for being unknown to the backend', async () => {
    const { remote, backend, cache, cacheName } = await rig({ retryMs: 60_000 });
    remote.mode = 'unavailable';
    await backend.status();
    const ada = await backend.createCustomer({ dataElements: { Context_First_Name: 'Ada', Context_Last_Name: 'Byron' } });
    await backend.createActivity({ customerId: ada.id, mediaType: 'event', title: 'Ada note' });
    const outbox = await Outbox.open(`${cacheName}-outbox`);
    try {
      const dropped: unknown[] = [];
      await forgetGone({ remote: remote.backend, cache, outbox, dropped: (write) => dropped.push(write) }, ada.id);
      expect(dropped).to.deep.equal([]);
      expect((await outbox.entries()).map((entry) => entry.op)).to.deep.equal(['createCustomer', 'createActivity']);
      expect((await cache.getCustomer(ada.id)).id).to.equal(ada.id);
    } finally {
      outbox.close();
    }
  });
});
