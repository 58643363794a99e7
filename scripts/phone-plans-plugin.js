// A Vite plugin that ships the numbering plans (src/generated/phone/*.js) beside a build's chunks,
// as `generated/phone/<code>.js`. The phone engine imports them by a URL relative to its own
// module (`../generated/phone/<code>.js`), so that a page loads only the plans it needs and no
// table of chunk names ships with the engine.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const plansDir = fileURLToPath(new URL('../src/generated/phone/', import.meta.url));

export function phonePlansPlugin() {
  return {
    name: 'customer-context:phone-plans',
    apply: 'build',
    generateBundle() {
      for (const file of readdirSync(plansDir)) {
        if (!/^\d+\.js$/.test(file)) continue;
        this.emitFile({ type: 'asset', fileName: `generated/phone/${file}`, source: readFileSync(join(plansDir, file), 'utf8') });
      }
    },
  };
}
