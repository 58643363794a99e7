/**
 * The gadget's answer to "who is this?", as an agent on a screen reader meets it: by keyboard, by
 * role and accessible name. A search that finds nobody (or fails, or lists others) never leaves
 * the previous customer on screen; a customer just created is the answer, once.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { BuiltInStore } from '../../src/backend/index.js';
import '../../src/components/customer-context/customer-context.js';
import type { CcCustomerContext } from '../../src/components/customer-context/customer-context.js';
import { DEMO_IDS, seedDemoJourney } from '../../src/demo/journey.js';
import { allByRole, byRole, focused, nameOf, queryByRole } from '../support/roles.js';
import { waitUntil } from '../support/wait.js';

const UNKNOWN = '+1 408 555 0100';
const opened: { store: BuiltInStore; databaseName: string }[] = [];

async function demoStore(): Promise<BuiltInStore> {
  const databaseName = `cc-test-customer-context-lookup-${crypto.randomUUID()}`;
  const store = await BuiltInStore.open({ databaseName, timeoutMs: 15_000 });
  opened.push({ store, databaseName });
  await seedDemoJourney(store, new Date(2026, 10, 20, 11, 0));
  return store;
}

async function openGadget(store: BuiltInStore, customerId = ''): Promise<CcCustomerContext> {
  const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context timeout="15000" .backend=${store} customer-id=${customerId}></cc-customer-context>`);
  await waitUntil(() => queryByRole(gadget, 'combobox', 'Search customers'), 'Expected the search');
  return gadget;
}

/** Jordan Ellis open: their name, their journey's list, the note field. */
async function untilJordanShown(gadget: CcCustomerContext): Promise<void> {
  await waitUntil(() => queryByRole(gadget, 'heading', 'Jordan Ellis'), 'Expected Jordan Ellis’s summary');
  await waitUntil(() => queryByRole(gadget, 'list', 'Activities, newest first')?.querySelector('[role="listitem"]'), 'Expected Jordan’s journey');
  expect(queryByRole(gadget, 'button', 'Add a note')).to.exist;
}

/** Nothing of Jordan's is left where an agent could read it to someone else. */
function expectNoCustomerShown(gadget: CcCustomerContext): void {
  expect(queryByRole(gadget, 'heading', 'Jordan Ellis'), 'Jordan’s name').to.equal(undefined);
  expect(queryByRole(gadget, 'list', 'Activities, newest first'), 'a journey').to.equal(undefined);
  expect(queryByRole(gadget, 'region', 'Customer journey'), 'a journey').to.equal(undefined);
  expect(queryByRole(gadget, 'button', 'Add a note'), 'the note field').to.equal(undefined);
  expect(queryByRole(gadget, 'button', 'Edit'), 'a summary').to.equal(undefined);
  expect(gadget.customerId).to.equal('');
}

function search(gadget: CcCustomerContext): Element {
  return gadget.shadowRoot!.querySelector('cc-customer-search')!;
}

/** What the search's polite live region says now. */
function searchStatus(gadget: CcCustomerContext): string {
  return allByRole(search(gadget), 'status').map(nameOf).join(' ');
}

function gadgetText(gadget: CcCustomerContext): string {
  return gadget.shadowRoot!.textContent?.replace(/\s+/g, ' ') ?? '';
}

async function focus(element: HTMLElement): Promise<void> {
  element.focus();
  await waitUntil(() => focused() === element, `Expected the focus on ${nameOf(element)}`);
}

/** Types `text` into "Search customers", replacing what is there; the search runs once typing pauses. */
async function typeSearch(gadget: CcCustomerContext, text: string): Promise<void> {
  const field = byRole<HTMLInputElement>(gadget, 'combobox', 'Search customers');
  await focus(field);
  field.select();
  await sendKeys({ press: 'Backspace' });
  await sendKeys({ type: text });
}

/** Types `text` into "Search customers" and presses Enter. */
async function searchFor(gadget: CcCustomerContext, text: string): Promise<void> {
  await typeSearch(gadget, text);
  await sendKeys({ press: 'Enter' });
}

/** From the search field, Tab to "Create customer" and press it: the create form opens. */
async function createFromSearch(gadget: CcCustomerContext): Promise<void> {
  const create = await waitUntil(() => queryByRole(search(gadget), 'button', 'Create customer'), 'Expected the offer to create a customer').then(() =>
    byRole(search(gadget), 'button', 'Create customer'),
  );
  await sendKeys({ press: 'Tab' });
  expect(focused()).to.equal(create);
  await sendKeys({ press: 'Enter' });
  await waitUntil(() => queryByRole(gadget, 'form', 'New customer'), 'Expected the create form');
}

async function typeInto(gadget: CcCustomerContext, name: string, text: string): Promise<void> {
  await focus(byRole(gadget, 'textbox', name));
  await sendKeys({ type: text });
}

/** How many customers the store has under `phone`. */
async function ownersOf(store: BuiltInStore, phone: string): Promise<string[]> {
  return (await store.findCustomers(phone)).filter((match) => match.matchedOn === 'phone').map((match) => match.customer.id);
}

describe('cc-customer-context: lookups and creating customers', () => {
  before(async () => {
    await setViewport({ width: 1280, height: 1600 });
  });

  after(async () => {
    for (const { store, databaseName } of opened.splice(0)) {
      store.close();
      await BuiltInStore.deleteDatabase(databaseName);
    }
  });

  describe('a search that does not find the customer open', () => {
    it('closes them when a call from an unknown number is looked up, and says no customer is open', async () => {
      const gadget = await openGadget(await demoStore(), DEMO_IDS.jordan);
      await untilJordanShown(gadget);
      await gadget.lookup(UNKNOWN);
      await gadget.updateComplete;
      expectNoCustomerShown(gadget);
      expect(searchStatus(gadget)).to.equal(`No customer matches “${UNKNOWN}”`);
      expect(gadgetText(gadget)).to.include('No customer is open.');
      expect(queryByRole(search(gadget), 'button', 'Create customer')).to.exist;
      await expect(gadget).to.be.accessible();
    });

    it('closes them when the agent searches for a number nobody has', async () => {
      const gadget = await openGadget(await demoStore(), DEMO_IDS.jordan);
      await untilJordanShown(gadget);
      await searchFor(gadget, UNKNOWN);
      await waitUntil(() => searchStatus(gadget) === `No customer matches “${UNKNOWN}”`, 'Expected the search to say no match');
      await waitUntil(() => !queryByRole(gadget, 'heading', 'Jordan Ellis'), 'Expected Jordan’s summary gone');
      expectNoCustomerShown(gadget);
      expect(gadgetText(gadget)).to.include('No customer is open.');
    });

    it('keeps them under a list that includes them, and while the agent is still typing; the answer asked for replaces them', async () => {
      const gadget = await openGadget(await demoStore(), DEMO_IDS.jordan);
      await untilJordanShown(gadget);
      await searchFor(gadget, 'Ellis');
      await waitUntil(() => allByRole(search(gadget), 'option').length === 2, 'Expected both Ellises listed');
      expect(queryByRole(gadget, 'heading', 'Jordan Ellis'), 'Jordan is one of the Ellises').to.exist;

      // Typed without Enter, one name is offered rather than opened ("Morgan" may be the start of
      // another name), and nothing is answered yet: Jordan, and whatever the agent was doing, stay.
      await typeSearch(gadget, 'Morgan');
      await waitUntil(() => allByRole(search(gadget), 'option').length === 1, 'Expected Morgan alone listed');
      await gadget.updateComplete;
      expect(queryByRole(gadget, 'heading', 'Jordan Ellis'), 'Jordan while the agent types').to.exist;
      expect(queryByRole(gadget, 'button', 'Add a note'), 'the note composer while the agent types').to.exist;

      // Asked for (Enter), the answer is Morgan alone: Morgan opens in Jordan's place.
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => queryByRole(gadget, 'heading', 'Morgan Ellis'), 'Expected Morgan Ellis opened');
      expect(queryByRole(gadget, 'heading', 'Jordan Ellis')).to.equal(undefined);
    });

    it('closes them when the search fails, so that they never look like its answer', async () => {
      const store = await demoStore();
      const gadget = await openGadget(store, DEMO_IDS.jordan);
      await untilJordanShown(gadget);
      store.fault = 'unavailable';
      await searchFor(gadget, 'Morgan Ellis');
      await waitUntil(() => allByRole(search(gadget), 'alert').some((alert) => nameOf(alert).includes('Could not search.')), 'Expected the failure');
      await waitUntil(() => !queryByRole(gadget, 'heading', 'Jordan Ellis'), 'Expected Jordan’s summary gone');
      expectNoCustomerShown(gadget);
      expect(gadgetText(gadget)).to.include('No customer is open: the search could not be completed.');
      store.fault = 'none';
    });
  });

  describe('creating a customer after no match', () => {
    it('makes the new customer the answer: the offer goes, their name takes the focus, it is announced, and a second Enter while it is stored creates nobody', async () => {
      const store = await demoStore();
      const gadget = await openGadget(store, DEMO_IDS.jordan);
      await untilJordanShown(gadget);
      await searchFor(gadget, UNKNOWN);
      await createFromSearch(gadget);
      expect((byRole<HTMLInputElement>(gadget, 'textbox', 'Mobile phone')).value).to.equal(UNKNOWN);
      await typeInto(gadget, 'First name', 'Riley');
      await typeInto(gadget, 'Last name', 'Park');
      // The store takes its time, and the agent presses Enter again in the form meanwhile.
      let release!: () => void;
      const stored = new Promise<void>((resolve) => (release = resolve));
      const create = store.createCustomer.bind(store);
      let creates = 0;
      store.createCustomer = async (...args: Parameters<BuiltInStore['createCustomer']>) => {
        creates += 1;
        await stored;
        return create(...args);
      };
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => creates === 1, 'Expected the create under way');
      await sendKeys({ press: 'Enter' });
      release();

      await waitUntil(() => queryByRole(gadget, 'heading', 'Riley Park'), 'Expected Riley Park’s summary');
      await waitUntil(() => focused() === byRole(gadget, 'heading', 'Riley Park'), 'Expected the focus on Riley Park’s name');
      expect(queryByRole(gadget, 'button', 'Create customer'), 'the offer to create').to.equal(undefined);
      expect(gadgetText(gadget)).not.to.include('No customer matches');
      expect(search(gadget).shadowRoot!.querySelector('[part="current"]')?.textContent?.trim()).to.equal('Showing Riley Park');
      expect(searchStatus(gadget)).to.equal('Customer created: Riley Park.');
      await waitUntil(() => queryByRole(gadget, 'region', 'Customer journey'), 'Expected Riley Park’s journey');
      await expect(gadget).to.be.accessible();

      expect(creates).to.equal(1);
      // The number now finds one customer, opened at once: a second Riley Park would be a list of two.
      await searchFor(gadget, UNKNOWN);
      await waitUntil(() => searchStatus(gadget) === 'Found Riley Park', 'Expected the number to find Riley Park');
      expect(await ownersOf(store, UNKNOWN)).to.have.length(1);
      expect(allByRole(search(gadget), 'option')).to.have.length(0);
    });

    it('asks first when the phone belongs to Jordan Ellis: Escape returns to the form, "Open Jordan Ellis" opens Jordan', async () => {
      const store = await demoStore();
      const gadget = await openGadget(store);
      await searchFor(gadget, 'Riley Park');
      await createFromSearch(gadget);
      await typeInto(gadget, 'Mobile phone', '+1 408 555 0142');
      await sendKeys({ press: 'Enter' });

      const question = () => queryByRole(gadget, 'group', 'Already a customer?');
      await waitUntil(question, 'Expected the question');
      expect(question()!.textContent?.replace(/\s+/g, ' ')).to.match(/408.*555.*0142 belongs to Jordan Ellis\./);
      const open = byRole(question()!, 'button', 'Open Jordan Ellis');
      expect(focused()).to.equal(open);
      expect(queryByRole(question()!, 'button', 'Create anyway')).to.exist;
      await expect(gadget).to.be.accessible();

      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !question(), 'Expected Escape to close the question');
      expect(queryByRole(gadget, 'heading', 'New customer'), 'the form stays').to.exist;
      expect(focused()).to.equal(byRole(gadget, 'textbox', 'Mobile phone'));
      expect((byRole<HTMLInputElement>(gadget, 'textbox', 'First name')).value).to.equal('Riley');

      await sendKeys({ press: 'Enter' });
      await waitUntil(question, 'Expected the question again');
      await waitUntil(() => focused() === byRole(question()!, 'button', 'Open Jordan Ellis'), 'Expected the focus in the question');
      await sendKeys({ press: 'Enter' });
      await untilJordanShown(gadget);
      // The button went with the form: the keyboard is on the name of the customer opened, not lost to the page.
      await waitUntil(() => focused() === queryByRole(gadget, 'heading', 'Jordan Ellis'), 'Expected Jordan Ellis opened, their name focused');
      expect(gadget.customerId).to.equal(DEMO_IDS.jordan);
      expect(queryByRole(gadget, 'heading', 'New customer')).to.equal(undefined);
      expect(await ownersOf(store, '+1 408 555 0142')).to.deep.equal([DEMO_IDS.jordan]);
      expect((await store.findCustomers('Riley Park')).length).to.equal(0);
    });

    it('"Create anyway" creates the customer with the phone Jordan has', async () => {
      const store = await demoStore();
      const gadget = await openGadget(store);
      await searchFor(gadget, 'Riley Park');
      await createFromSearch(gadget);
      await typeInto(gadget, 'Mobile phone', '+1 408 555 0142');
      await sendKeys({ press: 'Enter' });
      const question = () => queryByRole(gadget, 'group', 'Already a customer?');
      await waitUntil(() => question() && focused() === byRole(question()!, 'button', 'Open Jordan Ellis'), 'Expected the question, focused');
      await sendKeys({ press: 'Tab' });
      expect(focused()).to.equal(byRole(question()!, 'button', 'Create anyway'));
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => focused() === queryByRole(gadget, 'heading', 'Riley Park'), 'Expected Riley Park opened, their name focused');
      const owners = await ownersOf(store, '+1 408 555 0142');
      expect(owners).to.have.length(2);
      expect(owners).to.include(DEMO_IDS.jordan);
      expect(owners).to.include(gadget.customerId);
    });

    it('creates at once when nobody has the phone or email', async () => {
      const store = await demoStore();
      const gadget = await openGadget(store);
      await searchFor(gadget, 'sam@example.net');
      await createFromSearch(gadget);
      await typeInto(gadget, 'First name', 'Sam');
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => focused() === queryByRole(gadget, 'heading', 'Sam'), 'Expected Sam opened');
      expect(queryByRole(gadget, 'group', 'Already a customer?')).to.equal(undefined);
      expect((await store.findCustomers('sam@example.net')).map((match) => match.customer.id)).to.deep.equal([gadget.customerId]);
    });
  });
});
