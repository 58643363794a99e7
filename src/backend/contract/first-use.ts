import { createPerson } from './fixtures.js';
import type { ContractCase } from './types.js';

/**
 * Registered first on purpose: code a backend loads lazily (phone metadata, a connection) is
 * loaded once per page, so only the first case of a run can see its cost. An agent's first
 * search after the desktop loads must not time out because of it.
 */
export const FIRST_USE_CASES: readonly ContractCase[] = [
  {
    group: 'first use',
    name: 'answers the first calls on a freshly loaded page within the default 1200 ms deadline',
    async run({ backend }) {
      await backend.findCustomers('+1 408 555 0142');
      await createPerson(backend, 'Jordan', 'Ellis', { Context_Mobile_Phone: '408 555 0142' });
    },
  },
];
