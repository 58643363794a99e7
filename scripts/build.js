// Builds (a) the library as ES modules with type declarations in dist/lib, (b) the demo page in
// dist/demo and (c) the Finesse gadget bundle in dist/gadget, then prints the gadget's size
// (minified + gzip) against its budgets.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { buildGadget } from './gadget-build.js';
import { phonePlansPlugin } from './phone-plans-plugin.js';

const BUDGET_FIRST_RENDER_KB = 30;
const BUDGET_TOTAL_KB = 80;
/** Per session: an agent on the built-in store, and one in Finesse on a shared backend with screen-pops. */
const BUDGET_AGENT_KB = 90;
const BUDGET_FINESSE_KB = 115;
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

function gzipKb(file) {
  return gzipSync(readFileSync(file), { level: 9 }).length / 1024;
}

function jsFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The gadget's JS: before first render (the entry and its static imports), by session, and in total. */
function gadgetSizes(graph) {
  const dir = 'dist/gadget';
  const entry = [...graph.values()].find((chunk) => chunk.isEntry);
  if (!entry) throw new Error('The gadget build has no entry');
  /** Chunk files reachable from `file`, through static imports (and dynamic ones if asked). */
  const reach = (file, dynamic, into = new Set()) => {
    const chunk = graph.get(file);
    if (!chunk || into.has(file)) return into;
    into.add(file);
    for (const imported of chunk.imports) reach(imported, dynamic, into);
    if (dynamic) for (const imported of chunk.dynamicImports) reach(imported, dynamic, into);
    return into;
  };
  const sum = (files) => [...files].reduce((total, file) => total + gzipKb(join(dir, file)), 0);
  if (readFileSync(join(dir, entry.fileName), 'utf8').includes('vite:preloadError')) {
    throw new Error("Vite's own preload helper is back in the gadget's entry: scripts/gadget-build.js's smallPreloadHelper no longer replaces it");
  }
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
  /** The chunk that holds a module whose path contains `source`. */
  const chunkOf = (source) => {
    const chunk = [...graph.values()].find((candidate) => candidate.moduleIds.some((id) => id.replaceAll('\\', '/').includes(source)));
    if (!chunk) throw new Error(`No chunk holds ${source} in the gadget build`);
    return chunk.fileName;
  };
  /** The entry and the chunks of these source modules, each with its static imports: what a session of that kind loads. */
  const session = (sources) => {
    const files = reach(entry.fileName, false);
    for (const source of sources) reach(chunkOf(source), false, files);
    return sum(files);
  };
  const agent = ['customer-search/', 'customer-summary/', 'journey-timeline/', 'note-composer/', 'virtualizer/layouts/flow', 'model/phone-plans', 'backend/idb-store'];
  const finesse = [...agent, 'backend/shared-backend', 'finesse/bridge', 'appointment-pop/appointment-pop', 'chrono-node'];
  return {
    firstRender: sum(reach(entry.fileName, false)),
    // An agent on the built-in store who looks customers up, reads journeys and writes notes.
    typical: session(agent) + defaultPlan,
    // The same inside Finesse on a shared backend, with screen-pops read from message text.
    finesse: session(finesse) + defaultPlan,
    // That, with the text in French.
    finesseFrench: session([...finesse, 'generated/locales/fr']) + defaultPlan,
    plans: { count: plans.length, all: plans.reduce((a, b) => a + b, 0), defaultPlan, largestPlan },
    // Everything there is: every chunk, and the plans of a North American default region and of
    // one caller from elsewhere (each further country adds 0.2–1.4 KB).
    total: code.reduce((total, file) => total + gzipKb(file), 0) + defaultPlan + largestPlan,
    files: code.map((file) => [relative(dir, file), gzipKb(file), graph.get(relative(dir, file).replaceAll('\\', '/'))]),
  };
}

function line(label, kb, budget) {
  const verdict = kb <= budget ? 'within budget' : 'OVER BUDGET';
  return `${label}: ${kb.toFixed(2)} KB min+gzip (budget ${budget} KB, ${verdict})`;
}

await buildLibrary();
console.log('library: dist/lib');
await (await import('./build-cli.js')).buildCli();
console.log('cli: dist/cli/cc-layout.js');
await (await import('./build-server.js')).buildServer();
console.log('server: dist/server (npm run serve)');
await buildDemo();
console.log('demo: dist/demo');
const graph = await buildGadget();
// The gadget spec goes beside the bundle: the folder uploads to Finesse as it is.
copyFileSync('gadgets/ContextService.xml', 'dist/gadget/ContextService.xml');
const sizes = gadgetSizes(graph);
for (const [file, kb] of sizes.files) console.log(`  dist/gadget/${file}  ${kb.toFixed(1)} KB`);
const { plans } = sizes;
console.log(
  `  dist/gadget/generated/phone/*.js  ${plans.count} numbering plans, ${plans.all.toFixed(1)} KB together; ` +
    `a page loads its default region's (+1: ${plans.defaultPlan.toFixed(1)} KB) and one per other country it meets (at most ${plans.largestPlan.toFixed(1)} KB)`,
);
console.log(line('gadget JS before first render', sizes.firstRender, BUDGET_FIRST_RENDER_KB));
console.log(line('gadget JS an agent on the built-in store loads', sizes.typical, BUDGET_AGENT_KB));
console.log(line('gadget JS an agent in Finesse on a shared backend with screen-pops loads', sizes.finesse, BUDGET_FINESSE_KB));
console.log(`  (the same in French: ${sizes.finesseFrench.toFixed(2)} KB, the translations' chunk beside it)`);
console.log(line("gadget JS in total (every chunk, with two countries' numbering plans)", sizes.total, BUDGET_TOTAL_KB));
// The first-render and per-session budgets are what agents wait for, and fail the build. The total is reported
// and warned about.
if (sizes.firstRender > BUDGET_FIRST_RENDER_KB || sizes.typical > BUDGET_AGENT_KB || sizes.finesse > BUDGET_FINESSE_KB) process.exitCode = 1;
if (sizes.total > BUDGET_TOTAL_KB) console.warn(`warning: the gadget's JS in total is ${(sizes.total - BUDGET_TOTAL_KB).toFixed(1)} KB over its budget`);
// The custom-elements manifest for integrators' editors and Storybook (custom-elements-manifest.config.mjs).
execFileSync(process.execPath, ['node_modules/@custom-elements-manifest/analyzer/cem.js', 'analyze', '--quiet', '--config', 'custom-elements-manifest.config.mjs'], { stdio: 'inherit' });
console.log('manifest: dist/custom-elements.json');
