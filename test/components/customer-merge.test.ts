import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { ContextBackend, CustomerMerging } from '../../src/backend/adapter.js';
import type { BuiltInStore } from '../../src/backend/index.js';
import '../../src/components/customer-context/customer-context.js';
import type { CcCustomerContext } from '../../src/components/customer-context/customer-context.js';
import { ForbiddenError, type Customer } from '../../src/model/index.js';
import type { HttpBackend } from '../../src/backend/http-adapter.js';
import { builtInStores } from '../backend/support/stores.js';
import { AUDIENCE, ISSUER, T0, claimsFor, makeIssuer, signToken, type TestIssuer } from '../server/auth-support.js';
import { connect, startServer, stopServer, type TestServer } from '../server/http-support.js';
import { byRole, focused, nameOf, queryByRole } from '../support/roles.js';
import { waitUntil } from '../support/wait.js';

const openStore = builtInStores('cc-test-merge');

interface Duplicates {
  readonly jordan: Customer;
  readonly duplicate: Customer;
}

/** Jordan Ellis with two activities, and the duplicate "J. Ellis" an agent made on another call, with three and a case. */
async function jordanAndDuplicate(backend: ContextBackend): Promise<Duplicates> {
  const jordan = await backend.createCustomer({
    dataElements: { Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis', Context_Mobile_Phone: '+14085550142' },
  });
  const duplicate = await backend.createCustomer({
    dataElements: { Context_First_Name: 'J.', Context_Last_Name: 'Ellis', Context_Home_Phone: '+14085550199', Context_Home_Email: 'jellis@example.net' },
  });
  for (const title of ['Dashboard fault P0562', 'Service booked']) {
    await backend.createActivity({ customerId: jordan.id, mediaType: 'voice', direction: 'inbound', title, created: '2026-01-10T10:00:00.000Z' });
  }
  for (const title of ['Chat about a loaner', 'Email with photos', 'SMS reminder']) {
    await backend.createActivity({ customerId: duplicate.id, mediaType: 'chat', direction: 'inbound', title, created: '2026-01-11T10:00:00.000Z' });
  }
  await backend.createRequest({ customerId: duplicate.id, dataElements: { Context_Title: 'Motorcycle fault P0562' } });
  return { jordan, duplicate };
}

/** The store, with merges refused as a shared backend refuses them to an agent. */
function refusingMerges(store: BuiltInStore): ContextBackend {
  const merging: CustomerMerging = {
    addIdentity: (...args) => store.customerMerging.addIdentity(...args),
    removeIdentity: (...args) => store.customerMerging.removeIdentity(...args),
    mergeCustomers: () => Promise.reject(new ForbiddenError('Only a supervisor may merge customers')),
  };
  return new Proxy(store, {
    get: (target, property) => {
      if (property === 'customerMerging') return merging;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function renderGadget(backend: ContextBackend, customerId: string): Promise<CcCustomerContext> {
  // Tall enough that the journey's rows render.
  await setViewport({ width: 1000, height: 1600 });
  const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context .backend=${backend} timeout="10000"></cc-customer-context>`);
  await gadget.openCustomer(customerId);
  await waitUntil(() => queryByRole(gadget, 'button', 'Identities'), 'Expected the summary with its Identities button');
  return gadget;
}

/** The text of a node and of every shadow root under it. */
function deepText(node: Node): string {
  const own = node instanceof Element && node.shadowRoot ? deepText(node.shadowRoot) : '';
  const children = [...node.childNodes].map((child) => (child.nodeType === Node.TEXT_NODE ? (child.textContent ?? '') : deepText(child)));
  return own + children.join(' ');
}

/** The titles of the journey's rows on screen. */
function rowTitles(gadget: CcCustomerContext): string[] {
  const timeline = gadget.shadowRoot!.querySelector('cc-journey-timeline')?.shadowRoot;
  return [...(timeline?.querySelectorAll('button.toggle .title') ?? [])].map((title) => title.textContent?.trim() ?? '');
}

/** Presses Tab until the focus is on `name` (at most ten times). */
async function tabTo(name: string | RegExp): Promise<void> {
  const matches = () => {
    const accessible = nameOf(focused()!);
    return typeof name === 'string' ? accessible === name : name.test(accessible);
  };
  for (let step = 0; step < 10 && !matches(); step += 1) await sendKeys({ press: 'Tab' });
  expect(nameOf(focused()!)).to.match(typeof name === 'string' ? new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : name);
}

/** From the summary: Identities, then Merge with another customer…, a search for `query`, and the match chosen, all by keyboard. */
async function chooseDuplicate(gadget: CcCustomerContext, query: string, match: RegExp): Promise<void> {
  byRole(gadget, 'button', 'Identities').focus();
  await sendKeys({ press: 'Enter' });
  await waitUntil(() => queryByRole(gadget, 'button', 'Merge with another customer…'), 'Expected the merge action');
  await tabTo('Merge with another customer…');
  await sendKeys({ press: 'Enter' });
  await waitUntil(() => nameOf(focused()!) === 'Find the duplicate customer', 'Expected the focus in the search');
  await sendKeys({ type: query });
  await sendKeys({ press: 'Enter' });
  await waitUntil(() => queryByRole(gadget, 'list', 'Possible duplicates') && queryByRole(gadget, 'button', match), 'Expected the customers found');
  await tabTo(match);
  await sendKeys({ press: 'Enter' });
  await waitUntil(() => queryByRole(gadget, 'group', /^Merge .* into .*\?/), 'Expected the confirmation');
}

function confirmation(gadget: CcCustomerContext): string {
  return byRole(gadget, 'group', /^Merge .* into .*\?/).textContent!.replace(/\s+/g, ' ').trim();
}

describe('cc-customer-merge in the gadget', () => {
  it('merges a duplicate found by phone: the confirmation names both and what moves, then the journey is the combined one', async () => {
    const store = await openStore();
    const { jordan, duplicate } = await jordanAndDuplicate(store);
    const gadget = await renderGadget(store, jordan.id);
    await waitUntil(() => rowTitles(gadget).length === 2, 'Expected Jordan’s own journey');
    await chooseDuplicate(gadget, '(408) 555-0199', /^J\. Ellis/);
    expect(nameOf(focused()!)).to.equal('Merge J. Ellis into Jordan Ellis?');
    await waitUntil(() => confirmation(gadget).includes('3 activities'), 'Expected what moves counted');
    expect(confirmation(gadget)).to.include('Jordan Ellis stays, with their details as they are.');
    expect(confirmation(gadget)).to.include("3 activities move from J. Ellis's journey to Jordan Ellis's.");
    expect(confirmation(gadget)).to.include('1 request moves to Jordan Ellis.');
    expect(confirmation(gadget)).to.include('This cannot be undone.');
    await expect(gadget).to.be.accessible();

    await tabTo('Merge customers');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => nameOf(focused()!) === 'Merge with another customer…', 'Expected the focus back on the merge action');
    const announced = [...gadget.shadowRoot!.querySelector('cc-customer-summary')!.shadowRoot!.querySelector('cc-customer-identities')!.shadowRoot!.querySelector('cc-customer-merge')!.shadowRoot!.querySelectorAll('[role="status"]')].map((status) => status.textContent?.trim());
    expect(announced).to.include('Merged J. Ellis into Jordan Ellis.');
    await waitUntil(() => rowTitles(gadget).length === 6, 'Expected the combined journey');
    expect(rowTitles(gadget)).to.include.members(['Customers merged', 'Chat about a loaner', 'Email with photos', 'SMS reminder', 'Dashboard fault P0562', 'Service booked']);
    expect((await store.getCustomer(duplicate.id)).id, 'the merged id leads to Jordan').to.equal(jordan.id);
    expect((await store.listRequests(jordan.id)).map((request) => request.dataElements['Context_Title'])).to.deep.equal(['Motorcycle fault P0562']);
    // The duplicate's phone is one of Jordan's identities now, shown in the section still open.
    await waitUntil(() => queryByRole(gadget, 'list', 'Identities')?.textContent?.includes('+1 408 555 0199'), 'Expected the merged phone among the identities');
  });

  it('never offers the customer shown as their own duplicate', async () => {
    const store = await openStore();
    const { jordan } = await jordanAndDuplicate(store);
    const gadget = await renderGadget(store, jordan.id);
    byRole(gadget, 'button', 'Identities').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => queryByRole(gadget, 'button', 'Merge with another customer…'), 'Expected the merge action');
    byRole(gadget, 'button', 'Merge with another customer…').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => nameOf(focused()!) === 'Find the duplicate customer', 'Expected the focus in the search');
    await sendKeys({ type: '+1 408 555 0142' });
    await sendKeys({ press: 'Enter' });
    const statuses = () =>
      gadget.shadowRoot!.querySelector('cc-customer-summary')!.shadowRoot!.querySelector('cc-customer-identities')!.shadowRoot!.querySelector('cc-customer-merge')!.shadowRoot!.querySelector('.panel [role="status"]')?.textContent?.trim();
    await waitUntil(() => statuses() === 'No other customer found.', 'Expected "No other customer found."');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => nameOf(focused()!) === 'Merge with another customer…', 'Expected Escape to close the merge');
    expect(queryByRole(gadget, 'textbox', 'Find the duplicate customer')).to.equal(undefined);
  });

  it('explains a refusal to an agent who is no supervisor, and moves nothing', async () => {
    const store = await openStore();
    const { jordan, duplicate } = await jordanAndDuplicate(store);
    const gadget = await renderGadget(refusingMerges(store), jordan.id);
    await chooseDuplicate(gadget, 'jellis@example.net', /^J\. Ellis/);
    await waitUntil(() => confirmation(gadget).includes('3 activities'), 'Expected what moves counted');
    await tabTo('Merge customers');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => queryByRole(gadget, 'alert')?.textContent?.trim() === 'Only a supervisor can merge customers.', 'Expected the refusal explained');
    expect(nameOf(focused()!), 'the keyboard stays where it was').to.equal('Merge customers');
    expect((await store.getCustomer(duplicate.id)).id).to.equal(duplicate.id);
    expect((await store.listActivities(duplicate.id)).activities).to.have.length(3);
    await tabTo('Cancel');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => nameOf(focused()!) === 'Merge with another customer…', 'Expected Cancel to close the merge');
  });

  it('after someone changed the duplicate meanwhile, says so, counts again and merges on the next try', async () => {
    const store = await openStore();
    const { jordan, duplicate } = await jordanAndDuplicate(store);
    const gadget = await renderGadget(store, jordan.id);
    await chooseDuplicate(gadget, '(408) 555-0199', /^J\. Ellis/);
    await waitUntil(() => confirmation(gadget).includes('3 activities'), 'Expected what moves counted');
    await store.updateCustomer(duplicate.id, { expectedVersion: duplicate.version, tags: ['checked'] });
    await store.createActivity({ customerId: duplicate.id, mediaType: 'sms', direction: 'inbound', title: 'One more SMS', created: '2026-01-12T10:00:00.000Z' });
    await tabTo('Merge customers');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => queryByRole(gadget, 'alert'), 'Expected the conflict explained');
    expect(byRole(gadget, 'alert').textContent?.trim()).to.equal('J. Ellis was changed by someone else meanwhile. Check what moves, then merge again.');
    await waitUntil(() => confirmation(gadget).includes('4 activities'), 'Expected what moves counted again');
    await waitUntil(() => byRole(gadget, 'button', 'Merge customers').getAttribute('aria-disabled') === 'false', 'Expected the merge possible again');
    byRole(gadget, 'button', 'Merge customers').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => nameOf(focused()!) === 'Merge with another customer…', 'Expected the merge done');
    expect((await store.getCustomer(duplicate.id)).id).to.equal(jordan.id);
    expect((await store.listActivities(jordan.id)).activities).to.have.length(7);
  });
});

describe('cc-customer-merge on the reference server (HTTP adapter)', () => {
  const LOCAL_TOKEN = 'local-operator-secret';
  let issuer: TestIssuer;
  let server: TestServer;
  const backends: HttpBackend[] = [];

  before(async () => {
    issuer = await makeIssuer('ES256', 'merge-es');
  });

  beforeEach(async () => {
    server = await startServer({
      clockAt: T0,
      auth: {
        jwt: { issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [issuer.jwk] }, claims: { tenant: 'tid', roles: 'realm_access.roles' } },
        token: LOCAL_TOKEN,
        tokenTenant: 'cumulus',
      },
    });
  });

  afterEach(async () => {
    for (const backend of backends.splice(0)) backend.close();
    await stopServer(server);
  });

  async function backendAs(token: string): Promise<HttpBackend> {
    const backend = await connect(server, { timeoutMs: 10_000 }, { token: () => token });
    backends.push(backend);
    return backend;
  }

  it('tells an agent that only a supervisor merges, refuses a taken phone, and lets a supervisor merge', async () => {
    const { jordan, duplicate } = await jordanAndDuplicate(await backendAs(LOCAL_TOKEN));
    const asAgent = await backendAs(await signToken(issuer, claimsFor(['agent'], 'cumulus', 'Alex Agent'), { sub: 'alex' }));
    const agentGadget = await renderGadget(asAgent, jordan.id);
    byRole(agentGadget, 'button', 'Identities').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => deepText(queryByRole(agentGadget, 'region', 'Identities') ?? document.createElement('p')).includes('Only a supervisor can merge customers.'), 'Expected the note for an agent');
    expect(queryByRole(agentGadget, 'button', 'Merge with another customer…')).to.equal(undefined);
    // The server's 409 for a phone another customer has reads as the store's does.
    const kind = byRole<HTMLSelectElement>(agentGadget, 'combobox', 'Kind');
    kind.focus();
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: '408-555-0199' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => queryByRole(agentGadget, 'region', 'Identities')?.textContent?.includes('This phone number already belongs to another customer.'), 'Expected the refusal');
    expect(byRole<HTMLInputElement>(agentGadget, 'textbox', 'Value').value).to.equal('408-555-0199');
    agentGadget.remove();

    const asSupervisor = await backendAs(await signToken(issuer, claimsFor(['supervisor', 'agent'], 'cumulus', 'Sam Supervisor'), { sub: 'sam' }));
    const gadget = await renderGadget(asSupervisor, jordan.id);
    await chooseDuplicate(gadget, 'jellis@example.net', /^J\. Ellis/);
    await waitUntil(() => confirmation(gadget).includes('3 activities'), 'Expected what moves counted');
    await tabTo('Merge customers');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => rowTitles(gadget).length === 6, 'Expected the combined journey');
    expect(rowTitles(gadget)).to.include('Customers merged');
    expect((await asSupervisor.getCustomer(duplicate.id)).id).to.equal(jordan.id);
  });
});
