// The Finesse gadget's bundle (src/gadget.ts), as scripts/build.js ships it in dist/gadget and the
// load benchmark (scripts/bench-load.js) measures it.
import { readFileSync } from 'node:fs';
import { minify } from 'terser';
import { build } from 'vite';
import { trimTimezones } from './chrono-timezones.js';
import { gadgetTextPlugin } from './gadget-text-plugin.js';
import { phonePlansPlugin } from './phone-plans-plugin.js';
import { templateWhitespacePlugin } from './template-whitespace-plugin.js';

/**
 * The gadget's chunks, by what loads them together. Left to itself the bundler makes a chunk of
 * every set of modules two lazy parts share (some 40 files, many under 1 KB), and each file
 * compresses on its own: about 10 KB of the total was that overhead.
 */
const GADGET_CHUNKS = {
  groups: [
    // What the first render needs stays with the entry.
    { name: 'first-render', tags: ['$initial'], priority: 100 },
    // Everything an agent's first look at a customer needs: the parts, the model and their libraries,
    // and the built-in store, which every session of the gadget opens (as its store, or as a shared
    // backend's offline copy): compressed together they weigh 0.5 KB less than apart, in one request.
    {
      name: 'agent',
      priority: 50,
      test: new RegExp(
        [
          /src[\\/](components[\\/](customer-search|customer-summary(?![\\/](duplicate-check|form))|journey-timeline|note-composer|sensitive-value)[\\/]|model[\\/](?!phone-plans|appointment-text)|contexts[\\/])/.source,
          /node_modules[\\/](zod|@lit-labs[\\/]virtualizer|lit-html|lit|@lit|idb-keyval)[\\/]/.source,
          /src[\\/]backend[\\/](idb-|record-rules|operation|lookup|errors)/.source,
        ].join('|'),
      ),
    },
    { name: 'shared-backend', priority: 40, test: /src[\\/]backend[\\/](http-|cached-backend|outbox|shared-backend)/ },
    { name: 'phone', priority: 40, test: /node_modules[\\/]libphonenumber-js[\\/]|src[\\/]model[\\/]phone-plans/ },
    { name: 'screen-pop', priority: 40, test: /node_modules[\\/]chrono-node[\\/]|src[\\/]components[\\/]appointment-pop[\\/]|src[\\/]model[\\/]appointment-text/ },
  ],
};

/**
 * Terser, three passes, over what the bundler's own minifier wrote: each finds what the other
 * leaves, 1.5 KB (min+gzip) less across a Finesse session, most of it in the phone engine and
 * the date reader. Either alone saves next to nothing.
 */
function terserAfterwards() {
  return {
    name: 'terser-afterwards',
    async generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        const { code } = await minify(output.code, { module: true, ecma: 2020, compress: { passes: 3 } });
        if (code === undefined) throw new Error(`terser gave nothing for ${output.fileName}`);
        output.code = code;
      }
    },
  };
}

/** chrono-node's time-zone table with only the zones customers write (scripts/chrono-timezones.js). */
function chronoTimezones() {
  return {
    name: 'chrono-timezones',
    load(id) {
      if (!id.replaceAll('\\', '/').endsWith('/chrono-node/dist/esm/timezone.js')) return null;
      return trimTimezones(readFileSync(id, 'utf8'));
    },
  };
}

/**
 * Vite wraps each lazy import in a helper that also handles CSS, CSP nonces and a
 * `vite:preloadError` event, none of which the gadget has or uses: 0.5 KB min+gzip in the first
 * render. This one keeps what the gadget needs of it, each chunk's dependencies asked for beside
 * it, once each. The build checks that it took the place of Vite's (scripts/build.js).
 */
function smallPreloadHelper() {
  return {
    name: 'small-preload-helper',
    enforce: 'pre',
    load(id) {
      if (!id.endsWith('vite/preload-helper.js')) return null;
      return `const asked = new Set();
export const __vitePreload = (load, deps, importer) => {
  for (const dep of deps || []) {
    const href = new URL(dep, importer).href;
    if (asked.has(href)) continue;
    asked.add(href);
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = href;
    document.head.append(link);
  }
  return load();
};`;
    },
  };
}

/** Builds the gadget; returns its chunks by file name (modules, static and dynamic imports). */
export async function buildGadget(outDir = 'dist/gadget') {
  const graph = new Map();
  const recordChunks = {
    name: 'record-chunks',
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        const { fileName, isEntry, moduleIds, imports, dynamicImports } = output;
        graph.set(fileName, { fileName, isEntry, moduleIds, imports, dynamicImports });
      }
    },
  };
  await build({
    configFile: false,
    logLevel: 'warn',
    base: './',
    plugins: [smallPreloadHelper(), templateWhitespacePlugin(), phonePlansPlugin(), gadgetTextPlugin(), chronoTimezones(), recordChunks, terserAfterwards()],
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      // Vite preloads a lazy chunk's imports beside it; here, only the bundler's runtime needs it. The
      // chunks that load first (the agent's parts, the store) are asked for before anything that
      // imports them, and the rest wait on them anyway: the lists of other chunks' names, in every
      // chunk that loads another, cost an agent in Finesse 0.4 KB for no round trip saved.
      modulePreload: { polyfill: false, resolveDependencies: (_file, deps) => deps.filter((dep) => dep.includes('rolldown-runtime')) },
      rolldownOptions: {
        input: { gadget: 'src/gadget.ts' },
        preserveEntrySignatures: 'allow-extension',
        // Reading the sources' messages takes seconds, on purpose: no need to be told.
        checks: { bundlerTimings: false },
        output: {
          format: 'es',
          minify: true,
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/[name]-[hash].js',
          codeSplitting: GADGET_CHUNKS,
        },
      },
    },
  });
  return graph;
}
