import { ContextConsumer } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { Task, TaskStatus } from '@lit/task';
import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { BackendStatus, ContextBackend } from '../../backend/adapter.js';
import { backendContext } from '../../contexts/backend-context.js';
import { settingsContext } from '../../contexts/settings-context.js';
import { connectionStateOf, isRegistration, type ConnectionState, type Registration } from '../../diagnostics/connection-state.js';
import { formatReport } from '../../diagnostics/report.js';
import { summarize, type StatusSummary } from '../../diagnostics/summary.js';
import { connectionLabel, diagnosticCause, operationHeaders } from '../../diagnostics/wording.js';
import { getLocale } from '../../localization.js';
import { hostStyles } from '../../styles/tokens.js';
import '../context-error/context-error.js';
import { styles } from './diagnostics.styles.js';
import { VisiblePollController } from './visible-poll-controller.js';

/** The per-operation timeout range every backend accepts; a timeout outside it is not passed on. */
const TIMEOUT_RANGE = { min: 200, max: 15_000 } as const;

interface Reading {
  readonly backend: ContextBackend;
  readonly status: BackendStatus;
  /** When the backend answered, in ms since the epoch. */
  readonly at: number;
}

/**
 * The diagnostics panel for administrators: connection state, reachability, latency and errors per
 * operation, the last error and the settings in force. Refreshed on demand and, while it can be
 * seen, every `refresh-interval`; "Copy diagnostics" copies a plain-text report, free of customer
 * data, for a support ticket.
 *
 * @csspart base - The region around everything the panel shows.
 * @csspart operations - The table of per-operation figures.
 * @csspart report - The report, selected for copying by hand when the browser refused to copy it.
 * @cssprop --cc-diagnostics-background - Behind the panel.
 * @cssprop --cc-diagnostics-border-color - Of the panel's edge and the table's rules.
 * @cssprop --cc-diagnostics-problem-color - Of a state that needs attention (unreachable, not registered).
 */
@localized()
@customElement('cc-diagnostics')
export class CcDiagnostics extends LitElement {
  static override styles = [hostStyles, styles];

  /** The backend to examine. Without one, the panel uses the backend provided from above. */
  @property({ attribute: false }) backend?: ContextBackend;

  /**
   * The host's word on this component's registration with the context service: `registered`,
   * `registering`, `deregistering`, `unregistered` or `invalid`. Absent (or anything else) when the
   * backend needs no registration: the backend's answer then decides.
   */
  @property() registration?: string;

  /** The per-operation timeout in force, in ms, as the gadget was given it; the gadget's settings when inside one. */
  @property({ type: Number }) timeout?: number;

  /** Milliseconds between refreshes while the panel can be seen (default 30000); 0 refreshes only on demand. */
  @property({ type: Number, attribute: 'refresh-interval' }) refreshInterval = 30_000;

  @state() private announcement = '';
  /** The report, shown selected when the browser refused to copy it. */
  @state() private fallbackReport?: string;

  @query('#report') private reportArea?: HTMLTextAreaElement;

  private readonly inherited = new ContextConsumer(this, { context: backendContext, subscribe: true, callback: () => this.requestUpdate() });
  private readonly settings = new ContextConsumer(this, { context: settingsContext, subscribe: true, callback: () => this.requestUpdate() });
  private readonly poller = new VisiblePollController(this, {
    intervalMs: () => this.refreshInterval,
    poll: () => {
      // A probe still waiting on a stalled backend is not cut short by the next one.
      if (this.statusTask.status === TaskStatus.PENDING) this.poller.polled();
      else void this.statusTask.run();
    },
  });
  private announceTimer?: ReturnType<typeof setTimeout>;

  private readonly statusTask = new Task(this, {
    args: () => [this.currentBackend, this.timeoutInForce] as const,
    task: async ([backend, timeoutMs], { signal }): Promise<Reading | undefined> => {
      if (!backend) return undefined;
      this.poller.polled();
      const inRange = timeoutMs !== undefined && timeoutMs >= TIMEOUT_RANGE.min && timeoutMs <= TIMEOUT_RANGE.max;
      const status = await backend.status({ signal, ...(inRange ? { timeoutMs: Math.round(timeoutMs) } : {}) });
      return { backend, status, at: Date.now() };
    },
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.statusTask.abort();
    clearTimeout(this.announceTimer);
  }

  /** Asks the backend for its status again; resolves once the panel shows the answer. */
  async refresh(): Promise<void> {
    await this.statusTask.run();
    await this.updateComplete;
  }

  override render() {
    return html`<section part="base" aria-labelledby="heading" aria-busy=${this.statusTask.status === TaskStatus.PENDING ? 'true' : 'false'}>
      <div class="header">
        <h2 id="heading">${msg('Diagnostics')}</h2>
        ${this.renderActions()}
        <p class="announcement" role="status">${this.announcement}</p>
      </div>
      ${this.renderBody()}
      ${this.fallbackReport === undefined
        ? nothing
        : html`<div class="fallback">
            <label for="report">${msg('Diagnostics report')}</label>
            <textarea id="report" part="report" readonly rows="12" .value=${this.fallbackReport}></textarea>
          </div>`}
    </section>`;
  }

  private renderActions() {
    if (!this.currentBackend) return nothing;
    const summary = this.summary;
    return html`<div class="actions">
      <button type="button" @click=${this.handleRefresh}>${msg('Refresh')}</button>
      ${summary ? html`<button type="button" @click=${this.handleCopy}>${msg('Copy diagnostics')}</button>` : nothing}
    </div>`;
  }

  private renderBody() {
    if (!this.currentBackend) return html`<p class="note">${msg('No context store is connected to this panel.')}</p>`;
    const task = this.statusTask;
    if (task.status === TaskStatus.ERROR || (task.status === TaskStatus.PENDING && task.error !== undefined)) {
      return html`<cc-context-error .error=${task.error} ?busy=${task.status === TaskStatus.PENDING} @cc-context-retry=${this.handleRefresh}></cc-context-error>`;
    }
    const summary = this.summary;
    if (!summary) {
      // As after a page refresh: nothing known yet but what the host says, "Undefined" without its word.
      return html`<p class="note">${msg('Checking the context store…')}</p>
        <dl class="facts">${this.renderConnection(connectionStateOf({ registration: this.hostRegistration }), this.hostRegistration)}</dl>`;
    }
    return html`<p class="note">${msg(str`Checked at ${this.time(summary.at)}`)}</p>
      ${this.renderFacts(summary)} ${this.renderOperations(summary)}`;
  }

  /** Not yet known is no problem; any state but registered is. */
  private renderConnection(state: ConnectionState, registration: Registration | undefined) {
    const problem = state !== 'registered' && state !== 'undefined';
    return html`<div>
      <dt>${msg('Connection')}</dt>
      <dd class=${problem ? 'problem' : ''} data-state=${state}>${connectionLabel(state, registration)}</dd>
    </div>`;
  }

  private renderFacts(summary: StatusSummary) {
    const lastError = summary.lastError;
    return html`<dl class="facts">
      ${this.renderConnection(summary.state, summary.registration)}
      <div>
        <dt>${msg('Reachability')}</dt>
        <dd class=${summary.reachable ? '' : 'problem'}>${summary.reachable ? msg('Reachable') : msg('Unreachable')}</dd>
      </div>
      <div>
        <dt>${msg('Probe latency')}</dt>
        <dd>${msg(str`${this.number(summary.latencyMs)} ms`)}</dd>
      </div>
      <div>
        <dt>${msg('Calls')}</dt>
        <dd>${msg(str`${this.number(summary.totals.count)}, of which ${this.number(summary.totals.errors)} failed`)}</dd>
      </div>
      <div>
        <dt>${msg('Last error')}</dt>
        <dd>
          ${lastError
            ? msg(str`${diagnosticCause(lastError.code)} (${lastError.code}) in ${lastError.operation}, ${this.dateTime(lastError.at)}`)
            : msg('None')}
        </dd>
      </div>
      <div>
        <dt>${msg('Backend')}</dt>
        <dd>${summary.backend}</dd>
      </div>
      <div>
        <dt>${msg('Timeout')}</dt>
        <dd>${summary.timeoutMs === undefined ? msg('The backend’s own') : msg(str`${this.number(summary.timeoutMs)} ms`)}</dd>
      </div>
      <div>
        <dt>${msg('Lab mode')}</dt>
        <dd>${summary.labMode ? msg('On') : msg('Off')}</dd>
      </div>
    </dl>`;
  }

  private renderOperations(summary: StatusSummary) {
    const headers = operationHeaders();
    const notReported = html`<span aria-hidden="true">—</span><span class="visually-hidden">${msg('not reported')}</span>`;
    return html`<table part="operations">
      <caption>
        ${msg('Operations')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${headers.operation}</th>
          <th scope="col">${headers.count}</th>
          <th scope="col">${headers.errors}</th>
          <th scope="col">${headers.p50}</th>
          <th scope="col">${headers.p95}</th>
        </tr>
      </thead>
      <tbody>
        ${summary.operations.length === 0
          ? html`<tr>
              <td colspan="5">${msg('No operation has been called yet.')}</td>
            </tr>`
          : summary.operations.map(
              ({ operation, count, errors, p50Ms, p95Ms }) => html`<tr>
                <th scope="row">${operation}</th>
                <td>${this.number(count)}</td>
                <td class=${errors ? 'problem' : ''}>${this.number(errors)}</td>
                <td>${p50Ms === undefined ? notReported : this.number(p50Ms)}</td>
                <td>${this.number(p95Ms)}</td>
              </tr>`,
            )}
      </tbody>
    </table>`;
  }

  private get currentBackend(): ContextBackend | undefined {
    return this.backend ?? this.inherited.value;
  }

  private get timeoutInForce(): number | undefined {
    const timeout = this.timeout ?? this.settings.value?.timeoutMs;
    return typeof timeout === 'number' && Number.isFinite(timeout) ? timeout : undefined;
  }

  private get hostRegistration(): Registration | undefined {
    return isRegistration(this.registration) ? this.registration : undefined;
  }

  /** What the latest answer of the current backend says, or undefined before it answered. */
  private get summary(): StatusSummary | undefined {
    const reading = this.statusTask.value;
    if (!reading || reading.backend !== this.currentBackend) return undefined;
    return summarize(reading.status, { at: reading.at, registration: this.hostRegistration, timeoutMs: this.timeoutInForce });
  }

  private number(value: number): string {
    return new Intl.NumberFormat(getLocale(), { maximumFractionDigits: 1 }).format(value);
  }

  private time(iso: string): string {
    return new Intl.DateTimeFormat(getLocale(), { timeStyle: 'medium' }).format(new Date(iso));
  }

  private dateTime(iso: string): string {
    return new Intl.DateTimeFormat(getLocale(), { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
  }

  private announce(text: string): void {
    // Emptied first, so the same words said twice are announced twice.
    this.announcement = '';
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => (this.announcement = text), 100);
  }

  private handleRefresh = async (): Promise<void> => {
    await this.refresh();
    const summary = this.summary;
    if (summary) this.announce(msg(str`Refreshed at ${this.time(summary.at)}.`));
  };

  private handleCopy = async (): Promise<void> => {
    const summary = this.summary;
    if (!summary) return;
    const report = formatReport(summary);
    try {
      if (!navigator.clipboard?.writeText) throw new Error('No clipboard');
      await navigator.clipboard.writeText(report);
      this.fallbackReport = undefined;
      this.announce(msg('Diagnostics copied.'));
    } catch {
      this.fallbackReport = report;
      await this.updateComplete;
      this.reportArea?.focus();
      this.reportArea?.select();
      this.announce(msg('Could not copy. The report is selected: press Control+C (or Command+C) to copy it.'));
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'cc-diagnostics': CcDiagnostics;
  }
}
