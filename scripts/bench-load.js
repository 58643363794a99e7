// The gadget's load, as an agent meets it: the production bundle (built as dist/gadget is, into
// dist/bench-gadget), a page that only includes it, a fresh browser profile each run. Per run it
// notes when the search field is usable (shown, enabled, and typing and Enter are taken), the
// requests made by then and the chains they formed (a chunk asked for by a chunk that had to
// arrive first: a round trip each), and the JS they carried (min+gzip). Printed as `name: value unit` lines.
import { createServer } from 'node:http';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildGadget } from './gadget-build.js';

const OUT_DIR = 'dist/bench-gadget';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.xml': 'application/xml' };

/** The field is usable: a labelled text field (the gadget's first is its search) is on the page, enabled and laid out. */
const WATCH = `(() => {
  const usable = () => {
    const find = (root) => {
      for (const element of root.querySelectorAll('*')) {
        if (element instanceof HTMLInputElement && element.type === 'text' && !element.disabled && element.labels?.length) return element;
        if (element.shadowRoot) {
          const found = find(element.shadowRoot);
          if (found) return found;
        }
      }
      return undefined;
    };
    const input = find(document);
    return input !== undefined && input.getClientRects().length > 0;
  };
  const check = () => {
    if (usable()) {
      window.ccUsableAt = performance.now();
      return;
    }
    setTimeout(check, 0);
  };
  // Checked between tasks, where a keystroke would be handled.
  setTimeout(check, 0);
})();`;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
/** Nearest-rank p95. */
const p95 = (values) => [...values].sort((a, b) => a - b)[Math.ceil(0.95 * values.length) - 1];

/** Serves `dir`, each answer held back `delayMs`: a round trip to a distant server. */
function serve(dir, delayMs) {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname)).replace(/^([/\\])+/, '');
    const file = join(dir, path);
    setTimeout(() => {
      if (!file.startsWith(dir) || !existsSync(file)) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
      response.end(readFileSync(file));
    }, delayMs);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** One load in a fresh profile: when the field became usable, and what was requested by then. */
async function loadOnce(browser, origin) {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.evaluateOnNewDocument(WATCH);
    await page.goto(`${origin}/load.html`);
    await page.waitForFunction('window.ccUsableAt !== undefined', { polling: 'raf' });
    const { usableAt, resources } = await page.evaluate(() => ({
      usableAt: window.ccUsableAt,
      resources: performance.getEntriesByType('resource').map((entry) => ({ url: entry.name, start: entry.startTime, end: entry.responseEnd })),
    }));
    const before = resources.filter((resource) => resource.end <= usableAt && resource.url.endsWith('.js'));
    const gadget = before.find((resource) => resource.url.endsWith('/gadget.js'));
    // A request's place in its chain: 1 when it was asked for before any other script had arrived,
    // else one more than the latest-placed one that had arrived before it was asked for (it waited
    // for that round trip, whatever the reason).
    const ordered = [...before].sort((a, b) => a.start - b.start);
    const depth = new Map();
    for (const resource of ordered) {
      const waitedFor = ordered.filter((other) => other !== resource && other.end <= resource.start).map((other) => depth.get(other) ?? 1);
      depth.set(resource, 1 + Math.max(0, ...waitedFor));
    }
    return {
      usable: usableAt,
      afterGadget: gadget ? usableAt - gadget.end : Number.NaN,
      requests: before.length,
      chain: Math.max(0, ...depth.values()),
      files: before.map((resource) => new URL(resource.url).pathname.slice(1)),
    };
  } finally {
    await context.close();
  }
}

/** Builds the gadget, then loads it `runs` times at each delay; prints the figures. */
export async function benchLoad(browser, { runs = 10 } = {}) {
  await buildGadget(OUT_DIR);
  writeFileSync(
    join(OUT_DIR, 'load.html'),
    '<!doctype html><html lang="en"><meta charset="utf-8"><title>Customer Context</title>' +
      '<div data-cc-gadget data-database-name="cc-load-bench"></div><script type="module" src="gadget.js"></script></html>',
  );
  const gzipKb = new Map();
  const kb = (file) => {
    if (!gzipKb.has(file)) gzipKb.set(file, gzipSync(readFileSync(join(OUT_DIR, file)), { level: 9 }).length / 1024);
    return gzipKb.get(file);
  };
  try {
    for (const delayMs of [0, 50]) {
      const server = await serve(OUT_DIR, delayMs);
      const { port } = server.address();
      const label = delayMs ? `load, ${delayMs} ms a request` : 'load, loopback';
      try {
        const results = [];
        for (let run = 0; run < runs; run += 1) results.push(await loadOnce(browser, `http://127.0.0.1:${port}`));
        const figures = (name, values, unit = 'ms') =>
          console.log(`${label}: ${name}: median ${Math.round(median(values))} ${unit}, p95 ${Math.round(p95(values))} ${unit} (${runs} runs)`);
        figures('first request to search field usable', results.map((result) => result.usable));
        figures('gadget.js arrived to search field usable', results.map((result) => result.afterGadget));
        const chain = Math.max(...results.map((result) => result.chain));
        const bytes = Math.max(...results.map((result) => result.files.reduce((total, file) => total + kb(file), 0)));
        console.log(`${label}: requests in the longest chain before the field is usable: ${chain} (target 1${chain <= 1 ? ', met' : ', missed'})`);
        console.log(`${label}: JS loaded before the field is usable: ${bytes.toFixed(1)} KB min+gzip in ${Math.max(...results.map((result) => result.requests))} files (target <= 30 KB${bytes <= 30 ? ', met' : ', missed'})`);
        if (!delayMs) {
          const after = median(results.map((result) => result.afterGadget));
          console.log(`${label}: usable ${Math.round(after)} ms after gadget.js arrived (median; target <= 50 ms${after <= 50 ? ', met' : ', missed'})`);
        }
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    }
  } finally {
    rmSync(OUT_DIR, { recursive: true, force: true });
  }
}
