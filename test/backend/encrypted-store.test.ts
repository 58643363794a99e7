import { waitUntil } from '../support/wait.js';
import { expect } from '@open-wc/testing';
import { promisifyRequest } from 'idb-keyval';
import { runAdapterContract } from '../../src/backend/contract.js';
import { deriveFieldKeys, isEnvelope, storageRegistry, type FieldKeys } from '../../src/backend/encryption.js';
import { EncryptedStore } from '../../src/backend/encrypted-store.js';
import { BuiltInStore } from '../../src/backend/idb-store.js';
import { DEMO_FIELD_SETS, ensureDemoRiderFields } from '../../src/demo/field-sets.js';
import { DEMO_IDS, seedDemoJourney } from '../../src/demo/journey.js';
import { BASE_FIELD_SETS, ConflictError, CUSTOMER_FIELD_SET, FieldSetRegistry, InvalidInputError, parseOrganisationFieldSets } from '../../src/model/index.js';

/** Cumulus's rider set, and a private contact set whose phone and email are sensitive. */
const PRIVATE_CONTACT = {
  fieldSets: [
    {
      id: 'cumulus.private',
      appliesTo: 'customer',
      fields: [
        { id: 'Private_Mobile', type: 'phone', sensitive: true, label: { en: 'Private mobile' } },
        { id: 'Private_Email', type: 'email', sensitive: true, label: { en: 'Private email' } },
      ],
    },
  ],
};
const registry = new FieldSetRegistry([...BASE_FIELD_SETS, ...[DEMO_FIELD_SETS, PRIVATE_CONTACT].flatMap((document) => parseOrganisationFieldSets(document))]);
const SETS = [CUSTOMER_FIELD_SET, 'cumulus.rider', 'cumulus.private'];

const opened: EncryptedStore[] = [];
let keys: FieldKeys;

before(async () => {
  keys = await deriveFieldKeys(crypto.getRandomValues(new Uint8Array(32)));
});

async function encryptedStore(databaseName = `cc-test-encrypted-${crypto.randomUUID()}`, with_: FieldKeys = keys): Promise<EncryptedStore> {
  const store = await EncryptedStore.open({ databaseName, fieldSets: registry, keys: with_, timeoutMs: 15_000 });
  opened.push(store);
  return store;
}

afterEach(async () => {
  for (const store of opened.splice(0)) {
    store.close();
    await BuiltInStore.deleteDatabase(store.inner.databaseName);
    await BuiltInStore.deleteDatabase(EncryptedStore.hashDatabaseName(store.inner.databaseName));
  }
});

/** Everything in the lookup database, keys and values. */
async function hashEntries(store: EncryptedStore): Promise<unknown[]> {
  const db = await promisifyRequest(indexedDB.open(EncryptedStore.hashDatabaseName(store.inner.databaseName)));
  try {
    const objects = db.transaction('hashes', 'readonly').objectStore('hashes');
    const [keys, values] = await Promise.all([promisifyRequest(objects.getAllKeys()), promisifyRequest(objects.getAll())]);
    return [keys, values];
  } finally {
    db.close();
  }
}

/** What is on disk: the same database read without the keys. */
async function atRest(store: EncryptedStore): Promise<BuiltInStore> {
  const raw = await BuiltInStore.open({ databaseName: store.inner.databaseName, fieldSets: storageRegistry(registry), timeoutMs: 15_000 });
  return raw;
}

describe('encrypted store', () => {
  it('stores sensitive fields as envelopes and gives them back decrypted', async () => {
    const store = await encryptedStore();
    await seedDemoJourney(store);
    await ensureDemoRiderFields(store);
    const jordan = await store.getCustomer(DEMO_IDS.jordan);
    expect(jordan.dataElements).to.include({ Date_Of_Birth: '1988-06-14', Motorcycle_VIN: '1CUMS750XPA000142', Context_First_Name: 'Jordan' });
    const raw = await atRest(store);
    try {
      const sealed = await raw.getCustomer(DEMO_IDS.jordan);
      expect(isEnvelope(sealed.dataElements['Date_Of_Birth'])).to.equal(true);
      expect(sealed.dataElements['Motorcycle_VIN']).to.equal('1CUMS750XPA000142');
      expect(JSON.stringify(sealed)).not.to.contain('1988');
    } finally {
      raw.close();
    }
  });

  it('checks a sensitive value against its real field before sealing it, without quoting it', async () => {
    const store = await encryptedStore();
    let refused: unknown;
    await store.createCustomer({ fieldsets: SETS, dataElements: { Context_Last_Name: 'Quinn', Date_Of_Birth: 'Zq-13/13/1988' } }).catch((error: unknown) => (refused = error));
    expect(refused).to.be.instanceOf(InvalidInputError);
    expect((refused as InvalidInputError).issueAt('dataElements.Date_Of_Birth')?.message).to.contain('Not a date').and.not.to.contain('Zq');
    expect(await store.findCustomers('Quinn')).to.have.length(0);
  });

  it('finds a customer by a sensitive phone or email through its keyed hash, and no longer by an old one', async () => {
    const store = await encryptedStore();
    const created = await store.createCustomer({
      fieldsets: SETS,
      dataElements: { Context_Last_Name: 'Quinn', Private_Mobile: '(408) 555-0199', Private_Email: 'Avery.Quinn@example.org' },
    });
    expect(created.dataElements['Private_Mobile']).to.equal('+14085550199');
    const [byPhone] = await store.findCustomers('408-555-0199');
    expect(byPhone).to.deep.include({ matchedOn: 'phone', matchedValue: '+14085550199' });
    expect(byPhone!.customer.id).to.equal(created.id);
    const [byEmail] = await store.findCustomers('avery.quinn@EXAMPLE.org');
    expect(byEmail?.customer.id).to.equal(created.id);
    expect(byEmail?.matchedOn).to.equal('email');
    const moved = await store.updateCustomer(created.id, { expectedVersion: created.version, dataElements: { Private_Mobile: '+1 408 555 0177' } });
    expect(moved.dataElements['Private_Mobile']).to.equal('+14085550177');
    expect(await store.findCustomers('408-555-0199')).to.have.length(0);
    expect((await store.findCustomers('4085550177'))[0]?.customer.id).to.equal(created.id);
    // The lookup database holds hashes and ids only.
    const stored = JSON.stringify(await hashEntries(store));
    expect(stored).to.contain(created.id);
    for (const plain of ['4085550177', '4085550199', 'avery', 'example.org']) expect(stored.toLowerCase()).not.to.contain(plain);
    await store.inner.deleteCustomer(created.id).catch(() => undefined);
  });

  it('cannot read sensitive values with another key, and keeps them sealed rather than failing', async () => {
    const databaseName = `cc-test-encrypted-${crypto.randomUUID()}`;
    const store = await encryptedStore(databaseName);
    await seedDemoJourney(store);
    await ensureDemoRiderFields(store);
    const thief = await encryptedStore(databaseName, await deriveFieldKeys(new Uint8Array(32).fill(9)));
    const jordan = await thief.getCustomer(DEMO_IDS.jordan);
    expect(isEnvelope(jordan.dataElements['Date_Of_Birth'])).to.equal(true);
    expect(jordan.dataElements['Context_First_Name']).to.equal('Jordan');
  });

  it('decrypts what a conflict says is stored, and what subscribers hear', async () => {
    const store = await encryptedStore();
    await seedDemoJourney(store);
    await ensureDemoRiderFields(store);
    let conflict: unknown;
    await store.updateCustomer(DEMO_IDS.jordan, { expectedVersion: 1, dataElements: { Date_Of_Birth: '1990-04-17' } }).catch((error: unknown) => (conflict = error));
    expect(conflict).to.be.instanceOf(ConflictError);
    expect(((conflict as ConflictError).current as { dataElements: Record<string, unknown> }).dataElements['Date_Of_Birth']).to.equal('1988-06-14');
    const workshop = new FieldSetRegistry([
      ...registry.all(),
      ...parseOrganisationFieldSets({ fieldSets: [{ id: 'cumulus.workshop', appliesTo: 'activity', fields: [{ id: 'Licence_No', type: 'string', sensitive: true, label: { en: 'Licence' } }] }] }),
    ]);
    const activities = await EncryptedStore.open({ databaseName: store.inner.databaseName, fieldSets: workshop, keys, timeoutMs: 15_000 });
    opened.push(activities);
    const heard: unknown[] = [];
    const unsubscribe = activities.subscribe(DEMO_IDS.jordan, (change) => heard.push(change.activity?.dataElements['Licence_No']));
    const created = await activities.createActivity({ customerId: DEMO_IDS.jordan, title: 'Check-in', fieldsets: ['cisco.base.pod', 'cumulus.workshop'], dataElements: { Licence_No: 'D1234' } });
    expect(created.dataElements['Licence_No']).to.equal('D1234');
    expect((await activities.listActivities(DEMO_IDS.jordan)).activities[0]!.dataElements['Licence_No']).to.equal('D1234');
    await waitUntil(() => heard.length > 0, 'Expected the change heard');
    unsubscribe();
    expect(heard).to.deep.equal(['D1234']);
  });
});

// The encrypted store is a backend like any other: the whole adapter contract holds for it.
runAdapterContract({
  name: 'encrypted built-in store',
  create: async (settings) => {
    const databaseName = `contract-encrypted-${crypto.randomUUID()}`;
    return EncryptedStore.open({ ...settings, databaseName, keys: await deriveFieldKeys(new Uint8Array(32).fill(3)) });
  },
  setFault: (backend, fault) => {
    (backend as EncryptedStore).fault = fault;
  },
  dispose: async (backend) => {
    const store = backend as EncryptedStore;
    store.close();
    await BuiltInStore.deleteDatabase(store.inner.databaseName);
    await BuiltInStore.deleteDatabase(EncryptedStore.hashDatabaseName(store.inner.databaseName));
  },
});
