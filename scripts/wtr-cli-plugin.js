// web-test-runner plugins for the layout tools.
// - cliPlugin: the server command `cc-layout`, so browser tests can run the CLI in Node with
//   arguments and stdin and compare it with the library.
// - commonJsPlugin: serves CommonJS packages (saxes) to the browser as ES modules, as Vite's
//   dependency pre-bundling does for the app.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/** Runs `node bin/cc-layout.js …args` with `stdin`; resolves to { stdout, stderr, code }. */
export function runCli({ args = [], stdin = '' } = {}, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    // Always the source under test, never a dist/ left from an earlier build.
    const env = { ...process.env, CC_LAYOUT_FROM_SOURCE: '1' };
    const child = spawn(process.execPath, ['bin/cc-layout.js', ...args], { cwd: root, env, stdio: 'pipe' });
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
