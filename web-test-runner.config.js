import { readdirSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium.js';
import { countReporter } from './scripts/count-reporter.js';
import { cliPlugin, commonJsPlugin } from './scripts/wtr-cli-plugin.js';
import { prebundledDependenciesPlugin } from './scripts/wtr-deps-plugin.js';
import { serverPlugin } from './scripts/wtr-server-plugin.js';

/**
 * The longest test files (the runner prints the slowest at the end of each run), started first:
 * two files run at a time, and a long one started last would leave the other page idle.
 */
const LONGEST_FIRST = [
  'test/stories/stories.test.ts',
  'test/server/api.test.ts',
  'test/backend/http-adapter.test.ts',
  'test/components/layout-builder.test.ts',
  'test/cli/cc-layout.test.ts',
  'test/backend/cached-backend.test.ts',
  'test/components/journey-timeline.test.ts',
];

/** Every test file under `dir`, in name order. */
function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) return testFiles(path);
      return entry.name.endsWith('.test.ts') ? [path] : [];
    });
}

const everyFile = testFiles('test');
const files = [...LONGEST_FIRST.filter((file) => everyFile.includes(file)), ...everyFile.filter((file) => !LONGEST_FIRST.includes(file))];

/** fast-check's seed for every property (test/support/fast-check.ts): fixed, so a run is repeatable. */
const seed = Number.parseInt(process.env.CC_SEED ?? '20261202', 10);

/** The module every test file's `fast-check` import is served: the package, on the run's seed. */
const SEEDED_FAST_CHECK = '/test/support/fast-check.ts';

/** Serves test files the seeded fast-check (SEEDED_FAST_CHECK), which alone imports the package itself. */
function seededFastCheck() {
  return {
    name: 'seeded-fast-check',
    resolveImport({ source, context }) {
      if (source === 'fast-check' && context.path !== SEEDED_FAST_CHECK) return SEEDED_FAST_CHECK;
      return undefined;
    },
  };
}

/** The root hook that makes a failure's values sendable (see there), which every test file imports first. */
const SENDABLE_FAILURES = '/test/support/failure-values.ts';

/** Has every test file import SENDABLE_FAILURES (on its first line, so that line numbers stay): a failure the runner cannot copy would lose the whole file's results. */
function sendableFailures() {
  return {
    name: 'sendable-failures',
    transform(context) {
      if (context.path.startsWith('/test/') && context.path.endsWith('.test.ts')) return { body: `import '${SENDABLE_FAILURES}';${context.body}` };
      return undefined;
    },
  };
}

export default {
  files,
  nodeResolve: true,
  // Two files at a time on two cores: most of a file's time is spent waiting (timers, the
  // reference server, IndexedDB), not computing. Each page has a browser context of its own
  // (its own IndexedDB, storage and BroadcastChannels) in a window of its own, so a page never
  // goes hidden behind another (no frames, no observers, no focus) while both run.
  concurrency: Number(process.env.CC_TEST_CONCURRENCY ?? 2),
  // Start-up limits only end a run that hangs: a loaded machine can take long to load a test file
  // (esbuild transforms, module graphs), and no test may fail for it.
  testsStartTimeout: 600_000,
  testsFinishTimeout: 600_000,
  browserStartTimeout: 120_000,
  // Generous, so that a loaded machine cannot fail a test that waits (test/support/wait.ts).
  testFramework: { config: { timeout: 60_000 } },
  testRunnerHtml: (testFramework) => `<!doctype html>
<html>
  <body>
    <script>window.ccTestSeed = ${seed};</script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
  plugins: [seededFastCheck(), sendableFailures(), ...(process.env.CC_NO_PREBUNDLE ? [] : [prebundledDependenciesPlugin({ exclude: ['saxes'] })]), esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }), commonJsPlugin(), cliPlugin(), serverPlugin()],
  browsers: [
    chromeLauncher({
      async createPage({ browser }) {
        const context = await browser.createBrowserContext();
        const page = await context.newPage({ type: 'window' });
        // Loading a test file is bounded by testsStartTimeout above, not by the browser's own 30 s
        // navigation limit, which a busy machine passed once (a whole file then failed).
        page.setDefaultNavigationTimeout(0);
        await page.emulateFocusedPage(true);
        return page;
      },
      launchOptions: {
        executablePath: process.env.CHROME_PATH ?? findChromium() ?? '/usr/bin/chromium',
        headless: true,
        args: CHROMIUM_ARGS,
      },
    }),
  ],
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countReporter()],
};
