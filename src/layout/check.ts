// Structural validation of a Finesse desktop layout, judged by the layout's own version.
import { parseXml, type ParsedXml, type XmlElement } from './parse.js';
import { LAYOUT_NAMESPACE, LAYOUT_ROLES, type Finding, type LayoutCheck, type Severity, type TabStyle } from './types.js';

export const TAB_ID_PATTERN = /^[a-zA-Z][-_:.a-zA-Z0-9]*$/;
export const GADGET_ID_PATTERN = /^[a-zA-Z][-_a-zA-Z0-9]*$/;
const VERSION_PATTERN = /^\d+(\.\d+)*$/;
const MAX_COLUMNS = 4;
const MAX_LAYOUTS = 3;

const KNOWN_CHILDREN: Readonly<Record<string, readonly string[]>> = {
  finesseLayout: ['version', 'configs', 'header', 'layout'],
  configs: ['config'],
  header: ['leftAlignedColumns', 'rightAlignedColumns'],
  leftAlignedColumns: ['headercolumn'],
  rightAlignedColumns: ['headercolumn'],
  headercolumn: ['component'],
  component: ['url'],
  layout: ['role', 'page', 'tabs'],
  page: ['gadget'],
  tabs: ['tab'],
  tab: ['id', 'icon', 'label', 'gadgets', 'columns'],
  columns: ['column'],
  column: ['gadgets'],
  gadgets: ['gadget'],
};
const GADGET_ATTRIBUTES = new Set(['id', 'alternateHosts', 'managedBy', 'hidden', 'maxRows', 'default']);

export interface TabModel {
  readonly element: XmlElement;
  readonly id: string | undefined;
  readonly style: TabStyle | undefined;
  readonly hasIcon: boolean;
  readonly gadgetUrls: readonly string[];
}

export interface RoleLayout {
  readonly element: XmlElement;
  readonly role: string | undefined;
  readonly tabs: XmlElement | undefined;
  readonly tabList: readonly TabModel[];
}

export interface LayoutAnalysis extends LayoutCheck {
  readonly parsed: ParsedXml;
  readonly layouts: readonly RoleLayout[];
  /** Ids of all gadgets and header components. */
  readonly componentIds: ReadonlySet<string>;
  readonly gadgetUrls: ReadonlySet<string>;
}

/** The Finesse major version a layout version stands for: `1.0` -> 1, `1201.0` -> 12, `1252.02` -> 12. */
export function majorVersion(version: string): number {
  const first = Number.parseInt(version, 10);
  return first >= 100 ? Math.floor(first / 100) : first;
}

const children = (element: XmlElement, name: string) => element.children.filter((child) => child.name === name);
const child = (element: XmlElement, name: string) => element.children.find((c) => c.name === name);

export function analyseLayout(xml: string): LayoutAnalysis {
  const parsed = parseXml(xml);
  const findings: Finding[] = [...parsed.findings];
  const layouts: RoleLayout[] = [];
  const componentIds = new Map<string, XmlElement>();
  const gadgetUrls = new Set<string>();
  const roles: string[] = [];
  let version: string | undefined;

  const report = (severity: Severity, code: string, message: string, at: XmlElement | number, where?: string) => {
    const offset = typeof at === 'number' ? at : at.start;
    findings.push({ severity, code, message, ...parsed.position(offset), ...(where ? { where } : {}) });
  };
  const done = (): LayoutAnalysis => ({
    findings,
    ok: !findings.some((f) => f.severity === 'error'),
    ...(version !== undefined ? { version } : {}),
    roles,
    parsed,
    layouts,
    componentIds: new Set(componentIds.keys()),
    gadgetUrls,
  });

  const root = parsed.root;
  if (!root) {
    if (!findings.length) report('error', 'empty', 'The text holds no layout.', 0);
    return done();
  }
  if (root.name === 'TeamLayoutConfig') {
    report(
      'error',
      'team-layout',
      'This is a team layout export (<TeamLayoutConfig>). Paste only the layout inside <layoutxml>, starting at <finesseLayout>.',
      root,
    );
    return done();
  }
  if (root.name !== 'finesseLayout') {
    report('error', 'root', `A desktop layout starts with <finesseLayout>, not <${root.qname}>.`, root);
    return done();
  }

  // Elements outside the Finesse namespace, and elements Finesse does not know, walked without recursion.
  const pending: XmlElement[] = [root];
  while (pending.length) {
    const element = pending.pop()!;
    if (element.uri !== LAYOUT_NAMESPACE) {
      report(
        'error',
        'namespace',
        element === root
          ? `The layout must declare xmlns="${LAYOUT_NAMESPACE}" on <finesseLayout>${element.uri ? `, not "${element.uri}"` : ''}.`
          : `<${element.qname}> is not in the Finesse namespace ${LAYOUT_NAMESPACE}${element.uri ? ` but in "${element.uri}"` : ''}.`,
        element,
      );
      if (element === root) return done();
      continue;
    }
    const known = KNOWN_CHILDREN[element.name];
    if (!known) continue;
    for (const item of element.children) {
      if (known.includes(item.name) || item.uri !== LAYOUT_NAMESPACE) pending.push(item);
      else
        report(
          'warning',
          'unknown-element',
          `Finesse does not expect <${item.qname}> inside <${element.qname}>. It is kept as it is, but Finesse may refuse the layout.`,
          item,
        );
    }
    if (element.text.trim() && !['finesseLayout', 'component'].includes(element.name) && known.length) {
      report('warning', 'stray-text', `<${element.qname}> holds text "${element.text.trim().slice(0, 40)}" that Finesse ignores or refuses.`, element);
    }
  }

  if (parsed.encoding && !/^utf-?8$/i.test(parsed.encoding)) {
    report(
      'warning',
      'encoding',
      `The layout declares encoding="${parsed.encoding}". Finesse and this tool read UTF-8: save the file as UTF-8 and say so, or accented labels may break.`,
      0,
    );
  }

  // Version
  const versionElements = children(root, 'version');
  if (!versionElements.length) {
    report('error', 'version-missing', 'The layout has no <version>. Start from the layout your Finesse exported and keep its version.', root);
  } else {
    version = versionElements[0]!.text.trim();
    if (versionElements.length > 1) report('error', 'version-duplicate', 'The layout has more than one <version>.', versionElements[1]!);
    if (!VERSION_PATTERN.test(version)) {
      report('error', 'version-format', `The version "${version}" is not digits and dots (like 1.0 or 1252.02).`, versionElements[0]!);
      version = undefined;
    }
  }

  // Configs
  const configKeys = new Set<string>();
  for (const configs of children(root, 'configs')) {
    for (const config of children(configs, 'config')) {
      const key = config.attributes.get('key');
      if (!key) report('error', 'config-key', 'A <config> has no key attribute.', config, 'configs');
      if (!config.attributes.has('value')) report('error', 'config-value', `The <config> "${key ?? ''}" has no value attribute.`, config, 'configs');
      if (key && configKeys.has(key)) report('warning', 'config-duplicate', `The config "${key}" is set twice; Finesse uses one of them.`, config, 'configs');
      if (key) configKeys.add(key);
    }
  }

  const recordId = (id: string, element: XmlElement, where: string, what: string) => {
    if (!GADGET_ID_PATTERN.test(id)) {
      report('error', 'id-format', `The ${what} id "${id}" must start with a letter and hold only letters, digits, - and _.`, element, where);
    } else if (componentIds.has(id)) {
      const first = parsed.position(componentIds.get(id)!.start);
      report('error', 'id-duplicate', `The id "${id}" is already used on line ${first.line}; gadget and component ids must be unique.`, element, where);
    } else componentIds.set(id, element);
  };

  // Header
  const headers = children(root, 'header');
  if (version !== undefined && majorVersion(version) >= 12 && !headers.length) {
    report('error', 'header-missing', `A layout of version ${version} (Finesse 12.0 or later) needs a <header>. Layouts before 12.0 have none.`, root);
  }
  if (headers.length > 1) report('error', 'header-duplicate', 'The layout has more than one <header>.', headers[1]!);
  for (const header of headers) {
    for (const side of header.children.filter((c) => c.name === 'leftAlignedColumns' || c.name === 'rightAlignedColumns')) {
      for (const column of children(side, 'headercolumn')) {
        for (const component of children(column, 'component')) {
          const id = component.attributes.get('id');
          const where = `header > component${id ? ` "${id}"` : ''}`;
          if (id === undefined) report('error', 'component-id', 'A header <component> has no id.', component, where);
          else recordId(id, component, where, 'component');
          const url = child(component, 'url');
          if (!url || !url.text.trim()) report('error', 'component-url', 'A header <component> has no <url>.', component, where);
          else if (/\s/.test(url.text)) report('error', 'url-space', `The URL "${url.text.trim()}" has whitespace in it.`, url, where);
        }
      }
    }
  }

  const checkGadget = (gadget: XmlElement, where: string) => {
    const url = gadget.text;
    if (gadget.children.length) report('error', 'gadget-content', 'A <gadget> holds only its URL, not other elements.', gadget, where);
    if (!url.trim()) report('error', 'gadget-url-missing', 'A <gadget> has no URL.', gadget, where);
    else if (/\s/.test(url)) {
      report('error', 'gadget-url-space', `The gadget URL "${url.trim()}" has whitespace in it (spaces or line breaks); Finesse refuses it. Write a space in a URL as %20.`, gadget, where);
    }
    gadgetUrls.add(url.trim());
    for (const [name, value] of gadget.attributes) {
      if (!GADGET_ATTRIBUTES.has(name) && !name.startsWith('xmlns')) {
        report('warning', 'gadget-attribute', `Finesse does not know the gadget attribute ${name}.`, gadget, where);
      }
      if (name === 'hidden' && value !== 'true' && value !== 'false') {
        report('error', 'gadget-hidden', `hidden="${value}" must be true or false.`, gadget, where);
      }
      if (name === 'maxRows' && !/^\d+$/.test(value)) {
        report('warning', 'gadget-max-rows', `maxRows="${value}" should be a whole number.`, gadget, where);
      }
      if (name === 'alternateHosts' && !/^https?:\/\//i.test(url.trim())) {
        report('warning', 'gadget-alternate-hosts', 'alternateHosts only works with an absolute gadget URL (https://…).', gadget, where);
      }
    }
    const id = gadget.attributes.get('id');
    if (id !== undefined) recordId(id, gadget, where, 'gadget');
  };

  // Layouts, one per role
  const layoutElements = children(root, 'layout');
  if (!layoutElements.length) report('error', 'layout-missing', 'The layout has no <layout> for any role; add one for Agent at least.', root);
  if (layoutElements.length > MAX_LAYOUTS) {
    report('error', 'layout-count', `The layout has ${layoutElements.length} <layout>s; Finesse allows one per role (Agent, Supervisor, Admin).`, layoutElements[MAX_LAYOUTS]!);
  }
  for (const [index, layout] of layoutElements.entries()) {
    const roleElements = children(layout, 'role');
    const role = roleElements[0]?.text.trim();
    const name = role ? `${role} layout` : `layout ${index + 1}`;
    if (!role) report('error', 'role-missing', `${name[0]!.toUpperCase()}${name.slice(1)} has no <role>; write Agent, Supervisor or Admin.`, layout, name);
    else if (!(LAYOUT_ROLES as readonly string[]).includes(role)) {
      report('error', 'role-unknown', `The role "${role}" is not one of Agent, Supervisor, Admin.`, roleElements[0]!, name);
    } else if (roles.includes(role)) {
      report('error', 'role-duplicate', `There is more than one layout for the role ${role}.`, roleElements[0]!, name);
    }
    if (role) roles.push(role);
    if (roleElements.length > 1) report('error', 'role-duplicate', 'A <layout> has more than one <role>.', roleElements[1]!, name);

    const page = child(layout, 'page');
    if (!page) report('warning', 'page-missing', `The ${name} has no <page> (the gadgets always shown, such as call control).`, layout, name);
    else children(page, 'gadget').forEach((gadget, i) => checkGadget(gadget, `${name} > page > gadget ${i + 1}`));

    const tabsElements = children(layout, 'tabs');
    if (tabsElements.length > 1) report('error', 'tabs-duplicate', `The ${name} has more than one <tabs>.`, tabsElements[1]!, name);
    const tabs = tabsElements[0];
    const tabList: TabModel[] = [];
    const tabIds = new Map<string, XmlElement>();
    for (const [tabIndex, tab] of (tabs ? children(tabs, 'tab') : []).entries()) {
      const idElement = child(tab, 'id');
      const id = idElement?.text.trim();
      const where = `${name} > ${id ? `tab "${id}"` : `tab ${tabIndex + 1}`}`;
      if (!id) report('error', 'tab-id-missing', 'A tab has no <id>.', tab, where);
      else if (!TAB_ID_PATTERN.test(id)) {
        report('error', 'tab-id-format', `The tab id "${id}" must start with a letter and hold only letters, digits, -, _, : and . (no spaces).`, idElement!, where);
      } else if (tabIds.has(id)) {
        report('error', 'tab-id-duplicate', `Two tabs in the ${name} have the id "${id}"; tab ids must be unique within a layout.`, idElement!, where);
      }
      if (id) tabIds.set(id, tab);
      const label = child(tab, 'label');
      if (!label || !label.text.trim()) report('error', 'tab-label-missing', 'The tab has no <label>.', tab, where);
      else if (/[\r\n]/.test(label.text.trim())) report('error', 'tab-label-line-break', 'The tab label has a line break; keep it on one line.', label, where);

      const direct = children(tab, 'gadgets');
      const columnsElements = children(tab, 'columns');
      if (direct.length && columnsElements.length) {
        report('error', 'tab-mixed', 'The tab has both <gadgets> and <columns>; use one of them.', tab, where);
      }
      if (direct.length > 1 || columnsElements.length > 1) report('error', 'tab-duplicate-gadgets', 'The tab has its gadgets listed twice.', tab, where);
      const urls: string[] = [];
      let gadgetCount = 0;
      const visit = (gadgets: XmlElement) => {
        for (const gadget of children(gadgets, 'gadget')) {
          gadgetCount++;
          checkGadget(gadget, `${where} > gadget ${gadgetCount}`);
          urls.push(gadget.text.trim());
        }
      };
      direct.forEach(visit);
      for (const columns of columnsElements) {
        const columnList = children(columns, 'column');
        if (columnList.length > MAX_COLUMNS) {
          report('error', 'tab-columns', `The tab has ${columnList.length} columns; Finesse allows at most ${MAX_COLUMNS}.`, columnList[MAX_COLUMNS]!, where);
        }
        for (const column of columnList) children(column, 'gadgets').forEach(visit);
      }
      if (!gadgetCount) report('warning', 'tab-empty', 'The tab has no gadgets; it shows an empty page.', tab, where);
      tabList.push({
        element: tab,
        id,
        style: columnsElements.length ? 'columns' : direct.length ? 'gadgets' : undefined,
        hasIcon: Boolean(child(tab, 'icon')),
        gadgetUrls: urls,
      });
    }
    layouts.push({ element: layout, role, tabs, tabList });
  }
  return done();
}

/** Findings as a person works through them: errors first (nothing is generated until they go), then by line and column. */
export function inReadingOrder(findings: readonly Finding[]): Finding[] {
  const rank = (finding: Finding) => (finding.severity === 'error' ? 0 : 1);
  return [...findings].sort((a, b) => rank(a) - rank(b) || a.line - b.line || a.column - b.column);
}

export function checkLayout(xml: string): LayoutCheck {
  const { findings, ok, version, roles } = analyseLayout(xml);
  return { findings: inReadingOrder(findings), ok, ...(version !== undefined ? { version } : {}), roles };
}
