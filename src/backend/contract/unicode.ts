import { deepEqual, equal, ok, show } from './assert.js';
import { createPerson } from './fixtures.js';
import type { ContractCase } from './types.js';

const group = 'emoji and right-to-left text';

/** Hebrew and Arabic names, a name with an emoji ZWJ sequence, and mixed-direction text. */
const HEBREW = { first: 'נועה', last: 'כהן' } as const;
const ARABIC = { first: 'ليلى', last: 'العبدالله' } as const;
const EMOJI = { first: 'Zoë 🎧', last: 'Kowalski 👩🏽‍💻' } as const;
const MIXED = 'Order #42 — הזמנה 42 — طلب ٤٢ ✅';

/** Text from every script survives storage byte for byte and can be searched. */
export const UNICODE_CASES: readonly ContractCase[] = [
  {
    group,
    name: 'names in Hebrew, Arabic and with emoji round-trip exactly',
    async run({ backend }) {
      for (const name of [HEBREW, ARABIC, EMOJI]) {
        const created = await createPerson(backend, name.first, name.last, { Context_Street_Address_1: MIXED });
        const stored = await backend.getCustomer(created.id);
        equal(stored.dataElements['Context_First_Name'], name.first, 'first name read back');
        equal(stored.dataElements['Context_Last_Name'], name.last, 'last name read back');
        equal(stored.dataElements['Context_Street_Address_1'], MIXED, 'mixed-direction address read back');
        deepEqual(stored, created, 'the whole customer read back');
      }
    },
  },
  {
    group,
    name: 'customers with right-to-left or emoji names are found by name',
    async run({ backend }) {
      const hebrew = await createPerson(backend, HEBREW.first, HEBREW.last);
      const arabic = await createPerson(backend, ARABIC.first, ARABIC.last);
      const emoji = await createPerson(backend, EMOJI.first, EMOJI.last);
      const cases: [string, string][] = [
        [HEBREW.last, hebrew.id],
        [`${HEBREW.first} ${HEBREW.last}`, hebrew.id],
        [ARABIC.last, arabic.id],
        [ARABIC.first, arabic.id],
        ['Zoë', emoji.id],
        ['kowalski', emoji.id],
      ];
      for (const [query, id] of cases) {
        const matches = await backend.findCustomers(query);
        ok(
          matches.length === 1 && matches[0]!.customer.id === id && matches[0]!.matchedOn === 'name',
          `findCustomers(${JSON.stringify(query)}) should find exactly customer ${id} by name, got ${show(matches.map((m) => [m.customer.id, m.matchedOn]))}`,
        );
      }
    },
  },
  {
    group,
    name: 'activity text in any script round-trips exactly and is found by a word of it',
    async run({ backend }) {
      const customer = await createPerson(backend, HEBREW.first, HEBREW.last);
      const created = await backend.createActivity({
        customerId: customer.id,
        mediaType: 'chat',
        title: `צ׳אט: ${MIXED}`,
        message: 'مرحبا، أحتاج مساعدة 🙏 with my order',
        tags: ['עדיפות', 'أولوية', '🔥'],
      });
      deepEqual(await backend.getActivity(created.id), created, 'the activity read back');
      for (const text of ['הזמנה', 'مساعدة', 'ORDER']) {
        const page = await backend.listActivities(customer.id, { text });
        deepEqual(
          page.activities.map((activity) => activity.id),
          [created.id],
          `listActivities with text ${JSON.stringify(text)}`,
        );
      }
    },
  },
];
