import { expect } from '@open-wc/testing';
import { bindingRefusal, isLoopback, parseAllowedOrigins, parseDuration, parseRateLimit, splitList } from '../../server/config.js';
import { advanceClock, breakWrites, rawRequest, scheduleFaults, serverLog, startServer, stopServer, type TestServer } from './http-support.js';
import { WAIT_MS } from '../support/wait.js';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

interface Problem {
  status: number;
  code: string;
  detail: string;
  reference?: string;
  issues?: { path: string; message: string }[];
}

async function problemOf(response: Response): Promise<Problem> {
  expect(response.headers.get('Content-Type')).to.contain('application/problem+json');
  return (await response.json()) as Problem;
}

function send(server: TestServer, method: string, path: string, body: unknown, headers: Record<string, string> = JSON_HEADERS): Promise<Response> {
  return fetch(`${server.url}${path}`, { method, headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

const jordan = { dataElements: { Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis' } };

describe('reference server hardening', function () {
  let server: TestServer;

  beforeEach(async () => {
    server = await startServer();
    expect((await send(server, 'POST', '/v1/customers', { ...jordan, id: 'c-1' })).status).to.equal(201);
    expect((await send(server, 'POST', '/v1/activities', { id: 'a-1', customerId: 'c-1', title: 'Chat' })).status).to.equal(201);
    expect((await send(server, 'POST', '/v1/requests', { id: 'r-1', customerId: 'c-1' })).status).to.equal(201);
  });

  afterEach(async () => {
    await stopServer(server);
  });

  describe('JSON bodies only', () => {
    it('refuses a write sent as text/plain, form-urlencoded, multipart or with no content type, with 415, and stores nothing', async () => {
      const body = JSON.stringify({ ...jordan, id: 'c-forged' });
      const form = new FormData();
      form.set('id', 'c-forged');
      const attempts: [string, RequestInit][] = [
        ['text/plain', { body, headers: { 'Content-Type': 'text/plain' } }],
        ['text/plain, as a form posts it', { body: 'x={"a":1}', headers: { 'Content-Type': 'text/plain;charset=UTF-8' } }],
        ['form-urlencoded', { body: new URLSearchParams({ id: 'c-forged' }) }],
        ['multipart', { body: form }],
        ['no content type', { body: new Blob([body]) }],
        ['JSON with another charset', { body, headers: { 'Content-Type': 'application/json; charset=latin1' } }],
        ['a look-alike type', { body, headers: { 'Content-Type': 'application/jsonp' } }],
      ];
      for (const [what, init] of attempts) {
        const answer = await fetch(`${server.url}/v1/customers`, { method: 'POST', ...init });
        expect(answer.status, what).to.equal(415);
        expect((await problemOf(answer)).code, what).to.equal('invalid-input');
      }
      const patch = await fetch(`${server.url}/v1/customers/c-1`, { method: 'PATCH', body: '{"expectedVersion":1}', headers: { 'Content-Type': 'text/plain' } });
      expect(patch.status).to.equal(415);
      const faults = await fetch(`${server.url}/__faults`, { method: 'POST', body: '{"faults":[]}', headers: { 'Content-Type': 'text/plain' } });
      expect(faults.status).to.equal(415);
      expect((await fetch(`${server.url}/v1/customers/c-forged`)).status).to.equal(404);
    });

    it('accepts application/json with a UTF-8 charset and +json types', async () => {
      for (const [id, type] of [
        ['c-2', 'application/json; charset=utf-8'],
        ['c-3', 'Application/JSON;charset="UTF-8"'],
        ['c-4', 'application/merge-patch+json'],
      ] as const) {
        const answer = await send(server, 'POST', '/v1/customers', { ...jordan, id }, { 'Content-Type': type });
        expect(answer.status, type).to.equal(201);
      }
    });
  });

  describe('CORS', () => {
    const preflight = (origin: string) =>
      rawRequest(server, '/v1/customers', {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'PATCH', 'Access-Control-Request-Headers': 'content-type, idempotency-key' },
      });

    it('allows a listed origin its methods and headers, and lets it read the API headers', async () => {
      const finesse = await startServer({ allowedOrigins: ['https://finesse.example.com'] });
      try {
        const answer = await rawRequest(finesse, '/v1/customers', { method: 'OPTIONS', headers: { Origin: 'https://finesse.example.com', 'Access-Control-Request-Method': 'PATCH' } });
        expect(answer.status).to.equal(204);
        expect(answer.headers['access-control-allow-origin']).to.equal('https://finesse.example.com');
        expect(answer.headers['access-control-allow-methods']).to.contain('PATCH');
        for (const header of ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID', 'Context-Lab-Mode', 'Context-Region']) {
          expect(answer.headers['access-control-allow-headers']).to.contain(header);
        }
        expect(answer.headers['access-control-allow-credentials']).to.equal(undefined);
        const read = await rawRequest(finesse, '/v1/status', { headers: { Origin: 'https://finesse.example.com' } });
        expect(read.headers['access-control-allow-origin']).to.equal('https://finesse.example.com');
        expect(read.headers['access-control-expose-headers']).to.equal('Retry-After, WWW-Authenticate, Context-Seq, Idempotent-Replayed');
        expect(read.headers['vary']).to.contain('Origin');
      } finally {
        await stopServer(finesse);
      }
    });

    it('gives an unlisted, a null or a look-alike origin no CORS header at all, preflights included', async () => {
      for (const origin of ['https://evil.test', 'null', 'https://finesse.example.com.evil.test', `${location.origin}.evil.test`, location.origin.toUpperCase(), '*']) {
        const answer = await preflight(origin);
        const cors = Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'));
        expect(cors, origin).to.deep.equal([]);
        const read = await rawRequest(server, '/v1/customers/c-1', { headers: { Origin: origin } });
        expect(read.status, origin).to.equal(200);
        expect(Object.keys(read.headers).filter((name) => name.startsWith('access-control-')), origin).to.deep.equal([]);
        const failed = await rawRequest(server, '/v1/customers/nobody', { headers: { Origin: origin } });
        expect(failed.headers['access-control-allow-origin'], origin).to.equal(undefined);
      }
      // The listed origin (this page's) still gets them.
      expect((await preflight(location.origin)).headers['access-control-allow-origin']).to.equal(location.origin);
    });

    it('keeps a browser page of an unlisted origin from reading answers', async () => {
      const other = await startServer({ allowedOrigins: ['https://finesse.example.com'] });
      try {
        const refused = await fetch(`${other.url}/v1/status`).then(
          () => 'read',
          (error: unknown) => (error instanceof TypeError ? 'blocked' : String(error)),
        );
        expect(refused).to.equal('blocked');
      } finally {
        await stopServer(other);
      }
    });

    it('carries the headers on error answers and on event streams for a listed origin', async () => {
      const missing = await fetch(`${server.url}/v1/customers/nobody`);
      expect(missing.status).to.equal(404);
      const stream = await rawRequest(server, '/v1/events', { headers: { Origin: location.origin } });
      expect(stream.headers['content-type']).to.contain('text/event-stream');
      expect(stream.headers['access-control-allow-origin']).to.equal(location.origin);
    });
  });

  describe('NUL characters and unpaired surrogates', () => {
    const bad = ['\u0000', 'a\u0000b', '\uD800', 'x\uDFFFy', '\uDBFF'];

    async function expectIssue(answer: Response, path: string): Promise<void> {
      expect(answer.status, path).to.equal(422);
      const problem = await problemOf(answer);
      expect(problem.code).to.equal('invalid-input');
      expect(problem.issues!.map((issue) => issue.path)).to.include(path);
    }

    it('refuses them in body values and keys, at any depth, for customers, activities and requests', async () => {
      for (const text of bad) {
        await expectIssue(await send(server, 'POST', '/v1/customers', { dataElements: { Context_First_Name: text } }), 'dataElements.Context_First_Name');
        await expectIssue(await send(server, 'POST', '/v1/customers', { dataElements: { [`Context_${text}`]: 'x' } }), `dataElements.Context_${text.replace(/[\0\uD800-\uDFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}`);
        await expectIssue(await send(server, 'PATCH', '/v1/customers/c-1', { expectedVersion: 1, dataElements: { Context_City: text } }), 'dataElements.Context_City');
        await expectIssue(await send(server, 'POST', '/v1/activities', { customerId: 'c-1', title: text }), 'title');
        await expectIssue(await send(server, 'POST', '/v1/activities', { customerId: 'c-1', title: 'ok', tags: ['fine', text] }), 'tags.1');
        await expectIssue(await send(server, 'PATCH', '/v1/activities/a-1', { expectedVersion: 1, title: text }), 'title');
        await expectIssue(await send(server, 'POST', '/v1/requests', { customerId: 'c-1', dataElements: { Context_Title: text } }), 'dataElements.Context_Title');
        await expectIssue(await send(server, 'PATCH', '/v1/requests/r-1', { expectedVersion: 1, tags: [text] }), 'tags.0');
        await expectIssue(await send(server, 'POST', '/v1/customers', JSON.stringify(text)), '');
      }
      const deep = await send(server, 'POST', '/v1/activities', { customerId: 'c-1', title: 'ok', a: { b: [{ c: '\u0000' }] } });
      await expectIssue(deep, 'a.b.0.c');
      // Well-formed pairs (an emoji) are fine.
      expect((await send(server, 'POST', '/v1/activities', { customerId: 'c-1', title: 'Thanks \u{1F600}' })).status).to.equal(201);
    });

    it('refuses them in query parameters and path ids', async () => {
      await expectIssue(await fetch(`${server.url}/v1/customers?q=jo%00rdan`), 'q');
      await expectIssue(await fetch(`${server.url}/v1/customers/c-1/activities?text=%00`), 'text');
      await expectIssue(await fetch(`${server.url}/v1/customers/c-1/activities?cursor=a%00`), 'cursor');
      await expectIssue(await fetch(`${server.url}/v1/changes?customerId=%00`), 'customerId');
      await expectIssue(await fetch(`${server.url}/v1/customers?q%00=x`), 'q\\u0000');
      for (const path of ['/v1/customers/c%00', '/v1/customers/c%00/activities', '/v1/customers/c%00/requests', '/v1/activities/%00', '/v1/requests/r%00', '/v1/customers/%00%ZZ', '/v1/customers/%ED%A0%80']) {
        await expectIssue(await fetch(`${server.url}${path}`), 'id');
      }
      await expectIssue(await send(server, 'PATCH', '/v1/customers/c%00', { expectedVersion: 1 }), 'id');
      await expectIssue(await fetch(`${server.url}/v1/activities/a%00`, { method: 'DELETE', headers: { 'Context-Lab-Mode': 'true' } }), 'id');
      expect((await serverLog(server)).length).to.equal(0);
    });
  });

  describe('error logs', () => {
    it('log a 500 by reference, method, route, class and SQLSTATE, without the body or any value', async () => {
      await breakWrites(server);
      const secret = 'Zanzibar-7741-secret';
      const answer = await send(server, 'POST', '/v1/customers', { id: 'c-secret', dataElements: { Context_First_Name: secret, Context_Last_Name: `${secret}-2` } });
      expect(answer.status).to.equal(500);
      const problem = await problemOf(answer);
      expect(problem.code).to.equal('unavailable');
      expect(problem.reference).to.match(/^[0-9a-f-]{36}$/);
      expect(JSON.stringify(problem)).not.to.contain(secret);
      const patched = await send(server, 'PATCH', '/v1/customers/c-1?note=query-secret', { expectedVersion: 1, dataElements: { Context_City: secret } });
      expect(patched.status).to.equal(500);
      const lines = await serverLog(server);
      expect(lines.length).to.equal(2);
      expect(lines[0]).to.contain(`reference=${problem.reference}`);
      expect(lines[0]).to.contain('method=POST route=/v1/customers ');
      expect(lines[0]).to.match(/sqlstate=23514/);
      expect(lines[1]).to.contain('method=PATCH route=/v1/customers/:id ');
      for (const line of lines) {
        expect(line).not.to.contain(secret);
        expect(line).not.to.contain('c-secret');
        expect(line).not.to.contain('query-secret');
        expect(line).not.to.contain('Failing row');
      }
    });
  });
});

describe('rate limit per caller', function () {
  let server: TestServer;

  beforeEach(async () => {
    // 3 requests a minute; the server's clock stands still until the test moves it.
    server = await startServer({ rateLimit: { requests: 3, perMs: 60_000 } });
  });

  afterEach(async () => {
    await stopServer(server);
  });

  const status = (headers: Record<string, string> = {}) => fetch(`${server.url}/v1/status`, { headers });

  it('answers 429 with Retry-After in whole seconds once a caller has used its requests, and refills with time', async () => {
    for (let index = 0; index < 3; index += 1) expect((await status()).status).to.equal(200);
    const refused = await status();
    expect(refused.status).to.equal(429);
    expect(refused.headers.get('Retry-After')).to.equal('20');
    const problem = await problemOf(refused);
    expect(problem.code).to.equal('unavailable');
    // Writes count too, and are refused before they touch anything.
    const write = await send(server, 'POST', '/v1/customers', { ...jordan, id: 'c-limited' });
    expect(write.status).to.equal(429);
    await advanceClock(server, 19_999);
    expect((await status()).status).to.equal(429);
    await advanceClock(server, 1);
    expect((await status()).status).to.equal(200);
    expect((await status()).status).to.equal(429);
    await advanceClock(server, 60_000);
    for (let index = 0; index < 3; index += 1) expect((await status()).status).to.equal(200);
    expect((await status()).status).to.equal(429);
    expect((await fetch(`${server.url}/v1/customers/c-limited`)).status).to.equal(429);
  });

  it('counts each bearer token apart from the others and from callers without one', async () => {
    for (let index = 0; index < 3; index += 1) expect((await status()).status).to.equal(200);
    expect((await status()).status).to.equal(429);
    for (let index = 0; index < 3; index += 1) expect((await status({ Authorization: 'Bearer agent-1' })).status).to.equal(200);
    expect((await status({ Authorization: 'Bearer agent-1' })).status).to.equal(429);
    expect((await status({ Authorization: 'Bearer agent-2' })).status).to.equal(200);
    // A preflight costs nothing.
    const preflight = await rawRequest(server, '/v1/status', { method: 'OPTIONS', headers: { Origin: location.origin, 'Access-Control-Request-Method': 'GET' } });
    expect(preflight.status).to.equal(204);
  });
});

describe('failed sign-ins per address', function () {
  let server: TestServer;

  beforeEach(async () => {
    // 3 failed sign-ins a minute; the server's clock stands still until the test moves it.
    server = await startServer({ token: 'the-right-token', signInLimit: { requests: 3, perMs: 60_000 } });
  });

  afterEach(async () => {
    await stopServer(server);
  });

  const status = (token: string) => fetch(`${server.url}/v1/status`, { headers: { Authorization: `Bearer ${token}` } });

  it('lets the right token in however often; after three wrong guesses even the right one waits, so guessing stops', async () => {
    for (let index = 0; index < 5; index += 1) expect((await status('the-right-token')).status).to.equal(200);
    for (const guess of ['guess-1', 'guess-2', 'guess-3']) expect((await status(guess)).status).to.equal(401);
    const locked = await status('the-right-token');
    expect(locked.status).to.equal(429);
    expect(locked.headers.get('Retry-After')).to.equal('20');
    expect((await status('guess-4')).status).to.equal(429);
    await advanceClock(server, 20_000);
    expect((await status('the-right-token')).status).to.equal(200);
    expect((await status('guess-5')).status).to.equal(401);
    expect((await status('guess-6')).status).to.equal(429);
  });
});

/** Polls an asynchronous check until it holds, or fails saying what did not happen. */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = performance.now() + WAIT_MS;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`Timed out waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('deadline per request', function () {
  // Long enough that no request of this test comes near it on a busy machine: the late ones are
  // held by the fault harness until it has passed, however long that takes.
  const DEADLINE_MS = 2000;
  let server: TestServer;

  beforeEach(async () => {
    server = await startServer({ requestTimeoutMs: DEADLINE_MS });
  });

  afterEach(async () => {
    await stopServer(server);
  });

  it('answers 503 with Retry-After when a request is still being handled at its deadline', async () => {
    await scheduleFaults(server, [{ kind: 'hang', method: 'GET', path: '/v1/customers' }]);
    const late = await fetch(`${server.url}/v1/customers?q=jordan`);
    expect(late.status).to.equal(503);
    expect(late.headers.get('Retry-After')).to.equal('1');
    const problem = await problemOf(late);
    expect(problem.code).to.equal('unavailable');
    expect(problem.detail).to.contain(`${DEADLINE_MS} ms`);
    await scheduleFaults(server, [{ kind: 'hang', method: 'POST', path: '/v1/customers' }]);
    const write = await send(server, 'POST', '/v1/customers', { ...jordan, id: 'c-late' });
    expect(write.status).to.equal(503);
    // The handlers, once held past the deadline, give up instead of doing the work.
    await until(async () => (await serverLog(server)).length === 2, 'both requests abandoned');
    expect(await serverLog(server)).to.deep.equal([
      'abandoned at its deadline method=GET route=/v1/customers',
      'abandoned at its deadline method=POST route=/v1/customers',
    ]);
    expect((await fetch(`${server.url}/v1/customers/c-late`)).status).to.equal(404);
    // The next request, without a fault, is answered as usual.
    expect((await fetch(`${server.url}/v1/customers?q=jordan`)).status).to.equal(200);
  });
});

describe('server configuration (server/config.ts)', () => {
  it('binds without authentication to loopback addresses only', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', 'localhost', 'LOCALHOST', 'app.localhost', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
      expect(isLoopback(host), host).to.equal(true);
      expect(bindingRefusal(host, false), host).to.equal(undefined);
    }
    for (const host of ['0.0.0.0', '::', '', '192.168.1.10', '10.0.0.1', 'example.com', '127.0.0.1.evil.test', 'localhost.evil.test', '128.0.0.1', '1270.0.0.1', '::2', '::ffff:10.0.0.1']) {
      expect(isLoopback(host), host).to.equal(false);
      expect(bindingRefusal(host, false), host).to.contain('no authentication is configured');
      expect(bindingRefusal(host, true), host).to.equal(undefined);
    }
  });

  it('reads durations, rate limits and origins, and refuses anything else with a message naming the setting', () => {
    expect(parseDuration('30s', '--request-timeout')).to.equal(30_000);
    expect(parseDuration('250ms', 'x')).to.equal(250);
    expect(parseDuration('2m', 'x')).to.equal(120_000);
    expect(parseDuration('1500', 'x')).to.equal(1500);
    for (const bad of ['', '0', '-1s', '1.5s', '10 years', 's']) expect(() => parseDuration(bad, '--request-timeout'), bad).to.throw(RangeError, '--request-timeout');
    expect(parseRateLimit('600/60s', 'x')).to.deep.equal({ requests: 600, perMs: 60_000 });
    expect(parseRateLimit('10 / 1s', 'x')).to.deep.equal({ requests: 10, perMs: 1000 });
    expect(parseRateLimit('off', 'x')).to.equal(undefined);
    for (const bad of ['600', '0/60s', '600/', '/60s', 'lots']) expect(() => parseRateLimit(bad, '--rate-limit'), bad).to.throw(RangeError, '--rate-limit');
    expect(parseAllowedOrigins(['https://finesse.example.com', 'http://localhost:5173'])).to.deep.equal(['https://finesse.example.com', 'http://localhost:5173']);
    for (const bad of ['null', '*', 'https://finesse.example.com/', 'https://finesse.example.com/path', 'finesse.example.com', 'file:///tmp', 'HTTPS://FINESSE.EXAMPLE.COM', 'https://user@finesse.example.com']) {
      expect(() => parseAllowedOrigins([bad]), bad).to.throw(RangeError);
    }
    expect(splitList(' https://a.example, ,https://b.example ')).to.deep.equal(['https://a.example', 'https://b.example']);
  });
});
