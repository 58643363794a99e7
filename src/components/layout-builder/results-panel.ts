import { msg, str } from '@lit/localize';
import { html, nothing, svg, type TemplateResult } from 'lit';
import type { LayoutExportAction } from '../../events/layout-export-event.js';
import type { LayoutBuilderMode } from '../../events/layout-result-event.js';
import type { DiffRow, Finding } from '../../layout/index.js';
import '../layout-diff/layout-diff.js';

/**
 * Beyond this many characters the result is offered to copy and download but not shown: laying
 * out a text area of megabytes holds the page for seconds.
 */
const MAX_SHOWN_RESULT = 256_000;

/** What one computation found, for the layout (or options) it was given. */
export interface Outcome {
  readonly mode: LayoutBuilderMode;
  /** The layout the findings' lines refer to. */
  readonly input: string;
  readonly findings: readonly Finding[];
  readonly ok: boolean;
  readonly changed: boolean;
  readonly xml?: string;
  readonly diff?: readonly DiffRow[];
}

/** What the results panel shows, and where the person's actions on it go. */
export interface ResultsPanel {
  readonly mode: LayoutBuilderMode;
  readonly outcome: Outcome;
  /** The file the result downloads as. */
  readonly filename: string;
  readonly busy: boolean;
  /** What the status region says now. */
  readonly announcement: string;
  readonly numbers: Intl.NumberFormat;
  /** Selects a finding's line in the current layout. */
  readonly onGoToLine: (line: number, column: number) => void;
  /** Copies or downloads the result. */
  readonly onExport: (action: LayoutExportAction) => void;
}

const errorIcon = svg`<svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
  <circle cx="8" cy="8" r="7" fill="currentColor" />
  <path d="M5.5 5.5l5 5m0-5l-5 5" stroke="var(--_on-icon)" stroke-width="1.8" stroke-linecap="round" />
</svg>`;

const warningIcon = svg`<svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
  <path d="M8 1.2L15.2 14.5H0.8Z" fill="currentColor" stroke="currentColor" stroke-linejoin="round" />
  <path d="M8 5.8v4" stroke="var(--_on-icon)" stroke-width="1.8" stroke-linecap="round" />
  <circle cx="8" cy="12.2" r="1" fill="var(--_on-icon)" />
</svg>`;

/** The result: the findings, what changes, and the new layout (or the snippet) to copy or download. */
export function renderResultsPanel(panel: ResultsPanel): TemplateResult {
  const { outcome, mode } = panel;
  const waiting = mode !== 'snippet' && !outcome.input.trim();
  return html`<section class="panel results" aria-labelledby="result-heading" aria-busy=${panel.busy ? 'true' : 'false'}>
    <h3 id="result-heading">${msg('Result')}</h3>
    ${waiting
      ? html`<p class="status">${msg('Paste a layout, upload a file or start from the stock layout.')}</p>`
      : html`${renderFindings(panel)} ${renderChanges(outcome)} ${renderOutput(panel)}`}
    <p class="announcement" role="status">${panel.announcement}</p>
  </section>`;
}

function renderFindings(panel: ResultsPanel) {
  const { findings } = panel.outcome;
  if (panel.outcome.mode === 'snippet' && !findings.length) return nothing;
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  const warnings = findings.length - errors;
  const parts = [
    errors === 1 ? msg('1 error') : errors ? msg(str`${panel.numbers.format(errors)} errors`) : '',
    warnings === 1 ? msg('1 warning') : warnings ? msg(str`${panel.numbers.format(warnings)} warnings`) : '',
  ].filter(Boolean);
  return html`<div class="findings">
    <h4 id="findings-heading">
      ${msg('Findings')}: <span class="summary">${parts.length ? parts.join(', ') : msg('no problems found')}</span>
    </h4>
    ${findings.length
      ? html`<ul aria-labelledby="findings-heading">
          ${findings.map((finding) => renderFinding(panel, finding))}
        </ul>`
      : nothing}
  </div>`;
}

function renderFinding(panel: ResultsPanel, finding: Finding) {
  const severity = finding.severity === 'error' ? msg('Error') : msg('Warning');
  const body = html`${finding.severity === 'error' ? errorIcon : warningIcon}<span class="severity">${severity}</span>
    ${finding.line > 0
      ? html`<span class="where">${msg(str`line ${finding.line}, column ${finding.column}`)}${finding.where
          ? html`, ${finding.where}`
          : nothing}</span>`
      : finding.where
        ? html`<span class="where">${finding.where}</span>`
        : nothing}
    <span class="message">${finding.message}</span>`;
  return html`<li class=${`finding ${finding.severity}`}>
    ${finding.line > 0 && panel.outcome.mode !== 'snippet'
      ? html`<button type="button" class="finding-button" @click=${() => panel.onGoToLine(finding.line, finding.column)}>
          ${body}
        </button>`
      : html`<span class="finding-text">${body}</span>`}
  </li>`;
}

function renderChanges(outcome: Outcome) {
  if (outcome.mode === 'snippet' || !outcome.ok || outcome.xml === undefined) return nothing;
  if (!outcome.changed) {
    return html`<p class="status unchanged">
      ${outcome.mode === 'add'
        ? msg('The layout already has this tab: nothing changes.')
        : msg('The layout has no such tab: nothing changes.')}
    </p>`;
  }
  return html`<cc-layout-diff
    .rows=${outcome.diff ?? []}
    caption=${msg('What changes')}
    before-label=${msg('Current layout')}
    after-label=${msg('New layout')}
  ></cc-layout-diff>`;
}

function renderOutput(panel: ResultsPanel) {
  const { outcome } = panel;
  if (!outcome.ok || outcome.xml === undefined) {
    const blocked = outcome.findings.some((finding) => finding.severity === 'error' && finding.line > 0)
      ? msg('Nothing can be generated while the layout has errors. Fix them in the current layout (choose an error to go to its line).')
      : msg('Nothing can be generated until the options are fixed.');
    return html`<p class="status blocked">${blocked}</p>`;
  }
  const snippet = outcome.mode === 'snippet';
  const label = snippet ? msg('Snippet') : msg('New layout');
  const large = outcome.xml.length > MAX_SHOWN_RESULT;
  return html`<div class="output">
    ${large
      ? html`<h4>${label}</h4>
          <p class="status">
            ${msg(str`At ${formatSize(outcome.xml.length)} it is too large to show here: copy or download it. What changes is shown above.`)}
          </p>`
      : html`<label class="field-label" for="result">${label}</label>
          <textarea id="result" part="result" readonly rows=${snippet ? 10 : 14} wrap="off" spellcheck="false" .value=${outcome.xml}></textarea>`}
    <div class="actions">
      <button type="button" class="primary" @click=${() => panel.onExport('copy')}>${msg('Copy')}</button>
      <button type="button" @click=${() => panel.onExport('download')}>${msg('Download')}</button>
      <span class="filename">${panel.filename}</span>
    </div>
  </div>`;
}

function formatSize(characters: number): string {
  const megabytes = characters >= 1_000_000;
  return new Intl.NumberFormat(undefined, {
    style: 'unit',
    unit: megabytes ? 'megabyte' : 'kilobyte',
    maximumFractionDigits: 1,
  }).format(characters / (megabytes ? 1_000_000 : 1_000));
}
