import { expect } from '@open-wc/testing';
import * as z from 'zod/mini';
import {
  activityInputSchema,
  activityPatchSchema,
  activitySchema,
  parseOrThrow,
  proposedAppointmentSchema,
  splitSourceName,
  timeRangeStart,
  timeZoneSchema,
  InvalidInputError,
  type Activity,
} from '../../src/model/index.js';

const SMS: Activity = {
  id: 'pod-1',
  customerId: 'c-1',
  mediaType: 'sms',
  direction: 'inbound',
  state: 'active',
  title: 'Can we move the service appointment?',
  message: 'Thursday at 3 would suit me better.',
  appointment: { start: '2024-03-14T22:00:00.000Z', timeZone: 'America/Los_Angeles', status: 'proposed' },
  tags: [],
  contributors: [{ type: 'machine', id: 'sms-gateway' }],
  fieldsets: ['cisco.base.pod'],
  dataElements: { Context_POD_Source_Phone: '+14085550142' },
  created: '2024-03-10T09:30:00.000Z',
  lastUpdated: '2024-03-10T09:30:00.000Z',
  version: 1,
};

function refused(schema: z.ZodMiniType, value: unknown): InvalidInputError {
  try {
    parseOrThrow(schema, value);
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error('expected the value to be refused');
}

describe('activity', () => {
  describe('stored schema', () => {
    it('accepts a stored activity as it is', () => {
      expect(z.parse(activitySchema, SMS)).to.deep.equal(SMS);
    });

    it('refuses a wrong media type, direction or an empty title, by path', () => {
      const error = refused(activitySchema, { ...SMS, mediaType: 'mobile', direction: 'sideways', title: '  ' });
      expect(error.issueAt('mediaType')?.message).to.contain('sms');
      expect(error.issueAt('direction')).not.to.equal(undefined);
      expect(error.issueAt('title')?.message).to.equal('Must not be empty');
    });
  });

  describe('input', () => {
    it('defaults to an active inbound event with no tags', () => {
      const parsed = z.parse(activityInputSchema, { title: 'Engine warning light' });
      expect(parsed).to.deep.equal({
        title: 'Engine warning light',
        mediaType: 'event',
        direction: 'inbound',
        state: 'active',
        tags: [],
        dataElements: {},
      });
    });

    it('trims text and bounds titles at 200, messages at 2000 characters', () => {
      expect(z.parse(activityInputSchema, { title: '  Call back ', message: ' Soon \n' })).to.include({ title: 'Call back', message: 'Soon' });
      expect(refused(activityInputSchema, { title: 't'.repeat(201) }).issueAt('title')?.message).to.equal('Must be at most 200 characters');
      expect(refused(activityInputSchema, { title: 't', message: 'm'.repeat(2001) }).issueAt('message')?.message).to.equal(
        'Must be at most 2000 characters',
      );
      expect(z.safeParse(activityInputSchema, { title: 't'.repeat(200), message: 'm'.repeat(2000) }).success).to.equal(true);
    });

    it('bounds breadcrumbs and refuses empty ones', () => {
      expect(z.safeParse(activityInputSchema, { title: 'Web visit', breadcrumbs: ['/home', '/service'] }).success).to.equal(true);
      expect(refused(activityInputSchema, { title: 'Web visit', breadcrumbs: ['/home', ' '] }).issueAt('breadcrumbs.1')).not.to.equal(undefined);
      expect(z.safeParse(activityInputSchema, { title: 'Web visit', breadcrumbs: Array.from({ length: 51 }, (_, i) => `/p${i}`) }).success).to.equal(false);
    });

    it('a patch may clear optional properties with null but not the title', () => {
      expect(z.parse(activityPatchSchema, { expectedVersion: 2, requestId: null, message: null, appointment: null })).to.deep.equal({
        expectedVersion: 2,
        requestId: null,
        message: null,
        appointment: null,
      });
      expect(z.safeParse(activityPatchSchema, { expectedVersion: 2, title: null }).success).to.equal(false);
      expect(z.safeParse(activityPatchSchema, { expectedVersion: 2, mediaType: 'voice' }).success).to.equal(false);
    });
  });

  describe('proposed appointment', () => {
    it('defaults to proposed and stores the start in UTC', () => {
      expect(z.parse(proposedAppointmentSchema, { start: '2024-03-14T15:00:00-07:00', timeZone: 'America/Los_Angeles' })).to.deep.equal({
        start: '2024-03-14T22:00:00.000Z',
        timeZone: 'America/Los_Angeles',
        status: 'proposed',
      });
    });

    it('names what it replaces and refuses unknown statuses', () => {
      const parsed = z.parse(proposedAppointmentSchema, {
        start: '2024-03-14T22:00:00Z',
        status: 'accepted',
        place: ' Main St workshop ',
        replaces: { start: '2024-03-12T17:00:00Z', place: 'Main St workshop' },
      });
      expect(parsed.place).to.equal('Main St workshop');
      expect(parsed.replaces?.start).to.equal('2024-03-12T17:00:00.000Z');
      expect(z.safeParse(proposedAppointmentSchema, { start: '2024-03-14T22:00:00Z', status: 'maybe' }).success).to.equal(false);
      expect(z.safeParse(proposedAppointmentSchema, { start: '2024-03-14 15:00' }).success).to.equal(false);
    });

    it('takes IANA time zones, in their canonical spelling', () => {
      expect(z.parse(timeZoneSchema, 'Europe/London')).to.equal('Europe/London');
      expect(z.parse(timeZoneSchema, 'UTC')).to.equal('UTC');
      expect(z.parse(timeZoneSchema, 'america/los_angeles')).to.equal('America/Los_Angeles');
      for (const zone of ['Mars/Olympus_Mons', 'Pacific Time', '', '+05:30', '-08:00']) {
        expect(z.safeParse(timeZoneSchema, zone).success, zone).to.equal(false);
      }
    });
  });

  describe('time ranges', () => {
    it('start the given span before now, or never for all', () => {
      const now = Date.parse('2024-03-10T12:00:00Z');
      expect(timeRangeStart('all', now)).to.equal(undefined);
      expect(timeRangeStart('24h', now)).to.equal('2024-03-09T12:00:00.000Z');
      expect(timeRangeStart('7d', now)).to.equal('2024-03-03T12:00:00.000Z');
      expect(timeRangeStart('30d', now)).to.equal('2024-02-09T12:00:00.000Z');
    });
  });

  describe('source name', () => {
    it('takes the last word as the last name, the rest as the first', () => {
      expect(splitSourceName('Jordan Ellis')).to.deep.equal({ first: 'Jordan', last: 'Ellis' });
      expect(splitSourceName('  Mary Ann   Smith ')).to.deep.equal({ first: 'Mary Ann', last: 'Smith' });
      expect(splitSourceName('Cher')).to.deep.equal({ last: 'Cher' });
      expect(splitSourceName('   ')).to.deep.equal({});
      expect(splitSourceName('محمد علي')).to.deep.equal({ first: 'محمد', last: 'علي' });
    });
  });
});
