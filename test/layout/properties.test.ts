import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { LAYOUT_NAMESPACE, addContextTab, checkLayout, removeContextTab, type ContextTabOptions } from '../../src/layout/index.js';
import { reparse, tabsOf } from './fixtures.js';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const tabId = fc.stringMatching(/^[a-zA-Z][-_:.a-zA-Z0-9]{0,12}$/);
/** Text an administrator could type: markup characters, quotes, accents, emoji, no control characters. */
const typed = fc
  .array(fc.oneof(fc.constantFrom('<', '>', '&', '"', "'", '&amp;', ']]>', 'é', '—', '日本', '😀', ' '), fc.string({ unit: 'grapheme', maxLength: 4 })), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(''))
  .filter((text) => text.trim().length > 0 && !/[\0-\x1f\x7f\u2028\u2029]/.test(text));

interface Shape {
  readonly eol: string;
  readonly unit: string;
  readonly columns: readonly boolean[];
  readonly ids: readonly string[];
  readonly supervisor: boolean;
  readonly comment: boolean;
}

const shape: fc.Arbitrary<Shape> = fc
  .record({
    eol: fc.constantFrom('\n', '\r\n'),
    unit: fc.constantFrom('  ', '    ', '\t'),
    ids: fc.uniqueArray(tabId.filter((id) => id !== 'manageCustomer'), { minLength: 1, maxLength: 5 }),
    supervisor: fc.boolean(),
    comment: fc.boolean(),
    columns: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
  });

function generate(s: Shape): string {
  const lines: [number, string][] = [[0, `<finesseLayout xmlns="${LAYOUT_NAMESPACE}">`], [1, '<version>1.0</version>']];
  for (const role of s.supervisor ? ['Agent', 'Supervisor'] : ['Agent']) {
    lines.push([1, '<layout>'], [2, `<role>${role}</role>`], [2, '<page>'], [3, '<gadget>/desktop/gadgets/CallControl.jsp</gadget>'], [2, '</page>'], [2, '<tabs>']);
    s.ids.forEach((id, i) => {
      lines.push([3, '<tab>'], [4, `<id>${id}</id>`], [4, `<label>${escape(`Tab ${i} <&>`)}</label>`]);
      const gadget = `<gadget>/g/${i}.xml?a=1&amp;b=${i}</gadget>`;
      if (s.columns[i]) lines.push([4, '<columns>'], [5, '<column>'], [6, '<gadgets>'], [7, gadget], [6, '</gadgets>'], [5, '</column>'], [4, '</columns>']);
      else lines.push([4, '<gadgets>'], [5, gadget], [4, '</gadgets>']);
      lines.push([3, '</tab>']);
    });
    if (s.comment) lines.push([3, '<!-- <tab><id>old</id></tab> -->']);
    lines.push([2, '</tabs>'], [1, '</layout>']);
  }
  lines.push([0, '</finesseLayout>']);
  return lines.map(([depth, text]) => s.unit.repeat(depth) + text).join(s.eol) + s.eol;
}

const options: fc.Arbitrary<ContextTabOptions> = fc.record(
  {
    roles: fc.constantFrom<ContextTabOptions['roles']>(['Agent'], 'all', ['Supervisor'], ['Agent', 'Supervisor']),
    tabId,
    label: typed,
    gadgetUrl: fc.webUrl({ withQueryParameters: true }),
    params: fc.dictionary(fc.string({ minLength: 1, maxLength: 6, unit: 'grapheme' }), typed, { maxKeys: 3 }),
    icon: fc.oneof(fc.constant(false as const), fc.stringMatching(/^[a-z_]{1,10}$/)),
    gadget: fc.record({ hidden: fc.boolean(), maxRows: fc.integer({ min: 1, max: 50 }) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

describe('layout properties', () => {
  it('adding keeps the layout well-formed and valid, carries every value through, and round-trips', () => {
    fc.assert(
      fc.property(shape, options, (s, o) => {
        const xml = generate(s);
        const usable = { ...o, ...(o.tabId && s.ids.includes(o.tabId) ? { tabId: 'manageCustomer' } : {}) };
        const wantsSupervisor = usable.roles !== 'all' && usable.roles?.includes('Supervisor');
        const added = addContextTab(xml, usable);
        if (wantsSupervisor && !s.supervisor) {
          expect(added.xml).to.equal(undefined);
          return;
        }
        expect(added.ok, JSON.stringify(added.findings)).to.equal(true);
        reparse(added.xml!);
        expect(checkLayout(added.xml!).ok).to.equal(true);
        const role = usable.roles === 'all' || !usable.roles ? 'Agent' : usable.roles[0]!;
        const tab = tabsOf(added.xml!, role).at(-1)!;
        expect(tab.id).to.equal(usable.tabId ?? 'manageCustomer');
        if (usable.label !== undefined) expect(tab.label).to.equal(usable.label);
        if (usable.gadgetUrl !== undefined) expect(tab.gadgets[0]!.url.startsWith(usable.gadgetUrl.replace(/&amp;/g, '&'))).to.equal(true);
        for (const [key, value] of Object.entries(usable.params ?? {})) {
          expect(tab.gadgets[0]!.url).to.include(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
        }
        expect(tab.gadgets[0]!.url).to.not.match(/\s/);
        expect(addContextTab(added.xml!, usable).xml).to.equal(added.xml);
        const removed = removeContextTab(added.xml!, { tabId: usable.tabId ?? 'manageCustomer' });
        expect(removed.xml === xml).to.equal(true);
      }),
      { numRuns: 150 },
    );
  });

  it('adds in the style of the role\'s tabs', () => {
    fc.assert(
      fc.property(shape, (s) => {
        const xml = generate(s);
        const tab = tabsOf(addContextTab(xml).xml!, 'Agent').at(-1)!;
        const used = s.columns.slice(0, s.ids.length);
        const columns = used.filter(Boolean).length;
        const gadgets = used.length - columns;
        if (columns !== gadgets) expect(tab.style).to.equal(columns > gadgets ? 'columns' : 'gadgets');
      }),
      { numRuns: 80 },
    );
  });

  it('never throws on mangled layouts: findings or a valid result', () => {
    fc.assert(
      fc.property(shape, fc.nat(), fc.nat(), fc.constantFrom('', '<', '&', '>', '</tab>', '<!DOCTYPE x>', '"', ']]>', '\u0000'), (s, a, b, insert) => {
        const xml = generate(s);
        const from = a % xml.length;
        const to = Math.min(xml.length, from + (b % 40));
        const mangled = xml.slice(0, from) + insert + xml.slice(to);
        const result = addContextTab(mangled);
        if (result.xml !== undefined) {
          reparse(result.xml);
          expect(result.ok).to.equal(true);
        } else {
          expect(result.findings.some((f) => f.severity === 'error')).to.equal(true);
          for (const finding of result.findings) expect(finding.message).to.be.a('string').and.not.equal('');
        }
      }),
      { numRuns: 300 },
    );
  });
});
