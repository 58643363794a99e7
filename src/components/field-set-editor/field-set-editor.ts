import { ContextProvider } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { backendContext } from '../../contexts/backend-context.js';
import { fieldSetsContext } from '../../contexts/field-sets-context.js';
import { NO_SENSITIVE_ACCESS, sensitiveAccessContext } from '../../contexts/sensitive-access-context.js';
import { FieldSetsApplyEvent } from '../../events/field-sets-apply.js';
import { FieldSetsExportEvent, type FieldSetsExportAction } from '../../events/field-sets-export.js';
import type { FieldIssue } from '../../model/errors.js';
import { BASE_FIELD_SETS, FieldSetRegistry, type OrganisationFieldSet, type OrganisationFieldSets } from '../../model/field-sets.js';
import { parseOrganisationFieldSets } from '../../model/validation.js';
import { buttonStyles, hostStyles } from '../../styles/tokens.js';
import '../customer-summary/customer-summary.js';
import { EMPTY_DRAFT, checkDraft, draftOf, emptyField, type CheckedDraft, type DraftField, type DraftSet } from './field-set-draft.js';
import { renderFieldControls, renderSetControls, type FieldEdits } from './draft-controls.js';
import { PreviewBackend } from './preview-backend.js';
import { styles } from './field-set-editor.styles.js';

export const FIELD_SETS_FILENAME = 'customer-context-field-sets.json';

/**
 * The field set editor: an organisation's own field set, field by field (add, order, type,
 * labels in English and French, required, maximum length, sensitive), checked as the gadget
 * checks it, previewed in the customer form, and exported as the JSON the gadget takes as
 * `fieldSets`. Other sets in a loaded JSON are kept as they are.
 *
 * @fires cc-field-sets-export - The administrator asked to copy or download the JSON. Cancelable.
 * @fires cc-field-sets-apply - The administrator asked to use the field sets (the host applies them).
 * @csspart issues - What keeps the JSON from being used, when anything does.
 * @csspart preview - The customer form as agents will see it.
 * @cssprop --cc-field-set-editor-gap - Between parts.
 * @cssprop --cc-field-set-editor-border - Of groups and inputs.
 */
@localized()
@customElement('cc-field-set-editor')
export class CcFieldSetEditor extends LitElement {
  static override styles = [hostStyles, buttonStyles, styles];

  /** The organisation's field set JSON to start from; its first set is edited. */
  @property({ attribute: false }) value?: unknown;

  @state() private draft: DraftSet = EMPTY_DRAFT;
  /** Sets of the loaded JSON beyond the first, exported unchanged. */
  @state() private others: readonly OrganisationFieldSet[] = [];
  @state() private importText = '';
  @state() private importIssues: readonly FieldIssue[] = [];
  @state() private announcement = '';
  private nextKey = 1;

  private readonly previewBackend = new PreviewBackend();
  // The preview is a gadget of its own: it reads the draft's field sets and saves nothing.
  private readonly fieldSetsProvider = new ContextProvider(this, { context: fieldSetsContext, initialValue: new FieldSetRegistry() });
  private readonly backendProvider = new ContextProvider(this, { context: backendContext, initialValue: this.previewBackend });
  private readonly accessProvider = new ContextProvider(this, { context: sensitiveAccessContext, initialValue: NO_SENSITIVE_ACCESS });
  private readonly fieldEdits: FieldEdits = {
    onChange: (key, change) => this.updateField(key, change),
    onMove: (key, by) => void this.moveField(key, by),
    onRemove: (key) => void this.removeField(key),
  };

  /** The JSON as it stands, and what keeps it from being used. */
  private checked: CheckedDraft = { document: { fieldSets: [] }, issues: [] };

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('value') && this.value !== undefined) this.load(this.value);
    this.checked = checkDraft(this.draft, this.others);
    if (!this.checked.issues.length) {
      this.fieldSetsProvider.setValue(new FieldSetRegistry([...BASE_FIELD_SETS, ...parseOrganisationFieldSets(this.checked.document)]));
    }
  }

  /** The field set JSON as it stands. */
  get document(): OrganisationFieldSets {
    return this.checked.document;
  }

  override render() {
    const { issues } = this.checked;
    return html`<section aria-labelledby="editor-heading">
      <h2 id="editor-heading">${msg('Field set')}</h2>
      <div class="layout">
        <div>
          ${renderSetControls(this.draft, this.checked.issues, (change) => this.updateSet(change))}
          <ol aria-label=${msg('Fields')}>
            ${repeat(
              this.draft.fields,
              (field) => field.key,
              (field, index) => html`<li>${renderFieldControls(field, index, this.draft.fields.length, this.checked.issues, this.fieldEdits)}</li>`,
            )}
          </ol>
          <div class="actions">
            <button id="add-field" type="button" class="primary" @click=${this.handleAdd}>${msg('Add field')}</button>
          </div>
        </div>
        <div>
          <section aria-labelledby="preview-heading">
            <h3 id="preview-heading">${msg('Preview')}</h3>
            <p class="hint">${msg('The new customer form as agents will see it. Nothing is saved.')}</p>
            <div part="preview">
              ${this.draft.appliesTo === 'customer'
                ? html`<cc-customer-summary mode="create"></cc-customer-summary>`
                : html`<p class="hint">${msg('This set’s fields show in the details of each activity or request that carries it.')}</p>`}
            </div>
          </section>
          ${this.renderJson(issues)}
        </div>
      </div>
      <p class="visually-hidden" role="status">${this.announcement}</p>
    </section>`;
  }

  private renderJson(issues: readonly FieldIssue[]) {
    const json = this.json();
    return html`<section aria-labelledby="json-heading">
      <h3 id="json-heading">${msg('JSON')}</h3>
      ${issues.length
        ? html`<div part="issues" role="alert">
            <p>${msg('Fix these before the JSON can be used:')}</p>
            <ul>
              ${issues.map((issue) => html`<li>${issue.path ? `${issue.path}: ` : ''}${issue.message}</li>`)}
            </ul>
          </div>`
        : nothing}
      <div class="control wide">
        <label for="json">${msg('Field set JSON, for the gadget’s fieldSets')}</label>
        <textarea id="json" rows="12" readonly .value=${json}></textarea>
      </div>
      <div class="actions">
        <button type="button" ?disabled=${issues.length > 0} @click=${() => this.export('copy')}>${msg('Copy JSON')}</button>
        <button type="button" ?disabled=${issues.length > 0} @click=${() => this.export('download')}>${msg('Download JSON')}</button>
        <button type="button" class="primary" ?disabled=${issues.length > 0} @click=${this.handleApply}>${msg('Use these field sets')}</button>
      </div>
      <div class="control wide">
        <label for="import">${msg('Load a field set JSON')}</label>
        <textarea
          id="import"
          rows="4"
          aria-invalid=${this.importIssues.length ? 'true' : 'false'}
          aria-describedby=${this.importIssues.length ? 'import-error' : nothing}
          .value=${live(this.importText)}
          @input=${(event: Event) => (this.importText = (event.target as HTMLTextAreaElement).value)}
        ></textarea>
        ${this.importIssues.length
          ? html`<p id="import-error" class="error">
              ${this.importIssues.map((issue) => `${issue.path ? `${issue.path}: ` : ''}${issue.message}`).join('; ')}
            </p>`
          : nothing}
      </div>
      <div class="actions">
        <button type="button" @click=${this.handleImport}>${msg('Load')}</button>
      </div>
    </section>`;
  }

  // ---- the draft

  private json(): string {
    return `${JSON.stringify(this.checked.document, null, 2)}\n`;
  }

  private load(value: unknown): boolean {
    try {
      parseOrganisationFieldSets(value);
    } catch (error) {
      this.importIssues = (error as { issues?: readonly FieldIssue[] }).issues ?? [{ path: '', message: String(error) }];
      return false;
    }
    const document = value as OrganisationFieldSets;
    const [first, ...others] = document.fieldSets;
    this.importIssues = [];
    this.others = others;
    this.draft = draftOf(first, () => this.nextKey++);
    return true;
  }

  private updateSet(change: Partial<DraftSet>): void {
    this.draft = { ...this.draft, ...change };
  }

  private updateField(key: number, change: Partial<DraftField>): void {
    this.draft = { ...this.draft, fields: this.draft.fields.map((field) => (field.key === key ? { ...field, ...change } : field)) };
  }

  private async moveField(key: number, by: -1 | 1): Promise<void> {
    const fields = [...this.draft.fields];
    const from = fields.findIndex((field) => field.key === key);
    const to = from + by;
    if (from < 0 || to < 0 || to >= fields.length) return;
    const [moved] = fields.splice(from, 1);
    fields.splice(to, 0, moved!);
    this.draft = { ...this.draft, fields };
    this.announcement = msg(str`Moved to position ${to + 1} of ${fields.length}.`);
    await this.updateComplete;
    // Keep the keyboard on the same button of the moved field, or on its other one at an end.
    const row = [...this.renderRoot.querySelectorAll('ol > li')][to];
    const same = row?.querySelector<HTMLButtonElement>(`button[data-move="${by < 0 ? 'up' : 'down'}"]`);
    (same && !same.disabled ? same : row?.querySelector<HTMLButtonElement>(`button[data-move="${by < 0 ? 'down' : 'up'}"]`))?.focus();
  }

  private async removeField(key: number): Promise<void> {
    const index = this.draft.fields.findIndex((field) => field.key === key);
    this.draft = { ...this.draft, fields: this.draft.fields.filter((field) => field.key !== key) };
    this.announcement = msg('Field removed.');
    await this.updateComplete;
    const rows = [...this.renderRoot.querySelectorAll('ol > li')];
    (rows[Math.min(index, rows.length - 1)]?.querySelector<HTMLElement>('input') ?? this.renderRoot.querySelector<HTMLElement>('#add-field'))?.focus();
  }

  private handleAdd = async () => {
    const key = this.nextKey++;
    this.draft = {
      ...this.draft,
      fields: [...this.draft.fields, emptyField(key)],
    };
    this.announcement = msg('Field added.');
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#field-${key}-id`)?.focus();
  };

  private handleImport = () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(this.importText);
    } catch {
      this.importIssues = [{ path: '', message: msg('Not JSON.') }];
      void this.focusImport();
      return;
    }
    if (this.load(parsed)) {
      this.importText = '';
      this.announcement = msg('Field set loaded.');
    } else {
      void this.focusImport();
    }
  };

  private async focusImport(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#import')?.focus();
  }

  private handleApply = () => {
    if (this.checked.issues.length) return;
    this.dispatchEvent(new FieldSetsApplyEvent({ document: this.checked.document }));
    this.announcement = msg('Field sets applied.');
  };

  private export(action: FieldSetsExportAction): void {
    if (this.checked.issues.length) return;
    const json = this.json();
    if (!this.dispatchEvent(new FieldSetsExportEvent({ action, json, filename: FIELD_SETS_FILENAME }))) return;
    if (action === 'copy') {
      navigator.clipboard.writeText(json).then(
        () => (this.announcement = msg('JSON copied.')),
        () => (this.announcement = msg('The JSON could not be copied: select it and copy it yourself.')),
      );
      return;
    }
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
    link.download = FIELD_SETS_FILENAME;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 0);
    this.announcement = msg('JSON downloaded.');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cc-field-set-editor': CcFieldSetEditor;
  }
}
