import { expect } from '@open-wc/testing';
import { BuiltInStore } from '../../src/backend/idb-store.js';
import { exportJourneyEvents, importActivityEvents } from '../../src/cloudevents/index.js';
import { DEMO_IDS, seedDemoJourney } from '../../src/demo/journey.js';
import { InvalidInputError } from '../../src/model/errors.js';

describe('a journey through CloudEvents, between two backends', () => {
  const stores: BuiltInStore[] = [];
  const open = async () => {
    const store = await BuiltInStore.open({ databaseName: `cc-test-ce-transfer-${crypto.randomUUID()}`, timeoutMs: 15_000 });
    stores.push(store);
    return store;
  };

  after(async () => {
    for (const store of stores.splice(0)) {
      store.close();
      await BuiltInStore.deleteDatabase(store.databaseName);
    }
  });

  it('exports the journey oldest first and imports it elsewhere, once even when run twice', async () => {
    const from = await open();
    const journey = await seedDemoJourney(from);
    const events = await exportJourneyEvents(from, DEMO_IDS.jordan, { source: '/cumulus/santa-clara' });
    expect(events.map((event) => event.id)).to.deep.equal(journey.activities.map((activity) => activity.id));
    expect(events.every((event) => event.source === '/cumulus/santa-clara' && event.subject === DEMO_IDS.jordan)).to.equal(true);

    const to = await open();
    const [jordan] = journey.customers;
    await to.createCustomer({ id: jordan.id, fieldsets: jordan.fieldsets, dataElements: jordan.dataElements });
    const { request } = journey;
    await to.createRequest({ id: request.id, customerId: jordan.id, fieldsets: request.fieldsets, dataElements: request.dataElements });
    const progress: number[] = [];
    const first = await importActivityEvents(to, JSON.parse(JSON.stringify(events)), { onProgress: (done) => progress.push(done) });
    expect(first).to.deep.equal({ created: events.length, alreadyStored: 0 });
    expect(progress).to.deep.equal(events.map((_, index) => index + 1));
    const again = await importActivityEvents(to, events);
    expect(again).to.deep.equal({ created: 0, alreadyStored: events.length });

    const copied = (await to.listActivities(DEMO_IDS.jordan)).activities;
    const original = (await from.listActivities(DEMO_IDS.jordan)).activities;
    expect(copied.map((activity) => [activity.id, activity.title, activity.mediaType, activity.created])).to.deep.equal(
      original.map((activity) => [activity.id, activity.title, activity.mediaType, activity.created]),
    );
  });

  it('stores nothing when one event of the batch is bad, and says which', async () => {
    const from = await open();
    await seedDemoJourney(from);
    const events = await exportJourneyEvents(from, DEMO_IDS.jordan);
    const to = await open();
    const broken = events.map((event, index) => (index === 2 ? { ...event, data: { ...(event.data as object), title: '' } } : event));
    let error: unknown;
    try {
      await importActivityEvents(to, broken);
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(InvalidInputError);
    expect((error as InvalidInputError).issues.map((issue) => issue.path)).to.include('2.data.title');
  });
});
