// web-test-runner plugins for the layout tools.
// - cliPlugin: the server command `cc-layout`, so browser tests can run the CLI in Node with
//   arguments and stdin and compare it with the library.
// - commonJsPlugin: serves CommonJS packages (saxes) to the browser as ES modules, as Vite's
//   dependency pre-bundling does for the app.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/**
 * The CLI's source bundled once per test run (as bin/cc-layout.js would bundle it on every call),
 * into node_modules/.cache so that its packages resolve: each call then starts in milliseconds.
 */
let bundled;
function cliBundle() {
  bundled ??= (async () => {
    const dir = join(root, 'node_modules', '.cache', 'cc-layout-test');
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, `cc-layout-${process.pid}.mjs`);
    await build({
      absWorkingDir: root,
      entryPoints: ['src/cli/cc-layout.ts'],
      outfile,
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
    });
    process.once('exit', () => rmSync(outfile, { force: true }));
    // What bin/cc-layout.js does once it has the module.
    const runner = join(dir, `run-${process.pid}.mjs`);
    writeFileSync(runner, `const { run } = await import(${JSON.stringify(pathToFileURL(outfile).href)});\nprocess.exitCode = await run(process.argv.slice(2));\n`);
    process.once('exit', () => rmSync(runner, { force: true }));
    return runner;
  })();
  return bundled;
}

/** Runs the CLI (its source, never a dist/ left from an earlier build) with `args` and `stdin`; resolves to { stdout, stderr, code }. */
export async function runCli({ args = [], stdin = '', bin = false } = {}, timeoutMs = 60_000) {
  // `bin`: through bin/cc-layout.js itself, as `npx cc-layout` runs it (bundling on each call).
  const runner = bin ? 'bin/cc-layout.js' : await cliBundle();
  const env = bin ? { ...process.env, CC_LAYOUT_FROM_SOURCE: '1' } : process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [runner, ...args], { cwd: root, env, stdio: 'pipe' });
    const stdout = [];
    const stderr = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        code: code ?? (signal ? 128 : 1),
      });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(stdin, 'utf8');
  });
}

export function cliPlugin() {
  return {
    name: 'cc-layout-cli',
    async executeCommand({ command, payload }) {
      if (command !== 'cc-layout') return undefined;
      return runCli(payload ?? {});
    },
  };
}

export function commonJsPlugin(packages = ['saxes']) {
  const bundles = new Map();
  const entries = packages.map((name) => ({ name, file: require.resolve(name).replaceAll('\\', '/') }));
  return {
    name: 'commonjs-packages',
    async serve(context) {
      const entry = entries.find(({ file }) => context.path.endsWith(file.slice(file.lastIndexOf('/node_modules/'))));
      if (!entry) return undefined;
      if (!bundles.has(entry.name)) {
        const names = Object.keys(require(entry.name)).filter((key) => key !== 'default' && key !== '__esModule');
        bundles.set(
          entry.name,
          build({
            stdin: { contents: `export { ${names.join(', ')} } from ${JSON.stringify(entry.name)};`, resolveDir: root },
            bundle: true,
            format: 'esm',
            platform: 'browser',
            target: 'es2022',
            write: false,
            logLevel: 'silent',
          }).then((result) => result.outputFiles[0].text),
        );
      }
      return { body: await bundles.get(entry.name), type: 'js' };
    },
  };
}
