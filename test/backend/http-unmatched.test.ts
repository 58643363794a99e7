/**
 * The HTTP adapter's `UnmatchedEvents` on a reference server: an event naming a phone no customer
 * has is listed without its data, attaching it stores it in the customer's journey, and a second
 * attach is not found.
 */
import { expect } from '@open-wc/testing';
import { unmatchedEvents, type UnmatchedEvents } from '../../src/backend/adapter.js';
import type { HttpBackend } from '../../src/backend/http-adapter.js';
import { InvalidInputError, NotFoundError } from '../../src/model/index.js';
import { smsEvent } from '../../samples/recipes/events.js';
import { connect, startServer, stopServer, type TestServer } from '../server/http-support.js';

const SMS = smsEvent(new URLSearchParams({ MessageSid: 'SM9002', From: '+1 650 555 0199', Body: 'Who is this? My bike is ready?', DateSent: '2026-11-22T08:15:00Z' }));

describe('HttpBackend: unmatched events', () => {
  let server: TestServer;
  let backend: HttpBackend;
  let capability: UnmatchedEvents;

  async function post(event: object): Promise<{ status: number; outcome: string }> {
    const response = await fetch(`${server.url}/v1/cloudevents`, { method: 'POST', headers: { 'Content-Type': 'application/cloudevents+json' }, body: JSON.stringify(event) });
    return { status: response.status, outcome: ((await response.json()) as { outcome: string }).outcome };
  }

  beforeEach(async () => {
    server = await startServer();
    backend = await connect(server);
    capability = unmatchedEvents(backend)!;
  });

  afterEach(async () => {
    backend.close();
    await stopServer(server);
  });

  it('is a capability of the HTTP adapter', () => {
    expect(capability).to.not.equal(undefined);
    expect(typeof capability.listUnmatched).to.equal('function');
  });

  it('lists an event that named a phone no customer has, with its attributes and without its data', async () => {
    expect(await capability.listUnmatched()).to.deep.equal([]);
    expect(await post(SMS)).to.deep.equal({ status: 202, outcome: 'unmatched' });
    const listed = await capability.listUnmatched({ limit: 10 });
    expect(listed).to.have.length(1);
    expect(listed[0]!.event).to.deep.equal({
      source: SMS.source,
      id: 'SM9002',
      type: SMS.type,
      time: '2026-11-22T08:15:00Z',
      customerphone: '+1 650 555 0199',
      mediatype: 'sms',
    });
    expect(Number.isNaN(Date.parse(listed[0]!.received))).to.equal(false);
    expect(JSON.stringify(listed)).to.not.include('Who is this');
  });

  it('attaches it to a customer: it becomes an activity in their journey and leaves the list; attaching again is not found', async () => {
    await post(SMS);
    const jordan = await backend.createCustomer({ dataElements: { Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis' } });
    const attached = await capability.attachUnmatched({ source: SMS.source, id: 'SM9002', customerId: jordan.id });
    expect(attached.customerId).to.equal(jordan.id);
    expect(attached.source).to.equal(SMS.source);
    const activity = await backend.getActivity(attached.activityId);
    expect(activity.customerId).to.equal(jordan.id);
    expect(activity.mediaType).to.equal('sms');
    expect(activity.message).to.equal('Who is this? My bike is ready?');
    const journey = await backend.listActivities(jordan.id);
    expect(journey.activities.map((item) => item.id)).to.deep.equal([attached.activityId]);
    expect(await capability.listUnmatched()).to.deep.equal([]);

    const again = await capability.attachUnmatched({ source: SMS.source, id: 'SM9002', customerId: jordan.id }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(again).to.be.instanceOf(NotFoundError);
    expect((again as NotFoundError).kind).to.equal('event');
  });

  it('says whether the customer, not the event, was not found, and refuses input it cannot send', async () => {
    await post(SMS);
    const missing = await capability.attachUnmatched({ source: SMS.source, id: 'SM9002', customerId: 'no-such-customer' }).catch((error: unknown) => error);
    expect(missing).to.be.instanceOf(NotFoundError);
    expect((missing as NotFoundError).kind).to.equal('customer');
    expect(await capability.listUnmatched()).to.have.length(1);
    const empty = await capability.attachUnmatched({ source: '', id: 'SM9002', customerId: 'x' }).catch((error: unknown) => error);
    expect(empty).to.be.instanceOf(InvalidInputError);
    const tooMany = await capability.listUnmatched({ limit: 501 }).catch((error: unknown) => error);
    expect(tooMany).to.be.instanceOf(InvalidInputError);
  });
});
