import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../support/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import type { ContextBackend, FindCustomersOptions } from '../../src/backend/adapter.js';
import { BuiltInStore } from '../../src/backend/index.js';
import '../../src/components/backend-provider/backend-provider.js';
import type { CcBackendProvider } from '../../src/components/backend-provider/backend-provider.js';
import '../../src/components/customer-search/customer-search.js';
import type { CcCustomerSearch } from '../../src/components/customer-search/customer-search.js';
import { DEMO_IDS, seedDemoJourney } from '../../src/demo/journey.js';
import type { CustomerCreateRequestEvent } from '../../src/events/customer-create-request.js';
import type { CustomerSearchResultEvent } from '../../src/events/customer-search-result.js';
import type { CustomerSelectEvent } from '../../src/events/customer-select.js';
import { drawnLeftToRight } from '../support/bidi.js';

const opened: { store: BuiltInStore; databaseName: string }[] = [];

async function demoStore(): Promise<BuiltInStore> {
  const databaseName = `cc-test-customer-search-${crypto.randomUUID()}`;
  const store = await BuiltInStore.open({ databaseName, timeoutMs: 15_000 });
  opened.push({ store, databaseName });
  await seedDemoJourney(store, new Date(2026, 10, 20, 11, 0));
  return store;
}

afterEach(async () => {
  for (const { store, databaseName } of opened.splice(0)) {
    store.close();
    await BuiltInStore.deleteDatabase(databaseName);
  }
});

async function renderSearch(backend: ContextBackend): Promise<CcCustomerSearch> {
  const provider = await fixture<CcBackendProvider>(html`<cc-backend-provider .backend=${backend}>
    <cc-customer-search></cc-customer-search>
  </cc-backend-provider>`);
  const search = provider.querySelector('cc-customer-search')!;
  await search.updateComplete;
  return search;
}

function root(search: CcCustomerSearch): ShadowRoot {
  return search.shadowRoot!;
}

/** The field, found as a screen reader finds it: the combobox named "Search customers". */
function combobox(search: CcCustomerSearch): HTMLInputElement {
  const field = root(search).querySelector<HTMLInputElement>('[role="combobox"]')!;
  const label = root(search).querySelector(`label[for="${field.id}"]`);
  expect(label?.textContent?.trim()).to.equal('Search customers');
  return field;
}

function options(search: CcCustomerSearch): HTMLElement[] {
  return [...root(search).querySelectorAll<HTMLElement>('[role="listbox"]:not([hidden]) [role="option"]')];
}

function button(search: CcCustomerSearch, name: string): HTMLButtonElement | undefined {
  return [...root(search).querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === name);
}

function liveRegion(search: CcCustomerSearch): string {
  return root(search).querySelector('[role="status"]')?.textContent?.trim() ?? '';
}

async function type(search: CcCustomerSearch, text: string): Promise<void> {
  const field = combobox(search);
  field.focus();
  field.select();
  await sendKeys({ press: 'Backspace' });
  await sendKeys({ type: text });
}

async function until(condition: () => unknown, message: string): Promise<void> {
  await waitUntil(condition, message);
}

describe('cc-customer-search', () => {
  it('renders', async () => {
    const search = await renderSearch(await demoStore());
    expect(search).to.be.instanceOf(customElements.get('cc-customer-search')!);
    const field = combobox(search);
    expect(field.getAttribute('aria-expanded')).to.equal('false');
    expect(field.getAttribute('aria-controls')).to.equal('results');
  });

  it('is accessible', async () => {
    const search = await renderSearch(await demoStore());
    await expect(search).to.be.accessible();
  });

  describe('one match', () => {
    for (const phone of ['+1 408 555 0142', '(408) 555-0142', '408.555.0142', '14085550142']) {
      it(`finds Jordan Ellis by the phone number ${phone}`, async () => {
        const search = await renderSearch(await demoStore());
        const selected = oneEvent(search, 'cc-customer-select') as Promise<CustomerSelectEvent>;
        await type(search, phone);
        await sendKeys({ press: 'Enter' });
        const event = await selected;
        expect(event.detail.customer.id).to.equal(DEMO_IDS.jordan);
        expect(event.detail.match?.matchedOn).to.equal('phone');
        expect(event.bubbles && event.composed && event.cancelable).to.equal(true);
        expect(combobox(search).getAttribute('aria-expanded')).to.equal('false');
      });
    }

    it('finds Jordan Ellis written last name first, "Ellis, Jordan", as "Jordan Ellis" finds him', async () => {
      const search = await renderSearch(await demoStore());
      for (const name of ['Jordan Ellis', 'Ellis, Jordan']) {
        const selected = oneEvent(search, 'cc-customer-select') as Promise<CustomerSelectEvent>;
        await type(search, name);
        await sendKeys({ press: 'Enter' });
        await until(() => liveRegion(search) === 'Found Jordan Ellis', `"${name}" finds Jordan Ellis`);
        const event = await selected;
        expect(event.detail.customer.id, name).to.equal(DEMO_IDS.jordan);
        expect(event.detail.match?.matchedOn).to.equal('name');
        expect(options(search)).to.have.length(0);
      }
    });

    it('finds a customer by email, whatever its case, once the agent pauses typing', async () => {
      const search = await renderSearch(await demoStore());
      const selected = oneEvent(search, 'cc-customer-select') as Promise<CustomerSelectEvent>;
      await type(search, 'Morgan.Ellis@Example.org');
      const event = await selected;
      expect(event.detail.customer.id).to.equal(DEMO_IDS.morgan);
      expect(event.detail.match?.matchedOn).to.equal('email');
      await until(() => liveRegion(search) === 'Found Morgan Ellis', 'The match is announced');
    });
  });

  describe('several matches', () => {
    it('lists both Ellises, each saying which key matched, and selects neither', async () => {
      const search = await renderSearch(await demoStore());
      let selections = 0;
      search.addEventListener('cc-customer-select', () => (selections += 1));
      await type(search, 'Ellis');
      await sendKeys({ press: 'Enter' });
      await until(() => options(search).length === 2, 'Two options');
      const field = combobox(search);
      expect(field.getAttribute('aria-expanded')).to.equal('true');
      const texts = options(search).map((option) => option.textContent?.replace(/\s+/g, ' ').trim());
      expect(texts.some((text) => text?.startsWith('Jordan Ellis Name Jordan Ellis +1 408 555 0142'))).to.equal(true);
      expect(texts.some((text) => text?.startsWith('Morgan Ellis Name Morgan Ellis +1 650 555 0199'))).to.equal(true);
      expect(selections).to.equal(0);
      await until(() => liveRegion(search) === '2 customers found', 'The count is announced politely');
    });

    it('moves with ArrowDown and ArrowUp and picks Morgan Ellis with Enter', async () => {
      const search = await renderSearch(await demoStore());
      await type(search, 'Ellis');
      await sendKeys({ press: 'Enter' });
      await until(() => options(search).length === 2, 'Two options');
      const field = combobox(search);
      const morganIndex = options(search).findIndex((option) => option.textContent?.includes('Morgan'));
      await sendKeys({ press: 'ArrowDown' });
      expect(field.getAttribute('aria-activedescendant')).to.equal(options(search)[0]!.id);
      expect(options(search)[0]!.getAttribute('aria-selected')).to.equal('true');
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'ArrowUp' });
      await sendKeys({ press: 'ArrowUp' });
      // From the first option, ArrowUp wraps to the last.
      expect(field.getAttribute('aria-activedescendant')).to.equal(options(search)[1]!.id);
      for (let step = 0; step < (morganIndex === 1 ? 0 : 1); step += 1) await sendKeys({ press: 'ArrowDown' });
      expect(field.getAttribute('aria-activedescendant')).to.equal(options(search)[morganIndex]!.id);
      const selected = oneEvent(search, 'cc-customer-select') as Promise<CustomerSelectEvent>;
      await sendKeys({ press: 'Enter' });
      const event = await selected;
      expect(event.detail.customer.id).to.equal(DEMO_IDS.morgan);
      expect(event.detail.match?.matchedOn).to.equal('name');
      await search.updateComplete;
      expect(field.getAttribute('aria-expanded')).to.equal('false');
      expect(field.hasAttribute('aria-activedescendant')).to.equal(false);
    });

    it('closes the list with Escape and opens it again with ArrowDown', async () => {
      const search = await renderSearch(await demoStore());
      await type(search, 'Ellis');
      await sendKeys({ press: 'Enter' });
      await until(() => options(search).length === 2, 'Two options');
      await sendKeys({ press: 'Escape' });
      await search.updateComplete;
      expect(combobox(search).getAttribute('aria-expanded')).to.equal('false');
      expect(options(search)).to.have.length(0);
      expect(combobox(search).value).to.equal('Ellis');
      await sendKeys({ press: 'ArrowDown' });
      await search.updateComplete;
      expect(options(search)).to.have.length(2);
      expect(combobox(search).getAttribute('aria-activedescendant')).to.equal(options(search)[0]!.id);
    });

    it('picks a result by click', async () => {
      const search = await renderSearch(await demoStore());
      await type(search, 'Ellis');
      await sendKeys({ press: 'Enter' });
      await until(() => options(search).length === 2, 'Two options');
      const jordan = options(search).find((option) => option.textContent?.includes('Jordan'))!;
      const selected = oneEvent(search, 'cc-customer-select') as Promise<CustomerSelectEvent>;
      jordan.click();
      expect((await selected).detail.customer.id).to.equal(DEMO_IDS.jordan);
    });

    it('is accessible with the list open', async () => {
      const search = await renderSearch(await demoStore());
      await type(search, 'Ellis');
      await sendKeys({ press: 'Enter' });
      await until(() => options(search).length === 2, 'Two options');
      await sendKeys({ press: 'ArrowDown' });
      await expect(search).to.be.accessible();
    });
  });

  describe('no match', () => {
    it('says so and requests a customer prefilled with the name typed', async () => {
      const search = await renderSearch(await demoStore());
      await type(search, 'Avery Quinn Ellison-Park');
      await sendKeys({ press: 'Enter' });
      await until(() => root(search).textContent?.includes('No customer matches “Avery Quinn Ellison-Park”'), 'The empty state');
      expect(liveRegion(search)).to.equal('No customer matches “Avery Quinn Ellison-Park”');
      const requested = oneEvent(search, 'cc-customer-create-request') as Promise<CustomerCreateRequestEvent>;
      const create = button(search, 'Create customer')!;
      create.focus();
      await sendKeys({ press: 'Enter' });
      const event = await requested;
      expect(event.detail.prefill).to.deep.equal({
        dataElements: { Context_First_Name: 'Avery Quinn', Context_Last_Name: 'Ellison-Park' },
      });
    });

    it('prefills a name written last name first in its fields', async () => {
      const search = await renderSearch(await demoStore());
      await type(search, 'Haddad, Layla');
      await sendKeys({ press: 'Enter' });
      await until(() => button(search, 'Create customer'), 'The empty state');
      const requested = oneEvent(search, 'cc-customer-create-request') as Promise<CustomerCreateRequestEvent>;
      button(search, 'Create customer')!.focus();
      await sendKeys({ press: 'Enter' });
      expect((await requested).detail.prefill).to.deep.equal({ dataElements: { Context_First_Name: 'Layla', Context_Last_Name: 'Haddad' } });
    });

    it('prefills the mobile phone from a number and the work email from an address', async () => {
      const search = await renderSearch(await demoStore());
      await type(search, '(650) 555-0111');
      await sendKeys({ press: 'Enter' });
      await until(() => button(search, 'Create customer'), 'The empty state');
      let requested = oneEvent(search, 'cc-customer-create-request') as Promise<CustomerCreateRequestEvent>;
      button(search, 'Create customer')!.click();
      expect((await requested).detail.prefill).to.deep.equal({ dataElements: { Context_Mobile_Phone: '(650) 555-0111' } });

      await type(search, 'sam@example.net');
      await sendKeys({ press: 'Enter' });
      await until(() => root(search).textContent?.includes('No customer matches “sam@example.net”'), 'The empty state');
      requested = oneEvent(search, 'cc-customer-create-request') as Promise<CustomerCreateRequestEvent>;
      button(search, 'Create customer')!.click();
      expect((await requested).detail.prefill).to.deep.equal({ dataElements: { Context_Work_Email: 'sam@example.net' } });
    });
  });

  describe('for a host', () => {
    it('lookup() searches at once, shows the answer and reports it', async () => {
      const search = await renderSearch(await demoStore());
      const reported = oneEvent(search, 'cc-customer-search-result') as Promise<CustomerSearchResultEvent>;
      const matches = await search.lookup('Ellis');
      expect(matches?.map((match) => match.customer.id).sort()).to.deep.equal([DEMO_IDS.jordan, DEMO_IDS.morgan].sort());
      const { detail } = await reported;
      expect(detail).to.deep.include({ query: 'Ellis' });
      expect('matches' in detail && detail.matches.length).to.equal(2);
      await search.updateComplete;
      expect(combobox(search).value).to.equal('Ellis');
      expect(options(search)).to.have.length(2);
      expect(await search.lookup('+1 408 555 0100')).to.deep.equal([]);
      await until(() => button(search, 'Create customer'), 'The offer to create');
    });

    it('lookup() ends when the agent clears the field before the answer comes', async () => {
      const store = await demoStore();
      const search = await renderSearch(store);
      store.fault = 'stall';
      const looked = search.lookup('Ellis');
      await until(() => root(search).querySelector('[part="pending"]'), 'The search under way');
      combobox(search).focus();
      await sendKeys({ press: 'Escape' });
      expect(await looked).to.equal(undefined);
      expect(combobox(search).value).to.equal('');
      store.fault = 'none';
    });

    it('reports a failure as its answer', async () => {
      const store = await demoStore();
      store.fault = 'unavailable';
      const search = await renderSearch(store);
      const reported = oneEvent(search, 'cc-customer-search-result') as Promise<CustomerSearchResultEvent>;
      expect(await search.lookup('Ellis')).to.equal(undefined);
      const { detail } = await reported;
      expect('error' in detail && (detail.error as { code?: string }).code).to.equal('unavailable');
      store.fault = 'none';
    });

    it('names the customer the host shows, and drops an older answer that does not include them', async () => {
      const store = await demoStore();
      const search = await renderSearch(store);
      await search.lookup('+1 408 555 0100');
      await until(() => button(search, 'Create customer'), 'The offer to create');
      search.customer = await store.getCustomer(DEMO_IDS.jordan);
      await search.updateComplete;
      expect(button(search, 'Create customer')).to.equal(undefined);
      expect(root(search).textContent, 'neither the offer nor the live region').not.to.include('No customer matches');
      expect(root(search).querySelector('[part="pending"]')).to.equal(null);
      expect(root(search).querySelector('[part="current"]')?.textContent?.trim()).to.equal('Showing Jordan Ellis');
      expect(combobox(search).value, 'what was typed stays').to.equal('+1 408 555 0100');

      // A list that includes the customer shown stays as it is.
      await search.lookup('Ellis');
      search.customer = await store.getCustomer(DEMO_IDS.morgan);
      await search.updateComplete;
      expect(options(search)).to.have.length(2);
      await expect(search).to.be.accessible();
    });

    it('gives way to a customer the host came to show while it searched, rather than answer that nobody matches', async () => {
      const store = await demoStore();
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const backend = new Proxy(store, {
        get(target, property, receiver) {
          if (property === 'findCustomers') {
            return async (query: string, options?: FindCustomersOptions) => {
              const answer = await target.findCustomers(query, options);
              await held;
              return answer;
            };
          }
          const value = Reflect.get(target, property, receiver) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
      const search = await renderSearch(backend);
      const results: CustomerSearchResultEvent[] = [];
      search.addEventListener('cc-customer-search-result', (event) => results.push(event));
      // A call from an unknown number is looked up; a call's POD.ID opens Jordan Ellis before the answer.
      const answer = search.lookup('+1 408 555 0100');
      await until(() => root(search).querySelector('[part="pending"]'), 'The search under way');
      search.customer = await store.getCustomer(DEMO_IDS.jordan);
      await search.updateComplete;
      release();
      expect(await answer, 'the lookup was overtaken').to.equal(undefined);
      await until(() => !root(search).querySelector('[part="pending"]'), 'The search over');
      expect(results, 'no answer for the host to act on').to.have.length(0);
      expect(button(search, 'Create customer')).to.equal(undefined);
      expect(root(search).textContent).not.to.include('No customer matches');
      expect(root(search).querySelector('[part="current"]')?.textContent?.trim()).to.equal('Showing Jordan Ellis');
    });
  });

  describe('failures', () => {
    it('shows why the search failed and recovers on Retry', async () => {
      const store = await demoStore();
      store.fault = 'unavailable';
      const search = await renderSearch(store);
      await type(search, 'Ellis');
      await sendKeys({ press: 'Enter' });
      await until(() => root(search).querySelector('[role="alert"]'), 'The error');
      const alert = root(search).querySelector('[role="alert"]')!;
      expect(alert.textContent).to.contain('Could not search.');
      expect(alert.textContent).to.contain('The context store cannot be reached.');
      expect(root(search).querySelector('[part="pending"]')).to.equal(null);
      store.fault = 'none';
      button(search, 'Retry')!.click();
      await until(() => options(search).length === 2, 'The results after Retry');
      expect(root(search).querySelector('[role="alert"]')).to.equal(null);
    });

    it('stops waiting at the timeout and says so', async () => {
      // Empty: with a 200 ms deadline a loaded machine could time out the seeding too, and the
      // stalled store answers nothing anyway.
      const databaseName = `cc-test-customer-search-${crypto.randomUUID()}`;
      const store = await BuiltInStore.open({ databaseName, timeoutMs: 200 });
      opened.push({ store, databaseName });
      store.fault = 'stall';
      const search = await renderSearch(store);
      await type(search, '+1 408 555 0142');
      await sendKeys({ press: 'Enter' });
      await until(() => root(search).querySelector('[role="alert"]'), 'The timeout');
      expect(root(search).querySelector('[role="alert"]')!.textContent).to.contain('Timed out after 200 ms.');
      expect(root(search).querySelector('[part="pending"]')).to.equal(null);
      await expect(search).to.be.accessible();
    });

    it('shows "Searching…" only once a search takes a while', async () => {
      const store = await demoStore();
      store.fault = 'stall';
      const search = await renderSearch(store);
      await type(search, 'Ellis');
      const asked = performance.now();
      await sendKeys({ press: 'Enter' });
      await until(() => root(search).querySelector('[part="pending"]'), 'The pending indicator');
      // Not before its delay (a lower bound, which no slow machine can fail).
      expect(performance.now() - asked).to.be.at.least(145);
      const pending = root(search).querySelector('[part="pending"]')!;
      expect(pending.textContent).to.equal('Searching…');
      expect(getComputedStyle(pending).visibility).to.equal('visible');
    });
  });

  describe('stale responses', () => {
    it('never lets an older answer overwrite a newer one, and aborts the older call', async () => {
      const store = await demoStore();
      let releaseFirst!: () => void;
      const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
      const calls: { query: string; signal: AbortSignal }[] = [];
      const backend = new Proxy(store, {
        get(target, property, receiver) {
          if (property === 'findCustomers') {
            return async (query: string, options?: FindCustomersOptions) => {
              calls.push({ query, signal: options!.signal! });
              const answer = await target.findCustomers(query, { ...options, signal: undefined });
              if (query === 'Ellis') await firstHeld;
              return answer;
            };
          }
          const value = Reflect.get(target, property, receiver) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
      const search = await renderSearch(backend);
      let selected: CustomerSelectEvent | undefined;
      search.addEventListener('cc-customer-select', (event) => (selected = event));
      await type(search, 'Ellis');
      await sendKeys({ press: 'Enter' });
      await until(() => calls.some((call) => call.query === 'Ellis'), 'The first search started');
      await type(search, 'jordan.ellis@example.com');
      await sendKeys({ press: 'Enter' });
      await until(() => selected, 'The newer search answered');
      expect(calls.find((call) => call.query === 'Ellis')!.signal.aborted).to.equal(true);
      releaseFirst();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await search.updateComplete;
      expect(options(search)).to.have.length(0);
      expect(selected!.detail.customer.id).to.equal(DEMO_IDS.jordan);
      expect(combobox(search).getAttribute('aria-expanded')).to.equal('false');
    });
  });

  describe('right to left', () => {
    it('lists Arabic and Hebrew names right to left and phones left to right on a right-to-left page', async () => {
      const store = await demoStore();
      await store.createCustomer({ dataElements: { Context_First_Name: 'ليلى', Context_Last_Name: 'Haddad', Context_Mobile_Phone: '+1 408 555 0199' } });
      await store.createCustomer({ dataElements: { Context_First_Name: 'נועה', Context_Last_Name: 'Haddad', Context_Work_Email: 'noa.haddad@example.co.il' } });
      const wrapper = await fixture<HTMLDivElement>(html`<div dir="rtl">
        <cc-backend-provider .backend=${store}><cc-customer-search></cc-customer-search></cc-backend-provider>
      </div>`);
      const search = wrapper.querySelector('cc-customer-search')!;
      await type(search, 'Haddad');
      await waitUntil(() => options(search).length === 2, 'Expected both Haddads');
      await sendKeys({ press: 'ArrowDown' });
      const layla = options(search).find((option) => option.textContent?.includes('ليلى'))!;
      const noa = options(search).find((option) => option.textContent?.includes('נועה'))!;
      expect(drawnLeftToRight(layla.querySelector('.name')!, 'Haddad', 'ل'), 'the Arabic name reads right to left').to.be.true;
      expect(drawnLeftToRight(noa.querySelector('.name')!, 'Haddad', 'נ'), 'the Hebrew name reads right to left').to.be.true;
      await waitUntil(() => layla.querySelector('.contact')?.textContent?.includes('+1 408 555 0199'), 'Expected the phone');
      expect(drawnLeftToRight(layla.querySelector('.contact')!, '+1', '408', '555', '0199'), 'the phone reads left to right').to.be.true;
      expect(drawnLeftToRight(noa.querySelector('.contact')!, 'noa', '@', 'example'), 'the email reads left to right').to.be.true;
      await type(search, 'ليلى');
      expect(combobox(search).matches(':dir(rtl)'), 'Arabic is typed right to left').to.be.true;
      await expect(search).to.be.accessible();
    });
  });

  describe('text from people', () => {
    it('renders names as text, never as HTML', async () => {
      const store = await demoStore();
      const hostile = '<img src=x onerror="window.__ccInjected = true">';
      await store.createCustomer({ dataElements: { Context_First_Name: hostile, Context_Last_Name: 'Ellis' } });
      const search = await renderSearch(store);
      await type(search, 'Ellis');
      await sendKeys({ press: 'Enter' });
      await until(() => options(search).length === 3, 'Three options');
      expect(root(search).querySelector('img')).to.equal(null);
      expect(options(search).some((option) => option.querySelector('.name')?.textContent === `${hostile} Ellis`)).to.equal(true);
      expect((window as { __ccInjected?: boolean }).__ccInjected).to.equal(undefined);
    });
  });
});
