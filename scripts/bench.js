// Runs the benchmark page (bench/index.html) in headless system Chromium and prints its figures,
// one a line: `name: value unit`. BENCH_QUICK=1 runs at a tenth of the scale.
import { createServer } from 'vite';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS, requireChromium } from './chromium.js';

const executablePath = requireChromium();
const server = await createServer({ logLevel: 'error', server: { port: 0, strictPort: false }, clearScreen: false });
await server.listen();
const address = server.httpServer?.address();
const port = typeof address === 'object' && address ? address.port : 5173;

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
  const outcome = await page.waitForFunction('window.benchOutcome', { timeout: 0, polling: 500 });
  const { ok, error } = await outcome.jsonValue();
  if (!ok) {
    failed = true;
    console.error(`bench failed: ${error}`);
  }
} finally {
  await browser.close();
  await server.close();
}
process.exit(failed ? 1 : 0);
