import { expect } from '@open-wc/testing';
import { findProposedAppointment, instantOfWallTime, proposedAppointmentOf } from '../../src/model/appointment-text.js';
import type { Activity } from '../../src/model/activity.js';

const LA = 'America/Los_Angeles';

function activity(overrides: Partial<Activity>): Activity {
  return {
    id: 'a-1',
    customerId: 'c-1',
    mediaType: 'sms',
    direction: 'inbound',
    state: 'active',
    title: 'New date proposed',
    tags: [],
    contributors: [],
    fieldsets: ['cisco.base.pod'],
    dataElements: {},
    created: '2026-11-20T19:00:00.000Z',
    lastUpdated: '2026-11-20T19:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

describe('appointment-text', () => {
  describe('findProposedAppointment', () => {
    it('reads "Tuesday at 4pm" as the next Tuesday, 16:00 in the customer\'s zone', async () => {
      // Friday 20 November 2026, 11:00 in Los Angeles (PST, UTC-8).
      const found = await findProposedAppointment('Could we do Tuesday at 4pm instead?', { now: new Date('2026-11-20T19:00:00Z'), timeZone: LA });
      expect(found?.start).to.equal('2026-11-25T00:00:00.000Z');
      expect(found?.timeZone).to.equal(LA);
      expect(found?.text).to.match(/Tuesday at 4pm/);
    });

    it('takes the proposed date over the one the message says it replaces', async () => {
      const found = await findProposedAppointment('I have a conflict on Sunday. Could we do Tuesday at 4pm instead?', {
        now: new Date('2026-11-20T19:00:00Z'),
        timeZone: LA,
      });
      expect(found?.start).to.equal('2026-11-25T00:00:00.000Z');
    });

    it('keeps 16:00 on the wall clock across a daylight-saving change', async () => {
      // Thursday 29 October 2026, 10:00 PDT; clocks go back on Sunday 1 November.
      const found = await findProposedAppointment('Could we do Tuesday at 4pm instead?', { now: new Date('2026-10-29T17:00:00Z'), timeZone: LA });
      expect(found?.start).to.equal('2026-11-04T00:00:00.000Z');
      const before = await findProposedAppointment('Could we do Saturday at 4pm?', { now: new Date('2026-10-29T17:00:00Z'), timeZone: LA });
      expect(before?.start).to.equal('2026-10-31T23:00:00.000Z');
    });

    it('resolves in the customer\'s zone, not the page\'s', async () => {
      const found = await findProposedAppointment('Tuesday at 4pm?', { now: new Date('2026-11-20T19:00:00Z'), timeZone: 'Europe/Paris' });
      expect(found?.start).to.equal('2026-11-24T15:00:00.000Z');
    });

    it('returns a proposal in the past as it was said', async () => {
      const now = new Date('2026-11-20T19:00:00Z');
      const found = await findProposedAppointment('Could we have done it yesterday at 4pm?', { now, timeZone: LA });
      expect(found?.start).to.equal('2026-11-20T00:00:00.000Z');
      expect(new Date(found!.start).getTime()).to.be.below(now.getTime());
    });

    it('finds nothing in text with no date, without failing', async () => {
      const now = new Date('2026-11-20T19:00:00Z');
      expect(await findProposedAppointment('Thanks, see you then!', { now, timeZone: LA })).to.equal(undefined);
      expect(await findProposedAppointment('', { now, timeZone: LA })).to.equal(undefined);
      expect(await findProposedAppointment('<img src=x onerror=alert(1)> ????', { now, timeZone: LA })).to.equal(undefined);
    });
  });

  describe('instantOfWallTime', () => {
    it('moves a time skipped by spring-forward an hour later', () => {
      expect(instantOfWallTime({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, LA).toISOString()).to.equal('2026-03-08T10:30:00.000Z');
    });
  });

  describe('proposedAppointmentOf', () => {
    it('prefers the structured appointment to the text', async () => {
      const found = await proposedAppointmentOf(
        activity({
          message: 'Could we do Tuesday at 4pm instead?',
          appointment: { start: '2026-12-01T18:00:00.000Z', timeZone: LA, place: 'Santa Clara', status: 'proposed' },
        }),
        { timeZone: 'UTC' },
      );
      expect(found?.start).to.equal('2026-12-01T18:00:00.000Z');
      expect(found?.timeZone).to.equal(LA);
      expect(found?.place).to.equal('Santa Clara');
    });

    it('reads inbound written channels only, and no settled appointment', async () => {
      const message = 'Could we do Tuesday at 4pm instead?';
      expect(await proposedAppointmentOf(activity({ message }), { timeZone: LA })).to.not.equal(undefined);
      expect(await proposedAppointmentOf(activity({ message, direction: 'outbound' }), { timeZone: LA })).to.equal(undefined);
      expect(await proposedAppointmentOf(activity({ message, mediaType: 'voice' }), { timeZone: LA })).to.equal(undefined);
      expect(
        await proposedAppointmentOf(activity({ message, appointment: { start: '2026-12-01T18:00:00.000Z', status: 'accepted' } }), { timeZone: LA }),
      ).to.equal(undefined);
    });
  });
});
