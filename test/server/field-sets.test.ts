import { expect } from '@open-wc/testing';
import { BuiltInStore } from '../../src/backend/idb-store.js';
import { Outbox } from '../../src/backend/outbox.js';
import { cacheNameFor, openSharedBackend } from '../../src/backend/shared-backend.js';
import { parseOrganisationFieldSets } from '../../src/model/index.js';
import { connect, serverEnv, startServer, stopServer, type TestServer } from './http-support.js';

/** The demo's rider set, as an organisation writes it (test/fixtures/field-sets/rider.json). */
const RIDER = [
  {
    id: 'cumulus.rider',
    appliesTo: 'customer',
    label: { en: 'Rider' },
    fields: [
      { id: 'Motorcycle_VIN', type: 'string', maxLength: 17, label: { en: 'Motorcycle VIN' } },
      { id: 'Date_Of_Birth', type: 'date', sensitive: true, label: { en: 'Date of birth' } },
    ],
  },
];

const rider = { fieldsets: ['cisco.base.customer', 'cumulus.rider'], dataElements: { Context_First_Name: 'Jordan', Motorcycle_VIN: '1HD1KHM19NB123456' } };

interface Problem {
  status: number;
  code: string;
  issues?: { path: string; message: string }[];
  current?: unknown;
}

function call(server: TestServer, tenant?: string) {
  return (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { ...(tenant ? { 'Context-Test-Tenant': tenant } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}

function fieldSetsSuite(name: string, postgres: boolean): void {
  describe(`organisation field sets on the server (${name})`, function () {
    let server: TestServer;
    let api: ReturnType<typeof call>;

    beforeEach(async () => {
      server = await startServer({ tenantHeader: true, postgres });
      api = call(server);
    });

    afterEach(async () => {
      await stopServer(server);
    });

    it('answers version 0 and no sets before any PUT, then what the PUT stored, one version up each time', async () => {
      expect(await (await api('GET', '/v1/field-sets')).json()).to.deep.equal({ version: 0, fieldSets: [] });
      const put = await api('PUT', '/v1/field-sets', { expectedVersion: 0, fieldSets: RIDER });
      expect(put.status).to.equal(200);
      expect(await put.json()).to.deep.equal({ version: 1, fieldSets: RIDER });
      expect(await (await api('GET', '/v1/field-sets')).json()).to.deep.equal({ version: 1, fieldSets: RIDER });
      const emptied = await api('PUT', '/v1/field-sets', { expectedVersion: 1, fieldSets: [] });
      expect(await emptied.json()).to.deep.equal({ version: 2, fieldSets: [] });
    });

    it('refuses what the gadget refuses, with the same issues, and keeps what it had', async () => {
      await api('PUT', '/v1/field-sets', { expectedVersion: 0, fieldSets: RIDER });
      const invalid = [
        [{ ...RIDER[0]!, fields: [{ id: 'Motorcycle_VIN', type: 'vin', label: { en: 'VIN' } }] }],
        [RIDER[0]!, RIDER[0]!],
        [{ ...RIDER[0]!, id: 'cisco.mine' }],
        [{ ...RIDER[0]!, fields: [{ id: 'Context_First_Name', type: 'string', label: { en: 'Name' } }] }],
        'not a list',
      ];
      for (const fieldSets of invalid) {
        const refused = await api('PUT', '/v1/field-sets', { expectedVersion: 1, fieldSets });
        expect(refused.status).to.equal(422);
        const problem = (await refused.json()) as Problem;
        expect(problem.code).to.equal('invalid-input');
        let gadgetIssues: unknown;
        try {
          parseOrganisationFieldSets({ fieldSets });
        } catch (error) {
          gadgetIssues = (error as { issues: unknown }).issues;
        }
        expect(gadgetIssues).to.be.an('array').that.is.not.empty;
        expect(problem.issues).to.deep.equal(gadgetIssues);
      }
      const unknownProperty = await api('PUT', '/v1/field-sets', { expectedVersion: 1, fieldSets: RIDER, colour: 'blue' });
      expect(((await unknownProperty.json()) as Problem).issues!.map((issue) => issue.path)).to.deep.equal(['colour']);
      const notJson = await fetch(`${server.url}/v1/field-sets`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{"fieldSets": [' });
      expect(notJson.status).to.equal(400);
      expect(await (await api('GET', '/v1/field-sets')).json()).to.deep.equal({ version: 1, fieldSets: RIDER });
    });

    it('answers a stale expectedVersion with 409 and the current field sets', async () => {
      await api('PUT', '/v1/field-sets', { expectedVersion: 0, fieldSets: RIDER });
      for (const expectedVersion of [0, 2]) {
        const stale = await api('PUT', '/v1/field-sets', { expectedVersion, fieldSets: [] });
        expect(stale.status).to.equal(409);
        const problem = (await stale.json()) as Problem;
        expect(problem.code).to.equal('conflict');
        expect(problem.current).to.deep.equal({ version: 1, fieldSets: RIDER });
      }
      expect(await (await api('GET', '/v1/field-sets')).json()).to.deep.equal({ version: 1, fieldSets: RIDER });
    });

    it('refuses a customer with an organisation field before the PUT and accepts it after', async () => {
      const before = await api('POST', '/v1/customers', rider);
      expect(before.status).to.equal(422);
      expect(((await before.json()) as Problem).issues!.map((issue) => issue.message)).to.include('Unknown field set "cumulus.rider"');
      await api('PUT', '/v1/field-sets', { expectedVersion: 0, fieldSets: RIDER });
      const after = await api('POST', '/v1/customers', rider);
      expect(after.status).to.equal(201);
      const customer = (await after.json()) as { id: string; dataElements: Record<string, unknown> };
      expect(customer.dataElements['Motorcycle_VIN']).to.equal('1HD1KHM19NB123456');
      // Checked by the set's own rules: the VIN is at most 17 characters.
      const tooLong = await api('PATCH', `/v1/customers/${customer.id}`, { expectedVersion: 1, dataElements: { Motorcycle_VIN: 'X'.repeat(18) } });
      expect(tooLong.status).to.equal(422);
      expect(((await tooLong.json()) as Problem).issues!.map((issue) => issue.path)).to.deep.equal(['dataElements.Motorcycle_VIN']);
    });

    it('keeps one tenant\'s field sets from another: not shown, not used to check its writes', async () => {
      const a = call(server, 'tenant-a');
      const b = call(server, 'tenant-b');
      expect((await a('PUT', '/v1/field-sets', { expectedVersion: 0, fieldSets: RIDER })).status).to.equal(200);
      expect(await (await b('GET', '/v1/field-sets')).json()).to.deep.equal({ version: 0, fieldSets: [] });
      expect(await (await api('GET', '/v1/field-sets')).json()).to.deep.equal({ version: 0, fieldSets: [] });
      expect((await b('POST', '/v1/customers', rider)).status).to.equal(422);
      expect((await a('POST', '/v1/customers', rider)).status).to.equal(201);
      // B's own first PUT starts at version 0: A's version is not B's.
      expect(await (await b('PUT', '/v1/field-sets', { expectedVersion: 0, fieldSets: [] })).json()).to.deep.equal({ version: 1, fieldSets: [] });
      expect(await (await a('GET', '/v1/field-sets')).json()).to.deep.equal({ version: 1, fieldSets: RIDER });
    });

    it('the HTTP adapter reads them, and a shared backend opened without field sets checks writes against them', async () => {
      await api('PUT', '/v1/field-sets', { expectedVersion: 0, fieldSets: RIDER });
      const remote = await connect(server);
      try {
        expect(await remote.organisationFieldSets()).to.deep.equal({ version: 1, fieldSets: RIDER });
        expect((await remote.status()).operations.organisationFieldSets?.count).to.equal(1);
      } finally {
        remote.close();
      }
      const databaseName = `field-sets-served-${Math.random().toString(36).slice(2)}`;
      const { backend, served } = await openSharedBackend({ baseUrl: server.url, databaseName, timeoutMs: 15_000 });
      try {
        const registry = await served;
        expect(registry?.get('cumulus.rider')?.fields.map((field) => field.id)).to.deep.equal(['Motorcycle_VIN', 'Date_Of_Birth']);
        expect(registry?.get('cisco.base.customer')).to.not.equal(undefined);
        const customer = await backend.createCustomer(rider);
        expect(customer.dataElements['Motorcycle_VIN']).to.equal('1HD1KHM19NB123456');
      } finally {
        backend.close();
        const cache = cacheNameFor(server.url, databaseName);
        await Promise.all([BuiltInStore.deleteDatabase(cache), Outbox.deleteDatabase(`${cache}-outbox`)]);
      }
    });

    it('a shared backend whose server keeps no field sets serves none, and the base sets stay in force', async () => {
      const databaseName = `field-sets-none-${Math.random().toString(36).slice(2)}`;
      const { backend, served } = await openSharedBackend({ baseUrl: server.url, databaseName, timeoutMs: 15_000 });
      try {
        expect(await served).to.equal(undefined);
        await backend.createCustomer({ dataElements: { Context_First_Name: 'Base' } });
      } finally {
        backend.close();
        const cache = cacheNameFor(server.url, databaseName);
        await Promise.all([BuiltInStore.deleteDatabase(cache), Outbox.deleteDatabase(`${cache}-outbox`)]);
      }
    });
  });
}

fieldSetsSuite('PGlite', false);

// Real PostgreSQL is optional: this suite exists only when DATABASE_URL is set for the test run.
const { postgres } = await serverEnv();
if (postgres) fieldSetsSuite('PostgreSQL (DATABASE_URL)', true);
