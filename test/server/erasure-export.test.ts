import { expect } from '@open-wc/testing';
import { BuiltInStore } from '../../src/backend/idb-store.js';
import { ACTIVITY_EVENT_TYPE, CUSTOMER_EVENT_TYPE, REQUEST_EVENT_TYPE, importRecordEvents, parseCloudEventBatch, recordsFromCloudEvents, type CloudEvent } from '../../src/cloudevents/index.js';
import { DEMO_FIELD_SETS } from '../../src/demo/field-sets.js';
import { BASE_FIELD_SETS, FieldSetRegistry, MASK, parseOrganisationFieldSets, type Activity, type Customer } from '../../src/model/index.js';
import { eraseCustomerAt, erasureText, exportCustomerFrom } from '../../server/erasure-client.js';
import { serverEnv } from './http-support.js';
import { JORDAN, MORGAN, MORGAN_DOB, morganOnAServer, ok, type JsonExport } from './erasure-support.js';

function exportSuite(name: string, postgres: boolean): void {
  describe(`export of one customer, and the CLI's client (${name})`, function () {
    const fixture = morganOnAServer(postgres);
    const call = fixture.call;

    it('exports everything stored about Morgan as JSON, sensitive values included, and nothing of anyone else', async () => {
      const exported = await ok<JsonExport>(await call('admin', 'GET', `/v1/customers/${MORGAN}/export`));
      expect(exported.format).to.equal('customer-context-subject-access');
      expect(exported.customer.id).to.equal(MORGAN);
      expect(exported.customer.dataElements).to.include({ Context_First_Name: 'Morgan', Date_Of_Birth: MORGAN_DOB });
      // The same record through the ordinary read is masked.
      expect((await ok<Customer>(await call('admin', 'GET', `/v1/customers/${MORGAN}`))).dataElements['Date_Of_Birth']).to.equal(MASK);
      expect(exported.requests.map((request) => request.dataElements['Context_Title'])).to.deep.equal(['Morgan Ellis: brake recall']);
      expect(exported.activities.map((activity) => activity.title)).to.have.members(['Morgan called about the recall', 'Chat about a loan bike', 'Is my bike ready?']);
      expect(exported.activities.every((activity) => activity.customerId === MORGAN)).to.equal(true);
      expect(exported.unmatchedEvents.map((entry) => entry.event['id']).sort()).to.deep.equal(['sms-email', 'sms-phone']);
      expect(JSON.stringify(exported)).not.to.include(JORDAN);
    });

    it('exports Morgan as CloudEvents that the library validates and that recreate them in another store', async () => {
      const response = await call('admin', 'GET', `/v1/customers/${MORGAN}/export?format=cloudevents`);
      expect(response.headers.get('Content-Type')).to.equal('application/cloudevents-batch+json');
      const events = await ok<CloudEvent[]>(response);
      parseCloudEventBatch(events);
      expect(events.map((event) => event.type)).to.deep.equal([CUSTOMER_EVENT_TYPE, REQUEST_EVENT_TYPE, ACTIVITY_EVENT_TYPE, ACTIVITY_EVENT_TYPE, ACTIVITY_EVENT_TYPE]);
      const records = recordsFromCloudEvents(events);
      expect(records.map((record) => record.kind)).to.deep.equal(['customer', 'request', 'activity', 'activity', 'activity']);

      const name = `erasure-import-${Math.random().toString(36).slice(2)}`;
      const elsewhere = await BuiltInStore.open({ databaseName: name, fieldSets: new FieldSetRegistry([...BASE_FIELD_SETS, ...parseOrganisationFieldSets(DEMO_FIELD_SETS)]) });
      try {
        expect(await importRecordEvents(elsewhere, events)).to.deep.equal({ created: { customers: 1, requests: 1, activities: 3 }, alreadyStored: 0 });
        const customer = await elsewhere.getCustomer(MORGAN);
        expect(customer.dataElements).to.include({ Context_First_Name: 'Morgan', Context_Mobile_Phone: '+16505550199', Date_Of_Birth: MORGAN_DOB });
        const journey = await elsewhere.listActivities(MORGAN);
        expect(journey.activities.map((activity) => activity.title)).to.have.members(['Morgan called about the recall', 'Chat about a loan bike', 'Is my bike ready?']);
        expect(await elsewhere.listRequests(MORGAN)).to.have.length(1);
        // An import run again doubles nothing.
        expect(await importRecordEvents(elsewhere, events)).to.deep.equal({ created: { customers: 0, requests: 0, activities: 0 }, alreadyStored: 5 });
      } finally {
        elsewhere.close();
        await BuiltInStore.deleteDatabase(name);
      }
    });

    it('recreates Morgan in another tenant when the CloudEvents export is posted to its /v1/cloudevents, once however often it is sent', async () => {
      const events = await ok<CloudEvent[]>(await call('admin', 'GET', `/v1/customers/${MORGAN}/export?format=cloudevents`));
      const batch = { 'Content-Type': 'application/cloudevents-batch+json' };
      // An ingest key may create customers and activities, not requests.
      const byKey = await ok<{ results: { outcome: string; issues?: { path: string }[] }[] }>(await call('otherIngest', 'POST', '/v1/cloudevents', events.slice(0, 2), batch));
      expect(byKey.results.map((result) => result.outcome)).to.deep.equal(['stored', 'refused']);
      expect(byKey.results[1]!.issues!.map((issue) => issue.path)).to.deep.equal(['type']);
      const first = await ok<{ results: { outcome: string; customerId?: string; requestId?: string }[] }>(await call('otherAdmin', 'POST', '/v1/cloudevents', events, batch));
      expect(first.results.map((result) => result.outcome)).to.deep.equal(['duplicate', 'stored', 'stored', 'stored', 'stored']);
      const again = await ok<{ results: { outcome: string }[] }>(await call('otherAdmin', 'POST', '/v1/cloudevents', events, batch));
      expect(again.results.map((result) => result.outcome)).to.deep.equal(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
      const original = await ok<JsonExport>(await call('admin', 'GET', `/v1/customers/${MORGAN}/export`));
      const copy = await ok<JsonExport>(await call('otherAdmin', 'GET', `/v1/customers/${MORGAN}/export`));
      expect(copy.customer.dataElements).to.deep.equal(original.customer.dataElements);
      expect(copy.requests.map((request) => [request.id, request.dataElements])).to.deep.equal(original.requests.map((request) => [request.id, request.dataElements]));
      // An ingested event's id names the event, not the activity: the activities are stored afresh, under ids of their own.
      const brief = (activities: Activity[]) =>
        activities.map(({ title, message, requestId, created, mediaType }) => ({ title, message, requestId, created, mediaType })).sort((a, b) => (a.title < b.title ? -1 : 1));
      expect(brief(copy.activities)).to.deep.equal(brief(original.activities));
    });

    it('erases and exports through the client of npm run erase and npm run export, with an admin’s token only', async () => {
      const admin = { url: fixture.server.url, authorization: fixture.headers.admin.Authorization! };
      const exported = await exportCustomerFrom(MORGAN, 'json', admin);
      expect(exported.customer.id).to.equal(MORGAN);
      expect(exported.activities).to.have.length(3);
      const events = await exportCustomerFrom(MORGAN, 'cloudevents', admin);
      expect(events[0]!.type).to.equal(CUSTOMER_EVENT_TYPE);
      let refusal: Error | undefined;
      await eraseCustomerAt(MORGAN, { url: fixture.server.url, authorization: fixture.headers.supervisor.Authorization! }).catch((error: Error) => (refusal = error));
      expect(refusal?.message).to.equal('The service refused (403): forbidden: Your role does not allow this operation (customers.erase)');
      const erased = await eraseCustomerAt(MORGAN, admin);
      expect(erasureText(erased).split('\n')[0]).to.equal(`Customer ${MORGAN} erased on ${erased.erasedAt} by ada (erasure ${erased.id}).`);
      const again = await eraseCustomerAt(MORGAN, admin);
      expect(again).to.deep.equal({ ...erased, alreadyErased: true });
      expect(erasureText(again)).to.match(/^Customer .* was erased before, on /);
    });
  });
}

exportSuite('PGlite', false);
const { postgres } = await serverEnv();
if (postgres) exportSuite('PostgreSQL (DATABASE_URL)', true);
