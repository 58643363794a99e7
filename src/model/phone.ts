/**
 * Phone numbers are stored in E.164. Parsing needs libphonenumber-js's metadata (tens of KB), so it
 * is loaded on first use rather than with the first render.
 */
export interface PhoneNormaliser {
  /** ISO 3166 region used for numbers written without a country code. */
  readonly defaultRegion: string;
  /** The number in E.164 (`+14085550142`), or undefined when it is not a valid number. */
  toE164(raw: string): string | undefined;
  /** An international, human-readable form for display (`+1 408 555 0142`). */
  format(e164: string): string;
}

const cache = new Map<string, Promise<PhoneNormaliser>>();

export function loadPhoneNormaliser(defaultRegion: string): Promise<PhoneNormaliser> {
  const region = defaultRegion.trim().toUpperCase();
  let loading = cache.get(region);
  if (!loading) {
    loading = import('libphonenumber-js/min').then(({ parsePhoneNumberFromString, isSupportedCountry }) => {
      if (!isSupportedCountry(region)) {
        throw new RangeError(`Unknown phone region "${defaultRegion}": use an ISO 3166 code such as US or GB`);
      }
      const country = region as Parameters<typeof parsePhoneNumberFromString>[1];
      return {
        defaultRegion: region,
        toE164(raw: string) {
          if (raw.length > 64 || !/\d/.test(raw)) return undefined;
          const parsed = parsePhoneNumberFromString(raw, country);
          return parsed?.isValid() ? parsed.number : undefined;
        },
        format(e164: string) {
          return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
        },
      };
    });
    loading.catch(() => cache.delete(region));
    cache.set(region, loading);
  }
  return loading;
}

/** Whether a query reads like a phone number (digits with the usual separators) rather than a name or id. */
export function looksLikePhone(raw: string): boolean {
  const trimmed = raw.trim();
  return /^\+?[\d\s().\-/]+$/.test(trimmed) && trimmed.replace(/\D/g, '').length >= 5;
}
