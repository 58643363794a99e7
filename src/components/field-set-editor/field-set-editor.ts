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
import {
  BASE_FIELD_SETS,
  FIELD_SET_TARGETS,
  FIELD_TYPES,
  FieldSetRegistry,
  type FieldSetTarget,
  type FieldType,
  type OrganisationFieldSet,
  type OrganisationFieldSets,
} from '../../model/field-sets.js';
import { parseOrganisationFieldSets } from '../../model/validation.js';
import { buttonStyles, hostStyles } from '../../styles/tokens.js';
import '../customer-summary/customer-summary.js';
import { EMPTY_DRAFT, checkDraft, draftOf, emptyField, type CheckedDraft, type DraftField, type DraftSet } from './field-set-draft.js';
import { PreviewBackend } from './preview-backend.js';
import { styles } from './field-set-editor.styles.js';

/** The languages the editor asks labels in: the gadget's own. Labels in others, from a loaded JSON, are kept. */
const LABEL_LANGUAGES = ['en', 'fr'] as const;
type LabelLanguage = (typeof LABEL_LANGUAGES)[number];

export const FIELD_SETS_FILENAME = 'customer-context-field-sets.json';

function typeName(type: FieldType): string {
  switch (type) {
    case 'string':
      return msg('Text');
    case 'number':
      return msg('Number');
    case 'boolean':
      return msg('Yes or no');
    case 'date':
      return msg('Date');
    case 'enum':
      return msg('One of a list');
    case 'phone':
      return msg('Phone');
    case 'email':
      return msg('Email');
    case 'url':
      return msg('Web address');
  }
}

function targetName(target: FieldSetTarget): string {
  switch (target) {
    case 'customer':
      return msg('Customers');
    case 'activity':
      return msg('Activities');
    case 'request':
      return msg('Requests');
  }
}

function languageName(language: LabelLanguage): string {
  return language === 'en' ? msg('Label in English') : msg('Label in French');
}

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
          ${this.renderSet()}
          <ol aria-label=${msg('Fields')}>
            ${repeat(
              this.draft.fields,
              (field) => field.key,
              (field, index) => html`<li>${this.renderField(field, index)}</li>`,
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

  private renderSet() {
    const idIssue = this.issueAt('fieldSets.0.id');
    return html`<fieldset>
      <legend>${msg('The set')}</legend>
      <div class="control">
        <label for="set-id">${msg('Set id')}</label>
        <input
          id="set-id"
          autocomplete="off"
          spellcheck="false"
          aria-invalid=${idIssue ? 'true' : 'false'}
          aria-describedby=${idIssue ? 'set-id-error' : 'set-id-hint'}
          .value=${live(this.draft.id)}
          @input=${(event: Event) => this.updateSet({ id: (event.target as HTMLInputElement).value })}
        />
        ${idIssue
          ? html`<p id="set-id-error" class="error">${idIssue.message}</p>`
          : html`<p id="set-id-hint" class="hint">${msg('Such as acme.rider: your organisation, a dot, a name.')}</p>`}
      </div>
      <div class="control">
        <label for="set-target">${msg('For')}</label>
        <select
          id="set-target"
          @change=${(event: Event) => this.updateSet({ appliesTo: (event.target as HTMLSelectElement).value as FieldSetTarget })}
        >
          ${FIELD_SET_TARGETS.map((target) => html`<option value=${target} ?selected=${target === this.draft.appliesTo}>${targetName(target)}</option>`)}
        </select>
      </div>
      ${LABEL_LANGUAGES.map(
        (language) => html`<div class="control">
          <label for="set-label-${language}">${languageName(language)}</label>
          <input
            id="set-label-${language}"
            lang=${language}
            autocomplete="off"
            .value=${live(this.draft.labels[language] ?? '')}
            @input=${(event: Event) => this.updateSet({ labels: { ...this.draft.labels, [language]: (event.target as HTMLInputElement).value } })}
          />
        </div>`,
      )}
    </fieldset>`;
  }

  private renderField(field: DraftField, index: number) {
    const name = this.fieldName(field, index);
    const base = `field-${field.key}`;
    const path = `fieldSets.0.fields.${index}`;
    const control = (prop: string, label: string, input: (id: string, invalid: boolean, describedBy?: string) => unknown, hint?: string, wide = false) => {
      const issue = this.issueAt(`${path}.${prop}`);
      const id = `${base}-${prop}`;
      const describedBy = issue ? `${id}-error` : hint ? `${id}-hint` : undefined;
      return html`<div class="control ${wide ? 'wide' : ''}">
        <label for=${id}>${label}</label>
        ${input(id, issue !== undefined, describedBy)}
        ${issue ? html`<p id="${id}-error" class="error">${issue.message}</p>` : hint ? html`<p id="${id}-hint" class="hint">${hint}</p>` : nothing}
      </div>`;
    };
    const text = (prop: 'id' | 'maxLength', value: string, extra: Record<string, string> = {}) => (id: string, invalid: boolean, describedBy?: string) =>
      html`<input
        id=${id}
        autocomplete="off"
        spellcheck="false"
        inputmode=${extra['inputmode'] ?? nothing}
        aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby=${describedBy ?? nothing}
        .value=${live(value)}
        @input=${(event: Event) => this.updateField(field.key, { [prop]: (event.target as HTMLInputElement).value })}
      />`;
    const labelIssue = this.issueAt(`${path}.label`);
    return html`<fieldset aria-describedby=${labelIssue ? `${base}-label-error` : nothing}>
      <legend>${name}</legend>
      ${control('id', msg('Field id'), text('id', field.id), msg('Letters, digits and _, starting with a letter.'))}
      ${control('type', msg('Type'), (id) => html`<select
        id=${id}
        @change=${(event: Event) => this.updateField(field.key, { type: (event.target as HTMLSelectElement).value as FieldType })}
      >
        ${FIELD_TYPES.map((type) => html`<option value=${type} ?selected=${type === field.type}>${typeName(type)}</option>`)}
      </select>`)}
      ${LABEL_LANGUAGES.map((language) =>
        control(`label.${language}`, languageName(language), (id, invalid, describedBy) => html`<input
          id=${id}
          lang=${language}
          autocomplete="off"
          aria-invalid=${invalid ? 'true' : 'false'}
          aria-describedby=${describedBy ?? nothing}
          .value=${live(field.labels[language] ?? '')}
          @input=${(event: Event) => this.updateField(field.key, { labels: { ...field.labels, [language]: (event.target as HTMLInputElement).value } })}
        />`),
      )}
      ${field.type === 'string' ? control('maxLength', msg('Maximum length'), text('maxLength', field.maxLength, { inputmode: 'numeric' }), msg('Characters; empty for 2000.')) : nothing}
      ${field.type === 'enum'
        ? control(
            'options',
            msg('Options'),
            (id, invalid, describedBy) => html`<textarea
              id=${id}
              rows="3"
              aria-invalid=${invalid ? 'true' : 'false'}
              aria-describedby=${describedBy ?? nothing}
              .value=${live(field.options)}
              @input=${(event: Event) => this.updateField(field.key, { options: (event.target as HTMLTextAreaElement).value })}
            ></textarea>`,
            msg('One option per line.'),
            true,
          )
        : nothing}
      ${this.renderCheck(field, 'required', msg('Required'))} ${this.renderCheck(field, 'sensitive', msg('Sensitive: masked until revealed'))}
      ${labelIssue ? html`<p id="${base}-label-error" class="error wide">${labelIssue.message}</p>` : nothing}
      <div class="row-actions">
        <button type="button" data-move="up" ?disabled=${index === 0} @click=${() => this.moveField(field.key, -1)}>
          ${msg('Move up')}<span class="visually-hidden">: ${name}</span>
        </button>
        <button type="button" data-move="down" ?disabled=${index === this.draft.fields.length - 1} @click=${() => this.moveField(field.key, 1)}>
          ${msg('Move down')}<span class="visually-hidden">: ${name}</span>
        </button>
        <button type="button" class="danger" @click=${() => this.removeField(field.key)}>
          ${msg('Remove')}<span class="visually-hidden">: ${name}</span>
        </button>
      </div>
    </fieldset>`;
  }

  private renderCheck(field: DraftField, prop: 'required' | 'sensitive', label: string) {
    const id = `field-${field.key}-${prop}`;
    return html`<div class="control check">
      <input
        id=${id}
        type="checkbox"
        .checked=${live(field[prop])}
        @change=${(event: Event) => this.updateField(field.key, { [prop]: (event.target as HTMLInputElement).checked })}
      />
      <label for=${id}>${label}</label>
    </div>`;
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

  private fieldName(field: DraftField, index: number): string {
    return field.labels['en']?.trim() || field.labels['fr']?.trim() || field.id.trim() || msg(str`Field ${index + 1}`);
  }

  private issueAt(path: string): FieldIssue | undefined {
    return this.checked.issues.find((issue) => issue.path === path || (path.endsWith('.label') && issue.path.startsWith(`${path}.`)));
  }

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
