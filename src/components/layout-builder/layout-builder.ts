import { localized, msg, str } from '@lit/localize';
import { LitElement, html, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { STOCK_LAYOUT } from '../../layout/index.js';
import { rowsFrom, workOut, type WorkRequest, type WorkResult } from '../../layout/work.js';
import { WorkerController } from '../../controllers/worker-controller.js';
import { LayoutExportEvent, type LayoutExportAction } from '../../events/layout-export-event.js';
import { LAYOUT_BUILDER_MODES, LayoutResultEvent, type LayoutBuilderMode } from '../../events/layout-result-event.js';
import { hostStyles } from '../../styles/tokens.js';
import { DEFAULT_FORM, optionProblems, tabOptions, type LayoutForm } from './form.js';
import { renderInputPanel } from './input-panel.js';
import { styles } from './layout-builder.styles.js';
import { renderOptionsPanel } from './options-panel.js';
import { renderResultsPanel, type Outcome } from './results-panel.js';

export { LAYOUT_BUILDER_MODES, type LayoutBuilderMode };
export { GADGET_CHOICES, SNIPPET_STYLES, type GadgetChoice, type SnippetStyle } from './form.js';

/** The file each mode's result downloads as. */
export const DOWNLOAD_NAMES: Record<LayoutBuilderMode, string> = {
  add: 'finesse-layout-with-customer-context.xml',
  remove: 'finesse-layout-without-customer-context.xml',
  snippet: 'customer-context-tab.xml',
};

/** From this many characters (the text pasted and the text it goes into) a paste is set as a value. */
const LARGE_PASTE = 256_000;

/**
 * A message for the status region and the state it describes: it shows only while that state lasts,
 * so "Downloading…" goes with the result it was about, and "Line 3 selected" with the layout.
 */
interface Announcement {
  readonly text: string;
  /** The layout a message about the current layout (loaded, restored, a line selected) describes. */
  readonly layout?: string;
  /** The result a message about the result (copied, downloading) describes. */
  readonly outcome?: Outcome;
}

const EMPTY_OUTCOME: Outcome = { mode: 'add', input: '', findings: [], ok: false, changed: false };

/**
 * An administrator's page that adds the Customer Context tab to a Finesse desktop layout (or
 * removes it, or writes the tab alone), with the layout's findings, a side-by-side view of what
 * changes, and the result to copy or download.
 *
 * @csspart input - The text area with the current layout.
 * @csspart result - The text area with the new layout or the snippet.
 * @cssprop --cc-layout-builder-background - Behind the page.
 * @cssprop --cc-layout-builder-panel-background - Behind the options and results panels.
 * @cssprop --cc-layout-builder-warning-color - Of warnings (beside their icon and the word "Warning").
 * @cssprop --cc-layout-builder-font-family-code - Of the layout and the result.
 * @fires cc-layout-result - A new result after the person changed the layout or an option.
 * @fires cc-layout-export - The person asked to copy or download the result; cancel to take over.
 */
@localized()
@customElement('cc-layout-builder')
export class CcLayoutBuilder extends LitElement {
  static override styles = [hostStyles, styles];

  /** The current layout XML. Follows what the person types, pastes or uploads. */
  @property({ attribute: false }) layout = '';

  /** What to make: the layout with the tab added, with it removed, or only the tab's snippet. */
  @property({ reflect: true }) mode: LayoutBuilderMode = 'add';

  /** Milliseconds of quiet after typing before the result is worked out again. */
  @property({ type: Number }) delay = 200;

  @state() private form: LayoutForm = DEFAULT_FORM;
  @state() private attributesShown = false;
  @state() private outcome: Outcome = EMPTY_OUTCOME;
  @state() private tabs: readonly string[] = [];
  @state() private busy = false;
  @state() private announcement?: Announcement;
  /** The text a stock layout or an upload replaced, so the person can take it back. */
  @state() private replaced?: string;

  @query('#layout') private layoutArea?: HTMLTextAreaElement;
  @query('#result') private resultArea?: HTMLTextAreaElement;

  private nextParamId = 1;
  private generation = 0;
  private timer?: ReturnType<typeof setTimeout>;
  private computing?: Promise<void>;
  private settle?: () => void;
  private byUser = false;
  private scheduled?: { readonly layout: string; readonly mode: LayoutBuilderMode };
  /** What the text area holds, so a change of `layout` from outside is told apart from typing. */
  private shownLayout = '';
  private tabsFor?: string;
  private downloadUrl?: string;
  /** Checking a 5 MB layout takes about a second: it runs off the page's thread, so typing never waits for it. */
  private readonly worker = new WorkerController<WorkRequest, WorkResult>(this, {
    start: () => new Worker(new URL('./layout-worker.ts', import.meta.url), { type: 'module', name: 'cc-layout-builder' }),
    inline: workOut,
  });
  private announceTimer?: ReturnType<typeof setTimeout>;
  private readonly numbers = new Intl.NumberFormat();

  override connectedCallback(): void {
    super.connectedCallback();
    // A computation cut short by leaving the page starts again on return.
    if (this.hasUpdated) this.schedule(false);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
    clearTimeout(this.announceTimer);
    if (this.downloadUrl) URL.revokeObjectURL(this.downloadUrl);
    this.downloadUrl = undefined;
    this.finishComputing();
  }

  /** Resolves once the element has rendered and the result for the current input is shown. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let result = await super.getUpdateComplete();
    while (this.computing) {
      await this.computing;
      result = await super.getUpdateComplete();
    }
    return result;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!LAYOUT_BUILDER_MODES.includes(this.mode)) this.mode = 'add';
    if (changed.has('layout') || changed.has('mode')) {
      const scheduled = this.scheduled;
      if (!scheduled || scheduled.layout !== this.layout || scheduled.mode !== this.mode) this.schedule(false);
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    // The text area's value is never bound: writing 5 MB back into it on every keystroke would stall typing.
    if (changed.has('layout') && this.layoutArea && this.layout !== this.shownLayout) {
      this.layoutArea.value = this.layout;
      this.shownLayout = this.layout;
    }
  }

  override render() {
    const input = renderInputPanel({
      mode: this.mode,
      invalid: this.outcome.input === this.layout && this.outcome.findings.some((finding) => finding.severity === 'error'),
      canUndo: this.replaced !== undefined,
      onFile: this.handleFile,
      onStock: this.handleStock,
      onUndo: this.handleUndo,
      onInput: this.handleLayoutInput,
      onPaste: this.handlePaste,
    });
    const options = renderOptionsPanel({
      mode: this.mode,
      form: this.form,
      tabs: this.tabs,
      attributesShown: this.attributesShown,
      numbers: this.numbers,
      onEdit: this.edit,
      onAddParam: this.handleAddParam,
      onRemoveParam: (id) => void this.removeParam(id),
      onToggleAttributes: () => (this.attributesShown = !this.attributesShown),
    });
    const results = renderResultsPanel({
      mode: this.mode,
      outcome: this.outcome,
      filename: DOWNLOAD_NAMES[this.outcome.mode],
      busy: this.busy,
      announcement: this.currentAnnouncement(),
      numbers: this.numbers,
      onGoToLine: (line, column) => this.goToLine(line, column),
      onExport: (action) => void this.handleExport(action),
    });
    return html`<h2>${msg('Customer Context tab in a desktop layout')}</h2>
      <p class="intro">
        ${msg(
          'Paste the layout from Unified CCE Administration (Desktop > Resources > Desktop Layout), choose the options, check the changes, then copy or download the new layout and paste it back.',
        )}
      </p>
      <form @submit=${(event: Event) => event.preventDefault()}>
        ${this.renderMode()}
        <div class="columns">${input} ${options}</div>
      </form>
      ${results}`;
  }

  private renderMode() {
    const labels: Record<LayoutBuilderMode, string> = {
      add: msg('Add tab'),
      remove: msg('Remove tab'),
      snippet: msg('Snippet only'),
    };
    return html`<fieldset class="mode">
      <legend>${msg('What to make')}</legend>
      ${LAYOUT_BUILDER_MODES.map(
        (mode) => html`<label class="choice">
          <input
            type="radio"
            name="mode"
            value=${mode}
            .checked=${live(this.mode === mode)}
            @change=${() => this.setMode(mode)}
          />
          ${labels[mode]}
        </label>`,
      )}
    </fieldset>`;
  }

  /** Applies a change the person made to the options, and works the result out again. */
  private edit = (change: Partial<LayoutForm> | ((form: LayoutForm) => Partial<LayoutForm>)): void => {
    this.form = { ...this.form, ...(typeof change === 'function' ? change(this.form) : change) };
    this.schedule(true);
  };

  private setMode(mode: LayoutBuilderMode): void {
    this.mode = mode;
    this.schedule(true);
  }

  private handleAddParam = async () => {
    const id = this.nextParamId++;
    this.edit({ params: [...this.form.params, { id, key: '', value: '' }] });
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>(`#param-${id}-key`)?.focus();
  };

  private async removeParam(id: number): Promise<void> {
    const index = this.form.params.findIndex((row) => row.id === id);
    this.edit({ params: this.form.params.filter((row) => row.id !== id) });
    await this.updateComplete;
    // Focus stays in the list: the row that took its place, the one before, or the Add button.
    const next = this.form.params[index] ?? this.form.params[index - 1];
    this.renderRoot.querySelector<HTMLElement>(next ? `#param-${next.id}-key` : '#add-param')?.focus();
  }

  /**
   * A large paste goes in as a value rather than through the browser's editing command, which lays
   * the whole text out several times over (20 s for 5 MB on a busy machine). The browser's own undo
   * forgets such a paste: the text it replaced is kept for "Undo: restore my layout" instead.
   */
  private handlePaste = (event: ClipboardEvent) => {
    const text = event.clipboardData?.getData('text/plain');
    const area = event.target as HTMLTextAreaElement;
    if (!text || text.length + area.value.length < LARGE_PASTE) return;
    event.preventDefault();
    const before = area.value;
    area.setRangeText(text, area.selectionStart, area.selectionEnd, 'end');
    this.shownLayout = area.value;
    this.replaced = before.trim() ? before : undefined;
    this.layout = area.value;
    this.schedule(true);
  };

  private handleLayoutInput = (event: Event) => {
    const value = (event.target as HTMLTextAreaElement).value;
    this.shownLayout = value;
    this.replaced = undefined;
    this.layout = value;
    this.schedule(true);
  };

  private handleFile = async (event: Event) => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    try {
      this.replaceLayout(await file.text());
      this.announce(msg(str`Loaded ${file.name}.`), 'layout');
    } catch {
      this.announce(msg(str`Could not read ${file.name}.`), 'layout');
    }
  };

  private handleStock = () => {
    this.replaceLayout(STOCK_LAYOUT);
    this.announce(msg('The stock layout is in the current layout.'), 'layout');
  };

  private handleUndo = () => {
    const previous = this.replaced ?? '';
    this.replaced = undefined;
    this.layout = previous;
    this.schedule(true);
    this.layoutArea?.focus();
    this.announce(msg('Your layout is back.'), 'layout');
  };

  private replaceLayout(text: string): void {
    if (this.layout.trim() && this.layout !== text) this.replaced = this.layout;
    this.layout = text;
    this.schedule(true);
  }

  /** Says `text` in the status region for as long as the layout (or the result) it is about stays as it is now. */
  private announce(text: string, about: 'layout' | 'result'): void {
    const announcement: Announcement = about === 'layout' ? { text, layout: this.layout } : { text, outcome: this.outcome };
    // Emptied first, so the same words said twice are announced twice.
    this.announcement = undefined;
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => (this.announcement = announcement), 100);
  }

  private currentAnnouncement(): string {
    const { announcement } = this;
    if (!announcement) return '';
    if (announcement.layout !== undefined && announcement.layout !== this.layout) return '';
    if (announcement.outcome !== undefined && announcement.outcome !== this.outcome) return '';
    return announcement.text;
  }

  /** Moves focus into the current layout and selects the finding's line, scrolled into view. */
  private goToLine(line: number, column: number): void {
    const area = this.layoutArea;
    if (!area) return;
    const text = area.value;
    let start = 0;
    for (let current = 1; current < line; current += 1) {
      const newline = text.indexOf('\n', start);
      if (newline < 0) break;
      start = newline + 1;
    }
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start && text[end - 1] === '\r') end -= 1;
    area.focus();
    area.setSelectionRange(start, end, 'forward');
    const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 18;
    area.scrollTop = Math.max(0, (line - 1) * lineHeight - area.clientHeight / 3);
    area.scrollLeft = 0;
    this.announce(msg(str`Line ${line}, column ${column} selected in the current layout.`), 'layout');
  }

  private async handleExport(action: LayoutExportAction): Promise<void> {
    const { xml, mode } = this.outcome;
    if (xml === undefined) return;
    const filename = DOWNLOAD_NAMES[mode];
    if (!this.dispatchEvent(new LayoutExportEvent({ action, xml, filename }))) return;
    if (action === 'download') {
      if (this.downloadUrl) URL.revokeObjectURL(this.downloadUrl);
      this.downloadUrl = URL.createObjectURL(new Blob([xml], { type: 'application/xml' }));
      const link = document.createElement('a');
      link.href = this.downloadUrl;
      link.download = filename;
      link.click();
      this.announce(msg(str`Downloading ${filename}.`), 'result');
      return;
    }
    try {
      await navigator.clipboard.writeText(xml);
      this.announce(msg('Copied'), 'result');
    } catch {
      this.resultArea?.focus();
      this.resultArea?.select();
      this.announce(msg('Could not copy. The result is selected: press Control+C (or Command+C) to copy it.'), 'result');
    }
  }

  private schedule(byUser: boolean): void {
    this.generation += 1;
    const generation = this.generation;
    this.byUser ||= byUser;
    this.scheduled = { layout: this.layout, mode: this.mode };
    clearTimeout(this.timer);
    if (!this.computing) this.computing = new Promise<void>((resolve) => (this.settle = resolve));
    this.timer = setTimeout(() => void this.compute(generation), byUser ? Math.max(0, this.delay) : 0);
  }

  /** Works the result out in the layout worker (or, where there is none, inline after a pause); a newer edit wins. */
  private async compute(generation: number): Promise<void> {
    const { layout, mode } = this;
    const stale = () => generation !== this.generation || !this.isConnected;
    this.busy = true;
    const wantTabs = this.tabsFor !== layout;
    const request: WorkRequest = {
      mode,
      layout,
      options: tabOptions(this.form),
      snippetStyle: this.form.snippetStyle,
      optionsOk: optionProblems(this.form, this.mode).size === 0,
      wantTabs,
    };
    const result = await this.worker.run(request);
    if (!result || stale()) return;
    const diff = result.kinds && result.xml !== undefined ? rowsFrom(layout, result.xml, result.kinds) : undefined;
    const outcome: Outcome = {
      mode,
      input: layout,
      findings: result.findings,
      ok: result.ok,
      changed: result.changed,
      ...(result.xml !== undefined ? { xml: result.xml } : {}),
      ...(diff ? { diff } : {}),
    };
    if (wantTabs && result.tabs) {
      this.tabs = result.tabs;
      this.tabsFor = layout;
    }
    this.outcome = outcome;
    this.busy = false;
    const byUser = this.byUser;
    this.byUser = false;
    this.finishComputing();
    if (byUser) {
      this.dispatchEvent(
        new LayoutResultEvent({
          mode,
          ok: outcome.ok,
          changed: outcome.changed,
          findings: outcome.findings,
          ...(outcome.xml !== undefined ? { xml: outcome.xml } : {}),
        }),
      );
    }
  }

  private finishComputing(): void {
    const settle = this.settle;
    this.computing = undefined;
    this.settle = undefined;
    settle?.();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cc-layout-builder': CcLayoutBuilder;
  }
}
