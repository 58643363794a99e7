import { expect } from '@open-wc/testing';
import { readEvents } from '../../src/backend/http-events.js';
import { MASK, REVEAL_AUDIT_TAG } from '../../src/model/index.js';
import { startServer, stopServer, type TestServer } from './http-support.js';
import { AUDIENCE, ISSUER, T0, bearer, claimsFor, makeIssuer, signToken, type TestIssuer } from './auth-support.js';

const LOCAL_TOKEN = 'local-operator-secret';
const LAB = { 'Context-Lab-Mode': 'true' };
const DOB = '1988-06-14';
const CARD = '4111111111111111';

/** A customer field set with a sensitive date of birth, and an activity field set with a sensitive card number. */
const FIELD_SETS = {
  fieldSets: [
    {
      id: 'cumulus.rider',
      appliesTo: 'customer',
      label: { en: 'Rider' },
      fields: [
        { id: 'Motorcycle_VIN', type: 'string', label: { en: 'Motorcycle VIN' } },
        { id: 'Date_Of_Birth', type: 'date', sensitive: true, label: { en: 'Date of birth' } },
      ],
    },
    {
      id: 'cumulus.payment',
      appliesTo: 'activity',
      label: { en: 'Payment' },
      fields: [{ id: 'Card_Number', type: 'string', sensitive: true, label: { en: 'Card number' } }],
    },
  ],
};

const customerBody = {
  id: 'c-1',
  fieldsets: ['cisco.base.customer', 'cumulus.rider'],
  dataElements: { Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis', Motorcycle_VIN: '1CUMS750XPA000142', Date_Of_Birth: DOB },
};

interface Problem {
  code: string;
  detail: string;
}

type Who = 'agent' | 'supervisor' | 'admin' | 'ingest' | 'local';

describe('server roles and sensitive fields', function () {
  let issuer: TestIssuer;
  let server: TestServer;
  const headers = {} as Record<Who, Record<string, string>>;

  before(async () => {
    issuer = await makeIssuer('ES256', 'roles-es');
  });

  async function call(who: Who, method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Response> {
    return fetch(`${server.url}${path}`, {
      method,
      headers: { ...LAB, ...headers[who], ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...extra },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  async function ok<T>(response: Response, status = 200): Promise<T> {
    const text = await response.text();
    expect(response.status, text).to.equal(status);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  beforeEach(async () => {
    server = await startServer({
      clockAt: T0,
      fieldSets: FIELD_SETS,
      auth: { jwt: { issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [issuer.jwk] }, claims: { tenant: 'tid', roles: 'realm_access.roles' } }, apiKeys: true, token: LOCAL_TOKEN, tokenTenant: 'cumulus' },
    });
    headers.local = bearer(LOCAL_TOKEN);
    headers.agent = bearer(await signToken(issuer, claimsFor(['agent'], 'cumulus', 'Alex Agent'), { sub: 'alex' }));
    headers.supervisor = bearer(await signToken(issuer, claimsFor(['supervisor', 'agent'], 'cumulus', 'Sam Supervisor'), { sub: 'sam' }));
    headers.admin = bearer(await signToken(issuer, claimsFor(['admin'], 'cumulus', 'Ada Admin'), { sub: 'ada' }));
    const { key } = await ok<{ key: string }>(await call('local', 'POST', '/v1/admin/api-keys', { name: 'IVR', tenant: 'cumulus', scopes: ['ingest'] }), 201);
    headers.ingest = bearer(key);
    await ok(await call('local', 'POST', '/v1/customers', customerBody), 201);
    await ok(await call('local', 'POST', '/v1/requests', { id: 'r-1', customerId: 'c-1', dataElements: { Context_Title: 'Fault P0562' } }), 201);
    await ok(
      await call('local', 'POST', '/v1/activities', {
        id: 'a-1',
        customerId: 'c-1',
        mediaType: 'voice',
        title: 'Paid the repair',
        fieldsets: ['cisco.base.pod', 'cumulus.payment'],
        dataElements: { Card_Number: CARD },
      }),
      201,
    );
  });

  afterEach(async () => {
    await stopServer(server);
  });

  describe('the authorisation matrix', () => {
    const FORBIDDEN: readonly [Who, string, string, unknown?][] = [
      ['agent', 'DELETE', '/v1/customers/c-1'],
      ['agent', 'DELETE', '/v1/activities/a-1'],
      ['agent', 'POST', '/v1/customers/c-1/reveal', { field: 'cumulus.rider.Date_Of_Birth' }],
      ['agent', 'POST', '/v1/admin/api-keys', { name: 'mine', scopes: ['admin'] }],
      ['agent', 'GET', '/__faults/log'],
      ['supervisor', 'DELETE', '/v1/requests/r-1'],
      ['supervisor', 'GET', '/v1/admin/api-keys'],
      ['supervisor', 'DELETE', '/v1/admin/api-keys/00000000-0000-0000-0000-000000000000'],
      ['ingest', 'GET', '/v1/customers/c-1'],
      ['ingest', 'GET', '/v1/customers?q=Jordan'],
      ['ingest', 'GET', '/v1/customers/c-1/activities'],
      ['ingest', 'GET', '/v1/customers/c-1/requests'],
      ['ingest', 'GET', '/v1/activities/a-1'],
      ['ingest', 'GET', '/v1/requests/r-1'],
      ['ingest', 'GET', '/v1/changes'],
      ['ingest', 'GET', '/v1/events'],
      ['ingest', 'PATCH', '/v1/customers/c-1', { expectedVersion: 1, dataElements: { Context_City: 'Leeds' } }],
      ['ingest', 'PATCH', '/v1/activities/a-1', { expectedVersion: 1, title: 'x' }],
      ['ingest', 'POST', '/v1/requests', { customerId: 'c-1', dataElements: { Context_Title: 'x' } }],
      ['ingest', 'POST', '/v1/customers/c-1/reveal', { field: 'cumulus.rider.Date_Of_Birth' }],
      ['ingest', 'POST', '/v1/admin/api-keys', { name: 'more', scopes: ['admin'] }],
      ['ingest', 'DELETE', '/v1/activities/a-1'],
      ['agent', 'PUT', '/v1/field-sets', { expectedVersion: 0, fieldSets: [] }],
      ['supervisor', 'PUT', '/v1/field-sets', { expectedVersion: 0, fieldSets: [] }],
      ['ingest', 'PUT', '/v1/field-sets', { expectedVersion: 0, fieldSets: [] }],
    ];

    it('refuses each role the operations it may not run, with 403 forbidden, and changes nothing', async () => {
      for (const [who, method, path, body] of FORBIDDEN) {
        const response = await call(who, method, path, body);
        const text = await response.text();
        expect(response.status, `${who} ${method} ${path}: ${text}`).to.equal(403);
        expect((JSON.parse(text) as Problem).code, `${who} ${method} ${path}`).to.equal('forbidden');
      }
      const customer = await ok<{ version: number }>(await call('local', 'GET', '/v1/customers/c-1'));
      expect(customer.version).to.equal(1);
      expect((await ok<{ activities: unknown[] }>(await call('local', 'GET', '/v1/customers/c-1/activities'))).activities).to.have.length(1);
    });

    it('lets each role run what the matrix gives it', async () => {
      await ok(await call('ingest', 'POST', '/v1/activities', { customerId: 'c-1', mediaType: 'voice', title: 'IVR call' }), 201);
      await ok(await call('ingest', 'POST', '/v1/customers', { dataElements: { Context_Mobile_Phone: '+14155550100' } }), 201);
      await ok(await call('ingest', 'GET', '/v1/status'));
      await ok(await call('agent', 'GET', '/v1/customers?q=Jordan'));
      await ok(await call('agent', 'PATCH', '/v1/customers/c-1', { expectedVersion: 1, dataElements: { Context_City: 'Leeds' } }));
      await ok(await call('agent', 'POST', '/v1/requests', { customerId: 'c-1', dataElements: { Context_Title: 'Second fault' } }), 201);
      await ok(await call('agent', 'GET', '/v1/changes'));
      await ok(await call('supervisor', 'POST', '/v1/customers/c-1/reveal', { field: 'cumulus.rider.Date_Of_Birth' }));
      await ok(await call('admin', 'GET', '/v1/admin/api-keys'));
      await ok(await call('admin', 'DELETE', '/v1/activities/a-1'), 204);
    });
  });

  describe('sensitive fields', () => {
    /** Every answer an agent can get that carries these records, as text. */
    async function everyAnswer(who: Who): Promise<string[]> {
      const texts: string[] = [];
      const take = async (response: Response, status = 200) => {
        const text = await response.text();
        expect(response.status, `${response.url}: ${text}`).to.equal(status);
        texts.push(text);
        return text;
      };
      for (const path of [
        '/v1/customers/c-1',
        '/v1/customers?q=Jordan',
        '/v1/customers?q=Ellis',
        `/v1/customers?q=${DOB}`,
        '/v1/customers?q=c-1',
        '/v1/customers/c-1/activities',
        '/v1/customers/c-1/activities?text=repair',
        '/v1/activities/a-1',
        '/v1/customers/c-1/requests',
        '/v1/requests/r-1',
        '/v1/changes',
        '/v1/changes?customerId=c-1',
      ]) {
        await take(await call(who, 'GET', path));
      }
      const created = JSON.parse(await take(await call(who, 'POST', '/v1/customers', { ...customerBody, id: undefined }), 201)) as { id: string };
      expect(created.id).to.be.a('string');
      // A stale version: the conflict answer carries the stored record.
      await take(await call(who, 'PATCH', '/v1/customers/c-1', { expectedVersion: 99, dataElements: { Context_City: 'York' } }), 409);
      const current = JSON.parse(await take(await call(who, 'GET', '/v1/customers/c-1'))) as { version: number };
      await take(await call(who, 'PATCH', '/v1/customers/c-1', { expectedVersion: current.version, dataElements: { Context_City: 'York' } }));
      const activity = JSON.parse(
        await take(
          await call(who, 'POST', '/v1/activities', {
            customerId: 'c-1',
            mediaType: 'chat',
            title: 'Card again',
            fieldsets: ['cisco.base.pod', 'cumulus.payment'],
            dataElements: { Card_Number: CARD },
          }),
          201,
        ),
      ) as { id: string; version: number };
      await take(await call(who, 'PATCH', `/v1/activities/${activity.id}`, { expectedVersion: activity.version, title: 'Card once more' }));
      await take(await call(who, 'PATCH', `/v1/activities/${activity.id}`, { expectedVersion: 99, title: 'stale' }), 409);
      await take(await call(who, 'POST', '/v1/customers', { ...customerBody }), 409);
      // The event stream, replayed from the start.
      const stream = await call(who, 'GET', '/v1/events?customerId=c-1', undefined, { 'Last-Event-ID': '0' });
      expect(stream.status).to.equal(200);
      const events = readEvents(stream.body!);
      for (;;) {
        const { value, done } = await events.next();
        if (done) throw new Error('The event stream ended before its ready event');
        texts.push(value.data);
        if (value.event === 'ready') break;
      }
      await events.return(undefined);
      return texts;
    }

    for (const who of ['agent', 'supervisor'] as const) {
      it(`never reach ${who === 'agent' ? 'an agent' : 'a supervisor'} in any answer: only the mask does`, async () => {
        const texts = await everyAnswer(who);
        const leaks = texts.filter((text) => text.includes(DOB) || text.includes(CARD));
        expect(leaks.length, leaks.join('\n')).to.equal(0);
        expect(texts.join('\n')).to.contain(MASK);
        const customer = await ok<{ dataElements: Record<string, unknown> }>(await call(who, 'GET', '/v1/customers/c-1'));
        expect(customer.dataElements).to.include({ Date_Of_Birth: MASK, Motorcycle_VIN: '1CUMS750XPA000142', Context_First_Name: 'Jordan' });
        const activity = await ok<{ dataElements: Record<string, unknown> }>(await call(who, 'GET', '/v1/activities/a-1'));
        expect(activity.dataElements['Card_Number']).to.equal(MASK);
      });
    }

    it('keep their stored value when a masked record is written back', async () => {
      const customer = await ok<{ version: number; dataElements: Record<string, unknown> }>(await call('agent', 'GET', '/v1/customers/c-1'));
      await ok(await call('agent', 'PATCH', '/v1/customers/c-1', { expectedVersion: customer.version, dataElements: { ...customer.dataElements, Context_City: 'Leeds' } }));
      const revealed = await ok<{ value: string }>(await call('supervisor', 'POST', '/v1/customers/c-1/reveal', { field: 'cumulus.rider.Date_Of_Birth' }));
      expect(revealed.value).to.equal(DOB);
    });

    it('are revealed to a supervisor after the reveal is recorded in the journey and the change feed', async () => {
      const head = Number((await call('supervisor', 'GET', '/v1/changes')).headers.get('Context-Seq'));
      const response = await call('supervisor', 'POST', '/v1/customers/c-1/reveal', { field: 'cumulus.rider.Date_Of_Birth' });
      const revealed = await ok<{ customerId: string; field: string; value: string; auditActivityId: string }>(response);
      expect(revealed).to.include({ customerId: 'c-1', field: 'cumulus.rider.Date_Of_Birth', value: DOB });
      expect(response.headers.get('Cache-Control')).to.equal('no-store');
      expect(Number(response.headers.get('Context-Seq'))).to.be.above(head);

      const journey = await ok<{ activities: { id: string; tags: string[]; title: string; message: string; contributors: { id: string; name?: string }[] }[] }>(
        await call('agent', 'GET', '/v1/customers/c-1/activities'),
      );
      const audit = journey.activities.find((activity) => activity.id === revealed.auditActivityId)!;
      expect(audit.tags).to.include(REVEAL_AUDIT_TAG);
      expect(audit.title).to.equal('Sensitive field revealed: Date of birth');
      expect(audit.message).to.contain('Sam Supervisor (sam)').and.to.contain('cumulus.rider.Date_Of_Birth');
      expect(audit.contributors.map((contributor) => contributor.id)).to.include('sam');
      expect(JSON.stringify(journey)).not.to.contain(DOB);

      const feed = await ok<{ changes: { kind: string; activityId: string; seq: number }[] }>(await call('agent', 'GET', `/v1/changes?after=${head}`));
      expect(feed.changes.map((change) => [change.kind, change.activityId])).to.deep.include(['created', revealed.auditActivityId]);
      expect(JSON.stringify(feed)).not.to.contain(DOB);
    });

    it('are revealed to an admin too, and to nobody for a field that is not sensitive, unknown, or of an unknown customer', async () => {
      expect((await ok<{ value: string }>(await call('admin', 'POST', '/v1/customers/c-1/reveal', { field: 'cumulus.rider.Date_Of_Birth' }))).value).to.equal(DOB);
      for (const [field, status] of [
        ['cumulus.rider.Motorcycle_VIN', 422],
        ['cumulus.rider.Shoe_Size', 422],
        ['cumulus.payment.Card_Number', 422],
        ['Card_Number', 422],
        ['Shoe_Size', 422],
      ] as const) {
        expect((await call('supervisor', 'POST', '/v1/customers/c-1/reveal', { field })).status, field).to.equal(status);
      }
      expect((await call('supervisor', 'POST', '/v1/customers/nobody/reveal', { field: 'cumulus.rider.Date_Of_Birth' })).status).to.equal(404);
      const audits = (await ok<{ activities: { tags: string[] }[] }>(await call('agent', 'GET', '/v1/customers/c-1/activities'))).activities.filter((activity) =>
        activity.tags.includes(REVEAL_AUDIT_TAG),
      );
      expect(audits).to.have.length(1);
    });

    it('are named by field id alone, and revealed on an activity of the customer too', async () => {
      expect((await ok<{ value: string }>(await call('supervisor', 'POST', '/v1/customers/c-1/reveal', { field: 'Date_Of_Birth' }))).value).to.equal(DOB);
      const card = await ok<{ value: string; auditActivityId: string }>(
        await call('supervisor', 'POST', '/v1/customers/c-1/reveal', { field: 'Card_Number', activityId: 'a-1' }),
      );
      expect(card.value).to.equal(CARD);
      const audit = await ok<{ message: string }>(await call('agent', 'GET', `/v1/activities/${card.auditActivityId}`));
      expect(audit.message).to.contain('Card_Number of activity a-1');
      await ok(await call('local', 'POST', '/v1/customers', { id: 'c-2', dataElements: { Context_First_Name: 'Robin' } }), 201);
      expect((await call('supervisor', 'POST', '/v1/customers/c-2/reveal', { field: 'Card_Number', activityId: 'a-1' })).status).to.equal(404);
      expect((await call('supervisor', 'POST', '/v1/customers/c-1/reveal', { field: 'Card_Number', activityId: 'nope' })).status).to.equal(404);
    });
  });

  describe('what a write does not tell', () => {
    it('gives ingest no stored record in a conflict: it may create, never read', async () => {
      const conflict = await call('ingest', 'POST', '/v1/customers', { ...customerBody });
      expect(conflict.status).to.equal(409);
      const text = await conflict.text();
      expect((JSON.parse(text) as Problem).code).to.equal('conflict');
      expect(JSON.parse(text)).not.to.have.property('current');
      expect(text).not.to.contain('Jordan');
      // An agent, who may read the record, gets it (masked) to resolve the conflict.
      const forAgent = (await (await call('agent', 'POST', '/v1/customers', { ...customerBody })).json()) as { current?: { dataElements: Record<string, string> } };
      expect(forAgent.current?.dataElements['Context_First_Name']).to.equal('Jordan');
      expect(forAgent.current?.dataElements['Date_Of_Birth']).to.equal(MASK);
    });

    it('masks a field made sensitive while an event stream was open', async () => {
      const stream = await call('supervisor', 'GET', '/v1/events?customerId=c-1');
      expect(stream.status).to.equal(200);
      const events = readEvents(stream.body!);
      expect((await events.next()).value?.event).to.equal('ready');
      await ok(
        await call('admin', 'PUT', '/v1/field-sets', {
          expectedVersion: 0,
          fieldSets: [{ id: 'cumulus.secret', appliesTo: 'activity', label: { en: 'Secret' }, fields: [{ id: 'Pin', type: 'string', sensitive: true, label: { en: 'PIN' } }] }],
        }),
      );
      const written = await ok<{ id: string }>(
        await call('agent', 'POST', '/v1/activities', { customerId: 'c-1', mediaType: 'voice', title: 'Gave a PIN', fieldsets: ['cisco.base.pod', 'cumulus.secret'], dataElements: { Pin: '4321' } }),
        201,
      );
      for (;;) {
        const { value, done } = await events.next();
        if (done) throw new Error('The event stream ended before the change');
        if (value.event !== 'change' || !value.data.includes(written.id)) continue;
        expect(value.data).not.to.contain('4321');
        expect(value.data).to.contain(MASK);
        break;
      }
      await events.return(undefined);
    });
  });
});
