// web-test-runner plugin: the packages the tests, sources and stories import, bundled once per run
// (esbuild, code splitting, so each module still has one instance) and served from /__deps__/, as
// Vite pre-bundles an app's dependencies. Without it each test page fetches some 80 package modules
// one by one, a waterfall ten requests deep, and a test file's page took 1.3-4 s to start.
// Sources, tests and stories are still served module by module, as written. Measured on 2 cores
// with the model, layout and diagnostics tests (295 tests, 20 files): 55-57 s, against 64-75 s
// without it. CC_NO_PREBUNDLE=1 turns it off, to compare or to rule it out.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const PREFIX = '/__deps__/';

/** Where the browser-side code lives whose package imports are bundled. */
const SCANNED = ['src', 'test', 'stories', '.storybook'];

function sourceFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'generated' ? [] : sourceFiles(path);
    return /\.(ts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** Whether `source` names a package (not a path, a URL or a Node built-in). */
const isPackage = (source) => /^(@[\w.-]+\/)?[\w][\w.-]*(\/[\w.-]+)*$/.test(source);

/** Every package specifier imported (statically or dynamically, types aside) under SCANNED. */
function packageImports() {
  const found = new Set();
  const pattern = /^(?!\s*(?:import|export)\s+type\b).*?(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"\s]+)['"]/gm;
  for (const file of SCANNED.flatMap((dir) => sourceFiles(join(root, dir)))) {
    for (const [, source] of readFileSync(file, 'utf8').matchAll(pattern)) if (isPackage(source)) found.add(source);
  }
  return [...found].sort();
}

/**
 * chai-a11y-axe loads axe-core (650 KB) by `import()` on the first accessibility check, but its
 * webpack branch, `require('axe-core/axe.min.js')` behind `typeof require === 'function'`, makes
 * a bundler put axe-core in the module every test file loads through @open-wc/testing: each page
 * parsed it, about a third of a second of CPU per file. Without that branch, axe-core is a chunk
 * of its own that only pages which check accessibility load.
 */
const lazyAxe = {
  name: 'lazy-axe',
  setup(build) {
    build.onLoad({ filter: /chai-a11y-axe[\\/]src[\\/]axe-import\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const branch = /\n {2}if \(typeof require === 'function'\) \{[^}]*\}\n/;
      if (!branch.test(source)) throw new Error(`${args.path}: no webpack branch to leave out; check how it loads axe-core`);
      return { contents: source.replace(branch, '\n'), loader: 'js' };
    });
  },
};

/**
 * @param {{ exclude?: string[] }} options packages left to the dev server's own resolution
 * (CommonJS ones, served by commonJsPlugin with their named exports).
 */
export function prebundledDependenciesPlugin({ exclude = [] } = {}) {
  /** @type {Promise<{ entries: Map<string, string>, files: Map<string, string> } | undefined>} */
  let bundle;

  async function bundleAll() {
    const specifiers = packageImports().filter((source) => !exclude.some((name) => source === name || source.startsWith(`${name}/`)));
    // One try per specifier would be slow; one that does not resolve (a package the browser never
    // loads, such as a Node-only one) is left out and the rest bundled again.
    let remaining = specifiers;
    for (let attempt = 0; attempt < 5 && remaining.length; attempt += 1) {
      const names = new Map(remaining.map((source, index) => [source, `p${index}`]));
      try {
        const result = await build({
          absWorkingDir: root,
          entryPoints: Object.fromEntries([...names].map(([source, name]) => [name, source])),
          outdir: join(root, 'node_modules/.cache/wtr-deps'),
          write: false,
          bundle: true,
          splitting: true,
          format: 'esm',
          platform: 'browser',
          target: 'es2022',
          // As the dev server resolves them: Lit's development builds, with their warnings.
          conditions: ['development'],
          chunkNames: 'chunk-[hash]',
          // The dev server's own modules (the test runner's web socket) are not packages.
          external: ['/__*', ...exclude],
          plugins: [lazyAxe],
          logLevel: 'silent',
        });
        const files = new Map(
          result.outputFiles.map((file) => [`${PREFIX}${relative(join(root, 'node_modules/.cache/wtr-deps'), file.path).replaceAll('\\', '/')}`, file.text]),
        );
        const entries = new Map([...names].map(([source, name]) => [source, `${PREFIX}${name}.js`]));
        return { entries, files };
      } catch (error) {
        const unresolved = new Set(
          (error.errors ?? []).flatMap((failure) => remaining.filter((source) => failure.text?.includes(`"${source}"`))),
        );
        if (!unresolved.size) {
          console.warn(`Package modules are served one by one: bundling them failed (${error.message?.split('\n')[0]})`);
          return undefined;
        }
        remaining = remaining.filter((source) => !unresolved.has(source));
      }
    }
    return undefined;
  }

  return {
    name: 'prebundled-dependencies',
    serverStart() {
      bundle = bundleAll();
    },
    async resolveImport({ source, context }) {
      if (!isPackage(source) || context.path.startsWith('/node_modules/')) return undefined;
      const ready = await bundle;
      const served = ready?.entries.get(source);
      // A package the scan missed would load a second copy of what it shares with the bundle.
      if (ready && !served && !exclude.includes(source)) console.warn(`${context.path} imports ${source}, which is not pre-bundled (scripts/wtr-deps-plugin.js)`);
      return served;
    },
    async serve(context) {
      if (!context.path.startsWith(PREFIX)) return undefined;
      const body = (await bundle)?.files.get(context.path);
      return body === undefined ? undefined : { body, type: 'js' };
    },
  };
}
