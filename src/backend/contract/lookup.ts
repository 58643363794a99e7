import type { Customer } from '../../model/index.js';
import type { ContextBackend, CustomerMatch } from '../adapter.js';
import { deepEqual, equal, fail, ok, rejectsWith, show } from './assert.js';
import { ONE_MEGABYTE, createPerson } from './fixtures.js';
import type { ContractCase } from './types.js';

const group = 'customer lookup';

function ids(matches: readonly CustomerMatch[]): string[] {
  return matches.map((match) => match.customer.id);
}

/** The one match for `customer` among `matches`, failing if it is missing or listed twice. */
function matchFor(matches: readonly CustomerMatch[], customer: Customer, query: string): CustomerMatch {
  const found = matches.filter((match) => match.customer.id === customer.id);
  if (found.length !== 1) fail(`findCustomers(${JSON.stringify(query)}) listed customer ${customer.id} ${found.length} times; matches: ${show(ids(matches))}`);
  return found[0]!;
}

function assertRanked(matches: readonly CustomerMatch[], query: string): void {
  for (let index = 1; index < matches.length; index += 1) {
    const before = matches[index - 1]!;
    const after = matches[index]!;
    ok(before.score >= after.score, `findCustomers(${JSON.stringify(query)}) is not sorted by score: ${before.score} before ${after.score}`);
  }
  for (const match of matches) ok(match.score >= 0 && match.score <= 1, `score out of 0–1: ${match.score}`);
}

async function find(backend: ContextBackend, query: string, limit?: number): Promise<readonly CustomerMatch[]> {
  const matches = await backend.findCustomers(query, limit === undefined ? {} : { limit });
  ok(Array.isArray(matches), `findCustomers(${JSON.stringify(query)}) did not return an array: ${show(matches)}`);
  assertRanked(matches, query);
  return matches;
}

/** findCustomers: every key, ranking, and never silently one of several. */
export const LOOKUP_CASES: readonly ContractCase[] = [
  {
    group,
    name: 'stores a phone number written in any format as E.164, and finds it by each format',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis', { Context_Mobile_Phone: '(408) 555-0142' });
      equal(customer.dataElements['Context_Mobile_Phone'], '+14085550142', 'the stored mobile phone');
      for (const query of ['+14085550142', '+1 408 555 0142', '(408) 555-0142', '408.555.0142', '4085550142', '1-408-555-0142', ' 408 555 0142 ']) {
        const match = matchFor(await find(backend, query), customer, query);
        equal(match.matchedOn, 'phone', `matchedOn for ${JSON.stringify(query)}`);
        equal(match.matchedValue, '+14085550142', `matchedValue for ${JSON.stringify(query)}`);
      }
    },
  },
  {
    group,
    name: 'reads national numbers in the configured default region',
    settings: { defaultRegion: 'GB' },
    async run({ backend }) {
      const customer = await createPerson(backend, 'Priya', 'Shah', { Context_Home_Phone: '020 7946 0958' });
      equal(customer.dataElements['Context_Home_Phone'], '+442079460958', 'a London number stored with defaultRegion GB');
      equal(matchFor(await find(backend, '020 7946 0958'), customer, '020 7946 0958').matchedOn, 'phone', 'matchedOn');
    },
  },
  {
    group,
    name: 'a defaultRegion that is no phone region is invalid-input at defaultRegion when the backend is made',
    async run(ctx) {
      for (const defaultRegion of ['XX', 'USA', '1', '']) {
        await rejectsWith('invalid-input', () => ctx.open({ defaultRegion }), `a backend with defaultRegion ${JSON.stringify(defaultRegion)}`, 'defaultRegion');
      }
      const lower = await ctx.open({ defaultRegion: 'gb' });
      const customer = await createPerson(lower, 'Priya', 'Shah', { Context_Home_Phone: '020 7946 0958' });
      equal(customer.dataElements['Context_Home_Phone'], '+442079460958', 'a London number with defaultRegion "gb"');
    },
  },
  {
    group,
    name: 'finds a customer by a changed phone number and no longer by the old one',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis', { Context_Mobile_Phone: '408 555 0142' });
      await backend.updateCustomer(customer.id, { expectedVersion: 1, dataElements: { Context_Mobile_Phone: '408 555 0177' } });
      deepEqual(ids(await find(backend, '408 555 0142')), [], 'matches for the old number');
      deepEqual(ids(await find(backend, '408 555 0177')), [customer.id], 'matches for the new number');
      await backend.updateCustomer(customer.id, { expectedVersion: 2, dataElements: { Context_Mobile_Phone: null } });
      deepEqual(ids(await find(backend, '408 555 0177')), [], 'matches for a removed number');
    },
  },
  {
    group,
    name: 'matches email addresses ignoring case',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis', { Context_Work_Email: 'Jordan.Ellis@Example.com' });
      await createPerson(backend, 'Other', 'Person', { Context_Work_Email: 'someone@example.com' });
      for (const query of ['jordan.ellis@example.com', 'JORDAN.ELLIS@EXAMPLE.COM', 'Jordan.Ellis@Example.com']) {
        const matches = await find(backend, query);
        deepEqual(ids(matches), [customer.id], `matches for ${query}`);
        equal(matches[0]!.matchedOn, 'email', `matchedOn for ${query}`);
      }
    },
  },
  {
    group,
    name: 'finds by last name, full name, any case, and name prefix, exact names ranked above prefixes',
    async run({ backend }) {
      const ellis = await createPerson(backend, 'Jordan', 'Ellis');
      const ellison = await createPerson(backend, 'Mara', 'Ellison');
      await createPerson(backend, 'Sam', 'Okafor');
      for (const query of ['Ellis', 'ellis', 'Jordan Ellis', 'jordan ellis']) {
        const match = matchFor(await find(backend, query), ellis, query);
        equal(match.matchedOn, 'name', `matchedOn for ${query}`);
      }
      deepEqual(ids(await find(backend, 'Jordan Ellis')), [ellis.id], 'matches for the full name "Jordan Ellis"');
      const prefix = await find(backend, 'Elli');
      deepEqual([...ids(prefix)].sort(), [ellis.id, ellison.id].sort(), 'matches for the prefix "Elli"');
      const both = await find(backend, 'Ellis');
      equal(both[0]?.customer.id, ellis.id, 'the exact "Ellis" ranked first, before "Ellison"');
      if (both.length > 1) ok(both[0]!.score > both[1]!.score, `an exact name should score above a prefix: ${show(both.map((m) => m.score))}`);
    },
  },
  {
    group,
    name: 'ranks an exact id first, then the other matches by score',
    async run({ backend }) {
      const byName = await createPerson(backend, 'Riley', 'Morgan');
      const byId = await backend.createCustomer({ id: 'morgan', dataElements: { Context_First_Name: 'Kim', Context_Last_Name: 'Tran' } });
      const matches = await find(backend, 'morgan');
      deepEqual(ids(matches), [byId.id, byName.id], 'matches for "morgan"');
      equal(matches[0]!.matchedOn, 'id', 'matchedOn of the first');
      equal(matches[1]!.matchedOn, 'name', 'matchedOn of the second');
      ok(matches[0]!.score > matches[1]!.score, `an exact id must outscore a name: ${show(matches.map((m) => m.score))}`);
    },
  },
  {
    group,
    name: 'lists a customer matched by several keys once',
    async run({ backend }) {
      await backend.createCustomer({ id: 'ellis', dataElements: { Context_First_Name: 'Ellis', Context_Last_Name: 'Ellis' } });
      const matches = await find(backend, 'ellis');
      deepEqual(ids(matches), ['ellis'], 'matches for "ellis"');
      equal(matches[0]!.matchedOn, 'id', 'the best key wins');
    },
  },
  {
    group,
    name: 'returns every customer sharing a last name, never silently one',
    async run({ backend }) {
      const garcias = [];
      for (const first of ['Ana', 'Luis', 'Marta', 'Diego']) garcias.push(await createPerson(backend, first, 'Garcia'));
      await createPerson(backend, 'Ana', 'Lopez');
      const matches = await find(backend, 'Garcia');
      deepEqual([...ids(matches)].sort(), garcias.map((c) => c.id).sort(), 'matches for "Garcia"');
      for (const match of matches) equal(match.matchedOn, 'name', `matchedOn for ${match.customer.id}`);
      const anas = await find(backend, 'Ana');
      equal(anas.length, 2, 'customers named Ana');
    },
  },
  {
    group,
    name: 'respects limit, defaulting to 20',
    async run({ backend }) {
      for (let index = 0; index < 23; index += 1) await createPerson(backend, `First${index}`, 'Nakamura');
      equal((await find(backend, 'Nakamura')).length, 20, 'matches with the default limit');
      equal((await find(backend, 'Nakamura', 5)).length, 5, 'matches with limit 5');
      equal((await find(backend, 'Nakamura', 200)).length, 23, 'matches with limit 200');
    },
  },
  {
    group,
    name: 'a limit outside 1–200 is invalid-input at limit',
    async run({ backend }) {
      for (const limit of [0, -1, 201, 2.5]) {
        await rejectsWith('invalid-input', () => backend.findCustomers('Garcia', { limit }), `limit ${limit}`, 'limit');
      }
    },
  },
  {
    group,
    name: 'an empty or blank query finds nobody',
    async run({ backend }) {
      await createPerson(backend, 'Jordan', 'Ellis');
      for (const query of ['', '   ', '\t\n']) deepEqual(await find(backend, query), [], `findCustomers(${JSON.stringify(query)})`);
    },
  },
  {
    group,
    name: 'finds by external id, ignoring case',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis', { Context_Customer_External_ID: 'ACME-00042' });
      const matches = await find(backend, 'acme-00042');
      deepEqual(ids(matches), [customer.id], 'matches for the external id');
      equal(matches[0]!.matchedOn, 'externalId', 'matchedOn');
    },
  },
  {
    group,
    name: 'a 1 MB query finds nobody or is invalid-input, within its deadline',
    // Generous, so that a loaded machine cannot fail the case: a backend whose work grows
    // faster than the query's length still times out on 1 MB.
    settings: { timeoutMs: 15_000 },
    async run({ backend }) {
      await createPerson(backend, 'Jordan', 'Ellis');
      try {
        deepEqual(await backend.findCustomers(ONE_MEGABYTE), [], 'findCustomers(1 MB)');
      } catch (error) {
        await rejectsWith('invalid-input', () => Promise.reject(error), 'findCustomers(1 MB)', 'query');
      }
    },
  },
];
