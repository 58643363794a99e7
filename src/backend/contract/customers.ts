import type { ConflictError, Customer } from '../../model/index.js';
import { assertIsoInstant, deepEqual, equal, fail, ok, rejectsWith, show } from './assert.js';
import { createPerson, person } from './fixtures.js';
import type { ContractCase } from './types.js';

const group = 'customers';

/** Creating, reading and updating customers, with optimistic concurrency. */
export const CUSTOMER_CASES: readonly ContractCase[] = [
  {
    group,
    name: 'creates a customer at version 1 with created equal to lastUpdated',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      ok(typeof customer.id === 'string' && customer.id.length > 0, `the new customer has no id: ${show(customer.id)}`);
      equal(customer.version, 1, 'version of a new customer');
      assertIsoInstant(customer.created, 'created');
      equal(customer.lastUpdated, customer.created, 'lastUpdated of a new customer');
      equal(customer.state, 'active', 'state of a new customer');
      deepEqual(customer.fieldsets, ['cisco.base.customer'], 'default field sets');
      deepEqual(customer.tags, [], 'default tags');
      deepEqual(customer.dataElements, { Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis' }, 'dataElements');
    },
  },
  {
    group,
    name: 'getCustomer returns what createCustomer returned, under a caller-supplied id',
    async run({ backend }) {
      const created = await backend.createCustomer({ ...person('Ana', 'Reyes'), id: 'crm-0042', tags: ['vip'] });
      equal(created.id, 'crm-0042', 'id of a customer created with an id');
      deepEqual(await backend.getCustomer('crm-0042'), created, 'getCustomer');
    },
  },
  {
    group,
    name: 'getCustomer of an unknown id is not-found',
    async run({ backend }) {
      await rejectsWith('not-found', () => backend.getCustomer('no-such-customer'), 'getCustomer("no-such-customer")');
    },
  },
  {
    group,
    name: 'creating with an existing id is a conflict and leaves the first customer as it was',
    async run({ backend }) {
      const first = await backend.createCustomer({ ...person('Ana', 'Reyes'), id: 'dup-1' });
      await rejectsWith('conflict', () => backend.createCustomer({ ...person('Other', 'Person'), id: 'dup-1' }), 'second createCustomer with id dup-1');
      deepEqual(await backend.getCustomer('dup-1'), first, 'the customer after the refused duplicate');
    },
  },
  {
    group,
    name: 'two concurrent creates with the same id: exactly one succeeds',
    async run({ backend }) {
      const results = await Promise.allSettled([
        backend.createCustomer({ ...person('Ana', 'Reyes'), id: 'race-1' }),
        backend.createCustomer({ ...person('Bo', 'Lind'), id: 'race-1' }),
      ]);
      const won = results.filter((result) => result.status === 'fulfilled');
      const lost = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
      equal(won.length, 1, 'creates that succeeded');
      await rejectsWith('conflict', () => Promise.reject(lost[0]?.reason), 'the losing create');
      const stored = await backend.getCustomer('race-1');
      deepEqual(stored, (won[0] as PromiseFulfilledResult<Customer>).value, 'the stored customer is the one that won');
    },
  },
  {
    group,
    name: 'update bumps the version and keeps the fields it does not name',
    async run({ backend }) {
      const created = await createPerson(backend, 'Jordan', 'Ellis', { Context_City: 'Austin' });
      const updated = await backend.updateCustomer(created.id, { expectedVersion: 1, dataElements: { Context_City: 'Denver' }, tags: ['gold'] });
      equal(updated.version, 2, 'version after one update');
      equal(updated.created, created.created, 'created after an update');
      assertIsoInstant(updated.lastUpdated, 'lastUpdated');
      ok(updated.lastUpdated >= created.lastUpdated, `lastUpdated went back in time: ${created.lastUpdated} -> ${updated.lastUpdated}`);
      deepEqual(
        updated.dataElements,
        { Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis', Context_City: 'Denver' },
        'dataElements after merging the patch',
      );
      deepEqual(updated.tags, ['gold'], 'tags');
      deepEqual(await backend.getCustomer(created.id), updated, 'getCustomer after the update');
      const again = await backend.updateCustomer(created.id, { expectedVersion: 2, state: 'active' });
      equal(again.version, 3, 'version after two updates');
    },
  },
  {
    group,
    name: 'null or an empty string in a patch removes that data element',
    async run({ backend }) {
      const created = await createPerson(backend, 'Jordan', 'Ellis', { Context_City: 'Austin', Context_ZIP: '78701' });
      const updated = await backend.updateCustomer(created.id, { expectedVersion: 1, dataElements: { Context_City: null, Context_ZIP: '' } });
      deepEqual(updated.dataElements, { Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis' }, 'dataElements after removing two');
      deepEqual((await backend.getCustomer(created.id)).dataElements, updated.dataElements, 'stored dataElements');
    },
  },
  {
    group,
    name: 'a stale expectedVersion is a conflict carrying what is stored now',
    async run({ backend }) {
      const created = await createPerson(backend, 'Jordan', 'Ellis');
      const winner = await backend.updateCustomer(created.id, { expectedVersion: 1, dataElements: { Context_City: 'Denver' } });
      const error = await rejectsWith(
        'conflict',
        () => backend.updateCustomer(created.id, { expectedVersion: 1, dataElements: { Context_City: 'Boston' } }),
        'update with expectedVersion 1 after another update',
      );
      deepEqual((error as ConflictError<Customer>).current, winner, 'the conflict error\'s `current`');
      deepEqual(await backend.getCustomer(created.id), winner, 'the stored customer after the refused update');
    },
  },
  {
    group,
    name: 'two concurrent updates with the same expectedVersion: exactly one succeeds, the other is a conflict',
    async run({ backend }) {
      const created = await createPerson(backend, 'Jordan', 'Ellis');
      const results = await Promise.allSettled([
        backend.updateCustomer(created.id, { expectedVersion: 1, dataElements: { Context_City: 'Denver' } }),
        backend.updateCustomer(created.id, { expectedVersion: 1, dataElements: { Context_City: 'Boston' } }),
      ]);
      const won = results.filter((result): result is PromiseFulfilledResult<Customer> => result.status === 'fulfilled');
      const lost = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (won.length !== 1) fail(`expected exactly one of two concurrent updates to succeed, ${won.length} did`);
      const winner = won[0]!.value;
      equal(winner.version, 2, 'version of the winning update');
      const error = await rejectsWith('conflict', () => Promise.reject(lost[0]?.reason), 'the losing update');
      deepEqual((error as ConflictError<Customer>).current, winner, 'the losing update\'s `current`');
      deepEqual(await backend.getCustomer(created.id), winner, 'the stored customer');
    },
  },
  {
    group,
    name: 'updating an unknown customer is not-found',
    async run({ backend }) {
      await rejectsWith('not-found', () => backend.updateCustomer('no-such-customer', { expectedVersion: 1, tags: ['x'] }), 'updateCustomer');
    },
  },
  {
    group,
    name: 'each write adds its contributor',
    async run({ backend }) {
      const ivr = { type: 'machine', id: 'cvp-ivr', name: 'IVR' } as const;
      const agent = { type: 'user', id: 'agent-7', name: 'Sam Agent' } as const;
      const created = await backend.createCustomer({ ...person('Jordan', 'Ellis'), contributor: ivr });
      ok(created.contributors.some((c) => c.id === ivr.id && c.type === ivr.type), `contributors after create: ${show(created.contributors)}`);
      const updated = await backend.updateCustomer(created.id, { expectedVersion: 1, contributor: agent, dataElements: { Context_City: 'Reno' } });
      for (const expected of [ivr, agent]) {
        ok(
          updated.contributors.some((c) => c.id === expected.id && c.type === expected.type),
          `contributors after update lack ${expected.id}: ${show(updated.contributors)}`,
        );
      }
    },
  },
  {
    group,
    name: 'stores values normalised: text trimmed, language tags canonical, timestamps in UTC',
    async run({ backend }) {
      const created = await backend.createCustomer({
        dataElements: { Context_First_Name: '  Jordan ', Context_Last_Name: 'Ellis', Context_Preferred_Language: 'en-us' },
        created: '2020-01-01T02:00:00+02:00',
      });
      equal(created.dataElements['Context_First_Name'], 'Jordan', 'a trimmed first name');
      equal(created.dataElements['Context_Preferred_Language'], 'en-US', 'a canonical language tag');
      equal(created.created, '2020-01-01T00:00:00.000Z', 'an imported created time');
      deepEqual(await backend.getCustomer(created.id), created, 'getCustomer');
    },
  },
];
