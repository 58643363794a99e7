import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../support/wait.js';
import { BuiltInStore } from '../../src/backend/index.js';
import '../../src/components/customer-context/customer-context.js';
import type { CcCustomerContext } from '../../src/components/customer-context/customer-context.js';
import { DEMO_FIELD_SETS } from '../../src/demo/field-sets.js';
import { DEMO_IDS } from '../../src/demo/journey.js';
import { setLocale } from '../../src/localization.js';
import { riderStore } from './support/field-set-providers.js';

const FIXTURES = '/test/fixtures/field-sets';
const RIDER_URL = `${FIXTURES}/rider.json`;
const INVALID_URL = `${FIXTURES}/invalid-type.json`;
const MISSING_URL = `${FIXTURES}/missing.json`;
/** A file the test server has, that is not JSON. */
const NOT_JSON_URL = '/test/fixtures/layouts/minified.xml';

interface FetchCall {
  readonly url: string;
  readonly init?: RequestInit;
}

const opened: BuiltInStore[] = [];

/** A database the gadget opens itself, seeded beforehand with Jordan's rider fields. */
async function riderDatabase(): Promise<string> {
  const store = await riderStore('customer-context-field-sets-url');
  opened.push(store);
  return store.databaseName;
}

function root(gadget: CcCustomerContext): ShadowRoot {
  return gadget.shadowRoot!;
}

function noticeText(gadget: CcCustomerContext): string {
  return [...root(gadget).querySelectorAll('[part="notice"]')].map((notice) => notice.textContent?.replace(/\s+/g, ' ').trim()).join(' | ');
}

function summaryText(gadget: CcCustomerContext): string {
  return root(gadget).querySelector('cc-customer-summary')?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
}

const absolute = (url: string) => new URL(url, document.baseURI).href;

describe('cc-customer-context field-sets-url', () => {
  const realFetch = globalThis.fetch;
  let calls: FetchCall[];
  /** Absolute addresses that never answer, until the request is aborted. */
  let hanging: Set<string>;

  beforeEach(() => {
    calls = [];
    hanging = new Set();
    globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const url = input instanceof Request ? input.url : String(input);
      calls.push({ url, ...(init ? { init } : {}) });
      if (hanging.has(url)) {
        return new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason), { once: true }));
      }
      return realFetch(input, init);
    };
  });

  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  after(async () => {
    for (const store of opened.splice(0)) {
      store.close();
      await BuiltInStore.deleteDatabase(store.databaseName);
    }
  });

  it('serves a fixture that is the demo’s rider field set', async () => {
    const response = await realFetch(RIDER_URL);
    expect(await response.json()).to.deep.equal(DEMO_FIELD_SETS);
  });

  it('loads the organisation’s field sets from the address, relative to the page, with same-origin credentials', async () => {
    const databaseName = await riderDatabase();
    const gadget = await fixture<CcCustomerContext>(
      html`<cc-customer-context timeout="15000" database-name=${databaseName} field-sets-url=${RIDER_URL} customer-id=${DEMO_IDS.jordan}></cc-customer-context>`,
    );
    expect(gadget.fieldSetsUrl).to.equal(RIDER_URL);
    await waitUntil(() => summaryText(gadget).includes('Motorcycle VIN'), 'The VIN under its label');
    expect(summaryText(gadget)).to.contain('1CUMS750XPA000142').and.to.contain('Date of birth');
    expect(summaryText(gadget)).not.to.contain('Not in the field sets');
    expect(noticeText(gadget)).to.equal('');
    const call = calls.find((candidate) => candidate.url === absolute(RIDER_URL));
    expect(call, 'the field sets fetched at their absolute address').to.exist;
    expect(call!.init?.credentials).to.equal('same-origin');
    expect(call!.init?.signal).to.be.instanceOf(AbortSignal);
  });

  it('says a missing file could not be loaded (HTTP 404), and the gadget works on the base field sets', async () => {
    const databaseName = await riderDatabase();
    const gadget = await fixture<CcCustomerContext>(
      html`<cc-customer-context timeout="15000" database-name=${databaseName} field-sets-url=${MISSING_URL} customer-id=${DEMO_IDS.jordan}></cc-customer-context>`,
    );
    await waitUntil(() => noticeText(gadget).includes('could not be loaded'), 'The notice');
    expect(noticeText(gadget)).to.equal("The organisation's field sets could not be loaded (HTTP 404); using the base field sets.");
    expect(root(gadget).querySelector('[part="notice"]')!.getAttribute('role')).to.equal('status');
    await waitUntil(() => summaryText(gadget).includes('Not in the field sets'), 'The rider data shown as unknown');
    expect(summaryText(gadget)).to.contain('Jordan').and.to.contain('Motorcycle_VIN');
    // The search part takes over from the first render's field once every part has loaded, which may be just after the summary shows.
    await waitUntil(() => root(gadget).querySelector('cc-customer-search') !== null, 'The search part');
    await expect(gadget).to.be.accessible();
  });

  it('says so in the agent’s language', async () => {
    try {
      const databaseName = await riderDatabase();
      const gadget = await fixture<CcCustomerContext>(
        html`<cc-customer-context timeout="15000" database-name=${databaseName} locale="fr-FR" field-sets-url=${MISSING_URL}></cc-customer-context>`,
      );
      await waitUntil(() => noticeText(gadget).includes('HTTP 404'), 'The notice');
      await waitUntil(() => noticeText(gadget).startsWith('Les jeux'), 'The notice in French');
      expect(noticeText(gadget)).to.equal('Les jeux de champs de l’organisation n’ont pas pu être chargés (HTTP 404) ; les jeux de champs de base sont utilisés.');
    } finally {
      await setLocale('en');
    }
  });

  it('says a file that is not JSON could not be loaded, without its content', async () => {
    const databaseName = await riderDatabase();
    const gadget = await fixture<CcCustomerContext>(
      html`<cc-customer-context timeout="15000" database-name=${databaseName} field-sets-url=${NOT_JSON_URL} customer-id=${DEMO_IDS.jordan}></cc-customer-context>`,
    );
    await waitUntil(() => noticeText(gadget).includes('could not be loaded'), 'The notice');
    expect(noticeText(gadget)).to.equal("The organisation's field sets could not be loaded (not JSON); using the base field sets.");
    await waitUntil(() => summaryText(gadget).includes('Not in the field sets'), 'The rider data shown as unknown');
  });

  it('refuses an invalid field set file with the notice naming the problem', async () => {
    const databaseName = await riderDatabase();
    const gadget = await fixture<CcCustomerContext>(
      html`<cc-customer-context timeout="15000" database-name=${databaseName} field-sets-url=${INVALID_URL} customer-id=${DEMO_IDS.jordan}></cc-customer-context>`,
    );
    await waitUntil(() => noticeText(gadget).includes('field sets were refused'), 'The notice');
    expect(noticeText(gadget)).to.contain('fieldSets.0.fields.0.type').and.to.contain('using the base field sets');
    await waitUntil(() => summaryText(gadget).includes('Not in the field sets'), 'The rider data shown as unknown');
    expect(summaryText(gadget)).to.contain('Motorcycle_VIN');
  });

  for (const url of ['javascript:alert(1)', 'data:application/json,{"fieldSets":[]}', 'ftp://example.com/field-sets.json']) {
    it(`never fetches ${url.split(':')[0]}: addresses, and says so`, async () => {
      const databaseName = await riderDatabase();
      const gadget = await fixture<CcCustomerContext>(
        html`<cc-customer-context timeout="15000" database-name=${databaseName} field-sets-url=${url} customer-id=${DEMO_IDS.jordan}></cc-customer-context>`,
      );
      await waitUntil(() => noticeText(gadget).includes('could not be loaded'), 'The notice');
      expect(noticeText(gadget)).to.equal("The organisation's field sets could not be loaded (not an http or https address); using the base field sets.");
      await waitUntil(() => summaryText(gadget).includes('Not in the field sets'), 'The gadget on the base field sets');
      expect(calls.map((call) => call.url).filter((called) => !called.startsWith('http')), 'nothing fetched but http').to.deep.equal([]);
    });
  }

  it('takes the fieldSets property over the address, which it never fetches', async () => {
    const databaseName = await riderDatabase();
    const gadget = await fixture<CcCustomerContext>(
      html`<cc-customer-context timeout="15000" database-name=${databaseName} .fieldSets=${DEMO_FIELD_SETS} field-sets-url=${MISSING_URL} customer-id=${DEMO_IDS.jordan}></cc-customer-context>`,
    );
    await waitUntil(() => summaryText(gadget).includes('Motorcycle VIN'), 'The VIN under its label');
    expect(noticeText(gadget)).to.equal('');
    expect(calls.some((call) => call.url === absolute(MISSING_URL))).to.equal(false);
    // Without the property, the address is used.
    gadget.fieldSets = undefined;
    await waitUntil(() => noticeText(gadget).includes('HTTP 404'), 'The address used once the property is gone');
  });

  it('reloads when the address changes, and returns to the base field sets when it is removed', async () => {
    const databaseName = await riderDatabase();
    const gadget = await fixture<CcCustomerContext>(
      html`<cc-customer-context timeout="15000" database-name=${databaseName} field-sets-url=${INVALID_URL} customer-id=${DEMO_IDS.jordan}></cc-customer-context>`,
    );
    await waitUntil(() => noticeText(gadget).includes('field sets were refused'), 'The refused notice');
    gadget.setAttribute('field-sets-url', RIDER_URL);
    await waitUntil(() => summaryText(gadget).includes('Motorcycle VIN'), 'The VIN under its label');
    expect(noticeText(gadget)).to.equal('');
    gadget.removeAttribute('field-sets-url');
    await waitUntil(() => summaryText(gadget).includes('Not in the field sets'), 'The base field sets again');
    expect(noticeText(gadget)).to.equal('');
  });

  it('aborts the loading of an address replaced before it answered', async () => {
    const slow = `${FIXTURES}/slow.json`;
    hanging.add(absolute(slow));
    const databaseName = await riderDatabase();
    const gadget = await fixture<CcCustomerContext>(
      html`<cc-customer-context timeout="15000" database-name=${databaseName} field-sets-url=${slow} customer-id=${DEMO_IDS.jordan}></cc-customer-context>`,
    );
    await waitUntil(() => calls.some((call) => call.url === absolute(slow)), 'The slow address asked');
    const signal = calls.find((call) => call.url === absolute(slow))!.init!.signal!;
    expect(signal.aborted).to.equal(false);
    gadget.fieldSetsUrl = RIDER_URL;
    await waitUntil(() => signal.aborted, 'The slow request aborted');
    await waitUntil(() => summaryText(gadget).includes('Motorcycle VIN'), 'The new address’s field sets');
    expect(noticeText(gadget)).to.equal('');
  });

  it('refuses a file over 1 MB without reading past it, whether its length is announced or not', async () => {
    const big = `${FIXTURES}/big.json`;
    const streamed = `${FIXTURES}/streamed.json`;
    let pulled = 0;
    const realFetchInTest = globalThis.fetch;
    globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const url = input instanceof Request ? input.url : String(input);
      if (url === absolute(big)) {
        return Promise.resolve(new Response('{"fieldSets":[]}', { headers: { 'content-length': String(5 * 1024 * 1024) } }));
      }
      if (url === absolute(streamed)) {
        // A body that never ends: 64 KB at a time, without a length.
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            pulled += 1;
            controller.enqueue(new TextEncoder().encode(' '.repeat(64 * 1024)));
          },
        });
        return Promise.resolve(new Response(body, { headers: { 'content-type': 'application/json' } }));
      }
      return realFetchInTest(input, init);
    };
    for (const url of [big, streamed]) {
      const databaseName = await riderDatabase();
      const gadget = await fixture<CcCustomerContext>(
        html`<cc-customer-context timeout="15000" database-name=${databaseName} field-sets-url=${url} customer-id=${DEMO_IDS.jordan}></cc-customer-context>`,
      );
      await waitUntil(() => noticeText(gadget).includes('could not be loaded'), `The notice for ${url}`);
      expect(noticeText(gadget)).to.equal("The organisation's field sets could not be loaded (larger than 1 MB); using the base field sets.");
    }
    expect(pulled, 'the endless body is read only a little past 1 MB').to.be.within(16, 20);
  });

  it('gives up after the timeout, with a floor of 5 seconds, and opens the store on the base field sets', async () => {
    const slow = `${FIXTURES}/never.json`;
    hanging.add(absolute(slow));
    const databaseName = await riderDatabase();
    const started = performance.now();
    const gadget = await fixture<CcCustomerContext>(
      html`<cc-customer-context database-name=${databaseName} timeout="1000" field-sets-url=${slow} customer-id=${DEMO_IDS.jordan}></cc-customer-context>`,
    );
    await waitUntil(() => noticeText(gadget).includes('could not be loaded'), 'The notice');
    expect(performance.now() - started).to.be.at.least(4900);
    expect(noticeText(gadget)).to.equal("The organisation's field sets could not be loaded (timed out after 5000 ms); using the base field sets.");
    expect(calls.find((call) => call.url === absolute(slow))!.init!.signal!.aborted).to.equal(true);
    await waitUntil(() => summaryText(gadget).includes('Not in the field sets'), 'The gadget on the base field sets');
  });

  it('does not hold a host’s backend back while the field sets load', async () => {
    const slow = `${FIXTURES}/never.json`;
    hanging.add(absolute(slow));
    const store = await riderStore('customer-context-field-sets-url');
    opened.push(store);
    const gadget = await fixture<CcCustomerContext>(
      html`<cc-customer-context timeout="15000" .backend=${store} field-sets-url=${slow} customer-id=${DEMO_IDS.jordan}></cc-customer-context>`,
    );
    await waitUntil(() => summaryText(gadget).includes('Jordan'), 'The customer shown');
    expect(noticeText(gadget)).to.equal('');
    gadget.fieldSetsUrl = RIDER_URL;
    await waitUntil(() => summaryText(gadget).includes('Motorcycle VIN'), 'The field sets taken on the host’s backend');
  });
});
