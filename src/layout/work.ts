import type { LayoutBuilderMode } from '../events/layout-result-event.js';
import { checkLayout } from './check.js';
import { diffLines, splitLines } from './diff.js';
import { addContextTab, removeContextTab } from './edit.js';
import { checkContextTabOptions, contextTabSnippet } from './snippet.js';
import { tabIdsIn } from './tabs.js';
import type { ContextTabOptions, DiffRow, Finding, LayoutResult } from './types.js';

/** One computation of `<cc-layout-builder>`: all it needs, as plain data a worker can receive. */
export interface WorkRequest {
  readonly mode: LayoutBuilderMode;
  readonly layout: string;
  readonly options: ContextTabOptions;
  readonly snippetStyle: 'gadgets' | 'columns';
  /** False when the form already found the options wrong: then the layout is only checked. */
  readonly optionsOk: boolean;
  /** Whether to list the layout's tab ids (skipped when the layout has not changed). */
  readonly wantTabs: boolean;
}

export interface WorkResult {
  readonly findings: readonly Finding[];
  readonly ok: boolean;
  readonly changed: boolean;
  readonly xml?: string;
  /**
   * The line diff of the layout and `xml`, one byte per row (see `DIFF_KINDS`): a 5 MB layout's
   * 100,000 rows cross from a worker in one transfer instead of as 100,000 cloned objects.
   */
  readonly kinds?: Uint8Array;
  readonly tabs?: readonly string[];
}

const DIFF_KINDS = ['same', 'removed', 'added'] as const satisfies readonly DiffRow['kind'][];

/** Works out the findings, the result and its diff. Pure: runs in the layout worker, or inline where workers cannot. */
export function workOut(request: WorkRequest): WorkResult {
  const { mode, layout, options, optionsOk } = request;
  const tabs = request.wantTabs && layout.trim() ? { tabs: tabIdsIn(layout) } : {};
  if (mode === 'snippet') {
    const findings = checkContextTabOptions(options);
    const ok = optionsOk && !findings.some((finding) => finding.severity === 'error');
    return { findings, ok, changed: ok, ...(ok ? { xml: contextTabSnippet({ ...options, style: request.snippetStyle }) } : {}), ...tabs };
  }
  if (!layout.trim()) return { findings: [], ok: false, changed: false };
  const result: LayoutResult = !optionsOk
    ? { ...checkLayout(layout), changed: false }
    : mode === 'add'
      ? addContextTab(layout, options)
      : removeContextTab(layout, { ...(options.tabId ? { tabId: options.tabId } : {}), ...(options.roles ? { roles: options.roles } : {}) });
  const ok = optionsOk && result.ok && result.xml !== undefined;
  if (!ok) return { findings: result.findings, ok: false, changed: false, ...tabs };
  const kinds = result.changed ? Uint8Array.from(diffLines(layout, result.xml!), (row) => DIFF_KINDS.indexOf(row.kind)) : undefined;
  return { findings: result.findings, ok, changed: result.changed, xml: result.xml!, ...(kinds ? { kinds } : {}), ...tabs };
}

/** The diff rows again, from the two texts and the kinds `workOut` sent. */
export function rowsFrom(before: string, after: string, kinds: Uint8Array): DiffRow[] {
  const a = splitLines(before);
  const b = splitLines(after);
  const rows: DiffRow[] = new Array(kinds.length);
  let i = 0;
  let j = 0;
  for (let index = 0; index < kinds.length; index += 1) {
    const kind = DIFF_KINDS[kinds[index]!]!;
    if (kind === 'same') rows[index] = { kind, before: { line: i + 1, text: a[i++]! }, after: { line: j + 1, text: b[j++]! } };
    else if (kind === 'removed') rows[index] = { kind, before: { line: i + 1, text: a[i++]! } };
    else rows[index] = { kind, after: { line: j + 1, text: b[j++]! } };
  }
  return rows;
}
