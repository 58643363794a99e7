import { createPerson } from './fixtures.js';
import type { ContractCase } from './types.js';

/**
 * Registered first on purpose: code a backend loads lazily (phone metadata, a connection) is
 * loaded once per page, so only the first case of a run takes that path. An agent's first search
 * after the desktop loads must work as every later one does; how long it takes is the benchmark's
 * to measure (`npm run bench`), not a test's, which a loaded machine could fail.
 */
export const FIRST_USE_CASES: readonly ContractCase[] = [
  {
    group: 'first use',
    name: 'answers the first calls on a freshly loaded page',
    async run({ backend }) {
      await backend.findCustomers('+1 408 555 0142');
      await createPerson(backend, 'Jordan', 'Ellis', { Context_Mobile_Phone: '408 555 0142' });
    },
  },
];
