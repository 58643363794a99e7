import { ContextProvider } from '@lit/context';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../support/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import { LitElement } from 'lit';
import { BuiltInStore } from '../../src/backend/index.js';
import '../../src/components/backend-provider/backend-provider.js';
import type { CcBackendProvider } from '../../src/components/backend-provider/backend-provider.js';
import '../../src/components/customer-summary/customer-summary.js';
import type { CcCustomerSummary, SummaryMode } from '../../src/components/customer-summary/customer-summary.js';
import { DEFAULT_SETTINGS, settingsContext, type GadgetSettings } from '../../src/contexts/settings-context.js';
import { DEMO_IDS, DEMO_MOTORCYCLE, seedDemoJourney } from '../../src/demo/journey.js';
import type { CustomerDeletedEvent } from '../../src/events/customer-deleted.js';
import type { CustomerSavedEvent } from '../../src/events/customer-saved.js';
import type { SensitiveAccess } from '../../src/contexts/sensitive-access-context.js';
import { MASK, REVEAL_AUDIT_TAG, type Customer, type CustomerInput, type FieldSetRegistry } from '../../src/model/index.js';
import { MAY_REVEAL, riderRegistry, riderStore } from './support/field-set-providers.js';
import { drawnLeftToRight } from '../support/bidi.js';

/** Provides gadget settings to what it wraps, as `<cc-customer-context>` does. */
class TestSettings extends LitElement {
  private readonly provider = new ContextProvider(this, { context: settingsContext, initialValue: DEFAULT_SETTINGS });

  set settings(value: GadgetSettings) {
    this.provider.setValue(value);
  }

  override render() {
    return html`<slot></slot>`;
  }
}
customElements.define('cc-test-summary-settings', TestSettings);

const opened: BuiltInStore[] = [];

async function demoStore(options: { labMode?: boolean } = {}): Promise<BuiltInStore> {
  const store = await BuiltInStore.open({ databaseName: `cc-test-customer-summary-${crypto.randomUUID()}`, timeoutMs: 15_000, ...options });
  opened.push(store);
  await seedDemoJourney(store, new Date(2026, 10, 20, 11, 0));
  return store;
}

afterEach(async () => {
  for (const store of opened.splice(0)) {
    store.close();
    await BuiltInStore.deleteDatabase(store.databaseName);
  }
});

interface RenderOptions {
  readonly customer?: Customer;
  readonly mode?: SummaryMode;
  readonly prefill?: CustomerInput;
  readonly labMode?: boolean;
}

async function renderSummary(store: BuiltInStore, options: RenderOptions = {}): Promise<CcCustomerSummary> {
  const customer = 'customer' in options ? options.customer : await store.getCustomer(DEMO_IDS.jordan);
  const provider = await fixture<CcBackendProvider>(html`<cc-backend-provider .backend=${store}>
    <cc-test-summary-settings .settings=${{ ...DEFAULT_SETTINGS, labMode: options.labMode ?? false }}>
      <cc-customer-summary .customer=${customer} .prefill=${options.prefill} mode=${options.mode ?? 'view'}></cc-customer-summary>
    </cc-test-summary-settings>
  </cc-backend-provider>`);
  const summary = provider.querySelector('cc-customer-summary')!;
  await summary.updateComplete;
  return summary;
}

function root(summary: CcCustomerSummary): ShadowRoot {
  return summary.shadowRoot!;
}

/** A form control found by its label, as a screen reader names it. */
function field(summary: CcCustomerSummary, label: string): HTMLInputElement | HTMLTextAreaElement {
  const labelElement = [...root(summary).querySelectorAll('label')].find((candidate) => candidate.textContent?.trim() === label);
  expect(labelElement, `a field labelled "${label}"`).to.not.equal(undefined);
  return root(summary).getElementById(labelElement!.htmlFor) as HTMLInputElement | HTMLTextAreaElement;
}

function button(summary: CcCustomerSummary, name: string): HTMLButtonElement | undefined {
  return [...root(summary).querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === name);
}

function heading(summary: CcCustomerSummary): string {
  return root(summary).querySelector('h2')?.textContent?.trim() ?? '';
}

/** What the definition list says for a term. */
function detail(summary: CcCustomerSummary, term: string): string | undefined {
  const dt = [...root(summary).querySelectorAll('dt')].find((candidate) => candidate.textContent?.trim() === term);
  return dt?.nextElementSibling?.textContent?.trim();
}

async function replaceText(control: HTMLInputElement | HTMLTextAreaElement, text: string): Promise<void> {
  control.focus();
  control.select();
  await sendKeys({ press: 'Backspace' });
  if (text) await sendKeys({ type: text });
}

async function until(condition: () => unknown, message: string): Promise<void> {
  await waitUntil(condition, message);
}

function focused(summary: CcCustomerSummary): Element | null {
  return root(summary).activeElement;
}

async function startEditing(summary: CcCustomerSummary): Promise<void> {
  button(summary, 'Edit')!.focus();
  await sendKeys({ press: 'Enter' });
  // The form's code loads when a form first opens; the focus moves into the form once it is there.
  await until(() => root(summary).querySelector('form')?.contains(focused(summary)), 'The form, focused');
}

describe('cc-customer-summary', () => {
  it('renders', async () => {
    const summary = await renderSummary(await demoStore());
    expect(summary).to.be.instanceOf(customElements.get('cc-customer-summary')!);
    expect(heading(summary)).to.equal('Jordan Ellis');
  });

  it('is accessible', async () => {
    const summary = await renderSummary(await demoStore());
    await expect(summary).to.be.accessible();
  });

  describe('the customer', () => {
    it('shows the phone formatted, the email, the address, the language by name and the tags', async () => {
      const summary = await renderSummary(await demoStore());
      await until(() => detail(summary, 'Mobile phone') === '+1 408 555 0142', 'The formatted phone');
      expect(detail(summary, 'Work email')).to.equal('jordan.ellis@example.com');
      expect(root(summary).querySelector('address')?.textContent).to.equal('1200 Harbor Blvd\nSan Jose, CA 95134');
      const language = new Intl.DisplayNames(undefined, { type: 'language', languageDisplay: 'standard' }).of('en-US');
      expect(detail(summary, 'Preferred language')).to.equal(language);
      const tags = root(summary).querySelector('ul[aria-labelledby="tags-label"]')!;
      expect([...tags.querySelectorAll('li')].map((tag) => tag.textContent)).to.deep.equal([DEMO_MOTORCYCLE]);
    });

    it('says when there is no customer', async () => {
      const summary = await renderSummary(await demoStore(), { customer: undefined });
      expect(root(summary).textContent).to.contain('No customer selected.');
    });
  });

  describe('right to left', () => {
    it('reads the phone, email and address left to right on a right-to-left page, and Arabic and Hebrew typed in right to left', async () => {
      const store = await demoStore();
      const wrapper = await fixture<HTMLDivElement>(html`<div dir="rtl">
        <cc-backend-provider .backend=${store}>
          <cc-customer-summary .customer=${await store.getCustomer(DEMO_IDS.jordan)}></cc-customer-summary>
        </cc-backend-provider>
      </div>`);
      const summary = wrapper.querySelector('cc-customer-summary')!;
      const dd = (term: string) => [...root(summary).querySelectorAll('dt')].find((dt) => dt.textContent?.trim() === term)!.nextElementSibling!;
      await until(() => detail(summary, 'Mobile phone') === '+1 408 555 0142', 'The formatted phone');
      expect(drawnLeftToRight(dd('Mobile phone'), '+1', '408', '555', '0142'), 'the phone reads left to right').to.be.true;
      expect(drawnLeftToRight(dd('Work email'), 'jordan', '@', 'example'), 'the email reads left to right').to.be.true;
      const address = root(summary).querySelector('address')!;
      expect(drawnLeftToRight(address, '1200', 'Harbor', 'Blvd'), 'the street reads left to right').to.be.true;
      expect(drawnLeftToRight(address, 'San Jose', 'CA', '95134'), 'the city line reads left to right').to.be.true;

      await startEditing(summary);
      await replaceText(field(summary, 'First name'), 'ليلى');
      expect(field(summary, 'First name').matches(':dir(rtl)'), 'Arabic is typed right to left').to.be.true;
      expect(field(summary, 'Last name').matches(':dir(ltr)'), 'Latin stays left to right').to.be.true;
      expect(field(summary, 'Mobile phone').matches(':dir(ltr)'), 'a phone is typed left to right').to.be.true;
      await replaceText(field(summary, 'City'), 'תל אביב');
      expect(field(summary, 'City').matches(':dir(rtl)'), 'Hebrew is typed right to left').to.be.true;
      await sendKeys({ press: 'Enter' });
      await until(() => heading(summary) === 'ليلى Ellis', 'The new name');
      // The Arabic first name leads: the name reads right to left, Ellis after it (to its left).
      expect(drawnLeftToRight(root(summary).querySelector('h2')!, 'Ellis', 'ل'), 'the name reads right to left').to.be.true;
      const saved = root(summary).querySelector('address')!;
      expect(saved.textContent).to.equal('1200 Harbor Blvd\nתל אביב, CA 95134');
      expect(drawnLeftToRight(saved, '1200', 'Harbor'), 'the street still reads left to right').to.be.true;
      await expect(summary).to.be.accessible();
    });
  });

  describe('editing', () => {
    it('opens a labelled form filled with the customer, focused on the first name', async () => {
      const summary = await renderSummary(await demoStore());
      await startEditing(summary);
      expect(summary.mode).to.equal('edit');
      expect(focused(summary)).to.equal(field(summary, 'First name'));
      expect(field(summary, 'First name').value).to.equal('Jordan');
      expect(field(summary, 'Last name').value).to.equal('Ellis');
      expect(field(summary, 'Mobile phone').value).to.equal('+14085550142');
      expect(field(summary, 'Work email').value).to.equal('jordan.ellis@example.com');
      expect(field(summary, 'Street address').value).to.equal('1200 Harbor Blvd');
      expect(field(summary, 'ZIP code').value).to.equal('95134');
      expect(field(summary, 'Preferred language').value).to.equal('en-US');
      expect(field(summary, 'Tags').value).to.equal(DEMO_MOTORCYCLE);
      for (const label of ['Home phone', 'Work phone', 'Home email', 'Street address line 2', 'City', 'State', 'Country']) {
        expect(field(summary, label)).to.not.equal(null);
      }
      await expect(summary).to.be.accessible();
    });

    it('saves the changed fields with the version it read and shows the result', async () => {
      const store = await demoStore();
      const summary = await renderSummary(store);
      await startEditing(summary);
      await replaceText(field(summary, 'Mobile phone'), '(408) 555-0199');
      await replaceText(field(summary, 'City'), 'Santa Clara');
      const saved = oneEvent(summary, 'cc-customer-saved') as Promise<CustomerSavedEvent>;
      await sendKeys({ press: 'Enter' });
      const event = await saved;
      expect(event.detail.created).to.equal(false);
      expect(event.detail.customer.version).to.equal(2);
      const stored = await store.getCustomer(DEMO_IDS.jordan);
      expect(stored.dataElements['Context_Mobile_Phone']).to.equal('+14085550199');
      expect(stored.dataElements['Context_City']).to.equal('Santa Clara');
      expect(stored.dataElements['Context_Work_Email']).to.equal('jordan.ellis@example.com');
      await until(() => detail(summary, 'Mobile phone') === '+1 408 555 0199', 'The saved phone shown');
      expect(summary.mode).to.equal('view');
      expect(focused(summary)).to.equal(button(summary, 'Edit'));
      expect(root(summary).querySelector('[role="status"]')?.textContent).to.equal('Saved.');
    });

    it('clears a field and edits the tags, one per line', async () => {
      const store = await demoStore();
      const summary = await renderSummary(store);
      await startEditing(summary);
      await replaceText(field(summary, 'Street address'), '');
      const tags = field(summary, 'Tags');
      tags.focus();
      tags.setSelectionRange(tags.value.length, tags.value.length);
      await sendKeys({ press: 'Enter' });
      await sendKeys({ type: 'VIP' });
      button(summary, 'Save')!.click();
      await until(() => summary.mode === 'view', 'Saved');
      const stored = await store.getCustomer(DEMO_IDS.jordan);
      expect(stored.dataElements).to.not.have.property('Context_Street_Address_1');
      expect(stored.tags).to.deep.equal([DEMO_MOTORCYCLE, 'VIP']);
    });

    it('restores the customer on Escape and on Cancel', async () => {
      const store = await demoStore();
      const summary = await renderSummary(store);
      await startEditing(summary);
      await replaceText(field(summary, 'First name'), 'Jordy');
      await sendKeys({ press: 'Escape' });
      await summary.updateComplete;
      expect(summary.mode).to.equal('view');
      expect(heading(summary)).to.equal('Jordan Ellis');
      expect(focused(summary)).to.equal(button(summary, 'Edit'));

      await startEditing(summary);
      expect(field(summary, 'First name').value).to.equal('Jordan');
      await replaceText(field(summary, 'Last name'), 'Elliot');
      button(summary, 'Cancel')!.click();
      await summary.updateComplete;
      expect(heading(summary)).to.equal('Jordan Ellis');
      expect((await store.getCustomer(DEMO_IDS.jordan)).version).to.equal(1);
    });
  });

  describe('validation', () => {
    it('shows an invalid phone next to its field and moves focus there', async () => {
      const store = await demoStore();
      const summary = await renderSummary(store);
      await startEditing(summary);
      await replaceText(field(summary, 'Home phone'), 'call me maybe');
      await sendKeys({ press: 'Enter' });
      await until(() => field(summary, 'Home phone').getAttribute('aria-invalid') === 'true', 'The phone marked invalid');
      const phone = field(summary, 'Home phone');
      const description = root(summary).getElementById(phone.getAttribute('aria-describedby')!)!;
      expect(description.textContent).to.contain('Not a valid phone number');
      await until(() => focused(summary) === phone, 'Focus on the invalid field');
      expect(field(summary, 'First name').getAttribute('aria-invalid')).to.equal('false');
      expect(summary.mode).to.equal('edit');
      expect((await store.getCustomer(DEMO_IDS.jordan)).version).to.equal(1);
      await expect(summary).to.be.accessible();
    });

    it('clears the errors once the agent corrects the field', async () => {
      const store = await demoStore();
      const summary = await renderSummary(store);
      await startEditing(summary);
      await replaceText(field(summary, 'Work email'), 'jordan at example');
      await sendKeys({ press: 'Enter' });
      await until(() => field(summary, 'Work email').getAttribute('aria-invalid') === 'true', 'The email marked invalid');
      await replaceText(field(summary, 'Work email'), 'jordan@example.com');
      await sendKeys({ press: 'Enter' });
      await until(() => summary.mode === 'view', 'Saved');
      expect(detail(summary, 'Work email')).to.equal('jordan@example.com');
    });
  });

  describe('someone else changed the customer', () => {
    async function conflicted(store: BuiltInStore): Promise<CcCustomerSummary> {
      const summary = await renderSummary(store);
      await startEditing(summary);
      // Another agent saves first.
      await store.updateCustomer(DEMO_IDS.jordan, { expectedVersion: 1, dataElements: { Context_City: 'Santa Clara' } });
      await replaceText(field(summary, 'First name'), 'Jordy');
      await sendKeys({ press: 'Enter' });
      await until(() => root(summary).querySelector('[part="conflict"]'), 'The conflict notice');
      return summary;
    }

    it('says so, names what they changed, and loads their changes', async () => {
      const store = await demoStore();
      const summary = await conflicted(store);
      const notice = root(summary).querySelector('[part="conflict"]')!;
      expect(notice.getAttribute('role')).to.equal('alert');
      expect(notice.textContent).to.contain('Someone else changed this customer while you were editing.');
      expect(notice.textContent).to.contain('They changed: City.');
      await until(() => focused(summary) === button(summary, 'Load their changes'), 'Focus on the safe choice');
      await sendKeys({ press: 'Enter' });
      await summary.updateComplete;
      expect(summary.mode).to.equal('view');
      expect(heading(summary)).to.equal('Jordan Ellis');
      expect(root(summary).querySelector('address')?.textContent).to.contain('Santa Clara, CA 95134');
      const stored = await store.getCustomer(DEMO_IDS.jordan);
      expect(stored.version).to.equal(2);
      expect(stored.dataElements['Context_First_Name']).to.equal('Jordan');
    });

    it('overwrites with mine against their version, keeping what only they changed', async () => {
      const store = await demoStore();
      const summary = await conflicted(store);
      const saved = oneEvent(summary, 'cc-customer-saved') as Promise<CustomerSavedEvent>;
      button(summary, 'Overwrite with mine')!.click();
      const event = await saved;
      expect(event.detail.customer.version).to.equal(3);
      const stored = await store.getCustomer(DEMO_IDS.jordan);
      expect(stored.dataElements['Context_First_Name']).to.equal('Jordy');
      expect(stored.dataElements['Context_City']).to.equal('Santa Clara');
      await summary.updateComplete;
      expect(heading(summary)).to.equal('Jordy Ellis');
    });

    it('is accessible with the notice shown', async () => {
      const summary = await conflicted(await demoStore());
      await expect(summary).to.be.accessible();
    });
  });

  describe('creating', () => {
    it('fills the form from the prefill and creates the customer', async () => {
      const store = await demoStore();
      const prefill: CustomerInput = { dataElements: { Context_First_Name: 'Avery', Context_Last_Name: 'Quinn', Context_Mobile_Phone: '(650) 555-0111' } };
      const summary = await renderSummary(store, { customer: undefined, mode: 'create', prefill });
      expect(heading(summary)).to.equal('New customer');
      expect(field(summary, 'First name').value).to.equal('Avery');
      expect(field(summary, 'Mobile phone').value).to.equal('(650) 555-0111');
      await replaceText(field(summary, 'Work email'), 'avery.quinn@example.net');
      const saved = oneEvent(summary, 'cc-customer-saved') as Promise<CustomerSavedEvent>;
      button(summary, 'Create customer')!.focus();
      await sendKeys({ press: 'Enter' });
      const event = await saved;
      expect(event.detail.created).to.equal(true);
      expect(event.detail.customer.dataElements['Context_Mobile_Phone']).to.equal('+16505550111');
      const [match] = await store.findCustomers('avery.quinn@example.net');
      expect(match?.customer.id).to.equal(event.detail.customer.id);
      await summary.updateComplete;
      expect(summary.mode).to.equal('view');
      expect(heading(summary)).to.equal('Avery Quinn');
      expect(root(summary).querySelector('[role="status"]')?.textContent).to.equal('Customer created.');
    });

    it('refuses an invalid email and Cancel goes back to the prefill', async () => {
      const store = await demoStore();
      const summary = await renderSummary(store, { customer: undefined, mode: 'create', prefill: { dataElements: { Context_Last_Name: 'Quinn' } } });
      await replaceText(field(summary, 'Home email'), 'not-an-email');
      button(summary, 'Create customer')!.click();
      await until(() => field(summary, 'Home email').getAttribute('aria-invalid') === 'true', 'The email marked invalid');
      expect(root(summary).getElementById('field-Context_Home_Email-error')?.textContent).to.equal('Must be an email address.');
      await sendKeys({ press: 'Escape' });
      await summary.updateComplete;
      expect(field(summary, 'Home email').value).to.equal('');
      expect(field(summary, 'Last name').value).to.equal('Quinn');
      expect(field(summary, 'Home email').getAttribute('aria-invalid')).to.equal('false');
      expect(await store.findCustomers('Quinn')).to.have.length(0);
    });
  });

  describe('deleting', () => {
    it('offers no delete outside lab mode', async () => {
      const summary = await renderSummary(await demoStore());
      expect(button(summary, 'Edit')).to.not.equal(undefined);
      expect(button(summary, 'Delete customer')).to.equal(undefined);
    });

    it('deletes in lab mode after the agent confirms', async () => {
      const store = await demoStore({ labMode: true });
      const summary = await renderSummary(store, { labMode: true });
      button(summary, 'Delete customer')!.click();
      await until(() => focused(summary) === button(summary, 'Keep customer'), 'The confirmation, focused on keeping');
      expect(root(summary).querySelector('#confirm-delete')?.textContent).to.contain('Delete Jordan Ellis with their whole journey?');
      await expect(summary).to.be.accessible();
      const deleted = oneEvent(summary, 'cc-customer-deleted') as Promise<CustomerDeletedEvent>;
      button(summary, 'Delete')!.click();
      expect((await deleted).detail.customerId).to.equal(DEMO_IDS.jordan);
      await summary.updateComplete;
      expect(root(summary).textContent).to.contain('This customer was deleted.');
      let error: unknown;
      await store.getCustomer(DEMO_IDS.jordan).catch((caught: unknown) => (error = caught));
      expect((error as { code?: string }).code).to.equal('not-found');
    });

    it('keeps the customer when the agent changes their mind', async () => {
      const store = await demoStore({ labMode: true });
      const summary = await renderSummary(store, { labMode: true });
      button(summary, 'Delete customer')!.click();
      await until(() => button(summary, 'Keep customer'), 'The confirmation');
      await sendKeys({ press: 'Enter' });
      await summary.updateComplete;
      expect(button(summary, 'Delete')).to.equal(undefined);
      await until(() => focused(summary) === button(summary, 'Delete customer'), 'Focus back on Delete customer');
      expect((await store.getCustomer(DEMO_IDS.jordan)).id).to.equal(DEMO_IDS.jordan);
    });
  });

  describe('failures', () => {
    it('says why a save failed and saves on Retry', async () => {
      const store = await demoStore();
      const summary = await renderSummary(store);
      await startEditing(summary);
      await replaceText(field(summary, 'State'), 'California');
      store.fault = 'unavailable';
      await sendKeys({ press: 'Enter' });
      await until(() => root(summary).querySelector('[part="error"]'), 'The error');
      expect(root(summary).querySelector('[part="error"]')!.textContent).to.contain('Could not save. The context store cannot be reached.');
      expect(summary.mode).to.equal('edit');
      store.fault = 'none';
      button(summary, 'Retry')!.click();
      await until(() => summary.mode === 'view', 'Saved on Retry');
      expect((await store.getCustomer(DEMO_IDS.jordan)).dataElements['Context_State']).to.equal('California');
    });

    it('says when a delete timed out, and keeps the customer', async () => {
      const databaseName = `cc-test-customer-summary-${crypto.randomUUID()}`;
      // Seeded and read through a patient store; only the summary's store has the 200 ms deadline,
      // and its only call is the stalled delete.
      const seeder = await BuiltInStore.open({ databaseName, timeoutMs: 15_000, labMode: true });
      opened.push(seeder);
      await seedDemoJourney(seeder);
      const customer = await seeder.getCustomer(DEMO_IDS.jordan);
      const store = await BuiltInStore.open({ databaseName, timeoutMs: 200, labMode: true });
      opened.push(store);
      const summary = await renderSummary(store, { labMode: true, customer });
      button(summary, 'Delete customer')!.click();
      await until(() => button(summary, 'Delete'), 'The confirmation');
      store.fault = 'stall';
      button(summary, 'Delete')!.click();
      await until(() => root(summary).querySelector('[part="error"]'), 'The error');
      expect(root(summary).querySelector('[part="error"]')!.textContent).to.contain('Could not delete. Timed out after 200 ms.');
      expect(heading(summary)).to.equal('Jordan Ellis');
      store.fault = 'none';
      expect((await seeder.getCustomer(DEMO_IDS.jordan)).id).to.equal(DEMO_IDS.jordan);
    });
  });

  describe('text from people', () => {
    it('renders names and tags as text, never as HTML', async () => {
      const store = await demoStore();
      const hostile = '<img src=x onerror="window.__ccInjected=1">';
      const customer = await store.createCustomer({
        dataElements: { Context_First_Name: hostile, Context_Last_Name: '<b>Ellis</b>', Context_City: '<script>x()</script>' },
        tags: [hostile],
      });
      const summary = await renderSummary(store, { customer });
      expect(heading(summary)).to.equal(`${hostile} <b>Ellis</b>`);
      expect(root(summary).querySelector('.tags li')?.textContent).to.equal(hostile);
      expect(root(summary).querySelector('img, b, script')).to.equal(null);
      await startEditing(summary);
      expect(field(summary, 'First name').value).to.equal(hostile);
      expect(heading(summary)).to.equal(`Edit ${hostile} <b>Ellis</b>`);
      expect(root(summary).querySelector('img, b, script')).to.equal(null);
      expect((window as { __ccInjected?: number }).__ccInjected).to.equal(undefined);
    });
  });

  describe('organisation field sets', () => {
    const SECRET_DATE = '1988-06-14';

    async function riderSummary(options: { customerId?: string; customer?: Customer; mode?: SummaryMode; locale?: string; access?: SensitiveAccess; fieldSets?: FieldSetRegistry } = {}) {
      const fieldSets = options.fieldSets ?? riderRegistry();
      const store = await riderStore('customer-summary', fieldSets);
      opened.push(store);
      const customer = options.customer ?? (await store.getCustomer(options.customerId ?? DEMO_IDS.jordan));
      const provider = await fixture<CcBackendProvider>(html`<cc-backend-provider .backend=${store}>
        <cc-part-providers .settings=${{ ...DEFAULT_SETTINGS, ...(options.locale ? { locale: options.locale } : {}) }} .fieldSets=${fieldSets} .access=${options.access ?? MAY_REVEAL}>
          <cc-customer-summary .customer=${customer} mode=${options.mode ?? 'view'}></cc-customer-summary>
        </cc-part-providers>
      </cc-backend-provider>`);
      const summary = provider.querySelector('cc-customer-summary')!;
      await summary.updateComplete;
      return { store, summary };
    }

    function sensitive(summary: CcCustomerSummary, label: string) {
      const dt = [...root(summary).querySelectorAll('dt')].find((candidate) => candidate.textContent?.trim() === label);
      return dt?.nextElementSibling?.querySelector('cc-sensitive-value') ?? undefined;
    }

    it('shows the VIN under its label and the date of birth masked, nowhere in the DOM', async () => {
      const { summary } = await riderSummary();
      expect(detail(summary, 'Motorcycle VIN')).to.equal('1CUMS750XPA000142');
      const masked = sensitive(summary, 'Date of birth')!;
      expect(masked, 'the date of birth, masked').to.not.equal(undefined);
      await masked.updateComplete;
      expect(masked.shadowRoot!.textContent).to.contain(MASK);
      for (const html of [root(summary).innerHTML, masked.shadowRoot!.innerHTML, summary.outerHTML]) {
        expect(html).not.to.contain(SECRET_DATE);
        expect(html).not.to.contain('1988');
      }
      expect([...root(summary).querySelectorAll('[title]')].map((element) => element.getAttribute('title')).join(' ')).not.to.contain('1988');
      await expect(summary).to.be.accessible();
    });

    it('reveals the date of birth in the agent’s words, recorded in the journey', async () => {
      const { store, summary } = await riderSummary();
      const masked = sensitive(summary, 'Date of birth')!;
      await masked.updateComplete;
      const reveal = [...masked.shadowRoot!.querySelectorAll('button')].find((candidate) => candidate.getAttribute('aria-label') === 'Reveal Date of birth')!;
      reveal.focus();
      await sendKeys({ press: 'Enter' });
      const long = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date('1988-06-14T00:00:00Z'));
      await until(() => masked.shadowRoot!.textContent?.includes(long), 'The date of birth revealed');
      const { activities } = await store.listActivities(DEMO_IDS.jordan);
      expect(activities.filter((activity) => activity.tags.includes(REVEAL_AUDIT_TAG))).to.have.length(1);
    });

    it('labels the organisation’s fields in the agent’s language', async () => {
      const { summary } = await riderSummary({ locale: 'fr-CA' });
      expect(detail(summary, 'NIV de la moto')).to.equal('1CUMS750XPA000142');
      expect(sensitive(summary, 'Date de naissance')).to.not.equal(undefined);
    });

    it('offers the set’s fields in the form under its own legend, the sensitive one empty', async () => {
      const { summary } = await riderSummary({ mode: 'edit' });
      const legends = [...root(summary).querySelectorAll('legend')].map((legend) => legend.textContent?.trim());
      expect(legends).to.include('Rider');
      expect(field(summary, 'Motorcycle VIN').value).to.equal('1CUMS750XPA000142');
      const birth = field(summary, 'Date of birth') as HTMLInputElement;
      expect(birth.type).to.equal('date');
      expect(birth.value).to.equal('');
      expect(root(summary).innerHTML).not.to.contain(SECRET_DATE);
      expect(root(summary).getElementById(birth.getAttribute('aria-describedby')!)?.textContent).to.contain('Hidden');
      await expect(summary).to.be.accessible();
    });

    it('says a sensitive field hides a value only when it holds one: never for a new customer', async () => {
      const { store, summary } = await riderSummary({ mode: 'create', customer: undefined as never });
      const hint = (label: string) => root(summary).getElementById(field(summary, label).getAttribute('aria-describedby') ?? '')?.textContent ?? '';
      const birth = field(summary, 'Date of birth');
      birth.focus();
      await waitUntil(() => focused(summary) === birth, 'Expected focus on the date of birth');
      expect(hint('Date of birth')).not.to.contain('Hidden');
      expect(birth.getAttribute('placeholder')).to.equal(null);

      // A customer without a date of birth has none hidden either; Jordan has one.
      const morgan = await store.getCustomer(DEMO_IDS.morgan);
      summary.customer = morgan;
      summary.mode = 'view';
      await summary.updateComplete;
      await startEditing(summary);
      expect(hint('Date of birth')).not.to.contain('Hidden');
      await sendKeys({ press: 'Escape' });
      summary.customer = await store.getCustomer(DEMO_IDS.jordan);
      await summary.updateComplete;
      await startEditing(summary);
      expect(hint('Date of birth')).to.contain('Hidden. Type a new value to replace it.');
      expect(field(summary, 'Date of birth').getAttribute('placeholder')).to.equal('••••••');
    });

    it('refuses a VIN over 17 characters next to the field, sending nothing', async () => {
      const { store, summary } = await riderSummary({ mode: 'edit' });
      await replaceText(field(summary, 'Motorcycle VIN'), 'X'.repeat(18));
      button(summary, 'Save')!.click();
      await until(() => field(summary, 'Motorcycle VIN').getAttribute('aria-invalid') === 'true', 'The VIN marked invalid');
      expect(root(summary).getElementById('field-Motorcycle_VIN-error')?.textContent).to.equal('At most 17 characters.');
      expect(focused(summary)).to.equal(field(summary, 'Motorcycle VIN'));
      expect((await store.getCustomer(DEMO_IDS.jordan)).dataElements['Motorcycle_VIN']).to.equal('1CUMS750XPA000142');
    });

    it('replaces the hidden date of birth only when the agent types one, and keeps it otherwise', async () => {
      const { store, summary } = await riderSummary({ mode: 'edit' });
      await replaceText(field(summary, 'City'), 'Santa Clara');
      button(summary, 'Save')!.click();
      await until(() => summary.mode === 'view', 'Saved');
      expect((await store.getCustomer(DEMO_IDS.jordan)).dataElements['Date_Of_Birth']).to.equal(SECRET_DATE);
      await startEditing(summary);
      const birth = field(summary, 'Date of birth');
      birth.value = '1990-04-17';
      birth.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      button(summary, 'Save')!.click();
      await until(() => summary.mode === 'view', 'Saved');
      expect((await store.getCustomer(DEMO_IDS.jordan)).dataElements['Date_Of_Birth']).to.equal('1990-04-17');
    });

    it('fills fields of sets that arrive while the form is open from what is stored, keeping what the agent typed', async () => {
      const fieldSets = riderRegistry();
      const store = await riderStore('customer-summary', fieldSets);
      opened.push(store);
      const customer = await store.getCustomer(DEMO_IDS.jordan);
      const provider = await fixture<CcBackendProvider>(html`<cc-backend-provider .backend=${store}>
        <cc-part-providers .access=${MAY_REVEAL}><cc-customer-summary .customer=${customer} mode="edit"></cc-customer-summary></cc-part-providers>
      </cc-backend-provider>`);
      const summary = provider.querySelector('cc-customer-summary')!;
      await summary.updateComplete;
      await replaceText(field(summary, 'City'), 'Santa Clara');
      (provider.querySelector('cc-part-providers') as HTMLElement & { fieldSets: FieldSetRegistry }).fieldSets = fieldSets;
      await until(() => [...root(summary).querySelectorAll('label')].some((label) => label.textContent?.trim() === 'Motorcycle VIN'), 'The VIN field');
      expect(field(summary, 'Motorcycle VIN').value).to.equal('1CUMS750XPA000142');
      expect(field(summary, 'City').value).to.equal('Santa Clara');
      button(summary, 'Save')!.click();
      await until(() => summary.mode === 'view', 'Saved');
      const saved = await store.getCustomer(DEMO_IDS.jordan);
      expect(saved.dataElements).to.include({ Context_City: 'Santa Clara', Motorcycle_VIN: '1CUMS750XPA000142', Date_Of_Birth: SECRET_DATE });
    });

    it('adds the set to a customer who lacks it once one of its fields is given', async () => {
      const { store, summary } = await riderSummary({ customerId: DEMO_IDS.morgan, mode: 'edit' });
      await replaceText(field(summary, 'Motorcycle VIN'), '1CUMS750XPA000199');
      button(summary, 'Save')!.click();
      await until(() => summary.mode === 'view', 'Saved');
      const morgan = await store.getCustomer(DEMO_IDS.morgan);
      expect(morgan.fieldsets).to.include('cumulus.rider');
      expect(morgan.dataElements['Motorcycle_VIN']).to.equal('1CUMS750XPA000199');
    });

    it('asks for a required field when creating, and offers an enum’s options', async () => {
      const fieldSets = riderRegistry({
        fieldSets: [
          {
            id: 'cumulus.licence',
            appliesTo: 'customer',
            fields: [
              { id: 'Licence_Points', type: 'number', required: true, label: { en: 'Licence points' } },
              { id: 'Riding_Level', type: 'enum', options: ['Beginner', 'Experienced'], label: { en: 'Riding level' } },
            ],
          },
        ],
      });
      const { store, summary } = await riderSummary({ fieldSets, mode: 'create', customer: undefined as never });
      await replaceText(field(summary, 'Last name'), 'Quinn');
      button(summary, 'Create customer')!.click();
      await until(() => field(summary, 'Licence points').getAttribute('aria-invalid') === 'true', 'The required field marked');
      expect(root(summary).getElementById('field-Licence_Points-error')?.textContent).to.equal('Required.');
      const level = root(summary).getElementById('field-Riding_Level') as HTMLSelectElement;
      expect([...level.options].map((option) => option.value)).to.deep.equal(['', 'Beginner', 'Experienced']);
      await replaceText(field(summary, 'Licence points'), '12');
      level.value = 'Experienced';
      level.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
      button(summary, 'Create customer')!.click();
      await until(() => summary.mode === 'view', 'Created');
      const [match] = await store.findCustomers('Quinn');
      expect(match!.customer.dataElements).to.include({ Licence_Points: 12, Riding_Level: 'Experienced' });
      expect(match!.customer.fieldsets).to.include('cumulus.licence');
    });
  });

  describe('data that does not match the field sets', () => {
    function foreign(dataElements: unknown): Customer {
      return {
        id: 'c-foreign',
        state: 'active',
        tags: [],
        contributors: [],
        fieldsets: ['cisco.base.customer', 'cumulus.rider'],
        dataElements: dataElements as Customer['dataElements'],
        created: '2026-11-20T10:00:00.000Z',
        lastUpdated: '2026-11-20T10:00:00.000Z',
        version: 1,
      };
    }

    async function foreignSummary(customer: Customer, mode: SummaryMode = 'view') {
      const store = await demoStore();
      const provider = await fixture<CcBackendProvider>(html`<cc-backend-provider .backend=${store}>
        <cc-part-providers .fieldSets=${riderRegistry()} .access=${MAY_REVEAL}>
          <cc-customer-summary .customer=${customer} mode=${mode}></cc-customer-summary>
        </cc-part-providers>
      </cc-backend-provider>`);
      const summary = provider.querySelector('cc-customer-summary')!;
      await summary.updateComplete;
      return summary;
    }

    it('shows an unknown field and a mistyped one as they came, marked, and keeps a mistyped sensitive one masked', async () => {
      const summary = await foreignSummary(
        foreign({ Context_First_Name: 'Riley', Loyalty_Tier: 'Gold', Motorcycle_VIN: 12345, Date_Of_Birth: 19880614, Context_Mobile_Phone: '408-555-0100' }),
      );
      expect(heading(summary)).to.equal('Riley');
      expect(detail(summary, 'Loyalty_Tier')).to.equal('Gold Not in the field sets');
      expect(detail(summary, 'Motorcycle VIN')).to.contain('12345').and.to.contain('Does not match its field').and.to.contain('Must be text.');
      expect(detail(summary, 'Mobile phone')).to.contain('408-555-0100').and.to.contain('Must be a phone number.');
      expect(detail(summary, 'Date of birth')).to.contain('Does not match its field');
      expect(root(summary).innerHTML).not.to.contain('19880614');
      await expect(summary).to.be.accessible();
    });

    it('never crashes on data elements that are not an object, or tags that are not a list', async () => {
      for (const dataElements of [null, [], 'x', 7]) {
        const summary = await foreignSummary({ ...foreign(dataElements), tags: 'vip' as never });
        expect(heading(summary)).to.equal('Unknown customer');
        await startEditing(summary);
        expect(field(summary, 'First name').value).to.equal('');
      }
    });

    it('lists unknown fields in the form as kept as they are', async () => {
      const summary = await foreignSummary(foreign({ Context_First_Name: 'Riley', Loyalty_Tier: '<b>Gold</b>' }), 'edit');
      const kept = root(summary).querySelector('[role="group"][aria-labelledby="kept-heading"]')!;
      expect(kept.textContent).to.contain('Loyalty_Tier').and.to.contain('<b>Gold</b>');
      expect(kept.querySelector('b')).to.equal(null);
    });
  });
});
