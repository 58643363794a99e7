import { expect } from '@open-wc/testing';
import {
  GADGET_URL_PRESETS,
  LAYOUT_NAMESPACE,
  STOCK_LAYOUT,
  addContextTab,
  checkLayout,
  removeContextTab,
  type ContextTabOptions,
} from '../../src/layout/index.js';
import { LAYOUT_FILES, errors, loadLayout, reparse, smallLayout, tabsOf, warnings } from './fixtures.js';

const OPTION_SETS: readonly ContextTabOptions[] = [
  {},
  { roles: 'all' },
  { roles: ['Supervisor'], after: 'home' },
  { roles: 'all', label: 'Customer <Context> & "more"', params: { backend: 'https://cc.example.com/api?x=1&y=2', timeout: '1200' } },
  { tabId: 'cc.tab-1', gadgetUrl: GADGET_URL_PRESETS.thirdParty('customer-context'), gadget: { hidden: true, maxRows: 3 } },
];

/** The added text is the only difference: the output is the input with text spliced in. */
function splicedOnly(before: string, after: string): string {
  let start = 0;
  while (start < before.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return after.slice(start, after.length - end);
}

describe('addContextTab and removeContextTab', () => {
  describe('golden round trips on real layouts', () => {
    for (const name of LAYOUT_FILES) {
      it(`${name}: add then remove gives the input back byte for byte, for every option set`, async () => {
        const xml = await loadLayout(name);
        for (const options of OPTION_SETS) {
          const added = addContextTab(xml, options);
          expect(added.ok, JSON.stringify(added.findings)).to.equal(true);
          expect(added.changed).to.equal(true);
          const removed = removeContextTab(added.xml!, { ...(options.tabId ? { tabId: options.tabId } : {}) });
          expect(removed.changed).to.equal(true);
          expect(removed.xml === xml, `${name} ${JSON.stringify(options)}`).to.equal(true);
        }
      });

      it(`${name}: adding twice equals adding once, and the result re-parses and validates`, async () => {
        const xml = await loadLayout(name);
        for (const options of OPTION_SETS) {
          const once = addContextTab(xml, options);
          const twice = addContextTab(once.xml!, options);
          expect(twice.xml).to.equal(once.xml);
          expect(twice.changed).to.equal(false);
          const check = checkLayout(once.xml!);
          expect(errors(check.findings)).to.deep.equal([]);
          expect(check.findings.length).to.equal(checkLayout(xml).findings.length);
          reparse(once.xml!);
          const tabId = options.tabId ?? 'manageCustomer';
          const roles = options.roles === 'all' ? ['Agent', 'Supervisor'] : (options.roles ?? ['Agent']);
          for (const role of roles) {
            const tab = tabsOf(once.xml!, role).find((t) => t.id === tabId);
            expect(tab, `${role} ${tabId}`).to.not.equal(undefined);
            expect(tab!.gadgets).to.have.length(1);
          }
        }
      });
    }
  });

  describe('the stock layout', () => {
    it('adds the tab for the agent in the columns style, with an icon like its neighbours', () => {
      const result = addContextTab(STOCK_LAYOUT);
      expect(result.findings).to.deep.equal([]);
      const tabs = tabsOf(result.xml!, 'Agent');
      expect(tabs.map((t) => t.id)).to.deep.equal(['home', 'myStatistics', 'myHistory', 'manageCustomer']);
      expect(tabs[3]).to.deep.equal({
        id: 'manageCustomer',
        label: 'finesse.container.tabs.agent.manageCustomerLabel',
        icon: 'manage_customer',
        style: 'columns',
        gadgets: [{ url: '/desktop/gadgets/ContextService.xml', attributes: {} }],
      });
      expect(tabsOf(result.xml!, 'Supervisor').map((t) => t.id)).to.deep.equal(['home', 'teamData']);
    });

    it('places the tab right after the last tab, following its indentation, and keeps the commented-out tab', () => {
      const xml = addContextTab(STOCK_LAYOUT).xml!;
      const at = STOCK_LAYOUT.indexOf('\n            <!-- Uncomment');
      const inserted = [
          '',
          '            <tab>',
          '                <id>manageCustomer</id>',
          '                <icon>manage_customer</icon>',
          '                <label>finesse.container.tabs.agent.manageCustomerLabel</label>',
          '                <columns>',
          '                    <column>',
          '                        <gadgets>',
          '                            <gadget>/desktop/gadgets/ContextService.xml</gadget>',
          '                        </gadgets>',
          '                    </column>',
          '                </columns>',
          '            </tab>',
        ].join('\n');
      expect(xml === STOCK_LAYOUT.slice(0, at) + inserted + STOCK_LAYOUT.slice(at)).to.equal(true);
      expect(xml).to.include('<!-- Uncomment to show the Customer Context gadget.');
    });

    it('uses the supervisor label for the supervisor', () => {
      const tabs = tabsOf(addContextTab(STOCK_LAYOUT, { roles: ['Supervisor'] }).xml!, 'Supervisor');
      expect(tabs.at(-1)!.label).to.equal('finesse.container.tabs.supervisor.manageCustomerLabel');
      expect(tabsOf(addContextTab(STOCK_LAYOUT, { roles: 'all', label: 'Customer' }).xml!, 'Supervisor').at(-1)!.label).to.equal('Customer');
    });
  });

  describe('style', () => {
    it('adds gadgets directly in the tab where the layout does, without icons where it has none', async () => {
      const result = addContextTab(await loadLayout('legacy-gadgets-in-tab.xml'));
      const tab = tabsOf(result.xml!, 'Agent').at(-1)!;
      expect(tab.style).to.equal('gadgets');
      expect(tab.icon).to.equal(undefined);
    });

    it('follows each role in a layout that mixes styles', async () => {
      const xml = addContextTab(await loadLayout('crlf-bom-mixed.xml'), { roles: 'all' }).xml!;
      expect(tabsOf(xml, 'Agent').at(-1)!.style).to.equal('gadgets');
      expect(tabsOf(xml, 'Supervisor').at(-1)!.style).to.equal('columns');
    });

    it('takes an icon when asked and leaves it out when told', () => {
      expect(tabsOf(addContextTab(smallLayout(), { icon: 'person' }).xml!, 'Agent').at(-1)!.icon).to.equal('person');
      expect(tabsOf(addContextTab(STOCK_LAYOUT, { icon: false }).xml!, 'Agent').at(-1)!.icon).to.equal(undefined);
    });
  });

  describe('position', () => {
    it('places the tab after the named tab', () => {
      const ids = tabsOf(addContextTab(STOCK_LAYOUT, { after: 'home' }).xml!, 'Agent').map((t) => t.id);
      expect(ids).to.deep.equal(['home', 'manageCustomer', 'myStatistics', 'myHistory']);
    });

    it('adds last, with a warning, when the named tab is missing in a role', () => {
      const result = addContextTab(STOCK_LAYOUT, { roles: 'all', after: 'myHistory' });
      expect(result.ok).to.equal(true);
      expect(warnings(result.findings)).to.deep.equal(['after-not-found']);
      expect(tabsOf(result.xml!, 'Agent').map((t) => t.id).at(-1)).to.equal('manageCustomer');
      expect(tabsOf(result.xml!, 'Supervisor').map((t) => t.id)).to.deep.equal(['home', 'teamData', 'manageCustomer']);
    });

    it('creates the tab inside an empty or self-closing <tabs>', async () => {
      const xml = await loadLayout('crlf-bom-mixed.xml');
      const result = addContextTab(xml.replace('<role>Supervisor</role>', '<role>Supervisor</role>').replace(/<role>Admin<\/role>/, '<role>Agent</role>').replace(/<role>Agent<\/role>([\s\S]*?)<role>Supervisor/, '<role>Admin</role>$1<role>Supervisor'), {});
      expect(result.ok, JSON.stringify(result.findings)).to.equal(true);
      expect(result.xml).to.include('<tabs>\r\n\t\t\t<tab>\r\n\t\t\t\t<id>manageCustomer</id>');
      expect(tabsOf(result.xml!, 'Agent').map((t) => t.id)).to.deep.equal(['manageCustomer']);
      const empty = smallLayout().replace(/<tabs>[\s\S]*<\/tabs>/, '<tabs>\n        </tabs>');
      const filled = addContextTab(empty).xml!;
      expect(filled).to.include('<tabs>\n            <tab>\n                <id>manageCustomer</id>');
      expect(filled).to.include('            </tab>\n        </tabs>');
    });

    it('creates <tabs> when a role has none', () => {
      const xml = smallLayout().replace(/\s*<tabs>[\s\S]*<\/tabs>/, '');
      const result = addContextTab(xml);
      expect(result.ok).to.equal(true);
      expect(result.xml).to.include('        </page>\n        <tabs>\n            <tab>\n');
      expect(tabsOf(result.xml!, 'Agent').map((t) => t.id)).to.deep.equal(['manageCustomer']);
    });
  });

  describe('text outside the change stays byte for byte', () => {
    it('keeps CRLF, the byte order mark, tabs, CDATA, quoting and &amp;', async () => {
      const xml = await loadLayout('crlf-bom-mixed.xml');
      expect(xml.charCodeAt(0)).to.equal(0xfeff);
      const added = addContextTab(xml, { roles: 'all', params: { a: '1', b: '2' } }).xml!;
      expect(added.charCodeAt(0)).to.equal(0xfeff);
      expect(added.replace(/\r\n/g, '')).to.not.match(/[\r\n]/);
      const inserted = splicedOnly(xml, added);
      expect(inserted).to.include('\r\n\t\t\t<tab>\r\n\t\t\t\t<id>manageCustomer</id>');
      expect(added).to.include('ContextService.xml?a=1&amp;b=2</gadget>');
      expect(added).to.include("<config key='title' value='Contact &amp; Care'/>");
      expect(added).to.include('<label><![CDATA[finesse.container.tabs.agent.homeLabel]]></label>');
    });

    it('keeps a one-line layout on one line', async () => {
      const xml = await loadLayout('minified.xml');
      const added = addContextTab(xml, { roles: 'all' }).xml!;
      expect(added).to.not.match(/\n/);
      expect(added).to.include('</tab><tab><id>manageCustomer</id><label>finesse.container.tabs.agent.manageCustomerLabel</label><gadgets><gadget>/desktop/gadgets/ContextService.xml</gadget></gadgets></tab><!--<tab>');
    });

    it('writes new elements with the prefix of a prefixed layout', () => {
      const xml = `<f:finesseLayout xmlns:f="${LAYOUT_NAMESPACE}"><f:version>1.0</f:version><f:layout><f:role>Agent</f:role><f:page/><f:tabs><f:tab><f:id>a</f:id><f:label>b</f:label><f:gadgets><f:gadget>/a.xml</f:gadget></f:gadgets></f:tab></f:tabs></f:layout></f:finesseLayout>`;
      const added = addContextTab(xml).xml!;
      expect(added).to.include('<f:tab><f:id>manageCustomer</f:id>');
      expect(tabsOf(added, 'Agent').map((t) => t.id)).to.deep.equal(['a', 'manageCustomer']);
    });
  });

  describe('escaping', () => {
    it('escapes labels, URLs and attribute values so nothing can inject XML', () => {
      const label = 'A</label><tab><id>evil</id>&amp;"\'';
      const result = addContextTab(smallLayout(), {
        label,
        gadgetUrl: 'https://x.example.com/g.xml?a=<b>&c="d"',
        params: { 'k&<': 'v"></gadget>' },
        gadget: { alternateHosts: 'h1,"h2"><x', id: 'ccGadget' },
      });
      expect(result.ok, JSON.stringify(result.findings)).to.equal(true);
      const tabs = tabsOf(result.xml!, 'Agent');
      expect(tabs.map((t) => t.id)).to.deep.equal(['home', 'manageCustomer']);
      expect(tabs[1]!.label).to.equal(label);
      expect(tabs[1]!.gadgets[0]!.url).to.equal('https://x.example.com/g.xml?a=<b>&c="d"&k%26%3C=v%22%3E%3C%2Fgadget%3E');
      expect(tabs[1]!.gadgets[0]!.attributes).to.deep.equal({ id: 'ccGadget', alternateHosts: 'h1,"h2"><x' });
    });

    it('encodes parameters into the query with &amp; between them', () => {
      const xml = addContextTab(smallLayout(), { gadgetUrl: '/g.xml?v=1', params: { backend: 'https://a.example/b c', timeout: '1200' } }).xml!;
      expect(xml).to.include('<gadget>/g.xml?v=1&amp;backend=https%3A%2F%2Fa.example%2Fb%20c&amp;timeout=1200</gadget>');
    });

    it('reads &amp; in a pasted gadget URL as the & it stands for', () => {
      const xml = addContextTab(smallLayout(), { gadgetUrl: '/g.xml?a=1&amp;b=2' }).xml!;
      expect(xml).to.include('<gadget>/g.xml?a=1&amp;b=2</gadget>');
    });
  });

  describe('findings instead of output', () => {
    it('generates nothing from a layout with errors', () => {
      const result = addContextTab(smallLayout({ version: '1252.02' }));
      expect(result.ok).to.equal(false);
      expect(result.xml).to.equal(undefined);
      expect(result.changed).to.equal(false);
      expect(errors(result.findings)).to.deep.equal(['header-missing']);
    });

    it('returns findings for bad options rather than throwing', () => {
      const cases: [ContextTabOptions, string][] = [
        [{ tabId: '1bad' }, 'option-tab-id'],
        [{ tabId: 'has space' }, 'option-tab-id'],
        [{ tabId: 'x"><y' }, 'option-tab-id'],
        [{ gadget: { id: 'bad.id' } }, 'option-gadget-id'],
        [{ gadgetUrl: '/a b.xml' }, 'option-gadget-url'],
        [{ gadgetUrl: '  ' }, 'option-gadget-url'],
        [{ label: 'two\nlines' }, 'option-label'],
        [{ label: 'bell\u0007' }, 'option-character'],
        [{ params: { a: '\ud800' } }, 'option-param'],
        [{ gadget: { maxRows: -1 } }, 'option-max-rows'],
        [{ gadget: { alternateHosts: 'b' } }, 'option-alternate-hosts'],
        [{ roles: ['Admin' as never] }, 'option-role'],
      ];
      for (const [options, code] of cases) {
        const result = addContextTab(smallLayout(), options);
        expect(errors(result.findings), JSON.stringify(options)).to.deep.equal([code]);
        expect(result.xml).to.equal(undefined);
        expect(result.findings[0]!.line).to.equal(0);
      }
    });

    it('reports a role the layout has no layout for', () => {
      const result = addContextTab(smallLayout(), { roles: ['Supervisor'] });
      expect(errors(result.findings)).to.deep.equal(['role-not-found']);
    });

    it('refuses a gadget id that is already used or would be used twice', () => {
      expect(errors(addContextTab(STOCK_LAYOUT, { gadget: { id: 'agentMultiTabGadgetContainer' } }).findings)).to.deep.equal(['option-gadget-id']);
      expect(errors(addContextTab(STOCK_LAYOUT, { roles: 'all', gadget: { id: 'cc' } }).findings)).to.deep.equal(['option-gadget-id']);
      expect(addContextTab(STOCK_LAYOUT, { gadget: { id: 'cc' } }).ok).to.equal(true);
    });

    it('leaves an existing tab of the same id alone and says so when it differs', () => {
      const once = addContextTab(STOCK_LAYOUT).xml!;
      const other = addContextTab(once, { gadgetUrl: GADGET_URL_PRESETS.customerContext });
      expect(other.xml).to.equal(once);
      expect(other.changed).to.equal(false);
      expect(warnings(other.findings)).to.deep.equal(['tab-exists']);
    });
  });

  describe('removeContextTab', () => {
    it('removes the tab from every layout by default, or from the given role', () => {
      const both = addContextTab(STOCK_LAYOUT, { roles: 'all' }).xml!;
      expect(removeContextTab(both).xml).to.equal(STOCK_LAYOUT);
      const agentOnly = removeContextTab(both, { roles: ['Supervisor'] }).xml!;
      expect(agentOnly).to.equal(addContextTab(STOCK_LAYOUT).xml);
    });

    it('changes nothing and warns when there is no such tab', () => {
      const result = removeContextTab(STOCK_LAYOUT);
      expect(result.changed).to.equal(false);
      expect(result.xml).to.equal(STOCK_LAYOUT);
      expect(warnings(result.findings)).to.deep.equal(['tab-not-found']);
    });

    it('removes a tab the administrator wrote by hand', () => {
      const result = removeContextTab(STOCK_LAYOUT, { tabId: 'myHistory' });
      expect(tabsOf(result.xml!, 'Agent').map((t) => t.id)).to.deep.equal(['home', 'myStatistics']);
      expect(errors(checkLayout(result.xml!).findings)).to.deep.equal([]);
    });

    it('refuses a layout with errors', () => {
      const result = removeContextTab('<finesseLayout>');
      expect(result.xml).to.equal(undefined);
      expect(errors(result.findings)).to.deep.equal(['xml']);
    });
  });
});
