import { expect } from '@open-wc/testing';
import { promisifyRequest } from 'idb-keyval';
import { runContractCase } from '../../src/backend/contract.js';
import { MERGE_CASES } from '../../src/backend/contract/merges.js';
import { eraseCustomer } from '../../src/backend/erasure.js';
import { STORES } from '../../src/backend/idb-schema.js';
import { BuiltInStore } from '../../src/backend/idb-store.js';
import { CachedBackend } from '../../src/backend/cached-backend.js';
import { customerMerging, type ActivityChange } from '../../src/backend/adapter.js';
import { customerLookupKeys, type Customer } from '../../src/model/index.js';
import { waitUntil } from '../support/wait.js';
import { builtInStores } from './support/stores.js';

const open = builtInStores('merges');
const openStore = (databaseName?: string) => open(databaseName === undefined ? {} : { databaseName });

const subject = {
  name: 'built-in store',
  create: () => openStore(),
  setFault: () => undefined,
  dispose: async (backend: unknown) => {
    const store = backend as BuiltInStore;
    store.close();
    await BuiltInStore.deleteDatabase(store.databaseName);
  },
};

describe('built-in store: identities and merges', () => {
  it('has the capability, so that the contract cases below run rather than pass at once', async () => {
    expect(customerMerging(await openStore())).to.not.equal(undefined);
  });

  describe('contract', () => {
    for (const contractCase of MERGE_CASES) {
      it(`${contractCase.group}: ${contractCase.name}`, async () => {
        await runContractCase(subject, contractCase);
      });
    }
  });

  it('opens a database of schema 1 with its customers, journeys and lookups as they were', async () => {
    const name = `merges-v1-${crypto.randomUUID()}`;
    open.deleteAfter(name);
    const customer: Customer = {
      id: 'old-1',
      state: 'active',
      tags: [],
      contributors: [],
      fieldsets: ['cisco.base.customer'],
      dataElements: { Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis', Context_Mobile_Phone: '+14085550142' },
      created: '2025-01-01T00:00:00.000Z',
      lastUpdated: '2025-01-01T00:00:00.000Z',
      version: 3,
    };
    // Schema 1 exactly as it was released: the stores and indexes, no merges store.
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      const customers = db.createObjectStore('customers', { keyPath: 'customer.id' });
      customers.createIndex('lookup', 'lookup', { multiEntry: true });
      const activities = db.createObjectStore('activities', { keyPath: 'id' });
      activities.createIndex('byCustomer', ['customerId', 'created', 'id']);
      db.createObjectStore('requests', { keyPath: 'id' }).createIndex('byCustomer', 'customerId');
      db.createObjectStore('meta');
      customers.put({ customer, lookup: customerLookupKeys(customer) });
    };
    (await promisifyRequest(request)).close();

    const store = await openStore(name);
    expect(await store.getCustomer('old-1')).to.deep.equal(customer);
    expect((await store.findCustomers('(408) 555-0142')).map((match) => match.customer.id)).to.deep.equal(['old-1']);
    const other = await store.createCustomer({ dataElements: { Context_First_Name: 'J.', Context_Last_Name: 'Ellis' } });
    const kept = await store.customerMerging.mergeCustomers('old-1', other.id, { keptVersion: 3, mergedVersion: 1 });
    expect(kept.version).to.equal(4);
    expect((await store.getCustomer(other.id)).id).to.equal('old-1');
  });

  it('tells another tab on the same database that activities moved', async () => {
    const here = await openStore();
    const there = await openStore(here.databaseName);
    const kept = await here.createCustomer({ dataElements: { Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis' } });
    const merged = await here.createCustomer({ dataElements: { Context_First_Name: 'J.', Context_Last_Name: 'Ellis' } });
    const activity = await here.createActivity({ customerId: merged.id, title: 'Call' });
    const heard: ActivityChange[] = [];
    there.subscribe(merged.id, (change) => heard.push(change));
    there.subscribe(kept.id, (change) => heard.push(change));
    await here.customerMerging.mergeCustomers(kept.id, merged.id, { keptVersion: 1, mergedVersion: 1 });
    await waitUntil(() => heard.length >= 3, 'the other tab to hear the merge');
    expect(heard.find((change) => change.kind === 'deleted')).to.include({ customerId: merged.id, activityId: activity.id });
    expect(heard.find((change) => change.kind === 'updated')?.activity?.customerId).to.equal(kept.id);
  });

  it('a merge made later leads the ids merged before to the newest kept customer', async () => {
    const store = await openStore();
    const [a, b, c] = await Promise.all(['A', 'B', 'C'].map((first) => store.createCustomer({ dataElements: { Context_First_Name: first, Context_Last_Name: 'Ellis' } })));
    await store.customerMerging.mergeCustomers(b!.id, a!.id, { keptVersion: 1, mergedVersion: 1 });
    await store.customerMerging.mergeCustomers(c!.id, b!.id, { keptVersion: 1, mergedVersion: 2 });
    expect((await store.getCustomer(a!.id)).id).to.equal(c!.id);
    expect((await store.findCustomers(a!.id)).map((match) => match.customer.id)).to.deep.equal([c!.id]);
  });

  it('a cached backend passes the capability of its shared backend through, and remembers the answers', async () => {
    const remote = await openStore();
    const cache = await openStore();
    open.deleteAfter(`${cache.databaseName}-outbox`);
    const cached = await CachedBackend.open({ remote, cache, heartbeatMs: 0 });
    try {
      const merging = customerMerging(cached);
      expect(merging).to.not.equal(undefined);
      const customer = await cached.createCustomer({ dataElements: { Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis' } });
      const added = await merging!.addIdentity(customer.id, { expectedVersion: 1, kind: 'phone', value: '+14085550177' });
      expect((await remote.getCustomer(customer.id)).identities).to.deep.equal([{ kind: 'phone', value: '+14085550177' }]);
      expect(await cache.getCustomer(customer.id)).to.deep.equal(added);
    } finally {
      cached.close();
    }
  });

  it('a cached backend over a backend without the capability has none', async () => {
    const cache = await openStore();
    open.deleteAfter(`${cache.databaseName}-outbox`);
    // A third-party backend: the interface's methods only (none of them is called here).
    const remote = { getCustomer: () => Promise.reject(new Error('unused')), close: () => undefined } as unknown as BuiltInStore;
    const cached = await CachedBackend.open({ remote, cache, heartbeatMs: 0 });
    try {
      expect(customerMerging(cached)).to.equal(undefined);
    } finally {
      cached.close();
    }
  });

  it('erasing the kept customer erases what was merged into it, and the merged id leads nowhere', async () => {
    const store = await openStore();
    const kept = await store.createCustomer({ dataElements: { Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis' } });
    const merged = await store.createCustomer({ dataElements: { Context_First_Name: 'J.', Context_Last_Name: 'Ellis', Context_Home_Phone: '+14085550199' } });
    await store.createActivity({ customerId: merged.id, title: 'Call' });
    await store.customerMerging.mergeCustomers(kept.id, merged.id, { keptVersion: 1, mergedVersion: 1 });
    const { record } = await eraseCustomer(store, kept.id);
    expect(record.removed.activities).to.equal(2);
    for (const id of [kept.id, merged.id]) {
      const error = await store.getCustomer(id).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect((error as { code?: string }).code).to.equal('not-found');
    }
    expect(await store.findCustomers('+14085550199')).to.deep.equal([]);
    const db = await promisifyRequest(indexedDB.open(store.databaseName));
    try {
      expect(await promisifyRequest(db.transaction(STORES.merges).objectStore(STORES.merges).count())).to.equal(0);
    } finally {
      db.close();
    }
  });
});
