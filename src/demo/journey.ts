import type { ContextBackend } from '../backend/adapter.js';
import type { Activity, ActivityInput, Contributor, Customer, Request } from '../model/index.js';
import { instantOfWallTime, wallTimeIn } from '../model/time-zone.js';

/**
 * The Cumulus Motorcycle demo journey (see docs: journey.md) as data. Ids are fixed so that the
 * simulated host can ring with activity 3's POD.ID and documentation can name them.
 */
export const DEMO_IDS = {
  jordan: '0c5a7e10-4d2b-4f6a-9c31-000000000142',
  morgan: '0c5a7e10-4d2b-4f6a-9c31-000000000199',
  request: '0c5a7e10-4d2b-4f6a-9c31-0000000a0562',
  dashboardFault: '0c5a7e10-4d2b-4f6a-9c31-00000000a001',
  serviceLocator: '0c5a7e10-4d2b-4f6a-9c31-00000000a002',
  sundayChat: '0c5a7e10-4d2b-4f6a-9c31-00000000a003',
  bookingCall: '0c5a7e10-4d2b-4f6a-9c31-00000000a004',
  confirmationSms: '0c5a7e10-4d2b-4f6a-9c31-00000000a005',
  proposalSms: '0c5a7e10-4d2b-4f6a-9c31-00000000a006',
} as const;

/** The six activities' ids, oldest first (activity 1 to 6 of the journey). */
export const DEMO_ACTIVITY_IDS = [
  DEMO_IDS.dashboardFault,
  DEMO_IDS.serviceLocator,
  DEMO_IDS.sundayChat,
  DEMO_IDS.bookingCall,
  DEMO_IDS.confirmationSms,
  DEMO_IDS.proposalSms,
] as const;

export const DEMO_CUSTOMER_TIME_ZONE = 'America/Los_Angeles';
export const SANTA_CLARA = 'Cumulus Service Center – Santa Clara';
export const SAN_JOSE_DOWNTOWN = 'Cumulus Service Center – San Jose Downtown';
/**
 * Kept as a customer tag, verbatim: the base customer field set has no vehicle field, a tag is
 * shown with the customer, and an owner of two motorcycles simply has two tags. The external id
 * stays free for the organisation's CRM key, which identifies the person, not the vehicle.
 */
export const DEMO_MOTORCYCLE = 'Cumulus Stratus 750, VIN 1CUMS750XPA000142';

/** The titles of activities 1 to 6, oldest first. */
export const DEMO_ACTIVITY_TITLES = [
  'Dashboard fault P0562',
  'Service center locator',
  'Is Santa Clara open on Sundays?',
  'Service appointment booked',
  'Appointment confirmed',
  'New date proposed',
] as const;

const SEED_CONTRIBUTOR: Contributor = { type: 'machine', id: 'customer-context-demo', name: 'Customer Context demo' };

export interface DemoJourney {
  readonly customers: readonly [jordan: Customer, morgan: Customer];
  readonly request: Request;
  /** Oldest first, as in journey.md (activity 1 to 6). */
  readonly activities: readonly Activity[];
}

/** `now` moved `daysAgo` days back, at `hours:minutes` local time of the page. */
export function localTimeDaysAgo(now: Date, daysAgo: number, hours: number, minutes: number): Date {
  const date = new Date(now);
  date.setDate(date.getDate() - daysAgo);
  date.setHours(hours, minutes, 0, 0);
  return date;
}

interface WallDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** The instant at which the wall clock in `timeZone` shows `date` `hours:minutes`. */
export function zonedTime(date: WallDate, hours: number, minutes: number, timeZone: string): Date {
  return instantOfWallTime({ ...date, hour: hours, minute: minutes }, timeZone);
}

/**
 * The next `weekday` (0 = Sunday) strictly after today, in `timeZone`, at `hours:minutes` there:
 * a proposal made today is never for today.
 */
export function nextWeekdayAt(now: Date, weekday: number, hours: number, minutes: number, timeZone: string): Date {
  const today = wallTimeIn(now, timeZone);
  const ahead = ((weekday - today.weekday + 7) % 7) || 7;
  const day = new Date(Date.UTC(today.year, today.month - 1, today.day + ahead));
  return zonedTime({ year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() }, hours, minutes, timeZone);
}

/** The journey's activities as inputs, oldest first, timed relative to `now`. */
export function demoActivityInputs(now = new Date()): ActivityInput[] {
  // A demo first opened before 09:31 would show today's message in the future: it then arrived a minute ago.
  const at = (daysAgo: number, hours: number, minutes: number) =>
    new Date(Math.min(localTimeDaysAgo(now, daysAgo, hours, minutes).getTime(), now.getTime() - 60_000)).toISOString();
  const sunday = nextWeekdayAt(now, 0, 10, 0, DEMO_CUSTOMER_TIME_ZONE);
  const tuesday = nextWeekdayAt(now, 2, 16, 0, DEMO_CUSTOMER_TIME_ZONE);
  const common = { customerId: DEMO_IDS.jordan, requestId: DEMO_IDS.request, contributor: SEED_CONTRIBUTOR } as const;
  return [
    {
      ...common,
      id: DEMO_IDS.dashboardFault,
      created: at(2, 8, 12),
      mediaType: 'event',
      direction: 'inbound',
      state: 'closed',
      title: 'Dashboard fault P0562',
      message: 'Low system voltage. Dashboard told the rider to contact Cumulus Customer Service.',
      source: 'Stratus 750 telematics',
      tags: ['IoT'],
    },
    {
      ...common,
      id: DEMO_IDS.serviceLocator,
      created: at(2, 8, 20),
      mediaType: 'web',
      direction: 'inbound',
      state: 'closed',
      title: 'Service center locator',
      breadcrumbs: ['Home', 'Service', 'Find a service center', 'Santa Clara'],
      message: 'Clicked "Schedule Service Appointment".',
    },
    {
      ...common,
      id: DEMO_IDS.sundayChat,
      created: at(2, 8, 24),
      mediaType: 'chat',
      direction: 'inbound',
      state: 'active',
      title: 'Is Santa Clara open on Sundays?',
      message: 'Agent: yes, 9:00–15:00. Customer: "I\'ll call when I\'m ready to book."',
    },
    {
      ...common,
      id: DEMO_IDS.bookingCall,
      created: at(1, 17, 5),
      mediaType: 'voice',
      direction: 'inbound',
      state: 'closed',
      title: 'Service appointment booked',
      dataElements: {
        Context_Notes:
          'Caller +1 408 555 0142. The IVR found the open chat (its POD.ID came with the call). Booked Sunday 10:00, Santa Clara.',
        Context_POD_Activity_Link: DEMO_IDS.sundayChat,
        Context_POD_Source_Phone: '+14085550142',
      },
    },
    {
      ...common,
      id: DEMO_IDS.confirmationSms,
      created: at(1, 17, 9),
      mediaType: 'sms',
      direction: 'outbound',
      state: 'closed',
      title: 'Appointment confirmed',
      message: 'Cumulus: your service appointment is Sunday 10:00 at Santa Clara.',
    },
    {
      ...common,
      id: DEMO_IDS.proposalSms,
      created: at(0, 9, 31),
      mediaType: 'sms',
      direction: 'inbound',
      state: 'active',
      title: 'New date proposed',
      message: 'I have a conflict on Sunday. Could we do Tuesday at 4pm instead?',
      appointment: {
        start: tuesday.toISOString(),
        timeZone: DEMO_CUSTOMER_TIME_ZONE,
        place: SANTA_CLARA,
        replaces: { start: sunday.toISOString(), place: SANTA_CLARA },
        status: 'proposed',
      },
    },
  ];
}

/** Creates the demo journey through the public interface. Fails (conflict) if it is already there. */
export async function seedDemoJourney(backend: ContextBackend, now = new Date()): Promise<DemoJourney> {
  const createdAt = localTimeDaysAgo(now, 2, 8, 0).toISOString();
  const jordan = await backend.createCustomer({
    id: DEMO_IDS.jordan,
    created: createdAt,
    tags: [DEMO_MOTORCYCLE],
    contributor: SEED_CONTRIBUTOR,
    dataElements: {
      Context_First_Name: 'Jordan',
      Context_Last_Name: 'Ellis',
      Context_Mobile_Phone: '+14085550142',
      Context_Work_Email: 'jordan.ellis@example.com',
      Context_Street_Address_1: '1200 Harbor Blvd',
      Context_City: 'San Jose',
      Context_State: 'CA',
      Context_ZIP: '95134',
      Context_Preferred_Language: 'en-US',
    },
  });
  const morgan = await backend.createCustomer({
    id: DEMO_IDS.morgan,
    created: createdAt,
    contributor: SEED_CONTRIBUTOR,
    dataElements: {
      Context_First_Name: 'Morgan',
      Context_Last_Name: 'Ellis',
      Context_Mobile_Phone: '+16505550199',
      Context_Work_Email: 'morgan.ellis@example.org',
    },
  });
  const request = await backend.createRequest({
    id: DEMO_IDS.request,
    customerId: DEMO_IDS.jordan,
    created: localTimeDaysAgo(now, 2, 8, 12).toISOString(),
    contributor: SEED_CONTRIBUTOR,
    dataElements: {
      Context_Title: 'Dashboard fault P0562',
      Context_Description: 'Low system voltage on a Cumulus Stratus 750; service appointment at Santa Clara.',
    },
  });
  const activities: Activity[] = [];
  for (const input of demoActivityInputs(now)) activities.push(await backend.createActivity(input));
  return { customers: [jordan, morgan], request, activities };
}

/** A backend that can say whether it holds anything: the built-in store. */
export interface EmptinessProbe {
  isEmpty(): Promise<boolean>;
}

/** Seeds the demo journey on first start only: an empty store. Returns it when it seeded. */
export async function ensureDemoJourney(
  store: ContextBackend & EmptinessProbe,
  now = new Date(),
): Promise<DemoJourney | undefined> {
  if (!(await store.isEmpty())) return undefined;
  return seedDemoJourney(store, now);
}
