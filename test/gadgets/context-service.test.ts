import { expect } from '@open-wc/testing';

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
});
