import { expect } from '@open-wc/testing';
import { GADGET_URL_PRESETS, THIRD_PARTY_FOLDER, checkContextTabOptions, contextTabSnippet } from '../../src/layout/index.js';
import { reparse } from './fixtures.js';

describe('contextTabSnippet', () => {
  it('gives the seed snippet by default', () => {
    expect(contextTabSnippet()).to.equal(
      [
        '<tab>',
        '    <id>manageCustomer</id>',
        '    <label>finesse.container.tabs.agent.manageCustomerLabel</label>',
        '    <gadgets>',
        '        <gadget>/desktop/gadgets/ContextService.xml</gadget>',
        '    </gadgets>',
        '</tab>',
      ].join('\n'),
    );
  });

  it('writes the columns style, the supervisor label, attributes and a custom indent', () => {
    const snippet = contextTabSnippet({ style: 'columns', roles: ['Supervisor'], indent: '\t', icon: 'manage_customer', gadget: { id: 'cc', hidden: true, maxRows: 4 } });
    expect(snippet).to.include('\t<label>finesse.container.tabs.supervisor.manageCustomerLabel</label>');
    expect(snippet).to.include('\t\t\t\t<gadget id="cc" maxRows="4" hidden="true">/desktop/gadgets/ContextService.xml</gadget>');
    expect(snippet).to.include('\t<icon>manage_customer</icon>');
    reparse(snippet);
  });

  it('escapes whatever it is given and stays well-formed', () => {
    const snippet = contextTabSnippet({ tabId: '"><x', label: '</label>&', params: { q: '<&>' }, gadgetUrl: '/g.xml?a=1&b=2' });
    const doc = reparse(snippet);
    expect(doc.querySelector('label')!.textContent).to.equal('</label>&');
    expect(doc.querySelector('gadget')!.textContent).to.equal('/g.xml?a=1&b=2&q=%3C%26%3E');
    expect(checkContextTabOptions({ tabId: '"><x' }).map((f) => f.code)).to.deep.equal(['option-tab-id']);
  });

  it('offers the three gadget URLs', () => {
    expect(GADGET_URL_PRESETS.contextService).to.equal('/desktop/gadgets/ContextService.xml');
    expect(GADGET_URL_PRESETS.customerContext).to.equal('/desktop/gadgets/CustomerContext.xml');
    expect(GADGET_URL_PRESETS.thirdParty('customer-context')).to.equal('/3rdpartygadget/files/customer-context/ContextService.xml');
    expect(GADGET_URL_PRESETS.thirdParty('/a b/c/')).to.equal('/3rdpartygadget/files/a%20b/c/ContextService.xml');
  });

  it('puts our third-party gadget where the README tells administrators to upload it', async () => {
    expect(GADGET_URL_PRESETS.thirdParty()).to.equal('/3rdpartygadget/files/customer-context/ContextService.xml');
    const readme = await (await fetch('/README.md')).text();
    const served = [...readme.matchAll(/\/3rdpartygadget\/files\/([^/\s`]+)\//g)].map((match) => match[1]);
    const uploaded = [...readme.matchAll(/(?<!3rdpartygadget)\/files\/([^/\s`]+)\//g)].map((match) => match[1]);
    expect(served.length).to.be.greaterThan(2);
    expect(uploaded.length).to.be.greaterThan(0);
    expect(new Set([...served, ...uploaded])).to.deep.equal(new Set([THIRD_PARTY_FOLDER]));
  });
});
