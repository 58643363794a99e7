import { expect } from '@open-wc/testing';
import { LAYOUT_NAMESPACE, checkLayout, majorVersion } from '../../src/layout/index.js';
import { LAYOUT_FILES, errors, loadLayout, smallLayout, warnings } from './fixtures.js';

const layout = (body: string, version = '1.0') =>
  `<finesseLayout xmlns="${LAYOUT_NAMESPACE}">\n<version>${version}</version>\n${body}\n</finesseLayout>`;
const agent = (tabs: string) =>
  `<layout>\n<role>Agent</role>\n<page><gadget>/desktop/gadgets/CallControl.jsp</gadget></page>\n<tabs>\n${tabs}\n</tabs>\n</layout>`;
const tab = (id: string, gadgets = '<gadgets><gadget>/a.xml</gadget></gadgets>', label = 'finesse.label') =>
  `<tab><id>${id}</id><label>${label}</label>${gadgets}</tab>`;

describe('checkLayout', () => {
  describe('real layouts', () => {
    for (const name of LAYOUT_FILES) {
      it(`accepts ${name} without errors`, async () => {
        const result = checkLayout(await loadLayout(name));
        expect(errors(result.findings), JSON.stringify(result.findings)).to.deep.equal([]);
        expect(result.ok).to.equal(true);
        expect(result.roles).to.include('Agent');
      });
    }

    it('reports the version and the roles, and warns about tabs without gadgets', async () => {
      const result = checkLayout(await loadLayout('legacy-gadgets-in-tab.xml'));
      expect(result.version).to.equal('1.0');
      expect(result.roles).to.deep.equal(['Agent', 'Supervisor']);
      expect(warnings(result.findings)).to.deep.equal(['tab-empty', 'tab-empty']);
      expect(result.findings[0]).to.include({ line: 16, column: 13, where: 'Agent layout > tab "manageCall"' });
    });
  });

  describe('well-formedness', () => {
    it('gives the line and column of malformed XML', () => {
      const result = checkLayout(`<finesseLayout xmlns="${LAYOUT_NAMESPACE}">\n  <version>1.0</version>\n  <layout><role>Agent</rol></layout>\n</finesseLayout>`);
      expect(result.ok).to.equal(false);
      expect(result.findings).to.have.length(1);
      expect(result.findings[0]).to.include({ severity: 'error', code: 'xml', line: 3 });
      expect(result.findings[0]!.column).to.be.greaterThan(20);
      expect(result.findings[0]!.message).to.match(/not well-formed/);
    });

    it('reports a truncated layout at every cut, never throwing', async () => {
      const xml = await loadLayout('stock-style-columns.xml');
      for (let cut = 0; cut < xml.length - 2; cut += 97) {
        const result = checkLayout(xml.slice(0, cut));
        expect(result.ok, `cut at ${cut}`).to.equal(false);
        expect(result.findings[0]!.line).to.be.greaterThan(0);
      }
    });

    it('explains an unescaped ampersand in a gadget URL', () => {
      const result = checkLayout(layout(agent(tab('home', '<gadgets><gadget>/a.xml?x=1&y=2</gadget></gadgets>'))));
      expect(errors(result.findings)).to.deep.equal(['xml']);
      expect(result.findings[0]!.message).to.match(/&amp;/);
    });

    it('refuses a DOCTYPE, and with it the billion laughs', () => {
      const laughs = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('\n')}\n]>\n<finesseLayout xmlns="${LAYOUT_NAMESPACE}"><version>&lol9;</version></finesseLayout>`;
      const result = checkLayout(laughs);
      expect(errors(result.findings)).to.deep.equal(['doctype']);
      expect(result.findings[0]).to.include({ line: 2, column: 1 });
      expect(result.findings[0]!.message).to.match(/DOCTYPE/);
    });

    it('does not expand entities it does not know', () => {
      const result = checkLayout(layout(agent(tab('home', undefined, '&xxe;'))));
      expect(errors(result.findings)).to.deep.equal(['xml']);
    });

    it('warns about a declared encoding other than UTF-8', () => {
      const result = checkLayout(`<?xml version="1.0" encoding="ISO-8859-1"?>\n${smallLayout()}`);
      expect(result.ok).to.equal(true);
      expect(warnings(result.findings)).to.deep.equal(['encoding']);
      expect(checkLayout(`<?xml version="1.0" encoding="utf-8"?>\n${smallLayout()}`).findings).to.deep.equal([]);
    });

    it('reports empty input and plain text', () => {
      expect(errors(checkLayout('').findings)).to.deep.equal(['xml']);
      expect(errors(checkLayout('hello').findings)).to.deep.equal(['xml']);
    });
  });

  describe('namespace and root', () => {
    it('reports a missing or wrong namespace', () => {
      expect(errors(checkLayout('<finesseLayout><version>1.0</version></finesseLayout>').findings)).to.deep.equal(['namespace']);
      const wrong = checkLayout('<finesseLayout xmlns="http://www.cisco.com/vtg/finesse/"><version>1.0</version></finesseLayout>');
      expect(errors(wrong.findings)).to.deep.equal(['namespace']);
      expect(wrong.findings[0]!.message).to.include(LAYOUT_NAMESPACE);
    });

    it('reports an element moved out of the namespace', () => {
      const result = checkLayout(layout(agent(tab('home', '<gadgets xmlns="urn:other"><gadget>/a.xml</gadget></gadgets>'))));
      expect(errors(result.findings)).to.include('namespace');
    });

    it('accepts a prefixed namespace', () => {
      const xml = `<f:finesseLayout xmlns:f="${LAYOUT_NAMESPACE}"><f:version>1.0</f:version><f:layout><f:role>Agent</f:role><f:page/><f:tabs><f:tab><f:id>a</f:id><f:label>b</f:label><f:gadgets><f:gadget>/a.xml</f:gadget></f:gadgets></f:tab></f:tabs></f:layout></f:finesseLayout>`;
      expect(checkLayout(xml).findings).to.deep.equal([]);
    });

    it('asks for the inner layout of a team layout export', () => {
      const result = checkLayout('<TeamLayoutConfig><layoutxml>x</layoutxml><useDefault>false</useDefault></TeamLayoutConfig>');
      expect(errors(result.findings)).to.deep.equal(['team-layout']);
    });
  });

  describe('version', () => {
    it('reads the Finesse major version from layout versions', () => {
      expect(majorVersion('1.0')).to.equal(1);
      expect(majorVersion('11.6')).to.equal(11);
      expect(majorVersion('12.0')).to.equal(12);
      expect(majorVersion('1201.0')).to.equal(12);
      expect(majorVersion('1252.02')).to.equal(12);
    });

    it('needs no header before 12.0 and needs one from 12.0 on', () => {
      expect(checkLayout(smallLayout({ version: '1.0' })).findings).to.deep.equal([]);
      expect(checkLayout(smallLayout({ version: '11.6' })).findings).to.deep.equal([]);
      for (const version of ['12.0', '1201.0', '1250.03', '1252.02']) {
        expect(errors(checkLayout(smallLayout({ version })).findings), version).to.deep.equal(['header-missing']);
        expect(checkLayout(smallLayout({ version, header: true })).findings, version).to.deep.equal([]);
      }
    });

    it('reports a missing or malformed version', () => {
      expect(errors(checkLayout(`<finesseLayout xmlns="${LAYOUT_NAMESPACE}">${agent(tab('a'))}</finesseLayout>`).findings)).to.deep.equal(['version-missing']);
      expect(errors(checkLayout(layout(agent(tab('a')), 'v12')).findings)).to.deep.equal(['version-format']);
    });
  });

  describe('structure', () => {
    it('reports duplicate tab ids within a layout', () => {
      const result = checkLayout(layout(agent(`${tab('home')}\n${tab('home')}`)));
      expect(errors(result.findings)).to.deep.equal(['tab-id-duplicate']);
      expect(result.findings[0]!.where).to.equal('Agent layout > tab "home"');
    });

    it('reports tab ids that break the pattern', () => {
      for (const id of ['1home', 'my tab', 'a/b']) {
        expect(errors(checkLayout(layout(agent(tab(id)))).findings), id).to.deep.equal(['tab-id-format']);
      }
      expect(checkLayout(layout(agent(tab('a-b_c:d.e9')))).ok).to.equal(true);
    });

    it('reports a layout with no role, an unknown role and a role twice', () => {
      expect(errors(checkLayout(layout('<layout><page/><tabs/></layout>')).findings)).to.deep.equal(['role-missing']);
      expect(errors(checkLayout(layout('<layout><role>Boss</role></layout>')).findings)).to.include('role-unknown');
      expect(errors(checkLayout(layout(`${agent(tab('a'))}${agent(tab('b'))}`)).findings)).to.deep.equal(['role-duplicate']);
      expect(errors(checkLayout(layout('')).findings)).to.deep.equal(['layout-missing']);
    });

    it('reports a gadget URL with whitespace and an empty one', () => {
      const spaced = checkLayout(layout(agent(tab('home', '<gadgets><gadget>/a b.xml</gadget></gadgets>'))));
      expect(errors(spaced.findings)).to.deep.equal(['gadget-url-space']);
      expect(spaced.findings[0]!.where).to.equal('Agent layout > tab "home" > gadget 1');
      const broken = checkLayout(layout(agent(tab('home', '<gadgets><gadget>\n  /a.xml\n</gadget></gadgets>'))));
      expect(errors(broken.findings)).to.deep.equal(['gadget-url-space']);
      expect(errors(checkLayout(layout(agent(tab('home', '<gadgets><gadget/></gadgets>')))).findings)).to.deep.equal(['gadget-url-missing']);
    });

    it('checks gadget attributes and unique ids across gadgets and header components', () => {
      const gadgets = '<gadgets><gadget id="x" hidden="yes">/a.xml</gadget><gadget id="x">/b.xml</gadget><gadget id="9">/c.xml</gadget></gadgets>';
      expect(errors(checkLayout(layout(agent(tab('home', gadgets)))).findings)).to.deep.equal(['gadget-hidden', 'id-duplicate', 'id-format']);
      const relative = checkLayout(layout(agent(tab('home', '<gadgets><gadget alternateHosts="b">/a.xml</gadget></gadgets>'))));
      expect(warnings(relative.findings)).to.deep.equal(['gadget-alternate-hosts']);
    });

    it('reports more than four columns and a tab with both styles', () => {
      const five = `<columns>${'<column><gadgets><gadget>/a.xml</gadget></gadgets></column>'.repeat(5)}</columns>`;
      expect(errors(checkLayout(layout(agent(tab('home', five)))).findings)).to.deep.equal(['tab-columns']);
      const both = '<gadgets><gadget>/a.xml</gadget></gadgets><columns><column><gadgets><gadget>/b.xml</gadget></gadgets></column></columns>';
      expect(errors(checkLayout(layout(agent(tab('home', both)))).findings)).to.deep.equal(['tab-mixed']);
    });

    it('warns about unknown elements but keeps going', () => {
      const result = checkLayout(layout(agent(tab('home', '<gadgets><gadget>/a.xml</gadget></gadgets><colour>red</colour>'))));
      expect(result.ok).to.equal(true);
      expect(warnings(result.findings)).to.deep.equal(['unknown-element']);
    });

    it('reports a missing label and a label with a line break', () => {
      expect(errors(checkLayout(layout(agent('<tab><id>a</id><gadgets><gadget>/a.xml</gadget></gadgets></tab>'))).findings)).to.deep.equal(['tab-label-missing']);
      expect(errors(checkLayout(layout(agent(tab('a', undefined, 'one\ntwo')))).findings)).to.deep.equal(['tab-label-line-break']);
    });
  });
});
