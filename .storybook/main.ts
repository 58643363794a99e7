import type { StorybookConfig } from '@storybook/web-components-vite';
import { phonePlansPlugin } from '../scripts/phone-plans-plugin.js';

const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-a11y'],
  core: { disableTelemetry: true },
  // The phone engine loads numbering plans from beside its chunk (see scripts/phone-plans-plugin.js).
  viteFinal: (viteConfig) => ({ ...viteConfig, plugins: [...(viteConfig.plugins ?? []), phonePlansPlugin()] }),
};

export default config;
