import { msg, str } from '@lit/localize';
import { THEMES, type GadgetSettings, type Theme } from '../../contexts/settings-context.js';
import { canonicalLocale } from '../../localization.js';

/**
 * The timeout range of every backend (`TIMEOUT_RANGE` in backend/operation.ts), repeated here
 * because that module brings the schema library, which the gadget's first render must not load.
 */
export const TIMEOUT_LIMITS = { min: 200, max: 15_000, default: 1200 } as const;

/** The `timeout` attribute: a number when it reads as one, else the text given (which the gadget then refuses, and says so). */
export const timeoutConverter = {
  fromAttribute(value: string | null): unknown {
    if (value === null) return TIMEOUT_LIMITS.default;
    const number = Number(value);
    return value.trim() !== '' && Number.isFinite(number) ? number : value;
  },
};

/** A setting the host gave that the gadget could not use as given, and what it uses instead. */
export type SettingNotice =
  | { readonly setting: 'timeout'; readonly kind: 'clamped'; readonly given: number; readonly used: number }
  | { readonly setting: 'timeout'; readonly kind: 'refused'; readonly given: string; readonly used: number }
  | { readonly setting: 'theme'; readonly kind: 'refused'; readonly given: string; readonly used: Theme }
  | { readonly setting: 'locale'; readonly kind: 'refused'; readonly given: string };

export interface RawSettings {
  readonly timeout: unknown;
  readonly labMode: boolean;
  readonly locale: string | undefined;
  readonly theme: unknown;
}

export interface ResolvedSettings {
  readonly settings: GadgetSettings;
  readonly notices: readonly SettingNotice[];
}

/**
 * The settings the gadget runs with. A timeout outside 200–15000 ms is clamped to the range and a
 * fraction rounded; a timeout that is not a number, an unknown theme or a malformed locale is
 * refused for the default. Each correction comes back as a notice the gadget shows.
 */
export function resolveSettings(raw: RawSettings): ResolvedSettings {
  const notices: SettingNotice[] = [];

  let timeoutMs: number = TIMEOUT_LIMITS.default;
  const timeout = typeof raw.timeout === 'string' && raw.timeout.trim() !== '' ? Number(raw.timeout) : raw.timeout;
  if (typeof timeout === 'number' && Number.isFinite(timeout)) {
    timeoutMs = Math.min(TIMEOUT_LIMITS.max, Math.max(TIMEOUT_LIMITS.min, Math.round(timeout)));
    if (timeoutMs !== Math.round(timeout)) notices.push({ setting: 'timeout', kind: 'clamped', given: timeout, used: timeoutMs });
  } else if (raw.timeout !== undefined && raw.timeout !== null) {
    notices.push({ setting: 'timeout', kind: 'refused', given: String(raw.timeout), used: timeoutMs });
  }

  let theme: Theme = 'auto';
  if ((THEMES as readonly unknown[]).includes(raw.theme)) theme = raw.theme as Theme;
  else if (raw.theme !== undefined && raw.theme !== null && raw.theme !== '') {
    notices.push({ setting: 'theme', kind: 'refused', given: String(raw.theme), used: theme });
  }

  let locale: string | undefined;
  if (raw.locale) {
    locale = canonicalLocale(raw.locale);
    if (!locale) notices.push({ setting: 'locale', kind: 'refused', given: raw.locale });
  }

  return {
    settings: { timeoutMs, labMode: raw.labMode === true, theme, ...(locale ? { locale } : {}) },
    notices,
  };
}

/** What the gadget says about a setting it corrected or refused. */
export function noticeText(notice: SettingNotice): string {
  switch (notice.setting) {
    case 'timeout':
      return notice.kind === 'clamped'
        ? msg(str`Timeout ${notice.given} ms is outside ${TIMEOUT_LIMITS.min}–${TIMEOUT_LIMITS.max} ms; using ${notice.used} ms.`)
        : msg(str`Timeout "${notice.given}" is not a number of milliseconds; using ${notice.used} ms.`);
    case 'theme':
      return msg(str`Theme "${notice.given}" is not auto, light or dark; using auto.`);
    case 'locale':
      return msg(str`Locale "${notice.given}" is not a language tag; using the page's language.`);
  }
}
