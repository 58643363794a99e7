import { expect } from '@open-wc/testing';
import { HttpTransport, errorOf, type ApiRequest, type RetryPolicy } from '../../src/backend/http-transport.js';
import { ContextError, ConflictError, NotFoundError, customerSchema } from '../../src/model/index.js';

type Answer = Response | Error;

/** A transport whose fetch answers from `answers` in turn, recording what was asked. */
function transport(answers: Answer[], retry: RetryPolicy = { attempts: 4, baseDelayMs: 10, maxDelayMs: 20 }) {
  const asked: { url: string; init: RequestInit }[] = [];
  const http = new HttpTransport({
    baseUrl: 'http://127.0.0.1:1/',
    labMode: true,
    region: 'GB',
    token: 'abc',
    retry,
    fetch: async (input, init) => {
      asked.push({ url: String(input), init: init ?? {} });
      const answer = answers.shift() ?? new Error('no more answers');
      if (answer instanceof Error) throw answer;
      return answer;
    },
  });
  return { http, asked };
}

function request(overrides: Partial<ApiRequest> = {}): ApiRequest {
  return { method: 'GET', path: '/v1/status', deadline: performance.now() + 5000, signal: new AbortController().signal, ...overrides };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

async function failure(promise: Promise<unknown>): Promise<ContextError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(ContextError);
    return error as ContextError;
  }
  throw new Error('expected a failure');
}

describe('HttpTransport', () => {
  it('sends the partition, the region and the token as headers, never in the URL', async () => {
    const { http, asked } = transport([json(200, { ok: true })]);
    await http.send(request({ query: { q: 'a b+c', limit: undefined, customerId: ['x', 'y'] } }));
    expect(asked[0]!.url).to.equal('http://127.0.0.1:1/v1/status?q=a+b%2Bc&customerId=x&customerId=y');
    expect(asked[0]!.init.headers).to.include({ Authorization: 'Bearer abc', 'Context-Lab-Mode': 'true', 'Context-Region': 'GB' });
    expect(asked[0]!.init.credentials).to.equal('omit');
  });

  it('remembers the newest Context-Seq it has seen', async () => {
    const { http } = transport([json(200, {}, { 'Context-Seq': '12' }), json(200, {}, { 'Context-Seq': '9' }), json(200, {}, { 'Context-Seq': 'x' })]);
    for (let index = 0; index < 3; index += 1) await http.send(request());
    expect(http.lastSeq).to.equal(12);
  });

  it('tries a GET again after network failures, and gives up as unavailable after the last try', async () => {
    const { http, asked } = transport([new TypeError('Failed to fetch'), new TypeError('Failed to fetch'), json(200, { ok: 1 })]);
    expect((await http.send(request())).body).to.deep.equal({ ok: 1 });
    expect(asked.length).to.equal(3);
    const down = transport(Array.from({ length: 4 }, () => new TypeError('Failed to fetch')));
    expect((await failure(down.http.send(request()))).code).to.equal('unavailable');
    expect(down.asked.length).to.equal(4);
  });

  it('sends a POST without an Idempotency-Key once, and one with a key again with the same key', async () => {
    const once = transport([new TypeError('Failed to fetch'), json(201, {})]);
    expect((await failure(once.http.send(request({ method: 'POST', body: {} })))).code).to.equal('unavailable');
    expect(once.asked.length).to.equal(1);
    const keyed = transport([json(503, { code: 'unavailable', detail: 'busy' }), json(201, { id: 'c' })]);
    await keyed.http.send(request({ method: 'POST', body: {}, idempotencyKey: 'k-1' }));
    expect(keyed.asked.map((call) => (call.init.headers as Record<string, string>)['Idempotency-Key'])).to.deep.equal(['k-1', 'k-1']);
  });

  it('never waits past the deadline between tries', async () => {
    // The jitter is fixed at half the backoff: a 2.5 s wait with 300 ms left, so the first failure is the answer.
    const { http, asked } = transport([json(503, {}), json(200, {})], { attempts: 4, baseDelayMs: 5000, maxDelayMs: 5000, random: () => 0.5 });
    const error = await failure(http.send(request({ deadline: performance.now() + 300 })));
    expect(error.code).to.equal('unavailable');
    expect(asked.length).to.equal(1);
  });

  it('does wait and try again when the jittered wait fits before the deadline', async () => {
    // Full jitter can pick a wait far below the backoff: 0.1% of 5 s fits in the 60 s left.
    const { http, asked } = transport([json(503, {}), json(200, { ok: 1 })], { attempts: 4, baseDelayMs: 5000, maxDelayMs: 5000, random: () => 0.001 });
    expect((await http.send(request({ deadline: performance.now() + 60_000 }))).body).to.deep.equal({ ok: 1 });
    expect(asked.length).to.equal(2);
  });

  it('reads a cut-off or non-JSON success as invalid-response, and does not retry it', async () => {
    const { http, asked } = transport([new Response('{"matches": [', { status: 200 })]);
    expect((await failure(http.send(request()))).code).to.equal('invalid-response');
    expect(asked.length).to.equal(1);
  });
});

describe('errorOf', () => {
  it('maps each problem code to its ContextError, with what it carries', () => {
    const notFound = errorOf(404, { code: 'not-found', detail: 'x' }, { subject: { kind: 'customer', id: 'c-1' } });
    expect(notFound).to.be.instanceOf(NotFoundError);
    expect(notFound.message).to.equal('No customer with id "c-1"');
    const current = { id: 'c-1', state: 'active', tags: [], contributors: [], fieldsets: ['cisco.base.customer'], dataElements: {}, created: '2026-01-01T00:00:00.000Z', lastUpdated: '2026-01-01T00:00:00.000Z', version: 2 };
    const conflict = errorOf(409, { code: 'conflict', detail: 'changed', current }, { current: customerSchema });
    expect(conflict).to.be.instanceOf(ConflictError);
    expect((conflict as ConflictError).current).to.deep.equal(current);
    expect(() => errorOf(409, { code: 'conflict', detail: 'changed', current: { id: 3 } }, { current: customerSchema })).to.throw(/invalid/);
    const invalid = errorOf(422, { code: 'invalid-input', detail: 'bad', issues: [{ path: 'tags', message: 'Tags must be unique' }] }, {});
    expect((invalid as ContextError & { issues: unknown }).issues).to.deep.equal([{ path: 'tags', message: 'Tags must be unique' }]);
    expect(errorOf(403, { code: 'forbidden', detail: 'no' }, {}).code).to.equal('forbidden');
    expect(errorOf(401, { code: 'unauthenticated', detail: 'sign in' }, {}).code).to.equal('unauthenticated');
    // An older server said forbidden for missing credentials too: the status decides.
    expect(errorOf(401, { code: 'forbidden', detail: 'no' }, {}).code).to.equal('unauthenticated');
    expect(errorOf(504, { code: 'timeout', detail: 'slow' }, {}).code).to.equal('unavailable');
  });

  it('falls back on the status when the body is no problem', () => {
    expect(errorOf(401, '<html>', {}).code).to.equal('unauthenticated');
    expect(errorOf(403, '<html>', {}).code).to.equal('forbidden');
    expect(errorOf(413, undefined, {}).code).to.equal('invalid-input');
    expect(errorOf(431, undefined, {}).code).to.equal('invalid-input');
    expect(errorOf(503, '<html>proxy</html>', {}).code).to.equal('unavailable');
    expect(errorOf(429, undefined, {}).code).to.equal('unavailable');
    expect(errorOf(404, '<html>', {}).code).to.equal('invalid-response');
    expect(errorOf(418, { code: 'teapot' }, {}).code).to.equal('invalid-response');
  });
});
