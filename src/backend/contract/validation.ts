import type { CustomerInput } from '../../model/index.js';
import type { ContextBackend } from '../adapter.js';
import { deepEqual, equal, fail, rejectsWith } from './assert.js';
import { ONE_MEGABYTE, createPerson, person } from './fixtures.js';
import type { ContractCase } from './types.js';

const group = 'validation';

/** The backend finds nobody by any of these queries: proof that a refused write left nothing behind. */
async function assertNobodyFound(backend: ContextBackend, queries: readonly string[]): Promise<void> {
  for (const query of queries) {
    deepEqual(await backend.findCustomers(query), [], `findCustomers(${JSON.stringify(query)}) after a refused write`);
  }
}

/** Inputs the type system would catch, as they arrive from JSON or a JavaScript caller. */
function untyped(input: unknown): CustomerInput {
  return input as CustomerInput;
}

/** Refused input: `invalid-input` naming the field, and nothing stored. */
export const VALIDATION_CASES: readonly ContractCase[] = [
  {
    group,
    name: 'a data element of the wrong type is invalid-input at its path',
    async run({ backend }) {
      await rejectsWith(
        'invalid-input',
        () => backend.createCustomer(untyped({ dataElements: { Context_First_Name: 42, Context_Last_Name: 'Quill' } })),
        'first name 42',
        'dataElements.Context_First_Name',
      );
      await assertNobodyFound(backend, ['Quill']);
    },
  },
  {
    group,
    name: 'a property of the wrong type is invalid-input at its path',
    async run({ backend }) {
      await rejectsWith('invalid-input', () => backend.createCustomer(untyped({ ...person('Ann', 'Quill'), tags: 'vip' })), 'tags "vip"', 'tags');
      await rejectsWith('invalid-input', () => backend.createCustomer(untyped({ dataElements: 'Ann Quill' })), 'dataElements as a string', 'dataElements');
      await rejectsWith('invalid-input', () => backend.createCustomer(untyped(null)), 'createCustomer(null)');
      await assertNobodyFound(backend, ['Quill']);
    },
  },
  {
    group,
    name: 'an expectedVersion that is not a whole number is invalid-input and changes nothing',
    async run({ backend }) {
      const created = await createPerson(backend, 'Ann', 'Quill');
      for (const expectedVersion of ['1', 1.5, 0, undefined]) {
        await rejectsWith(
          'invalid-input',
          () => backend.updateCustomer(created.id, { expectedVersion, tags: ['x'] } as never),
          `updateCustomer with expectedVersion ${JSON.stringify(expectedVersion)}`,
          'expectedVersion',
        );
      }
      deepEqual(await backend.getCustomer(created.id), created, 'the customer after refused updates');
    },
  },
  {
    group,
    name: 'an unknown top-level property is invalid-input naming it, on create and on update',
    async run({ backend }) {
      const error = await rejectsWith(
        'invalid-input',
        () => backend.createCustomer(untyped({ ...person('Ann', 'Quill'), colour: 'blue' })),
        'createCustomer with an unknown property "colour"',
      );
      assertNames(error, 'colour', 'createCustomer with "colour"');
      await assertNobodyFound(backend, ['Quill']);
      const created = await createPerson(backend, 'Bea', 'Quill');
      const updateError = await rejectsWith(
        'invalid-input',
        () => backend.updateCustomer(created.id, { expectedVersion: 1, colour: 'blue' } as never),
        'updateCustomer with "colour"',
      );
      assertNames(updateError, 'colour', 'updateCustomer with "colour"');
      deepEqual(await backend.getCustomer(created.id), created, 'the customer after the refused update');
    },
  },
  {
    group,
    name: 'a data element from no field set of the object is invalid-input',
    async run({ backend }) {
      await rejectsWith(
        'invalid-input',
        () => backend.createCustomer(person('Ann', 'Quill', { Context_Shoe_Size: '9' })),
        'unknown field Context_Shoe_Size',
        'dataElements.Context_Shoe_Size',
      );
      await rejectsWith(
        'invalid-input',
        () => backend.createCustomer({ ...person('Ann', 'Quill'), fieldsets: ['acme.no-such-set'] }),
        'unknown field set',
        'fieldsets',
      );
      await assertNobodyFound(backend, ['Quill']);
    },
  },
  {
    group,
    name: 'a 1 MB string is invalid-input and nothing is stored',
    async run({ backend }) {
      await rejectsWith(
        'invalid-input',
        () => backend.createCustomer(person(ONE_MEGABYTE, 'Quill')),
        'a 1 MB first name',
        'dataElements.Context_First_Name',
      );
      await rejectsWith('invalid-input', () => backend.createCustomer({ ...person('Ann', 'Quill'), tags: [ONE_MEGABYTE] }), 'a 1 MB tag', 'tags');
      await assertNobodyFound(backend, ['Quill', 'Ann']);
    },
  },
  {
    group,
    name: 'a 1 MB activity message or title is invalid-input and nothing is stored',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Ann', 'Quill');
      await rejectsWith(
        'invalid-input',
        () => backend.createActivity({ customerId: customer.id, title: 'Call', message: ONE_MEGABYTE }),
        'a 1 MB message',
        'message',
      );
      await rejectsWith('invalid-input', () => backend.createActivity({ customerId: customer.id, title: ONE_MEGABYTE }), 'a 1 MB title', 'title');
      await rejectsWith(
        'invalid-input',
        () => backend.createActivity({ customerId: customer.id, title: 'Call', dataElements: { Context_Notes: ONE_MEGABYTE } }),
        'a 1 MB note',
        'dataElements.Context_Notes',
      );
      deepEqual((await backend.listActivities(customer.id)).activities, [], 'activities after refused creates');
    },
  },
  {
    group,
    name: 'invalid phone numbers are invalid-input at the phone field',
    async run({ backend }) {
      for (const phone of ['12', 'call me', '555-0142', '+1 555', '+999 123 456 789', '1'.repeat(40), '(408) 555-01422222']) {
        await rejectsWith(
          'invalid-input',
          () => backend.createCustomer(person('Ann', 'Quill', { Context_Mobile_Phone: phone })),
          `mobile phone ${JSON.stringify(phone)}`,
          'dataElements.Context_Mobile_Phone',
        );
      }
      await assertNobodyFound(backend, ['Quill']);
    },
  },
  {
    group,
    name: 'an invalid email address is invalid-input at the email field',
    async run({ backend }) {
      for (const email of ['ann', 'ann@', 'ann quill@example.com', '@example.com']) {
        await rejectsWith(
          'invalid-input',
          () => backend.createCustomer(person('Ann', 'Quill', { Context_Work_Email: email })),
          `work email ${JSON.stringify(email)}`,
          'dataElements.Context_Work_Email',
        );
      }
    },
  },
  {
    group,
    name: 'tags must be unique (ignoring case), non-empty and at most 50 characters',
    async run({ backend }) {
      const cases: [string, string[]][] = [
        ['duplicate tags', ['vip', 'gold', 'vip']],
        ['tags differing only in case', ['VIP', 'vip']],
        ['a 51-character tag', ['t'.repeat(51)]],
        ['an empty tag', ['  ']],
        ['51 tags', Array.from({ length: 51 }, (_, index) => `tag-${index}`)],
      ];
      for (const [what, tags] of cases) {
        await rejectsWith('invalid-input', () => backend.createCustomer({ ...person('Ann', 'Quill'), tags }), what, 'tags');
      }
      const created = await backend.createCustomer({ ...person('Ann', 'Quill'), tags: ['t'.repeat(50)] });
      await rejectsWith(
        'invalid-input',
        () => backend.updateCustomer(created.id, { expectedVersion: 1, tags: ['a', 'A'] }),
        'update with tags differing only in case',
        'tags',
      );
      deepEqual((await backend.getCustomer(created.id)).tags, ['t'.repeat(50)], 'tags after the refused update');
    },
  },
  {
    group,
    name: 'an id that is not a safe key is invalid-input at id',
    async run({ backend }) {
      for (const id of ['', 'has space', '../etc/passwd', 'x'.repeat(129)]) {
        await rejectsWith('invalid-input', () => backend.createCustomer({ ...person('Ann', 'Quill'), id }), `id ${JSON.stringify(id.slice(0, 20))}`, 'id');
      }
      await assertNobodyFound(backend, ['Quill']);
    },
  },
  {
    group,
    name: 'a write refused for one bad field stores none of the good ones',
    async run({ backend }) {
      await rejectsWith(
        'invalid-input',
        () =>
          backend.createCustomer(
            person('Ann', 'Quill', { Context_Work_Email: 'ann.quill@example.com', Context_Home_Phone: '+1 408 555 0199', Context_Mobile_Phone: 'not a phone' }),
          ),
        'a customer with one bad phone',
        'dataElements.Context_Mobile_Phone',
      );
      await assertNobodyFound(backend, ['Quill', 'Ann Quill', 'ann.quill@example.com', '+14085550199']);
    },
  },
  {
    group,
    name: 'an update refused for one bad field changes nothing',
    async run({ backend }) {
      const created = await createPerson(backend, 'Ann', 'Quill');
      await rejectsWith(
        'invalid-input',
        () => backend.updateCustomer(created.id, { expectedVersion: 1, dataElements: { Context_City: 'Reno', Context_Mobile_Phone: '12' } }),
        'an update with one bad phone',
        'dataElements.Context_Mobile_Phone',
      );
      const stored = await backend.getCustomer(created.id);
      equal(stored.version, 1, 'version after a refused update');
      deepEqual(stored, created, 'the customer after a refused update');
    },
  },
];

function assertNames(error: { message: string; issues?: readonly { path: string; message: string }[] }, key: string, what: string): void {
  const named = (error.issues ?? []).some((issue) => issue.path === key || issue.path.endsWith(`.${key}`) || issue.message.includes(key));
  if (!named && !error.message.includes(key)) {
    fail(`${what}: the invalid-input error does not name "${key}" in an issue path or message: ${JSON.stringify(error.issues ?? error.message)}`);
  }
}
