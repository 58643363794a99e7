import { expect } from '@open-wc/testing';
import * as fc from 'fast-check';
import type { ActivityChange } from '../../src/backend/adapter.js';
import type { HttpBackend } from '../../src/backend/http-adapter.js';
import { ChangeFeedReset, readEvents } from '../../src/backend/http-events.js';
import {
  clearFaults,
  connect,
  requestLog,
  restoreServer,
  runRetention,
  scheduleFaults,
  serverEnv,
  startServer,
  stopServer,
  until,
  type FaultRule,
  type TestServer,
} from '../server/http-support.js';

const jordan = { dataElements: { Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis' } };
const FAST_RECONNECT = { events: { baseDelayMs: 20, maxDelayMs: 200 } };

function createdIds(heard: readonly ActivityChange[]): string[] {
  return heard.filter((change) => change.kind === 'created').map((change) => change.activityId);
}

async function writeActivities(backend: HttpBackend, customerId: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) ids.push((await backend.createActivity({ customerId, title: `Change ${index}` })).id);
  return ids;
}

const { postgres: withPostgres } = await serverEnv();
for (const postgres of withPostgres ? [false, true] : [false]) {
  describe(`change numbers in order past 9 and 99${postgres ? ' on PostgreSQL (DATABASE_URL)' : ' on PGlite'}`, function () {
    let server: TestServer | undefined;

    afterEach(async () => {
      if (server) await stopServer(server);
      server = undefined;
    });

    it('the feed and the stream replay order change numbers as numbers, not as text', async () => {
      server = await startServer({ postgres });
      const backend = await connect(server);
      try {
        const customer = await backend.createCustomer(jordan);
        await writeActivities(backend, customer.id, 12);
        const page = async (after: number, limit: number) =>
          ((await (await fetch(`${server!.url}/v1/changes?after=${after}&limit=${limit}`)).json()) as { changes: { seq: number }[] }).changes.map((change) => change.seq);
        expect(await page(0, 3)).to.deep.equal([1, 2, 3]);
        expect(await page(8, 3)).to.deep.equal([9, 10, 11]);
        expect(await page(0, 100)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        const response = await fetch(`${server.url}/v1/events?customerId=${customer.id}`, { headers: { 'Last-Event-ID': '8' } });
        const events = readEvents(response.body!);
        const replayed: string[] = [];
        for (let index = 0; index < 5; index += 1) replayed.push((await events.next()).value!.id!);
        await events.return(undefined);
        expect(replayed).to.deep.equal(['9', '10', '11', '12', '12']);
      } finally {
        backend.close();
      }
    });
  });
}

describe('a Last-Event-ID beyond the head', function () {
  let server: TestServer;
  let backend: HttpBackend;

  beforeEach(async () => {
    server = await startServer();
    backend = await connect(server, {}, FAST_RECONNECT);
  });

  afterEach(async () => {
    backend.close();
    await stopServer(server);
  });

  it('is answered with reset at the head, and the stream goes on from there', async () => {
    const customer = await backend.createCustomer(jordan);
    await writeActivities(backend, customer.id, 2);
    const response = await fetch(`${server.url}/v1/events?customerId=${customer.id}`, { headers: { 'Last-Event-ID': '7' } });
    const events = readEvents(response.body!);
    const reset = (await events.next()).value!;
    expect([reset.event, reset.id, JSON.parse(reset.data)]).to.deep.equal(['reset', '2', { head: 2 }]);
    await writeActivities(backend, customer.id, 1);
    const change = (await events.next()).value!;
    await events.return(undefined);
    expect([change.event, change.id]).to.deep.equal(['change', '3']);
  });

  it('after the server is restored from an older backup, the adapter takes the head and passes every new change on', async () => {
    const resets: ChangeFeedReset[] = [];
    backend.close();
    backend = await connect(server, {}, { events: { ...FAST_RECONNECT.events, onError: (error) => error instanceof ChangeFeedReset && resets.push(error) } });
    const customer = await backend.createCustomer(jordan);
    const heard: ActivityChange[] = [];
    const unsubscribe = backend.subscribe(customer.id, (change) => heard.push(change));
    try {
      const before = await writeActivities(backend, customer.id, 5);
      await until(() => heard.length === 5, 'the first five changes');
      expect(backend.eventStream(customer.id)!.lastSeq).to.equal(5);
      // The backup holds changes 1 and 2; 3, 4 and 5 will be given again, to new changes.
      await restoreServer(server, 2);
      await until(() => resets.length === 1, 'the reset');
      expect(backend.eventStream(customer.id)!.lastSeq).to.equal(2);
      expect([resets[0]!.head, resets[0]!.lastSeq]).to.deep.equal([2, 5]);
      const after = await writeActivities(backend, customer.id, 4);
      await until(() => heard.length === 9, `the four changes after the restore (heard ${heard.length})`);
      expect(createdIds(heard)).to.deep.equal([...before, ...after]);
      expect(backend.eventStream(customer.id)!.lastSeq).to.equal(6);
    } finally {
      unsubscribe();
    }
  });
});

describe('a change feed pruned behind the client', function () {
  const DAY_MS = 86_400_000;
  let server: TestServer;
  let backend: HttpBackend;
  let errors: unknown[];

  beforeEach(async () => {
    server = await startServer();
    errors = [];
    backend = await connect(server, {}, { events: { ...FAST_RECONNECT.events, onError: (error) => errors.push(error) } });
  });

  afterEach(async () => {
    backend.close();
    await stopServer(server);
  });

  /** The client hears of change 1; changes 2 and 3 are written by someone else; then the feed keeps a day and is pruned two days on, through 3. */
  async function pruneBehind(): Promise<string> {
    const customer = await backend.createCustomer(jordan);
    await writeActivities(backend, customer.id, 1);
    for (const title of ['Elsewhere 1', 'Elsewhere 2']) {
      const written = await fetch(`${server.url}/v1/activities`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ customerId: customer.id, title }) });
      expect(written.status).to.equal(201);
    }
    const put = await fetch(`${server.url}/v1/retention`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ activityRetentionDays: null, changeFeedRetentionDays: 1 }) });
    expect(put.status).to.equal(200);
    expect(await runRetention(server, { now: Date.now() + 2 * DAY_MS })).to.deep.include({ changesPruned: 3, prunedThrough: { default: 3 } });
    return customer.id;
  }

  async function expectResetAndLiveChanges(customerId: string, heard: ActivityChange[]): Promise<void> {
    await until(() => errors.length > 0, 'the reset');
    expect(errors).to.have.length(1);
    expect(errors[0]).to.be.instanceOf(ChangeFeedReset);
    expect([(errors[0] as ChangeFeedReset).head, (errors[0] as ChangeFeedReset).lastSeq]).to.deep.equal([3, 1]);
    expect(backend.eventStream(customerId)!.lastSeq).to.equal(3);
    expect(backend.eventStream(customerId)!.live, 'followed by the server from the head on').to.equal(true);
    const after = await writeActivities(backend, customerId, 2);
    await until(() => heard.length === 2, `the two changes after the prune (heard ${heard.length})`);
    expect(createdIds(heard)).to.deep.equal(after);
    // One connection all along: the stream went on from the head, it did not fail and reconnect.
    expect(backend.eventStream(customerId)!.connections).to.equal(1);
    expect(errors).to.have.length(1);
  }

  it('a stream resumed below the pruned point is reset to the head and passes every later change on', async () => {
    const customerId = await pruneBehind();
    const heard: ActivityChange[] = [];
    const unsubscribe = backend.subscribe(customerId, (change) => heard.push(change));
    try {
      await expectResetAndLiveChanges(customerId, heard);
    } finally {
      unsubscribe();
    }
  });

  it('a gap whose backfill meets the pruned point (410) is taken as a reset to the head, on the same connection', async () => {
    const customerId = await pruneBehind();
    await scheduleFaults(server, [{ kind: 'sse-gap', path: '/v1/events' }]);
    const heard: ActivityChange[] = [];
    const unsubscribe = backend.subscribe(customerId, (change) => heard.push(change));
    try {
      await expectResetAndLiveChanges(customerId, heard);
      const backfills = (await requestLog(server)).filter((entry) => entry.path === '/v1/changes');
      expect(backfills.map((entry) => entry.status)).to.deep.equal([410]);
    } finally {
      unsubscribe();
    }
  });
});

type Step = { readonly kind: 'write'; readonly count: number } | { readonly kind: 'listen' } | { readonly kind: 'gap' };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('write' as const), count: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('listen' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('gap' as const) }) },
);

/** The connections of a run, in order: each opens `reopenMs` late (while writes go on) and is cut after `afterEvents` changes. */
const drop = fc.record({ afterEvents: fc.integer({ min: 0, max: 3 }), reopenMs: fc.constantFrom(0, 100, 300) });

describe('the HTTP adapter’s subscribe() (property)', function () {
  it('passes every change on once and in order, through drops, gaps and late listeners, past change numbers 9 and 99', async function () {
    this.timeout(300_000);
    const server = await startServer();
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(drop, { maxLength: 4 }), fc.array(step, { minLength: 1, maxLength: 10 }), async (drops, steps) => {
          await clearFaults(server);
          const rules: FaultRule[] = drops.flatMap(({ afterEvents, reopenMs }) => [
            { kind: 'sse-drop', path: '/v1/events', afterEvents },
            ...(reopenMs ? [{ kind: 'delay', path: '/v1/events', ms: reopenMs } as const] : []),
          ]);
          // Each connection the client opens takes the next of each kind.
          if (rules.length) await scheduleFaults(server, rules);
          const backend = await connect(server, {}, FAST_RECONNECT);
          const unsubscribes: (() => void)[] = [];
          try {
            const customer = await backend.createCustomer(jordan);
            const first: ActivityChange[] = [];
            unsubscribes.push(backend.subscribe(customer.id, (change) => first.push(change)));
            const late: { from: number; heard: ActivityChange[] }[] = [];
            const written: string[] = [];
            for (const next of steps) {
              if (next.kind === 'write') written.push(...(await writeActivities(backend, customer.id, next.count)));
              else if (next.kind === 'listen') {
                const heard: ActivityChange[] = [];
                late.push({ from: written.length, heard });
                unsubscribes.push(backend.subscribe(customer.id, (change) => heard.push(change)));
              } else await scheduleFaults(server, [{ kind: 'sse-gap', path: '/v1/events' }]);
            }
            // One change more, last: a repeat of any earlier one would come before it.
            written.push(...(await writeActivities(backend, customer.id, 1)));
            await until(() => createdIds(first).includes(written.at(-1)!), `all ${written.length} changes (heard ${first.length})`, 15_000);
            expect(createdIds(first)).to.deep.equal(written);
            for (const { from, heard } of late) {
              await until(() => heard.length >= written.length - from, 'the late listener');
              const ids = createdIds(heard);
              // A late listener hears a tail of the changes: every one written after it listened, maybe a few before, once and in order.
              expect(ids).to.deep.equal(written.slice(written.length - ids.length));
              expect(ids.length).to.be.at.least(written.length - from);
            }
          } finally {
            for (const unsubscribe of unsubscribes) unsubscribe();
            backend.close();
          }
        }),
        // A failing run waits out its `until` (a change that never comes): shrinking would repeat that many times.
        { numRuns: 18, endOnFailure: true },
      );
      const { head } = (await (await fetch(`${server.url}/v1/status`)).json()) as { head: number };
      // The runs together crossed 9→10 and 99→100.
      expect(head).to.be.above(100);
    } finally {
      await stopServer(server);
    }
  });
});
