import type { ConflictError, Customer } from '../../model/index.js';
import { MERGE_TAG } from '../merges/identities.js';
import { customerMerging, type ActivityChange, type ContextBackend, type CustomerMerging } from '../adapter.js';
import { deepEqual, equal, eventually, ok, rejectsWith, show } from './assert.js';
import { allPages, createActivities, createPerson, minutesAfterBase } from './fixtures.js';
import type { ContractCase, ContractContext } from './types.js';

/**
 * Identities and merges (`CustomerMerging`): cases for the backends that have the capability. A
 * backend without it keeps them trivially, as it stays a valid `ContextBackend`.
 */
function withMerging(run: (ctx: ContractContext, merging: CustomerMerging) => Promise<void>): (ctx: ContractContext) => Promise<void> {
  return async (ctx) => {
    const merging = customerMerging(ctx.backend);
    if (merging) await run(ctx, merging);
  };
}

async function foundIds(backend: ContextBackend, query: string): Promise<string[]> {
  return (await backend.findCustomers(query)).map((match) => match.customer.id);
}

/** Jordan Ellis and the duplicate "J. Ellis" an agent made on another call, each with a journey and a case. */
async function jordanAndDuplicate(backend: ContextBackend) {
  const jordan = await createPerson(backend, 'Jordan', 'Ellis', { Context_Mobile_Phone: '+14085550142', Context_Work_Email: 'jordan.ellis@example.com' });
  const duplicate = await createPerson(backend, 'J.', 'Ellis', { Context_Home_Phone: '+14085550199', Context_Home_Email: 'jellis@example.net' });
  const jordanActivities = await createActivities(backend, jordan.id, 2);
  const duplicateActivities = await createActivities(backend, duplicate.id, 3, (index) => ({ created: minutesAfterBase(10 + index), title: `Duplicate ${index}` }));
  const jordanRequest = await backend.createRequest({ customerId: jordan.id, dataElements: { Context_Title: 'Brake noise' } });
  const duplicateRequest = await backend.createRequest({ customerId: duplicate.id, dataElements: { Context_Title: 'Motorcycle fault P0562' } });
  return { jordan, duplicate, jordanActivities, duplicateActivities, jordanRequest, duplicateRequest };
}

/** A backend that writes its whole data as one document and reads one back (the built-in store's `exportData` and `importData`). */
interface Transfer {
  exportData(): Promise<unknown>;
  importData(data: unknown): Promise<unknown>;
}

const identities = 'identities';
const merges = 'merges';

export const MERGE_CASES: readonly ContractCase[] = [
  {
    group: identities,
    name: 'adds a phone, an email and an external id, and the customer is found by each',
    run: withMerging(async ({ backend }, merging) => {
      const customer = await createPerson(backend, 'Jordan', 'Ellis', { Context_Mobile_Phone: '+14085550142' });
      const withPhone = await merging.addIdentity(customer.id, { expectedVersion: 1, kind: 'phone', value: '(408) 555-0177' });
      equal(withPhone.version, 2, 'version after adding an identity');
      deepEqual(withPhone.identities, [{ kind: 'phone', value: '+14085550177' }], 'identities after adding a phone (stored in E.164)');
      const withEmail = await merging.addIdentity(customer.id, { expectedVersion: 2, kind: 'email', value: 'Jordan@Example.org' });
      const withExternal = await merging.addIdentity(customer.id, { expectedVersion: withEmail.version, kind: 'externalId', value: 'CRM-4711' });
      equal(withExternal.version, 4, 'version after three identities');
      deepEqual(await backend.getCustomer(customer.id), withExternal, 'getCustomer after adding identities');
      for (const query of ['+1 408 555 0177', 'jordan@example.ORG', 'crm-4711', '+14085550142']) {
        deepEqual(await foundIds(backend, query), [customer.id], `findCustomers(${show(query)})`);
      }
    }),
  },
  {
    group: identities,
    name: 'an invalid phone or email is refused at value, and nothing is stored',
    run: withMerging(async ({ backend }, merging) => {
      const customer = await createPerson(backend, 'Ana', 'Reyes');
      await rejectsWith('invalid-input', () => merging.addIdentity(customer.id, { expectedVersion: 1, kind: 'phone', value: '12' }), 'addIdentity of phone "12"', 'value');
      await rejectsWith('invalid-input', () => merging.addIdentity(customer.id, { expectedVersion: 1, kind: 'email', value: 'ana at example' }), 'addIdentity of a bad email', 'value');
      await rejectsWith('invalid-input', () => merging.addIdentity(customer.id, { expectedVersion: 1, kind: 'fax' as 'phone', value: '+14085550142' }), 'addIdentity of kind "fax"', 'kind');
      deepEqual(await backend.getCustomer(customer.id), customer, 'the customer after refused identities');
    }),
  },
  {
    group: identities,
    name: "an identity another customer has is a conflict, whether in a field or listed",
    run: withMerging(async ({ backend }, merging) => {
      const owner = await createPerson(backend, 'Jordan', 'Ellis', { Context_Work_Email: 'jordan.ellis@example.com' });
      await merging.addIdentity(owner.id, { expectedVersion: 1, kind: 'phone', value: '+14085550177' });
      const other = await createPerson(backend, 'Bo', 'Lind');
      await rejectsWith('conflict', () => merging.addIdentity(other.id, { expectedVersion: 1, kind: 'email', value: 'JORDAN.ELLIS@example.com' }), "adding the owner's email");
      await rejectsWith('conflict', () => merging.addIdentity(other.id, { expectedVersion: 1, kind: 'phone', value: '408-555-0177' }), "adding the owner's listed phone");
      deepEqual(await backend.getCustomer(other.id), other, 'the other customer after the refused identities');
      await rejectsWith('invalid-input', () => merging.addIdentity(owner.id, { expectedVersion: 2, kind: 'phone', value: '+14085550177' }), 'adding an identity the customer has', 'value');
    }),
  },
  {
    group: identities,
    name: 'removes a listed identity; a field-held one is changed with the field, an unknown one is not-found',
    run: withMerging(async ({ backend }, merging) => {
      const customer = await createPerson(backend, 'Jordan', 'Ellis', { Context_Mobile_Phone: '+14085550142' });
      await merging.addIdentity(customer.id, { expectedVersion: 1, kind: 'email', value: 'jordan@example.org' });
      const removed = await merging.removeIdentity(customer.id, { expectedVersion: 2, kind: 'email', value: 'JORDAN@example.org' });
      equal(removed.version, 3, 'version after removing an identity');
      ok(!removed.identities?.length, `identities after removing the only one: ${show(removed.identities)}`);
      deepEqual(await foundIds(backend, 'jordan@example.org'), [], 'findCustomers by the removed email');
      await rejectsWith('invalid-input', () => merging.removeIdentity(customer.id, { expectedVersion: 3, kind: 'phone', value: '+14085550142' }), 'removing the phone a field holds', 'value');
      await rejectsWith('not-found', () => merging.removeIdentity(customer.id, { expectedVersion: 3, kind: 'phone', value: '+14085550100' }), 'removing a phone the customer lacks');
    }),
  },
  {
    group: identities,
    name: 'a stale expectedVersion is a conflict carrying the stored customer',
    run: withMerging(async ({ backend }, merging) => {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      const updated = await backend.updateCustomer(customer.id, { expectedVersion: 1, tags: ['gold'] });
      const error = (await rejectsWith('conflict', () => merging.addIdentity(customer.id, { expectedVersion: 1, kind: 'phone', value: '+14085550177' }), 'addIdentity at version 1')) as ConflictError<Customer>;
      equal(error.current?.version, updated.version, 'version of the customer the conflict carries');
      await rejectsWith('not-found', () => merging.addIdentity('no-such-customer', { expectedVersion: 1, kind: 'phone', value: '+14085550177' }), 'addIdentity of an unknown customer');
    }),
  },
  {
    group: merges,
    name: "merging Jordan Ellis with a duplicate 'J. Ellis' combines their journeys and requests, and records the merge",
    run: withMerging(async ({ backend }, merging) => {
      const { jordan, duplicate, jordanActivities, duplicateActivities, jordanRequest, duplicateRequest } = await jordanAndDuplicate(backend);
      const kept = await merging.mergeCustomers(jordan.id, duplicate.id, { keptVersion: 1, mergedVersion: 1, contributor: { type: 'user', id: 'sup-1', name: 'Sam' } });
      equal(kept.id, jordan.id, 'id of the customer a merge answers');
      equal(kept.version, 2, 'version of the kept customer after the merge');
      deepEqual(kept.dataElements, jordan.dataElements, "the kept customer's fields after the merge");
      const journey = (await allPages(backend, jordan.id)).ids.flat();
      const moved = [...jordanActivities, ...duplicateActivities];
      for (const id of moved) ok(journey.includes(id), `activity ${id} is not in the kept customer's journey: ${show(journey)}`);
      equal(journey.length, moved.length + 1, "activities in the kept customer's journey (both journeys and the merge)");
      const movedActivity = await backend.getActivity(duplicateActivities[0]!);
      equal(movedActivity.customerId, jordan.id, 'customerId of a moved activity');
      const record = (await backend.listActivities(jordan.id, { pageSize: 200 })).activities.find((activity) => !moved.includes(activity.id));
      ok(record, 'no activity records the merge');
      ok(record.tags.includes(MERGE_TAG), `the merge's activity is not tagged ${MERGE_TAG}: ${show(record.tags)}`);
      ok(record.message?.includes(duplicate.id), `the merge's activity does not name the merged customer: ${show(record.message)}`);
      const recorded = JSON.stringify(record);
      for (const value of ['J.', '+14085550199', 'jellis@example.net']) ok(!recorded.includes(value), `the merge's activity repeats a field value (${value})`);
      const requests = (await backend.listRequests(jordan.id)).map((request) => request.id).sort();
      deepEqual(requests, [jordanRequest.id, duplicateRequest.id].sort(), "the kept customer's requests");
      equal((await backend.getRequest(duplicateRequest.id)).customerId, jordan.id, 'customerId of a moved request');
      deepEqual((await backend.listActivities(duplicate.id)).activities, [], "the merged id's own journey after the merge");
    }),
  },
  {
    group: merges,
    name: "the merged id, phones and emails lead to the kept customer",
    run: withMerging(async ({ backend }, merging) => {
      const { jordan, duplicate } = await jordanAndDuplicate(backend);
      const kept = await merging.mergeCustomers(jordan.id, duplicate.id, { keptVersion: 1, mergedVersion: 1 });
      deepEqual(await backend.getCustomer(duplicate.id), kept, 'getCustomer of the merged id');
      for (const query of [duplicate.id, '(408) 555-0199', 'JELLIS@example.net', '+14085550142']) {
        deepEqual(await foundIds(backend, query), [jordan.id], `findCustomers(${show(query)}) after the merge`);
      }
      const names = await foundIds(backend, 'Ellis');
      deepEqual(names, [jordan.id], 'customers found by the shared last name after the merge');
    }),
  },
  {
    group: merges,
    name: 'merging a customer into itself is refused at mergedId; an unknown customer is not-found',
    run: withMerging(async ({ backend }, merging) => {
      const jordan = await createPerson(backend, 'Jordan', 'Ellis');
      await rejectsWith('invalid-input', () => merging.mergeCustomers(jordan.id, jordan.id, { keptVersion: 1, mergedVersion: 1 }), 'merging a customer into itself', 'mergedId');
      await rejectsWith('not-found', () => merging.mergeCustomers(jordan.id, 'no-such-customer', { keptVersion: 1, mergedVersion: 1 }), 'merging an unknown customer');
      deepEqual(await backend.getCustomer(jordan.id), jordan, 'the customer after the refused merges');
    }),
  },
  {
    group: merges,
    name: 'a stale version of either customer is a conflict, and nothing moves',
    run: withMerging(async ({ backend }, merging) => {
      const { jordan, duplicate, duplicateActivities } = await jordanAndDuplicate(backend);
      const changed = await backend.updateCustomer(duplicate.id, { expectedVersion: 1, tags: ['checked'] });
      const error = (await rejectsWith('conflict', () => merging.mergeCustomers(jordan.id, duplicate.id, { keptVersion: 1, mergedVersion: 1 }), 'merge at a stale merged version')) as ConflictError<Customer>;
      equal(error.current?.id, duplicate.id, 'id of the customer the conflict carries');
      equal(error.current?.version, changed.version, 'version of the customer the conflict carries');
      await rejectsWith('conflict', () => merging.mergeCustomers(jordan.id, duplicate.id, { keptVersion: 5, mergedVersion: 2 }), 'merge at a stale kept version');
      deepEqual(await backend.getCustomer(duplicate.id), changed, 'the merged customer after the refused merges');
      equal((await backend.getActivity(duplicateActivities[0]!)).customerId, duplicate.id, 'customerId of an activity after the refused merges');
    }),
  },
  {
    group: merges,
    name: 'subscribers hear the moved activities leave the merged customer and the merge arrive at the kept one',
    run: withMerging(async ({ backend }, merging) => {
      const { jordan, duplicate, duplicateActivities } = await jordanAndDuplicate(backend);
      const heardByMerged: ActivityChange[] = [];
      const heardByKept: ActivityChange[] = [];
      const stopMerged = backend.subscribe(duplicate.id, (change) => heardByMerged.push(change));
      const stopKept = backend.subscribe(jordan.id, (change) => heardByKept.push(change));
      try {
        await merging.mergeCustomers(jordan.id, duplicate.id, { keptVersion: 1, mergedVersion: 1 });
        const left = () => duplicateActivities.every((id) => heardByMerged.some((change) => change.kind === 'deleted' && change.activityId === id));
        await eventually(left, 10_000, "the merged customer's subscriber to hear each moved activity deleted");
        const arrived = () => heardByKept.some((change) => change.kind === 'created' && change.activity?.tags.includes(MERGE_TAG) === true);
        await eventually(arrived, 10_000, "the kept customer's subscriber to hear the merge's activity");
      } finally {
        stopMerged();
        stopKept();
      }
    }),
  },
  {
    group: merges,
    name: 'when the kept customer is merged in turn, the ids merged into it lead on to the newest kept customer',
    run: withMerging(async ({ backend }, merging) => {
      const { jordan, duplicate } = await jordanAndDuplicate(backend);
      const kept = await merging.mergeCustomers(jordan.id, duplicate.id, { keptVersion: 1, mergedVersion: 1 });
      const newest = await createPerson(backend, 'Jordan', 'Ellis-Moreno');
      const last = await merging.mergeCustomers(newest.id, jordan.id, { keptVersion: 1, mergedVersion: kept.version });
      deepEqual(await backend.getCustomer(duplicate.id), last, 'getCustomer of the id merged first');
      deepEqual(await backend.getCustomer(jordan.id), last, 'getCustomer of the id merged second');
      deepEqual(await foundIds(backend, duplicate.id), [newest.id], 'findCustomers by the id merged first');
    }),
  },
  {
    group: merges,
    name: 'an export read into an empty backend keeps where the merged id leads, with the merge recorded (backends that export and import)',
    run: withMerging(async ({ backend, settings, open }, merging) => {
      const transfer = backend as ContextBackend & Partial<Transfer>;
      if (typeof transfer.exportData !== 'function' || typeof transfer.importData !== 'function') return;
      const { jordan, duplicate, duplicateActivities } = await jordanAndDuplicate(backend);
      const kept = await merging.mergeCustomers(jordan.id, duplicate.id, { keptVersion: 1, mergedVersion: 1 });
      const file: unknown = JSON.parse(JSON.stringify(await transfer.exportData()));
      const target = (await open(settings)) as ContextBackend & Transfer;
      await target.importData(file);
      deepEqual(await target.getCustomer(duplicate.id), kept, 'getCustomer of the merged id after export and import');
      deepEqual(await foundIds(target, duplicate.id), [jordan.id], 'findCustomers by the merged id after export and import');
      const journey = (await target.listActivities(jordan.id, { pageSize: 200 })).activities;
      for (const id of duplicateActivities) ok(journey.some((activity) => activity.id === id), `moved activity ${id} is not in the imported journey`);
      ok(journey.some((activity) => activity.tags.includes(MERGE_TAG)), "the imported journey lacks the merge's activity");
    }),
  },
];
