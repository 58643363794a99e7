import { assertIsoInstant, deepEqual, equal, rejectsWith } from './assert.js';
import { createPerson } from './fixtures.js';
import type { ContractCase } from './types.js';

const group = 'requests';

/** Requests (cases) that group a customer's activities. */
export const REQUEST_CASES: readonly ContractCase[] = [
  {
    group,
    name: 'creates a request at version 1 and reads it back; an unknown id is not-found',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      const request = await backend.createRequest({
        customerId: customer.id,
        dataElements: { Context_Title: 'Motorcycle fault P0562', Context_Description: 'Low system voltage' },
      });
      equal(request.version, 1, 'version');
      equal(request.state, 'active', 'state');
      equal(request.customerId, customer.id, 'customerId');
      deepEqual(request.fieldsets, ['cisco.base.request'], 'default field sets');
      assertIsoInstant(request.created, 'created');
      equal(request.lastUpdated, request.created, 'lastUpdated');
      deepEqual(await backend.getRequest(request.id), request, 'getRequest');
      await rejectsWith('not-found', () => backend.getRequest('no-such-request'), 'getRequest("no-such-request")');
    },
  },
  {
    group,
    name: 'a request for a customer that does not exist is invalid-input at customerId',
    async run({ backend }) {
      await rejectsWith(
        'invalid-input',
        () => backend.createRequest({ id: 'req-orphan', customerId: 'no-such-customer', dataElements: { Context_Title: 'Orphan' } }),
        'createRequest for an unknown customer',
        'customerId',
      );
      await rejectsWith('not-found', () => backend.getRequest('req-orphan'), 'the refused request');
    },
  },
  {
    group,
    name: 'lists a customer\'s requests, newest update first, and only that customer\'s',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      const other = await createPerson(backend, 'Sam', 'Okafor');
      const older = await backend.createRequest({ customerId: customer.id, created: '2026-01-01T10:00:00Z', dataElements: { Context_Title: 'Older' } });
      const newer = await backend.createRequest({ customerId: customer.id, created: '2026-02-01T10:00:00Z', dataElements: { Context_Title: 'Newer' } });
      await backend.createRequest({ customerId: other.id, dataElements: { Context_Title: 'Not Jordan\'s' } });
      deepEqual((await backend.listRequests(customer.id)).map((request) => request.id), [newer.id, older.id], 'request ids');
      const activity = await backend.createActivity({ customerId: customer.id, requestId: older.id, title: 'Follow-up call' });
      equal(activity.requestId, older.id, 'requestId of an activity in a request');
    },
  },
];
