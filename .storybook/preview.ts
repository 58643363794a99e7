import type { Preview } from '@storybook/web-components-vite';
import { setLocale } from '../src/localization.js';
import { rootTokens } from '../src/styles/tokens.js';

// The same page tokens the demo uses, so stories follow the system's light or dark scheme.
if (rootTokens.styleSheet) document.adoptedStyleSheets = [...document.adoptedStyleSheets, rootTokens.styleSheet];

const preview: Preview = {
  // A docs page per element, its API tables read from the custom-elements manifest (custom-elements-manifest.ts).
  tags: ['autodocs'],
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    // Every story is checked by axe; a violation fails the story's accessibility test.
    a11y: { test: 'error' },
  },
  globalTypes: {
    locale: {
      description: 'Language of the text',
      toolbar: {
        title: 'Locale',
        icon: 'globe',
        items: [
          { value: 'en', title: 'English' },
          { value: 'fr', title: 'Français' },
        ],
        dynamicTitle: true,
      },
    },
    theme: {
      description: 'Light or dark',
      toolbar: {
        title: 'Theme',
        icon: 'contrast',
        items: [
          { value: 'auto', title: 'System' },
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
        ],
        dynamicTitle: true,
      },
    },
    direction: {
      description: 'Writing direction',
      toolbar: {
        title: 'Direction',
        icon: 'transfer',
        items: [
          { value: 'ltr', title: 'Left to right' },
          { value: 'rtl', title: 'Right to left' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { locale: 'en', theme: 'auto', direction: 'ltr' },
  // The toolbar applies to the whole page, as a host page would: its locale, color-scheme and dir.
  loaders: [
    async ({ globals }) => {
      const root = document.documentElement;
      root.style.colorScheme = globals['theme'] === 'light' || globals['theme'] === 'dark' ? String(globals['theme']) : 'light dark';
      root.dir = globals['direction'] === 'rtl' ? 'rtl' : 'ltr';
      document.body.style.background = 'var(--cc-color-surface)';
      await setLocale(typeof globals['locale'] === 'string' ? globals['locale'] : 'en');
      return {};
    },
  ],
};

export default preview;
