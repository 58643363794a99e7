// Builds the context server into dist/server: what production runs (`npm run serve`), with no
// TypeScript compiler in the process. `npm run server` keeps tsx for development. Dependencies stay
// runtime dependencies; the numbering plans go beside the bundle, where the phone engine imports
// them from (../generated/phone/<code>.js, relative to its module). Run alone or call buildServer().
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function buildServer() {
  rmSync(`${root}dist/server`, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: { main: 'server/main.ts', ingest: 'server/ingest-cli.ts' },
    outdir: 'dist/server/bin',
    // One file per command, no shared chunks: the phone engine must sit in bin/ for its plans' path.
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  cpSync(`${root}src/generated/phone`, `${root}dist/server/generated/phone`, { recursive: true, filter: (path) => !/\.ts$/.test(path) });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildServer();
