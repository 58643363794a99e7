// Loads the built Finesse bundle (dist/gadget, from `npm run build`) in headless system Chromium
// as a page that only includes its script, and checks that it works as shipped: the first render,
// the parts and the built-in store it loads next, a phone number's engine and numbering plan,
// the Finesse bridge on a minimal desktop, French, and that every chunk evaluates. The tests run the sources; this runs what uploads to
// Finesse, where the bundler's chunking could break what the sources do not.
import { createReadStream, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, relative } from 'node:path';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS, requireChromium } from './chromium.js';

const ROOT = 'dist/gadget';
const TIMEOUT_MS = 15_000;
if (!existsSync(join(ROOT, 'gadget.js'))) {
  console.error('smoke: dist/gadget/gadget.js is missing: run `npm run build` first');
  process.exit(1);
}

const TYPES = { '.js': 'text/javascript', '.html': 'text/html', '.xml': 'application/xml' };

/**
 * The least of finesse.js and the gadget container that the bridge reads, as strict as the real
 * library where the bridge could go wrong: a 12.x desktop whose agent (agent-007, Alex Moreau)
 * has no calls, whose ClientServices refuses a config without host, restHost and credentials,
 * whose container services need gadgets.Hub, whose toaster must be initialised, preferences from
 * the gadget URL, and a record of what the bridge asked of it. `?finesse=10.5` leaves out
 * finesse.gadget, the toaster and the media list, as Finesse 10.5 does.
 */
const FINESSE = (version) => `<script>
  window.finesseCalls = { init: 0, heights: 0, toasterInit: 0, activeTabRequests: 0 };
  const modern = ${JSON.stringify(version)} !== '10.5';
  const config = { id: 'agent-007', host: location.hostname, restHost: location.hostname, authorization: btoa('agent-007:secret') };
  const collection = (handlers) => { const items = {}; queueMicrotask(() => handlers.onLoad && handlers.onLoad({ getCollection: () => items })); return { getCollection: () => items }; };
  window.finesse = {
    ...(modern ? { gadget: { Config: config } } : {}),
    clientservices: { ClientServices: { init: (given) => {
      if (!given || !given.host || !given.restHost || typeof given.authorization !== 'string') throw new Error('Config object contains invalid properties.');
      window.finesseCalls.init += 1;
    } } },
    restservices: { User: class { constructor(options) { queueMicrotask(() => options.onLoad({
      getId: () => 'agent-007', getFirstName: () => 'Alex', getLastName: () => 'Moreau', getDialogs: collection,
      ...(modern ? { getMediaList: collection } : {}),
    })); } } },
    containerservices: {
      ContainerServices: {
        init: () => {
          if (!window.gadgets.Hub) throw new Error('Hub is not defined.');
          return { activateMyTab() {}, addHandler() {}, removeHandler() {}, makeActiveTabReq() { window.finesseCalls.activeTabRequests += 1; } };
        },
        Topics: { ACTIVE_TAB: 'finesse.containerservices.activeTab' },
      },
      ...(modern ? { FinesseToaster: { init: (given) => { if (given === config) window.finesseCalls.toasterInit += 1; }, showToaster() {} } } : {}),
    },
    cslogger: { ClientLogger: { log() {} } },
  };
  window.gadgets = {
    window: { adjustHeight: () => { window.finesseCalls.heights += 1; } },
    Prefs: class { getString() { return ''; } },
    util: { getUrlParameters: () => ({ 'reveal-sensitive': 'true' }) },
    Hub: {},
  };
</script>`;

const page = (query, finesse) => `<!doctype html><html lang="en"><meta charset="utf-8"><title>Gadget smoke check</title><link rel="icon" href="data:,">
${finesse === null ? '' : FINESSE(finesse)}
<div data-cc-gadget data-database-name="smoke-${Date.now()}" ${query}></div>
<script type="module" src="./gadget.js"></script></html>`;

/** Another origin for the gadget's files (an external web server), mapped to this one's address. */
const OTHER_HOST = 'gadgets.example.test';

/**
 * A stand-in for Shindig's `/gadgets/ifr?url=…` page: the HTML content of the built spec, rendered
 * from the container's origin, after the desktop's scripts (served empty: the stub above stands in).
 */
function ifr() {
  const spec = readFileSync(join(ROOT, 'ContextService.xml'), 'utf8');
  const content = /<!\[CDATA\[([\s\S]*?)\]\]>/.exec(spec)?.[1] ?? '';
  return `<link rel="icon" href="data:,">${FINESSE('').replace("util: { getUrlParameters: () => ({ 'reveal-sensitive': 'true' }) }", 'util: { getUrlParameters: () => Object.fromEntries(new URLSearchParams(location.search)) }')}${content}`;
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname === '/smoke.html') {
    const locale = url.searchParams.get('locale');
    response.writeHead(200, { 'content-type': TYPES['.html'] }).end(page(locale ? `data-locale="${locale}"` : '', url.searchParams.get('finesse')));
    return;
  }
  if (url.pathname === '/gadgets/ifr') {
    response.writeHead(200, { 'content-type': TYPES['.html'] }).end(ifr());
    return;
  }
  if (url.pathname.startsWith('/desktop/assets/js/')) {
    response.writeHead(200, { 'content-type': TYPES['.js'] }).end('');
    return;
  }
  // Files under /cors/ come with the header another origin needs; elsewhere without.
  const cors = url.pathname.startsWith('/cors/');
  const path = normalize(join(ROOT, decodeURIComponent(cors ? url.pathname.slice('/cors'.length) : url.pathname)));
  if (relative(ROOT, path).startsWith('..') || !existsSync(path) || !statSync(path).isFile()) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, {
    'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
    ...(cors && request.headers.origin ? { 'access-control-allow-origin': request.headers.origin } : {}),
  });
  createReadStream(path).pipe(response);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const address = server.address();
const port = typeof address === 'object' && address ? address.port : 0;
const origin = `http://127.0.0.1:${port}`;
const otherOrigin = `http://${OTHER_HOST}:${port}`;

const browser = await puppeteer.launch({
  executablePath: requireChromium(),
  headless: true,
  args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${OTHER_HOST} 127.0.0.1`],
});
const problems = [];
/** Paths each tab requested. */
const requested = new WeakMap();

/** Opens the smoke page with `query`, or `address` as it is; a tab `failing` on purpose reports nothing. */
async function open(query, { address = `${origin}/smoke.html${query}`, failing = false } = {}) {
  const tab = await browser.newPage();
  tab.setDefaultTimeout(TIMEOUT_MS);
  const problemsOf = failing ? [] : problems;
  tab.on('pageerror', (error) => problemsOf.push(`page error: ${error.message}`));
  tab.on('console', (message) => {
    if (message.type() === 'error') problemsOf.push(`console error: ${message.text()}`);
  });
  const paths = new Set();
  requested.set(tab, paths);
  tab.on('requestfinished', (request) => paths.add(new URL(request.url()).pathname));
  tab.on('requestfailed', (request) => problemsOf.push(`request failed: ${request.url()}`));
  tab.on('response', (response) => {
    if (response.status() >= 400) problemsOf.push(`${response.status()} for ${response.url()}`);
  });
  await tab.goto(address);
  return tab;
}

async function check(name, run) {
  try {
    await run();
    console.log(`smoke: ok   ${name}`);
  } catch (error) {
    problems.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    console.log(`smoke: FAIL ${name}`);
  }
}

try {
  const english = await open('');
  await check('the search renders, named "Search customers"', () => english.locator('::-p-aria(Search customers)').wait());
  await check('a name nobody has offers "Create customer" (the parts and the built-in store loaded)', async () => {
    await english.locator('::-p-aria(Search customers)').fill('Ellis');
    await english.keyboard.press('Enter');
    await english.locator('::-p-aria(Create customer)').wait();
  });
  await check("a number from abroad loads the phone engine and that country's numbering plan", async () => {
    await english.locator('::-p-aria(Search customers)').fill('+44 20 7946 0958');
    await english.keyboard.press('Enter');
    await english.locator('::-p-aria(Create customer)').wait();
    if (![...requested.get(english)].some((path) => path.endsWith('/generated/phone/44.js'))) throw new Error('generated/phone/44.js was never requested');
  });
  await check('every chunk evaluates', async () => {
    const chunks = readdirSync(join(ROOT, 'chunks')).filter((file) => file.endsWith('.js'));
    const failed = await english.evaluate(async (files) => {
      const outcomes = await Promise.allSettled(files.map((file) => import(`./chunks/${file}`)));
      return outcomes.flatMap((outcome, index) => (outcome.status === 'rejected' ? [`${files[index]}: ${String(outcome.reason)}`] : []));
    }, chunks);
    if (failed.length > 0) throw new Error(failed.join('; '));
  });
  const desktop = await open('?finesse');
  await check('inside Finesse, the bridge starts: the signed-in agent and the layout\'s reveal grant reach the gadget, its height is fitted', async () => {
    await desktop.waitForFunction(
      () => {
        const gadget = document.querySelector('cc-customer-context');
        return gadget?.getAttribute('agent-id') === 'agent-007' && gadget.getAttribute('agent-name') === 'Alex Moreau' && gadget.hasAttribute('reveal-sensitive');
      },
      { timeout: TIMEOUT_MS },
    );
    await desktop.waitForFunction(
      () => window.finesseCalls.init === 1 && window.finesseCalls.heights > 0 && window.finesseCalls.toasterInit === 1 && window.finesseCalls.activeTabRequests === 1,
      { timeout: TIMEOUT_MS },
    );
    if (![...requested.get(desktop)].some((path) => /\/chunks\/bridge-[\w-]+\.js$/.test(path))) throw new Error('the bridge chunk was never requested');
  });
  const old = await open('?finesse=10.5');
  await check('inside Finesse 10.5 (no finesse.gadget), the gadget says calls do not reach it, and its search still works', async () => {
    await old.locator('::-p-text(does not give the gadget its calls)').wait();
    await old.locator('::-p-aria(Search customers)').wait();
  });
  // The spec's own page as the container renders it, with the spec's URL in each form a layout can give.
  const ifrPage = (specUrl) => `${origin}/gadgets/ifr?${specUrl === undefined ? '' : `url=${encodeURIComponent(specUrl)}&`}mid=1`;
  for (const [form, specUrl] of [
    ['an absolute URL on the same origin', `${origin}/ContextService.xml?timeout=2000`],
    ['a root-relative URL', '/ContextService.xml'],
    ['another origin that sends CORS headers', `${otherOrigin}/cors/ContextService.xml`],
  ]) {
    const tab = await open('', { address: ifrPage(specUrl) });
    await check(`the spec's page loads the bundle from ${form}`, () => tab.locator('::-p-aria(Search customers)').wait());
  }
  const noCors = await open('', { address: ifrPage(`${otherOrigin}/ContextService.xml`), failing: true });
  await check('from another origin without CORS headers, the gadget names the header that server must send', () =>
    noCors.locator(`::-p-text(must send the header Access-Control-Allow-Origin: ${origin})`).wait(),
  );
  const noUrl = await open('', { address: ifrPage(undefined), failing: true });
  await check('without a url parameter, the gadget says its files cannot be found', () => noUrl.locator('::-p-text(no url parameter)').wait());
  const french = await open('?locale=fr');
  await check('in French, the search is "Rechercher des clients" and offers "Créer le client"', async () => {
    await french.locator('::-p-aria(Rechercher des clients)').fill('Ellis');
    await french.keyboard.press('Enter');
    await french.locator('::-p-aria(Créer le client)').wait();
  });
} finally {
  await browser.close();
  server.close();
}

if (problems.length > 0) {
  for (const problem of problems) console.error(`smoke: ${problem}`);
  process.exit(1);
}
console.log('smoke: the built gadget works as shipped');
