import { expect } from '@open-wc/testing';
import { LAYOUT_NAMESPACE, STOCK_LAYOUT, addContextTab, checkLayout, diffLines, removeContextTab } from '../../src/layout/index.js';
import { errors } from './fixtures.js';

/** A layout of about `bytes` characters: many real tabs, then the rest. */
function bigLayout(bytes: number): string {
  const tab = (i: number) =>
    `            <tab>\n                <id>t${i}</id>\n                <label>finesse.tab.${i}</label>\n                <gadgets>\n                    <gadget>/desktop/gadgets/G${i}.xml?a=1&amp;b=2</gadget>\n                </gadgets>\n            </tab>\n`;
  const head = `<finesseLayout xmlns="${LAYOUT_NAMESPACE}">\n    <version>1.0</version>\n    <layout>\n        <role>Agent</role>\n        <page>\n            <gadget>/desktop/gadgets/CallControl.jsp</gadget>\n        </page>\n        <tabs>\n`;
  const parts = [head];
  let size = head.length;
  for (let i = 0; size < bytes; i++) {
    const next = tab(i);
    parts.push(next);
    size += next.length;
  }
  parts.push('        </tabs>\n    </layout>\n</finesseLayout>\n');
  return parts.join('');
}

describe('layout robustness', () => {
  it('checks, adds to and removes from a 5 MB layout, and diffs it', function () {
    this.timeout(120_000);
    const xml = bigLayout(5 * 1024 * 1024);
    expect(xml.length).to.be.greaterThan(5 * 1024 * 1024);
    expect(checkLayout(xml).ok).to.equal(true);
    const added = addContextTab(xml, { after: 't10' });
    expect(added.ok).to.equal(true);
    expect(removeContextTab(added.xml!).xml === xml).to.equal(true);
    const changed = diffLines(xml, added.xml!).filter((row) => row.kind !== 'same');
    expect(changed).to.have.length(7);
    expect(changed[0]!.after).to.deep.equal({ line: 86, text: '            <tab>' });
  });

  it('reports a 5 MB layout that breaks at its end', function () {
    this.timeout(120_000);
    const xml = bigLayout(5 * 1024 * 1024);
    const result = checkLayout(xml.slice(0, -20));
    expect(errors(result.findings)).to.deep.equal(['xml']);
    expect(result.findings[0]!.line).to.be.greaterThan(100_000);
  });

  it('refuses a billion laughs with a large internal subset without expanding it', function () {
    this.timeout(60_000);
    const entities = Array.from({ length: 30 }, (_, i) => `<!ENTITY e${i + 1} "${`&e${i};`.repeat(10)}">`).join('\n');
    const xml = `<!DOCTYPE finesseLayout [\n<!ENTITY e0 "ha">\n${entities}\n]>\n<finesseLayout xmlns="${LAYOUT_NAMESPACE}"><version>&e30;</version></finesseLayout>`;
    const result = addContextTab(xml);
    expect(result.xml).to.equal(undefined);
    expect(errors(result.findings)).to.deep.equal(['doctype']);
  });

  it('refuses external entities', () => {
    const xml = `<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<finesseLayout xmlns="${LAYOUT_NAMESPACE}"><version>&xxe;</version></finesseLayout>`;
    expect(errors(checkLayout(xml).findings)).to.deep.equal(['doctype']);
  });

  it('survives deep nesting of unknown elements', () => {
    const depth = 20_000;
    const xml = STOCK_LAYOUT.replace('</configs>', `${'<x>'.repeat(depth)}${'</x>'.repeat(depth)}</configs>`);
    const result = checkLayout(xml);
    expect(result.ok).to.equal(true);
    expect(result.findings.map((f) => f.code)).to.deep.equal(['unknown-element']);
  });

  it('reports the first problem in binary junk', () => {
    for (const junk of ['\u0000\u0001\u0002', '\uFFFE<a/>', '<a\u0000/>', '<?xml version="1.0"?><?xml version="1.0"?><a/>']) {
      const result = checkLayout(junk);
      expect(result.ok, JSON.stringify(junk)).to.equal(false);
    }
  });
});
