import type { Activity } from '../../model/index.js';
import { deepEqual, equal, ok, rejectsWith, show } from './assert.js';
import { allPages, createActivities, createPerson, minutesAfterBase } from './fixtures.js';
import type { ContractCase } from './types.js';

const group = 'journey (listActivities)';

function idsOf(activities: readonly Activity[]): string[] {
  return activities.map((activity) => activity.id);
}

/** A customer's activities: order, paging, and every filter. */
export const JOURNEY_CASES: readonly ContractCase[] = [
  {
    group,
    name: 'lists a customer\'s activities newest first, and only that customer\'s',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      const other = await createPerson(backend, 'Sam', 'Okafor');
      const order = [3, 0, 4, 1, 2];
      const ids = new Map<number, string>();
      for (const minute of order) {
        const activity = await backend.createActivity({ customerId: customer.id, title: `At ${minute}`, created: minutesAfterBase(minute) });
        ids.set(minute, activity.id);
      }
      await backend.createActivity({ customerId: other.id, title: 'Not Jordan\'s', created: minutesAfterBase(10) });
      const page = await backend.listActivities(customer.id);
      deepEqual(idsOf(page.activities), [4, 3, 2, 1, 0].map((minute) => ids.get(minute)), 'activity ids, newest first');
      equal(page.nextCursor, undefined, 'nextCursor of a single page');
    },
  },
  {
    group,
    name: 'pages through 120 activities 50 at a time with no duplicates or gaps',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      const created = await createActivities(backend, customer.id, 120);
      const { ids, cursors } = await allPages(backend, customer.id);
      deepEqual(ids.map((page) => page.length), [50, 50, 20], 'page sizes with the default pageSize');
      ok(typeof cursors[0] === 'string' && typeof cursors[1] === 'string', `nextCursor of the first two pages: ${show(cursors)}`);
      equal(cursors[2], undefined, 'nextCursor of the last page');
      deepEqual(ids.flat(), [...created].reverse(), 'every activity once, newest first, across pages');
    },
  },
  {
    group,
    name: 'pages stably when many activities share the same created time',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      const sameInstant = minutesAfterBase(0);
      const created = await createActivities(backend, customer.id, 30, () => ({ created: sameInstant }));
      const { ids } = await allPages(backend, customer.id, { pageSize: 7 });
      deepEqual(ids.map((page) => page.length), [7, 7, 7, 7, 2], 'page sizes');
      const all = ids.flat();
      equal(new Set(all).size, all.length, 'distinct ids across pages');
      deepEqual([...all].sort(), [...created].sort(), 'the set of activities across pages');
    },
  },
  {
    group,
    name: 'an exact multiple of pageSize ends without an empty extra page promising more',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      await createActivities(backend, customer.id, 10);
      const { ids } = await allPages(backend, customer.id, { pageSize: 5 });
      const sizes = ids.map((page) => page.length);
      ok(
        (sizes.length === 2 && sizes[0] === 5 && sizes[1] === 5) || (sizes.length === 3 && sizes[2] === 0),
        `page sizes for 10 activities, 5 a page: ${show(sizes)}`,
      );
      equal(ids.flat().length, 10, 'activities across pages');
    },
  },
  {
    group,
    name: 'a pageSize outside 1–200 is invalid-input at pageSize',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      for (const pageSize of [0, -5, 201, 2.5]) {
        await rejectsWith('invalid-input', () => backend.listActivities(customer.id, { pageSize }), `pageSize ${pageSize}`, 'pageSize');
      }
      equal((await backend.listActivities(customer.id, { pageSize: 200 })).activities.length, 0, 'pageSize 200 is allowed');
    },
  },
  {
    group,
    name: 'a cursor that was never issued is invalid-input at cursor',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      await createActivities(backend, customer.id, 3);
      await rejectsWith('invalid-input', () => backend.listActivities(customer.id, { cursor: 'not-a-cursor-%%' }), 'a made-up cursor', 'cursor');
    },
  },
  {
    group,
    name: 'filters by media types; an empty list means all',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      const types = ['voice', 'sms', 'email', 'web', 'voice', 'chat', 'sms'] as const;
      const ids = await createActivities(backend, customer.id, types.length, (index) => ({ mediaType: types[index] }));
      const wanted = ids.filter((_, index) => types[index] === 'voice' || types[index] === 'sms').reverse();
      deepEqual(idsOf((await backend.listActivities(customer.id, { mediaTypes: ['voice', 'sms'] })).activities), wanted, 'voice and sms');
      equal((await backend.listActivities(customer.id, { mediaTypes: [] })).activities.length, types.length, 'activities with mediaTypes []');
      deepEqual((await backend.listActivities(customer.id, { mediaTypes: ['video'] })).activities, [], 'video');
      await rejectsWith('invalid-input', () => backend.listActivities(customer.id, { mediaTypes: ['fax' as never] }), 'mediaTypes ["fax"]', 'mediaTypes');
    },
  },
  {
    group,
    name: 'since is inclusive and until exclusive',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      const ids = await createActivities(backend, customer.id, 6);
      const between = await backend.listActivities(customer.id, { since: minutesAfterBase(1), until: minutesAfterBase(4) });
      deepEqual(idsOf(between.activities), [ids[3], ids[2], ids[1]], 'activities from minute 1 up to minute 4');
      const since = await backend.listActivities(customer.id, { since: minutesAfterBase(4) });
      deepEqual(idsOf(since.activities), [ids[5], ids[4]], 'activities since minute 4');
      const offset = new Date(Date.parse(minutesAfterBase(2))).toISOString().replace('Z', '+00:00');
      deepEqual(idsOf((await backend.listActivities(customer.id, { until: offset })).activities), [ids[1], ids[0]], 'until with a +00:00 offset');
      await rejectsWith('invalid-input', () => backend.listActivities(customer.id, { since: 'yesterday' }), 'since "yesterday"', 'since');
    },
  },
  {
    group,
    name: 'text search ignores case, needs every word, and reads title, message, notes, breadcrumbs and source',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      const title = await backend.createActivity({ customerId: customer.id, title: 'Brake FAULT reported', created: minutesAfterBase(0) });
      const message = await backend.createActivity({ customerId: customer.id, title: 'SMS', message: 'my brakes squeal', created: minutesAfterBase(1) });
      const notes = await backend.createActivity({
        customerId: customer.id,
        title: 'Call',
        dataElements: { Context_Notes: 'Customer mentioned Warranty renewal' },
        created: minutesAfterBase(2),
      });
      const crumbs = await backend.createActivity({
        customerId: customer.id,
        mediaType: 'web',
        title: 'Visit',
        breadcrumbs: ['/home', '/service/Warranty'],
        created: minutesAfterBase(3),
      });
      const source = await backend.createActivity({ customerId: customer.id, title: 'Alert', source: 'Telematics unit', created: minutesAfterBase(4) });
      const search = async (text: string) => idsOf((await backend.listActivities(customer.id, { text })).activities);
      deepEqual(await search('brake fault'), [title.id], 'text "brake fault"');
      deepEqual(await search('SQUEAL'), [message.id], 'text "SQUEAL" (in the message)');
      deepEqual(await search('warranty'), [crumbs.id, notes.id], 'text "warranty" (in notes and breadcrumbs)');
      deepEqual(await search('telematics'), [source.id], 'text "telematics" (in the source)');
      deepEqual(await search('brake warranty'), [], 'text "brake warranty" (no activity has both words)');
      equal((await search('   ')).length, 5, 'blank text means no filter');
    },
  },
  {
    group,
    name: 'filters combine with paging',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      const ids = await createActivities(backend, customer.id, 20, (index) => ({ mediaType: index % 2 ? 'voice' : 'chat' }));
      const { ids: pages } = await allPages(backend, customer.id, { mediaTypes: ['voice'], pageSize: 4 });
      deepEqual(pages.map((page) => page.length), [4, 4, 2], 'page sizes of voice activities');
      deepEqual(pages.flat(), ids.filter((_, index) => index % 2).reverse(), 'voice activities across pages');
    },
  },
];
