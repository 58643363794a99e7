/**
 * The recipes of docs/ingest-recipes.md work: what CVP, a chat platform's webhook relay and an SMS
 * gateway's relay send (samples/recipes/events.ts) is stored in the right journey, on its channel,
 * once however often it is delivered.
 */
import { expect } from '@open-wc/testing';
import { chatMessageEvent, cvpCallEvent, smsEvent, type ActivityCloudEvent } from '../../samples/recipes/events.js';
import { startServer, stopServer, type TestServer } from './http-support.js';

const STRUCTURED = 'application/cloudevents+json';

interface Answer {
  outcome: string;
  customerId?: string;
  activityId?: string;
}

describe('ingest recipes', () => {
  let server: TestServer;
  let jordan: string;

  const call = (method: string, path: string, body?: unknown, contentType = 'application/json') =>
    fetch(`${server.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': contentType },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  async function send(event: ActivityCloudEvent, status: number): Promise<Answer> {
    const response = await call('POST', '/v1/cloudevents', event, STRUCTURED);
    const text = await response.text();
    expect(response.status, text).to.equal(status);
    return JSON.parse(text) as Answer;
  }

  async function activity(id: string): Promise<{ title: string; mediaType: string; direction: string; message?: string; source?: string; customerId?: string; tags: string[] }> {
    const response = await call('GET', `/v1/activities/${id}`);
    expect(response.status).to.equal(200);
    return (await response.json()) as never;
  }

  before(async () => {
    server = await startServer();
    const response = await call('POST', '/v1/customers', {
      dataElements: { Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis', Context_Mobile_Phone: '+14085550142', Context_Work_Email: 'jordan.ellis@example.com' },
    });
    expect(response.status).to.equal(201);
    jordan = ((await response.json()) as { id: string }).id;
  });

  after(async () => {
    await stopServer(server);
  });

  it('CVP: the call is the caller’s voice activity, and its id is what the IVR puts in POD.ID', async () => {
    const event = cvpCallEvent({ ani: '4085550142', callId: 'CVP-7781-2026', vxmlServer: 'vxml1.cumulus.example', startedAt: '2026-11-20T10:00:00Z', menuChoice: 'Service appointment' });
    const stored = await send(event, 201);
    expect(stored).to.include({ outcome: 'stored', customerId: jordan });
    // The REST Client element reads activityId from this answer into the POD.ID call variable: the desktop opens it by that id.
    expect(await activity(stored.activityId!)).to.include({ title: 'Called the IVR: Service appointment', mediaType: 'voice', direction: 'inbound', source: 'CVP vxml1.cumulus.example', customerId: jordan });
    expect((await activity(stored.activityId!)).tags).to.deep.equal(['voice', 'IVR']);
    // CVP retries a post that timed out: stored once.
    expect(await send(event, 200)).to.include({ outcome: 'duplicate', activityId: stored.activityId });
  });

  it('a chat platform: the visitor’s message in their journey, found by the pre-chat email', async () => {
    const event = chatMessageEvent({ messageId: 'msg-301', conversationId: 'conv 42', visitorEmail: 'Jordan.Ellis@example.com', text: 'Is my bike ready?', sentAt: '2026-11-21T09:30:00Z' });
    const stored = await send(event, 201);
    expect(stored.customerId).to.equal(jordan);
    expect(await activity(stored.activityId!)).to.include({ title: 'Chat message', mediaType: 'chat', message: 'Is my bike ready?', source: 'chat.example.com' });
    expect(event.source).to.equal('https://chat.example.com/conversations/conv%2042');
    expect((await send(event, 200)).outcome).to.equal('duplicate');
  });

  it('an SMS gateway: its form turned into an event, found by the sender’s number in any format', async () => {
    const form = new URLSearchParams({ MessageSid: 'SM9001', From: '+1 (408) 555-0142', To: '+14085550100', Body: 'Can we do Tuesday at 4pm instead?', DateSent: '2026-11-22T08:15:00Z' });
    const stored = await send(smsEvent(form), 201);
    expect(stored.customerId).to.equal(jordan);
    expect(await activity(stored.activityId!)).to.include({ title: 'Text message', mediaType: 'sms', message: 'Can we do Tuesday at 4pm instead?', source: 'sms.example.com' });
    expect(() => smsEvent(new URLSearchParams({ From: '+14085550142', Body: 'x' }))).to.throw('MessageSid');
  });

  it('a sender nobody knows is kept unmatched for an agent, not lost', async () => {
    const form = new URLSearchParams({ MessageSid: 'SM9002', From: '+1 650 555 0199', Body: 'Who is this?' });
    expect((await send(smsEvent(form), 202)).outcome).to.equal('unmatched');
  });
});
