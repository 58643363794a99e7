import { expect } from '@open-wc/testing';
import { ACTIVITY_EVENT_TYPE, CUSTOMER_EVENT_TYPE } from '../../src/cloudevents/index.js';
import { serverEnv, startServer, stopServer, type TestServer } from './http-support.js';

// A batch is written as sets (server/ingest-writes.ts); these hold its answers to those of taking
// its events one after the other, where the set-based writes could differ.

const A = 'tenant-a';
const BATCH = 'application/cloudevents-batch+json';
const SOURCE = 'https://ivr.cumulus.example/calls';

interface Result {
  outcome: 'stored' | 'duplicate' | 'unmatched' | 'refused';
  source?: string;
  id?: string;
  activityId?: string;
  customerId?: string;
  issues?: { path: string; message: string }[];
}

interface Change {
  seq: number;
  kind: string;
  customerId: string;
  activityId: string;
  activity?: { title: string };
}

type Call = (method: string, path: string, body?: unknown) => Promise<Response>;

function as(server: TestServer, tenant: string): Call {
  return (method, path, body) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { 'Context-Test-Tenant': tenant, ...(body === undefined ? {} : { 'Content-Type': path === '/v1/cloudevents' ? BATCH : 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}

async function json<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  expect(response.status, text.slice(0, 400)).to.equal(status);
  return JSON.parse(text) as T;
}

/** An activity event naming its customer by `naming` (subject, customerphone or customeremail). */
function event(id: string, naming: Record<string, string>, title: string, data: Record<string, unknown> = {}) {
  return {
    specversion: '1.0',
    id,
    source: SOURCE,
    type: ACTIVITY_EVENT_TYPE,
    time: '2026-11-20T10:00:00Z',
    datacontenttype: 'application/json',
    mediatype: 'voice',
    ...naming,
    data: { title, direction: 'inbound', ...data },
  };
}

function ingestBatchSuite(name: string, postgres: boolean): void {
  describe(`CloudEvents in, a batch written as sets (${name})`, function () {
    let server: TestServer;
    let call: Call;
    let jordan: string;

    const createCustomer = async (dataElements: Record<string, string>, id?: string) =>
      (await json<{ id: string }>(await call('POST', '/v1/customers', { ...(id ? { id } : {}), dataElements }), 201)).id;
    const send = async (batch: unknown[]) => (await json<{ results: Result[] }>(await call('POST', '/v1/cloudevents', batch))).results;
    const head = async () => (await json<{ head: number }>(await call('GET', '/v1/changes?limit=1'))).head;
    const changesAfter = async (after: number) => {
      const changes: Change[] = [];
      for (let from = after; ; ) {
        const page = await json<{ changes: Change[]; hasMore: boolean }>(await call('GET', `/v1/changes?after=${from}&limit=1000`));
        changes.push(...page.changes);
        if (!page.hasMore) return changes;
        from = page.changes.at(-1)!.seq;
      }
    };
    const journey = async (customerId: string, query = '') =>
      (await json<{ activities: { id: string; title: string }[] }>(await call('GET', `/v1/customers/${customerId}/activities?pageSize=200${query}`))).activities;

    beforeEach(async () => {
      server = await startServer({ tenantHeader: true, postgres });
      call = as(server, A);
      jordan = await createCustomer({ Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis', Context_Mobile_Phone: '+14085550142', Context_Home_Email: 'jordan@example.com' });
    });

    afterEach(async () => {
      await stopServer(server);
    });

    it('answers each outcome where its event stood: stored, duplicate, unmatched, refused by the library, refused by the model', async () => {
      const [earlier] = await send([event('m-0', { subject: jordan }, 'Sent before')]);
      expect(earlier!.outcome).to.equal('stored');
      const results = await send([
        event('m-1', { customeremail: 'Jordan@Example.com' }, 'By email'),
        event('m-0', { subject: jordan }, 'Sent before, again'),
        event('m-2', { customerphone: '+1 650 555 0199' }, 'Nobody here'),
        { ...event('m-3', { subject: jordan }, 'Bad time'), time: 'yesterday' },
        event('m-4', { subject: jordan }, 'No such request', { requestId: 'no-such-request' }),
        event('m-5', { customerphone: '(408) 555-0142' }, 'By phone'),
        event('m-6', { subject: 'no-such-customer' }, 'Unknown subject'),
        event('m-7', { subject: jordan }, 'Unknown field', { dataElements: { No_Such_Field: 'x' } }),
        event('m-8', { subject: jordan }, 'By id'),
      ]);
      expect(results.map((result) => [result.outcome, result.id])).to.deep.equal([
        ['stored', 'm-1'],
        ['duplicate', 'm-0'],
        ['unmatched', 'm-2'],
        ['refused', 'm-3'],
        ['refused', 'm-4'],
        ['stored', 'm-5'],
        ['unmatched', 'm-6'],
        ['refused', 'm-7'],
        ['stored', 'm-8'],
      ]);
      expect(results[1]!.activityId).to.equal(earlier!.activityId);
      expect(results[3]!.issues!.map((issue) => issue.path)).to.deep.equal(['time']);
      expect(results[4]!.issues!.map((issue) => issue.path)).to.deep.equal(['data.requestId']);
      expect(results[7]!.issues!.map((issue) => issue.path)[0]).to.match(/^data\.dataElements/);
      for (const index of [0, 5, 8]) expect(results[index]!.customerId, `#${index}`).to.equal(jordan);
      expect((await journey(jordan)).map((activity) => activity.title).sort()).to.deep.equal(['By email', 'By id', 'By phone', 'Sent before']);
      const unmatched = await json<{ events: { event: { id: string } }[] }>(await call('GET', '/v1/cloudevents/unmatched'));
      expect(unmatched.events.map((entry) => entry.event.id)).to.deep.equal(['m-2', 'm-6']);
    });

    it('stores an event sent twice in one batch once, and lets a refused event’s source and id be claimed by a later one', async () => {
      const batch = [
        event('d-1', { subject: jordan }, 'First'),
        event('d-1', { subject: jordan }, 'First, sent again'),
        event('d-2', { customerphone: '+1 650 555 0199' }, 'Nobody'),
        event('d-2', { customerphone: '+1 650 555 0199' }, 'Nobody, again'),
        event('d-3', { subject: jordan }, 'Refused', { requestId: 'no-such-request' }),
        event('d-3', { subject: jordan }, 'Taken after the refusal'),
        event('d-3', { subject: jordan }, 'Taken after the refusal, again'),
      ];
      const results = await send(batch);
      expect(results.map((result) => result.outcome)).to.deep.equal(['stored', 'duplicate', 'unmatched', 'duplicate', 'refused', 'stored', 'duplicate']);
      expect(results[1]!.activityId).to.equal(results[0]!.activityId);
      expect(results[3]).to.deep.equal({ outcome: 'duplicate', source: SOURCE, id: 'd-2' });
      expect(results[6]!.activityId).to.equal(results[5]!.activityId);
      expect((await journey(jordan)).map((activity) => activity.title).sort()).to.deep.equal(['First', 'Taken after the refusal']);
      // Sent again whole: every event came before, the refused one too (its source and id is stored now).
      const again = await send(batch);
      expect(again.map((result) => result.outcome)).to.deep.equal(Array(batch.length).fill('duplicate'));
      expect(await send([batch[4]])).to.deep.equal([{ outcome: 'duplicate', source: SOURCE, id: 'd-3', activityId: results[5]!.activityId }]);
      expect(again.map((result) => result.activityId)).to.deep.equal([
        results[0]!.activityId,
        results[0]!.activityId,
        undefined,
        undefined,
        results[5]!.activityId,
        results[5]!.activityId,
        results[5]!.activityId,
      ]);
    });

    it('sees a customer an earlier event of the batch created, and not one a later event creates', async () => {
      const customerEvent = (id: string, phone: string) => ({
        specversion: '1.0',
        id,
        source: '/customer-context/records',
        type: CUSTOMER_EVENT_TYPE,
        subject: id,
        time: '2026-11-19T08:00:00Z',
        datacontenttype: 'application/json',
        data: { dataElements: { Context_First_Name: 'Avery', Context_Mobile_Phone: phone } },
      });
      const results = await send([
        event('c-1', { subject: 'avery-1' }, 'Before Avery was created'),
        customerEvent('avery-1', '+14085550177'),
        event('c-2', { subject: 'avery-1' }, 'By id'),
        event('c-3', { customerphone: '408 555 0177' }, 'By phone'),
        customerEvent('avery-1', '+14085550178'),
        event('c-4', { customerphone: '+14085550188' }, 'Before Blake was created'),
        customerEvent('blake-1', '+14085550188'),
        customerEvent('blake-1', '+14085550188'),
        event('c-5', { customerphone: '+14085550188' }, 'After Blake was created'),
      ]);
      expect(results.map((result) => [result.outcome, result.customerId])).to.deep.equal([
        ['unmatched', undefined],
        ['stored', 'avery-1'],
        ['stored', 'avery-1'],
        ['stored', 'avery-1'],
        ['duplicate', 'avery-1'],
        ['unmatched', undefined],
        ['stored', 'blake-1'],
        ['duplicate', 'blake-1'],
        ['stored', 'blake-1'],
      ]);
      const avery = await json<{ dataElements: Record<string, string> }>(await call('GET', '/v1/customers/avery-1'));
      expect(avery.dataElements['Context_Mobile_Phone']).to.equal('+14085550177');
      // The customers created in the batch are found as any customer is.
      const found = await json<{ matches: { customer: { id: string } }[] }>(await call('GET', `/v1/customers?q=${encodeURIComponent('+14085550188')}`));
      expect(found.matches.map((match) => match.customer.id)).to.deep.equal(['blake-1']);
    });

    it('finds each customer as a lookup does, where a contact is also another customer’s id or external id, or two customers’ phone', async () => {
      const pat = await createCustomer({ Context_First_Name: 'Pat', Context_Mobile_Phone: '+14085550150' });
      // A customer whose id is Pat's phone written as digits: the lookup ranks an id above a phone.
      await createCustomer({ Context_First_Name: 'Riley' }, '4085550150');
      // And one whose external id is those digits, newer than Pat: Riley and they rank above Pat, and Pat is not found.
      await createCustomer({ Context_First_Name: 'Wren', Context_Customer_External_ID: '4085550150' });
      const sam = await createCustomer({ Context_First_Name: 'Sam', Context_Mobile_Phone: '+14085550161' });
      // Another customer whose external id is Sam's phone as written, and newer than Sam.
      await createCustomer({ Context_First_Name: 'Toni', Context_Customer_External_ID: '+1 408 555 0161' });
      await createCustomer({ Context_First_Name: 'Uma', Context_Mobile_Phone: '+14085550170', Context_Work_Email: 'shared@example.com' });
      await createCustomer({ Context_First_Name: 'Vic', Context_Mobile_Phone: '+14085550170', Context_Work_Email: 'shared@example.com' });
      const contacts: [attribute: string, value: string, expected: string | undefined][] = [
        ['customerphone', '(408) 555-0150', pat],
        ['customerphone', '4085550150', undefined],
        ['customerphone', '+1 408 555 0161', sam],
        ['customerphone', '+14085550170', undefined],
        ['customeremail', 'SHARED@example.com', undefined],
        ['customerphone', 'call me back', undefined],
        ['customeremail', 'nobody@example.com', undefined],
      ];
      const results = await send(contacts.map(([attribute, value], index) => event(`f-${index}`, { [attribute]: value }, `Contact ${index}`)));
      expect(results.map((result) => result.customerId)).to.deep.equal(contacts.map(([, , expected]) => expected));
      // And exactly as the lookup answers: the one customer of two it finds on the contact's own kind.
      for (const [attribute, value, expected] of contacts) {
        const { matches } = await json<{ matches: { customer: { id: string }; matchedOn: string }[] }>(await call('GET', `/v1/customers?q=${encodeURIComponent(value)}&limit=2`));
        const owners = matches.filter((match) => match.matchedOn === (attribute === 'customerphone' ? 'phone' : 'email'));
        expect(owners.length === 1 ? owners[0]!.customer.id : undefined, value).to.equal(expected);
      }
      // A subject that names no customer leaves the phone to find them.
      const [bySubjectThenPhone] = await send([event('f-9', { subject: 'no-such-customer', customerphone: '(408) 555-0150' }, 'Fell through')]);
      expect(bySubjectThenPhone!.customerId).to.equal(pat);
    });

    it('writes one change-feed entry per stored event, in the batch’s order, and none for the rest', async () => {
      const before = await head();
      const results = await send([
        event('o-1', { subject: jordan }, 'One'),
        event('o-2', { customerphone: '+1 650 555 0199' }, 'Unmatched'),
        event('o-3', { customeremail: 'jordan@example.com' }, 'Three'),
        event('o-1', { subject: jordan }, 'One again'),
        { ...event('o-4', { subject: jordan }, 'Refused'), time: 'yesterday' },
        event('o-5', { customerphone: '+14085550142' }, 'Five'),
      ]);
      const stored = results.filter((result) => result.outcome === 'stored');
      expect(stored.map((result) => result.id)).to.deep.equal(['o-1', 'o-3', 'o-5']);
      const changes = await changesAfter(before);
      expect(changes.map((change) => [change.kind, change.customerId, change.activityId, change.activity?.title])).to.deep.equal([
        ['created', jordan, stored[0]!.activityId, 'One'],
        ['created', jordan, stored[1]!.activityId, 'Three'],
        ['created', jordan, stored[2]!.activityId, 'Five'],
      ]);
      expect(changes.every((change, index) => index === 0 || change.seq > changes[index - 1]!.seq)).to.equal(true);
      expect(await head()).to.equal(changes.at(-1)!.seq);
    });

    it('stores each event once when two batches that share events are sent at the same time', async () => {
      const before = await head();
      const a = Array.from({ length: 60 }, (_, i) => event(`s-${i}`, { subject: jordan }, `Shared ${i}`));
      // The other batch holds the shared events in the opposite order, and events of its own.
      const b = [...a.slice(20).reverse(), ...Array.from({ length: 20 }, (_, i) => event(`t-${i}`, { customerphone: '+14085550142' }, `Own ${i}`))];
      const [first, second] = await Promise.all([send(a), send(b)]);
      const byId = new Map<string, Result[]>();
      for (const result of [...first!, ...second!]) byId.set(result.id!, [...(byId.get(result.id!) ?? []), result]);
      expect(byId.size).to.equal(80);
      for (const [id, answers] of byId) {
        const outcomes = answers.map((answer) => answer.outcome).sort();
        if (id.startsWith('s-') && Number(id.slice(2)) >= 20) {
          expect(outcomes, id).to.deep.equal(['duplicate', 'stored']);
          expect(answers[0]!.activityId, id).to.equal(answers[1]!.activityId);
        } else expect(outcomes, id).to.deep.equal(['stored']);
      }
      const storedIds = [...first!, ...second!].filter((result) => result.outcome === 'stored').map((result) => result.activityId!);
      expect(storedIds).to.have.length(80);
      expect((await journey(jordan)).map((activity) => activity.id).sort()).to.deep.equal([...storedIds].sort());
      const changes = await changesAfter(before);
      expect(changes.map((change) => change.activityId).sort()).to.deep.equal([...storedIds].sort());
      // Each batch's changes lie together, in its order: one batch committed its feed entries before the other.
      const order = (results: Result[]) => results.filter((result) => result.outcome === 'stored').map((result) => result.activityId);
      const fed = changes.map((change) => change.activityId);
      const firstStored = order(first!);
      const firstAt = fed.indexOf(firstStored[0]!);
      expect(fed.slice(firstAt, firstAt + firstStored.length)).to.deep.equal(firstStored);
      const secondStored = order(second!);
      const secondAt = fed.indexOf(secondStored[0]!);
      expect(fed.slice(secondAt, secondAt + secondStored.length)).to.deep.equal(secondStored);
    });

    it('takes a batch of 1000 events naming their customers by id, phone and email, and feeds them in order', async function () {
      this.timeout(120_000);
      const customers: { id: string; phone: string; email: string }[] = [];
      for (let n = 0; n < 4; n += 1) {
        const phone = `+1408555${String(300 + n).padStart(4, '0')}`;
        const email = `customer${n}@example.com`;
        customers.push({ id: await createCustomer({ Context_First_Name: `Customer ${n}`, Context_Mobile_Phone: phone, Context_Work_Email: email }), phone, email });
      }
      const before = await head();
      const batch = Array.from({ length: 1000 }, (_, i) => {
        const customer = customers[Math.floor(i / 4) % customers.length]!;
        const naming: Record<string, string> = [{ subject: customer.id }, { customerphone: customer.phone }, { customeremail: customer.email }, { customerphone: '+16505550199' }][i % 4]!;
        return event(`k-${i}`, naming, `Event ${i}`);
      });
      const results = await send(batch);
      expect(results).to.have.length(1000);
      results.forEach((result, i) => {
        expect(result.id, `#${i}`).to.equal(`k-${i}`);
        if (i % 4 === 3) expect(result.outcome, `#${i}`).to.equal('unmatched');
        else expect([result.outcome, result.customerId], `#${i}`).to.deep.equal(['stored', customers[Math.floor(i / 4) % customers.length]!.id]);
      });
      const stored = results.filter((result) => result.outcome === 'stored');
      expect(stored).to.have.length(750);
      const changes = await changesAfter(before);
      expect(changes.map((change) => change.activityId)).to.deep.equal(stored.map((result) => result.activityId));
      expect(changes.map((change) => change.activity?.title)).to.deep.equal(stored.map((result) => `Event ${result.id!.slice(2)}`));
      for (const customer of customers) {
        const theirs = stored.filter((result) => result.customerId === customer.id).map((result) => result.activityId!);
        expect(theirs.length, customer.id).to.be.within(180, 195);
        expect((await journey(customer.id)).map((activity) => activity.id).sort(), customer.id).to.deep.equal(theirs.sort());
      }
      const unmatched = await json<{ events: unknown[] }>(await call('GET', '/v1/cloudevents/unmatched?limit=500'));
      expect(unmatched.events).to.have.length(250);
    });

    it('indexes an ingested activity’s words for the text filter as an activity created through the API', async () => {
      const content = {
        message: 'Asked whether the loaner is ready',
        breadcrumbs: ['Home', 'Service centres'],
        dataElements: { Context_Notes: 'Prefers Saturdays' },
        source: 'Stratus telematics',
      };
      const [ingested] = await send([event('w-1', { subject: jordan }, 'Cálled about the fault', content)]);
      expect(ingested!.outcome).to.equal('stored');
      const created = await json<{ id: string }>(await call('POST', '/v1/activities', { customerId: jordan, mediaType: 'voice', title: 'Cálled about the fault', ...content }), 201);
      for (const word of ['called', 'LOANER', 'centres', 'saturdays', 'stratus', 'telematics']) {
        const found = (await journey(jordan, `&text=${encodeURIComponent(word)}`)).map((activity) => activity.id).sort();
        expect(found, word).to.deep.equal([ingested!.activityId!, created.id].sort());
      }
      expect(await journey(jordan, '&text=sunday')).to.deep.equal([]);
    });
  });
}

ingestBatchSuite('PGlite', false);
const { postgres } = await serverEnv();
if (postgres) ingestBatchSuite('PostgreSQL (DATABASE_URL)', true);
