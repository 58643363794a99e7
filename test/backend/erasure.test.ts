import { expect } from '@open-wc/testing';
import { promisifyRequest } from 'idb-keyval';
import { eraseCustomer, exportCustomer, exportCustomerEvents, storeErasures } from '../../src/backend/erasure.js';
import { EncryptedStore } from '../../src/backend/encrypted-store.js';
import { deriveFieldKeys } from '../../src/backend/encryption.js';
import { BuiltInStore } from '../../src/backend/idb-store.js';
import { Outbox } from '../../src/backend/outbox.js';
import type { ActivityChange } from '../../src/backend/adapter.js';
import { CUSTOMER_EVENT_TYPE, REQUEST_EVENT_TYPE, ACTIVITY_EVENT_TYPE, importRecordEvents, parseCloudEventBatch, recordsFromCloudEvents } from '../../src/cloudevents/index.js';
import { DEMO_IDS, seedDemoJourney } from '../../src/demo/journey.js';
import { BASE_FIELD_SETS, CUSTOMER_FIELD_SET, FieldSetRegistry, ForbiddenError, NotFoundError, parseOrganisationFieldSets } from '../../src/model/index.js';
import { until } from '../server/http-support.js';

const MORGAN = DEMO_IDS.morgan;
const JORDAN = DEMO_IDS.jordan;
const MORGAN_TRACES = [MORGAN, 'Morgan', '+16505550199', '650 555 0199', 'morgan.ellis@example.org'];

const opened: { close(): void; name: string }[] = [];

async function openStore(): Promise<BuiltInStore> {
  const store = await BuiltInStore.open({ databaseName: `test-erasure-${crypto.randomUUID()}`, timeoutMs: 5000 });
  opened.push({ close: () => store.close(), name: store.databaseName });
  return store;
}

async function openOutbox(): Promise<Outbox> {
  const name = `test-erasure-outbox-${crypto.randomUUID()}`;
  const outbox = await Outbox.open(name);
  opened.push({ close: () => outbox.close(), name });
  return outbox;
}

afterEach(async () => {
  for (const { close, name } of opened.splice(0)) {
    close();
    await BuiltInStore.deleteDatabase(name);
  }
});

/** Every record of every object store of a database, as JSON text (with its key). */
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

const leaksIn = (records: readonly string[]) => records.filter((record) => MORGAN_TRACES.some((trace) => record.toLowerCase().includes(trace.toLowerCase())));

/** The demo, and Morgan with a request and two activities, one of them with their phone in its words. */
async function seeded(store: BuiltInStore) {
  await seedDemoJourney(store);
  const request = await store.createRequest({ customerId: MORGAN, dataElements: { Context_Title: 'Brake recall' } });
  const call = await store.createActivity({ customerId: MORGAN, requestId: request.id, mediaType: 'voice', title: 'Recall call', message: 'Call me on 650 555 0199' });
  await store.createActivity({ customerId: MORGAN, mediaType: 'chat', title: 'Loan bike' });
  return { request, call };
}

describe('erasure of one customer in the built-in store (src/backend/erasure.ts)', () => {
  it('erases Morgan outside lab mode: nothing of theirs is left in the database or the outbox, one audit record stays, Jordan is untouched', async () => {
    const store = await openStore();
    const { call } = await seeded(store);
    const outbox = await openOutbox();
    await outbox.add('updateActivity', [call.id, { expectedVersion: 1, message: 'Reach me at morgan.ellis@example.org' }], 'k-1');
    await outbox.add('createActivity', [{ customerId: JORDAN, mediaType: 'sms', title: 'Jordan texted' }], 'k-2');
    const jordanBefore = { customer: await store.getCustomer(JORDAN), journey: await store.listActivities(JORDAN, { pageSize: 100 }), requests: await store.listRequests(JORDAN) };
    // The store's own delete is for lab mode only; an erasure is not.
    const refused = await store.deleteCustomer(MORGAN).catch((error: unknown) => error);
    expect(refused).to.be.instanceOf(ForbiddenError);
    const heard: ActivityChange[] = [];
    const unsubscribe = store.subscribe(MORGAN, (change) => heard.push(change));

    const { record, created } = await eraseCustomer(store, MORGAN, { erasedBy: 'ada', outbox });
    expect(created).to.equal(true);
    expect(record.removed).to.deep.equal({ customers: 1, requests: 1, activities: 2, queuedWrites: 1 });
    expect(record.erasedBy).to.equal('ada');
    expect(record.customerDigest).to.match(/^[0-9a-f]{64}$/);

    const records = await everyRecord(store.databaseName);
    expect(records.some((text) => text.includes(JORDAN))).to.equal(true);
    expect(leaksIn(records)).to.deep.equal([]);
    expect(leaksIn(await everyRecord(opened[1]!.name))).to.deep.equal([]);
    expect((await outbox.entries()).map((entry) => entry.idempotencyKey)).to.deep.equal(['k-2']);
    expect(records.filter((text) => text.startsWith('meta "erasure:'))).to.have.length(1);

    expect(await store.getCustomer(MORGAN).catch((error: unknown) => error)).to.be.instanceOf(NotFoundError);
    expect(await store.findCustomers('+16505550199')).to.deep.equal([]);
    expect({ customer: await store.getCustomer(JORDAN), journey: await store.listActivities(JORDAN, { pageSize: 100 }), requests: await store.listRequests(JORDAN) }).to.deep.equal(jordanBefore);
    // A journey open on Morgan hears each of their activities go.
    await until(() => heard.length === 2, 'both deletions heard');
    expect(heard.every((change) => change.kind === 'deleted' && change.customerId === MORGAN && change.activity === undefined)).to.equal(true);
    unsubscribe();
  });

  it('takes out of the outbox every queued write about Morgan: their phone written any way, their requests and activities, ids merged into them', async () => {
    const store = await openStore();
    const { request, call } = await seeded(store);
    const duplicate = await store.createCustomer({ id: 'morgan-duplicate', dataElements: { Context_First_Name: 'M.', Context_Last_Name: 'Ellis' } });
    const morgan = await store.getCustomer(MORGAN);
    await store.customerMerging.mergeCustomers(MORGAN, duplicate.id, { keptVersion: morgan.version, mergedVersion: duplicate.version });
    const outbox = await openOutbox();
    await outbox.add('createActivity', [{ customerId: JORDAN, mediaType: 'event', title: 'Referral', message: 'Morgan asked us to call (650) 555-0199 back' }], 'phone-as-typed');
    await outbox.add('createActivity', [{ customerId: JORDAN, mediaType: 'event', title: 'Referral', dataElements: { Context_POD_Source_Phone: '650.555.0199' } }], 'phone-field');
    await outbox.add('updateActivity', [call.id, { expectedVersion: 1, title: 'Recall call, done' }], 'their-activity');
    await outbox.add('createActivity', [{ customerId: JORDAN, requestId: request.id, mediaType: 'event', title: 'Linked' }], 'their-request');
    await outbox.add('updateCustomer', [duplicate.id, { expectedVersion: 1, tags: ['checked'] }], 'merged-into-them');
    await outbox.add('createActivity', [{ customerId: JORDAN, mediaType: 'sms', title: 'Jordan texted', message: 'Call me on 408 555 0142 at 5' }], 'jordan');

    const { record } = await eraseCustomer(store, MORGAN, { outbox });
    expect(record.removed.queuedWrites).to.equal(5);
    expect((await outbox.entries()).map((entry) => entry.idempotencyKey)).to.deep.equal(['jordan']);
    expect(await store.getCustomer(duplicate.id).catch((error: unknown) => error)).to.be.instanceOf(NotFoundError);
  });

  it('erases Morgan from an encrypted store, their lookup hashes beside it too', async () => {
    const fieldSets = new FieldSetRegistry([
      ...BASE_FIELD_SETS,
      ...parseOrganisationFieldSets({ fieldSets: [{ id: 'cumulus.private', appliesTo: 'customer', fields: [{ id: 'Private_Mobile', type: 'phone', sensitive: true, label: { en: 'Private mobile' } }] }] }),
    ]);
    const store = await EncryptedStore.open({ databaseName: `test-erasure-${crypto.randomUUID()}`, fieldSets, keys: await deriveFieldKeys(crypto.getRandomValues(new Uint8Array(32))), timeoutMs: 15_000 });
    const hashes = EncryptedStore.hashDatabaseName(store.inner.databaseName);
    opened.push({ close: () => store.close(), name: store.inner.databaseName }, { close: () => undefined, name: hashes });
    const sets = [CUSTOMER_FIELD_SET, 'cumulus.private'];
    await store.createCustomer({ id: MORGAN, fieldsets: sets, dataElements: { Context_First_Name: 'Morgan', Private_Mobile: '+16505550142' } });
    await store.createCustomer({ id: JORDAN, fieldsets: sets, dataElements: { Context_First_Name: 'Jordan', Private_Mobile: '+16505550142' } });
    expect((await everyRecord(hashes)).filter((text) => text.includes(MORGAN))).to.have.length(2);

    const { record } = await eraseCustomer(store, MORGAN);
    expect(record.removed).to.deep.include({ customers: 1 });
    expect(leaksIn([...(await everyRecord(store.inner.databaseName)), ...(await everyRecord(hashes))])).to.deep.equal([]);
    // Jordan, who shares the number, is still found by it.
    expect((await store.findCustomers('+16505550142')).map((match) => match.customer.id)).to.deep.equal([JORDAN]);
  });

  it('answers a repeated erasure with the first one’s record, and an id never stored with not-found', async () => {
    const store = await openStore();
    await seeded(store);
    const first = await eraseCustomer(store, MORGAN);
    const again = await eraseCustomer(store, MORGAN);
    expect(again).to.deep.equal({ record: first.record, created: false });
    expect(await storeErasures(store)).to.deep.equal([first.record]);
    expect(await eraseCustomer(store, 'nobody-here').catch((error: unknown) => error)).to.be.instanceOf(NotFoundError);
    expect(await eraseCustomer(store, '').catch((error: unknown) => error)).to.be.instanceOf(NotFoundError);
  });

  it('exports everything held about Morgan as JSON and as CloudEvents the library validates, which recreate them in another store', async () => {
    const store = await openStore();
    const { request } = await seeded(store);
    const exported = await exportCustomer(store, MORGAN);
    expect(exported.customer.dataElements).to.include({ Context_First_Name: 'Morgan', Context_Mobile_Phone: '+16505550199' });
    expect(exported.requests.map((each) => each.id)).to.deep.equal([request.id]);
    expect(exported.activities.map((activity) => activity.title)).to.deep.equal(['Recall call', 'Loan bike']);
    expect(JSON.stringify(exported)).not.to.include(JORDAN);

    const events = await exportCustomerEvents(store, MORGAN, { source: 'https://cumulus.example.com/context' });
    parseCloudEventBatch(events);
    expect(events.map((event) => event.type)).to.deep.equal([CUSTOMER_EVENT_TYPE, REQUEST_EVENT_TYPE, ACTIVITY_EVENT_TYPE, ACTIVITY_EVENT_TYPE]);
    expect(recordsFromCloudEvents(events)).to.have.length(4);

    const elsewhere = await openStore();
    expect(await importRecordEvents(elsewhere, events)).to.deep.equal({ created: { customers: 1, requests: 1, activities: 2 }, alreadyStored: 0 });
    const copy = await exportCustomer(elsewhere, MORGAN);
    expect(copy.customer.dataElements).to.deep.equal(exported.customer.dataElements);
    expect(copy.activities.map(({ id, title, message, requestId, created }) => ({ id, title, message, requestId, created }))).to.deep.equal(
      exported.activities.map(({ id, title, message, requestId, created }) => ({ id, title, message, requestId, created })),
    );
  });
});
