import { expect } from '@open-wc/testing';
import * as fc from 'fast-check';
import * as z from 'zod/mini';
import { BuiltInStore } from '../../src/backend/idb-store.js';
import { seedDemoJourney } from '../../src/demo/journey.js';
import {
  APPOINTMENT_STATUSES,
  CONTRIBUTOR_TYPES,
  DIRECTIONS,
  LIMITS,
  MEDIA_TYPES,
  OBJECT_STATES,
  activitySchema,
  type Activity,
} from '../../src/model/index.js';
import {
  ACTIVITY_EVENT_TYPE,
  CLOUDEVENTS_SPEC_VERSION,
  DEFAULT_ACTIVITY_EVENT_SOURCE,
  activitiesFromCloudEventBatch,
  activitiesFromCloudEvents,
  activitiesFromCloudEventsJson,
  activitiesToCloudEventBatch,
  activityFromCloudEvent,
  activityToCloudEvent,
  parseCloudEvent,
  type ImportedActivity,
} from '../../src/cloudevents/index.js';
import { refused } from './support.js';

const SMS: Activity = {
  id: 'pod-6',
  customerId: 'jordan',
  requestId: 'req-1',
  mediaType: 'sms',
  direction: 'inbound',
  state: 'active',
  title: 'New date proposed',
  message: 'I have a conflict on Sunday. Could we do Tuesday at 4pm instead?',
  appointment: { start: '2024-03-12T23:00:00.000Z', timeZone: 'America/Los_Angeles', place: 'Cumulus Service Center – Santa Clara', status: 'proposed' },
  tags: ['appointment'],
  contributors: [
    { type: 'machine', id: 'sms-gateway' },
    { type: 'user', id: 'agent-7', name: 'Sam Rivera' },
  ],
  fieldsets: ['cisco.base.pod'],
  dataElements: { Context_POD_Source_Phone: '+14085550142' },
  created: '2024-03-10T09:31:00.000Z',
  lastUpdated: '2024-03-10T10:02:00.000Z',
  version: 3,
};

/** What importing an exported activity must give back: its input fields, with its latest contributor. */
function inputOf(activity: Activity): ImportedActivity {
  const { lastUpdated: _lastUpdated, version: _version, contributors, ...fields } = activity;
  const contributor = contributors.at(-1);
  return { ...fields, ...(contributor ? { contributor } : {}) } as ImportedActivity;
}

/** A JSON round trip, as a file or a message would make. */
function overTheWire<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value));
}

describe('CloudEvents: activities', () => {
  describe('export', () => {
    it('maps the activity onto the attributes and puts the rest in data', () => {
      const event = activityToCloudEvent(SMS);
      expect(event).to.deep.equal({
        specversion: CLOUDEVENTS_SPEC_VERSION,
        type: ACTIVITY_EVENT_TYPE,
        source: DEFAULT_ACTIVITY_EVENT_SOURCE,
        id: 'pod-6',
        time: '2024-03-10T09:31:00.000Z',
        subject: 'jordan',
        datacontenttype: 'application/json',
        mediatype: 'sms',
        data: {
          requestId: 'req-1',
          direction: 'inbound',
          state: 'active',
          title: 'New date proposed',
          message: 'I have a conflict on Sunday. Could we do Tuesday at 4pm instead?',
          appointment: SMS.appointment,
          tags: ['appointment'],
          fieldsets: ['cisco.base.pod'],
          dataElements: { Context_POD_Source_Phone: '+14085550142' },
          contributor: { type: 'user', id: 'agent-7', name: 'Sam Rivera' },
        },
      });
    });

    it('writes events that the CloudEvents reader accepts', () => {
      const event = overTheWire(activityToCloudEvent(SMS, { source: 'https://cumulus.example.com/customer-context' }));
      expect(parseCloudEvent(event)).to.deep.equal(event);
    });

    it('leaves out the subject of an activity whose customer is unknown', () => {
      const { customerId: _customerId, ...anonymous } = SMS;
      expect(activityToCloudEvent(anonymous)).not.to.have.property('subject');
    });

    it('refuses a source that is not a URI-reference', () => {
      expect(refused(() => activityToCloudEvent(SMS, { source: 'Cumulus store' })).issueAt('source')).not.to.equal(undefined);
      expect(refused(() => activityToCloudEvent(SMS, { source: '' })).issueAt('source')).not.to.equal(undefined);
    });

    it('exports a batch in order', () => {
      const batch = activitiesToCloudEventBatch([SMS, { ...SMS, id: 'pod-7', mediaType: 'voice' }]);
      expect(batch.map((event) => [event.id, event.mediatype])).to.deep.equal([
        ['pod-6', 'sms'],
        ['pod-7', 'voice'],
      ]);
    });
  });

  describe('import', () => {
    it('gives back the activity input', () => {
      expect(activityFromCloudEvent(overTheWire(activityToCloudEvent(SMS)))).to.deep.equal(inputOf(SMS));
    });

    it('keeps customer text as it is, markup included: it is data, not HTML', () => {
      const title = '<img src=x onerror="alert(1)"> & <b>bold</b>';
      const imported = activityFromCloudEvent(overTheWire(activityToCloudEvent({ ...SMS, title, message: '<script>x()</script>' })));
      expect(imported.title).to.equal(title);
      expect(imported.message).to.equal('<script>x()</script>');
    });

    it('refuses an event of another type with the reason, at its type', () => {
      const error = refused(() => activityFromCloudEvent({ specversion: '1.0', id: 'x', source: '/x', type: 'com.example.order.created', data: { title: 'x' } }));
      expect(error.issues).to.deep.equal([
        { path: 'type', message: `Not an activity event: the type is "com.example.order.created", not "${ACTIVITY_EVENT_TYPE}"` },
      ]);
    });

    it('refuses an event that is not a CloudEvent, at the attribute at fault', () => {
      const { specversion: _specversion, ...unversioned } = activityToCloudEvent(SMS);
      expect(refused(() => activityFromCloudEvent(unversioned)).message).to.equal('specversion: Required');
    });

    it('names the event member of every bad activity field', () => {
      const event = activityToCloudEvent(SMS);
      const error = refused(() =>
        activityFromCloudEvent({
          ...event,
          subject: 'not an id!',
          mediatype: 'fax',
          data: { ...event.data, title: '   ', tags: ['a', 'A'], appointment: { start: 'Tuesday' }, colour: 'red' },
        }),
      );
      expect(error.issueAt('subject')?.message).to.contain('letter or digit');
      expect(error.issueAt('mediatype')?.message).to.contain('chat, email, event, sms');
      expect(error.issueAt('data.title')?.message).to.equal('Must not be empty');
      expect(error.issueAt('data.tags')?.message).to.equal('Tags must be unique');
      expect(error.issueAt('data.appointment.start')).not.to.equal(undefined);
      expect(error.issueAt('data.colour')?.message).to.equal('Unknown property "colour"');
    });

    it('refuses in data what an attribute carries', () => {
      const event = activityToCloudEvent(SMS);
      const error = refused(() => activityFromCloudEvent({ ...event, data: { ...event.data, id: 'other', mediaType: 'chat' } }));
      expect(error.issueAt('data.id')?.message).to.contain('"id" attribute');
      expect(error.issueAt('data.mediaType')?.message).to.contain('"mediatype" attribute');
    });

    it('needs JSON data that is an object', () => {
      const { data: _data, ...withoutData } = activityToCloudEvent(SMS);
      expect(refused(() => activityFromCloudEvent(withoutData)).issues).to.deep.equal([
        { path: 'data', message: 'Required: an activity event carries the activity in its data' },
      ]);
      expect(refused(() => activityFromCloudEvent({ ...withoutData, data: ['x'] })).issueAt('data')).not.to.equal(undefined);
      expect(refused(() => activityFromCloudEvent({ ...withoutData, datacontenttype: 'text/plain', data: 'x' })).issueAt('datacontenttype')).not.to.equal(
        undefined,
      );
    });

    it('reads data sent as Base64 JSON, and refuses Base64 that is not JSON', () => {
      const { data, ...attributes } = activityToCloudEvent(SMS);
      const bytes = new TextEncoder().encode(JSON.stringify(data));
      const data_base64 = btoa(String.fromCharCode(...bytes));
      expect(activityFromCloudEvent({ ...attributes, data_base64 })).to.deep.equal(inputOf(SMS));
      expect(refused(() => activityFromCloudEvent({ ...attributes, data_base64: btoa('not json') })).issueAt('data_base64')).not.to.equal(undefined);
    });

    it('reads Context Service\'s "mobile" as SMS, and a missing media type as an event', () => {
      const { mediatype: _mediatype, ...withoutMediaType } = activityToCloudEvent(SMS);
      expect(activityFromCloudEvent({ ...withoutMediaType, mediatype: 'mobile' }).mediaType).to.equal('sms');
      expect(activityFromCloudEvent(withoutMediaType).mediaType).to.equal('event');
    });

    it('stores the time as a UTC instant, whatever the offset and precision', () => {
      const event = activityToCloudEvent(SMS);
      expect(activityFromCloudEvent({ ...event, time: '2024-03-10T01:31:00.123456-08:00' }).created).to.equal('2024-03-10T09:31:00.123Z');
      expect(refused(() => activityFromCloudEvent({ ...event, time: '0000-01-01T00:30:00+01:00' })).issues).to.deep.equal([
        { path: 'time', message: 'Must fall between the years 0000 and 9999 in UTC' },
      ]);
      const { time: _time, ...untimed } = event;
      expect(activityFromCloudEvent(untimed)).not.to.have.property('created');
    });

    it('takes the defaults of an activity input for what a producer leaves out', () => {
      const imported = activityFromCloudEvent({
        specversion: '1.0',
        type: ACTIVITY_EVENT_TYPE,
        source: 'urn:example:telematics',
        id: 'fault-1',
        mediatype: 'event',
        data: { title: 'Dashboard fault P0562' },
      });
      expect(imported).to.deep.equal({
        id: 'fault-1',
        mediaType: 'event',
        direction: 'inbound',
        state: 'active',
        title: 'Dashboard fault P0562',
        tags: [],
        dataElements: {},
      });
    });

    it('reports every bad event of a batch, each path led by its index', () => {
      const good = activityToCloudEvent(SMS);
      const error = refused(() =>
        activitiesFromCloudEventBatch([good, { ...good, data: { ...good.data, title: '' } }, { ...good, type: 'com.example.other' }]),
      );
      expect(error.issues.map((issue) => issue.path)).to.deep.equal(['1.data.title', '2.type']);
      expect(error.message.startsWith('1.data.title: ')).to.equal(true);
    });

    it('reads a file holding one event or a batch', () => {
      const event = activityToCloudEvent(SMS);
      expect(activitiesFromCloudEventsJson(JSON.stringify(event))).to.deep.equal([inputOf(SMS)]);
      expect(activitiesFromCloudEventsJson(JSON.stringify([event, event]))).to.deep.equal([inputOf(SMS), inputOf(SMS)]);
      expect(activitiesFromCloudEvents([])).to.deep.equal([]);
      expect(refused(() => activitiesFromCloudEventsJson('[{')).message).to.contain('Not JSON');
    });

    it('refuses every event of the conformance corpus: none is an activity', async () => {
      const response = await fetch('/test/fixtures/cloudevents/valid-events.json');
      const corpus = JSON.parse((await response.text()).replace(/^\uFEFF/, '')) as { tests: { event: unknown }[] };
      for (const { event } of corpus.tests) {
        expect(refused(() => activityFromCloudEvent(event)).issues.map((issue) => issue.path)).to.deep.equal(['type']);
      }
    });
  });

  describe('round trip', () => {
    const text = (max: number, min = 0) =>
      fc
        .string({ unit: 'grapheme', maxLength: Math.min(max, 40) })
        .map((value) => value.trim())
        .filter((value) => value.length >= min && value.length <= max);
    const id = fc.oneof(fc.uuid(), fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,30}$/));
    const instant = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2199-12-31T23:59:59Z'), noInvalidDate: true }).map((date) => date.toISOString());
    const optional = <T,>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
    const fieldValue = fc.oneof(
      text(LIMITS.fieldValueLength),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((value) => !Object.is(value, -0)),
      fc.boolean(),
    );

    const activity: fc.Arbitrary<Activity> = fc
      .record({
        id,
        customerId: optional(id),
        requestId: optional(id),
        mediaType: fc.constantFrom(...MEDIA_TYPES),
        direction: fc.constantFrom(...DIRECTIONS),
        state: fc.constantFrom(...OBJECT_STATES),
        title: text(LIMITS.titleLength, 1),
        message: optional(text(LIMITS.fieldValueLength)),
        breadcrumbs: optional(fc.array(text(LIMITS.titleLength, 1), { maxLength: 4 })),
        source: optional(text(LIMITS.titleLength)),
        appointment: optional(
          fc.record(
            {
              start: instant,
              timeZone: fc.constantFrom('America/Los_Angeles', 'Europe/Paris', 'Asia/Kolkata'),
              place: text(LIMITS.titleLength),
              replaces: fc.record({ start: instant, place: text(LIMITS.titleLength) }, { requiredKeys: ['start'] }),
              status: fc.constantFrom(...APPOINTMENT_STATUSES),
            },
            { requiredKeys: ['start', 'status'] },
          ),
        ),
        tags: fc.uniqueArray(text(LIMITS.tagLength, 1), { maxLength: 5, selector: (tag) => tag.toLowerCase() }),
        contributors: fc.array(
          fc.record({ type: fc.constantFrom(...CONTRIBUTOR_TYPES), id: text(LIMITS.idLength, 1), name: text(LIMITS.titleLength) }, { requiredKeys: ['type', 'id'] }),
          { maxLength: 3 },
        ),
        fieldsets: fc.array(fc.constantFrom('cisco.base.pod', 'cumulus.motorcycle', 'x'), { minLength: 1, maxLength: 2 }),
        dataElements: fc.dictionary(fc.stringMatching(/^Context_[A-Za-z_]{1,12}$/), fieldValue, { maxKeys: 4 }),
        created: instant,
        lastUpdated: instant,
        version: fc.integer({ min: 1, max: 1000 }),
      })
      // Optional members left undefined are dropped, as a stored record has none; the schema proves the record valid.
      .map((record) => z.parse(activitySchema, JSON.parse(JSON.stringify(record))) as Activity);

    it('export then import gives back the same activity data', () => {
      fc.assert(
        fc.property(activity, fc.constantFrom(DEFAULT_ACTIVITY_EVENT_SOURCE, 'https://cumulus.example.com/cc', 'urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66'), (original, source) => {
          const event = overTheWire(activityToCloudEvent(original, { source }));
          expect(activityFromCloudEvent(event)).to.deep.equal(inputOf(original));
        }),
        { numRuns: 300 },
      );
    });

    it('a batch export then import gives back every activity, in order', () => {
      fc.assert(
        fc.property(fc.array(activity, { maxLength: 8 }), (activities) => {
          const batch = overTheWire(activitiesToCloudEventBatch(activities));
          expect(activitiesFromCloudEventBatch(batch)).to.deep.equal(activities.map(inputOf));
        }),
        { numRuns: 60 },
      );
    });

    it('moves the demo journey from one built-in store to another unchanged', async () => {
      const names = [`test-${crypto.randomUUID()}`, `test-${crypto.randomUUID()}`];
      const [from, to] = await Promise.all(names.map((databaseName) => BuiltInStore.open({ databaseName, timeoutMs: 15_000 })));
      try {
        const journey = await seedDemoJourney(from!);
        const file = JSON.stringify(activitiesToCloudEventBatch(journey.activities));

        for (const { id: customerId, tags, fieldsets, dataElements, created } of journey.customers) {
          await to!.createCustomer({ id: customerId, tags, fieldsets, dataElements, created });
        }
        const { id: requestId, customerId, fieldsets, dataElements, created } = journey.request;
        await to!.createRequest({ id: requestId, customerId, fieldsets, dataElements, created });
        const moved = [];
        for (const input of activitiesFromCloudEventsJson(file)) moved.push(await to!.createActivity(input));

        expect(moved).to.deep.equal(journey.activities);
      } finally {
        from!.close();
        to!.close();
        for (const name of names) {
          await BuiltInStore.deleteDatabase(name);
          await BuiltInStore.deleteDatabase(`${name}-lab`);
        }
      }
    });
  });
});
