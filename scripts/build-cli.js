// Builds the cc-layout CLI into dist/cli/cc-layout.js (saxes stays a runtime dependency).
// bin/cc-layout.js runs this file when it exists. Run alone or call buildCli() from the build.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function buildCli() {
  await build({
    absWorkingDir: root,
    entryPoints: ['src/cli/cc-layout.ts'],
    outfile: 'dist/cli/cc-layout.js',
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    legalComments: 'none',
    logLevel: 'warning',
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildCli();
