import { expect } from '@open-wc/testing';
import type { ActivityChange } from '../../src/backend/adapter.js';
import { HttpBackend } from '../../src/backend/http-adapter.js';
import { readEvents } from '../../src/backend/http-events.js';
import { errorCause } from '../../src/components/context-error/error-cause.js';
import { ContextError } from '../../src/model/index.js';
import {
  clearFaults,
  connect,
  requestLog,
  scheduleFaults,
  startServer,
  stopServer,
  until,
  type TestServer,
} from '../server/http-support.js';

async function rejection(promise: Promise<unknown>): Promise<ContextError> {
  try {
    await promise;
  } catch (error) {
    expect(error, String(error)).to.be.instanceOf(ContextError);
    return error as ContextError;
  }
  throw new Error('expected a rejection, but it resolved');
}

function person(last: string) {
  return { dataElements: { Context_First_Name: 'Jordan', Context_Last_Name: last } };
}

describe('HTTP adapter against the reference server', function () {
  let server: TestServer;
  let backend: HttpBackend;


  beforeEach(async () => {
    server = await startServer();
    backend = await connect(server, { timeoutMs: 5000 });
  });

  afterEach(async () => {
    backend.close();
    await stopServer(server);
  });

  describe('retries', () => {
    it('waits as long as a 429 Retry-After says, then succeeds', async () => {
      const customer = await backend.createCustomer(person('Ellis'));
      await scheduleFaults(server, [{ kind: 'status', status: 429, retryAfter: 1, method: 'GET', path: '/v1/customers/' }]);
      const started = performance.now();
      expect((await backend.getCustomer(customer.id)).id).to.equal(customer.id);
      expect(performance.now() - started).to.be.at.least(950);
      const gets = (await requestLog(server)).filter((entry) => entry.method === 'GET');
      expect(gets.map((entry) => entry.status)).to.deep.equal([429, 200]);
    });

    it('fails at once with unavailable when Retry-After would outlast the deadline', async () => {
      await scheduleFaults(server, [{ kind: 'status', status: 503, retryAfter: 30, method: 'GET' }]);
      const error = await rejection(backend.getCustomer('someone', { timeoutMs: 2000 }));
      expect(error.code).to.equal('unavailable');
      expect(error.message).to.contain('30 s');
      // At once: unavailable after one request, not a timeout at the 2 s deadline.
      expect((await requestLog(server)).length).to.equal(1);
    });

    it('retries a GET after a 503, a dropped connection and a 502, with backoff', async () => {
      const customer = await backend.createCustomer(person('Ellis'));
      await scheduleFaults(server, [
        { kind: 'status', status: 503, method: 'GET' },
        { kind: 'drop', method: 'GET' },
        { kind: 'status', status: 502, method: 'GET' },
      ]);
      expect((await backend.getCustomer(customer.id)).version).to.equal(1);
      const gets = (await requestLog(server)).filter((entry) => entry.method === 'GET');
      expect(gets.map((entry) => entry.fault ?? 'none')).to.deep.equal(['status', 'drop', 'status', 'none']);
    });

    it('does not retry a 500: it is a fault of the server, not a passing one', async () => {
      await scheduleFaults(server, [{ kind: 'status', status: 500, method: 'GET' }]);
      expect((await rejection(backend.getCustomer('someone'))).code).to.equal('unavailable');
      expect((await requestLog(server)).length).to.equal(1);
    });

    it('sends a write without an Idempotency-Key at most once', async () => {
      const once = await connect(server, { timeoutMs: 5000 }, { idempotentWrites: false });
      try {
        await scheduleFaults(server, [{ kind: 'status', status: 503, method: 'POST' }]);
        expect((await rejection(once.createCustomer(person('Ellis')))).code).to.equal('unavailable');
        const posts = (await requestLog(server)).filter((entry) => entry.method === 'POST');
        expect(posts.length).to.equal(1);
        expect(posts[0]!.idempotencyKey).to.equal(undefined);
        expect(await once.findCustomers('Ellis')).to.deep.equal([]);
      } finally {
        once.close();
      }
    });

    it('retries a write with its Idempotency-Key after a 503, and it is applied once', async () => {
      await scheduleFaults(server, [{ kind: 'status', status: 503, method: 'POST' }]);
      const created = await backend.createCustomer(person('Ellis'));
      const posts = (await requestLog(server)).filter((entry) => entry.method === 'POST');
      expect(posts.length).to.equal(2);
      expect(posts[0]!.idempotencyKey).to.be.a('string');
      expect(posts[1]!.idempotencyKey).to.equal(posts[0]!.idempotencyKey);
      expect((await backend.findCustomers('Ellis')).map((match) => match.customer.id)).to.deep.equal([created.id]);
    });

    it('a write whose answer is lost after it committed is retried and replayed, not applied twice', async () => {
      const customer = await backend.createCustomer(person('Ellis'));
      await scheduleFaults(server, [{ kind: 'drop-after', method: 'POST', path: '/v1/activities' }]);
      const activity = await backend.createActivity({ customerId: customer.id, title: 'Call' });
      const posts = (await requestLog(server)).filter((entry) => entry.path === '/v1/activities');
      expect(posts.map((entry) => [entry.fault ?? 'none', entry.replayed ?? false])).to.deep.equal([
        ['drop-after', false],
        ['none', true],
      ]);
      const page = await backend.listActivities(customer.id);
      expect(page.activities.map((stored) => stored.id)).to.deep.equal([activity.id]);
    });

    it('a caller\'s own Idempotency-Key makes a repeated write return the first result', async () => {
      const first = await backend.createCustomer(person('Ellis'), { idempotencyKey: 'outbox-42' });
      const again = await backend.createCustomer(person('Ellis'), { idempotencyKey: 'outbox-42' });
      expect(again).to.deep.equal(first);
      expect((await backend.findCustomers('Ellis')).length).to.equal(1);
      const error = await rejection(backend.createCustomer(person('Reyes'), { idempotencyKey: 'outbox-42' }));
      expect(error.code).to.equal('invalid-input');
      expect((error as ContextError & { issues: { path: string }[] }).issues[0]!.path).to.equal('Idempotency-Key');
    });
  });

  describe('answers that are not what the API promises', () => {
    it('a body that is not JSON is an invalid-response error, not a crash', async () => {
      await scheduleFaults(server, [{ kind: 'malformed', method: 'GET', path: '/v1/customers' }]);
      const error = await rejection(backend.findCustomers('Ellis'));
      expect(error.code).to.equal('invalid-response');
      expect(errorCause(error)).to.equal('The context store answered something invalid');
      // The next call is unaffected.
      expect(await backend.findCustomers('Ellis')).to.deep.equal([]);
      expect((await backend.status()).operations.findCustomers).to.include({ count: 2, errors: 1 });
    });

    it('JSON of the wrong shape is an invalid-response error naming where', async () => {
      const lying = await HttpBackend.connect({
        baseUrl: server.url,
        fetch: async () => new Response(JSON.stringify({ matches: [{ customer: { id: 7 } }] }), { headers: { 'Content-Type': 'application/json' } }),
      });
      const error = await rejection(lying.findCustomers('Ellis'));
      expect(error.code).to.equal('invalid-response');
      expect(error.message).to.contain('matches.0.customer');
    });

    it('a real stall of the server times out at the deadline', async () => {
      await scheduleFaults(server, [{ kind: 'delay', ms: 3000, method: 'GET' }]);
      const started = performance.now();
      const error = await rejection(backend.getCustomer('someone', { timeoutMs: 300 }));
      expect(error.code).to.equal('timeout');
      expect(error.message).to.contain('300 ms');
      // Never before its deadline; the 3 s delay would have answered had the deadline not fired.
      expect(performance.now() - started).to.be.at.least(250);
    });

    it('an unreachable server is unavailable, and status says so without rejecting', async () => {
      // Port 2 on loopback: nothing listens there, whereas a stopped test server's port could be
      // taken at once by a server another test file starts.
      const stopped = { url: 'http://127.0.0.1:2' };
      const gone = await HttpBackend.connect({ baseUrl: stopped.url, timeoutMs: 15_000, retry: { attempts: 2 } });
      expect((await rejection(gone.getCustomer('someone'))).code).to.equal('unavailable');
      const status = await gone.status();
      expect(status.reachable).to.equal(false);
      expect(status.backend).to.equal(`HTTP ${stopped.url}`);
    });
  });

  describe('authentication', () => {
    let secured: TestServer;
    beforeEach(async () => {
      secured = await startServer({ token: 's3cret-token' });
    });
    afterEach(async () => {
      await stopServer(secured);
    });

    it('a server with a token refuses requests without it, or with another, as unauthenticated', async () => {
      for (const token of [undefined, 'wrong']) {
        const stranger = await connect(secured, {}, token ? { token } : {});
        const error = await rejection(stranger.getCustomer('someone'));
        expect(error.code).to.equal('unauthenticated');
        expect((await stranger.status()).reachable).to.equal(false);
      }
      const raw = await fetch(`${secured.url}/v1/status`);
      expect(raw.status).to.equal(401);
      expect(raw.headers.get('Content-Type')).to.contain('json');
      expect(((await raw.json()) as { code: string }).code).to.equal('unauthenticated');
      // A token in the URL is not a credential.
      expect((await fetch(`${secured.url}/v1/status?access_token=s3cret-token`)).status).to.equal(401);
    });

    it('with the token in the Authorization header every call works, live changes included', async () => {
      let calls = 0;
      const member = await connect(secured, { timeoutMs: 5000 }, { token: () => (calls += 1, 's3cret-token') });
      try {
        const customer = await member.createCustomer(person('Ellis'));
        const heard: ActivityChange[] = [];
        const unsubscribe = member.subscribe(customer.id, (change) => heard.push(change));
        const activity = await member.createActivity({ customerId: customer.id, title: 'Chat' });
        await until(() => heard.some((change) => change.activityId === activity.id), 'the created activity heard over the secured stream');
        unsubscribe();
        expect(calls).to.be.at.least(3);
        const log = await requestLog(secured, 's3cret-token');
        expect(log.every((entry) => !entry.path.includes('token'))).to.equal(true);
        expect(log.some((entry) => entry.path === '/v1/events' && entry.status === 200)).to.equal(true);
      } finally {
        member.close();
      }
    });
  });

  describe('live changes over SSE', () => {
    async function subscribed(customerId: string) {
      const heard: ActivityChange[] = [];
      const unsubscribe = backend.subscribe(customerId, (change) => heard.push(change));
      await until(() => backend.eventStream(customerId)?.lastSeq !== undefined && backend.eventStream(customerId)!.connections > 0, 'the stream to open');
      return { heard, unsubscribe };
    }

    function createdIds(heard: readonly ActivityChange[]): string[] {
      return heard.filter((change) => change.kind === 'created').map((change) => change.activityId);
    }

    it('resumes after a dropped connection with Last-Event-ID: nothing missed, nothing twice', async () => {
      const customer = await backend.createCustomer(person('Ellis'));
      // Every stream the client opens is cut after two changes, and reconnecting takes a while.
      await scheduleFaults(server, [
        { kind: 'sse-drop', afterEvents: 2, times: 3 },
        { kind: 'delay', ms: 300, path: '/v1/events', times: 3 },
      ]);
      const { heard, unsubscribe } = await subscribed(customer.id);
      try {
        const ids: string[] = [];
        for (let index = 0; index < 7; index += 1) {
          ids.push((await backend.createActivity({ customerId: customer.id, title: `Message ${index}` })).id);
          await new Promise((resolve) => setTimeout(resolve, 60));
        }
        await until(() => createdIds(heard).length >= 7, `all 7 changes heard (heard ${createdIds(heard).length})`, 10_000);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(createdIds(heard)).to.deep.equal(ids);
        expect(heard.length).to.equal(7);
        const resumes = (await requestLog(server)).filter((entry) => entry.path === '/v1/events' && entry.lastEventId !== undefined);
        expect(resumes.length).to.be.at.least(2);
        expect(backend.eventStream(customer.id)!.connections).to.be.at.least(3);
      } finally {
        unsubscribe();
      }
    });

    it('a change written by someone else between a read and subscribe() is heard', async () => {
      const customer = await backend.createCustomer(person('Ellis'));
      const reader = await connect(server, { timeoutMs: 5000 });
      try {
        expect((await reader.listActivities(customer.id)).activities).to.deep.equal([]);
        const meanwhile = await backend.createActivity({ customerId: customer.id, title: 'Written after the read' });
        const heard: ActivityChange[] = [];
        const unsubscribe = reader.subscribe(customer.id, (change) => heard.push(change));
        await until(() => heard.length > 0, 'the change written before subscribing');
        unsubscribe();
        expect(heard.map((change) => change.activity)).to.deep.equal([meanwhile]);
      } finally {
        reader.close();
      }
    });

    it('backfills from /v1/changes when the server answers a resume with a gap', async () => {
      const customer = await backend.createCustomer(person('Ellis'));
      const other = await backend.createCustomer(person('Okafor'));
      await scheduleFaults(server, [{ kind: 'sse-drop', afterEvents: 1 }]);
      const { heard, unsubscribe } = await subscribed(customer.id);
      // For the reconnection: it waits, then is told that the changes since are past replaying.
      await scheduleFaults(server, [{ kind: 'delay', ms: 800, path: '/v1/events' }, { kind: 'sse-gap' }]);
      try {
        const ids = [(await backend.createActivity({ customerId: customer.id, title: 'Before the drop' })).id];
        await until(() => heard.length === 1, 'the first change');
        // Written while the client is cut off and waiting to reconnect.
        for (let index = 0; index < 4; index += 1) {
          ids.push((await backend.createActivity({ customerId: customer.id, title: `While away ${index}` })).id);
          await backend.createActivity({ customerId: other.id, title: `Someone else ${index}` });
        }
        await until(() => heard.length >= 5, `5 changes heard (heard ${heard.length})`, 10_000);
        const after = (await backend.createActivity({ customerId: customer.id, title: 'After the gap' })).id;
        await until(() => heard.length >= 6, 'the change after the gap');
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(createdIds(heard)).to.deep.equal([...ids, after]);
        expect(heard.every((change) => change.customerId === customer.id)).to.equal(true);
        const log = await requestLog(server);
        expect(log.some((entry) => entry.path === '/v1/events' && entry.lastEventId !== undefined && entry.fault === undefined)).to.equal(true);
        expect(log.filter((entry) => entry.path === '/v1/changes').length).to.be.at.least(1);
      } finally {
        unsubscribe();
      }
    });

    it('answers a resume from too far back with a gap of its own accord (replay limit)', async () => {
      const limited = await startServer({ replayLimit: 2 });
      const client = await connect(limited, { timeoutMs: 5000 });
      try {
        const customer = await client.createCustomer(person('Ellis'));
        const from = client.lastSeq!;
        for (let index = 0; index < 4; index += 1) await client.createActivity({ customerId: customer.id, title: `Change ${index}` });
        const response = await fetch(`${limited.url}/v1/events?customerId=${customer.id}`, { headers: { 'Last-Event-ID': String(from) } });
        const events = readEvents(response.body!);
        const first = (await events.next()).value!;
        await events.return(undefined);
        expect(first.event).to.equal('gap');
        expect(JSON.parse(first.data)).to.deep.equal({ after: from, head: from + 4 });
        const small = await fetch(`${limited.url}/v1/events?customerId=${customer.id}`, { headers: { 'Last-Event-ID': String(from + 2) } });
        const replay = readEvents(small.body!);
        const replayed = [(await replay.next()).value!, (await replay.next()).value!, (await replay.next()).value!];
        await replay.return(undefined);
        expect(replayed.map((event) => [event.event, event.id])).to.deep.equal([
          ['change', String(from + 3)],
          ['change', String(from + 4)],
          ['ready', String(from + 4)],
        ]);
      } finally {
        client.close();
        await stopServer(limited);
      }
    });

    it('a stream that goes silent is reopened by the watchdog, and still misses nothing', async () => {
      const watched = await connect(server, { timeoutMs: 5000 }, { events: { idleMs: 400 } });
      try {
        const customer = await watched.createCustomer(person('Ellis'));
        await scheduleFaults(server, [{ kind: 'sse-slow', ms: 1500 }]);
        const heard: ActivityChange[] = [];
        const unsubscribe = watched.subscribe(customer.id, (change) => heard.push(change));
        const ids: string[] = [];
        for (let index = 0; index < 3; index += 1) ids.push((await watched.createActivity({ customerId: customer.id, title: `Slow ${index}` })).id);
        await until(() => heard.length >= 3, `3 changes heard (heard ${heard.length})`, 10_000);
        unsubscribe();
        expect(heard.map((change) => change.activityId)).to.deep.equal(ids);
        expect(watched.eventStream(customer.id)).to.equal(undefined);
      } finally {
        watched.close();
        await clearFaults(server);
      }
    });
  });
});
