// Adding and removing the Customer Context tab by splicing text into the original layout.
import { analyseLayout, inReadingOrder, type LayoutAnalysis, type RoleLayout, type TabModel } from './check.js';
import type { XmlElement } from './parse.js';
import {
  DEFAULT_TAB_ID,
  checkContextTabOptions,
  optionFinding,
  renderLines,
  resolveRoles,
  tabLines,
  tabSpec,
  gadgetUrl,
} from './snippet.js';
import { ROLES, type ContextTabOptions, type Finding, type LayoutResult, type Role, type TabStyle } from './types.js';

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

function applyEdits(source: string, edits: readonly Edit[]): string {
  let result = source;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return result;
}

/** Offset where the line holding `offset` starts. */
function lineStart(source: string, offset: number): number {
  let i = offset;
  while (i > 0 && source[i - 1] !== '\n' && source[i - 1] !== '\r') i--;
  return i;
}

/** The whitespace before an element on its line, or undefined when something else precedes it there. */
function indentationOf(source: string, element: XmlElement): string | undefined {
  const prefix = source.slice(lineStart(source, element.start), element.start);
  return /^[ \t]*$/.test(prefix) ? prefix : undefined;
}

/** The line break that ends the line before `offset`'s line, if any. */
function lineBreakBefore(source: string, offset: number): string | undefined {
  const start = lineStart(source, offset);
  if (start === 0) return undefined;
  if (source[start - 1] === '\n') return source[start - 2] === '\r' ? '\r\n' : '\n';
  return '\r';
}

function documentLineBreak(source: string): string {
  const match = source.match(/\r\n|\n|\r/);
  return match ? match[0] : '\n';
}

function indentUnit(source: string, outer: XmlElement | undefined, inner: XmlElement | undefined): string | undefined {
  if (!outer || !inner) return undefined;
  const a = indentationOf(source, outer);
  const b = indentationOf(source, inner);
  if (a === undefined || b === undefined || !b.startsWith(a) || b.length === a.length) return undefined;
  return b.slice(a.length);
}

function guessUnit(source: string, layout: RoleLayout, sibling: TabModel | undefined): string {
  const firstChild = (element: XmlElement | undefined) => element?.children[0];
  return (
    indentUnit(source, sibling?.element, firstChild(sibling?.element)) ??
    indentUnit(source, layout.tabs, firstChild(layout.tabs)) ??
    indentUnit(source, layout.element, firstChild(layout.element)) ??
    indentUnit(source, layout.element.parent, layout.element) ??
    '    '
  );
}

function chooseStyle(analysis: LayoutAnalysis, layout: RoleLayout, sibling: TabModel | undefined): TabStyle {
  const count = (tabs: readonly TabModel[]) => {
    const columns = tabs.filter((t) => t.style === 'columns').length;
    const gadgets = tabs.filter((t) => t.style === 'gadgets').length;
    return columns > gadgets ? 'columns' : gadgets > columns ? 'gadgets' : undefined;
  };
  return count(layout.tabList) ?? sibling?.style ?? count(analysis.layouts.flatMap((l) => l.tabList)) ?? 'gadgets';
}

function result(analysis: LayoutAnalysis, findings: readonly Finding[], xml: string | undefined, changed: boolean): LayoutResult {
  const ok = !findings.some((f) => f.severity === 'error');
  return {
    findings: inReadingOrder(findings),
    ok,
    ...(analysis.version !== undefined ? { version: analysis.version } : {}),
    roles: analysis.roles,
    ...(ok && xml !== undefined ? { xml } : {}),
    changed: ok && changed,
  };
}

function targetLayouts(analysis: LayoutAnalysis, roles: readonly Role[] | 'all' | undefined, findings: Finding[], everyLayout: boolean): RoleLayout[] {
  if (roles === 'all') {
    const layouts = analysis.layouts.filter((l) => everyLayout || (ROLES as readonly (string | undefined)[]).includes(l.role));
    if (!layouts.length) findings.push(optionFinding('role-not-found', 'The layout has no Agent or Supervisor layout to change.', 'roles'));
    return layouts;
  }
  const layouts: RoleLayout[] = [];
  for (const role of resolveRoles(roles)) {
    const layout = analysis.layouts.find((l) => l.role === role);
    if (layout) layouts.push(layout);
    else findings.push(optionFinding('role-not-found', `The layout has no <layout> for the role ${role}, so the tab cannot be added there.`, `${role} layout`));
  }
  return layouts;
}

/** Adds the Customer Context tab to the chosen roles' layouts. Adding it twice changes nothing. */
export function addContextTab(xml: string, options: ContextTabOptions = {}): LayoutResult {
  const analysis = analyseLayout(xml);
  const findings: Finding[] = [...analysis.findings];
  if (!analysis.ok) return result(analysis, findings, undefined, false);
  findings.push(...checkContextTabOptions(options));
  if (findings.some((f) => f.severity === 'error')) return result(analysis, findings, undefined, false);

  const source = analysis.parsed.source;
  const tabId = options.tabId ?? DEFAULT_TAB_ID;
  const url = gadgetUrl(options);
  const layouts = targetLayouts(analysis, options.roles, findings, false);
  if (options.gadget?.id !== undefined && analysis.componentIds.has(options.gadget.id)) {
    const existing = layouts.every((l) => l.tabList.some((t) => t.id === tabId));
    if (!existing) {
      findings.push(optionFinding('option-gadget-id', `The gadget id "${options.gadget.id}" is already used in the layout; gadget ids must be unique.`, 'gadget id'));
    }
  }
  // Finesse wants gadget ids unique across the whole file, so one id fits one role only.
  const adding = layouts.filter((l) => !l.tabList.some((t) => t.id === tabId));
  if (options.gadget?.id !== undefined && adding.length > 1) {
    findings.push(optionFinding('option-gadget-id', 'A gadget id must be unique across the layout, so it can be given for one role only.', 'gadget id'));
  }
  if (findings.some((f) => f.severity === 'error')) return result(analysis, findings, undefined, false);

  const edits: Edit[] = [];
  for (const layout of layouts) {
    const name = `${layout.role} layout`;
    const existing = layout.tabList.find((t) => t.id === tabId);
    if (existing) {
      if (!existing.gadgetUrls.includes(url)) {
        findings.push({
          severity: 'warning',
          code: 'tab-exists',
          message: `The ${name} already has a tab "${tabId}" with other gadgets; it was left as it is. Remove it first to replace it.`,
          ...analysis.parsed.position(existing.element.start),
          where: `${name} > tab "${tabId}"`,
        });
      }
      continue;
    }
    const elsewhere = layout.tabList.find((t) => t.gadgetUrls.includes(url));
    if (elsewhere) {
      findings.push({
        severity: 'warning',
        code: 'gadget-present',
        message: `The ${name} already shows this gadget in the tab "${elsewhere.id ?? ''}"; agents will see it twice.`,
        ...analysis.parsed.position(elsewhere.element.start),
        where: `${name} > tab "${elsewhere.id ?? ''}"`,
      });
    }
    let sibling = layout.tabList[layout.tabList.length - 1];
    if (options.after !== undefined) {
      const after = layout.tabList.find((t) => t.id === options.after);
      if (after) sibling = after;
      else {
        findings.push({
          ...optionFinding('after-not-found', `The ${name} has no tab "${options.after}"; the new tab was added last.`, name),
          severity: 'warning',
        });
      }
    }
    const role = layout.role as Role;
    const style = chooseStyle(analysis, layout, sibling);
    const withIcon = layout.tabList.length > 0 && layout.tabList.every((t) => t.hasIcon);
    const unit = guessUnit(source, layout, sibling);
    const eol = documentLineBreak(source);
    const prefix = (layout.tabs ?? layout.element).prefix;
    const lines = tabLines(tabSpec(options, role, style, withIcon, prefix ? `${prefix}:` : ''));

    if (sibling) {
      const indent = indentationOf(source, sibling.element);
      const lineBreak = lineBreakBefore(source, sibling.element.start);
      const text = indent !== undefined && lineBreak ? lineBreak + renderLines(lines, indent, unit, lineBreak) : renderLines(lines, '', '', '');
      edits.push({ start: sibling.element.end, end: sibling.element.end, text });
    } else if (layout.tabs) {
      edits.push(insertInto(source, layout.tabs, lines, unit, eol));
    } else {
      const tabsLines: [number, string][] = [[0, `<${prefix ? `${prefix}:` : ''}tabs>`], ...lines.map(([d, t]): [number, string] => [d + 1, t]), [0, `</${prefix ? `${prefix}:` : ''}tabs>`]];
      const anchor = layout.element.children.filter((c) => c.name === 'page' || c.name === 'role').pop();
      if (anchor) {
        const indent = indentationOf(source, anchor);
        const lineBreak = lineBreakBefore(source, anchor.start);
        const text = indent !== undefined && lineBreak ? lineBreak + renderLines(tabsLines, indent, unit, lineBreak) : renderLines(tabsLines, '', '', '');
        edits.push({ start: anchor.end, end: anchor.end, text });
      } else {
        edits.push(insertInto(source, layout.element, tabsLines, unit, eol));
      }
    }
  }
  const output = applyEdits(source, edits);
  return result(analysis, findings, output, output !== source);
}

/** Inserts lines as the last content of an element with no element children of that kind. */
function insertInto(source: string, parent: XmlElement, lines: [number, string][], unit: string, eol: string): Edit {
  const parentIndent = indentationOf(source, parent);
  const pretty = parentIndent !== undefined && /[\r\n]/.test(source);
  const render = (base: string) => (pretty ? renderLines(lines, base, unit, eol) : renderLines(lines, '', '', ''));
  if (parent.selfClosing) {
    const open = source.slice(parent.start, parent.openEnd).replace(/\s*\/>$/, '>');
    const text = pretty
      ? `${open}${eol}${render(parentIndent + unit)}${eol}${parentIndent}</${parent.qname}>`
      : `${open}${render('')}</${parent.qname}>`;
    return { start: parent.start, end: parent.end, text };
  }
  if (!pretty) return { start: parent.closeStart, end: parent.closeStart, text: render('') };
  const closeLine = lineStart(source, parent.closeStart);
  if (closeLine > parent.openEnd && /^[ \t]*$/.test(source.slice(closeLine, parent.closeStart))) {
    return { start: closeLine, end: closeLine, text: render(parentIndent + unit) + eol };
  }
  return { start: parent.closeStart, end: parent.closeStart, text: eol + render(parentIndent + unit) + eol + parentIndent };
}

/** Removes the tab (by default `manageCustomer`) from every layout, or from the given roles. */
export function removeContextTab(xml: string, options: { tabId?: string; roles?: readonly Role[] | 'all' } = {}): LayoutResult {
  const analysis = analyseLayout(xml);
  const findings: Finding[] = [...analysis.findings];
  if (!analysis.ok) return result(analysis, findings, undefined, false);
  const tabId = options.tabId ?? DEFAULT_TAB_ID;
  const optionProblems = checkContextTabOptions({ tabId, roles: options.roles ?? 'all' });
  findings.push(...optionProblems);
  if (optionProblems.length) return result(analysis, findings, undefined, false);
  const source = analysis.parsed.source;
  const layouts = targetLayouts(analysis, options.roles ?? 'all', findings, true);
  if (findings.some((f) => f.severity === 'error')) return result(analysis, findings, undefined, false);
  const edits: Edit[] = [];
  for (const layout of layouts) {
    for (const tab of layout.tabList.filter((t) => t.id === tabId)) {
      const { start, end } = tab.element;
      const lineBegin = lineStart(source, start);
      const ownLine = lineBegin > 0 && /^[ \t]*$/.test(source.slice(lineBegin, start));
      const breakLength = source[lineBegin - 1] === '\n' && source[lineBegin - 2] === '\r' ? 2 : 1;
      edits.push({ start: ownLine ? lineBegin - breakLength : start, end, text: '' });
    }
  }
  if (!edits.length) {
    findings.push({ ...optionFinding('tab-not-found', `No tab "${tabId}" was found; nothing was removed.`, 'tab id'), severity: 'warning' });
  }
  const output = applyEdits(source, edits);
  return result(analysis, findings, output, output !== source);
}
