// Builds (a) the library as ES modules with type declarations in dist/lib, (b) the demo page in
// dist/demo and (c) the Finesse gadget bundle in dist/gadget, then prints the gadget's size
// (minified + gzip) against its budgets.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { phonePlansPlugin } from './phone-plans-plugin.js';

const BUDGET_FIRST_RENDER_KB = 30;
const BUDGET_TOTAL_KB = 80;
const DEPENDENCIES = Object.keys(JSON.parse(readFileSync('package.json', 'utf8')).dependencies ?? {});

const isDependency = (id) => DEPENDENCIES.some((name) => id === name || id.startsWith(`${name}/`));

async function buildLibrary() {
  const entry = { index: 'src/index.ts' };
  if (existsSync('src/backend/contract.ts')) entry['backend/contract'] = 'src/backend/contract.ts';
  await build({
    configFile: false,
    logLevel: 'warn',
    plugins: [phonePlansPlugin()],
    build: {
      outDir: 'dist/lib',
      emptyOutDir: true,
      target: 'es2022',
      minify: false,
      sourcemap: true,
      lib: { entry, formats: ['es'] },
      rolldownOptions: {
        external: isDependency,
        // One file per source module, so consumers' bundlers tree-shake and lazy imports stay lazy.
        output: { preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js' },
      },
    },
  });
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}

async function buildDemo() {
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
}

async function buildGadget() {
  await build({
    configFile: false,
    logLevel: 'warn',
    base: './',
    plugins: [phonePlansPlugin()],
    build: {
      outDir: 'dist/gadget',
      emptyOutDir: true,
      target: 'es2022',
      manifest: true,
      modulePreload: { polyfill: false },
      rolldownOptions: {
        input: { gadget: 'src/gadget.ts' },
        preserveEntrySignatures: 'exports-only',
        output: {
          format: 'es',
          minify: true,
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/[name]-[hash].js',
        },
      },
    },
  });
}

function gzipKb(file) {
  return gzipSync(readFileSync(file), { level: 9 }).length / 1024;
}

function jsFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The gadget's JS: before first render (the entry and its static imports), by part, and in total. */
function gadgetSizes() {
  const dir = 'dist/gadget';
  const manifest = JSON.parse(readFileSync(join(dir, '.vite/manifest.json'), 'utf8'));
  const [entryKey] = Object.entries(manifest).find(([, chunk]) => chunk.isEntry) ?? [];
  if (!entryKey) throw new Error('The gadget build has no entry in its manifest');
  /** Chunk files reachable from `key`, through static imports (and dynamic ones if asked), never entering `skip`. */
  const reach = (key, { dynamic, skip = () => false }, into = new Set()) => {
    const chunk = manifest[key];
    if (!chunk || skip(key) || into.has(chunk.file)) return into;
    into.add(chunk.file);
    for (const imported of chunk.imports ?? []) reach(imported, { dynamic, skip }, into);
    if (dynamic) for (const imported of chunk.dynamicImports ?? []) reach(imported, { dynamic, skip }, into);
    return into;
  };
  const without = (files, others) => [...files].filter((file) => !others.has(file));
  const sum = (files) => [...files].reduce((total, file) => total + gzipKb(join(dir, file)), 0);
  const isStore = (key) => key.startsWith('src/backend/');
  const isFrench = (key) => key.startsWith('src/generated/locales/');
  const code = jsFiles(dir).filter((file) => !relative(dir, file).startsWith('generated/'));
  const plans = jsFiles(join(dir, 'generated/phone')).map((file) => gzipKb(file));
  // The phone engine imports plans by URL from beside its chunk: check that they are there.
  for (const file of code) {
    if (readFileSync(file, 'utf8').includes('generated/phone/') && !existsSync(join(file, '../../generated/phone/1.js'))) {
      throw new Error(`${relative(dir, file)} loads numbering plans from ../generated/phone/, which the build did not emit beside it`);
    }
  }
  const defaultPlan = gzipKb(join(dir, 'generated/phone/1.js'));
  const largestPlan = Math.max(...plans);
  /** The entry and the chunks of these source modules, each with its static imports: what a session of that kind loads. */
  const session = (sources) => {
    const files = reach(entryKey, { dynamic: false });
    for (const source of sources) {
      const key = Object.keys(manifest).find((candidate) => candidate.includes(source));
      if (!key) throw new Error(`No chunk for ${source} in the gadget build`);
      reach(key, { dynamic: false }, files);
    }
    return sum(files);
  };
  const agentParts = ['customer-search/', 'customer-summary/', 'journey-timeline/', 'note-composer/', 'virtualizer/layouts/flow', 'model/phone-plans'];
  return {
    // An agent on the built-in store who looks customers up, reads journeys and writes notes.
    typical: session([...agentParts, 'backend/idb-store']) + defaultPlan,
    // The same inside Finesse on a shared backend, with screen-pops read from message text.
    finesse: session([...agentParts, 'backend/idb-store', 'backend/shared-backend', 'finesse/bridge', 'appointment-pop/', 'chrono-node']) + defaultPlan,
    firstRender: sum(reach(entryKey, { dynamic: false })),
    // Everything the element itself can load, in English: no backend, no French.
    gadget: sum(reach(entryKey, { dynamic: true, skip: (key) => isStore(key) || isFrench(key) })),
    french: sum(without(reach(entryKey, { dynamic: true }), reach(entryKey, { dynamic: true, skip: isFrench }))),
    store: sum(without(reach(entryKey, { dynamic: true }), reach(entryKey, { dynamic: true, skip: isStore }))),
    plans: { count: plans.length, all: plans.reduce((a, b) => a + b, 0), defaultPlan, largestPlan },
    // Everything one session can load: every chunk, and the plans of a North American default
    // region and of one caller from elsewhere (each further country adds 0.2–1.4 KB).
    session: code.reduce((total, file) => total + gzipKb(file), 0) + defaultPlan + largestPlan,
    files: code.map((file) => [relative(dir, file), gzipKb(file)]),
  };
}

function line(label, kb, budget) {
  const verdict = kb <= budget ? 'within budget' : 'OVER BUDGET';
  return `${label}: ${kb.toFixed(1)} KB min+gzip (budget ${budget} KB, ${verdict})`;
}

await buildLibrary();
console.log('library: dist/lib');
await (await import('./build-cli.js')).buildCli();
console.log('cli: dist/cli/cc-layout.js');
await buildDemo();
console.log('demo: dist/demo');
await buildGadget();
// The gadget spec goes beside the bundle: the folder uploads to Finesse as it is.
copyFileSync('gadgets/ContextService.xml', 'dist/gadget/ContextService.xml');
const sizes = gadgetSizes();
for (const [file, kb] of sizes.files) console.log(`  dist/gadget/${file}  ${kb.toFixed(1)} KB`);
const { plans } = sizes;
console.log(
  `  dist/gadget/generated/phone/*.js  ${plans.count} numbering plans, ${plans.all.toFixed(1)} KB together; ` +
    `a page loads its default region's (+1: ${plans.defaultPlan.toFixed(1)} KB) and one per other country it meets (at most ${plans.largestPlan.toFixed(1)} KB)`,
);
console.log(line('gadget JS before first render', sizes.firstRender, BUDGET_FIRST_RENDER_KB));
console.log(`gadget JS by part: the element and its parts ${sizes.gadget.toFixed(1)} KB, French ${sizes.french.toFixed(1)} KB, backends ${sizes.store.toFixed(1)} KB`);
console.log(`gadget JS a session loads: an agent on the built-in store ${sizes.typical.toFixed(1)} KB; in Finesse on a shared backend, with screen-pops ${sizes.finesse.toFixed(1)} KB`);
console.log(line('gadget JS in total (all of it, on the built-in store, with French and two countries\' numbering plans)', sizes.session, BUDGET_TOTAL_KB));
// The first-render budget is what an agent waits for, and fails the build. The total is reported
// (and shown again by `npm run bench`) and warned about.
if (sizes.firstRender > BUDGET_FIRST_RENDER_KB) process.exitCode = 1;
if (sizes.session > BUDGET_TOTAL_KB) console.warn(`warning: the gadget's JS in total is ${(sizes.session - BUDGET_TOTAL_KB).toFixed(1)} KB over its budget`);
