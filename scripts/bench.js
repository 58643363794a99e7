// Builds the benchmark page (bench/index.html) as production code, as the demo and the gadget ship
// (minified, Lit's production build, no dev-mode checks), serves the build and runs it in
// headless system Chromium, printing its figures one a line: `name: value unit`.
// BENCH_QUICK=1 runs at a tenth of the scale.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS, requireChromium } from './chromium.js';

const executablePath = requireChromium();
const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = 'dist/bench';
await build({
  root,
  logLevel: 'error',
  clearScreen: false,
  mode: 'production',
  build: { outDir, emptyOutDir: true, rolldownOptions: { input: { bench: 'bench/index.html' } } },
});
const server = await preview({ root, logLevel: 'error', build: { outDir }, preview: { port: 0, strictPort: false, open: false } });
const address = server.httpServer?.address();
const port = typeof address === 'object' && address ? address.port : 4173;
console.log('build: production');

// A benchmark keeps the page busy for minutes at a time (a 100,000-customer store): no CDP call may time out meanwhile.
const browser = await puppeteer.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, protocolTimeout: 3_600_000 });
let failed = false;
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(0);
  page.on('console', (message) => {
    const text = message.text();
    if (text.startsWith('bench: ')) console.log(text.slice('bench: '.length));
    else if (message.type() === 'error') console.error(text);
  });
  page.on('pageerror', (error) => {
    failed = true;
    console.error(error);
  });
  const quick = process.env.BENCH_QUICK ? '?quick' : '';
  await page.goto(`http://localhost:${port}/bench/index.html${quick}`);
  // Lit's development build defines this; the production build does not.
  if (await page.evaluate(() => 'litIssuedWarnings' in globalThis)) throw new Error('bench: the page runs Lit in development mode');
  const outcome = await page.waitForFunction('window.benchOutcome', { timeout: 0, polling: 500 });
  const { ok, error } = await outcome.jsonValue();
  if (!ok) {
    failed = true;
    console.error(`bench failed: ${error}`);
  }
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
  rmSync(new URL(`../${outDir}`, import.meta.url), { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
