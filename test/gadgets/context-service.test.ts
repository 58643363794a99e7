import { expect } from '@open-wc/testing';
import { waitUntil } from '../support/wait.js';
import { gadgetPrefsSchema } from '../../src/finesse/types.js';

async function spec(): Promise<Document> {
  const response = await fetch('/gadgets/ContextService.xml');
  expect(response.ok, 'the gadget spec is served').to.equal(true);
  return new DOMParser().parseFromString(await response.text(), 'application/xml');
}

describe('gadgets/ContextService.xml', () => {
  it('is a well-formed OpenSocial module', async () => {
    const doc = await spec();
    expect(doc.querySelector('parsererror')).to.equal(null);
    expect(doc.documentElement.localName).to.equal('Module');
    expect(doc.querySelector('ModulePrefs')?.getAttribute('title')).to.equal('Customer Context');
  });

  it('requires the container features the gadget uses', async () => {
    const features = [...(await spec()).querySelectorAll('ModulePrefs > Require')].map((node) => node.getAttribute('feature'));
    expect(features).to.include.members(['settitle', 'dynamic-height', 'pubsub-2', 'setprefs', 'loadingindicator']);
  });

  it('loads the Finesse libraries, then the bundle beside the spec', async () => {
    const content = (await spec()).querySelector('Content');
    expect(content?.getAttribute('type')).to.equal('html');
    const html = content?.textContent ?? '';
    const finesse = html.indexOf('/desktop/assets/js/finesse.js');
    expect(finesse).to.be.greaterThan(html.indexOf('/desktop/assets/js/jquery.min.js'));
    expect(html.indexOf("'gadget.js'")).to.be.greaterThan(finesse);
    expect(html).to.contain("Experiencing issues with accessing customer's context information");
  });

  it('refers only to the Finesse server and to files beside the spec', async () => {
    const html = (await spec()).querySelector('Content')?.textContent ?? '';
    const page = new DOMParser().parseFromString(html, 'text/html');
    const sources = [...page.querySelectorAll('script[src], link[href], img[src]')].map((node) => node.getAttribute('src') ?? node.getAttribute('href') ?? '');
    for (const source of sources) expect(source, source).to.match(/^\/desktop\/assets\//);
    expect(html).to.not.match(/https?:\/\//);
    const imports = [...html.matchAll(/import\(([^)]*)\)/g)].map((match) => match[1]);
    expect(imports).to.deep.equal(["base + 'gadget.js'"]);
  });

  it('declares a preference for each setting the Finesse bridge reads', async () => {
    const names = [...(await spec()).querySelectorAll('UserPref')].map((node) => node.getAttribute('name'));
    expect(names).to.include.members(Object.keys(gadgetPrefsSchema.shape));
    expect(names).to.include.members(['timeout', 'theme', 'locale', 'labMode', 'podIdKey', 'backendUrl', 'fieldSetsUrl', 'revealSensitive']);
  });

  it('loads the bundle beside the spec once the hub connects, and says so when it cannot', async () => {
    const html = (await spec()).querySelector('Content')?.textContent ?? '';
    const script = [...new DOMParser().parseFromString(html, 'text/html').querySelectorAll('script:not([src])')].map((node) => node.textContent).join('\n');
    const frame = document.createElement('iframe');
    document.body.append(frame);
    try {
      const win = frame.contentWindow!;
      frame.contentDocument!.body.innerHTML = '<div data-cc-gadget></div>';
      const hub: { onConnect?: () => void } = {};
      Object.assign(win, { gadgets: { util: { getUrlParameters: () => ({ url: `${location.origin}/no-such-folder/ContextService.xml?timeout=2000` }) }, HubSettings: hub } });
      const run = new (win as unknown as { Function: FunctionConstructor }).Function(script);
      run();
      expect(hub.onConnect).to.be.a('function');
      const target = frame.contentDocument!.querySelector('[data-cc-gadget]')!;
      expect(target.textContent).to.equal('');
      hub.onConnect!();
      await waitUntil(() => target.textContent?.includes("Experiencing issues with accessing customer's context information"), 'Expected the load failure to be shown');
    } finally {
      frame.remove();
    }
  });
});
