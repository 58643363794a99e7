import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { Task, TaskStatus } from '@lit/task';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { ContextBackend } from '../../backend/adapter.js';
import { backendContext } from '../../contexts/backend-context.js';
import { settingsContext, type GadgetSettings } from '../../contexts/settings-context.js';
import { CustomerDeletedEvent } from '../../events/customer-deleted.js';
import { CustomerSavedEvent } from '../../events/customer-saved.js';
import type { Customer, CustomerInput, CustomerPatch } from '../../model/customer.js';
import { EMAIL_FIELDS, PHONE_FIELDS, customerDisplayName } from '../../model/customer-display.js';
import { ConflictError, isContextError, type FieldIssue, type InvalidInputError } from '../../model/errors.js';
import { hostStyles } from '../../styles/tokens.js';
import { styles } from './customer-summary.styles.js';
import { errorCause } from '../context-error/error-cause.js';
import { PhoneFormatController } from './phone-format.js';

export const SUMMARY_MODES = ['view', 'edit', 'create'] as const;
export type SummaryMode = (typeof SUMMARY_MODES)[number];

const ADDRESS_FIELDS = [
  'Context_Street_Address_1',
  'Context_Street_Address_2',
  'Context_City',
  'Context_State',
  'Context_ZIP',
  'Context_Country',
] as const;

/** The data elements the form edits, in form order. */
const DATA_FIELDS = [
  'Context_First_Name',
  'Context_Last_Name',
  ...PHONE_FIELDS,
  ...EMAIL_FIELDS,
  ...ADDRESS_FIELDS,
  'Context_Preferred_Language',
] as const;
type DataField = (typeof DATA_FIELDS)[number];

/** Every input of the form: the data elements and the tags. */
type FormField = DataField | 'tags';
type FormValues = Record<FormField, string>;

function fieldLabel(field: FormField): string {
  switch (field) {
    case 'Context_First_Name':
      return msg('First name');
    case 'Context_Last_Name':
      return msg('Last name');
    case 'Context_Mobile_Phone':
      return msg('Mobile phone');
    case 'Context_Home_Phone':
      return msg('Home phone');
    case 'Context_Work_Phone':
      return msg('Work phone');
    case 'Context_Work_Email':
      return msg('Work email');
    case 'Context_Home_Email':
      return msg('Home email');
    case 'Context_Street_Address_1':
      return msg('Street address');
    case 'Context_Street_Address_2':
      return msg('Street address line 2');
    case 'Context_City':
      return msg('City');
    case 'Context_State':
      return msg('State');
    case 'Context_ZIP':
      return msg('ZIP code');
    case 'Context_Country':
      return msg('Country');
    case 'Context_Preferred_Language':
      return msg('Preferred language');
    case 'tags':
      return msg('Tags');
  }
}

function fieldGroups(): readonly { readonly legend: string; readonly fields: readonly FormField[] }[] {
  return [
    { legend: msg('Name'), fields: ['Context_First_Name', 'Context_Last_Name'] },
    { legend: msg('Phone'), fields: PHONE_FIELDS },
    { legend: msg('Email'), fields: EMAIL_FIELDS },
    { legend: msg('Address'), fields: ADDRESS_FIELDS },
    { legend: msg('Preferences'), fields: ['Context_Preferred_Language', 'tags'] },
  ];
}

function fieldHint(field: FormField): string | undefined {
  switch (field) {
    case 'Context_Preferred_Language':
      return msg('A language tag, such as en-US or fr-CA.');
    case 'tags':
      return msg('One tag per line.');
    default:
      return undefined;
  }
}

function inputType(field: FormField): string {
  if ((PHONE_FIELDS as readonly string[]).includes(field)) return 'tel';
  if ((EMAIL_FIELDS as readonly string[]).includes(field)) return 'email';
  return 'text';
}

/** The form field an issue belongs to (`dataElements.Context_City`, `tags.2`), if the form shows it. */
function fieldOf(issue: FieldIssue): FormField | undefined {
  const [head, key] = issue.path.split('.');
  if (head === 'tags') return 'tags';
  if (head === 'dataElements' && (DATA_FIELDS as readonly string[]).includes(key ?? '')) return key as DataField;
  return undefined;
}

function valuesOf(source: Pick<CustomerInput, 'dataElements' | 'tags'> | undefined): FormValues {
  const values = { tags: (source?.tags ?? []).join('\n') } as FormValues;
  for (const field of DATA_FIELDS) {
    const value = source?.dataElements?.[field];
    values[field] = value === undefined || value === null ? '' : String(value);
  }
  return values;
}

function tagsOf(text: string): string[] {
  return text
    .split('\n')
    .map((tag) => tag.trim())
    .filter(Boolean);
}

function isInvalidInput(error: unknown): error is InvalidInputError {
  return isContextError(error) && error.code === 'invalid-input' && Array.isArray((error as InvalidInputError).issues);
}

/** What one run of the save task does. */
type SaveJob =
  | { readonly kind: 'create'; readonly input: CustomerInput }
  | { readonly kind: 'update'; readonly id: string; readonly patch: CustomerPatch };

/**
 * A customer's name, phones, emails, address, language and tags, edited in place; also the form
 * that creates a customer. A save that meets someone else's change asks the agent what to keep.
 *
 * @fires cc-customer-saved - A customer was updated or created (`detail.created`).
 * @fires cc-customer-deleted - The customer was deleted (lab mode only). Cancelable.
 * @csspart pending - The "Saving…" indicator, shown once a save takes ~150 ms.
 * @csspart error - Why a save or delete failed, with its Retry button.
 * @csspart conflict - The notice that someone else changed the customer, with the two choices.
 * @cssprop --cc-customer-summary-background - Behind the summary.
 * @cssprop --cc-customer-summary-gap - Between groups of fields.
 * @cssprop --cc-customer-summary-label-color - Of field names.
 * @cssprop --cc-customer-summary-field-background - Of inputs.
 * @cssprop --cc-customer-summary-field-border - Colour of inputs' and groups' borders.
 */
@localized()
@customElement('cc-customer-summary')
export class CcCustomerSummary extends LitElement {
  static override styles = [hostStyles, styles];

  /** The customer to show and edit. */
  @property({ attribute: false }) customer?: Customer;

  /** `view` shows the customer, `edit` its form, `create` an empty form (filled from `prefill`). */
  @property({ reflect: true }) mode: SummaryMode = 'view';

  /** What the create form starts with, such as a search's `cc-customer-create-request` prefill. */
  @property({ attribute: false }) prefill?: CustomerInput;

  @consume({ context: backendContext, subscribe: true })
  @state()
  private backend?: ContextBackend;

  @consume({ context: settingsContext, subscribe: true })
  @state()
  private settings?: GadgetSettings;

  @state() private draft: FormValues = valuesOf(undefined);
  /** The customer as it was when editing began: a save sends only what the agent changed from it. */
  @state() private editBase?: Customer;
  /** The version a save expects; after "Overwrite with mine", the one someone else wrote. */
  private expectedVersion = 0;
  @state() private issues: readonly FieldIssue[] = [];
  /** What is stored now, when a save met someone else's change. */
  @state() private conflict?: Customer;
  @state() private failure?: { readonly error: unknown; readonly retry: () => void; readonly what: 'save' | 'delete' };
  @state() private confirmingDelete = false;
  @state() private deleted = false;
  @state() private announcement = '';

  private readonly phone = new PhoneFormatController(this);

  private readonly saveTask = new Task<readonly [SaveJob], Customer>(this, {
    autoRun: false,
    task: async ([job], { signal }) => {
      const backend = this.requireBackend();
      if (job.kind === 'create') return backend.createCustomer(job.input, { signal });
      try {
        return await backend.updateCustomer(job.id, job.patch, { signal });
      } catch (error) {
        // An adapter may refuse a stale version without saying what is stored: read it, so the agent can choose.
        if (error instanceof ConflictError && !error.current) {
          throw new ConflictError(error.message, await backend.getCustomer(job.id, { signal }));
        }
        throw error;
      }
    },
    onComplete: (customer) => void this.handleSaved(customer),
    onError: (error) => void this.handleSaveError(error),
  });

  private readonly deleteTask = new Task<readonly [string], string>(this, {
    autoRun: false,
    task: async ([id], { signal }) => {
      await this.requireBackend().deleteCustomer(id, { signal });
      return id;
    },
    onComplete: (id) => {
      this.confirmingDelete = false;
      if (this.dispatchEvent(new CustomerDeletedEvent({ customerId: id }))) {
        this.deleted = true;
        this.announcement = msg('Customer deleted.');
      }
    },
    onError: (error) => {
      this.failure = { error, retry: () => this.handleDelete(), what: 'delete' };
    },
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('customer')) {
      this.deleted = false;
      this.confirmingDelete = false;
    }
    const startsEditing = this.mode === 'edit' && this.customer && (changed.has('mode') || !this.editBase);
    if (startsEditing || (this.mode === 'create' && (changed.has('mode') || changed.has('prefill'))) || (changed.has('mode') && this.mode === 'view')) {
      this.resetForm();
    }
  }

  override render() {
    return html`${this.mode === 'view' ? this.renderView() : this.renderForm()}
      <p class="visually-hidden" role="status">${this.announcement}</p>`;
  }

  // ---- view

  private renderView() {
    const { customer } = this;
    if (this.deleted) return html`<p class="status">${msg('This customer was deleted.')}</p>`;
    if (!customer) return html`<p class="status">${msg('No customer selected.')}</p>`;
    const data = customer.dataElements;
    const text = (field: DataField) => {
      const value = data[field];
      return typeof value === 'string' && value ? value : undefined;
    };
    const phones = PHONE_FIELDS.filter((field) => text(field));
    const emails = EMAIL_FIELDS.filter((field) => text(field));
    const address = this.addressLines(text);
    const language = text('Context_Preferred_Language');
    return html`<section aria-labelledby="customer-name">
      <h2 id="customer-name">${customerDisplayName(customer)}</h2>
      <dl>
        ${phones.map((field) => html`<div><dt>${fieldLabel(field)}</dt><dd>${this.phone.format(text(field)!)}</dd></div>`)}
        ${emails.map((field) => html`<div><dt>${fieldLabel(field)}</dt><dd>${text(field)}</dd></div>`)}
        ${address.length ? html`<div><dt>${msg('Address')}</dt><dd><address>${address.join('\n')}</address></dd></div>` : nothing}
        ${language
          ? html`<div>
              <dt>${fieldLabel('Context_Preferred_Language')}</dt>
              <dd lang=${this.locale ?? nothing}>${this.languageName(language)}</dd>
            </div>`
          : nothing}
        ${customer.tags.length
          ? html`<div>
              <dt id="tags-label">${fieldLabel('tags')}</dt>
              <dd><ul class="tags" aria-labelledby="tags-label">${customer.tags.map((tag) => html`<li>${tag}</li>`)}</ul></dd>
            </div>`
          : nothing}
      </dl>
      ${this.renderFailure('delete')}
      ${this.confirmingDelete ? this.renderConfirmDelete(customer) : nothing}
      <div class="actions">
        <button id="edit" type="button" class="primary" @click=${this.handleEdit}>${msg('Edit')}</button>
        ${this.settings?.labMode && !this.confirmingDelete
          ? html`<button id="delete" type="button" class="danger" @click=${this.handleDeleteRequest}>${msg('Delete customer')}</button>`
          : nothing}
      </div>
    </section>`;
  }

  private renderConfirmDelete(customer: Customer) {
    const name = customerDisplayName(customer);
    const busy = this.deleteTask.status === TaskStatus.PENDING;
    return html`<div class="confirm" role="group" aria-labelledby="confirm-delete">
      <p id="confirm-delete">${msg(str`Delete ${name} with their whole journey? This cannot be undone.`)}</p>
      ${busy ? html`<p part="pending">${msg('Deleting…')}</p>` : nothing}
      <div class="choices">
        <button type="button" class="danger" @click=${this.handleDelete}>${msg('Delete')}</button>
        <button id="keep" type="button" @click=${this.handleKeep}>${msg('Keep customer')}</button>
      </div>
    </div>`;
  }

  /** Street lines, then "City, State ZIP", then the country (named when it is a region code). */
  private addressLines(text: (field: DataField) => string | undefined): string[] {
    const place = [text('Context_City'), [text('Context_State'), text('Context_ZIP')].filter(Boolean).join(' ')]
      .filter(Boolean)
      .join(', ');
    const country = text('Context_Country');
    return [text('Context_Street_Address_1'), text('Context_Street_Address_2'), place, country && this.countryName(country)].filter(
      (line): line is string => Boolean(line),
    );
  }

  /** The page's locale (or the gadget's setting): language and country names are written in it. */
  private get locale(): string | undefined {
    return this.settings?.locale ?? (document.documentElement.lang || undefined);
  }

  private languageName(tag: string): string {
    try {
      return new Intl.DisplayNames(this.locale, { type: 'language', languageDisplay: 'standard' }).of(tag) ?? tag;
    } catch {
      return tag;
    }
  }

  private countryName(country: string): string {
    if (!/^[A-Za-z]{2}$/.test(country)) return country;
    try {
      return new Intl.DisplayNames(this.locale, { type: 'region' }).of(country.toUpperCase()) ?? country;
    } catch {
      return country;
    }
  }

  // ---- form

  private renderForm() {
    const creating = this.mode === 'create';
    if (!creating && !this.customer) return html`<p class="status">${msg('No customer selected.')}</p>`;
    const heading = creating ? msg('New customer') : msg(str`Edit ${customerDisplayName(this.customer!)}`);
    const general = this.issues.filter((issue) => !fieldOf(issue));
    const saving = this.saveTask.status === TaskStatus.PENDING;
    return html`<section aria-labelledby="form-heading">
      <h2 id="form-heading">${heading}</h2>
      <form novalidate aria-labelledby="form-heading" @submit=${this.handleSubmit} @keydown=${this.handleFormKeyDown}>
        ${fieldGroups().map(
          (group) => html`<fieldset>
            <legend>${group.legend}</legend>
            ${group.fields.map((field) => this.renderField(field))}
          </fieldset>`,
        )}
        ${general.length
          ? html`<div part="error" role="alert">
              ${general.map((issue) => html`<p>${issue.path ? `${issue.path}: ` : ''}${issue.message}</p>`)}
            </div>`
          : nothing}
        ${this.conflict ? this.renderConflict(this.conflict) : nothing} ${this.renderFailure('save')}
        ${saving ? html`<p part="pending">${msg('Saving…')}</p>` : nothing}
        <div class="actions">
          <button type="submit" class="primary">${creating ? msg('Create customer') : msg('Save')}</button>
          <button type="button" @click=${this.handleCancel}>${msg('Cancel')}</button>
        </div>
      </form>
    </section>`;
  }

  private renderField(field: FormField) {
    const id = `field-${field}`;
    const issue = this.issues.find((candidate) => fieldOf(candidate) === field);
    const hint = fieldHint(field);
    const describedBy = [hint ? `${id}-hint` : '', issue ? `${id}-error` : ''].filter(Boolean).join(' ');
    const common = {
      id,
      invalid: issue ? 'true' : 'false',
      describedBy: describedBy || undefined,
    };
    return html`<div class="field ${field === 'tags' || field.startsWith('Context_Street') ? 'wide' : ''}">
      <label for=${id}>${fieldLabel(field)}</label>
      ${field === 'tags'
        ? html`<textarea
            id=${common.id}
            name=${field}
            rows="3"
            aria-invalid=${common.invalid}
            aria-describedby=${common.describedBy ?? nothing}
            .value=${live(this.draft.tags)}
            @input=${(event: Event) => this.handleFieldInput(field, event)}
          ></textarea>`
        : html`<input
            id=${common.id}
            name=${field}
            type=${inputType(field)}
            autocomplete="off"
            aria-invalid=${common.invalid}
            aria-describedby=${common.describedBy ?? nothing}
            .value=${live(this.draft[field])}
            @input=${(event: Event) => this.handleFieldInput(field, event)}
          />`}
      ${hint ? html`<p id="${id}-hint" class="hint">${hint}</p>` : nothing}
      ${issue ? html`<p id="${id}-error" class="field-error">${issue.message}</p>` : nothing}
    </div>`;
  }

  private renderConflict(current: Customer) {
    const base = valuesOf(this.editBase);
    const theirs = valuesOf(current);
    const changed = (Object.keys(theirs) as FormField[]).filter((field) => theirs[field] !== base[field]).map(fieldLabel);
    const list = new Intl.ListFormat(this.locale, { type: 'conjunction' }).format(changed);
    return html`<div part="conflict" role="alert">
      <p><strong>${msg('Someone else changed this customer while you were editing.')}</strong></p>
      ${changed.length ? html`<p>${msg(str`They changed: ${list}.`)}</p>` : nothing}
      <div class="choices">
        <button id="load-theirs" type="button" @click=${this.handleLoadTheirs}>${msg('Load their changes')}</button>
        <button type="button" @click=${this.handleOverwrite}>${msg('Overwrite with mine')}</button>
      </div>
    </div>`;
  }

  private renderFailure(what: 'save' | 'delete') {
    const failure = this.failure;
    if (!failure || failure.what !== what) return nothing;
    const headline = what === 'save' ? msg('Could not save.') : msg('Could not delete.');
    return html`<div part="error" role="alert">
      <p>${headline} ${errorCause(failure.error)}.</p>
      <div class="choices"><button type="button" @click=${failure.retry}>${msg('Retry')}</button></div>
    </div>`;
  }

  // ---- behaviour

  private requireBackend(): ContextBackend {
    if (!this.backend) throw new Error(msg('Not connected to the context store yet.'));
    return this.backend;
  }

  private resetForm(): void {
    this.issues = [];
    this.conflict = undefined;
    this.failure = undefined;
    if (this.mode === 'edit' && this.customer) {
      this.editBase = this.customer;
      this.expectedVersion = this.customer.version;
      this.draft = valuesOf(this.customer);
    } else {
      this.editBase = undefined;
      this.draft = valuesOf(this.mode === 'create' ? this.prefill : undefined);
    }
  }

  private save(): void {
    if (this.saveTask.status === TaskStatus.PENDING) return;
    this.failure = undefined;
    const job = this.mode === 'create' ? this.createJob() : this.updateJob();
    if (!job) {
      // Nothing changed: there is nothing to save, and nothing to conflict with.
      this.mode = 'view';
      void this.focusAfterUpdate('#edit');
      return;
    }
    void this.saveTask.run([job]);
  }

  private createJob(): SaveJob {
    const dataElements: Record<string, unknown> = { ...this.prefill?.dataElements };
    for (const field of DATA_FIELDS) {
      const value = this.draft[field].trim();
      if (value) dataElements[field] = value;
      else delete dataElements[field];
    }
    const tags = tagsOf(this.draft.tags);
    return { kind: 'create', input: { ...this.prefill, dataElements, ...(tags.length ? { tags } : {}) } };
  }

  private updateJob(): SaveJob | undefined {
    const base = this.editBase;
    if (!base) return undefined;
    const before = valuesOf(base);
    const dataElements: Record<string, string | null> = {};
    for (const field of DATA_FIELDS) {
      if (this.draft[field] !== before[field]) dataElements[field] = this.draft[field].trim() || null;
    }
    const tagsChanged = tagsOf(this.draft.tags).join('\n') !== tagsOf(before.tags).join('\n');
    if (!Object.keys(dataElements).length && !tagsChanged) return undefined;
    return {
      kind: 'update',
      id: base.id,
      patch: {
        expectedVersion: this.expectedVersion,
        ...(Object.keys(dataElements).length ? { dataElements } : {}),
        ...(tagsChanged ? { tags: tagsOf(this.draft.tags) } : {}),
      },
    };
  }

  private async handleSaved(customer: Customer): Promise<void> {
    const created = this.mode === 'create';
    this.issues = [];
    this.conflict = undefined;
    this.customer = customer;
    this.mode = 'view';
    this.announcement = created ? msg('Customer created.') : msg('Saved.');
    this.dispatchEvent(new CustomerSavedEvent({ customer, created }));
    await this.focusAfterUpdate('#edit');
  }

  private async handleSaveError(error: unknown): Promise<void> {
    // Cancel aborts a save in flight: that is the agent's choice, not a failure to report.
    if (isContextError(error) && error.code === 'aborted') return;
    if (isInvalidInput(error)) {
      this.issues = error.issues;
      await this.updateComplete;
      const first = this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]');
      first?.focus();
      return;
    }
    this.issues = [];
    if (error instanceof ConflictError && error.current) {
      this.conflict = error.current as Customer;
      await this.focusAfterUpdate('#load-theirs');
      return;
    }
    this.failure = { error, retry: () => this.save(), what: 'save' };
    await this.updateComplete;
    // Retry was pressed and has gone while the save ran: keep the keyboard where it can act again.
    if (!(this.renderRoot as ShadowRoot).activeElement) this.renderRoot.querySelector<HTMLElement>('[part="error"] button')?.focus();
  }

  private async focusAfterUpdate(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private handleEdit = () => {
    this.mode = 'edit';
    this.announcement = '';
    void this.focusAfterUpdate('input');
  };

  private handleFieldInput(field: FormField, event: Event): void {
    this.draft = { ...this.draft, [field]: (event.target as HTMLInputElement | HTMLTextAreaElement).value };
  }

  private handleSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    this.save();
  };

  private handleFormKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    this.handleCancel();
  };

  private handleCancel = () => {
    if (this.saveTask.status === TaskStatus.PENDING) this.saveTask.abort();
    if (this.mode === 'create') {
      this.resetForm();
      void this.focusAfterUpdate('input');
      return;
    }
    // What is stored now is what the agent returns to, if someone else changed it meanwhile.
    if (this.conflict) this.customer = this.conflict;
    this.mode = 'view';
    void this.focusAfterUpdate('#edit');
  };

  private handleLoadTheirs = () => {
    if (!this.conflict) return;
    this.customer = this.conflict;
    this.mode = 'view';
    this.announcement = msg('Showing their changes.');
    void this.focusAfterUpdate('#edit');
  };

  private handleOverwrite = () => {
    const current = this.conflict;
    if (!current) return;
    this.expectedVersion = current.version;
    this.conflict = undefined;
    this.save();
  };

  private handleDeleteRequest = () => {
    this.failure = undefined;
    this.confirmingDelete = true;
    void this.focusAfterUpdate('#keep');
  };

  private handleKeep = () => {
    this.confirmingDelete = false;
    this.failure = undefined;
    void this.focusAfterUpdate('#delete');
  };

  private handleDelete = () => {
    if (!this.customer || this.deleteTask.status === TaskStatus.PENDING) return;
    this.failure = undefined;
    void this.deleteTask.run([this.customer.id]);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'cc-customer-summary': CcCustomerSummary;
  }
}
