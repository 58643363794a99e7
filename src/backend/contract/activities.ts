import type { Activity, ActivityInput, ConflictError } from '../../model/index.js';
import { assertIsoInstant, deepEqual, equal, rejectsWith } from './assert.js';
import { createPerson } from './fixtures.js';
import type { ContractCase } from './types.js';

const group = 'activities';

/** Creating, reading and updating activities (PODs). */
export const ACTIVITY_CASES: readonly ContractCase[] = [
  {
    group,
    name: 'creates an activity at version 1 with Context Service defaults',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      const activity = await backend.createActivity({ customerId: customer.id, title: 'Battery warning' });
      equal(activity.version, 1, 'version');
      equal(activity.customerId, customer.id, 'customerId');
      equal(activity.mediaType, 'event', 'default mediaType');
      equal(activity.direction, 'inbound', 'default direction');
      equal(activity.state, 'active', 'default state');
      deepEqual(activity.fieldsets, ['cisco.base.pod'], 'default field sets');
      assertIsoInstant(activity.created, 'created');
      equal(activity.lastUpdated, activity.created, 'lastUpdated of a new activity');
    },
  },
  {
    group,
    name: 'keeps an internal activity (an agent\'s note) internal',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      const note = await backend.createActivity({ customerId: customer.id, direction: 'internal', title: 'Note', dataElements: { Context_Notes: 'Loaner offered' } });
      equal(note.direction, 'internal', 'direction as created');
      equal((await backend.getActivity(note.id)).direction, 'internal', 'direction as read back');
    },
  },
  {
    group,
    name: 'getActivity finds an activity by id (the POD.ID of a call); an unknown id is not-found',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      const created = await backend.createActivity({
        id: 'pod-7f3a',
        customerId: customer.id,
        mediaType: 'voice',
        title: 'IVR: billing',
        source: 'CVP',
        dataElements: { Context_Notes: 'Asked about the March invoice', Context_POD_Source_Phone: '408 555 0142' },
      });
      equal(created.id, 'pod-7f3a', 'id');
      equal(created.dataElements['Context_POD_Source_Phone'], '+14085550142', 'the source phone in E.164');
      deepEqual(await backend.getActivity('pod-7f3a'), created, 'getActivity');
      await rejectsWith('not-found', () => backend.getActivity('pod-none'), 'getActivity("pod-none")');
    },
  },
  {
    group,
    name: 'an activity for a customer that does not exist is invalid-input at customerId',
    async run({ backend }) {
      await rejectsWith(
        'invalid-input',
        () => backend.createActivity({ id: 'orphan-1', customerId: 'no-such-customer', title: 'Call' }),
        'createActivity for an unknown customer',
        'customerId',
      );
      await rejectsWith('not-found', () => backend.getActivity('orphan-1'), 'the refused activity');
    },
  },
  {
    group,
    name: 'an unknown mediaType is invalid-input at mediaType',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      for (const mediaType of ['fax', 'VOICE', '', 42]) {
        await rejectsWith(
          'invalid-input',
          () => backend.createActivity({ customerId: customer.id, title: 'Call', mediaType } as ActivityInput),
          `mediaType ${JSON.stringify(mediaType)}`,
          'mediaType',
        );
      }
      deepEqual((await backend.listActivities(customer.id)).activities, [], 'activities after refused creates');
    },
  },
  {
    group,
    name: 'creating an activity with an existing id is a conflict',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      const first = await backend.createActivity({ id: 'pod-1', customerId: customer.id, title: 'First' });
      await rejectsWith('conflict', () => backend.createActivity({ id: 'pod-1', customerId: customer.id, title: 'Second' }), 'a second pod-1');
      deepEqual(await backend.getActivity('pod-1'), first, 'pod-1 after the refused duplicate');
    },
  },
  {
    group,
    name: 'update bumps the version, keeps what it does not name, and null clears a property',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      const created = await backend.createActivity({
        customerId: customer.id,
        mediaType: 'sms',
        title: 'Text from customer',
        message: 'Can we move my appointment?',
        source: 'SMS gateway',
        tags: ['reschedule'],
      });
      const updated = await backend.updateActivity(created.id, { expectedVersion: 1, message: null, tags: ['reschedule', 'done'] });
      equal(updated.version, 2, 'version after an update');
      equal(updated.message, undefined, 'message cleared with null');
      equal(updated.title, created.title, 'title kept');
      equal(updated.source, created.source, 'source kept');
      equal(updated.mediaType, 'sms', 'mediaType kept');
      equal(updated.created, created.created, 'created kept');
      deepEqual(updated.tags, ['reschedule', 'done'], 'tags');
      deepEqual(await backend.getActivity(created.id), updated, 'getActivity after the update');
    },
  },
  {
    group,
    name: 'a stale expectedVersion on an activity is a conflict carrying what is stored now',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      const created = await backend.createActivity({ customerId: customer.id, title: 'Call' });
      const winner = await backend.updateActivity(created.id, { expectedVersion: 1, title: 'Call about brakes' });
      const error = await rejectsWith('conflict', () => backend.updateActivity(created.id, { expectedVersion: 1, title: 'Stale' }), 'a stale update');
      deepEqual((error as ConflictError<Activity>).current, winner, 'the conflict error\'s `current`');
    },
  },
  {
    group,
    name: 'a closed activity cannot be updated or reopened (invalid-input at state)',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      const created = await backend.createActivity({ customerId: customer.id, title: 'Call' });
      const closed = await backend.updateActivity(created.id, { expectedVersion: 1, state: 'closed' });
      equal(closed.state, 'closed', 'state after closing');
      await rejectsWith('invalid-input', () => backend.updateActivity(created.id, { expectedVersion: 2, title: 'Changed' }), 'updating a closed activity', 'state');
      await rejectsWith('invalid-input', () => backend.updateActivity(created.id, { expectedVersion: 2, state: 'active' }), 'reopening a closed activity', 'state');
      deepEqual(await backend.getActivity(created.id), closed, 'the closed activity after refused updates');
    },
  },
  {
    group,
    name: 'an activity with a proposed appointment round-trips, and null removes it',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      const created = await backend.createActivity({
        customerId: customer.id,
        mediaType: 'sms',
        title: 'Can we do Thursday instead?',
        appointment: {
          start: '2026-03-12T09:30:00-08:00',
          timeZone: 'America/Los_Angeles',
          place: 'Service centre, San Jose',
          replaces: { start: '2026-03-10T15:00:00-08:00', place: 'Service centre, San Jose' },
        },
      });
      deepEqual(
        created.appointment,
        {
          start: '2026-03-12T17:30:00.000Z',
          timeZone: 'America/Los_Angeles',
          place: 'Service centre, San Jose',
          replaces: { start: '2026-03-10T23:00:00.000Z', place: 'Service centre, San Jose' },
          status: 'proposed',
        },
        'the stored appointment',
      );
      deepEqual(await backend.getActivity(created.id), created, 'getActivity');
      deepEqual((await backend.listActivities(customer.id)).activities[0], created, 'the activity in listActivities');
      const accepted = await backend.updateActivity(created.id, { expectedVersion: 1, appointment: { ...created.appointment!, status: 'accepted' } });
      equal(accepted.appointment?.status, 'accepted', 'status after accepting');
      const cleared = await backend.updateActivity(created.id, { expectedVersion: 2, appointment: null });
      equal(cleared.appointment, undefined, 'appointment after null');
    },
  },
  {
    group,
    name: 'an appointment in an unknown time zone is invalid-input at appointment.timeZone',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      await rejectsWith(
        'invalid-input',
        () =>
          backend.createActivity({
            customerId: customer.id,
            title: 'Thursday?',
            appointment: { start: '2026-03-12T09:30:00-08:00', timeZone: 'Mars/Olympus_Mons' },
          }),
        'time zone Mars/Olympus_Mons',
        'appointment.timeZone',
      );
      await rejectsWith(
        'invalid-input',
        () => backend.createActivity({ customerId: customer.id, title: 'Thursday?', appointment: { start: 'Thursday 9:30' } }),
        'a start that is not an instant',
        'appointment.start',
      );
    },
  },
];
