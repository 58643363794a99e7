/**
 * "Events that may be theirs" in the customer's Identities section: the events the shared backend
 * could not match to a customer, each of which an agent attaches to the customer shown, by
 * keyboard; and no such part where the backend keeps none (the built-in store).
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { ContextBackend, UnmatchedEvent, UnmatchedEvents } from '../../src/backend/adapter.js';
import type { BuiltInStore } from '../../src/backend/index.js';
import type { HttpBackend } from '../../src/backend/http-adapter.js';
import '../../src/components/customer-context/customer-context.js';
import '../../src/components/backend-provider/backend-provider.js';
import '../../src/components/customer-identities/unmatched-events.js';
import type { CcCustomerContext } from '../../src/components/customer-context/customer-context.js';
import { ForbiddenError, UnavailableError, type Customer } from '../../src/model/index.js';
import { chatMessageEvent, smsEvent } from '../../samples/recipes/events.js';
import { builtInStores } from '../backend/support/stores.js';
import { connect, startServer, stopServer, type TestServer } from '../server/http-support.js';
import { allByRole, byRole, focused, nameOf, normalise, queryByRole } from '../support/roles.js';
import { waitUntil } from '../support/wait.js';

const openStore = builtInStores('cc-test-unmatched');

const PART = 'Events that may be theirs';
const ATTACH = 'Attach to Jordan Ellis';

const SMS = smsEvent(new URLSearchParams({ MessageSid: 'SM9002', From: '+1 650 555 0199', Body: 'Is my bike ready?', DateSent: '2026-11-22T08:15:00Z' }));
const CHAT = chatMessageEvent({ messageId: 'msg-777', conversationId: 'conv 9', visitorEmail: '<img src=x>@example.net', text: 'Loaner please', sentAt: '2026-11-23T09:30:00Z' });

async function renderGadget(backend: ContextBackend, customerId: string): Promise<CcCustomerContext> {
  // Tall enough that the journey's rows render.
  await setViewport({ width: 1000, height: 1600 });
  const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context .backend=${backend} timeout="10000"></cc-customer-context>`);
  await gadget.openCustomer(customerId);
  await waitUntil(() => queryByRole(gadget, 'button', 'Identities'), 'Expected the summary with its Identities button');
  return gadget;
}

/** Opens Identities from the summary by keyboard and answers the part once its list (or its note) shows. */
async function openPart(gadget: CcCustomerContext): Promise<HTMLElement> {
  byRole(gadget, 'button', 'Identities').focus();
  await sendKeys({ press: 'Enter' });
  await waitUntil(() => queryByRole(gadget, 'region', PART) && !queryByRole(gadget, 'region', PART)!.textContent!.includes('Loading events…'), 'Expected the part listed');
  return byRole(gadget, 'region', PART);
}

function rows(part: HTMLElement): string[] {
  const list = queryByRole(part, 'list', PART);
  return list ? [...list.querySelectorAll('li')].map((row) => normalise(row.querySelector('.what')!.textContent)) : [];
}

function announced(part: HTMLElement): string {
  return normalise(part.querySelector('[role="status"]')?.textContent);
}

/** The titles of the journey's rows on screen. */
function rowTitles(gadget: CcCustomerContext): string[] {
  const timeline = gadget.shadowRoot!.querySelector('cc-journey-timeline')?.shadowRoot;
  return [...(timeline?.querySelectorAll('button.toggle .title') ?? [])].map((title) => title.textContent?.trim() ?? '');
}

/** Presses Tab until the focus is on a control named `name` (at most fifteen times). */
async function tabTo(name: string): Promise<void> {
  for (let step = 0; step < 15 && nameOf(focused()!) !== name; step += 1) await sendKeys({ press: 'Tab' });
  expect(nameOf(focused()!)).to.equal(name);
}

describe('cc-unmatched-events on the reference server (HTTP adapter)', () => {
  let server: TestServer;
  const backends: HttpBackend[] = [];

  async function post(event: object): Promise<void> {
    const response = await fetch(`${server.url}/v1/cloudevents`, { method: 'POST', headers: { 'Content-Type': 'application/cloudevents+json' }, body: JSON.stringify(event) });
    expect(response.status).to.equal(202);
  }

  async function backend(): Promise<HttpBackend> {
    const connected = await connect(server, { timeoutMs: 10_000 });
    backends.push(connected);
    return connected;
  }

  beforeEach(async () => {
    server = await startServer();
    await post(SMS);
    await post(CHAT);
  });

  afterEach(async () => {
    for (const connected of backends.splice(0)) connected.close();
    await stopServer(server);
  });

  it('renders each event with its channel, when, what it named and its source, and is accessible', async () => {
    const http = await backend();
    const gadget = await renderGadget(http, (await jordan(http)).id);
    const part = await openPart(gadget);
    const [sms, chat] = rows(part);
    expect(sms).to.match(/^SMS · Nov 22, 2026/);
    expect(sms).to.include('Phone +1 650 555 0199');
    expect(sms).to.include(`From ${SMS.source}`);
    expect(chat).to.match(/^Chat · Nov 23, 2026/);
    // What the sender wrote is text, never markup.
    expect(chat).to.include('Email <img src=x>@example.net');
    expect(part.querySelector('img')).to.equal(null);
    expect(allByRole(part, 'button', ATTACH)).to.have.length(2);
    await expect(gadget).to.be.accessible();
  });

  it('attaches an event by keyboard: it leaves the list, is announced, joins the journey live, and the focus moves to the next', async () => {
    const http = await backend();
    const gadget = await renderGadget(http, (await jordan(http)).id);
    const part = await openPart(gadget);
    expect(rowTitles(gadget)).to.deep.equal([]);
    await tabTo(ATTACH);
    const first = focused()!.closest('li')!;
    expect(normalise(first.textContent)).to.include('+1 650 555 0199');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => rows(part).length === 1, 'Expected the attached event to leave the list');
    expect(rows(part)[0]).to.match(/^Chat/);
    expect(announced(part)).to.equal("Event attached to Jordan Ellis's journey.");
    expect(nameOf(focused()!)).to.equal(ATTACH);
    expect(normalise(focused()!.closest('li')!.textContent)).to.include('@example.net');
    await waitUntil(() => rowTitles(gadget).includes('Text message'), 'Expected the SMS in the journey');
    await expect(gadget).to.be.accessible();

    await sendKeys({ press: 'Enter' });
    await waitUntil(() => part.textContent!.includes('No unmatched events.'), 'Expected the list empty');
    expect(normalise(focused()!.textContent)).to.equal('No unmatched events.');
    await waitUntil(() => rowTitles(gadget).length === 2, 'Expected the chat in the journey too');
    expect(await (await backend()).unmatchedEvents.listUnmatched()).to.deep.equal([]);
    await expect(gadget).to.be.accessible();
  });

  it('says so when someone else attached the event meanwhile, and shows the list as stored now', async () => {
    const http = await backend();
    const customer = await jordan(http);
    const gadget = await renderGadget(http, customer.id);
    const part = await openPart(gadget);
    const other = await backend();
    const someoneElse = await other.createCustomer({ dataElements: { Context_First_Name: 'Sam', Context_Last_Name: 'Lee' } });
    await other.unmatchedEvents.attachUnmatched({ source: SMS.source, id: 'SM9002', customerId: someoneElse.id });
    await tabTo(ATTACH);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => queryByRole(part, 'alert'), 'Expected the problem explained');
    expect(normalise(byRole(part, 'alert').textContent)).to.equal('Someone else attached that event already, so it has left the list. The list is as stored now.');
    expect(focused()).to.equal(byRole(part, 'alert'));
    await waitUntil(() => rows(part).length === 1, 'Expected the list as stored now');
    expect(rows(part)[0]).to.match(/^Chat/);
    expect(rowTitles(gadget)).to.deep.equal([]);
    await expect(gadget).to.be.accessible();
  });
});

/** The store, with unmatched events a shared backend would keep; attaching fails as `failures` say, then stores an activity. */
function withUnmatched(store: BuiltInStore, failures: Error[]): ContextBackend {
  const listed: UnmatchedEvent[] = [
    { received: '2026-11-22T08:15:05.000Z', event: { source: SMS.source, id: 'SM9002', type: SMS.type, time: '2026-11-22T08:15:00Z', customerphone: '+1 650 555 0199', mediatype: 'sms' } },
  ];
  const capability: UnmatchedEvents = {
    listUnmatched: () => Promise.resolve([...listed]),
    attachUnmatched: async ({ source, id, customerId }) => {
      const failure = failures.shift();
      if (failure) throw failure;
      listed.splice(0);
      const activity = await store.createActivity({ customerId, mediaType: 'sms', direction: 'inbound', title: 'Text message' });
      return { source, id, activityId: activity.id, customerId };
    },
  };
  return withCapability(store, capability);
}

/** The store, keeping unmatched events as a shared backend does, through `capability`. */
function withCapability(store: BuiltInStore, capability: UnmatchedEvents): ContextBackend {
  return new Proxy(store, {
    has: (target, property) => property === 'unmatchedEvents' || Reflect.has(target, property),
    get: (target, property) => {
      if (property === 'unmatchedEvents') return capability;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('cc-unmatched-events', () => {
  it('says it is loading while its backend’s first list is on its way, never that there are none', async () => {
    const store = await openStore();
    const customer = await jordan(store);
    let answer!: (events: UnmatchedEvent[]) => void;
    const held = new Promise<UnmatchedEvent[]>((resolve) => (answer = resolve));
    const backend = withCapability(store, { listUnmatched: () => held, attachUnmatched: () => Promise.reject(new UnavailableError()) });
    // The provider hands its backend over a moment after the part first renders (without one).
    const provider = await fixture(html`<cc-backend-provider .backend=${backend}><cc-unmatched-events .customer=${customer}></cc-unmatched-events></cc-backend-provider>`);
    const part = provider.querySelector('cc-unmatched-events')!;
    await waitUntil(() => part.shadowRoot?.textContent?.includes('Loading events…'), () => `Expected "Loading events…", saw: ${normalise(part.shadowRoot?.textContent)}`);
    expect(part.shadowRoot!.textContent).not.to.contain('No unmatched events.');
    answer([{ received: '2026-11-22T08:15:05.000Z', event: { source: SMS.source, id: 'SM9002', type: SMS.type, customerphone: '+1 650 555 0199', mediatype: 'sms' } }]);
    await waitUntil(() => part.shadowRoot!.querySelectorAll('li').length === 1, 'Expected the event listed');
    await expect(part).to.be.accessible();
  });

  it('is not shown on the built-in store, which keeps no unmatched events', async () => {
    const store = await openStore();
    const gadget = await renderGadget(store, (await jordan(store)).id);
    byRole(gadget, 'button', 'Identities').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => queryByRole(gadget, 'region', 'Identities'), 'Expected the identities section');
    expect(queryByRole(gadget, 'region', PART)).to.equal(undefined);
    expect(queryByRole(gadget, 'button', ATTACH)).to.equal(undefined);
  });

  it('explains a refusal and a store out of reach, keeps the event, and attaches when tried again', async () => {
    const store = await openStore();
    const backend = withUnmatched(store, [new ForbiddenError('Agents may not attach here'), new UnavailableError()]);
    const gadget = await renderGadget(backend, (await jordan(store)).id);
    const part = await openPart(gadget);
    await tabTo(ATTACH);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => queryByRole(part, 'alert'), 'Expected the refusal explained');
    expect(normalise(byRole(part, 'alert').textContent)).to.equal('The context store refused: you may not attach events.');
    expect(rows(part)).to.have.length(1);
    await expect(gadget).to.be.accessible();

    await tabTo(ATTACH);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => normalise(queryByRole(part, 'alert')?.textContent).startsWith('Not attached'), 'Expected the network failure explained');
    expect(normalise(byRole(part, 'alert').textContent)).to.equal('Not attached: The context store cannot be reached. Try again.');
    expect(rows(part)).to.have.length(1);

    await tabTo(ATTACH);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => part.textContent!.includes('No unmatched events.'), 'Expected the event attached');
    expect(queryByRole(part, 'alert')).to.equal(undefined);
    expect(announced(part)).to.equal("Event attached to Jordan Ellis's journey.");
    await waitUntil(() => rowTitles(gadget).includes('Text message'), 'Expected it in the journey');
  });
});

async function jordan(on: ContextBackend): Promise<Customer> {
  return on.createCustomer({ dataElements: { Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis', Context_Mobile_Phone: '+14085550142' } });
}
