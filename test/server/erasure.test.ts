import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { BuiltInStore } from '../../src/backend/idb-store.js';
import { ACTIVITY_EVENT_TYPE, CUSTOMER_EVENT_TYPE, REQUEST_EVENT_TYPE, importRecordEvents, parseCloudEventBatch, recordsFromCloudEvents, type CloudEvent } from '../../src/cloudevents/index.js';
import { DEMO_FIELD_SETS, DEMO_RIDER_SET } from '../../src/demo/field-sets.js';
import { DEMO_IDS, seedDemoJourney } from '../../src/demo/journey.js';
import { BASE_FIELD_SETS, FieldSetRegistry, MASK, parseOrganisationFieldSets, type Activity, type Customer, type Request } from '../../src/model/index.js';
import { eraseCustomerAt, erasureText, exportCustomerFrom } from '../../server/erasure-client.js';
import { connect, serverEnv, startServer, stopServer, type TestServer } from './http-support.js';
import { AUDIENCE, ISSUER, T0, bearer, claimsFor, makeIssuer, signToken, type TestIssuer } from './auth-support.js';

const MORGAN = DEMO_IDS.morgan;
const JORDAN = DEMO_IDS.jordan;
const MORGAN_DOB = '1991-02-03';
/** What would give Morgan away, searched for in every row of every table (case-insensitively). */
const MORGAN_TRACES = [MORGAN, 'Morgan', '+16505550199', '6505550199', '555-0199', '555 0199', 'morgan.ellis@example.org', MORGAN_DOB];
const STRUCTURED = 'application/cloudevents+json';

type Who = 'agent' | 'supervisor' | 'admin' | 'ingest' | 'otherAdmin' | 'otherIngest';

interface ErasureAnswer {
  id: string;
  customerId: string;
  customerDigest: string;
  erasedBy: string;
  erasedAt: string;
  alreadyErased: boolean;
  removed: Record<string, number>;
}

interface JsonExport {
  format: string;
  customer: Customer;
  requests: Request[];
  activities: Activity[];
  unmatchedEvents: { received: string; event: Record<string, unknown> }[];
}

function erasureSuite(name: string, postgres: boolean): void {
  describe(`erasure and export of one customer (${name})`, function () {
    let issuer: TestIssuer;
    let server: TestServer;
    const headers = {} as Record<Who, Record<string, string>>;

    async function call(who: Who, method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Response> {
      return fetch(`${server.url}${path}`, {
        method,
        headers: { ...headers[who], ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...extra },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
    }

    async function ok<T>(response: Response, status = 200): Promise<T> {
      const text = await response.text();
      expect(response.status, text.slice(0, 400)).to.equal(status);
      return (text ? JSON.parse(text) : undefined) as T;
    }

    const ingest = (event: Record<string, unknown>) => call('admin', 'POST', '/v1/cloudevents', event, { 'Content-Type': STRUCTURED });

    const smsEvent = (id: string, extra: Record<string, unknown>) => ({
      specversion: '1.0',
      id,
      source: 'urn:cumulus:sms',
      type: ACTIVITY_EVENT_TYPE,
      time: '2026-11-20T10:00:00Z',
      datacontenttype: 'application/json',
      mediatype: 'sms',
      data: { title: 'Is my bike ready?', message: 'Text from a rider' },
      ...extra,
    });

    before(async () => {
      issuer = await makeIssuer('ES256', 'erasure-es');
    });

    beforeEach(async () => {
      server = await startServer({
        clockAt: T0,
        postgres,
        fieldSets: DEMO_FIELD_SETS,
        auth: { jwt: { issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [issuer.jwk] }, claims: { tenant: 'tid', roles: 'realm_access.roles' } } },
      });
      headers.agent = bearer(await signToken(issuer, claimsFor(['agent'], 'cumulus', 'Alex Agent'), { sub: 'alex' }));
      headers.supervisor = bearer(await signToken(issuer, claimsFor(['supervisor', 'agent'], 'cumulus', 'Sam Supervisor'), { sub: 'sam' }));
      headers.admin = bearer(await signToken(issuer, claimsFor(['admin'], 'cumulus', 'Ada Admin'), { sub: 'ada' }));
      headers.ingest = bearer(await signToken(issuer, claimsFor(['ingest'], 'cumulus', 'IVR'), { sub: 'ivr-a' }));
      headers.otherAdmin = bearer(await signToken(issuer, claimsFor(['admin'], 'tenant-b', 'Bo Admin'), { sub: 'bo' }));
      headers.otherIngest = bearer(await signToken(issuer, claimsFor(['ingest'], 'tenant-b', 'IVR'), { sub: 'ivr' }));

      // Texts that came in before Morgan was known: kept unmatched, naming Morgan's phone (as typed) and email.
      await ok(await ingest(smsEvent('sms-phone', { customerphone: '(650) 555-0199' })), 202);
      await ok(await ingest(smsEvent('sms-email', { customeremail: 'MORGAN.ELLIS@example.org' })), 202);
      await ok(await ingest(smsEvent('sms-stranger', { customerphone: '+1 408 555 0100' })), 202);

      // The demo, written through the HTTP adapter: every write carries an Idempotency-Key, so stored answers hold Morgan's record.
      const backend = await connect(server, {}, { token: () => headers.admin.Authorization!.slice('Bearer '.length) });
      try {
        await seedDemoJourney(backend);
        const morgan = await backend.getCustomer(MORGAN);
        await backend.updateCustomer(MORGAN, { expectedVersion: morgan.version, fieldsets: [...morgan.fieldsets, DEMO_RIDER_SET], dataElements: { Date_Of_Birth: MORGAN_DOB } });
        const request = await backend.createRequest({ customerId: MORGAN, dataElements: { Context_Title: 'Morgan Ellis: brake recall' } });
        const call1 = await backend.createActivity({ customerId: MORGAN, requestId: request.id, mediaType: 'voice', title: 'Morgan called about the recall', message: 'Call me on 650 555 0199' });
        await backend.updateActivity(call1.id, { expectedVersion: call1.version, message: 'Called back: morgan.ellis@example.org' });
        await backend.createActivity({ customerId: MORGAN, mediaType: 'chat', title: 'Chat about a loan bike' });
      } finally {
        backend.close();
      }
      // An event that named Morgan once Morgan was known: it became an activity of theirs.
      await ok(await ingest(smsEvent('sms-known', { subject: MORGAN })), 201);
      await ok(await ingest(smsEvent('sms-jordan', { subject: JORDAN })), 201);
    });

    afterEach(async () => {
      await stopServer(server);
    });

    async function jordanAsAgent() {
      return {
        customer: await ok<Customer>(await call('agent', 'GET', `/v1/customers/${JORDAN}`)),
        requests: await ok<{ requests: Request[] }>(await call('agent', 'GET', `/v1/customers/${JORDAN}/requests`)),
        activities: await ok<{ activities: Activity[] }>(await call('agent', 'GET', `/v1/customers/${JORDAN}/activities?pageSize=100`)),
        changes: await ok<{ changes: { seq: number }[] }>(await call('agent', 'GET', `/v1/changes?customerId=${JORDAN}&limit=1000`)),
      };
    }

    it('erases Morgan Ellis: nothing of theirs is left in any table, one audit record says what went, and Jordan is untouched', async () => {
      const jordanBefore = await jordanAsAgent();
      const feedBefore = await ok<{ changes: { seq: number }[]; head: number }>(await call('admin', 'GET', '/v1/changes?limit=1000'));

      const erased = await ok<ErasureAnswer>(await call('admin', 'POST', `/v1/customers/${MORGAN}/erase`, {}), 201);
      expect(erased).to.include({ customerId: MORGAN, erasedBy: 'ada', alreadyErased: false });
      expect(erased.removed).to.deep.equal({ customers: 1, identities: erased.removed['identities'], requests: 1, activities: 3, ingestedEvents: 3, storedAnswers: erased.removed['storedAnswers'], changes: 4 });
      expect(erased.removed['identities']).to.be.greaterThan(2);
      expect(erased.removed['storedAnswers']).to.be.greaterThan(3);

      const { seesAll, tables } = (await executeServerCommand('cc-server', { action: 'table-rows', id: server.id })) as { seesAll: boolean; tables: Record<string, string[]> };
      // The scan reads past row-level security, and it reads the tables that held Morgan (a scan that sees nothing proves nothing).
      expect(seesAll).to.equal(true);
      expect(Object.keys(tables)).to.include.members(['customers', 'customer_keys', 'activities', 'requests', 'changes', 'idempotency', 'ingested_events', 'erasures']);
      expect(tables['customers']!.some((row) => row.includes(JORDAN))).to.equal(true);
      expect(tables['ingested_events']!.some((row) => row.includes('sms-stranger'))).to.equal(true);
      const leaks = Object.entries(tables).flatMap(([table, rows]) =>
        rows.filter((row) => MORGAN_TRACES.some((trace) => row.toLowerCase().includes(trace.toLowerCase()))).map((row) => `${table}: ${row.slice(0, 200)}`),
      );
      expect(leaks).to.deep.equal([]);
      expect(tables['erasures']).to.have.length(1);
      expect(tables['erasures']![0]).to.include(erased.id).and.to.include(erased.customerDigest);

      // Jordan: the same customer, requests, journey and change feed as before.
      expect(await jordanAsAgent()).to.deep.equal(jordanBefore);
      // The feed keeps its numbers (tombstones, not holes), and none of them names Morgan.
      const feedAfter = await ok<{ changes: { seq: number; customerId: string; activityId: string; kind: string; activity?: unknown }[]; head: number }>(
        await call('admin', 'GET', '/v1/changes?limit=1000'),
      );
      expect(feedAfter.changes.map((change) => change.seq)).to.deep.equal(feedBefore.changes.map((change) => change.seq));
      expect(feedAfter.head).to.equal(feedBefore.head);
      const tombstones = feedAfter.changes.filter((change) => change.customerId === erased.id);
      expect(tombstones).to.have.length(4);
      expect(tombstones.every((change) => change.kind === 'deleted' && change.activityId === erased.id && change.activity === undefined)).to.equal(true);

      // Morgan is gone from every route; the one audit record answers for them.
      await ok(await call('admin', 'GET', `/v1/customers/${MORGAN}`), 404);
      await ok(await call('admin', 'GET', `/v1/customers/${MORGAN}/export`), 404);
      expect((await ok<{ matches: unknown[] }>(await call('admin', 'GET', '/v1/customers?q=%2B16505550199'))).matches).to.deep.equal([]);
      const unmatched = await ok<{ events: { event: { id: string } }[] }>(await call('admin', 'GET', '/v1/cloudevents/unmatched'));
      expect(unmatched.events.map((entry) => entry.event.id)).to.deep.equal(['sms-stranger']);
      const listed = await ok<{ erasures: ErasureAnswer[] }>(await call('admin', 'GET', '/v1/erasures'));
      expect(listed.erasures).to.deep.equal([{ id: erased.id, customerDigest: erased.customerDigest, erasedBy: 'ada', erasedAt: erased.erasedAt, removed: erased.removed }]);
      expect((await ok<{ erasures: unknown[] }>(await call('admin', 'GET', `/v1/erasures?customerId=${MORGAN}`))).erasures).to.have.length(1);
      expect((await ok<{ erasures: unknown[] }>(await call('admin', 'GET', `/v1/erasures?customerId=${JORDAN}`))).erasures).to.have.length(0);
    });

    it('answers a repeated erasure with the record of the first, and an id never stored with not-found', async () => {
      const first = await ok<ErasureAnswer>(await call('admin', 'POST', `/v1/customers/${MORGAN}/erase`, {}), 201);
      const again = await ok<ErasureAnswer>(await call('admin', 'POST', `/v1/customers/${MORGAN}/erase`, {}), 200);
      expect(again).to.deep.equal({ ...first, alreadyErased: true });
      expect((await ok<{ erasures: unknown[] }>(await call('admin', 'GET', '/v1/erasures'))).erasures).to.have.length(1);
      // The record cannot be changed or removed by the server's own requests, even by a query gone astray.
      const tampered = (await executeServerCommand('cc-server', { action: 'tamper-erasures', id: server.id, tenant: 'cumulus' })) as { update: string; delete: string };
      expect(tampered.update).to.match(/permission denied/);
      expect(tampered.delete).to.match(/permission denied/);
      expect((await ok<{ erasures: ErasureAnswer[] }>(await call('admin', 'GET', '/v1/erasures'))).erasures[0]!.erasedBy).to.equal('ada');
      const problem = await ok<{ code: string }>(await call('admin', 'POST', '/v1/customers/nobody-here/erase', {}), 404);
      expect(problem.code).to.equal('not-found');
    });

    it('refuses a body with options, and a body that is not JSON', async () => {
      expect((await ok<{ code: string }>(await call('admin', 'POST', `/v1/customers/${MORGAN}/erase`, { cascade: false }), 422)).code).to.equal('invalid-input');
      await ok(await call('admin', 'POST', `/v1/customers/${MORGAN}/erase`, '{"cascade":', { 'Content-Type': 'application/json' }), 400);
      await ok(await call('admin', 'POST', `/v1/customers/${MORGAN}/erase`, 'erase', { 'Content-Type': 'text/plain' }), 415);
      await ok(await call('admin', 'GET', `/v1/customers/${MORGAN}/export?format=csv`), 400);
      await ok(await call('admin', 'GET', '/v1/erasures?limit=0'), 400);
      // Nothing was erased by any of them.
      await ok(await call('admin', 'GET', `/v1/customers/${MORGAN}`), 200);
    });

    it('lets only an admin erase, export or list erasures', async () => {
      for (const who of ['agent', 'supervisor', 'ingest'] as const) {
        for (const [method, path] of [
          ['POST', `/v1/customers/${MORGAN}/erase`],
          ['GET', `/v1/customers/${MORGAN}/export`],
          ['GET', `/v1/customers/${MORGAN}/export?format=cloudevents`],
          ['GET', '/v1/erasures'],
        ] as const) {
          const problem = await ok<{ code: string }>(await call(who, method, path, method === 'POST' ? {} : undefined), 403);
          expect(problem.code, `${who} ${method} ${path}`).to.equal('forbidden');
        }
      }
      await ok(await call('agent', 'GET', `/v1/customers/${MORGAN}`), 200);
      expect(await fetch(`${server.url}/v1/customers/${MORGAN}/erase`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }).then((response) => response.status)).to.equal(401);
    });

    it('erases in the partition it is asked in: a lab copy of Morgan outlives the production erasure, and goes with its own', async () => {
      const LAB = { 'Context-Lab-Mode': 'true' };
      await ok(await call('admin', 'POST', '/v1/customers', { id: MORGAN, dataElements: { Context_First_Name: 'Morgan', Context_Mobile_Phone: '+16505550199' } }, LAB), 201);
      await ok(await call('admin', 'POST', `/v1/customers/${MORGAN}/erase`, {}), 201);
      expect((await ok<Customer>(await call('admin', 'GET', `/v1/customers/${MORGAN}`, undefined, LAB))).dataElements['Context_First_Name']).to.equal('Morgan');
      expect((await ok<{ erasures: unknown[] }>(await call('admin', 'GET', '/v1/erasures', undefined, LAB))).erasures).to.deep.equal([]);
      const lab = await ok<ErasureAnswer>(await call('admin', 'POST', `/v1/customers/${MORGAN}/erase`, {}, LAB), 201);
      expect(lab.removed).to.deep.include({ customers: 1, activities: 0, requests: 0 });
      await ok(await call('admin', 'GET', `/v1/customers/${MORGAN}`, undefined, LAB), 404);
      expect((await ok<{ erasures: unknown[] }>(await call('admin', 'GET', '/v1/erasures'))).erasures).to.have.length(1);
    });

    it('keeps tenants apart: another tenant’s admin can neither erase nor export Morgan, nor see the erasure', async () => {
      await ok(await call('otherAdmin', 'POST', `/v1/customers/${MORGAN}/erase`, {}), 404);
      await ok(await call('otherAdmin', 'GET', `/v1/customers/${MORGAN}/export`), 404);
      await ok(await call('otherAdmin', 'GET', `/v1/customers/${MORGAN}/export?format=cloudevents`), 404);
      await ok(await call('admin', 'GET', `/v1/customers/${MORGAN}`), 200);
      await ok(await call('admin', 'POST', `/v1/customers/${MORGAN}/erase`, {}), 201);
      expect((await ok<{ erasures: unknown[] }>(await call('otherAdmin', 'GET', '/v1/erasures'))).erasures).to.deep.equal([]);
      // Tenant B's own customer of the same id is B's to erase; A's erasure record does not answer for it.
      await ok(await call('otherAdmin', 'POST', '/v1/customers', { id: MORGAN, dataElements: { Context_First_Name: 'Other' } }), 201);
      const theirs = await ok<ErasureAnswer>(await call('otherAdmin', 'POST', `/v1/customers/${MORGAN}/erase`, {}), 201);
      expect(theirs.erasedBy).to.equal('bo');
    });

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
      const admin = { url: server.url, authorization: headers.admin.Authorization! };
      const exported = await exportCustomerFrom(MORGAN, 'json', admin);
      expect(exported.customer.id).to.equal(MORGAN);
      expect(exported.activities).to.have.length(3);
      const events = await exportCustomerFrom(MORGAN, 'cloudevents', admin);
      expect(events[0]!.type).to.equal(CUSTOMER_EVENT_TYPE);
      let refusal: Error | undefined;
      await eraseCustomerAt(MORGAN, { url: server.url, authorization: headers.supervisor.Authorization! }).catch((error: Error) => (refusal = error));
      expect(refusal?.message).to.equal('The service refused (403): forbidden: Your role does not allow this operation (customers.erase)');
      const erased = await eraseCustomerAt(MORGAN, admin);
      expect(erasureText(erased).split('\n')[0]).to.equal(`Customer ${MORGAN} erased on ${erased.erasedAt} by ada (erasure ${erased.id}).`);
      const again = await eraseCustomerAt(MORGAN, admin);
      expect(again).to.deep.equal({ ...erased, alreadyErased: true });
      expect(erasureText(again)).to.match(/^Customer .* was erased before, on /);
    });
  });
}

erasureSuite('PGlite', false);
const { postgres } = await serverEnv();
if (postgres) erasureSuite('PostgreSQL (DATABASE_URL)', true);
