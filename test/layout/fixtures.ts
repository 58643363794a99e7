// Shared helpers for the layout tests: real layouts fetched from the dev server, and an
// independent re-parse with the browser's own XML parser.
import { LAYOUT_NAMESPACE } from '../../src/layout/index.js';

export const LAYOUT_FILES = ['stock-style-columns.xml', 'legacy-gadgets-in-tab.xml', 'crlf-bom-mixed.xml', 'minified.xml'] as const;

export async function loadLayout(name: string): Promise<string> {
  const response = await fetch(`/test/fixtures/layouts/${name}`);
  if (!response.ok) throw new Error(`${name}: ${response.status}`);
  // Decode by hand so a byte order mark survives, as it does in the CLI.
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
}

/** Parses with the browser's DOMParser; throws on XML that is not well-formed. */
export function reparse(xml: string): Document {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const error = doc.getElementsByTagName('parsererror')[0];
  if (error) throw new Error(`not well-formed: ${error.textContent}`);
  return doc;
}

export interface TabView {
  readonly id: string;
  readonly label: string;
  readonly icon: string | undefined;
  readonly style: 'gadgets' | 'columns' | 'none';
  readonly gadgets: readonly { url: string; attributes: Record<string, string> }[];
}

/** The tabs of one role, read through the DOM. */
export function tabsOf(xml: string, role: string): TabView[] {
  const doc = reparse(xml);
  const layout = [...doc.getElementsByTagNameNS(LAYOUT_NAMESPACE, 'layout')].find(
    (l) => l.getElementsByTagNameNS(LAYOUT_NAMESPACE, 'role')[0]?.textContent?.trim() === role,
  );
  if (!layout) return [];
  const direct = (parent: Element, name: string) => [...parent.children].filter((c) => c.localName === name && c.namespaceURI === LAYOUT_NAMESPACE);
  const tabs = direct(layout, 'tabs')[0];
  return (tabs ? direct(tabs, 'tab') : []).map((tab) => {
    const gadgetElements = [...tab.getElementsByTagNameNS(LAYOUT_NAMESPACE, 'gadget')];
    return {
      id: direct(tab, 'id')[0]?.textContent ?? '',
      label: direct(tab, 'label')[0]?.textContent ?? '',
      icon: direct(tab, 'icon')[0]?.textContent ?? undefined,
      style: direct(tab, 'columns').length ? 'columns' : direct(tab, 'gadgets').length ? 'gadgets' : 'none',
      gadgets: gadgetElements.map((g) => ({
        url: g.textContent ?? '',
        attributes: Object.fromEntries([...g.attributes].map((a) => [a.name, a.value])),
      })),
    };
  });
}

export const errors = (findings: readonly { severity: string; code: string }[]) => findings.filter((f) => f.severity === 'error').map((f) => f.code);
export const warnings = (findings: readonly { severity: string; code: string }[]) => findings.filter((f) => f.severity === 'warning').map((f) => f.code);

/** A small valid layout of the given version; tabs in the older style. */
export function smallLayout({ version = '1.0', header = false, eol = '\n' } = {}): string {
  return [
    `<finesseLayout xmlns="${LAYOUT_NAMESPACE}">`,
    `    <version>${version}</version>`,
    ...(header ? ['    <header>', '        <leftAlignedColumns>', '        </leftAlignedColumns>', '    </header>'] : []),
    '    <layout>',
    '        <role>Agent</role>',
    '        <page>',
    '            <gadget>/desktop/gadgets/CallControl.jsp</gadget>',
    '        </page>',
    '        <tabs>',
    '            <tab>',
    '                <id>home</id>',
    '                <label>finesse.container.tabs.agent.homeLabel</label>',
    '                <gadgets>',
    '                    <gadget>/desktop/gadgets/Home.xml</gadget>',
    '                </gadgets>',
    '            </tab>',
    '        </tabs>',
    '    </layout>',
    '</finesseLayout>',
    '',
  ].join(eol);
}
