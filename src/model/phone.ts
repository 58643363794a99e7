/**
 * Phone numbers are stored in E.164. Parsing needs libphonenumber-js and its numbering plans, so
 * both load on first use rather than with the first render, and the plans load one country
 * calling code at a time: the default region's with the normaliser, any other when a number that
 * carries it is prepared (a page that only meets North American numbers never loads the rest).
 */
export interface PhoneNormaliser {
  /** ISO 3166 region used for numbers written without a country code. */
  readonly defaultRegion: string;
  /**
   * Loads the numbering plans the phone-like strings in `values` (a string, or objects and arrays
   * of them, walked to a bounded depth) need. Call it before `toE164` on numbers that may carry
   * another country code than the default region's.
   */
  prepare(values: unknown): Promise<void>;
  /**
   * The number in E.164 (`+14085550142`), or undefined when it is not a valid number. Throws when
   * the number's plan was not prepared: that is a bug in the caller, not bad input.
   */
  toE164(raw: string): string | undefined;
  /**
   * An international, human-readable form for display (`+1 408 555 0142`); what is no number
   * comes back as it is. Undefined while the number's plan is not loaded: `prepare` it.
   */
  format(e164: string): string | undefined;
}

export { DEFAULT_PHONE_REGION } from './phone-region.js';

let engine: Promise<typeof import('./phone-plans.js')> | undefined;

export function loadPhoneNormaliser(defaultRegion: string): Promise<PhoneNormaliser> {
  engine ??= import('./phone-plans.js');
  const loading = engine.then((plans) => plans.normaliserFor(defaultRegion));
  loading.catch(() => undefined);
  return loading;
}

/**
 * Whether a query reads like a phone number (digits of any script, with the usual separators)
 * rather than a name or id: `(408) 555-0142`, `+44 20 7946 0958`, `٠٥٠ ١٢٣ ٤٥٦٧`, `＋１ ４０８…`.
 */
export function looksLikePhone(raw: string): boolean {
  const trimmed = raw.trim();
  return /^[+＋]?[\p{Nd}\s().\-/‐-―]+$/u.test(trimmed) && (trimmed.match(/\p{Nd}/gu)?.length ?? 0) >= 5;
}
