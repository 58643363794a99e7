import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { ContextBackend } from '../../src/backend/adapter.js';
import { BuiltInStore } from '../../src/backend/index.js';
import '../../src/components/backend-provider/backend-provider.js';
import type { CcBackendProvider } from '../../src/components/backend-provider/backend-provider.js';
import '../../src/components/customer-summary/customer-summary.js';
import type { CcCustomerSummary, SummaryMode } from '../../src/components/customer-summary/customer-summary.js';
import { DEFAULT_SETTINGS } from '../../src/contexts/settings-context.js';
import { SKELETON_DELAY_MS } from '../../src/controllers/delayed-flag-controller.js';
import { DEMO_IDS, seedDemoJourney } from '../../src/demo/journey.js';
import type { CustomerDeletedEvent } from '../../src/events/customer-deleted.js';
import type { CustomerSavedEvent } from '../../src/events/customer-saved.js';
import type { Customer, CustomerInput } from '../../src/model/index.js';
import { waitUntil } from '../support/wait.js';
import '../../stories/support/part-providers.js';


const opened: BuiltInStore[] = [];

async function demoStore(options: { labMode?: boolean } = {}): Promise<BuiltInStore> {
  const store = await BuiltInStore.open({ databaseName: `cc-test-customer-summary-wait-${crypto.randomUUID()}`, timeoutMs: 15_000, ...options });
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

type HeldMethod = 'createCustomer' | 'updateCustomer' | 'deleteCustomer' | 'findCustomers';

/** The store, with some calls held: each answers only once the test lets it. */
interface Held {
  readonly backend: ContextBackend;
  /** Whether the summary has called `method`. */
  asked(method: HeldMethod): boolean;
  /** Lets `method` answer. */
  answer(method: HeldMethod): void;
}

/**
 * Holds `store`'s `methods`; once let go, each answers as the store does, or with its reply if it
 * has one (at once, with no I/O).
 */
function hold(store: BuiltInStore, methods: Partial<Record<HeldMethod, 'stored' | (() => unknown)>>): Held {
  const gates = new Map<string, { readonly open: Promise<void>; readonly let: () => void; asked: boolean }>();
  for (const method of Object.keys(methods)) {
    let open!: () => void;
    gates.set(method, { open: new Promise<void>((resolve) => (open = resolve)), let: () => open(), asked: false });
  }
  const backend = new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const gate = typeof property === 'string' ? gates.get(property) : undefined;
      if (!gate) return value.bind(target);
      const reply = methods[property as HeldMethod];
      return async (...args: unknown[]) => {
        gate.asked = true;
        await gate.open;
        return typeof reply === 'function' ? reply() : (value as (...args: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { backend, asked: (method) => gates.get(method)?.asked ?? false, answer: (method) => gates.get(method)?.let() };
}

interface RenderOptions {
  readonly customer?: Customer;
  readonly mode?: SummaryMode;
  readonly prefill?: CustomerInput;
  readonly labMode?: boolean;
}

async function renderSummary(backend: ContextBackend, options: RenderOptions = {}): Promise<CcCustomerSummary> {
  const provider = await fixture<CcBackendProvider>(html`<cc-backend-provider .backend=${backend}>
    <cc-part-providers .settings=${{ ...DEFAULT_SETTINGS, labMode: options.labMode ?? false }}>
      <cc-customer-summary .customer=${options.customer} .prefill=${options.prefill} mode=${options.mode ?? 'view'}></cc-customer-summary>
    </cc-part-providers>
  </cc-backend-provider>`);
  const summary = provider.querySelector('cc-customer-summary')!;
  await summary.updateComplete;
  return summary;
}

function root(summary: CcCustomerSummary): ShadowRoot {
  return summary.shadowRoot!;
}

function button(summary: CcCustomerSummary, name: string): HTMLButtonElement | undefined {
  return [...root(summary).querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === name);
}

/** The wait the agent sees ("Saving…", "Deleting…"), if any. */
function wait(summary: CcCustomerSummary): HTMLElement | null {
  const shown = root(summary).querySelector<HTMLElement>('[part="pending"]');
  return shown && getComputedStyle(shown).visibility === 'visible' ? shown : null;
}

/** Types `text` into the field labelled `label`, as the agent would, in one go. */
function type(summary: CcCustomerSummary, label: string, text: string): void {
  const labelElement = [...root(summary).querySelectorAll('label')].find((candidate) => candidate.textContent?.trim() === label)!;
  const control = root(summary).getElementById(labelElement.htmlFor) as HTMLInputElement;
  control.value = text;
  control.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

/** Every wait the agent could see appear in the summary from now until the returned function is called. */
function watchWaits(summary: CcCustomerSummary): () => string[] {
  const seen: string[] = [];
  const note = (records: MutationRecord[]) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        for (const shown of [node, ...node.querySelectorAll('*')]) {
          if (shown.matches('[part="pending"]') && getComputedStyle(shown).visibility === 'visible') seen.push(shown.textContent?.trim() ?? '');
        }
      }
    }
  };
  const observer = new MutationObserver(note);
  observer.observe(root(summary), { childList: true, subtree: true });
  return () => {
    note(observer.takeRecords());
    observer.disconnect();
    return seen;
  };
}

async function startEditing(summary: CcCustomerSummary): Promise<void> {
  summary.mode = 'edit';
  // The form's code loads when a form first opens.
  await waitUntil(() => root(summary).querySelector('form'), 'Expected the form');
}

describe('cc-customer-summary waits', () => {
  describe('saving', () => {
    it('shows no wait when the store answers before the delay', async () => {
      const store = await demoStore();
      const jordan = await store.getCustomer(DEMO_IDS.jordan);
      const stored = { ...jordan, version: jordan.version + 1, dataElements: { ...jordan.dataElements, Context_City: 'Oakland' } };
      const held = hold(store, { updateCustomer: () => stored });
      const summary = await renderSummary(held.backend, { customer: jordan });
      await startEditing(summary);
      type(summary, 'City', 'Oakland');
      const waits = watchWaits(summary);
      const saved = oneEvent(summary, 'cc-customer-saved') as Promise<CustomerSavedEvent>;
      // From the click to the answer nothing waits on a timer or on I/O: the answer comes before any delay can end.
      button(summary, 'Save')!.click();
      await summary.updateComplete;
      expect(wait(summary)).to.equal(null);
      held.answer('updateCustomer');
      expect((await saved).detail.customer.dataElements['Context_City']).to.equal('Oakland');
      await summary.updateComplete;
      expect(summary.mode).to.equal('view');
      expect(waits()).to.deep.equal([]);
    });

    it('shows "Saving…" once a save outlasts the delay, until the store answers', async () => {
      const store = await demoStore();
      const held = hold(store, { updateCustomer: 'stored' });
      const summary = await renderSummary(held.backend, { customer: await store.getCustomer(DEMO_IDS.jordan) });
      await startEditing(summary);
      type(summary, 'City', 'Oakland');
      const started = performance.now();
      button(summary, 'Save')!.click();
      await summary.updateComplete;
      expect(wait(summary)).to.equal(null);
      await waitUntil(() => wait(summary), 'Expected "Saving…" while the store has not answered');
      // A lower bound only: a busy machine shows the wait later, never sooner. The margin covers timer rounding.
      expect(performance.now() - started).to.be.at.least(SKELETON_DELAY_MS - 5);
      expect(wait(summary)!.textContent?.trim()).to.equal('Saving…');
      await expect(summary).to.be.accessible();
      const saved = oneEvent(summary, 'cc-customer-saved') as Promise<CustomerSavedEvent>;
      held.answer('updateCustomer');
      expect((await saved).detail.customer.dataElements['Context_City']).to.equal('Oakland');
      await summary.updateComplete;
      expect(wait(summary)).to.equal(null);
      expect(summary.mode).to.equal('view');
    });

    it('shows "Saving…" while a new customer’s phone is looked up, and on while they are created', async () => {
      const store = await demoStore();
      const held = hold(store, { findCustomers: 'stored', createCustomer: 'stored' });
      const prefill: CustomerInput = { dataElements: { Context_First_Name: 'Avery', Context_Last_Name: 'Quinn', Context_Mobile_Phone: '(650) 555-0111' } };
      const summary = await renderSummary(held.backend, { mode: 'create', prefill });
      button(summary, 'Create customer')!.click();
      await summary.updateComplete;
      expect(wait(summary)).to.equal(null);
      await waitUntil(() => wait(summary), 'Expected "Saving…" while the phone is looked up');
      expect(wait(summary)!.textContent?.trim()).to.equal('Saving…');
      held.answer('findCustomers');
      await waitUntil(() => held.asked('createCustomer'), 'Expected the create once nobody has the phone');
      await summary.updateComplete;
      expect(wait(summary)?.textContent?.trim()).to.equal('Saving…');
      const saved = oneEvent(summary, 'cc-customer-saved') as Promise<CustomerSavedEvent>;
      held.answer('createCustomer');
      expect((await saved).detail.created).to.equal(true);
      await summary.updateComplete;
      expect(wait(summary)).to.equal(null);
    });
  });

  describe('deleting', () => {
    it('shows "Deleting…" once a delete outlasts the delay, until the store answers', async () => {
      const store = await demoStore({ labMode: true });
      const held = hold(store, { deleteCustomer: 'stored' });
      const summary = await renderSummary(held.backend, { customer: await store.getCustomer(DEMO_IDS.jordan), labMode: true });
      button(summary, 'Delete customer')!.click();
      await summary.updateComplete;
      button(summary, 'Delete')!.click();
      await summary.updateComplete;
      expect(wait(summary)).to.equal(null);
      await waitUntil(() => wait(summary), 'Expected "Deleting…" while the store has not answered');
      expect(wait(summary)!.textContent?.trim()).to.equal('Deleting…');
      const deleted = oneEvent(summary, 'cc-customer-deleted') as Promise<CustomerDeletedEvent>;
      held.answer('deleteCustomer');
      expect((await deleted).detail.customerId).to.equal(DEMO_IDS.jordan);
      await summary.updateComplete;
      expect(wait(summary)).to.equal(null);
      expect(root(summary).textContent).to.contain('This customer was deleted.');
    });

    it('shows no wait when the store answers before the delay', async () => {
      const store = await demoStore({ labMode: true });
      const held = hold(store, { deleteCustomer: () => undefined });
      const summary = await renderSummary(held.backend, { customer: await store.getCustomer(DEMO_IDS.jordan), labMode: true });
      button(summary, 'Delete customer')!.click();
      await summary.updateComplete;
      const waits = watchWaits(summary);
      const deleted = oneEvent(summary, 'cc-customer-deleted') as Promise<CustomerDeletedEvent>;
      button(summary, 'Delete')!.click();
      await summary.updateComplete;
      expect(wait(summary)).to.equal(null);
      held.answer('deleteCustomer');
      await deleted;
      await summary.updateComplete;
      expect(root(summary).textContent).to.contain('This customer was deleted.');
      expect(waits()).to.deep.equal([]);
    });
  });
});
