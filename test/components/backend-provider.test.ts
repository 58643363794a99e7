import { ContextConsumer } from '@lit/context';
import { expect, fixture, html } from '@open-wc/testing';
import type { ContextBackend } from '../../src/backend/adapter.js';
import { BuiltInStore } from '../../src/backend/idb-store.js';
import '../../src/components/backend-provider/backend-provider.js';
import type { CcBackendProvider } from '../../src/components/backend-provider/backend-provider.js';
import { backendContext } from '../../src/contexts/backend-context.js';
import { setLocale } from '../../src/localization.js';
import { waitUntil } from '../support/wait.js';

const databases: string[] = [];

function databaseName(): string {
  const name = `cc-test-provider-${crypto.randomUUID()}`;
  databases.push(name);
  return name;
}

/** A light-DOM child that reads the backend provided to it, as every `cc-` element inside does. */
function consumerIn(provider: CcBackendProvider): ContextConsumer<typeof backendContext, never> {
  const probe = document.createElement('div');
  provider.append(probe);
  const host = Object.assign(probe, { addController: () => undefined, removeController: () => undefined, requestUpdate: () => undefined, updateComplete: Promise.resolve(true) });
  const consumer = new ContextConsumer(host as never, { context: backendContext, subscribe: true });
  consumer.hostConnected();
  return consumer;
}

async function provided(consumer: ContextConsumer<typeof backendContext, never>, unlike?: ContextBackend): Promise<ContextBackend> {
  await waitUntil(() => consumer.value !== undefined && consumer.value !== unlike, 'Expected a backend provided');
  return consumer.value!;
}

/** Whether a store still answers: a closed one refuses every call. */
async function answers(store: ContextBackend): Promise<boolean> {
  return store.findCustomers('nobody').then(
    () => true,
    () => false,
  );
}

describe('cc-backend-provider', () => {
  const stores: BuiltInStore[] = [];

  afterEach(() => {
    document.querySelectorAll('cc-backend-provider').forEach((provider) => provider.remove());
  });

  after(async () => {
    for (const store of stores.splice(0)) store.close();
    for (const name of databases.splice(0)) await BuiltInStore.deleteDatabase(name);
  });

  it('provides the backend it is given, and never closes it', async () => {
    const store = await BuiltInStore.open({ databaseName: databaseName() });
    stores.push(store);
    const provider = await fixture<CcBackendProvider>(html`<cc-backend-provider .backend=${store}></cc-backend-provider>`);
    const consumer = consumerIn(provider);
    expect(await provided(consumer)).to.equal(store);
    provider.remove();
    expect(await answers(store)).to.equal(true);
  });

  it('opens the built-in store when given none, and closes it when it leaves the page', async () => {
    const provider = await fixture<CcBackendProvider>(html`<cc-backend-provider database-name=${databaseName()}></cc-backend-provider>`);
    const consumer = consumerIn(provider);
    const store = await provided(consumer);
    expect(store).to.be.instanceOf(BuiltInStore);
    await store.createCustomer({ dataElements: { Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis' } });
    expect(await store.findCustomers('Ellis')).to.have.length(1);
    provider.remove();
    expect(await answers(store)).to.equal(false);
  });

  it('opens the store again when it comes back, with what was stored', async () => {
    const provider = await fixture<CcBackendProvider>(html`<cc-backend-provider database-name=${databaseName()}></cc-backend-provider>`);
    const consumer = consumerIn(provider);
    const first = await provided(consumer);
    await first.createCustomer({ dataElements: { Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis' } });
    const parent = provider.parentElement!;
    provider.remove();
    parent.append(provider);
    const second = await provided(consumer, first);
    expect(await answers(first)).to.equal(false);
    expect(await second.findCustomers('Ellis')).to.have.length(1);
  });

  it('closes the store it opened when a backend is given instead', async () => {
    const given = await BuiltInStore.open({ databaseName: databaseName() });
    stores.push(given);
    const provider = await fixture<CcBackendProvider>(html`<cc-backend-provider database-name=${databaseName()}></cc-backend-provider>`);
    const consumer = consumerIn(provider);
    const opened = await provided(consumer);
    provider.backend = given;
    expect(await provided(consumer, opened)).to.equal(given);
    expect(await answers(opened)).to.equal(false);
  });

  it('says why the store could not be opened, as an alert, and still renders what it holds', async () => {
    const tooLong = 'x'.repeat(201);
    const provider = await fixture<CcBackendProvider>(html`<cc-backend-provider database-name=${tooLong}><p>Inside</p></cc-backend-provider>`);
    await waitUntil(() => provider.shadowRoot?.querySelector('[part="error"]'), 'Expected the error');
    const error = provider.shadowRoot!.querySelector('[part="error"]')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.contain("Experiencing issues with accessing customer's context information").and.to.contain('databaseName');
    expect(provider.querySelector('p')?.assignedSlot).to.exist;
    await expect(provider).to.be.accessible();
  });

  it("says it in the page's language", async () => {
    await setLocale('fr');
    try {
      const provider = await fixture<CcBackendProvider>(html`<cc-backend-provider database-name=${'x'.repeat(201)}></cc-backend-provider>`);
      await waitUntil(() => provider.shadowRoot?.querySelector('[part="error"]'), 'Expected the error');
      expect(provider.shadowRoot!.querySelector('[part="error"]')!.textContent).to.contain('Difficultés d’accès aux informations de contexte du client');
    } finally {
      await setLocale('en');
    }
  });
});
