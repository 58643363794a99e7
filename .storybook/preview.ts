import type { Preview } from '@storybook/web-components-vite';
import { rootTokens } from '../src/styles/tokens.js';

// The same page tokens the demo uses, so stories follow the system's light or dark scheme.
if (rootTokens.styleSheet) document.adoptedStyleSheets = [...document.adoptedStyleSheets, rootTokens.styleSheet];

const preview: Preview = {
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
  },
};

export default preview;
