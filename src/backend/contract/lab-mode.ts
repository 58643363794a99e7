import { deepEqual, rejectsWith } from './assert.js';
import { createPerson } from './fixtures.js';
import type { ContractCase } from './types.js';

const group = 'deletes and lab mode';

/** Outside lab mode nothing is deleted; in lab mode deletes work and a customer takes its journey with it. */
export const LAB_MODE_CASES: readonly ContractCase[] = [
  {
    group,
    name: 'outside lab mode deleting a customer is forbidden and the customer stays',
    settings: { labMode: false },
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      await rejectsWith('forbidden', () => backend.deleteCustomer(customer.id), 'deleteCustomer outside lab mode');
      deepEqual(await backend.getCustomer(customer.id), customer, 'the customer after the refused delete');
      deepEqual(
        (await backend.findCustomers('Ellis')).map((match) => match.customer.id),
        [customer.id],
        'lookup after the refused delete',
      );
    },
  },
  {
    group,
    name: 'outside lab mode deleting an activity is forbidden and the activity stays',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      const activity = await backend.createActivity({ customerId: customer.id, title: 'Call' });
      await rejectsWith('forbidden', () => backend.deleteActivity(activity.id), 'deleteActivity outside lab mode');
      deepEqual(await backend.getActivity(activity.id), activity, 'the activity after the refused delete');
      deepEqual((await backend.listActivities(customer.id)).activities, [activity], 'the journey after the refused delete');
    },
  },
  {
    group,
    name: 'in lab mode an activity is deleted',
    settings: { labMode: true },
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      const kept = await backend.createActivity({ customerId: customer.id, title: 'Kept' });
      const gone = await backend.createActivity({ customerId: customer.id, title: 'Deleted' });
      await backend.deleteActivity(gone.id);
      await rejectsWith('not-found', () => backend.getActivity(gone.id), 'getActivity of a deleted activity');
      deepEqual((await backend.listActivities(customer.id)).activities, [kept], 'the journey after the delete');
    },
  },
  {
    group,
    name: 'in lab mode deleting a customer deletes its activities and requests too',
    settings: { labMode: true },
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis', { Context_Mobile_Phone: '408 555 0142' });
      const other = await createPerson(backend, 'Sam', 'Ellis');
      const request = await backend.createRequest({ customerId: customer.id, dataElements: { Context_Title: 'Brakes' } });
      const activity = await backend.createActivity({ customerId: customer.id, requestId: request.id, title: 'Call' });
      const othersActivity = await backend.createActivity({ customerId: other.id, title: 'Kept' });
      await backend.deleteCustomer(customer.id);
      await rejectsWith('not-found', () => backend.getCustomer(customer.id), 'getCustomer of a deleted customer');
      await rejectsWith('not-found', () => backend.getActivity(activity.id), 'getActivity of a deleted customer\'s activity');
      await rejectsWith('not-found', () => backend.getRequest(request.id), 'getRequest of a deleted customer\'s request');
      deepEqual(await backend.findCustomers('+14085550142'), [], 'lookup by the deleted customer\'s phone');
      deepEqual((await backend.findCustomers('Ellis')).map((match) => match.customer.id), [other.id], 'lookup by the shared last name');
      deepEqual(await backend.getActivity(othersActivity.id), othersActivity, 'another customer\'s activity');
    },
  },
];
