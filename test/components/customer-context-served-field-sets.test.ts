import { expect, fixture, html } from '@open-wc/testing';
import { WAIT_MS, waitUntil } from '../support/wait.js';
import { BuiltInStore } from '../../src/backend/idb-store.js';
import { Outbox } from '../../src/backend/outbox.js';
import { cacheNameFor } from '../../src/backend/shared-backend.js';
import '../../src/components/customer-context/customer-context.js';
import type { CcCustomerContext } from '../../src/components/customer-context/customer-context.js';
import { DEMO_FIELD_SETS, DEMO_RIDER_SET, DEMO_RIDER_VALUES } from '../../src/demo/field-sets.js';
import { startServer, stopServer, type TestServer } from '../server/http-support.js';

const WAIT = { timeout: WAIT_MS };

function summaryText(gadget: CcCustomerContext): string {
  return gadget.shadowRoot!.querySelector('cc-customer-summary')?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
}

describe('cc-customer-context on a shared backend that keeps organisation field sets', () => {
  let server: TestServer;
  let customerId: string;
  const databases: string[] = [];

  before(async () => {
    server = await startServer();
    const json = { 'Content-Type': 'application/json' };
    const put = await fetch(`${server.url}/v1/field-sets`, { method: 'PUT', headers: json, body: JSON.stringify({ expectedVersion: 0, ...DEMO_FIELD_SETS }) });
    expect(put.status).to.equal(200);
    const created = await fetch(`${server.url}/v1/customers`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ fieldsets: ['cisco.base.customer', DEMO_RIDER_SET], dataElements: { Context_First_Name: 'Jordan', ...DEMO_RIDER_VALUES } }),
    });
    expect(created.status).to.equal(201);
    customerId = ((await created.json()) as { id: string }).id;
  });

  after(async () => {
    await stopServer(server);
    for (const name of databases) await Promise.all([BuiltInStore.deleteDatabase(name), Outbox.deleteDatabase(`${name}-outbox`)]);
  });

  function databaseName(): string {
    const name = `cc-test-served-${crypto.randomUUID()}`;
    databases.push(cacheNameFor(server.url, name));
    return name;
  }

  it('shows the customer by the server\'s field sets when the host gives none', async () => {
    const gadget = await fixture<CcCustomerContext>(
      html`<cc-customer-context database-name=${databaseName()} backend-url=${server.url} customer-id=${customerId} timeout="15000"></cc-customer-context>`,
    );
    await waitUntil(() => summaryText(gadget).includes('Motorcycle VIN'), 'The VIN under the label of the server\'s field set', WAIT);
    expect(summaryText(gadget)).to.contain(DEMO_RIDER_VALUES.Motorcycle_VIN).and.to.contain('Date of birth');
    expect(summaryText(gadget)).not.to.contain('Not in the field sets');
  });

  it('keeps to the host\'s field sets when it gives some', async () => {
    const gadget = await fixture<CcCustomerContext>(
      html`<cc-customer-context
        database-name=${databaseName()}
        backend-url=${server.url}
        customer-id=${customerId}
        timeout="15000"
        .fieldSets=${{ fieldSets: [] }}
      ></cc-customer-context>`,
    );
    await waitUntil(() => summaryText(gadget).includes('Not in the field sets'), 'The rider data shown as unknown', WAIT);
    expect(summaryText(gadget)).to.contain('Motorcycle_VIN').and.not.to.contain('Motorcycle VIN');
  });
});
