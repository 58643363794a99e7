import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { readEvents, type ServerSentEvent } from '../../src/backend/http-events.js';
import { rawRequest, serverEnv, startServer, stopServer, type TestServer } from './http-support.js';

/**
 * Two tenants on one server: tenant B probes everything tenant A has, through every read, search,
 * feed, stream and write the API offers, with A's ids, keys and cursors. The test servers take
 * the tenant of each request from a test-only header (`tenantHeader`).
 */

const A = 'tenant-a';
const B = 'tenant-b';

type Call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Response>;

function as(server: TestServer, tenant: string, lab = false): Call {
  return (method, path, body, headers = {}) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: {
        'Context-Test-Tenant': tenant,
        ...(lab ? { 'Context-Lab-Mode': 'true' } : {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}

async function created<T = { id: string; version: number }>(response: Promise<Response>): Promise<T> {
  const answer = await response;
  expect(answer.status, `${answer.url}: ${answer.status}`).to.equal(201);
  return (await answer.json()) as T;
}

/** Events of a stream until one of `event` arrives (inclusive). */
async function eventsUntil(events: AsyncGenerator<ServerSentEvent>, event: string): Promise<ServerSentEvent[]> {
  const seen: ServerSentEvent[] = [];
  for (;;) {
    const next = await events.next();
    if (next.done) throw new Error(`The stream ended before a ${event} event`);
    seen.push(next.value);
    if (next.value.event === event) return seen;
  }
}

/** Tenant A's words and ids that must never reach tenant B (ids B shares with A by design are not among them). */
class Secrets {
  readonly words = ['Zebulon', 'Quixote', 'zebulon@a.example', '4155550123', 'A-EXT-77', 'Xylophone', 'Marmalade', 'Aardvark'];
  readonly ids: string[] = [];

  /** The secrets in `text` that the probe did not send itself (a 404 names the id it was asked for). */
  found(text: string, sent: readonly string[]): string[] {
    return [...this.words, ...this.ids].filter((secret) => !sent.includes(secret) && text.includes(secret));
  }
}

class Probes {
  count = 0;
  readonly leaks: string[] = [];
  readonly surprises: string[] = [];

  constructor(private readonly secrets: Secrets) {}

  /** One probe: its answer must hold none of A's secrets, and have the expected status. */
  async check(name: string, response: Response | Promise<Response>, expected: number, sent: readonly string[] = []): Promise<string> {
    const answer = await response;
    const text = await answer.text();
    this.count += 1;
    const found = this.secrets.found(text, sent);
    if (found.length) this.leaks.push(`${name}: ${found.join(', ')}`);
    if (answer.status !== expected) this.surprises.push(`${name}: ${answer.status} (expected ${expected}) ${text.slice(0, 200)}`);
    return text;
  }

  /** A probe made of stream events. */
  checkEvents(name: string, events: readonly ServerSentEvent[]): void {
    this.count += 1;
    const found = this.secrets.found(JSON.stringify(events), []);
    if (found.length) this.leaks.push(`${name}: ${found.join(', ')}`);
  }
}

function tenantSuite(name: string, postgres: boolean): void {
  describe(`tenants (${name})`, function () {
    let server: TestServer;

    beforeEach(async () => {
      server = await startServer({ tenantHeader: true, postgres });
    });

    afterEach(async () => {
      await stopServer(server);
    });

    it('a query that forgets its tenant sees only the rows of the tenant its transaction names', async () => {
      const a = as(server, A);
      const b = as(server, B);
      for (const [call, count] of [
        [a, 3],
        [b, 1],
      ] as const) {
        for (let index = 0; index < count; index += 1) {
          // An email and nothing else: one lookup key each.
          const customer = await created(call('POST', '/v1/customers', { dataElements: { Context_Home_Email: `person${index}@example.com` } }));
          await created(call('POST', '/v1/activities', { customerId: customer.id, title: 'Call' }));
        }
      }
      await created(a('POST', '/v1/customers', { dataElements: { Context_Home_Email: 'keyed@example.com' } }, { 'Idempotency-Key': 'k-1' }));
      expect((await a('PUT', '/v1/field-sets', { expectedVersion: 0, fieldSets: [] })).status).to.equal(200);
      // Two CloudEvents taken in for A (no customer named: kept unmatched), one for B.
      for (const [call, ids] of [
        [a, ['e-1', 'e-2']],
        [b, ['e-1']],
      ] as const) {
        for (const id of ids) {
          const event = { specversion: '1.0', id, source: '/ivr', type: 'com.example.call' };
          expect((await call('POST', '/v1/cloudevents', event, { 'Content-Type': 'application/cloudevents+json' })).status).to.equal(202);
        }
      }
      const seen = (await executeServerCommand('cc-server', { action: 'unfiltered', id: server.id, tenant: B, otherTenant: A })) as {
        counts: Record<string, number>;
        role: { role: string; confined: boolean };
        refusal?: string;
        planted: number;
      };
      // Every table, queried without a WHERE: B's own rows only.
      expect(seen.counts).to.deep.equal({ customers: 1, keys: 1, requests: 0, activities: 1, changes: 1, idempotency: 0, fieldSets: 0, ingested: 1 });
      expect(seen.role).to.deep.equal({ role: `${server.schema}_app`, confined: true });
      expect(seen.refusal).to.contain('row-level security');
      expect(seen.planted).to.equal(0);
      const asA = (await executeServerCommand('cc-server', { action: 'unfiltered', id: server.id, tenant: A, otherTenant: B })) as typeof seen;
      expect(asA.counts).to.deep.equal({ customers: 4, keys: 4, requests: 0, activities: 3, changes: 3, idempotency: 1, fieldSets: 1, ingested: 2 });
    });

    it('gives tenant B nothing of tenant A: reads, searches, journeys, feeds, streams, crafted ids, idempotency keys, cursors', async () => {
      const secrets = new Secrets();
      const probes = new Probes(secrets);
      const a = as(server, A);
      const aLab = as(server, A, true);
      const b = as(server, B);
      const bLab = as(server, B, true);

      // ---- tenant A's data, in both partitions
      const alice = await created(
        a('POST', '/v1/customers', {
          dataElements: {
            Context_First_Name: 'Zebulon',
            Context_Last_Name: 'Quixote',
            Context_Home_Email: 'zebulon@a.example',
            Context_Mobile_Phone: '+1 415 555 0123',
            Context_Customer_External_ID: 'A-EXT-77',
          },
        }),
      );
      const aShared = await created(a('POST', '/v1/customers', { id: 'shared-1', dataElements: { Context_City: 'Aardvark' } }));
      const aRequest = await created(a('POST', '/v1/requests', { customerId: alice.id, dataElements: { Context_Title: 'Marmalade case' } }));
      const aActivities = [
        await created(a('POST', '/v1/activities', { customerId: alice.id, requestId: aRequest.id, title: 'Xylophone chat', mediaType: 'chat' })),
        await created(a('POST', '/v1/activities', { customerId: aShared.id, title: 'Xylophone one' })),
        await created(a('POST', '/v1/activities', { customerId: aShared.id, title: 'Xylophone two' })),
      ];
      const keyed = await created(a('POST', '/v1/customers', { dataElements: { Context_First_Name: 'Keyed' } }, { 'Idempotency-Key': 'same-key' }));
      const keyedToo = await created(a('POST', '/v1/customers', { dataElements: { Context_First_Name: 'Keyed' } }, { 'Idempotency-Key': 'other-key' }));
      const labCustomer = await created(aLab('POST', '/v1/customers', { dataElements: { Context_First_Name: 'Zebulon' } }));
      const labRequest = await created(aLab('POST', '/v1/requests', { customerId: labCustomer.id, dataElements: { Context_Title: 'Marmalade lab' } }));
      const labActivity = await created(aLab('POST', '/v1/activities', { customerId: labCustomer.id, title: 'Xylophone lab' }));
      const aFieldSets = [{ id: 'zebulon.rider', appliesTo: 'customer', label: { en: 'Xylophone' }, fields: [{ id: 'Marmalade_Id', type: 'string', label: { en: 'Aardvark' } }] }];
      expect((await a('PUT', '/v1/field-sets', { expectedVersion: 0, fieldSets: aFieldSets })).status).to.equal(200);
      // B reuses the id of A's first activity for one of its own (ids are per tenant): that id is no secret.
      secrets.ids.push(alice.id, aRequest.id, ...aActivities.slice(1).map((activity) => activity.id), keyed.id, keyedToo.id, labCustomer.id, labRequest.id, labActivity.id);
      const aPage = (await (await a('GET', `/v1/customers/${aShared.id}/activities?pageSize=1`)).json()) as { nextCursor: string };
      expect(aPage.nextCursor).to.be.a('string');
      const production = [alice, aShared, keyed, keyedToo].map((customer) => `/v1/customers/${customer.id}`);
      production.push(`/v1/requests/${aRequest.id}`, ...aActivities.map((activity) => `/v1/activities/${activity.id}`));
      const lab = [`/v1/customers/${labCustomer.id}`, `/v1/requests/${labRequest.id}`, `/v1/activities/${labActivity.id}`];
      const read = async (call: Call, path: string) => {
        const answer = await call('GET', path);
        return { path, status: answer.status, body: (await answer.json()) as unknown };
      };
      const snapshot = async () => [...(await Promise.all(production.map((path) => read(a, path)))), ...(await Promise.all(lab.map((path) => read(aLab, path))))];
      const before = await snapshot();

      // ---- ids are per tenant: B may have a customer, and an activity, with the ids A uses
      await probes.check('B creates a customer with A\'s id', b('POST', '/v1/customers', { id: 'shared-1', dataElements: { Context_City: 'Bristol' } }), 201);
      const bCustomer = await created(b('POST', '/v1/customers', { dataElements: { Context_First_Name: 'Beatrix' } }));
      await probes.check(
        'B creates an activity with A\'s activity id',
        b('POST', '/v1/activities', { id: aActivities[0]!.id, customerId: bCustomer.id, title: 'Own' }),
        201,
        [aActivities[0]!.id],
      );
      await created(b('POST', '/v1/activities', { customerId: 'shared-1', title: 'B on shared one' }));
      await created(b('POST', '/v1/activities', { customerId: 'shared-1', title: 'B on shared two' }));

      // ---- reads of A's ids
      for (const id of [alice.id, keyed.id, keyedToo.id]) await probes.check(`GET customer ${id}`, b('GET', `/v1/customers/${id}`), 404, [id]);
      await probes.check('GET lab customer', bLab('GET', `/v1/customers/${labCustomer.id}`), 404, [labCustomer.id]);
      for (const activity of aActivities.slice(1)) await probes.check(`GET activity ${activity.id}`, b('GET', `/v1/activities/${activity.id}`), 404, [activity.id]);
      await probes.check('GET request', b('GET', `/v1/requests/${aRequest.id}`), 404, [aRequest.id]);
      await probes.check('GET lab request', bLab('GET', `/v1/requests/${labRequest.id}`), 404, [labRequest.id]);
      const shared = JSON.parse(await probes.check('GET the shared id', b('GET', '/v1/customers/shared-1'), 200)) as { dataElements: Record<string, string> };
      expect(shared.dataElements['Context_City']).to.equal('Bristol');

      // ---- search by name, prefix, phone, email, external id and id
      for (const q of ['Zebulon', 'Quixote', 'Zebulon Quixote', 'Zeb', 'quix', '+1 415 555 0123', '4155550123', 'zebulon@a.example', 'A-EXT-77', alice.id, keyed.id, 'Keyed']) {
        const text = await probes.check(`search ${q}`, b('GET', `/v1/customers?q=${encodeURIComponent(q)}`), 200, [q]);
        if ((JSON.parse(text) as { matches: unknown[] }).matches.length) probes.leaks.push(`search ${q}: matches`);
      }
      await probes.check('lab search', bLab('GET', '/v1/customers?q=Zebulon'), 200);

      // ---- journeys: activity pages (with filters and A's cursor) and requests
      for (const query of ['', '?text=Xylophone', '?mediaTypes=chat', '?pageSize=1', `?cursor=${encodeURIComponent(aPage.nextCursor)}`]) {
        const text = await probes.check(`journey of A's customer ${query}`, b('GET', `/v1/customers/${alice.id}/activities${query}`), 200, [alice.id]);
        if ((JSON.parse(text) as { activities: unknown[] }).activities.length) probes.leaks.push(`journey ${query}: activities`);
      }
      const sharedPage = await probes.check('A\'s cursor on the shared id', b('GET', `/v1/customers/shared-1/activities?pageSize=5&cursor=${encodeURIComponent(aPage.nextCursor)}`), 200);
      for (const activity of (JSON.parse(sharedPage) as { activities: { title: string }[] }).activities) expect(activity.title).to.match(/^B on shared/);
      const text = await probes.check('requests of A\'s customer', b('GET', `/v1/customers/${alice.id}/requests`), 200, [alice.id]);
      expect((JSON.parse(text) as { requests: unknown[] }).requests).to.deep.equal([]);
      await probes.check('lab journey', bLab('GET', `/v1/customers/${labCustomer.id}/activities`), 200, [labCustomer.id]);

      // ---- writes with A's ids
      await probes.check('PATCH customer', b('PATCH', `/v1/customers/${alice.id}`, { expectedVersion: 1, dataElements: { Context_City: 'Taken' } }), 404, [alice.id]);
      await probes.check('PATCH customer at a wrong version', b('PATCH', `/v1/customers/${alice.id}`, { expectedVersion: 7, tags: ['x'] }), 404, [alice.id]);
      await probes.check('PATCH activity', b('PATCH', `/v1/activities/${aActivities[1]!.id}`, { expectedVersion: 1, title: 'Taken' }), 404, [aActivities[1]!.id]);
      await probes.check('PATCH request', b('PATCH', `/v1/requests/${aRequest.id}`, { expectedVersion: 1, tags: ['x'] }), 404, [aRequest.id]);
      await probes.check('DELETE customer', bLab('DELETE', `/v1/customers/${labCustomer.id}`), 404, [labCustomer.id]);
      await probes.check('DELETE activity', bLab('DELETE', `/v1/activities/${labActivity.id}`), 404, [labActivity.id]);
      await probes.check('DELETE request', bLab('DELETE', `/v1/requests/${labRequest.id}`), 404, [labRequest.id]);
      await probes.check('POST activity on A\'s customer', b('POST', '/v1/activities', { customerId: alice.id, title: 'Planted' }), 422, [alice.id]);
      await probes.check('POST activity in A\'s request', b('POST', '/v1/activities', { customerId: bCustomer.id, requestId: aRequest.id, title: 'Planted' }), 422, [aRequest.id]);
      await probes.check('POST request on A\'s customer', b('POST', '/v1/requests', { customerId: alice.id, dataElements: { Context_Title: 'Planted' } }), 422, [alice.id]);
      await probes.check('PATCH own activity into A\'s customer', b('PATCH', `/v1/activities/${aActivities[0]!.id}`, { expectedVersion: 1, customerId: alice.id }), 422, [aActivities[0]!.id, alice.id]);

      // ---- idempotency keys are per tenant: A's key neither replays A's answer nor refuses B's request
      const sameBody = await b('POST', '/v1/customers', { dataElements: { Context_First_Name: 'Keyed' } }, { 'Idempotency-Key': 'same-key' });
      expect(sameBody.headers.get('Idempotent-Replayed')).to.equal(null);
      const first = await probes.check('A\'s key with A\'s body', sameBody, 201);
      await probes.check('A\'s key with another body', b('POST', '/v1/customers', { dataElements: { Context_First_Name: 'Other' } }, { 'Idempotency-Key': 'other-key' }), 201);
      const replay = await b('POST', '/v1/customers', { dataElements: { Context_First_Name: 'Keyed' } }, { 'Idempotency-Key': 'same-key' });
      expect(replay.headers.get('Idempotent-Replayed')).to.equal('true');
      expect(await probes.check('B\'s own replay', replay, 201)).to.equal(first);

      // ---- field sets: A's are neither shown to B nor used for B's writes, and A's version is not B's
      await probes.check('GET field sets', b('GET', '/v1/field-sets'), 200);
      await probes.check('PUT field sets at A\'s version', b('PUT', '/v1/field-sets', { expectedVersion: 1, fieldSets: [] }), 409);
      await probes.check(
        'customer in A\'s field set',
        b('POST', '/v1/customers', { fieldsets: ['cisco.base.customer', 'zebulon.rider'], dataElements: { Marmalade_Id: 'x' } }),
        422,
        ['zebulon.rider', 'Marmalade'],
      );
      await probes.check('lab field sets', bLab('GET', '/v1/field-sets'), 200);

      // ---- the change feed
      for (const query of ['?after=0&limit=1000', `?customerId=${alice.id}`, '?customerId=shared-1', '?after=0&limit=1']) {
        await probes.check(`changes ${query}`, b('GET', `/v1/changes${query}`), 200, [alice.id]);
      }
      await probes.check('lab changes', bLab('GET', '/v1/changes?after=0'), 200);
      const feed = (await (await b('GET', '/v1/changes?after=0')).json()) as { changes: { customerId: string }[] };
      expect(feed.changes.length).to.equal(3);

      // ---- event streams: replay from the start, then live
      const streams = await Promise.all(
        ['', '?customerId=shared-1', `?customerId=${alice.id}`].map(async (query) => {
          const response = await b('GET', `/v1/events${query}`, undefined, { 'Last-Event-ID': '0' });
          const events = readEvents(response.body!);
          return { query, events, replay: await eventsUntil(events, 'ready') };
        }),
      );
      for (const stream of streams) probes.checkEvents(`replay ${stream.query}`, stream.replay);
      expect(streams[0]!.replay.filter((event) => event.event === 'change').length).to.equal(3);
      const labStream = await bLab('GET', '/v1/events');
      const labEvents = readEvents(labStream.body!);
      probes.checkEvents('lab stream', await eventsUntil(labEvents, 'ready'));

      // A writes, then B: B's streams hear B's change next, so A's, committed before, was not offered.
      await created(a('POST', '/v1/activities', { customerId: aShared.id, title: 'Xylophone live' }));
      await created(aLab('POST', '/v1/activities', { customerId: labCustomer.id, title: 'Xylophone lab live' }));
      const bLive = await created(b('POST', '/v1/activities', { customerId: 'shared-1', title: 'B live' }));
      await created(bLab('POST', '/v1/customers', { id: 'b-lab', dataElements: { Context_First_Name: 'Bea' } }));
      const bLabLive = await created(bLab('POST', '/v1/activities', { customerId: 'b-lab', title: 'B lab live' }));
      for (const stream of streams.slice(0, 2)) {
        const live = await eventsUntil(stream.events, 'change');
        probes.checkEvents(`live ${stream.query}`, live);
        expect((JSON.parse(live.at(-1)!.data) as { activityId: string }).activityId).to.equal(bLive.id);
      }
      const labLive = await eventsUntil(labEvents, 'change');
      probes.checkEvents('lab live', labLive);
      expect((JSON.parse(labLive.at(-1)!.data) as { activityId: string }).activityId).to.equal(bLabLive.id);
      for (const stream of streams) await stream.events.return(undefined);
      await labEvents.return(undefined);

      // ---- A's records are as they were, and A sees none of B's writes
      expect(await snapshot()).to.deep.equal(before);
      const aFeed = (await (await a('GET', '/v1/changes?after=0&limit=1000')).json()) as { changes: { activity?: { title: string } }[] };
      expect(aFeed.changes.map((change) => change.activity?.title).filter((title) => title?.startsWith('B '))).to.deep.equal([]);

      console.log(`tenant isolation (${name}): ${probes.count} probes, ${probes.leaks.length} leaks`);
      expect(probes.leaks).to.deep.equal([]);
      expect(probes.surprises).to.deep.equal([]);
      expect(probes.count).to.be.greaterThan(50);
    });

    it('a server without the test option does not take the tenant header', async () => {
      const plain = await startServer({ postgres });
      try {
        // Its CORS answer does not allow the header, so a browser does not even send the request.
        const refused = await as(plain, A)('GET', '/v1/status').then(
          () => 'sent',
          (error: unknown) => (error as Error).name,
        );
        expect(refused).to.equal('TypeError');
        expect((await fetch(`${plain.url}/v1/status`)).status).to.equal(200);
        // A script sends what it likes: the header is ignored, and the write lands in the caller's own tenant.
        const written = await rawRequest(plain, '/v1/customers', {
          method: 'POST',
          headers: { 'Context-Test-Tenant': A, 'Content-Type': 'application/json' },
          body: JSON.stringify({ id: 'c-spoof', dataElements: { Context_First_Name: 'Spoofed' } }),
        });
        expect(written.status, written.body).to.equal(201);
        // Had the header been taken, the customer would be in tenant A, out of sight of a read without it.
        expect((await fetch(`${plain.url}/v1/customers/c-spoof`)).status, 'read in the caller’s own tenant').to.equal(200);
      } finally {
        await stopServer(plain);
      }
    });

    it('the system role deletes only expired idempotency keys and cannot read customers', async () => {
      await created(as(server, A)('POST', '/v1/customers', { id: 'c-1', dataElements: { Context_First_Name: 'Kept' } }, { 'Idempotency-Key': 'k-1' }));
      const seen = (await executeServerCommand('cc-server', { action: 'system-role', id: server.id, tenant: A })) as { deleted: string[]; left: string[]; customers: string };
      expect(seen.deleted).to.deep.equal(['expired']);
      expect(seen.left).to.deep.equal(['fresh', 'k-1']);
      expect(seen.customers).to.contain('permission denied');
    });

    it('a server refuses to start when its request role may bypass row-level security', async () => {
      const { refused } = (await executeServerCommand('cc-server', { action: 'bypass-role', postgres })) as { refused?: string };
      expect(refused).to.contain('is a superuser or has BYPASSRLS: tenants would see each other');
    });

    it('refuses a tenant that is not 1–200 characters', async () => {
      const answer = await as(server, 't'.repeat(201))('GET', '/v1/status');
      expect(answer.status).to.equal(400);
      expect(((await answer.json()) as { issues: { path: string }[] }).issues.map((issue) => issue.path)).to.deep.equal(['tenant']);
    });

    it('rows written before tenants existed belong to the default tenant', async () => {
      const { schema } = (await executeServerCommand('cc-server', { action: 'legacy-schema', postgres })) as { schema: string };
      const upgraded = await startServer({ tenantHeader: true, postgres, schema });
      try {
        const customer = (await (await fetch(`${upgraded.url}/v1/customers/legacy-1`)).json()) as { dataElements: Record<string, string> };
        expect(customer.dataElements['Context_Last_Name']).to.equal('Gacy');
        const found = (await (await fetch(`${upgraded.url}/v1/customers?q=Gacy`)).json()) as { matches: unknown[] };
        expect(found.matches.length).to.equal(1);
        const feed = (await (await fetch(`${upgraded.url}/v1/changes?after=0`)).json()) as { changes: { activityId: string }[] };
        expect(feed.changes.map((change) => change.activityId)).to.deep.equal(['gone-1']);
        const other = as(upgraded, A);
        expect((await other('GET', '/v1/customers/legacy-1')).status).to.equal(404);
        expect(((await (await other('GET', '/v1/changes?after=0')).json()) as { changes: unknown[] }).changes).to.deep.equal([]);
        // The default tenant writes on: an update keeps the row where it was.
        const updated = await as(upgraded, 'default')('PATCH', '/v1/customers/legacy-1', { expectedVersion: 1, tags: ['kept'] });
        expect(updated.status).to.equal(200);
      } finally {
        await stopServer(upgraded);
      }
    });
  });
}

tenantSuite('PGlite', false);

// Real PostgreSQL is optional: this suite exists only when DATABASE_URL is set for the test run.
const { postgres } = await serverEnv();
if (postgres) tenantSuite('PostgreSQL (DATABASE_URL)', true);
