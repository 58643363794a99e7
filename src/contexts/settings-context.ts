import { createContext } from '@lit/context';

export const THEMES = ['auto', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** What the host page sets on the gadget and every component below it reads. */
export interface GadgetSettings {
  /** Per-operation timeout, 200–15000 ms. */
  readonly timeoutMs: number;
  /** Only in lab mode do delete actions exist. */
  readonly labMode: boolean;
  /** BCP 47 locale for text, dates and numbers; the page's locale when absent. */
  readonly locale?: string;
  readonly theme: Theme;
}

export const DEFAULT_SETTINGS: GadgetSettings = { timeoutMs: 1200, labMode: false, theme: 'auto' };

/** Settings for the components of one gadget; provided by `<cc-customer-context>`. */
export const settingsContext = createContext<GadgetSettings>(Symbol('cc-settings'));
