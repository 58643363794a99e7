// The Customer Context tab as XML text: options checked, every value escaped.
import { GADGET_ID_PATTERN, TAB_ID_PATTERN } from './check.js';
import { ROLES, type ContextTabOptions, type Finding, type Role, type TabStyle } from './types.js';

export const DEFAULT_TAB_ID = 'manageCustomer';
export const DEFAULT_ICON = 'manage_customer';
export const DEFAULT_LABELS: Readonly<Record<Role, string>> = {
  Agent: 'finesse.container.tabs.agent.manageCustomerLabel',
  Supervisor: 'finesse.container.tabs.supervisor.manageCustomerLabel',
};

/**
 * The folder our gadget is uploaded to as a third-party gadget (as the `3rdpartygadget` SFTP user, into
 * `files/customer-context/`); Finesse serves it under `/3rdpartygadget/files/customer-context/`.
 */
export const THIRD_PARTY_FOLDER = 'customer-context';

export const GADGET_URL_PRESETS = {
  /** The stock Context Service gadget on the Finesse server. */
  contextService: '/desktop/gadgets/ContextService.xml',
  /** The stock Customer Context gadget as the public layouts name it. */
  customerContext: '/desktop/gadgets/CustomerContext.xml',
  /** Our gadget uploaded as a third-party gadget into `folder`. */
  thirdParty(folder: string = THIRD_PARTY_FOLDER): string {
    const path = folder
      .split('/')
      .filter((segment) => segment.trim())
      .map((segment) => encodeURIComponent(segment.trim()))
      .join('/');
    return `/3rdpartygadget/files/${path ? `${path}/` : ''}ContextService.xml`;
  },
} as const;

export function escapeText(value: string): string {
  return value.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

export function escapeAttribute(value: string): string {
  return value.replace(/[&<>"\t\n\r]/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c] ?? `#${c.charCodeAt(0)}`};`);
}

/** Characters XML 1.0 cannot hold at all, escaped or not (controls, lone surrogates, U+FFFE/F). */
const NOT_XML = /[\0-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function optionFinding(code: string, message: string, where: string): Finding {
  return { severity: 'error', code, message, line: 0, column: 0, where };
}

export function resolveRoles(roles: ContextTabOptions['roles']): readonly Role[] {
  if (roles === 'all') return ROLES;
  return roles?.length ? roles : ['Agent'];
}

/** The gadget URL with the query parameters appended, not yet XML-escaped. */
export function gadgetUrl(options: ContextTabOptions): string {
  // A URL copied out of a layout carries `&amp;`; take it as the `&` it stands for.
  let url = (options.gadgetUrl ?? GADGET_URL_PRESETS.contextService).trim().replace(/&amp;/g, '&');
  const params = Object.entries(options.params ?? {});
  if (params.length) {
    const query = params.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
    url += (url.includes('?') ? (/[?&]$/.test(url) ? '' : '&') : '?') + query;
  }
  return url;
}

/** Problems with the options themselves, before any layout is looked at. */
export function checkContextTabOptions(options: ContextTabOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const bad = (code: string, message: string, where: string) => findings.push(optionFinding(code, message, where));
  const text = (value: string | undefined, where: string) => {
    if (value !== undefined && NOT_XML.test(value)) bad('option-character', `The ${where} holds a character XML cannot carry (a control character or a broken surrogate).`, where);
  };
  if (options.roles !== undefined && options.roles !== 'all') {
    for (const role of options.roles) {
      if (!(ROLES as readonly string[]).includes(role)) bad('option-role', `The role "${role}" is not Agent or Supervisor.`, 'roles');
    }
  }
  const tabId = options.tabId ?? DEFAULT_TAB_ID;
  if (!TAB_ID_PATTERN.test(tabId)) {
    bad('option-tab-id', `The tab id "${tabId}" must start with a letter and hold only letters, digits, -, _, : and . (no spaces).`, 'tab id');
  }
  if (options.after !== undefined && !TAB_ID_PATTERN.test(options.after)) {
    bad('option-after', `"${options.after}" cannot be a tab id, so the tab cannot be placed after it.`, 'after');
  }
  if (options.label !== undefined) {
    if (!options.label.trim()) bad('option-label', 'The label is empty.', 'label');
    if (/[\r\n\u2028\u2029]/.test(options.label)) bad('option-label', 'The label has a line break; keep it on one line.', 'label');
    text(options.label, 'label');
  }
  if (options.icon) {
    if (/\s/.test(options.icon)) bad('option-icon', `The icon name "${options.icon}" has whitespace in it.`, 'icon');
    text(options.icon, 'icon');
  }
  const rawUrl = options.gadgetUrl ?? GADGET_URL_PRESETS.contextService;
  if (!rawUrl.trim()) bad('option-gadget-url', 'The gadget URL is empty.', 'gadget URL');
  else if (/\s/.test(rawUrl.trim())) bad('option-gadget-url', `The gadget URL "${rawUrl.trim()}" has whitespace in it; write a space as %20.`, 'gadget URL');
  text(rawUrl, 'gadget URL');
  for (const [key, value] of Object.entries(options.params ?? {})) {
    if (!key) bad('option-param', 'A gadget parameter has no name.', 'parameters');
    if ([key, value].some((part) => NOT_XML.test(part) && /[\ud800-\udfff]/.test(part))) {
      bad('option-param', `The parameter "${key}" holds a broken character.`, 'parameters');
    }
  }
  const gadget = options.gadget ?? {};
  if (gadget.id !== undefined && !GADGET_ID_PATTERN.test(gadget.id)) {
    bad('option-gadget-id', `The gadget id "${gadget.id}" must start with a letter and hold only letters, digits, - and _.`, 'gadget id');
  }
  if (gadget.maxRows !== undefined && !(Number.isInteger(gadget.maxRows) && gadget.maxRows > 0)) {
    bad('option-max-rows', `maxRows must be a whole number above 0, not ${gadget.maxRows}.`, 'maxRows');
  }
  if (gadget.alternateHosts !== undefined) {
    if (/\s/.test(gadget.alternateHosts.replace(/,\s+/g, ','))) bad('option-alternate-hosts', 'alternateHosts is a comma-separated list of host names without spaces.', 'alternateHosts');
    text(gadget.alternateHosts, 'alternateHosts');
    if (!/^https?:\/\//i.test(rawUrl.trim())) {
      bad('option-alternate-hosts', 'alternateHosts only works with an absolute gadget URL (https://host/…).', 'alternateHosts');
    }
  }
  return findings;
}

export interface TabSpec {
  readonly id: string;
  readonly icon?: string | undefined;
  readonly label: string;
  readonly url: string;
  readonly gadget: ContextTabOptions['gadget'];
  readonly style: TabStyle;
  /** Element prefix including the colon, usually empty. */
  readonly prefix?: string;
}

/** The tab's lines as [depth, text] pairs. */
export function tabLines(spec: TabSpec): [number, string][] {
  const p = spec.prefix ?? '';
  const gadget = spec.gadget ?? {};
  const attributes: string[] = [];
  if (gadget.id !== undefined) attributes.push(` id="${escapeAttribute(gadget.id)}"`);
  if (gadget.alternateHosts !== undefined) attributes.push(` alternateHosts="${escapeAttribute(gadget.alternateHosts.replace(/,\s+/g, ','))}"`);
  if (gadget.maxRows !== undefined) attributes.push(` maxRows="${escapeAttribute(String(gadget.maxRows))}"`);
  if (gadget.hidden !== undefined) attributes.push(` hidden="${gadget.hidden ? 'true' : 'false'}"`);
  const lines: [number, string][] = [
    [0, `<${p}tab>`],
    [1, `<${p}id>${escapeText(spec.id)}</${p}id>`],
  ];
  if (spec.icon) lines.push([1, `<${p}icon>${escapeText(spec.icon)}</${p}icon>`]);
  lines.push([1, `<${p}label>${escapeText(spec.label)}</${p}label>`]);
  const gadgetLine = `<${p}gadget${attributes.join('')}>${escapeText(spec.url)}</${p}gadget>`;
  if (spec.style === 'columns') {
    lines.push([1, `<${p}columns>`], [2, `<${p}column>`], [3, `<${p}gadgets>`], [4, gadgetLine], [3, `</${p}gadgets>`], [2, `</${p}column>`], [1, `</${p}columns>`]);
  } else {
    lines.push([1, `<${p}gadgets>`], [2, gadgetLine], [1, `</${p}gadgets>`]);
  }
  lines.push([0, `</${p}tab>`]);
  return lines;
}

export function renderLines(lines: readonly [number, string][], indent: string, unit: string, eol: string): string {
  return lines.map(([depth, text]) => indent + unit.repeat(depth) + text).join(eol);
}

export function tabSpec(options: ContextTabOptions, role: Role, style: TabStyle, defaultIcon: boolean, prefix = ''): TabSpec {
  const icon = options.icon === false ? undefined : (options.icon ?? (defaultIcon ? DEFAULT_ICON : undefined));
  return {
    id: options.tabId ?? DEFAULT_TAB_ID,
    icon,
    label: options.label ?? DEFAULT_LABELS[role],
    url: gadgetUrl(options),
    gadget: options.gadget,
    style,
    prefix,
  };
}

/**
 * The tab alone, for administrators who edit the layout by hand. Never throws: values are
 * escaped whatever they hold; check them with `checkContextTabOptions` to show findings.
 */
export function contextTabSnippet(options: ContextTabOptions & { style?: TabStyle; indent?: string } = {}): string {
  const role = resolveRoles(options.roles)[0] ?? 'Agent';
  let url: string;
  try {
    url = gadgetUrl(options);
  } catch {
    url = options.gadgetUrl ?? GADGET_URL_PRESETS.contextService;
  }
  const spec = { ...tabSpec({ ...options, params: {} }, role, options.style ?? 'gadgets', false), url };
  return renderLines(tabLines(spec), '', options.indent ?? '    ', '\n');
}
