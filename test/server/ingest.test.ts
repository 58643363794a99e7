import { expect } from '@open-wc/testing';
import { ACTIVITY_EVENT_TYPE, parseCloudEvent } from '../../src/cloudevents/index.js';
import { InvalidInputError } from '../../src/model/index.js';
import { rawRequest, serverEnv, startServer, stopServer, type TestServer } from './http-support.js';
import { AUDIENCE, ISSUER, bearer, claimsFor, makeIssuer, signToken, T0, type TestIssuer } from './auth-support.js';

const A = 'tenant-a';
const B = 'tenant-b';
const STRUCTURED = 'application/cloudevents+json';
const BATCH = 'application/cloudevents-batch+json';

interface Result {
  outcome: 'stored' | 'duplicate' | 'unmatched' | 'refused';
  source?: string;
  id?: string;
  activityId?: string;
  customerId?: string;
  issues?: { path: string; message: string }[];
}

type Call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Response>;

/** Requests in one tenant (the test server takes the tenant from a header). Bodies go as JSON text. */
function as(server: TestServer, tenant: string): Call {
  return (method, path, body, headers = {}) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { 'Context-Test-Tenant': tenant, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
}

async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text.slice(0, 400)).to.equal(status);
  return JSON.parse(text) as T;
}

function activityEvent(id: string, subject: string | undefined, title: string, extra: Record<string, unknown> = {}) {
  return {
    specversion: '1.0',
    id,
    source: 'https://ivr.cumulus.example/calls',
    type: ACTIVITY_EVENT_TYPE,
    time: '2026-11-20T10:00:00Z',
    datacontenttype: 'application/json',
    mediatype: 'voice',
    ...(subject === undefined ? {} : { subject }),
    data: { title, direction: 'inbound' },
    ...extra,
  };
}

interface CorpusCase {
  readonly id: string;
  readonly testType?: string;
  readonly event?: unknown;
  readonly batch?: unknown;
  readonly sampleExtensionAttributes?: boolean;
  readonly extensionConstraints?: boolean;
}

async function corpus(name: string): Promise<{ testType: string; tests: CorpusCase[] }> {
  const response = await fetch(`/test/fixtures/cloudevents/${name}.json`);
  return JSON.parse((await response.text()).replace(/^\uFEFF/, '')) as { testType: string; tests: CorpusCase[] };
}

/** The paths the library gives when it refuses `input` as one event, or undefined when it takes it. */
function libraryIssues(input: unknown): string[] | undefined {
  try {
    parseCloudEvent(input);
    return undefined;
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    return error.issues.map((issue) => issue.path);
  }
}

function ingestSuite(name: string, postgres: boolean): void {
  describe(`CloudEvents in over HTTP (${name})`, function () {
    let server: TestServer;
    let jordan: string;

    beforeEach(async () => {
      server = await startServer({ tenantHeader: true, postgres });
      const created = await json<{ id: string }>(
        await as(server, A)('POST', '/v1/customers', {
          dataElements: { Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis', Context_Mobile_Phone: '+14085550142', Context_Home_Email: 'jordan@example.com' },
        }),
        201,
      );
      jordan = created.id;
    });

    afterEach(async () => {
      await stopServer(server);
    });

    const journeyTitles = async (tenant: string, customerId: string) =>
      (await json<{ activities: { title: string; mediaType: string }[] }>(await as(server, tenant)('GET', `/v1/customers/${customerId}/activities`), 200)).activities;

    it('stores a structured activity event in its customer’s journey once, however often it is sent', async () => {
      const event = activityEvent('call-1', jordan, 'Called about the P0562 fault');
      const first = await json<Result>(await as(server, A)('POST', '/v1/cloudevents', event, { 'Content-Type': STRUCTURED }), 201);
      expect(first).to.include({ outcome: 'stored', source: event.source, id: 'call-1', customerId: jordan });
      const again = await json<Result>(await as(server, A)('POST', '/v1/cloudevents', event, { 'Content-Type': STRUCTURED }), 200);
      expect(again).to.deep.equal({ outcome: 'duplicate', source: event.source, id: 'call-1', activityId: first.activityId });
      // The same id from another source is another event.
      const elsewhere = await json<Result>(await as(server, A)('POST', '/v1/cloudevents', { ...event, source: '/chat' }, { 'Content-Type': STRUCTURED }), 201);
      expect(elsewhere.activityId).not.to.equal(first.activityId);
      const journey = await journeyTitles(A, jordan);
      expect(journey.filter((activity) => activity.title === 'Called about the P0562 fault')).to.have.length(2);
      expect(journey[0]!.mediaType).to.equal('voice');
    });

    it('finds the customer by a phone in any format or an email, and makes any other event type an event activity', async () => {
      const fault = {
        specversion: '1.0',
        id: 'obd-77',
        source: 'urn:cumulus:bikes',
        type: 'com.cumulus.bike.fault',
        customerphone: '(408) 555-0142',
        datacontenttype: 'application/json',
        data: { code: 'P0562', voltage: 11.2 },
      };
      const stored = await json<Result>(await as(server, A)('POST', '/v1/cloudevents', fault, { 'Content-Type': STRUCTURED }), 201);
      expect(stored.customerId).to.equal(jordan);
      const byEmail = { ...fault, id: 'obd-78', customerphone: undefined, customeremail: 'JORDAN@example.com' };
      expect((await json<Result>(await as(server, A)('POST', '/v1/cloudevents', byEmail, { 'Content-Type': STRUCTURED }), 201)).customerId).to.equal(jordan);
      const activity = await json<{ title: string; mediaType: string; message: string; source: string }>(await as(server, A)('GET', `/v1/activities/${stored.activityId}`), 200);
      expect(activity).to.include({ title: 'com.cumulus.bike.fault', mediaType: 'event', source: 'urn:cumulus:bikes' });
      expect(JSON.parse(activity.message)).to.deep.equal({ code: 'P0562', voltage: 11.2 });
    });

    it('keeps an event that names no customer found here, lists it without its data, and stores it once', async () => {
      const stranger = activityEvent('sms-9', undefined, 'Is my bike ready?', { customerphone: '+1 650 555 0199', data: { title: 'Is my bike ready?', message: 'Secret words' } });
      expect(await json<Result>(await as(server, A)('POST', '/v1/cloudevents', stranger, { 'Content-Type': STRUCTURED }), 202)).to.deep.equal({
        outcome: 'unmatched',
        source: stranger.source,
        id: 'sms-9',
      });
      const unknownId = activityEvent('sms-10', 'no-such-customer', 'Hello');
      await json<Result>(await as(server, A)('POST', '/v1/cloudevents', unknownId, { 'Content-Type': STRUCTURED }), 202);
      expect((await json<Result>(await as(server, A)('POST', '/v1/cloudevents', stranger, { 'Content-Type': STRUCTURED }), 200)).outcome).to.equal('duplicate');
      const listed = await json<{ events: { received: string; event: Record<string, unknown> }[] }>(await as(server, A)('GET', '/v1/cloudevents/unmatched'), 200);
      expect(listed.events.map((entry) => entry.event['id'])).to.deep.equal(['sms-9', 'sms-10']);
      expect(listed.events[0]!.event).to.deep.equal({
        source: stranger.source,
        id: 'sms-9',
        type: ACTIVITY_EVENT_TYPE,
        time: '2026-11-20T10:00:00Z',
        customerphone: '+1 650 555 0199',
        mediatype: 'voice',
      });
      expect(JSON.stringify(listed)).not.to.contain('Secret words');
      // An agent who knows whose it is attaches it: it becomes their activity and leaves the list.
      const attach = (body: unknown) => as(server, A)('POST', '/v1/cloudevents/unmatched/attach', body);
      expect((await attach({ source: stranger.source, id: 'sms-9', customerId: 'no-such-customer' })).status).to.equal(404);
      const attached = await json<Result>(await attach({ source: stranger.source, id: 'sms-9', customerId: jordan }), 201);
      expect(attached).to.include({ outcome: 'stored', customerId: jordan });
      const activity = await json<{ title: string; message: string; mediaType: string }>(await as(server, A)('GET', `/v1/activities/${attached.activityId}`), 200);
      expect(activity).to.include({ title: 'Is my bike ready?', message: 'Secret words', mediaType: 'voice' });
      expect((await attach({ source: stranger.source, id: 'sms-9', customerId: jordan })).status, 'attached already').to.equal(404);
      const left = await json<{ events: { event: Record<string, unknown> }[] }>(await as(server, A)('GET', '/v1/cloudevents/unmatched'), 200);
      expect(left.events.map((entry) => entry.event['id'])).to.deep.equal(['sms-10']);
      expect((await json<Result>(await as(server, A)('POST', '/v1/cloudevents', stranger, { 'Content-Type': STRUCTURED }), 200)).activityId).to.equal(attached.activityId);
      // Another tenant sees none of it, and the same source and id is a new event there.
      expect((await json<{ events: unknown[] }>(await as(server, B)('GET', '/v1/cloudevents/unmatched'), 200)).events).to.deep.equal([]);
      expect((await json<Result>(await as(server, B)('POST', '/v1/cloudevents', stranger, { 'Content-Type': STRUCTURED }), 202)).outcome).to.equal('unmatched');
      expect((await json<Result>(await as(server, B)('POST', '/v1/cloudevents', activityEvent('call-1', jordan, 'x'), { 'Content-Type': STRUCTURED }), 202)).outcome).to.equal(
        'unmatched',
      );
    });

    it('answers each event of a batch on its own, in order, refused ones naming the attribute at fault', async () => {
      const batch = [
        activityEvent('b-1', jordan, 'First'),
        { ...activityEvent('b-2', jordan, 'Second'), time: 'yesterday' },
        activityEvent('b-1', jordan, 'First again'),
        { ...activityEvent('b-3', jordan, 'Third'), data: { direction: 'inbound' } },
        activityEvent('b-4', 'nobody', 'Fourth'),
        'not an event',
      ];
      const { results } = await json<{ results: Result[] }>(await as(server, A)('POST', '/v1/cloudevents', batch, { 'Content-Type': BATCH }), 200);
      expect(results.map((result) => result.outcome)).to.deep.equal(['stored', 'refused', 'duplicate', 'refused', 'unmatched', 'refused']);
      expect(results[1]!.issues!.map((issue) => issue.path)).to.deep.equal(['time']);
      expect(results[1]!.id).to.equal('b-2');
      expect(results[3]!.issues!.map((issue) => issue.path)).to.deep.equal(['data.title']);
      expect(results[2]!.activityId).to.equal(results[0]!.activityId);
      const titles = (await journeyTitles(A, jordan)).map((activity) => activity.title);
      expect(titles).to.include('First');
      expect(titles).not.to.include.members(['Second', 'First again', 'Third']);
      // A batch that is no array is refused whole.
      await json(await as(server, A)('POST', '/v1/cloudevents', activityEvent('b-9', jordan, 'x'), { 'Content-Type': BATCH }), 422);
    });

    it('takes binary mode from a system (not a browser): attributes from ce-* headers, their % escapes decoded, the data from the body', async () => {
      const send = (headers: Record<string, string>, body: unknown) =>
        rawRequest(server, '/v1/cloudevents', {
          method: 'POST',
          headers: { 'Context-Test-Tenant': A, 'Content-Type': 'application/json', ...headers },
          body: JSON.stringify(body),
        });
      const answer = await send(
        {
          'ce-specversion': '1.0',
          'ce-id': 'chat-5',
          'ce-source': '/chat',
          'ce-type': ACTIVITY_EVENT_TYPE,
          'ce-mediatype': 'chat',
          'ce-time': '2026-11-21T09:30:00Z',
          'ce-customeremail': 'jordan%40example.com',
        },
        { title: 'Chat about the loaner' },
      );
      expect(answer.status, answer.body).to.equal(201);
      const stored = JSON.parse(answer.body) as Result;
      expect(stored).to.include({ outcome: 'stored', id: 'chat-5', source: '/chat', customerId: jordan });
      const activity = await json<{ title: string; mediaType: string; created: string }>(await as(server, A)('GET', `/v1/activities/${stored.activityId}`), 200);
      expect(activity).to.include({ title: 'Chat about the loaner', mediaType: 'chat', created: '2026-11-21T09:30:00.000Z' });
      // Without ce-specversion it is no CloudEvent; with another version, the version is named.
      const headers = { 'ce-id': 'chat-6', 'ce-source': '/chat', 'ce-type': ACTIVITY_EVENT_TYPE };
      expect((await send(headers, { title: 'x' })).status).to.equal(415);
      const refused = await send({ ...headers, 'ce-specversion': '0.3' }, { title: 'x' });
      expect(refused.status).to.equal(422);
      expect((JSON.parse(refused.body) as { issues: { path: string }[] }).issues.map((issue) => issue.path)).to.deep.equal(['specversion']);
      const garbled = await send({ ...headers, 'ce-specversion': '1.0', 'ce-subject': '%E0%A4%A' }, { title: 'x' });
      expect(garbled.status).to.equal(422);
      expect(garbled.body).to.contain('ce-subject');
    });

    it('refuses what is not a CloudEvent: other media types, bodies that are not JSON', async () => {
      const event = JSON.stringify(activityEvent('x-1', jordan, 'x'));
      for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
        expect((await as(server, A)('POST', '/v1/cloudevents', event, { 'Content-Type': type })).status, type).to.equal(415);
      }
      expect((await as(server, A)('POST', '/v1/cloudevents', event, { 'Content-Type': 'application/json' })).status, 'plain JSON').to.equal(415);
      // Unreadable, as on every route: 400.
      expect((await as(server, A)('POST', '/v1/cloudevents', '{"specversion": ', { 'Content-Type': STRUCTURED })).status).to.equal(400);
      const outOfRange = { specversion: '1.0', id: 'x-2', source: '/s', type: 'com.example.ping', subject: jordan, time: '0000-01-01T00:30:00+01:00' };
      const refused = await json<{ issues: { path: string }[] }>(await as(server, A)('POST', '/v1/cloudevents', outOfRange, { 'Content-Type': STRUCTURED }), 422);
      expect(refused.issues.map((issue) => issue.path)).to.deep.equal(['time']);
      expect((await journeyTitles(A, jordan)).length).to.equal(0);
    });

    it('checks every event of the conformance corpus exactly as the library does', async () => {
      let accepted = 0;
      let refused = 0;
      let skipped = 0;
      for (const name of ['valid-events', 'invalid-events', 'valid-batches', 'invalid-batches']) {
        const file = await corpus(name);
        for (const test of file.tests) {
          // Typed and constrained extension attributes are definitions a reader is given; the service has none.
          if (test.sampleExtensionAttributes || test.extensionConstraints) {
            skipped += 1;
            continue;
          }
          const batch = (test.testType ?? file.testType).endsWith('Batch');
          const body = JSON.stringify(batch ? test.batch : test.event);
          const response = await as(server, A)('POST', '/v1/cloudevents', body, { 'Content-Type': batch ? BATCH : STRUCTURED });
          const answer = (await response.json()) as { results?: Result[]; issues?: { path: string }[]; outcome?: string };
          const inputs = batch ? (Array.isArray(test.batch) ? (test.batch as unknown[]) : undefined) : [test.event];
          if (inputs === undefined) {
            expect(response.status, `${name} ${test.id}`).to.equal(422);
            refused += 1;
            continue;
          }
          const results = batch ? answer.results! : [response.status === 422 ? { outcome: 'refused', issues: answer.issues } : answer];
          expect(results, `${name} ${test.id}`).to.have.length(inputs.length);
          inputs.forEach((input, index) => {
            const expected = libraryIssues(input);
            const result = results[index] as Result;
            if (expected === undefined) {
              expect(result.outcome, `${name} ${test.id} #${index}`).to.be.oneOf(['stored', 'unmatched', 'duplicate']);
              accepted += 1;
            } else {
              expect(result.outcome, `${name} ${test.id} #${index}`).to.equal('refused');
              expect(result.issues!.map((issue) => issue.path), `${name} ${test.id} #${index}`).to.deep.equal(expected);
              refused += 1;
            }
          });
          if (name.startsWith('valid')) expect(results.every((result) => result.outcome !== 'refused'), `${name} ${test.id}`).to.equal(true);
        }
      }
      console.log(`CloudEvents corpus over HTTP (${name}): ${accepted} events accepted, ${refused} refused as the library refuses them, ${skipped} cases need extension definitions`);
      expect(accepted).to.be.greaterThan(5);
      expect(refused).to.be.greaterThan(5);
    });
  });
}

describe('CloudEvents in: who may send them', function () {
  let issuer: TestIssuer;
  let server: TestServer;

  before(async () => {
    issuer = await makeIssuer('ES256', 'ingest-es');
    server = await startServer({
      clockAt: T0,
      auth: { jwt: { issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [issuer.jwk] }, claims: { tenant: 'tid', roles: 'realm_access.roles' } } },
    });
  });

  after(async () => {
    await stopServer(server);
  });

  const post = (headers: Record<string, string>) =>
    fetch(`${server.url}/v1/cloudevents`, { method: 'POST', headers: { 'Content-Type': STRUCTURED, ...headers }, body: JSON.stringify(activityEvent('w-1', undefined, 'x')) });

  it('takes events from the ingest role (and admins) only', async () => {
    expect((await post({})).status, 'no credentials').to.equal(401);
    for (const role of ['agent', 'supervisor']) {
      expect((await post(bearer(await signToken(issuer, claimsFor([role]))))).status, role).to.equal(403);
    }
    expect((await post(bearer(await signToken(issuer, claimsFor(['ingest']))))).status, 'ingest').to.equal(202);
    const unmatched = await fetch(`${server.url}/v1/cloudevents/unmatched`, { headers: bearer(await signToken(issuer, claimsFor(['ingest']))) });
    expect(unmatched.status, 'the ingest role reads no list').to.equal(403);
    const asAgent = await fetch(`${server.url}/v1/cloudevents/unmatched`, { headers: bearer(await signToken(issuer, claimsFor(['agent']))) });
    expect(asAgent.status, 'an agent reads the list').to.equal(200);
  });
});

ingestSuite('PGlite', false);
const { postgres } = await serverEnv();
if (postgres) ingestSuite('PostgreSQL (DATABASE_URL)', true);
