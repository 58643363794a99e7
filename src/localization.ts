import { configureLocalization } from '@lit/localize';
import { sourceLocale, targetLocales } from './generated/locale-codes.js';

/** The locales whose text is complete: the source (English) and its translations. */
export const TEXT_LOCALES = [sourceLocale, ...targetLocales] as const;
export type TextLocale = (typeof TEXT_LOCALES)[number];

/** Languages written right to left (ISO 639 codes), for a locale the host names without a `dir`. */
const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ku', 'ps', 'sd', 'ug', 'ur', 'yi']);

// Each translation is its own chunk, fetched only when a page switches to it: French never
// weighs on an English first render.
const LOADERS: Record<Exclude<TextLocale, typeof sourceLocale>, () => Promise<unknown>> = {
  fr: () => import('./generated/locales/fr.js'),
};

const { getLocale, setLocale: setTextLocale } = configureLocalization({
  sourceLocale,
  targetLocales,
  loadLocale: (locale) => LOADERS[locale as keyof typeof LOADERS]() as ReturnType<Parameters<typeof configureLocalization>[0]['loadLocale']>,
});

export { getLocale };

/** The BCP 47 tag in canonical form, or undefined when `tag` is not one. */
export function canonicalLocale(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/** The text locale that serves `tag` best: itself, else its language (`fr-CA` -> `fr`), else English. */
export function textLocaleFor(tag: string | undefined): TextLocale {
  const canonical = tag ? canonicalLocale(tag) : undefined;
  if (!canonical) return sourceLocale;
  const exact = TEXT_LOCALES.find((locale) => locale.toLowerCase() === canonical.toLowerCase());
  if (exact) return exact;
  const language = canonical.split('-')[0]!.toLowerCase();
  return TEXT_LOCALES.find((locale) => locale.split('-')[0]!.toLowerCase() === language) ?? sourceLocale;
}

/** The writing direction of a locale's script. */
export function directionFor(tag: string | undefined): 'ltr' | 'rtl' {
  const canonical = tag ? canonicalLocale(tag) : undefined;
  if (!canonical) return 'ltr';
  const locale = new Intl.Locale(canonical);
  if (locale.script) return locale.script === 'Arab' || locale.script === 'Hebr' || locale.script === 'Thaa' || locale.script === 'Syrc' ? 'rtl' : 'ltr';
  return RTL_LANGUAGES.has(locale.language) ? 'rtl' : 'ltr';
}

/**
 * Switches the text of every localized element on the page to the locale that serves `tag` best
 * (see `textLocaleFor`); resolves once its translations have loaded.
 */
export async function setLocale(tag: string | undefined): Promise<TextLocale> {
  const locale = textLocaleFor(tag);
  if (getLocale() !== locale) await setTextLocale(locale);
  return locale;
}
