import { ContextConsumer } from '@lit/context';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../support/wait.js';
import { BuiltInStore, TIMEOUT_RANGE } from '../../src/backend/index.js';
import { TIMEOUT_LIMITS } from '../../src/components/customer-context/settings.js';
import '../../src/components/customer-context/customer-context.js';
import type { CcCustomerContext } from '../../src/components/customer-context/customer-context.js';
import { backendContext } from '../../src/contexts/backend-context.js';
import { settingsContext } from '../../src/contexts/settings-context.js';
import { DEMO_FIELD_SETS, ensureDemoRiderFields } from '../../src/demo/field-sets.js';
import { DEMO_IDS, seedDemoJourney } from '../../src/demo/journey.js';
import { riderRegistry, riderStore } from './support/field-set-providers.js';
import { EncryptedStore } from '../../src/backend/encrypted-store.js';
import { deriveFieldKeys, storageRegistry } from '../../src/backend/encryption.js';
import { setLocale } from '../../src/localization.js';
import { sendKeys } from '@web/test-runner-commands';

const opened: { store: BuiltInStore; databaseName: string }[] = [];

async function openStore(timeoutMs = 15_000): Promise<BuiltInStore> {
  const databaseName = `cc-test-customer-context-${crypto.randomUUID()}`;
  const store = await BuiltInStore.open({ databaseName, timeoutMs });
  opened.push({ store, databaseName });
  return store;
}

async function demoStore(): Promise<BuiltInStore> {
  const store = await openStore();
  await seedDemoJourney(store, new Date(2026, 10, 20, 11, 0));
  return store;
}

function root(gadget: CcCustomerContext): ShadowRoot {
  return gadget.shadowRoot!;
}

function text(gadget: CcCustomerContext): string {
  return root(gadget).textContent?.replace(/\s+/g, ' ') ?? '';
}

function errorText(gadget: CcCustomerContext): string {
  return root(gadget).querySelector('cc-context-error')?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
}

async function untilMounted(gadget: CcCustomerContext): Promise<void> {
  await waitUntil(() => root(gadget).querySelector('cc-customer-search'), 'Expected the gadget to mount its backend');
}

/** A light-DOM child that reads what the gadget provides, as every part below it does. */
function consumerIn(gadget: CcCustomerContext) {
  const probe = document.createElement('div');
  gadget.append(probe);
  const host = Object.assign(probe, { addController: () => undefined, removeController: () => undefined, requestUpdate: () => undefined, updateComplete: Promise.resolve(true) });
  const settings = new ContextConsumer(host as never, { context: settingsContext, subscribe: true });
  const backend = new ContextConsumer(host as never, { context: backendContext, subscribe: true });
  settings.hostConnected();
  backend.hostConnected();
  return { settings, backend };
}

describe('cc-customer-context', () => {
  after(async () => {
    for (const { store, databaseName } of opened.splice(0)) {
      store.close();
      await BuiltInStore.deleteDatabase(databaseName);
    }
  });

  it('renders', async () => {
    const store = await demoStore();
    const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context timeout="15000" .backend=${store}></cc-customer-context>`);
    await untilMounted(gadget);
    expect(root(gadget).querySelector('[part="base"]')).to.exist;
  });

  it('is accessible', async () => {
    const store = await demoStore();
    const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context timeout="15000" .backend=${store} customer-id=${DEMO_IDS.jordan}></cc-customer-context>`);
    await untilMounted(gadget);
    await expect(gadget).to.be.accessible();
  });

  describe('backend', () => {
    it('opens the built-in store with no configuration', async () => {
      const databaseName = `cc-test-customer-context-${crypto.randomUUID()}`;
      const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context timeout="15000" database-name=${databaseName}></cc-customer-context>`);
      await untilMounted(gadget);
      const { backend } = consumerIn(gadget);
      await waitUntil(() => backend.value, 'Expected the gadget to provide a backend');
      const status = await backend.value!.status();
      expect(status.backend).to.equal('Built-in store (IndexedDB)');
      gadget.remove();
      await BuiltInStore.deleteDatabase(databaseName);
    });

    it('uses a backend provided from above', async () => {
      const store = await demoStore();
      const { CcBackendProvider } = await import('../../src/components/backend-provider/backend-provider.js');
      expect(CcBackendProvider).to.exist;
      const provider = await fixture(html`<cc-backend-provider .backend=${store}><cc-customer-context></cc-customer-context></cc-backend-provider>`);
      const gadget = provider.querySelector('cc-customer-context')!;
      await untilMounted(gadget);
      const { backend } = consumerIn(gadget);
      await waitUntil(() => backend.value, 'Expected the gadget to provide a backend');
      const customer = await backend.value!.getCustomer(DEMO_IDS.jordan);
      expect(customer.dataElements['Context_First_Name']).to.equal('Jordan');
    });
  });

  describe('settings', () => {
    it('provides its settings to the parts below', async () => {
      const store = await openStore();
      const gadget = await fixture<CcCustomerContext>(
        html`<cc-customer-context .backend=${store} timeout="3000" lab-mode theme="dark" locale="en-GB"></cc-customer-context>`,
      );
      const { settings } = consumerIn(gadget);
      expect(settings.value).to.deep.equal({ timeoutMs: 3000, labMode: true, theme: 'dark', locale: 'en-GB' });
      gadget.labMode = false;
      await gadget.updateComplete;
      expect(settings.value?.labMode).to.be.false;
      expect(root(gadget).querySelector('[part="notice"]')).to.not.exist;
    });

    it('uses the backends\' timeout range', () => {
      expect(TIMEOUT_LIMITS).to.deep.equal(TIMEOUT_RANGE);
    });

    it('clamps a timeout outside 200–15000 ms and says so', async () => {
      const store = await openStore();
      const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context .backend=${store} timeout="50"></cc-customer-context>`);
      const { settings } = consumerIn(gadget);
      expect(settings.value?.timeoutMs).to.equal(200);
      expect(text(gadget)).to.include('Timeout 50 ms is outside 200–15000 ms; using 200 ms.');
      gadget.timeout = 99_999;
      await gadget.updateComplete;
      expect(settings.value?.timeoutMs).to.equal(15_000);
    });

    it('refuses a timeout that is not a number, an unknown theme and a malformed locale', async () => {
      const store = await openStore();
      const gadget = await fixture<CcCustomerContext>(
        html`<cc-customer-context .backend=${store} timeout="soon" theme="purple" locale="not a locale"></cc-customer-context>`,
      );
      const { settings } = consumerIn(gadget);
      expect(settings.value).to.deep.equal({ timeoutMs: 1200, labMode: false, theme: 'auto' });
      const notices = [...root(gadget).querySelectorAll('[part="notice"]')].map((notice) => notice.textContent);
      expect(notices).to.have.length(3);
      expect(text(gadget)).to.include('Timeout "soon" is not a number of milliseconds; using 1200 ms.');
      expect(text(gadget)).to.include('Theme "purple" is not auto, light or dark; using auto.');
      expect(text(gadget)).to.include('Locale "not a locale" is not a language tag');
    });

    it('applies the theme through color-scheme', async () => {
      const store = await openStore();
      const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context timeout="15000" .backend=${store} theme="dark"></cc-customer-context>`);
      expect(getComputedStyle(gadget).colorScheme).to.equal('dark');
      gadget.theme = 'light';
      await gadget.updateComplete;
      expect(getComputedStyle(gadget).colorScheme).to.equal('light');
    });

    it('bounds every call by its timeout', async () => {
      const store = await demoStore();
      store.fault = 'stall';
      const gadget = await fixture<CcCustomerContext>(
        html`<cc-customer-context .backend=${store} timeout="300" customer-id=${DEMO_IDS.jordan}></cc-customer-context>`,
      );
      await untilMounted(gadget);
      expect(await gadget.refresh()).to.be.false;
      await waitUntil(() => errorText(gadget).includes('Timed out after 300 ms'), 'Expected a timeout after 300 ms');
    });
  });

  describe('error state', () => {
    it('keeps what was shown, marks it stale, and recovers on Retry', async () => {
      const store = await demoStore();
      const gadget = await fixture<CcCustomerContext>(
        html`<cc-customer-context .backend=${store} timeout="400" customer-id=${DEMO_IDS.jordan}></cc-customer-context>`,
      );
      await untilMounted(gadget);
      const content = () => root(gadget).querySelector('[part="content"]')!;
      expect(content().hasAttribute('data-stale')).to.be.false;
      store.fault = 'stall';
      await gadget.refresh();
      await waitUntil(() => errorText(gadget).includes('Timed out after 400 ms'), 'Expected the error state');
      expect(errorText(gadget)).to.include("Experiencing issues with accessing customer's context information");
      expect(content().hasAttribute('data-stale')).to.be.true;
      expect(text(gadget)).to.include('Stale');
      expect(content().querySelector('cc-journey-timeline')).to.exist;

      store.fault = 'none';
      const retry = root(gadget).querySelector('cc-context-error')!.shadowRoot!.querySelector('button')!;
      retry.click();
      await waitUntil(() => !root(gadget).querySelector('cc-context-error'), 'Expected Retry to clear the error');
      expect(content().hasAttribute('data-stale')).to.be.false;
    });

    it('one Retry recovers a search that failed in the outage too: no second error, no second Retry', async () => {
      const store = await demoStore();
      const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context .backend=${store} timeout="400"></cc-customer-context>`);
      await untilMounted(gadget);
      const search = () => root(gadget).querySelector('cc-customer-search')!.shadowRoot!;
      store.fault = 'stall';
      search().querySelector('input')!.focus();
      await sendKeys({ type: 'jordan.ellis@example.com' });
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => errorText(gadget).includes('Timed out after 400 ms'), 'Expected the error state');
      await waitUntil(() => search().querySelector('[part="error"]') !== null, 'Expected the search to fail in the outage');

      store.fault = 'none';
      root(gadget).querySelector('cc-context-error')!.shadowRoot!.querySelector('button')!.click();
      await waitUntil(() => !root(gadget).querySelector('cc-context-error'), 'Expected Retry to clear the error');
      await waitUntil(() => text(gadget).includes('Showing Jordan Ellis') || search().textContent!.includes('Showing Jordan Ellis'), 'Expected the search answered');
      expect(search().querySelector('[part="error"]'), 'no search error left').to.equal(null);
      expect(gadget.customerId).to.equal(DEMO_IDS.jordan);
    });

    it('says politely, through the search’s live region, that it is back after Retry', async () => {
      const store = await demoStore();
      const gadget = await fixture<CcCustomerContext>(
        html`<cc-customer-context .backend=${store} timeout="400" customer-id=${DEMO_IDS.jordan}></cc-customer-context>`,
      );
      await untilMounted(gadget);
      const search = root(gadget).querySelector('cc-customer-search')!;
      const said = () => search.shadowRoot!.querySelector('[role="status"]')?.textContent?.trim();
      store.fault = 'stall';
      await gadget.refresh();
      await waitUntil(() => errorText(gadget).includes('Timed out after 400 ms'), 'Expected the error state');
      store.fault = 'none';
      root(gadget).querySelector('cc-context-error')!.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => !root(gadget).querySelector('cc-context-error'), 'Expected Retry to clear the error');
      await waitUntil(() => said() === 'Customer context loaded again.', `Expected the recovery said, saw "${said()}"`);
      expect(root(gadget).querySelectorAll('[aria-live], [role="status"]')).to.have.length(0);
      await expect(gadget).to.be.accessible();
    });

    describe('where the keyboard goes after Retry', () => {
      /** The element with focus, through shadow roots. */
      function focusedDeep(): Element | null {
        let active = document.activeElement;
        while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
        return active;
      }

      it('to the name of the customer shown', async () => {
        const store = await demoStore();
        const gadget = await fixture<CcCustomerContext>(
          html`<cc-customer-context .backend=${store} timeout="400" customer-id=${DEMO_IDS.jordan}></cc-customer-context>`,
        );
        await untilMounted(gadget);
        store.fault = 'stall';
        await gadget.refresh();
        await waitUntil(() => errorText(gadget).includes('Timed out after 400 ms'), 'Expected the error state');
        store.fault = 'none';
        root(gadget).querySelector('cc-context-error')!.focus();
        await sendKeys({ press: 'Enter' });
        const name = () => root(gadget).querySelector('cc-customer-summary')?.shadowRoot?.querySelector('#customer-name');
        await waitUntil(() => name() && focusedDeep() === name(), `Expected focus on the customer's name, not ${focusedDeep()?.tagName}`);
        expect(name()!.textContent).to.include('Jordan');
      });

      it('to the search field when no customer is open', async () => {
        const store = await demoStore();
        const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context timeout="15000" .backend=${store}></cc-customer-context>`);
        await untilMounted(gadget);
        store.fault = 'unavailable';
        await gadget.refresh();
        await waitUntil(() => root(gadget).querySelector('cc-context-error'), 'Expected the error state');
        store.fault = 'none';
        root(gadget).querySelector('cc-context-error')!.focus();
        await sendKeys({ press: 'Enter' });
        const field = () => root(gadget).querySelector('cc-customer-search')?.shadowRoot?.querySelector('input');
        await waitUntil(() => field() && focusedDeep() === field(), `Expected focus on the search field, not ${focusedDeep()?.tagName}`);
      });
    });

    it('says when the store cannot be reached', async () => {
      const store = await demoStore();
      const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context timeout="15000" .backend=${store}></cc-customer-context>`);
      await untilMounted(gadget);
      store.fault = 'unavailable';
      await gadget.refresh();
      await waitUntil(() => errorText(gadget).includes('The context store cannot be reached'), 'Expected the unreachable cause');
      expect(root(gadget).querySelector('[part="content"]')!.hasAttribute('data-stale')).to.be.false;
    });
  });

  describe('locale and direction', () => {
    afterEach(async () => {
      await setLocale('en');
    });

    it('renders French text when the locale is French', async () => {
      const store = await demoStore();
      store.fault = 'unavailable';
      const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context timeout="15000" .backend=${store} locale="fr-FR"></cc-customer-context>`);
      await untilMounted(gadget);
      await gadget.refresh();
      await waitUntil(() => errorText(gadget).includes('Réessayer'), 'Expected French text');
      expect(errorText(gadget)).to.include('Difficultés d’accès aux informations de contexte du client');
      expect(root(gadget).querySelector('[part="base"]')!.getAttribute('lang')).to.equal('fr-FR');
    });

    it('lays out right to left for a right-to-left locale or a host dir', async () => {
      const store = await openStore();
      const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context timeout="15000" .backend=${store} locale="ar"></cc-customer-context>`);
      const base = () => root(gadget).querySelector('[part="base"]')!;
      expect(base().getAttribute('dir')).to.equal('rtl');
      expect(getComputedStyle(base()).direction).to.equal('rtl');
      gadget.locale = 'en';
      await gadget.updateComplete;
      expect(base().getAttribute('dir')).to.equal('ltr');
      gadget.setAttribute('dir', 'rtl');
      await waitUntil(() => base().getAttribute('dir') === 'rtl', 'Expected the host dir to win');
    });
  });

  describe('composition', () => {
    it('opens a customer with one match: summary and journey', async () => {
      const store = await demoStore();
      const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context timeout="15000" .backend=${store}></cc-customer-context>`);
      await gadget.lookup('jordan.ellis@example.com');
      await waitUntil(() => gadget.customerId === DEMO_IDS.jordan, 'Expected the one match to open');
      await waitUntil(() => root(gadget).querySelector('cc-customer-summary')?.shadowRoot?.textContent?.includes('Jordan'), 'Expected the summary');
      const timeline = root(gadget).querySelector('cc-journey-timeline')!;
      expect(timeline.customerId).to.equal(DEMO_IDS.jordan);
      await waitUntil(() => timeline.shadowRoot?.textContent?.includes('New date proposed'), 'Expected the journey');
    });

    it('flows a search with no match into the create form', async () => {
      const store = await demoStore();
      const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context timeout="15000" .backend=${store}></cc-customer-context>`);
      await gadget.lookup('+1 408 555 0100');
      const search = root(gadget).querySelector('cc-customer-search')!;
      const create = () => [...search.shadowRoot!.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Create customer');
      await waitUntil(create, 'Expected a Create customer action');
      create()!.click();
      const summary = await waitUntil(() => root(gadget).querySelector('cc-customer-summary[mode="create"]'), 'Expected the create form').then(
        () => root(gadget).querySelector('cc-customer-summary')!,
      );
      expect(summary.prefill?.dataElements?.['Context_Mobile_Phone']).to.exist;
    });

    it('says when the customer does not exist', async () => {
      const store = await demoStore();
      const missing = '0c5a7e10-4d2b-4f6a-9c31-00000000beef';
      const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context timeout="15000" .backend=${store} customer-id=${missing}></cc-customer-context>`);
      await waitUntil(() => text(gadget).includes(`No customer with id ${missing}.`), 'Expected the not-found state');
    });
  });

  describe('showActivity', () => {
    it('opens the customer of a POD.ID with that activity in view', async () => {
      const store = await demoStore();
      const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context timeout="15000" .backend=${store}></cc-customer-context>`);
      const shown = await gadget.showActivity(DEMO_IDS.sundayChat);
      const timeline = root(gadget).querySelector('cc-journey-timeline')!;
      // What a failure needs to say which step went wrong.
      const state = () =>
        `customer ${gadget.customerId}; gadget says "${text(gadget).slice(0, 160)}" and "${errorText(gadget)}"; timeline ${timeline ? `rows ${timeline.shadowRoot?.querySelectorAll('button.toggle').length}, says "${timeline.shadowRoot?.textContent?.replace(/\s+/g, ' ').slice(0, 200)}"` : 'absent'}`;
      expect(shown, state()).to.be.true;
      expect(gadget.customerId).to.equal(DEMO_IDS.jordan);
      const toggle = [...timeline.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.toggle')].find((button) =>
        button.textContent?.includes('Is Santa Clara open on Sundays?'),
      )!;
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      expect(timeline.shadowRoot!.activeElement, `focus on ${timeline.shadowRoot!.activeElement?.id ?? document.activeElement?.tagName}; ${state()}`).to.equal(toggle);
    });

    it('says when the activity does not exist', async () => {
      const store = await demoStore();
      const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context timeout="15000" .backend=${store}></cc-customer-context>`);
      expect(await gadget.showActivity('0c5a7e10-4d2b-4f6a-9c31-00000000dead')).to.be.false;
      await waitUntil(() => text(gadget).includes('No activity with id 0c5a7e10-4d2b-4f6a-9c31-00000000dead.'), 'Expected a notice');
    });
  });

  describe('loading', () => {
    it('shows a skeleton only once a wait outlasts the delay', async () => {
      const store = await demoStore();
      store.fault = 'stall';
      const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context .backend=${store} timeout="15000"></cc-customer-context>`);
      await untilMounted(gadget);
      const located = gadget.showActivity(DEMO_IDS.sundayChat);
      await gadget.updateComplete;
      expect(root(gadget).querySelector('[part="skeleton"]')).to.not.exist;
      await waitUntil(() => root(gadget).querySelector('[part="skeleton"]'), 'Expected the skeleton after the delay');
      store.fault = 'none';
      gadget.remove();
      void located;
    });
  });

  describe('lab mode', () => {
    it('says clearly that it is in lab mode, and only then', async () => {
      const store = await demoStore();
      const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context timeout="15000" .backend=${store} lab-mode customer-id=${DEMO_IDS.jordan}></cc-customer-context>`);
      await untilMounted(gadget);
      const band = root(gadget).querySelector('[part="lab-mode"]')!;
      expect(band.getAttribute('role')).to.equal('note');
      expect(band.textContent?.replace(/\s+/g, ' ').trim()).to.equal('Lab mode Test data, kept apart from production. Deleting is allowed.');
      await expect(gadget).to.be.accessible();
      gadget.labMode = false;
      await gadget.updateComplete;
      expect(root(gadget).querySelector('[part="lab-mode"]')).to.not.exist;
    });
  });

  describe('organisation field sets', () => {
    /** A database the gadget opens itself, seeded beforehand with Jordan's rider fields. */
    async function riderDatabase(): Promise<string> {
      const store = await riderStore('customer-context');
      opened.push({ store, databaseName: store.databaseName });
      return store.databaseName;
    }

    function summaryOf(gadget: CcCustomerContext) {
      return root(gadget).querySelector('cc-customer-summary');
    }

    function summaryText(gadget: CcCustomerContext): string {
      return summaryOf(gadget)?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
    }

    it('shows the organisation’s fields and opens its own store with them', async () => {
      const databaseName = await riderDatabase();
      const gadget = await fixture<CcCustomerContext>(
        html`<cc-customer-context timeout="15000" database-name=${databaseName} .fieldSets=${DEMO_FIELD_SETS} customer-id=${DEMO_IDS.jordan}></cc-customer-context>`,
      );
      await waitUntil(() => summaryText(gadget).includes('Motorcycle VIN'), 'The VIN under its label');
      expect(summaryText(gadget)).to.contain('1CUMS750XPA000142').and.to.contain('Date of birth');
      expect(summaryText(gadget)).not.to.contain('Not in the field sets');
      expect(summaryOf(gadget)!.shadowRoot!.innerHTML).not.to.contain('1988');
      // The store the gadget opened stores the organisation's fields.
      const { backend } = consumerIn(gadget);
      const saved = await backend.value!.updateCustomer(DEMO_IDS.jordan, { expectedVersion: 2, dataElements: { Motorcycle_VIN: '1CUMS750XPA000143' } });
      expect(saved.dataElements['Motorcycle_VIN']).to.equal('1CUMS750XPA000143');
    });

    it('takes new field sets on a host’s backend without reloading its parts', async () => {
      const store = await riderStore('customer-context');
      opened.push({ store, databaseName: store.databaseName });
      const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context timeout="15000" .backend=${store} customer-id=${DEMO_IDS.jordan}></cc-customer-context>`);
      await waitUntil(() => summaryText(gadget).includes('Not in the field sets'), 'The rider data, unknown without the sets');
      const summary = summaryOf(gadget);
      gadget.fieldSets = DEMO_FIELD_SETS;
      await waitUntil(() => summaryText(gadget).includes('Motorcycle VIN'), 'The VIN under its label');
      expect(summaryOf(gadget)).to.equal(summary);
      expect(summaryText(gadget)).not.to.contain('Not in the field sets');
    });

    it('refuses invalid field sets with a notice naming the problem, and shows their data as unknown', async () => {
      const databaseName = await riderDatabase();
      const broken = { fieldSets: [{ id: 'cumulus.rider', appliesTo: 'customer', fields: [{ id: 'Motorcycle_VIN', type: 'vin', label: { en: 'VIN' } }] }] };
      const gadget = await fixture<CcCustomerContext>(
        html`<cc-customer-context timeout="15000" database-name=${databaseName} .fieldSets=${broken} customer-id=${DEMO_IDS.jordan}></cc-customer-context>`,
      );
      await waitUntil(() => text(gadget).includes('field sets were refused'), 'The notice');
      expect(text(gadget)).to.contain('fieldSets.0.fields.0.type');
      await waitUntil(() => summaryText(gadget).includes('Not in the field sets'), 'The rider data shown as unknown');
      expect(summaryText(gadget)).to.contain('Motorcycle_VIN');
    });

    it('reveals the date of birth only for an agent the host allows, and the reveal joins the journey', async () => {
      const databaseName = await riderDatabase();
      const gadget = await fixture<CcCustomerContext>(
        html`<cc-customer-context timeout="15000" database-name=${databaseName} .fieldSets=${DEMO_FIELD_SETS} customer-id=${DEMO_IDS.jordan} agent-id="agent-042" agent-name="Sam Rivera"></cc-customer-context>`,
      );
      await waitUntil(() => summaryOf(gadget)?.shadowRoot?.querySelector('cc-sensitive-value'), 'The masked date of birth');
      const masked = summaryOf(gadget)!.shadowRoot!.querySelector('cc-sensitive-value')!;
      await masked.updateComplete;
      const revealButton = () => [...masked.shadowRoot!.querySelectorAll('button')].find((button) => button.getAttribute('aria-label') === 'Reveal Date of birth');
      expect(revealButton(), 'no reveal without the grant').to.equal(undefined);
      gadget.revealSensitive = true;
      await waitUntil(revealButton, 'The reveal offered once granted');
      revealButton()!.click();
      await waitUntil(() => masked.shadowRoot!.textContent?.includes('1988'), 'The date of birth revealed');
      const timeline = root(gadget).querySelector('cc-journey-timeline')!;
      await waitUntil(
        () => timeline.shadowRoot?.textContent?.includes('Sensitive field revealed: Date of birth'),
        'The reveal in the journey'
      );
    });

    it('opens its store with sensitive fields encrypted at rest when the host gives keys', async () => {
      const keys = await deriveFieldKeys(new Uint8Array(32).fill(5));
      const seeded = await EncryptedStore.open({ databaseName: `cc-test-customer-context-${crypto.randomUUID()}`, fieldSets: riderRegistry(), keys, timeoutMs: 15_000 });
      await seedDemoJourney(seeded, new Date(2026, 10, 20, 11, 0));
      await ensureDemoRiderFields(seeded);
      const databaseName = seeded.inner.databaseName;
      seeded.close();
      const gadget = await fixture<CcCustomerContext>(
        html`<cc-customer-context timeout="15000" database-name=${databaseName} .fieldSets=${DEMO_FIELD_SETS} .encryptionKeys=${keys} customer-id=${DEMO_IDS.jordan} reveal-sensitive agent-id="agent-042"></cc-customer-context>`,
      );
      await waitUntil(() => summaryOf(gadget)?.shadowRoot?.querySelector('cc-sensitive-value'), 'The masked date of birth');
      const masked = summaryOf(gadget)!.shadowRoot!.querySelector('cc-sensitive-value')!;
      await waitUntil(() => masked.shadowRoot?.querySelector('button'), 'The reveal offered');
      masked.shadowRoot!.querySelector('button')!.click();
      await waitUntil(() => masked.shadowRoot!.textContent?.includes('1988'), 'The date of birth decrypted and revealed');
      gadget.remove();
      const raw = await BuiltInStore.open({ databaseName, fieldSets: storageRegistry(riderRegistry()), timeoutMs: 15_000 });
      opened.push({ store: raw, databaseName });
      expect(JSON.stringify(await raw.getCustomer(DEMO_IDS.jordan))).not.to.contain('1988');
      await BuiltInStore.deleteDatabase(EncryptedStore.hashDatabaseName(databaseName));
    });
  });
});
