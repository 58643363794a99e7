import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/web-components-vite';
import type { Plugin } from 'vite';
import { phonePlansPlugin } from '../scripts/phone-plans-plugin.js';

const MANIFEST_MODULE = 'virtual:custom-elements-manifest';

/**
 * The custom-elements manifest as a module (`virtual:custom-elements-manifest`), generated when
 * Storybook first asks for it, so the docs pages read the elements as they are now, built or not.
 */
function customElementsManifestPlugin(): Plugin {
  const resolved = `\0${MANIFEST_MODULE}`;
  return {
    name: 'cc-custom-elements-manifest',
    resolveId: (source) => (source === MANIFEST_MODULE ? resolved : undefined),
    load(id) {
      if (id !== resolved) return undefined;
      execFileSync(process.execPath, ['node_modules/@custom-elements-manifest/analyzer/cem.js', 'analyze', '--quiet', '--config', 'custom-elements-manifest.config.mjs']);
      return `export default ${readFileSync('dist/custom-elements.json', 'utf8')};`;
    },
  };
}

const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-a11y', '@storybook/addon-docs'],
  core: { disableTelemetry: true },
  previewAnnotations: (entries = []) => [...entries, fileURLToPath(new URL('./custom-elements-manifest.ts', import.meta.url))],
  // The phone engine loads numbering plans from beside its chunk (see scripts/phone-plans-plugin.js).
  viteFinal: (viteConfig) => ({ ...viteConfig, plugins: [...(viteConfig.plugins ?? []), phonePlansPlugin(), customElementsManifestPlugin()] }),
};

export default config;
