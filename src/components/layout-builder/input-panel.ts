import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import type { LayoutBuilderMode } from '../../events/layout-result-event.js';

/** What the layout panel shows, and where the person's layout comes in. */
export interface InputPanel {
  readonly mode: LayoutBuilderMode;
  /** Whether the findings shown are about this layout and include an error. */
  readonly invalid: boolean;
  /** Whether a layout the person had was replaced and can be restored. */
  readonly canUndo: boolean;
  readonly onFile: (event: Event) => void;
  readonly onStock: () => void;
  readonly onUndo: () => void;
  readonly onInput: (event: Event) => void;
  readonly onPaste: (event: ClipboardEvent) => void;
}

/** The current layout: typed, pasted, uploaded or the stock one, with a way back to the person's own. */
export function renderInputPanel(panel: InputPanel): TemplateResult {
  return html`<section class="panel input" aria-labelledby="layout-heading">
    <h3 id="layout-heading">${msg('Layout')}</h3>
    <div class="sources">
      <span class="file">
        <label for="file">${msg('Upload a layout file')}</label>
        <input id="file" type="file" accept=".xml,text/xml,application/xml,text/plain" @change=${panel.onFile} />
      </span>
      <button type="button" @click=${panel.onStock}>${msg('Start from the stock layout')}</button>
      ${panel.canUndo
        ? html`<button type="button" @click=${panel.onUndo}>${msg('Undo: restore my layout')}</button>`
        : nothing}
    </div>
    <label class="field-label" for="layout">${msg('Current layout')}</label>
    <p class="hint" id="layout-hint">
      ${panel.mode === 'snippet'
        ? msg('Not needed for a snippet: the snippet is the same for every layout.')
        : msg('Paste the whole layout XML. The result follows as you type.')}
    </p>
    <textarea
      id="layout"
      part="input"
      rows="18"
      wrap="off"
      spellcheck="false"
      autocomplete="off"
      autocapitalize="off"
      aria-describedby="layout-hint"
      aria-invalid=${panel.invalid ? 'true' : 'false'}
      @input=${panel.onInput}
      @paste=${panel.onPaste}
    ></textarea>
  </section>`;
}
