import { MEDIA_TYPES, POD_FIELD_SET, CUSTOMER_FIELD_SET, REQUEST_FIELD_SET } from '../model/index.js';
import type { Activity, Contributor, Customer, DataElements, MediaType, Request } from '../model/index.js';

/**
 * Deterministic synthetic stores for the benchmark and tests. Every object is a pure function of
 * the seed and its index, so a generator can stream a million activities in chunks and a test can
 * ask for customer 4711's phone without building the rest.
 */

export interface SyntheticOptions {
  readonly customers: number;
  readonly activities: number;
  readonly seed?: number;
  /** Activities that all belong to customer 0, the long-history case (default: none). */
  readonly heavyCustomerActivities?: number;
  /** Every `requestEvery`-th customer has one request (default 10). */
  readonly requestEvery?: number;
  /** The instant the data ends at. Fixed by default so output never depends on the clock. */
  readonly now?: Date | string;
  /** Customers were created over this many days before `now` (default 3 years). */
  readonly spanDays?: number;
}

export interface ResolvedSyntheticOptions {
  readonly customers: number;
  readonly activities: number;
  readonly seed: number;
  readonly heavyCustomerActivities: number;
  readonly requestEvery: number;
  readonly nowMs: number;
  readonly spanDays: number;
}

/** The export format's envelope (`storeExportSchema` in backend/transfer.ts). */
export interface SyntheticStoreExport {
  readonly format: 'customer-context';
  readonly version: 1;
  readonly exportedAt: string;
  readonly customers: Customer[];
  readonly requests: Request[];
  readonly activities: Activity[];
}

export type SyntheticChunk =
  | { readonly kind: 'customers'; readonly items: Customer[] }
  | { readonly kind: 'requests'; readonly items: Request[] }
  | { readonly kind: 'activities'; readonly items: Activity[] };

export const SYNTHETIC_NOW = '2026-11-01T12:00:00.000Z';
export const DEFAULT_SYNTHETIC_SEED = 20_261_101;

const DAY_MS = 24 * 3600_000;
const CONTRIBUTORS: readonly Contributor[] = [{ type: 'machine', id: 'synthetic', name: 'Synthetic data' }];

const FIRST_NAMES = [
  'Avery', 'Blake', 'Casey', 'Dana', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jamal',
  'Keiko', 'Liam', 'Maya', 'Noah', 'Olga', 'Priya', 'Quinn', 'Rosa', 'Samir', 'Tara',
  'Umar', 'Vera', 'Wen', 'Ximena', 'Yusuf', 'Zoe', 'André', 'Björn', 'Chloé', 'Dmitri',
] as const;
// No "Ellis": a search for it must find the demo's two customers only.
const LAST_NAMES = [
  'Anderson', 'Brooks', 'Chen', 'Delgado', 'Evans', 'Fischer', 'García', 'Hughes', 'Ibrahim', 'Jensen',
  'Kowalski', 'Lopez', 'Müller', 'Nakamura', 'Okafor', 'Patel', 'Quintero', 'Rossi', 'Schmidt', 'Tanaka',
  'Ueda', 'Varga', 'Williams', 'Xu', 'Yamamoto', 'Zimmerman', 'Novak', 'Silva', 'Kim', 'Haddad',
] as const;
const CITIES = [
  ['San Jose', 'CA', '95112'], ['Santa Clara', 'CA', '95050'], ['Austin', 'TX', '78701'], ['Denver', 'CO', '80202'],
  ['Portland', 'OR', '97201'], ['Chicago', 'IL', '60601'], ['Boston', 'MA', '02108'], ['Miami', 'FL', '33101'],
] as const;
const STREETS = ['Harbor Blvd', 'Main St', 'Oak Ave', 'Mission St', 'Elm Dr', 'Park Way', 'Lake Rd', 'Hill St'] as const;
const LANGUAGES = ['en-US', 'en-US', 'en-US', 'es-US', 'fr-CA', 'de-DE', 'ja-JP'] as const;
const CUSTOMER_TAGS = ['vip', 'warranty', 'fleet', 'new rider'] as const;
const REQUEST_TITLES = ['Battery check', 'Brake service', 'Recall notice', 'Warranty claim', 'Tyre replacement', 'Software update'] as const;

/** US area codes in service (libphonenumber-valid, region US). */
const AREA_CODES = [
  201, 202, 203, 205, 206, 207, 208, 209, 210, 212, 213, 214, 215, 216, 217, 218, 219, 224, 225, 228, 229, 231, 234, 239,
  240, 248, 251, 252, 253, 254, 256, 260, 262, 267, 269, 270, 276, 281, 301, 302, 303, 304, 305, 307, 308, 309, 310, 312,
  313, 314, 315, 316, 317, 318, 319, 320, 321, 323, 325, 330, 331, 334, 336, 337, 339, 347, 351, 352, 360, 361, 385, 386,
  401, 402, 404, 405, 406, 407, 408, 409, 410, 412, 413, 414, 415, 417, 419, 423, 424, 425, 430, 432, 434, 435, 440, 442,
  443, 458, 469, 470, 475, 478, 479, 480, 484, 501, 502, 503, 504, 505, 507, 508, 509, 510, 512, 513, 515, 516, 517, 518,
  520, 530, 531, 540, 541, 551, 559, 561, 562, 563, 567, 570, 571, 573, 574, 575, 580, 585, 586, 601, 602, 603, 605, 606,
  607, 608, 609, 610, 612, 614, 615, 616, 617, 618, 619, 620, 623, 626, 628, 630, 631, 636, 641, 646, 650, 651, 657, 660,
  661, 662, 667, 669, 678, 681, 682, 701, 702, 703, 704, 706, 707, 708, 712, 713, 714, 715, 716, 717, 718, 719, 720, 724,
  725, 727, 731, 732, 734, 737, 740, 747, 754, 757, 760, 762, 763, 765, 769, 770, 772, 773, 774, 775, 779, 781, 785, 786,
  801, 802, 803, 804, 805, 806, 808, 810, 812, 813, 814, 815, 816, 817, 818, 828, 830, 831, 832, 843, 845, 847, 848, 850,
  856, 857, 858, 859, 860, 862, 863, 864, 865, 870, 872, 878, 901, 903, 904, 906, 907, 908, 909, 910, 912, 913, 914, 915,
  916, 917, 918, 919, 920, 925, 928, 929, 931, 936, 937, 940, 941, 947, 949, 951, 952, 954, 956, 970, 971, 972, 973, 978,
  979, 980, 985, 989,
] as const;
/** Exchanges 200–999 without 555 (the demo's fictional numbers) and the N11 service codes. */
const EXCHANGES = Array.from({ length: 800 }, (_, offset) => 200 + offset).filter(
  (exchange) => exchange !== 555 && exchange % 100 !== 11,
);
const PHONE_CAPACITY = AREA_CODES.length * EXCHANGES.length * 10_000;
/** A prime that shares no factor with PHONE_CAPACITY, so `i * PHONE_STRIDE mod capacity` is a bijection. */
const PHONE_STRIDE = 1_000_003;

interface ChannelContent {
  readonly titles: readonly string[];
  readonly messages: readonly string[];
}

const CONTENT: Record<MediaType, ChannelContent> = {
  chat: {
    titles: ['Question about service hours', 'Parts availability', 'Appointment question'],
    messages: ['Customer asked whether the part is in stock.', 'Agent: we are open until 18:00 today.', 'Customer: "Thanks, that helps."'],
  },
  email: {
    titles: ['Invoice copy requested', 'Warranty documents', 'Feedback on last visit'],
    messages: ['Please send me a copy of my last invoice.', 'Attached are the warranty papers you asked for.', 'The service was quick, thank you.'],
  },
  event: {
    titles: ['Dashboard fault P0420', 'Tyre pressure low', 'Service interval reached'],
    messages: ['Telematics reported a fault code.', 'Front tyre below 2.0 bar.', 'Scheduled maintenance is due.'],
  },
  sms: {
    titles: ['Appointment reminder', 'Pick-up ready', 'Reschedule request'],
    messages: ['Reminder: your appointment is tomorrow at 10:00.', 'Your motorcycle is ready for pick-up.', 'Can we move my appointment to Friday?'],
  },
  social: {
    titles: ['Mention on social media', 'Direct message', 'Review posted'],
    messages: ['Great ride today on my new bike!', 'Is the spring tour still on?', 'Four stars for the Santa Clara team.'],
  },
  video: {
    titles: ['Video inspection', 'Remote diagnosis', 'Walk-through call'],
    messages: ['Technician inspected the chain over video.', 'Noise confirmed on the video call.', 'Showed the rider the new dashboard settings.'],
  },
  voice: {
    titles: ['Inbound call', 'Callback', 'Service appointment booked'],
    messages: ['Caller asked about the recall.', 'Returned the customer\'s call about the invoice.', 'Booked a service appointment.'],
  },
  web: {
    titles: ['Service center locator', 'Accessories shop', 'Owner manual download'],
    messages: ['Viewed the opening hours.', 'Added a tank bag to the cart.', 'Downloaded the Stratus 750 manual.'],
  },
};
const BREADCRUMBS = [
  ['Home', 'Service', 'Find a service center'],
  ['Home', 'Shop', 'Accessories'],
  ['Home', 'Owners', 'Manuals'],
] as const;

/** 32-bit avalanche mix of up to three integers (murmur3's finaliser on a running combination). */
function mix(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ b, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ c, 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}

/** mulberry32: a small seeded PRNG, one per object so that objects are independent of order. */
class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

const KIND = { customer: 1, request: 2, activity: 3, assign: 4, created: 5 } as const;

function hex(value: number, digits: number): string {
  return (value >>> 0).toString(16).padStart(8, '0').slice(-digits);
}

/** The seed- and kind-dependent head of a UUID-shaped (version 4, variant 8) id. */
function idPrefix(seed: number, kind: number): string {
  const a = mix(seed, kind, 0x5eed);
  const b = mix(seed, kind, 0xbeef);
  return `${hex(a, 8)}-${hex(b >>> 16, 4)}-4${hex(kind, 3)}-8${hex(b, 3)}-`;
}

/** Unique per kind and index: the index is the id's last 48 bits. */
function syntheticId(prefix: string, index: number): string {
  return `${prefix}${hex(Math.floor(index / 0x1_0000_0000), 4)}${hex(index, 8)}`;
}

export function resolveSyntheticOptions(options: SyntheticOptions): ResolvedSyntheticOptions {
  const count = (value: number, name: string) => {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number ≥ 0, not ${value}`);
    return value;
  };
  const customers = count(options.customers, 'customers');
  const activities = count(options.activities, 'activities');
  const heavyCustomerActivities = Math.min(count(options.heavyCustomerActivities ?? 0, 'heavyCustomerActivities'), activities);
  if (activities > 0 && customers === 0) throw new RangeError('Activities need at least one customer');
  if (customers > PHONE_CAPACITY) throw new RangeError(`At most ${PHONE_CAPACITY} customers have unique phone numbers`);
  const nowMs = new Date(options.now ?? SYNTHETIC_NOW).getTime();
  if (!Number.isFinite(nowMs)) throw new RangeError(`Not a date: ${String(options.now)}`);
  return {
    customers,
    activities,
    seed: (options.seed ?? DEFAULT_SYNTHETIC_SEED) >>> 0,
    heavyCustomerActivities,
    requestEvery: Math.max(1, count(options.requestEvery ?? 10, 'requestEvery')),
    nowMs,
    spanDays: Math.max(1, options.spanDays ?? 3 * 365),
  };
}

/** Random access to every object of one synthetic store. */
export class SyntheticPlan {
  readonly options: ResolvedSyntheticOptions;
  private readonly phoneOffset: number;
  private readonly prefixes: Record<'customer' | 'request' | 'activity', string>;

  constructor(options: SyntheticOptions) {
    this.options = resolveSyntheticOptions(options);
    const { seed } = this.options;
    this.phoneOffset = mix(seed, 7, 7) % PHONE_CAPACITY;
    this.prefixes = {
      customer: idPrefix(seed, KIND.customer),
      request: idPrefix(seed, KIND.request),
      activity: idPrefix(seed, KIND.activity),
    };
  }

  get requestCount(): number {
    return Math.ceil(this.options.customers / this.options.requestEvery);
  }

  customerId(index: number): string {
    return syntheticId(this.prefixes.customer, index);
  }

  requestId(index: number): string {
    return syntheticId(this.prefixes.request, index);
  }

  activityId(index: number): string {
    return syntheticId(this.prefixes.activity, index);
  }

  /** Customer `index`'s mobile phone in E.164; unique across the store. */
  customerPhone(index: number): string {
    const slot = (index * PHONE_STRIDE + this.phoneOffset) % PHONE_CAPACITY;
    const line = slot % 10_000;
    const rest = Math.floor(slot / 10_000);
    const exchange = EXCHANGES[rest % EXCHANGES.length]!;
    const area = AREA_CODES[Math.floor(rest / EXCHANGES.length)]!;
    return `+1${area}${exchange}${String(line).padStart(4, '0')}`;
  }

  customerEmail(index: number): string {
    const random = this.random(KIND.customer, index);
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    return `${ascii(first)}.${ascii(last)}.${index}@example.net`;
  }

  /** When customer `index` was created; the heavy customer (0) is as old as the span. */
  customerCreatedMs(index: number): number {
    const { nowMs, spanDays, heavyCustomerActivities } = this.options;
    if (index === 0 && heavyCustomerActivities > 0) return nowMs - spanDays * DAY_MS;
    const fraction = mix(this.options.seed, KIND.created, index) / 4_294_967_296;
    return Math.floor(nowMs - fraction * spanDays * DAY_MS);
  }

  /** The customer activity `index` belongs to: the heavy customer first, then spread at random. */
  activityCustomerIndex(index: number): number {
    const { customers, heavyCustomerActivities, seed } = this.options;
    if (index < heavyCustomerActivities || customers === 1) return 0;
    const others = heavyCustomerActivities > 0 ? customers - 1 : customers;
    const offset = heavyCustomerActivities > 0 ? 1 : 0;
    return offset + (mix(seed, KIND.assign, index) % others);
  }

  customer(index: number): Customer {
    const random = this.random(KIND.customer, index);
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const [city, state, zip] = random.pick(CITIES);
    const created = new Date(this.customerCreatedMs(index)).toISOString();
    const dataElements: DataElements = {
      Context_First_Name: first,
      Context_Last_Name: last,
      Context_Mobile_Phone: this.customerPhone(index),
      Context_Work_Email: `${ascii(first)}.${ascii(last)}.${index}@example.net`,
      Context_Street_Address_1: `${100 + random.int(9900)} ${random.pick(STREETS)}`,
      Context_City: city,
      Context_State: state,
      Context_ZIP: zip,
      Context_Country: 'US',
      Context_Preferred_Language: random.pick(LANGUAGES),
      Context_Customer_External_ID: `CRM-${String(index).padStart(7, '0')}`,
    };
    const tags = random.next() < 0.2 ? [random.pick(CUSTOMER_TAGS)] : [];
    return {
      id: this.customerId(index),
      state: 'active',
      tags,
      contributors: [...CONTRIBUTORS],
      fieldsets: [CUSTOMER_FIELD_SET],
      dataElements,
      created,
      lastUpdated: created,
      version: 1,
    };
  }

  /** Request `index` belongs to customer `index * requestEvery`. */
  request(index: number): Request {
    const random = this.random(KIND.request, index);
    const customerIndex = index * this.options.requestEvery;
    const created = new Date(this.customerCreatedMs(customerIndex)).toISOString();
    return {
      id: this.requestId(index),
      customerId: this.customerId(customerIndex),
      state: 'active',
      tags: [],
      contributors: [...CONTRIBUTORS],
      fieldsets: [REQUEST_FIELD_SET],
      dataElements: { Context_Title: random.pick(REQUEST_TITLES), Context_Description: 'Synthetic request.' },
      created,
      lastUpdated: created,
      version: 1,
    };
  }

  activity(index: number): Activity {
    const random = this.random(KIND.activity, index);
    const customerIndex = this.activityCustomerIndex(index);
    const { nowMs, requestEvery } = this.options;
    const since = this.customerCreatedMs(customerIndex);
    const createdMs = Math.floor(since + random.next() * (nowMs - since));
    const created = new Date(createdMs).toISOString();
    // Every channel appears among the first eight activities, so small stores cover them all.
    const mediaType = index < MEDIA_TYPES.length ? MEDIA_TYPES[index]! : random.pick(MEDIA_TYPES);
    const content = CONTENT[mediaType];
    const pick = random.int(content.titles.length);
    const activity: Activity = {
      id: this.activityId(index),
      customerId: this.customerId(customerIndex),
      mediaType,
      direction: random.next() < 0.7 ? 'inbound' : 'outbound',
      state: nowMs - createdMs < 2 * DAY_MS ? 'active' : 'closed',
      title: content.titles[pick]!,
      message: content.messages[pick]!,
      tags: [],
      contributors: [...CONTRIBUTORS],
      fieldsets: [POD_FIELD_SET],
      dataElements: {},
      created,
      lastUpdated: created,
      version: 1,
    };
    if (customerIndex % requestEvery === 0 && random.next() < 0.5) activity.requestId = this.requestId(customerIndex / requestEvery);
    if (mediaType === 'web') activity.breadcrumbs = [...random.pick(BREADCRUMBS)];
    if (mediaType === 'event') activity.source = 'Stratus 750 telematics';
    if (mediaType === 'voice') activity.dataElements = { Context_Notes: `Call ${index}: ${content.messages[pick]!}` };
    return activity;
  }

  private random(kind: number, index: number): Random {
    return new Random(mix(this.options.seed, kind, index));
  }
}

const ASCII_NAMES = new Map<string, string>(
  [...FIRST_NAMES, ...LAST_NAMES].map((name) => [
    name,
    name
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z]/g, ''),
  ]),
);

/** A name as it may appear in an email address ("García" -> "garcia"). */
function ascii(name: string): string {
  return ASCII_NAMES.get(name) ?? name.toLowerCase();
}

/**
 * Yields the store in chunks of at most `chunkSize` objects: customers, then requests, then
 * activities, so a caller can import or serialise a million activities without holding them all.
 */
export function* syntheticChunks(options: SyntheticOptions, chunkSize = 10_000): Generator<SyntheticChunk> {
  const plan = new SyntheticPlan(options);
  const size = Math.max(1, Math.floor(chunkSize));
  for (let start = 0; start < plan.options.customers; start += size) {
    const end = Math.min(plan.options.customers, start + size);
    yield { kind: 'customers', items: range(start, end, (index) => plan.customer(index)) };
  }
  for (let start = 0; start < plan.requestCount; start += size) {
    const end = Math.min(plan.requestCount, start + size);
    yield { kind: 'requests', items: range(start, end, (index) => plan.request(index)) };
  }
  for (let start = 0; start < plan.options.activities; start += size) {
    const end = Math.min(plan.options.activities, start + size);
    yield { kind: 'activities', items: range(start, end, (index) => plan.activity(index)) };
  }
}

function range<T>(start: number, end: number, make: (index: number) => T): T[] {
  const items = new Array<T>(end - start);
  for (let index = start; index < end; index += 1) items[index - start] = make(index);
  return items;
}

/** The whole store as one export document, e.g. `generateSyntheticStore({ customers: 1000, activities: 10_000 })`. */
export function generateSyntheticStore(options: SyntheticOptions): SyntheticStoreExport {
  const plan = new SyntheticPlan(options);
  const customers: Customer[] = [];
  const requests: Request[] = [];
  const activities: Activity[] = [];
  for (const chunk of syntheticChunks(options)) {
    // push(...items) would overflow the stack for large chunks.
    const target: unknown[] = chunk.kind === 'customers' ? customers : chunk.kind === 'requests' ? requests : activities;
    for (const item of chunk.items) target.push(item);
  }
  return {
    format: 'customer-context',
    version: 1,
    exportedAt: new Date(plan.options.nowMs).toISOString(),
    customers,
    requests,
    activities,
  };
}
