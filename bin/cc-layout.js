#!/usr/bin/env node
// Runs the cc-layout CLI: the built dist/cli/cc-layout.js when present, else the TypeScript
// source bundled in memory with esbuild (a plain `npm ci` checkout has no build).
// CC_LAYOUT_FROM_SOURCE=1 always runs the source.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/cli/cc-layout.js', import.meta.url);
const source = fileURLToPath(new URL('../src/cli/cc-layout.ts', import.meta.url));

async function load() {
  if (!process.env.CC_LAYOUT_FROM_SOURCE && existsSync(fileURLToPath(built))) return import(built.href);
  if (!existsSync(source)) {
    process.stderr.write('cc-layout: dist/cli/cc-layout.js is missing; run `npm run build`.\n');
    process.exit(2);
  }
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [source],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

const { run } = await load();
process.exitCode = await run(process.argv.slice(2));
