import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ContextBackend } from '../../src/backend/adapter.js';
import type { BuiltInStore } from '../../src/backend/index.js';
import '../../src/components/backend-provider/backend-provider.js';
import type { CcBackendProvider } from '../../src/components/backend-provider/backend-provider.js';
import '../../src/components/customer-summary/customer-summary.js';
import type { CcCustomerSummary } from '../../src/components/customer-summary/customer-summary.js';
import type { CustomerSavedEvent } from '../../src/events/customer-saved.js';
import type { Customer } from '../../src/model/index.js';
import '../../stories/support/part-providers.js';
import { builtInStores } from '../backend/support/stores.js';
import { customerWithIdentities } from '../support/customer-with-identities.js';
import { byRole, focused, nameOf, queryByRole } from '../support/roles.js';
import { waitUntil } from '../support/wait.js';
import { setLocale } from '../../src/localization.js';

const openStore = builtInStores('cc-test-identities');

/** Jordan Ellis as the fixture has them (a phone and an email in the details, a phone and an external id listed), stored. */
async function storedJordan(store: BuiltInStore): Promise<Customer> {
  const { id, dataElements, identities } = customerWithIdentities;
  let customer = await store.createCustomer({ id, dataElements });
  for (const identity of identities ?? []) customer = await store.customerMerging.addIdentity(id, { expectedVersion: customer.version, ...identity });
  return customer;
}

/** A backend as a host might bring it: every operation, but no identities. */
function withoutIdentities(store: BuiltInStore): ContextBackend {
  const backend: ContextBackend = {
    findCustomers: (...args) => store.findCustomers(...args),
    getCustomer: (...args) => store.getCustomer(...args),
    createCustomer: (...args) => store.createCustomer(...args),
    updateCustomer: (...args) => store.updateCustomer(...args),
    deleteCustomer: (...args) => store.deleteCustomer(...args),
    listActivities: (...args) => store.listActivities(...args),
    getActivity: (...args) => store.getActivity(...args),
    createActivity: (...args) => store.createActivity(...args),
    updateActivity: (...args) => store.updateActivity(...args),
    deleteActivity: (...args) => store.deleteActivity(...args),
    getRequest: (...args) => store.getRequest(...args),
    createRequest: (...args) => store.createRequest(...args),
    listRequests: (...args) => store.listRequests(...args),
    subscribe: (...args) => store.subscribe(...args),
    status: (...args) => store.status(...args),
    close: () => undefined,
  };
  return backend;
}

interface Rendered {
  readonly summary: CcCustomerSummary;
  readonly saved: Customer[];
}

async function renderSummary(backend: ContextBackend, customer: Customer): Promise<Rendered> {
  const saved: Customer[] = [];
  const provider = await fixture<CcBackendProvider>(html`<cc-backend-provider .backend=${backend}>
    <cc-part-providers .access=${{ canReveal: false, agent: { id: 'alex', name: 'Alex Agent' } }}>
      <cc-customer-summary .customer=${customer} @cc-customer-saved=${(event: CustomerSavedEvent) => saved.push(event.detail.customer)}></cc-customer-summary>
    </cc-part-providers>
  </cc-backend-provider>`);
  const summary = provider.querySelector('cc-customer-summary')!;
  await summary.updateComplete;
  return { summary, saved };
}

/** Opens the identities section from the summary's "Identities" button, by keyboard. */
async function openIdentities(summary: CcCustomerSummary): Promise<HTMLElement> {
  const toggle = byRole(summary, 'button', 'Identities');
  expect(toggle.getAttribute('aria-expanded')).to.equal('false');
  toggle.focus();
  await sendKeys({ press: 'Enter' });
  await waitUntil(() => queryByRole(summary, 'region', 'Identities'), 'Expected the identities section');
  expect(toggle.getAttribute('aria-expanded')).to.equal('true');
  return byRole(summary, 'region', 'Identities');
}

/** Each identity's row as a screen reader reads it. */
function rows(region: HTMLElement): string[] {
  return [...byRole(region, 'list', 'Identities').querySelectorAll('li')].map((row) => row.textContent!.replace(/\s+/g, ' ').trim());
}

function status(region: HTMLElement): string {
  return region.querySelector('[role="status"]')?.textContent?.trim() ?? '';
}

/** Chooses the kind in the add form as a keyboard user does: focus, then arrow keys to the option. */
async function chooseKind(region: HTMLElement, label: string): Promise<void> {
  const select = byRole<HTMLSelectElement>(region, 'combobox', 'Kind');
  select.focus();
  for (let step = 0; step < 3 && select.selectedOptions[0]?.textContent !== label; step += 1) await sendKeys({ press: 'ArrowDown' });
  expect(select.selectedOptions[0]?.textContent).to.equal(label);
}

/** Types a value into the add form and presses Enter. */
async function addByKeyboard(region: HTMLElement, kind: string, value: string): Promise<HTMLInputElement> {
  await chooseKind(region, kind);
  await sendKeys({ press: 'Tab' });
  const input = byRole<HTMLInputElement>(region, 'textbox', 'Value');
  expect(focused()).to.equal(input);
  await sendKeys({ type: value });
  await sendKeys({ press: 'Enter' });
  return input;
}

async function shiftTab(): Promise<void> {
  await sendKeys({ down: 'Shift' });
  await sendKeys({ press: 'Tab' });
  await sendKeys({ up: 'Shift' });
}

describe('cc-customer-identities', () => {
  it('renders every identity of the customer, with its kind, phones formatted as the summary formats them', async () => {
    const store = await openStore();
    const { summary } = await renderSummary(store, await storedJordan(store));
    const region = await openIdentities(summary);
    await waitUntil(() => rows(region).some((row) => row.includes('+1 408 555 0199')), 'Expected the listed phone, formatted');
    expect(rows(region)).to.deep.equal([
      'Phone +1 408 555 0142 In the details: change it with Edit',
      'Email Jordan.Ellis@Example.com In the details: change it with Edit',
      'Phone +1 408 555 0199 Remove',
      'External id CRM:4711 Remove',
    ]);
    expect(byRole(region, 'button', 'Remove Phone +1 408 555 0199')).to.exist;
    expect(queryByRole(region, 'button', /^Remove Phone \+1 408 555 0142/), 'a phone of the details is changed with Edit').to.equal(undefined);
  });

  it('is accessible', async () => {
    const store = await openStore();
    const { summary } = await renderSummary(store, await storedJordan(store));
    await openIdentities(summary);
    await expect(summary).to.be.accessible();
  });

  it('is hidden entirely when the backend keeps no identities', async () => {
    const store = await openStore();
    const { summary } = await renderSummary(withoutIdentities(store), await storedJordan(store));
    expect(queryByRole(summary, 'button', 'Edit'), 'the summary itself').to.exist;
    expect(queryByRole(summary, 'button', 'Identities')).to.equal(undefined);
    expect(summary.shadowRoot!.querySelector('cc-customer-identities')).to.equal(null);
  });

  it('speaks French', async () => {
    const store = await openStore();
    const { summary } = await renderSummary(store, await storedJordan(store));
    try {
      await setLocale('fr');
      await waitUntil(() => queryByRole(summary, 'button', 'Identités'), 'Expected the section’s button in French');
      byRole(summary, 'button', 'Identités').click();
      await waitUntil(() => queryByRole(summary, 'region', 'Identités'), 'Expected the section in French');
      const region = byRole(summary, 'region', 'Identités');
      expect(byRole(region, 'button', 'Ajouter l’identité')).to.exist;
      expect(byRole(region, 'button', 'Retirer Identifiant externe CRM:4711')).to.exist;
    } finally {
      await setLocale('en');
    }
  });

  describe('adding', () => {
    it('adds a phone by keyboard: the new row takes the focus, the live region says so, the store has it', async () => {
      const store = await openStore();
      const { summary, saved } = await renderSummary(store, await storedJordan(store));
      const region = await openIdentities(summary);
      const input = await addByKeyboard(region, 'Phone', '(408) 555-0177');
      await waitUntil(() => rows(region).some((row) => row.startsWith('Phone +1 408 555 0177')), 'Expected the new phone listed');
      expect(status(region)).to.equal('Identity added: Phone +1 408 555 0177.');
      expect((focused() as HTMLElement).tagName).to.equal('LI');
      expect(focused()!.textContent!.replace(/\s+/g, ' ')).to.include('+1 408 555 0177');
      expect(input.value, 'the field is empty for the next one').to.equal('');
      const stored = await store.getCustomer('c-1');
      expect(stored.identities).to.deep.include({ kind: 'phone', value: '+14085550177' });
      expect(stored.contributors.map((contributor) => contributor.id)).to.include('alex');
      expect(saved.at(-1)?.version, 'the summary hears the customer as stored now').to.equal(stored.version);
      expect((await store.findCustomers('+1 408 555 0177')).map((match) => match.customer.id)).to.deep.equal(['c-1']);
    });

    it('refuses an email the model cannot read, next to what the agent typed, and stores nothing', async () => {
      const store = await openStore();
      const customer = await storedJordan(store);
      const { summary } = await renderSummary(store, customer);
      const region = await openIdentities(summary);
      const input = await addByKeyboard(region, 'Email', 'jordan at example');
      await waitUntil(() => input.getAttribute('aria-invalid') === 'true', 'Expected the field marked invalid');
      expect(focused()).to.equal(input);
      expect(input.value).to.equal('jordan at example');
      const problem = region.querySelector(`#${input.getAttribute('aria-describedby')}`);
      expect(problem?.textContent?.trim()).to.equal('Must be an email address.');
      expect((await store.getCustomer('c-1')).version).to.equal(customer.version);
    });

    it('says an identity another customer has belongs to them, keeping what was typed', async () => {
      const store = await openStore();
      await store.createCustomer({ dataElements: { Context_First_Name: 'Bo', Context_Last_Name: 'Lind', Context_Mobile_Phone: '+14085550111' } });
      const customer = await storedJordan(store);
      const { summary } = await renderSummary(store, customer);
      const region = await openIdentities(summary);
      const input = await addByKeyboard(region, 'Phone', '408 555 0111');
      await waitUntil(() => input.getAttribute('aria-invalid') === 'true', 'Expected the refusal');
      expect(nameOf(input)).to.equal('Value');
      expect(region.querySelector('#value-problem')?.textContent?.trim()).to.equal('This phone number already belongs to another customer.');
      expect(input.value).to.equal('408 555 0111');
      expect(focused()).to.equal(input);
      expect((await store.getCustomer('c-1')).version).to.equal(customer.version);
      await expect(summary).to.be.accessible();
    });

    it('says the customer has an identity already, without asking the backend', async () => {
      const store = await openStore();
      const { summary } = await renderSummary(store, await storedJordan(store));
      const region = await openIdentities(summary);
      const input = await addByKeyboard(region, 'External id', 'crm:4711');
      await waitUntil(() => input.getAttribute('aria-invalid') === 'true', 'Expected the refusal');
      expect(region.querySelector('#value-problem')?.textContent?.trim()).to.equal('The customer has this identity already.');
      expect((await store.status()).operations.addIdentity?.count ?? 0, 'calls besides the fixture’s two').to.equal(2);
    });

    it('after someone else changed the customer, shows them as stored and adds on the next try', async () => {
      const store = await openStore();
      const customer = await storedJordan(store);
      const { summary } = await renderSummary(store, customer);
      const region = await openIdentities(summary);
      await store.updateCustomer('c-1', { expectedVersion: customer.version, tags: ['gold'] });
      const input = await addByKeyboard(region, 'Email', 'jordan@example.org');
      await waitUntil(() => input.getAttribute('aria-invalid') === 'true', 'Expected the conflict explained');
      expect(region.querySelector('#value-problem')?.textContent).to.include('Someone else changed this customer meanwhile');
      expect(input.value).to.equal('jordan@example.org');
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => rows(region).some((row) => row.startsWith('Email jordan@example.org')), 'Expected the email added on the second try');
      expect((await store.getCustomer('c-1')).tags).to.deep.equal(['gold']);
    });
  });

  describe('removing', () => {
    it('asks first; Keep or Escape goes back to the row’s Remove; Remove takes it off and focus goes to the next identity', async () => {
      const store = await openStore();
      const { summary } = await renderSummary(store, await storedJordan(store));
      const region = await openIdentities(summary);
      await waitUntil(() => queryByRole(region, 'button', 'Remove Phone +1 408 555 0199'), 'Expected the listed phone');
      const remove = byRole(region, 'button', 'Remove Phone +1 408 555 0199');
      remove.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => queryByRole(region, 'group', /^Remove Phone \+1 408 555 0199 from Jordan Ellis\?/), 'Expected the question');
      expect(nameOf(focused()!)).to.equal('Keep');
      await expect(summary).to.be.accessible();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => nameOf(focused()!) === 'Remove Phone +1 408 555 0199', 'Expected the focus back on Remove');
      expect((await store.getCustomer('c-1')).identities).to.have.length(2);

      await sendKeys({ press: 'Enter' });
      await waitUntil(() => nameOf(focused()!) === 'Keep', 'Expected the question again');
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => nameOf(focused()!) === 'Remove Phone +1 408 555 0199', 'Expected Escape to keep it');
      expect(queryByRole(region, 'group', /^Remove Phone/)).to.equal(undefined);

      await sendKeys({ press: 'Enter' });
      await waitUntil(() => nameOf(focused()!) === 'Keep', 'Expected the question a third time');
      await shiftTab();
      expect(nameOf(focused()!)).to.equal('Remove');
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => !rows(region).some((row) => row.includes('+1 408 555 0199')), 'Expected the phone gone');
      expect(status(region)).to.equal('Identity removed: Phone +1 408 555 0199.');
      expect(focused()!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('External id CRM:4711 Remove');
      expect((await store.getCustomer('c-1')).identities).to.deep.equal([{ kind: 'externalId', value: 'CRM:4711' }]);
    });

    it('after the last listed one goes, the focus goes to the one before it', async () => {
      const store = await openStore();
      const { summary } = await renderSummary(store, await storedJordan(store));
      const region = await openIdentities(summary);
      await waitUntil(() => queryByRole(region, 'button', 'Remove External id CRM:4711'), 'Expected the external id');
      byRole(region, 'button', 'Remove External id CRM:4711').focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => nameOf(focused()!) === 'Keep', 'Expected the question');
      await shiftTab();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => !rows(region).some((row) => row.includes('CRM:4711')), 'Expected the external id gone');
      expect(focused()!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Phone +1 408 555 0199 Remove');
    });

    it('explains a removal that someone else made first, and shows the customer as stored', async () => {
      const store = await openStore();
      const customer = await storedJordan(store);
      const { summary } = await renderSummary(store, customer);
      const region = await openIdentities(summary);
      await waitUntil(() => queryByRole(region, 'button', 'Remove External id CRM:4711'), 'Expected the external id');
      await store.customerMerging.removeIdentity('c-1', { expectedVersion: customer.version, kind: 'externalId', value: 'CRM:4711' });
      byRole(region, 'button', 'Remove External id CRM:4711').focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => nameOf(focused()!) === 'Keep', 'Expected the question');
      await shiftTab();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => queryByRole(region, 'alert'), 'Expected the refusal explained');
      expect(byRole(region, 'alert').textContent).to.include('Someone else changed this customer meanwhile');
      expect(focused()).to.equal(byRole(region, 'alert'));
      expect(rows(region).some((row) => row.includes('CRM:4711')), 'the customer as stored now').to.equal(false);
    });
  });
});
