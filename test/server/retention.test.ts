import { expect } from '@open-wc/testing';
import { readEvents } from '../../src/backend/http-events.js';
import type { RetentionReport, RetentionSettings } from '../../server/retention.js';
import { runRetention, serverEnv, serverLog, startServer, stopServer, type TestServer } from './http-support.js';
import { AUDIENCE, ISSUER, T0, bearer, claimsFor, makeIssuer, signToken, type TestIssuer } from './auth-support.js';

const A = 'tenant-a';
const B = 'tenant-b';
const DAY_MS = 86_400_000;
const OLD = ['old-1', 'old-2', 'old-3', 'old-4', 'old-5'];

type Call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Response>;

/** Requests in one tenant (the test server takes the tenant from a header). */
function as(server: TestServer, tenant: string): Call {
  return (method, path, body, headers = {}) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { 'Context-Test-Tenant': tenant, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
}

async function json<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  expect(response.status, text.slice(0, 400)).to.equal(status);
  return JSON.parse(text) as T;
}

function ran(report: RetentionReport | { skipped: true }): RetentionReport {
  if ('skipped' in report) throw new Error('The retention run was skipped');
  return report;
}

interface Change {
  seq: number;
  kind: string;
  customerId: string;
  activityId: string;
}

/** A customer c-1 with the five old activities (created in 2020) and two written now. */
async function journey(call: Call): Promise<void> {
  await json(await call('POST', '/v1/customers', { id: 'c-1', dataElements: { Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis' } }), 201);
  for (const [index, id] of OLD.entries()) {
    await json(await call('POST', '/v1/activities', { id, customerId: 'c-1', title: `Call ${index}`, created: `2020-03-0${index + 1}T10:00:00.000Z` }), 201);
  }
  for (const id of ['new-1', 'new-2']) await json(await call('POST', '/v1/activities', { id, customerId: 'c-1', title: 'Recent call' }), 201);
}

async function activityIds(call: Call): Promise<string[]> {
  const page = await json<{ activities: { id: string }[] }>(await call('GET', '/v1/customers/c-1/activities?pageSize=50'));
  return page.activities.map((activity) => activity.id).sort();
}

async function changes(call: Call, after: number): Promise<Change[]> {
  return (await json<{ changes: Change[] }>(await call('GET', `/v1/changes?after=${after}&limit=1000`))).changes;
}

const { postgres: withPostgres } = await serverEnv();
for (const postgres of withPostgres ? [false, true] : [false]) {
  describe(`retention${postgres ? ' on PostgreSQL (DATABASE_URL)' : ' on PGlite'}`, function () {
    let server: TestServer;
    let asA: Call;
    let asB: Call;

    beforeEach(async () => {
      server = await startServer({ tenantHeader: true, postgres });
      asA = as(server, A);
      asB = as(server, B);
    });

    afterEach(async () => {
      await stopServer(server);
    });

    it('deletes a tenant’s activities older than its retention in small batches, each recorded as deleted, and leaves the recent ones and other tenants alone', async () => {
      await journey(asA);
      await journey(asB);
      const settings = await json<RetentionSettings>(await asA('PUT', '/v1/retention', { activityRetentionDays: 30 }));
      expect(settings).to.deep.equal({ activityRetentionDays: 30, changeFeedRetentionDays: 30, feedPrunedThrough: 0 });
      const headA = (await json<{ head: number }>(await asA('GET', '/v1/status'))).head;
      const headB = (await json<{ head: number }>(await asB('GET', '/v1/status'))).head;

      const report = ran(await runRetention(server, { now: Date.now(), batchSize: 2 }));

      // Five old activities, two a batch: 2 + 2 + 1.
      expect(report).to.deep.equal({ deleted: { [A]: 5 }, batches: 3, changesPruned: 0, prunedThrough: {} });
      expect(await activityIds(asA)).to.deep.equal(['new-1', 'new-2']);
      const recorded = await changes(asA, headA);
      expect(recorded.map(({ kind, customerId }) => `${kind} ${customerId}`)).to.deep.equal(Array(5).fill('deleted c-1'));
      expect(recorded.map((change) => change.activityId).sort()).to.deep.equal(OLD);
      // Tenant B set no retention, and A's run reached none of its rows, though its ids are the same.
      expect(await activityIds(asB)).to.deep.equal([...OLD, 'new-1', 'new-2'].sort());
      expect(await changes(asB, headB)).to.deep.equal([]);
      // The log has counts, never a tenant, an id or a title.
      const lines = (await serverLog(server)).filter((line) => line.startsWith('retention'));
      expect(lines).to.deep.equal(['retention deleted=5 batches=3 changes-pruned=0']);

      // A second run finds nothing left to delete.
      expect(ran(await runRetention(server, { now: Date.now(), batchSize: 2 }))).to.deep.equal({ deleted: {}, batches: 0, changesPruned: 0, prunedThrough: {} });
    });

    it('a gadget following the customer hears each deleted activity go', async () => {
      await journey(asA);
      await json(await asA('PUT', '/v1/retention', { activityRetentionDays: 365 }));
      const response = await asA('GET', '/v1/events?customerId=c-1');
      const events = readEvents(response.body!);
      try {
        expect((await events.next()).value!.event).to.equal('ready');
        ran(await runRetention(server, { now: Date.now(), batchSize: 500 }));
        const heard: string[] = [];
        for (let index = 0; index < OLD.length; index += 1) {
          const { event, data } = (await events.next()).value!;
          const change = JSON.parse(data) as Change;
          expect([event, change.kind]).to.deep.equal(['change', 'deleted']);
          heard.push(change.activityId);
        }
        expect(heard.sort()).to.deep.equal(OLD);
      } finally {
        await events.return(undefined);
      }
    });

    it('prunes the change feed past its retention and records the pruned point; a reader behind it is sent to the head', async () => {
      await journey(asA);
      await journey(asB);
      await json(await asA('PUT', '/v1/retention', { activityRetentionDays: null, changeFeedRetentionDays: 1 }));
      const fedA = await changes(asA, 0);
      const fedB = await changes(asB, 0);
      const lastA = fedA.at(-1)!.seq;

      // Two days later: A's feed keeps a day, B's the default 30 days.
      const report = ran(await runRetention(server, { now: Date.now() + 2 * DAY_MS, batchSize: 3 }));

      expect(report).to.deep.equal({ deleted: {}, batches: 0, changesPruned: fedA.length, prunedThrough: { [A]: lastA } });
      expect(await json<RetentionSettings>(await asA('GET', '/v1/retention'))).to.deep.equal({
        activityRetentionDays: null,
        changeFeedRetentionDays: 1,
        feedPrunedThrough: lastA,
      });
      // The activities stay; only the feed lost rows, and B's feed lost none.
      expect(await activityIds(asA)).to.have.length(7);
      expect(await changes(asB, 0)).to.deep.equal(fedB);
      expect((await json<RetentionSettings>(await asB('GET', '/v1/retention'))).feedPrunedThrough).to.equal(0);

      // The head does not go back with the rows, and a reader at the pruned point reads on.
      const status = await json<{ head: number }>(await asA('GET', '/v1/status'));
      expect(status.head).to.equal(lastA);
      expect(await json(await asA('GET', `/v1/changes?after=${lastA}`))).to.deep.equal({ changes: [], hasMore: false, head: lastA });

      for (const after of [0, lastA - 1]) {
        const gone = await asA('GET', `/v1/changes?after=${after}`);
        expect(gone.headers.get('Content-Type')).to.equal('application/problem+json');
        expect(gone.headers.get('Context-Seq')).to.equal(String(lastA));
        const body = await json<Record<string, unknown>>(gone, 410);
        expect(body).to.include({ type: 'feed-pruned', status: 410, code: 'not-found', kind: 'changes', id: String(after), head: lastA, prunedThrough: lastA });
      }

      // An event stream resumed below the pruned point is reset to the head, then goes on live.
      const resumed = await asA('GET', '/v1/events?customerId=c-1', undefined, { 'Last-Event-ID': String(fedA[0]!.seq) });
      const events = readEvents(resumed.body!);
      try {
        const reset = (await events.next()).value!;
        expect([reset.event, reset.id, JSON.parse(reset.data)]).to.deep.equal(['reset', String(lastA), { head: lastA }]);
        await json(await asA('POST', '/v1/activities', { id: 'after-prune', customerId: 'c-1', title: 'Later call' }), 201);
        const next = (await events.next()).value!;
        expect([next.event, (JSON.parse(next.data) as Change).activityId]).to.deep.equal(['change', 'after-prune']);
      } finally {
        await events.return(undefined);
      }
      // Resumed at the pruned point, it replays as before.
      const atPoint = await asA('GET', '/v1/events?customerId=c-1', undefined, { 'Last-Event-ID': String(lastA) });
      const replay = readEvents(atPoint.body!);
      try {
        const first = (await replay.next()).value!;
        expect([first.event, (JSON.parse(first.data) as Change).activityId]).to.deep.equal(['change', 'after-prune']);
      } finally {
        await replay.return(undefined);
      }
    });

    it('runs once at a time: a run that finds the lock held does nothing', async () => {
      await journey(asA);
      await json(await asA('PUT', '/v1/retention', { activityRetentionDays: 30 }));
      expect(await runRetention(server, { now: Date.now(), lockHeld: true })).to.deep.equal({ skipped: true });
      expect(await activityIds(asA)).to.have.length(7);
      expect(ran(await runRetention(server, { now: Date.now() })).deleted).to.deep.equal({ [A]: 5 });
    });
  });
}

type Who = 'agent' | 'supervisor' | 'admin' | 'otherAdmin';

describe('retention settings', function () {
  let issuer: TestIssuer;
  let server: TestServer;
  const headers = {} as Record<Who, Record<string, string>>;

  before(async () => {
    issuer = await makeIssuer('ES256', 'retention-es');
  });

  beforeEach(async () => {
    server = await startServer({
      clockAt: T0,
      auth: { jwt: { issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [issuer.jwk] }, claims: { tenant: 'tid', roles: 'realm_access.roles' } } },
    });
    headers.agent = bearer(await signToken(issuer, claimsFor(['agent'], 'cumulus', 'Alex Agent'), { sub: 'alex' }));
    headers.supervisor = bearer(await signToken(issuer, claimsFor(['supervisor', 'agent'], 'cumulus', 'Sam Supervisor'), { sub: 'sam' }));
    headers.admin = bearer(await signToken(issuer, claimsFor(['admin'], 'cumulus', 'Ada Admin'), { sub: 'ada' }));
    headers.otherAdmin = bearer(await signToken(issuer, claimsFor(['admin'], 'nimbus', 'Ola Other'), { sub: 'ola' }));
  });

  afterEach(async () => {
    await stopServer(server);
  });

  function call(who: Who, method: string, body?: string, contentType = 'application/json'): Promise<Response> {
    return fetch(`${server.url}/v1/retention`, {
      method,
      headers: { ...headers[who], ...(body === undefined ? {} : { 'Content-Type': contentType }) },
      ...(body === undefined ? {} : { body }),
    });
  }

  it('only an admin reads or sets them, and only for their own tenant', async () => {
    const wanted = JSON.stringify({ activityRetentionDays: 400, changeFeedRetentionDays: 14 });
    for (const who of ['agent', 'supervisor'] as const) {
      expect((await json<{ code: string }>(await call(who, 'GET'), 403)).code).to.equal('forbidden');
      expect((await json<{ code: string }>(await call(who, 'PUT', wanted), 403)).code).to.equal('forbidden');
    }
    expect(await json(await call('admin', 'GET'))).to.deep.equal({ activityRetentionDays: null, changeFeedRetentionDays: 30, feedPrunedThrough: 0 });
    expect(await json(await call('admin', 'PUT', wanted))).to.deep.equal({ activityRetentionDays: 400, changeFeedRetentionDays: 14, feedPrunedThrough: 0 });
    expect(await json(await call('admin', 'GET'))).to.deep.equal({ activityRetentionDays: 400, changeFeedRetentionDays: 14, feedPrunedThrough: 0 });
    // The refused PUTs changed nothing, and another tenant's admin sees and sets only their own.
    expect(await json(await call('otherAdmin', 'GET'))).to.deep.equal({ activityRetentionDays: null, changeFeedRetentionDays: 30, feedPrunedThrough: 0 });
    await json(await call('otherAdmin', 'PUT', JSON.stringify({ activityRetentionDays: 1 })));
    expect(await json(await call('admin', 'GET'))).to.deep.equal({ activityRetentionDays: 400, changeFeedRetentionDays: 14, feedPrunedThrough: 0 });
    // Null keeps activities for ever again; the feed goes back to its default when not named.
    expect(await json(await call('admin', 'PUT', JSON.stringify({ activityRetentionDays: null })))).to.deep.equal({
      activityRetentionDays: null,
      changeFeedRetentionDays: 30,
      feedPrunedThrough: 0,
    });
  });

  it('refuses what is not whole days within bounds, naming the field', async () => {
    const refused: [unknown, string][] = [
      [{ activityRetentionDays: 0 }, 'activityRetentionDays'],
      [{ activityRetentionDays: -5 }, 'activityRetentionDays'],
      [{ activityRetentionDays: 1.5 }, 'activityRetentionDays'],
      [{ activityRetentionDays: '30' }, 'activityRetentionDays'],
      [{ activityRetentionDays: 36_501 }, 'activityRetentionDays'],
      [{}, 'activityRetentionDays'],
      [{ activityRetentionDays: 30, changeFeedRetentionDays: 0 }, 'changeFeedRetentionDays'],
      [{ activityRetentionDays: 30, changeFeedRetentionDays: -1 }, 'changeFeedRetentionDays'],
      [{ activityRetentionDays: 30, changeFeedRetentionDays: 3651 }, 'changeFeedRetentionDays'],
      [{ activityRetentionDays: 30, feedPrunedThrough: 0 }, 'feedPrunedThrough'],
    ];
    for (const [body, path] of refused) {
      const problem = await json<{ code: string; issues: { path: string }[] }>(await call('admin', 'PUT', JSON.stringify(body)), 422);
      expect([problem.code, problem.issues.map((issue) => issue.path)], JSON.stringify(body)).to.deep.equal(['invalid-input', [path]]);
    }
    expect(await json(await call('admin', 'PUT', JSON.stringify({ activityRetentionDays: 36_500, changeFeedRetentionDays: 3650 })))).to.deep.equal({
      activityRetentionDays: 36_500,
      changeFeedRetentionDays: 3650,
      feedPrunedThrough: 0,
    });
  });

  it('refuses a body that is not JSON', async () => {
    const unreadable = await json<{ code: string }>(await call('admin', 'PUT', '{"activityRetentionDays": 3'), 400);
    expect(unreadable.code).to.equal('invalid-input');
    expect((await call('admin', 'PUT', 'activityRetentionDays=3', 'application/x-www-form-urlencoded')).status).to.equal(415);
    expect(await json(await call('admin', 'GET'))).to.deep.equal({ activityRetentionDays: null, changeFeedRetentionDays: 30, feedPrunedThrough: 0 });
  });
});
