/**
 * The gadget's first render holds a search field that works: an agent types (and presses Enter)
 * before the search part and the store have loaded, and nothing they did is lost when the real
 * field takes over.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { BuiltInStore } from '../../src/backend/index.js';
import '../../src/components/customer-context/customer-context.js';
import type { CcCustomerContext } from '../../src/components/customer-context/customer-context.js';
import { byRole, focused, queryByRole } from '../support/roles.js';
import { waitUntil } from '../support/wait.js';
import { riderStore } from './support/field-set-providers.js';

const FIELD_SETS_URL = '/test/fixtures/field-sets/rider.json';

describe('cc-customer-context before its parts and store have loaded', () => {
  const realFetch = globalThis.fetch;
  const opened: BuiltInStore[] = [];
  /** Opens the field sets' answer, which the gadget's own store waits for. */
  let release: () => void;

  beforeEach(() => {
    const gate = new Promise<void>((resolve) => (release = resolve));
    globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.endsWith(FIELD_SETS_URL)) await gate;
      return realFetch(input, init);
    };
  });

  afterEach(() => {
    release();
    globalThis.fetch = realFetch;
  });

  after(async () => {
    for (const store of opened.splice(0)) {
      store.close();
      await BuiltInStore.deleteDatabase(store.databaseName);
    }
  });

  async function waitingGadget(): Promise<CcCustomerContext> {
    const store = await riderStore('customer-context-early-search');
    opened.push(store);
    store.close();
    const gadget = await fixture<CcCustomerContext>(
      html`<cc-customer-context timeout="15000" database-name=${store.databaseName} field-sets-url=${FIELD_SETS_URL}></cc-customer-context>`,
    );
    await gadget.updateComplete;
    return gadget;
  }

  const realSearch = (gadget: CcCustomerContext) => gadget.shadowRoot!.querySelector('cc-customer-search');

  it('shows the search field at first render, accessible, while the store waits', async () => {
    const gadget = await waitingGadget();
    const field = byRole<HTMLInputElement>(gadget, 'textbox', 'Search customers');
    expect(field.disabled).to.equal(false);
    expect(realSearch(gadget), 'the search part waits for the store').to.equal(null);
    await expect(gadget).to.be.accessible();
  });

  it('takes a query and Enter before the store opens, says it is searching, then runs it and keeps the focus in the field', async () => {
    const gadget = await waitingGadget();
    byRole(gadget, 'textbox', 'Search customers').focus();
    await sendKeys({ type: 'jordan.ellis@example.com' });
    await sendKeys({ press: 'Enter' });
    await gadget.updateComplete;
    expect(byRole(gadget, 'status').textContent?.trim()).to.equal('Searching…');
    expect(realSearch(gadget)).to.equal(null);

    release();
    await waitUntil(() => realSearch(gadget) !== null, 'the search part');
    const real = byRole<HTMLInputElement>(realSearch(gadget)!, 'combobox', 'Search customers');
    expect(real.value).to.equal('jordan.ellis@example.com');
    await waitUntil(() => queryByRole(gadget, 'heading', /Jordan Ellis/) !== undefined, "the one match's summary opened");
    expect(focused(), 'the focus went with the query').to.equal(real);
    await expect(gadget).to.be.accessible();
  });

  it('hands over what was typed without Enter, searched for as typing is, and the agent types on', async () => {
    const gadget = await waitingGadget();
    byRole(gadget, 'textbox', 'Search customers').focus();
    await sendKeys({ type: 'Ell' });
    release();
    await waitUntil(() => realSearch(gadget) !== null, 'the search part');
    const real = byRole<HTMLInputElement>(realSearch(gadget)!, 'combobox', 'Search customers');
    expect(real.value).to.equal('Ell');
    expect(focused()).to.equal(real);
    await sendKeys({ type: 'is' });
    expect(real.value).to.equal('Ellis');
    await waitUntil(() => real.getAttribute('aria-expanded') === 'true', 'the matches listed');
    expect(queryByRole(gadget, 'heading', /Jordan Ellis/), 'typing lists; it opens no one').to.equal(undefined);
  });

  it('hands over nothing, and takes no focus, when the agent did not use the field', async () => {
    const gadget = await waitingGadget();
    release();
    await waitUntil(() => realSearch(gadget) !== null, 'the search part');
    const real = byRole<HTMLInputElement>(realSearch(gadget)!, 'combobox', 'Search customers');
    await realSearch(gadget)!.updateComplete;
    expect(real.value).to.equal('');
    expect(focused()).not.to.equal(real);
  });
});
