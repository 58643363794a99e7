/**
 * The phone engine behind `loadPhoneNormaliser`: libphonenumber-js's core with numbering plans
 * merged in as they load (see scripts/phone-metadata.js for how they are split).
 */
import { parseIncompletePhoneNumber, parsePhoneNumberFromString, type CountryCode, type MetadataJson } from 'libphonenumber-js/core';
import plansIndex from '../generated/phone/index.js';
import type { PhoneNormaliser } from './phone.js';

interface NumberingPlan {
  readonly countries: Record<string, unknown>;
  readonly nonGeographic?: Record<string, unknown>;
}

/** The metadata libphonenumber-js reads: only the calling codes loaded so far. */
const metadata = {
  version: plansIndex.version,
  country_calling_codes: {} as Record<string, string[]>,
  countries: {} as Record<string, unknown>,
  nonGeographic: {} as Record<string, unknown>,
};
const metadataJson = metadata as unknown as MetadataJson;

const loading = new Map<string, Promise<void>>();
const loaded = new Set<string>();

/** Every calling code there is a plan for: countries', and those of no country (+800 freephone…). */
const callingCodes = new Set([...Object.keys(plansIndex.callingCodes), ...plansIndex.nonGeographicCodes]);
const regionCallingCode = new Map<string, string>();
for (const [code, regions] of Object.entries(plansIndex.callingCodes)) {
  for (const region of regions) regionCallingCode.set(region, code);
}

/** A country's numbers longer than this are no phone numbers; a cheap guard before parsing. */
const MAX_RAW_LENGTH = 64;
/** How deep `prepare` walks objects and arrays. */
const MAX_DEPTH = 8;

function loadPlan(code: string): Promise<void> {
  let plan = loading.get(code);
  if (!plan) {
    // A URL beside this module rather than an import bundlers map: builds copy the plans as they
    // are (scripts/build.js), so no table of 215 chunk names ships with the engine.
    const path = `../generated/phone/${code}.js`;
    plan = import(/* @vite-ignore */ new URL(path, import.meta.url).href).then(({ default: module }: { default: NumberingPlan }) => {
      Object.assign(metadata.countries, module.countries);
      Object.assign(metadata.nonGeographic, module.nonGeographic);
      const regions = plansIndex.callingCodes[code];
      if (regions) metadata.country_calling_codes[code] = [...regions];
      loaded.add(code);
    });
    plan.catch(() => loading.delete(code));
    loading.set(code, plan);
  }
  return plan;
}

/** The calling code a number is written with: after `+` or the region's international prefix, else the region's own. */
function callingCodeOf(raw: string, region: Region): string | undefined {
  let digits = parseIncompletePhoneNumber(raw);
  if (digits.startsWith('+')) {
    digits = digits.slice(1);
  } else {
    const international = region.internationalPrefix.exec(digits);
    if (!international) return region.callingCode;
    digits = digits.slice(international[0].length);
  }
  for (let length = 1; length <= 3; length++) {
    const code = digits.slice(0, length);
    if (callingCodes.has(code)) return code;
  }
  return undefined;
}

interface Region {
  readonly id: string;
  readonly callingCode: string;
  /** Dialled before a country code from this region (`011` in North America, `00` in most of Europe). */
  readonly internationalPrefix: RegExp;
}

/** What a region's plan says about dialling out; read once its plan has loaded. */
function regionOf(id: string, callingCode: string): Region {
  const plan = metadata.countries[id] as readonly unknown[] | undefined;
  const prefix = typeof plan?.[1] === 'string' ? plan[1] : undefined;
  return { id, callingCode, internationalPrefix: prefix ? new RegExp(`^(?:${prefix})`) : /^(?!)/ };
}

/**
 * A cheap first look, so that preparing a large import does not parse every id and timestamp: only
 * a string with a plus sign, non-ASCII characters (other scripts' digits), or digits that start
 * with the region's international prefix can carry another calling code than the region's own.
 */
function mayCarryAnotherCode(text: string, region: Region): boolean {
  return text.includes('+') || /[^\x00-\x7f]/.test(text) || region.internationalPrefix.test(text.replace(/\D/g, ''));
}

function collectStrings(value: unknown, into: Set<string>, depth: number): void {
  if (typeof value === 'string') {
    if (value.length <= MAX_RAW_LENGTH && /\p{Nd}/u.test(value)) into.add(value);
  } else if (depth < MAX_DEPTH && value && typeof value === 'object') {
    for (const item of Array.isArray(value) ? value : Object.values(value)) collectStrings(item, into, depth + 1);
  }
}

const normalisers = new Map<string, Promise<PhoneNormaliser>>();

export function normaliserFor(defaultRegion: string): Promise<PhoneNormaliser> {
  const id = defaultRegion.trim().toUpperCase();
  const callingCode = regionCallingCode.get(id);
  if (!callingCode) {
    return Promise.reject(new RangeError(`Unknown phone region "${defaultRegion}": use an ISO 3166 code such as US or GB`));
  }
  let normaliser = normalisers.get(id);
  if (!normaliser) {
    normaliser = loadPlan(callingCode).then(() => createNormaliser(regionOf(id, callingCode)));
    normaliser.catch(() => normalisers.delete(id));
    normalisers.set(id, normaliser);
  }
  return normaliser;
}

const ANY_DIGIT = /\p{Nd}/u;

/**
 * Every decimal digit as its ASCII one: the engine reads ASCII, full-width and Arabic-Indic digits
 * but not, say, Devanagari or Bengali ones. Unicode keeps each script's digits in runs of ten from
 * zero, so a digit's value is its distance from the start of its run, modulo ten.
 */
export function asciiDigits(text: string): string {
  return text.replace(/[^\x00-\x7f]/gu, (character) => {
    if (!ANY_DIGIT.test(character)) return character;
    const point = character.codePointAt(0)!;
    let offset = 0;
    while (offset < 60 && ANY_DIGIT.test(String.fromCodePoint(point - offset - 1))) offset += 1;
    return String(offset % 10);
  });
}

function createNormaliser(region: Region): PhoneNormaliser {
  const country = region.id as CountryCode;
  const codeOf = (raw: string) => callingCodeOf(asciiDigits(raw), region);
  return {
    defaultRegion: region.id,
    async prepare(values) {
      const strings = new Set<string>();
      collectStrings(values, strings, 0);
      const codes = new Set<string>();
      for (const text of strings) {
        if (!mayCarryAnotherCode(text, region)) continue;
        const code = codeOf(text);
        if (code && !loaded.has(code)) codes.add(code);
      }
      await Promise.all([...codes].map(loadPlan));
    },
    toE164(raw) {
      if (raw.length > MAX_RAW_LENGTH || !/\p{Nd}/u.test(raw)) return undefined;
      const code = codeOf(raw);
      if (code === undefined) return undefined;
      if (!loaded.has(code)) throw new Error(`The numbering plan for +${code} is not loaded: prepare the number first`);
      const parsed = parsePhoneNumberFromString(asciiDigits(raw), country, metadataJson);
      return parsed?.isValid() ? parsed.number : undefined;
    },
    format(e164) {
      if (!e164.startsWith('+') || e164.length > MAX_RAW_LENGTH) return e164;
      const code = codeOf(e164);
      if (code === undefined) return e164;
      if (!loaded.has(code)) return undefined;
      return parsePhoneNumberFromString(e164, metadataJson)?.formatInternational() ?? e164;
    },
  };
}

/** The calling codes whose plans are loaded, in the order they loaded: for diagnostics and tests. */
export function loadedCallingCodes(): readonly string[] {
  return [...loaded];
}
