import { expect } from '@open-wc/testing';
import { BuiltInStore } from '../../src/backend/index.js';
import {
  DEMO_ACTIVITY_TITLES,
  DEMO_CUSTOMER_TIME_ZONE,
  DEMO_IDS,
  DEMO_MOTORCYCLE,
  SANTA_CLARA,
  ensureDemoJourney,
  demoActivityInputs,
  nextWeekdayAt,
  seedDemoJourney,
} from '../../src/demo/journey.js';

function wallClock(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(iso),
  );
}

describe('demo journey', () => {
  let store: BuiltInStore;
  let databaseName: string;
  // A fixed Friday morning after 09:31, so that every activity lies in the past.
  const now = new Date(2026, 10, 20, 11, 0);

  beforeEach(async () => {
    databaseName = `cc-test-journey-${crypto.randomUUID()}`;
    store = await BuiltInStore.open({ databaseName, timeoutMs: 15_000 });
  });

  afterEach(async () => {
    store.close();
    await BuiltInStore.deleteDatabase(databaseName);
  });

  it('never dates an activity in the future, also when the demo first opens before 09:31', () => {
    const early = new Date(2026, 10, 20, 3, 9);
    const times = demoActivityInputs(early).map((input) => Date.parse(input.created!));
    for (const time of times) expect(time).to.be.lessThan(early.getTime());
    expect(times.at(-1)).to.be.greaterThan(new Date(2026, 10, 20, 0, 0).getTime(), 'the proposal still arrived today');
    expect([...times].sort((a, b) => a - b)).to.deep.equal(times);
  });

  it('creates Jordan and Morgan Ellis as written', async () => {
    await seedDemoJourney(store, now);
    const jordan = await store.getCustomer(DEMO_IDS.jordan);
    expect(jordan.dataElements).to.include({
      Context_First_Name: 'Jordan',
      Context_Last_Name: 'Ellis',
      Context_Mobile_Phone: '+14085550142',
      Context_Work_Email: 'jordan.ellis@example.com',
      Context_Street_Address_1: '1200 Harbor Blvd',
      Context_City: 'San Jose',
      Context_State: 'CA',
      Context_ZIP: '95134',
      Context_Preferred_Language: 'en-US',
    });
    expect(jordan.tags).to.deep.equal([DEMO_MOTORCYCLE]);
    const morgan = await store.getCustomer(DEMO_IDS.morgan);
    expect(morgan.dataElements).to.include({
      Context_First_Name: 'Morgan',
      Context_Last_Name: 'Ellis',
      Context_Mobile_Phone: '+16505550199',
      Context_Work_Email: 'morgan.ellis@example.org',
    });
  });

  it('finds both customers by the name Ellis, and Jordan by the number in any format', async () => {
    await seedDemoJourney(store, now);
    const byName = await store.findCustomers('Ellis');
    expect(byName.map((match) => match.customer.id)).to.have.members([DEMO_IDS.jordan, DEMO_IDS.morgan]);
    const byPhone = await store.findCustomers('(408) 555-0142');
    expect(byPhone[0]?.customer.id).to.equal(DEMO_IDS.jordan);
    expect(byPhone[0]?.matchedOn).to.equal('phone');
  });

  it('lists the six activities newest first, with their channels and directions', async () => {
    await seedDemoJourney(store, now);
    const page = await store.listActivities(DEMO_IDS.jordan);
    expect(page.activities.map((activity) => activity.title)).to.deep.equal([...DEMO_ACTIVITY_TITLES].reverse());
    expect(page.activities.map((activity) => activity.mediaType)).to.deep.equal(['sms', 'sms', 'voice', 'chat', 'web', 'event']);
    expect(page.activities.map((activity) => activity.direction)).to.deep.equal([
      'inbound',
      'outbound',
      'inbound',
      'inbound',
      'inbound',
      'inbound',
    ]);
    expect(page.activities.every((activity) => activity.requestId === DEMO_IDS.request)).to.equal(true);
    expect((await store.getRequest(DEMO_IDS.request)).dataElements['Context_Title']).to.equal('Dashboard fault P0562');
  });

  it('times the activities relative to now, in the page time zone', async () => {
    const { activities } = await seedDemoJourney(store, now);
    const local = activities.map((activity) => {
      const date = new Date(activity.created);
      return `${date.getDate()} ${date.getHours()}:${String(date.getMinutes()).padStart(2, '0')}`;
    });
    expect(local).to.deep.equal(['18 8:12', '18 8:20', '18 8:24', '19 17:05', '19 17:09', '20 9:31']);
  });

  it('keeps the texts of the journey as written', async () => {
    await seedDemoJourney(store, now);
    const fault = await store.getActivity(DEMO_IDS.dashboardFault);
    expect(fault.message).to.equal('Low system voltage. Dashboard told the rider to contact Cumulus Customer Service.');
    expect(fault.source).to.equal('Stratus 750 telematics');
    const web = await store.getActivity(DEMO_IDS.serviceLocator);
    expect(web.breadcrumbs).to.deep.equal(['Home', 'Service', 'Find a service center', 'Santa Clara']);
    const call = await store.getActivity(DEMO_IDS.bookingCall);
    expect(call.dataElements['Context_Notes']).to.contain('Booked Sunday 10:00, Santa Clara.');
    const confirmation = await store.getActivity(DEMO_IDS.confirmationSms);
    expect(confirmation.message).to.equal('Cumulus: your service appointment is Sunday 10:00 at Santa Clara.');
  });

  it('finds activity 3 by its fixed id, the POD.ID of the incoming call', async () => {
    await seedDemoJourney(store, now);
    const chat = await store.getActivity(DEMO_IDS.sundayChat);
    expect(chat.title).to.equal('Is Santa Clara open on Sundays?');
    expect(chat.mediaType).to.equal('chat');
    expect(chat.customerId).to.equal(DEMO_IDS.jordan);
  });

  it('gives activity 6 the proposed appointment: Tuesday 16:00 instead of Sunday 10:00, Santa Clara', async () => {
    await seedDemoJourney(store, now);
    const proposal = await store.getActivity(DEMO_IDS.proposalSms);
    expect(proposal.message).to.equal('I have a conflict on Sunday. Could we do Tuesday at 4pm instead?');
    const appointment = proposal.appointment!;
    expect(appointment.status).to.equal('proposed');
    expect(appointment.place).to.equal(SANTA_CLARA);
    expect(appointment.timeZone).to.equal(DEMO_CUSTOMER_TIME_ZONE);
    expect(wallClock(appointment.start, DEMO_CUSTOMER_TIME_ZONE)).to.equal('Tue 16:00');
    expect(wallClock(appointment.replaces!.start, DEMO_CUSTOMER_TIME_ZONE)).to.equal('Sun 10:00');
    expect(appointment.replaces!.place).to.equal(SANTA_CLARA);
    expect(new Date(appointment.start).getTime()).to.be.greaterThan(now.getTime());
  });

  it('seeds on first start only', async () => {
    expect(await ensureDemoJourney(store, now)).to.not.equal(undefined);
    expect(await ensureDemoJourney(store, now)).to.equal(undefined);
    const page = await store.listActivities(DEMO_IDS.jordan);
    expect(page.activities).to.have.length(6);
  });
});

describe('next weekday in the customer time zone', () => {
  it('crosses a daylight-saving change at the right wall time', () => {
    // Friday 6 March 2026 in California; clocks go forward on Sunday 8 March.
    const friday = new Date('2026-03-06T18:00:00Z');
    expect(nextWeekdayAt(friday, 0, 10, 0, 'America/Los_Angeles').toISOString()).to.equal('2026-03-08T17:00:00.000Z');
    expect(nextWeekdayAt(friday, 2, 16, 0, 'America/Los_Angeles').toISOString()).to.equal('2026-03-10T23:00:00.000Z');
  });

  it('never picks today, even when today is that weekday', () => {
    // Tuesday 17 November 2026, 08:00 in California.
    const tuesday = new Date('2026-11-17T16:00:00Z');
    expect(nextWeekdayAt(tuesday, 2, 16, 0, 'America/Los_Angeles').toISOString()).to.equal('2026-11-25T00:00:00.000Z');
  });
});
