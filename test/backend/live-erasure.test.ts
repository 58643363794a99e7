/**
 * An erasure on the reference server is heard live (server/erasure.ts, `erased` on /v1/events):
 * the stream following the customer hears their id and nothing else, a stream following another
 * customer hears nothing, and a cached backend forgets the customer and drops their queued writes
 * at once, without reading them again.
 */
import { expect } from '@open-wc/testing';
import { CachedBackend } from '../../src/backend/cached-backend.js';
import type { HttpBackend } from '../../src/backend/http-adapter.js';
import { customerMerging } from '../../src/backend/adapter.js';
import { BuiltInStore } from '../../src/backend/idb-store.js';
import { readEvents } from '../../src/backend/http-events.js';
import { Outbox } from '../../src/backend/outbox.js';
import { NotFoundError, type Customer } from '../../src/model/index.js';
import { connect, serverEnv, startServer, stopServer, until, type TestServer } from '../server/http-support.js';
import { waitUntil } from '../support/wait.js';

const { postgres } = await serverEnv();

async function erase(server: TestServer, customerId: string): Promise<void> {
  const response = await fetch(`${server.url}/v1/customers/${customerId}/erase`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  expect(response.status, await response.clone().text()).to.equal(201);
}

for (const onPostgres of postgres ? [false, true] : [false]) {
  describe(`an erasure heard live (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
    let server: TestServer;
    let http: HttpBackend;
    const cleanups: (() => Promise<void> | void)[] = [];

    beforeEach(async () => {
      server = await startServer(onPostgres ? { postgres: true } : {});
      http = await connect(server);
    });

    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
      http.close();
      await stopServer(server);
    });

    async function twoCustomers(): Promise<[Customer, Customer]> {
      const morgan = await http.createCustomer({ dataElements: { Context_First_Name: 'Morgan', Context_Last_Name: 'Ellis' } });
      const jordan = await http.createCustomer({ dataElements: { Context_First_Name: 'Jordan', Context_Last_Name: 'Reyes' } });
      return [morgan, jordan];
    }

    it('reaches the stream following the customer with their id only, and no other customer’s stream', async () => {
      const [morgan, jordan] = await twoCustomers();
      const heard: { stream: string; customerId: string }[] = [];
      const changes: string[] = [];
      cleanups.push(http.subscribe(morgan.id, (change) => changes.push(change.kind)));
      cleanups.push(http.subscribe(jordan.id, (change) => changes.push(change.kind)));
      for (const customer of [morgan, jordan]) {
        const stream = http.eventStream(customer.id)!;
        stream.erasureListeners.add((customerId) => heard.push({ stream: customer.id, customerId }));
        await until(() => stream.live, `the stream of ${customer.id} is live`);
      }
      await erase(server, morgan.id);
      await until(() => heard.length > 0, 'the erasure is heard');
      // A change of Jordan's, heard after the erasure would have been: Jordan's stream heard no erasure.
      await http.createActivity({ customerId: jordan.id, mediaType: 'voice', title: 'Called about a refund' });
      await until(() => changes.includes('created'), "Jordan's stream hears Jordan's change");
      expect(heard).to.deep.equal([{ stream: morgan.id, customerId: morgan.id }]);
    });

    it('is told to a stream that connects after it, but not for a customer merged into another or an id never stored', async () => {
      const [morgan, jordan] = await twoCustomers();
      const duplicate = await http.createCustomer({ dataElements: { Context_First_Name: 'J.', Context_Last_Name: 'Reyes' } });
      await customerMerging(http)!.mergeCustomers(jordan.id, duplicate.id, { keptVersion: jordan.version, mergedVersion: duplicate.version });
      // Erased while this client follows no one: no stream is there to hear it at the commit.
      await erase(server, morgan.id);
      const heard: string[] = [];
      const changes: string[] = [];
      // And an id never stored: unknown, not erased.
      const unknown = { id: crypto.randomUUID() };
      for (const customer of [morgan, jordan, duplicate, unknown]) {
        cleanups.push(http.subscribe(customer.id, (change) => changes.push(`${customer.id} ${change.kind}`)));
        http.eventStream(customer.id)!.erasureListeners.add((customerId) => heard.push(customerId));
      }
      // What a connection is told of erasures comes before its ready: once all four are live, all is heard.
      await until(() => [morgan, jordan, duplicate, unknown].every((customer) => http.eventStream(customer.id)!.live), 'the four streams are live');
      expect(heard).to.deep.equal([morgan.id]);
      // And the streams go on: Jordan's hears Jordan's change.
      await http.createActivity({ customerId: jordan.id, mediaType: 'voice', title: 'Called about a refund' });
      await until(() => changes.includes(`${jordan.id} created`), "Jordan's stream hears Jordan's change");
    });

    it('tells a stream resumed from a Last-Event-ID from the future, numbered no further than the head, then resets it', async () => {
      const [morgan] = await twoCustomers();
      await erase(server, morgan.id);
      const response = await fetch(`${server.url}/v1/events?customerId=${morgan.id}`, { headers: { 'Last-Event-ID': '999999' } });
      expect(response.status).to.equal(200);
      const events = readEvents(response.body!);
      const told: { event: string; id: string | undefined; data: string }[] = [];
      for await (const event of events) {
        told.push({ event: event.event, id: event.id, data: event.data });
        if (event.event === 'reset') break;
      }
      await events.return(undefined);
      expect(told.map((event) => event.event)).to.deep.equal(['erased', 'reset']);
      const head = (JSON.parse(told[1]!.data) as { head: number }).head;
      expect(Number(told[0]!.id)).to.be.at.most(head);
      expect(JSON.parse(told[0]!.data)).to.deep.equal({ customerId: morgan.id });
    });

    it('makes a cached backend forget the customer and drop their queued writes at once', async () => {
      const [morgan, jordan] = await twoCustomers();
      const cache = await BuiltInStore.open({ databaseName: `test-live-erasure-${crypto.randomUUID()}`, timeoutMs: 5000 });
      const outboxName = `${cache.databaseName}-outbox`;
      const backend = await CachedBackend.open({ remote: http, cache, outboxName, retryMs: 20, maxRetryMs: 100, heartbeatMs: 0 });
      cleanups.push(async () => {
        backend.close();
        await BuiltInStore.deleteDatabase(cache.databaseName);
        await BuiltInStore.deleteDatabase(outboxName);
      });
      // Read through the cached backend: both customers are held offline.
      expect((await backend.getCustomer(morgan.id)).id).to.equal(morgan.id);
      expect((await backend.getCustomer(jordan.id)).id).to.equal(jordan.id);
      expect((await cache.getCustomer(morgan.id)).id).to.equal(morgan.id);
      // Writes queued while offline, one for each of them.
      const outbox = await Outbox.open(outboxName);
      cleanups.push(() => outbox.close());
      await outbox.add('createActivity', [{ customerId: morgan.id, mediaType: 'sms', title: 'Texted about the recall' }], 'k-morgan');
      await outbox.add('createActivity', [{ customerId: jordan.id, mediaType: 'sms', title: 'Texted about a refund' }], 'k-jordan');
      const heard: string[] = [];
      cleanups.push(backend.subscribe(morgan.id, () => undefined));
      const stream = http.eventStream(morgan.id)!;
      stream.erasureListeners.add((customerId) => heard.push(customerId));
      await until(() => stream.live, 'the stream is live');

      await erase(server, morgan.id);
      await until(() => heard.length > 0, 'the erasure is heard');
      // Forgotten from the offline copy without any read of Morgan's (that would answer 404 and
      // forget too): the copy forgets them, then drops their queued write, each in a transaction of its own.
      const forgotten = () =>
        cache.getCustomer(morgan.id).then(
          () => false,
          (error: unknown) => error instanceof NotFoundError,
        );
      const queued = async () => (await outbox.entries()).map((entry) => entry.idempotencyKey);
      await waitUntil(async () => (await forgotten()) && (await queued()).length < 2, 'Expected Morgan forgotten and a queued write dropped');
      expect(await forgotten(), 'Morgan is gone from the offline copy').to.equal(true);
      expect(await queued()).to.deep.equal(['k-jordan']);
      expect((await cache.getCustomer(jordan.id)).id).to.equal(jordan.id);
    });
  });
}
