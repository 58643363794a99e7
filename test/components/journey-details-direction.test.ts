/** An activity's details say when it was received, sent or recorded, by its direction. */
import { expect } from '@open-wc/testing';
import { render } from 'lit';
import { renderDetails } from '../../src/components/journey-timeline/details.js';
import { TimelineFormats } from '../../src/components/journey-timeline/dates.js';
import type { Activity } from '../../src/model/activity.js';

const sms = (direction: Activity['direction']): Activity => ({
  id: `a-${direction}`,
  customerId: 'c-1',
  mediaType: 'sms',
  direction,
  state: 'active',
  title: 'Appointment confirmed',
  message: 'See you Tuesday at 9:00.',
  tags: [],
  contributors: [],
  fieldsets: ['cisco.base.pod'],
  dataElements: {},
  created: '2026-11-20T10:00:00.000Z',
  lastUpdated: '2026-11-20T10:00:00.000Z',
  version: 1,
});

/** The details' terms, in order. */
function terms(activity: Activity): string[] {
  const host = document.createElement('div');
  render(renderDetails(activity, new TimelineFormats('en-US')), host);
  return [...host.querySelectorAll('dt')].map((term) => term.textContent?.trim() ?? '');
}

describe('journey details by direction', () => {
  it('says Received for what the customer sent, Sent for what went to them, Recorded for the centre’s own', () => {
    expect(terms(sms('inbound'))[0]).to.equal('Received');
    expect(terms(sms('outbound'))[0]).to.equal('Sent');
    expect(terms(sms('internal'))[0]).to.equal('Recorded');
  });
});
