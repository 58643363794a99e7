import { expect } from '@open-wc/testing';
import type { ActivityChange } from '../../src/backend/adapter.js';
import { runAdapterContract } from '../../src/backend/contract.js';
import { readEvents } from '../../src/backend/http-events.js';
import { executeServerCommand } from '@web/test-runner-commands';
import { signedIn } from './auth-support.js';
import { connect, requestLog, serverContractSubject, scheduleFaults, serverEnv, startServer, stopServer, until, type TestServer } from './http-support.js';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

async function post(server: TestServer, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

interface Problem {
  status: number;
  code: string;
  detail: string;
  issues?: { path: string; message: string }[];
  current?: { version: number };
  kind?: string;
  id?: string;
}

async function problemOf(response: Response): Promise<Problem> {
  expect(response.headers.get('Content-Type')).to.contain('application/problem+json');
  return (await response.json()) as Problem;
}

const jordan = { dataElements: { Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis' } };

describe('reference server API', function () {
  let server: TestServer;


  beforeEach(async () => {
    server = await startServer();
  });

  afterEach(async () => {
    await stopServer(server);
  });

  describe('errors', () => {
    it('answers every failure as a JSON problem whose code is a ContextError code', async () => {
      const missing = await fetch(`${server.url}/v1/customers/nobody`);
      expect(missing.status).to.equal(404);
      expect(await problemOf(missing)).to.include({ code: 'not-found', kind: 'customer', id: 'nobody' });

      const created = (await (await post(server, '/v1/customers', { ...jordan, id: 'c-1' })).json()) as { version: number };
      const duplicate = await post(server, '/v1/customers', { ...jordan, id: 'c-1' });
      expect(duplicate.status).to.equal(409);
      const conflict = await problemOf(duplicate);
      expect(conflict.code).to.equal('conflict');
      expect(conflict.current).to.deep.equal(created);

      const invalid = await post(server, '/v1/customers', { dataElements: { Context_Mobile_Phone: 'call me' }, colour: 'blue' });
      expect(invalid.status).to.equal(422);
      const issues = (await problemOf(invalid)).issues!.map((issue) => issue.path);
      expect(issues).to.include('colour');

      const notJson = await post(server, '/v1/customers', '{"dataElements": ');
      expect(notJson.status).to.equal(400);
      expect((await problemOf(notJson)).code).to.equal('invalid-input');

      const badQuery = await fetch(`${server.url}/v1/customers/c-1/activities?pageSize=500`);
      expect(badQuery.status).to.equal(400);
      expect((await problemOf(badQuery)).issues!.map((issue) => issue.path)).to.deep.equal(['pageSize']);

      const deleting = await fetch(`${server.url}/v1/customers/c-1`, { method: 'DELETE' });
      expect(deleting.status).to.equal(403);
      expect((await problemOf(deleting)).code).to.equal('forbidden');

      const unknown = await fetch(`${server.url}/v1/nothing-here`);
      expect(unknown.status).to.equal(404);
      expect((await problemOf(unknown)).code).to.equal('not-found');
    });

    it('refuses the lab partition on a server without lab mode', async () => {
      const production = await startServer({ lab: false });
      try {
        const answer = await fetch(`${production.url}/v1/status`, { headers: { 'Context-Lab-Mode': 'true' } });
        expect(answer.status).to.equal(403);
        expect((await problemOf(answer)).detail).to.contain('--lab');
        const lab = await connect(production, { labMode: true });
        expect((await lab.status()).reachable).to.equal(false);
      } finally {
        await stopServer(production);
      }
    });

    it('refuses a body over 512 KB with 413 as JSON, and stores nothing', async () => {
      const large = { ...jordan, id: 'big-1', dataElements: { ...jordan.dataElements, Context_City: 'x'.repeat(600 * 1024) } };
      const refused = await post(server, '/v1/customers', large);
      expect(refused.status).to.equal(413);
      const problem = await problemOf(refused);
      expect(problem.code).to.equal('invalid-input');
      expect(problem.detail).to.contain('512 KB');
      expect((await fetch(`${server.url}/v1/customers/big-1`)).status).to.equal(404);
      // Under the limit the body is read and judged on its content: here the field is too long.
      const parsed = await post(server, '/v1/customers', { ...large, dataElements: { Context_City: 'x'.repeat(300 * 1024) } });
      expect(parsed.status).to.equal(422);
      expect((await problemOf(parsed)).issues!.map((issue) => issue.path)).to.deep.equal(['dataElements.Context_City']);
    });
  });

  describe('Idempotency-Key', () => {
    it('a repeated key returns the first answer and applies nothing twice', async () => {
      await post(server, '/v1/customers', { ...jordan, id: 'c-1' });
      const activity = { customerId: 'c-1', title: 'Chat' };
      const first = await post(server, '/v1/activities', activity, { 'Idempotency-Key': 'key-1' });
      const again = await post(server, '/v1/activities', activity, { 'Idempotency-Key': 'key-1' });
      expect([first.status, again.status]).to.deep.equal([201, 201]);
      expect(again.headers.get('Idempotent-Replayed')).to.equal('true');
      expect(first.headers.get('Idempotent-Replayed')).to.equal(null);
      expect(await again.json()).to.deep.equal(await first.json());
      const page = (await (await fetch(`${server.url}/v1/customers/c-1/activities`)).json()) as { activities: unknown[] };
      expect(page.activities.length).to.equal(1);
      const feed = (await (await fetch(`${server.url}/v1/changes?after=0`)).json()) as { changes: unknown[] };
      expect(feed.changes.length).to.equal(1);
    });

    it('concurrent requests with one key apply it once and all get the same answer', async () => {
      await post(server, '/v1/customers', { ...jordan, id: 'c-1' });
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => post(server, '/v1/activities', { customerId: 'c-1', title: 'Chat' }, { 'Idempotency-Key': 'burst' })),
      );
      const ids = await Promise.all(answers.map(async (answer) => ((await answer.json()) as { id: string }).id));
      expect(new Set(ids).size).to.equal(1);
      const page = (await (await fetch(`${server.url}/v1/customers/c-1/activities`)).json()) as { activities: unknown[] };
      expect(page.activities.length).to.equal(1);
    });

    it('replays a refusal too, and refuses the key on a different request', async () => {
      await post(server, '/v1/customers', { ...jordan, id: 'c-1' });
      const refused = await post(server, '/v1/customers', { ...jordan, id: 'c-1' }, { 'Idempotency-Key': 'dup' });
      expect(refused.status).to.equal(409);
      const replayed = await post(server, '/v1/customers', { ...jordan, id: 'c-1' }, { 'Idempotency-Key': 'dup' });
      expect(replayed.status).to.equal(409);
      expect(replayed.headers.get('Idempotent-Replayed')).to.equal('true');
      const other = await post(server, '/v1/customers', { ...jordan, id: 'c-2' }, { 'Idempotency-Key': 'dup' });
      expect(other.status).to.equal(422);
      expect((await problemOf(other)).issues![0]!.path).to.equal('Idempotency-Key');
      expect((await fetch(`${server.url}/v1/customers/c-2`)).status).to.equal(404);
    });
  });

  describe('requests', () => {
    it('updates a request with optimistic concurrency, and deletes one without activities in the lab partition only', async () => {
      await post(server, '/v1/customers', { ...jordan, id: 'c-1' });
      const created = (await (await post(server, '/v1/requests', { id: 'r-1', customerId: 'c-1', dataElements: { Context_Title: 'Brakes' } })).json()) as {
        version: number;
      };
      const patch = (body: unknown, headers: Record<string, string> = {}) =>
        fetch(`${server.url}/v1/requests/r-1`, { method: 'PATCH', headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) });
      const closed = await patch({ expectedVersion: 1, state: 'closed' });
      expect(closed.status).to.equal(200);
      expect(await closed.json()).to.include({ state: 'closed', version: 2 });
      const stale = await patch({ expectedVersion: 1, tags: ['late'] });
      expect(stale.status).to.equal(409);
      expect((await problemOf(stale)).current).to.include({ version: 2 });
      const reopened = await patch({ expectedVersion: 2, state: 'active' });
      expect((await problemOf(reopened)).issues![0]!.path).to.equal('state');
      expect(created.version).to.equal(1);

      const remove = (id: string, lab: boolean) =>
        fetch(`${server.url}/v1/requests/${id}`, { method: 'DELETE', headers: { 'Context-Lab-Mode': String(lab) } });
      expect((await remove('r-1', false)).status).to.equal(403);
      const labHeaders = { 'Context-Lab-Mode': 'true' };
      await post(server, '/v1/customers', { ...jordan, id: 'c-1' }, labHeaders);
      await post(server, '/v1/requests', { id: 'r-2', customerId: 'c-1' }, labHeaders);
      await post(server, '/v1/activities', { id: 'a-1', customerId: 'c-1', requestId: 'r-2', title: 'Call' }, labHeaders);
      const busy = await remove('r-2', true);
      expect(busy.status).to.equal(422);
      expect((await problemOf(busy)).issues![0]!.path).to.equal('id');
      await fetch(`${server.url}/v1/activities/a-1`, { method: 'DELETE', headers: labHeaders });
      expect((await remove('r-2', true)).status).to.equal(204);
      expect((await fetch(`${server.url}/v1/requests/r-2`, { headers: labHeaders })).status).to.equal(404);
      expect((await fetch(`${server.url}/v1/requests/r-1`)).status).to.equal(200);
    });
  });

  describe('CORS', () => {
    it('lets a page of another origin send the API headers and read Retry-After and Context-Seq', async () => {
      expect(new URL(server.url).origin).not.to.equal(location.origin);
      const answer = await post(server, '/v1/customers', jordan, {
        Authorization: 'Bearer anything',
        'Idempotency-Key': 'cors-1',
        'Context-Lab-Mode': 'false',
        'Context-Region': 'US',
      });
      expect(answer.status).to.equal(201);
      expect(answer.headers.get('Context-Seq')).to.equal('0');
      const stream = await fetch(`${server.url}/v1/events`, { headers: { 'Last-Event-ID': '0' } });
      expect(stream.headers.get('Content-Type')).to.contain('text/event-stream');
      await stream.body!.cancel();
      await scheduleFaults(server, [{ kind: 'status', status: 429, retryAfter: 7 }]);
      const busy = await fetch(`${server.url}/v1/status`);
      expect(busy.status).to.equal(429);
      expect(busy.headers.get('Retry-After')).to.equal('7');
    });
  });

  describe('change feed', () => {
    it('pages changes in commit order, per customer and per partition', async () => {
      const production = await connect(server);
      const lab = await connect(server, { labMode: true });
      try {
        const a = await production.createCustomer(jordan);
        const b = await production.createCustomer(jordan);
        const made: string[] = [];
        for (let index = 0; index < 5; index += 1) {
          made.push((await production.createActivity({ customerId: index % 2 ? b.id : a.id, title: `Change ${index}` })).id);
        }
        const labCustomer = await lab.createCustomer(jordan);
        await lab.createActivity({ customerId: labCustomer.id, title: 'In the lab' });
        await expectLater(lab.getCustomer(a.id), 'not-found');

        const seen: { seq: number; activityId: string }[] = [];
        let after = 0;
        for (let pages = 0; pages < 10; pages += 1) {
          const page = (await (await fetch(`${server.url}/v1/changes?after=${after}&limit=2`)).json()) as {
            changes: { seq: number; activityId: string }[];
            hasMore: boolean;
          };
          seen.push(...page.changes);
          if (!page.hasMore) break;
          after = page.changes.at(-1)!.seq;
        }
        expect(seen.map((change) => change.activityId)).to.deep.equal(made);
        expect(seen.every((change, index) => index === 0 || change.seq > seen[index - 1]!.seq)).to.equal(true);
        const forB = (await (await fetch(`${server.url}/v1/changes?customerId=${b.id}`)).json()) as { changes: { activityId: string }[] };
        expect(forB.changes.map((change) => change.activityId)).to.deep.equal([made[1], made[3]]);
        const labFeed = (await (await fetch(`${server.url}/v1/changes`, { headers: { 'Context-Lab-Mode': 'true' } })).json()) as { changes: unknown[] };
        expect(labFeed.changes.length).to.equal(1);
      } finally {
        production.close();
        lab.close();
      }
    });

    it('a fresh event stream starts with ready at the newest change number', async () => {
      const client = await connect(server);
      try {
        const customer = await client.createCustomer(jordan);
        await client.createActivity({ customerId: customer.id, title: 'Before' });
        const response = await fetch(`${server.url}/v1/events?customerId=${customer.id}`);
        const events = readEvents(response.body!);
        const ready = (await events.next()).value!;
        expect([ready.event, ready.id, JSON.parse(ready.data)]).to.deep.equal(['ready', '1', { head: 1 }]);
        await client.createActivity({ customerId: customer.id, title: 'After' });
        const change = (await events.next()).value!;
        await events.return(undefined);
        expect(change.event).to.equal('change');
        expect(change.id).to.equal('2');
        expect(JSON.parse(change.data)).to.include({ seq: 2, kind: 'created', customerId: customer.id });
      } finally {
        client.close();
      }
    });
  });

  describe('several server instances on one database', () => {
    it('a change written through one instance reaches subscribers of another (LISTEN/NOTIFY)', async () => {
      await fanOut(server, await startServer({ schema: server.schema }));
    });
  });
});

async function expectLater(promise: Promise<unknown>, code: string): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect((error as { code?: string }).code).to.equal(code);
    return;
  }
  throw new Error(`expected ${code}`);
}

/** Writes through `first`, listens through `second` (and the other way round); stops `second`. */
async function fanOut(first: TestServer, second: TestServer): Promise<void> {
  const writer = await connect(first, { timeoutMs: 5000 });
  const reader = await connect(second, { timeoutMs: 5000 });
  try {
    const customer = await writer.createCustomer(jordan);
    expect((await reader.getCustomer(customer.id)).id).to.equal(customer.id);
    const heardByReader: ActivityChange[] = [];
    const heardByWriter: ActivityChange[] = [];
    const stopReader = reader.subscribe(customer.id, (change) => heardByReader.push(change));
    const stopWriter = writer.subscribe(customer.id, (change) => heardByWriter.push(change));
    await until(() => reader.eventStream(customer.id)!.connections > 0 && writer.eventStream(customer.id)!.connections > 0, 'both streams open');
    const viaFirst = await writer.createActivity({ customerId: customer.id, title: 'Written through the first instance' });
    const viaSecond = await reader.createActivity({ customerId: customer.id, title: 'Written through the second instance' });
    await until(() => heardByReader.length >= 2 && heardByWriter.length >= 2, 'both changes heard by both instances\' subscribers');
    stopReader();
    stopWriter();
    for (const heard of [heardByReader, heardByWriter]) {
      expect(heard.map((change) => change.activity)).to.deep.equal([viaFirst, viaSecond]);
    }
    // Each instance's own request log shows that the reader's stream was served by the second one.
    const secondLog = await requestLog(second);
    expect(secondLog.some((entry) => entry.path === '/v1/events')).to.equal(true);
    expect(secondLog.some((entry) => entry.method === 'POST' && entry.path === '/v1/activities')).to.equal(true);
    expect((await requestLog(first)).filter((entry) => entry.method === 'POST' && entry.path === '/v1/activities').length).to.equal(1);
  } finally {
    writer.close();
    reader.close();
    await stopServer(second);
  }
}

// Real PostgreSQL is optional: these suites exist only when DATABASE_URL is set for the test run.
const { postgres } = await serverEnv();
if (postgres) {
  runAdapterContract(
    serverContractSubject(
      'HTTP adapter + reference server on PostgreSQL (DATABASE_URL), signed in',
      () => signedIn.serverOptions({ postgres: true }),
      () => signedIn.adminToken(),
    ),
  );


  describe('two server instances on the PostgreSQL server of DATABASE_URL', function () {
      it('listen again after their LISTEN connections are cut, and catch up on what they missed', async () => {
      const first = await startServer({ postgres: true });
      const second = await startServer({ postgres: true, schema: first.schema });
      const writer = await connect(first, { timeoutMs: 5000 });
      const reader = await connect(second, { timeoutMs: 5000 });
      try {
        const customer = await writer.createCustomer(jordan);
        const heard: ActivityChange[] = [];
        const unsubscribe = reader.subscribe(customer.id, (change) => heard.push(change));
        await until(() => (reader.eventStream(customer.id)?.lastSeq ?? -1) >= 0, 'the stream open');
        const { ended } = (await executeServerCommand<{ ended: number }, object>('cc-server', { action: 'break-listen', id: first.id }))!;
        expect(ended).to.equal(2);
        // Written while neither instance listens: heard once the second listens again.
        const written = await writer.createActivity({ customerId: customer.id, title: 'While nobody listened' });
        await until(() => heard.length > 0, 'the change written while the LISTEN connections were down', 10_000);
        const later = await writer.createActivity({ customerId: customer.id, title: 'After' });
        await until(() => heard.length > 1, 'the change after reconnecting', 10_000);
        unsubscribe();
        expect(heard.map((change) => change.activity)).to.deep.equal([written, later]);
      } finally {
        writer.close();
        reader.close();
        await stopServer(second);
        await stopServer(first);
      }
    });

    it('a change written through one instance reaches subscribers of another (LISTEN/NOTIFY)', async () => {
      const first = await startServer({ postgres: true });
      try {
        await fanOut(first, await startServer({ postgres: true, schema: first.schema }));
      } finally {
        await stopServer(first);
      }
    });
  });
}
