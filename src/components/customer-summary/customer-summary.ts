import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { Task, TaskStatus } from '@lit/task';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { customerMerging, type ContextBackend } from '../../backend/adapter.js';
import { backendContext } from '../../contexts/backend-context.js';
import { settingsContext, type GadgetSettings } from '../../contexts/settings-context.js';
import { CustomerDeletedEvent } from '../../events/customer-deleted.js';
import { CustomerSavedEvent } from '../../events/customer-saved.js';
import { fieldSetsContext } from '../../contexts/field-sets-context.js';
import type { Customer, CustomerInput } from '../../model/customer.js';
import { ConflictError, isContextError, type FieldIssue, type InvalidInputError } from '../../model/errors.js';
import { BASE_FIELD_SET_REGISTRY, type FieldDefinition, type FieldSetRegistry } from '../../model/field-sets.js';
import { DelayedFlagController } from '../../controllers/delayed-flag-controller.js';
import { buttonStyles, fieldBadgeStyles, hostStyles } from '../../styles/tokens.js';
import { styles } from './customer-summary.styles.js';
import { errorCause } from '../context-error/error-cause.js';
import { displayName, renderDetails } from './customer-details.js';
import type { DuplicateCheckController } from './duplicate-check.js';
import { dataFieldsOf, groupsFor, setIdsFor, type FieldGroup } from './field-groups.js';
import type * as Form from './form.js';
import type { FormValues, SaveJob } from './form-values.js';
import { PhoneFormatController } from './phone-format.js';

export const SUMMARY_MODES = ['view', 'edit', 'create'] as const;
export type SummaryMode = (typeof SUMMARY_MODES)[number];

/** The form's code, once loaded. */
let form: typeof Form | undefined;
let formLoading: Promise<typeof Form> | undefined;

/**
 * Loads the form's code: when a form first opens, or sooner, as the agent heads for Edit. Most
 * sessions only read customers. A load that failed is tried again at the next call.
 */
function loadForm(): Promise<typeof Form> {
  formLoading ??= import('./form.js').then(
    (module) => (form = module),
    (error: unknown) => {
      formLoading = undefined;
      throw error;
    },
  );
  return formLoading;
}

const prefetchForm = () => void loadForm().catch(() => undefined);

function isInvalidInput(error: unknown): error is InvalidInputError {
  return isContextError(error) && error.code === 'invalid-input' && Array.isArray((error as InvalidInputError).issues);
}

/**
 * A customer's details from the field sets in force (the base fields and the organisation's),
 * edited in place and checked by those sets next to each field; also the form that creates a
 * customer. Sensitive fields are masked (`cc-sensitive-value`); data that fits no field set is
 * shown as it came, marked. A save that meets someone else's change asks the agent what to keep.
 * Creating a customer whose phone or email someone already has asks first: open them, or create anyway.
 *
 * @fires cc-customer-saved - A customer was updated or created (`detail.created`).
 * @fires cc-customer-select - The agent chose to open the customer who already has a new customer's phone or email. Cancelable.
 * @fires cc-customer-deleted - The customer was deleted (lab mode only). Cancelable.
 * @csspart pending - The "Saving…" indicator, shown once a save takes ~150 ms.
 * @csspart error - Why a save or delete failed, with its Retry button.
 * @csspart conflict - The notice that someone else changed the customer, with the two choices.
 * @csspart duplicates - The question before creating a customer whose phone or email someone already has.
 * @cssprop --cc-customer-summary-background - Behind the summary.
 * @cssprop --cc-customer-summary-gap - Between groups of fields.
 * @cssprop --cc-customer-summary-label-color - Of field names.
 * @cssprop --cc-customer-summary-field-background - Of inputs.
 * @cssprop --cc-customer-summary-field-border - Colour of inputs' and groups' borders.
 */
@customElement('cc-customer-summary')
@localized()
export class CcCustomerSummary extends LitElement {
  static override styles = [hostStyles, buttonStyles, fieldBadgeStyles, styles];

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

  @consume({ context: fieldSetsContext, subscribe: true })
  @state()
  private fieldSets?: FieldSetRegistry;

  @state() private draft: FormValues = {};
  /** The customer as it was when editing began: a save sends only what the agent changed from it. */
  @state() private editBase?: Customer;
  /** The version a save expects; after "Overwrite with mine", the one someone else wrote. */
  private expectedVersion = 0;
  @state() private issues: readonly FieldIssue[] = [];
  /** What is stored now, when a save met someone else's change. */
  @state() private conflict?: Customer;
  @state() private failure?: { readonly error: unknown; readonly retry: () => void; readonly what: 'save' | 'delete' | 'form' };
  @state() private confirmingDelete = false;
  @state() private deleted = false;
  @state() private announcement = '';
  /** The identities section is open: its element loads when first opened, on a backend that keeps identities. */
  @state() private identities = false;

  private readonly phone = new PhoneFormatController(this);
  // "Saving…" and "Deleting…" show only once a save or delete has taken a while: fast ones never flash.
  private readonly savingShown = new DelayedFlagController(this);
  private readonly deletingShown = new DelayedFlagController(this);
  /** "Opening the form…", once the form's code has taken a while to load. */
  private readonly formWait = new DelayedFlagController(this);
  /** A form is open and its code on its way: it is filled in once the code is in. */
  private formAwaited = false;
  /**
   * The question before creating a customer whose phone or email someone already has. Its module
   * loads with the first create: most sessions only read and edit customers.
   */
  private duplicates?: DuplicateCheckController;
  /** A create waits for that module. */
  @state() private loadingDuplicates = false;
  /** Bumped when the form is reset: a check asked for before then is dropped once its module is in. */
  private duplicatesAsked = 0;

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
    if (this.mode !== 'view' && !form) {
      if (!this.formAwaited && this.failure?.what !== 'form') void this.openForm();
    } else if (startsEditing || (this.mode === 'create' && (changed.has('mode') || changed.has('prefill'))) || (changed.has('mode') && this.mode === 'view')) {
      this.resetForm();
    } else if ((changed as PropertyValues).has('fieldSets') && this.mode !== 'view') {
      // New field sets while the form is open: their fields start from what is stored, the agent's edits stay.
      this.draft = { ...form?.valuesOf(this.mode === 'edit' ? this.editBase : this.prefill, this.formFields), ...this.draft };
    }
    this.savingShown.set(this.saveTask.status === TaskStatus.PENDING || this.checkingDuplicates);
    this.deletingShown.set(this.deleteTask.status === TaskStatus.PENDING);
    this.formWait.set(this.mode !== 'view' && !form && this.failure?.what !== 'form');
  }

  /** Loads the form's code, then fills the form in (if one is still open); a failure is shown with Retry. */
  private async openForm(): Promise<void> {
    this.formAwaited = true;
    this.failure = undefined;
    try {
      await loadForm();
      if (this.mode !== 'view') this.resetForm();
    } catch (error) {
      this.failure = { error, retry: () => void this.openForm(), what: 'form' };
    } finally {
      this.formAwaited = false;
      this.requestUpdate();
    }
  }

  override render() {
    return html`${this.mode === 'view' ? this.renderView() : this.renderForm()}
      <p class="visually-hidden" role="status">${this.announcement}</p>`;
  }

  /** Moves the focus to the customer's name: for a host that has just opened them (a customer just created, say). */
  async focusName(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#customer-name')?.focus();
  }

  // ---- field sets

  private get registry(): FieldSetRegistry {
    return this.fieldSets ?? BASE_FIELD_SET_REGISTRY;
  }

  /** The form's data fields, in form order. */
  private get formFields(): FieldDefinition[] {
    return dataFieldsOf(this.formGroups);
  }

  private get formSetIds(): string[] {
    return setIdsFor(this.registry, this.mode === 'create' ? this.prefill : this.editBase ?? this.customer);
  }

  private get formGroups(): FieldGroup[] {
    return groupsFor(this.registry, this.formSetIds, this.locale);
  }

  // ---- view

  private renderView() {
    const { customer } = this;
    if (this.deleted) return html`<p class="status">${msg('This customer was deleted.')}</p>`;
    if (!customer) return html`<p class="status">${msg('No customer selected.')}</p>`;
    return html`<section aria-labelledby="customer-name">
      <h2 id="customer-name" tabindex="-1"><bdi>${displayName(customer)}</bdi></h2>
      ${renderDetails(customer, { registry: this.registry, locale: this.locale, formatPhone: (phone) => this.phone.format(phone) })}
      ${this.renderFailure('delete')}
      ${this.confirmingDelete ? this.renderConfirmDelete(customer) : nothing}
      <div class="actions">
        <button id="edit" type="button" class="primary" @click=${this.handleEdit} @pointerenter=${prefetchForm} @focus=${prefetchForm}>${msg('Edit')}</button>
        ${this.settings?.labMode && !this.confirmingDelete
          ? html`<button id="delete" type="button" class="danger" @click=${this.handleDeleteRequest}>${msg('Delete customer')}</button>`
          : nothing}
        ${customerMerging(this.backend)
          ? html`<button type="button" aria-expanded=${this.identities} @click=${this.handleIdentities}>${msg('Identities')}</button>`
          : nothing}
      </div>
      ${this.identities ? html`<cc-customer-identities .customer=${customer} @cc-customer-saved=${(event: CustomerSavedEvent) => (this.customer = event.detail.customer)}></cc-customer-identities>` : nothing}
    </section>`;
  }

  private renderConfirmDelete(customer: Customer) {
    const name = displayName(customer);
    return html`<div class="confirm" role="group" aria-labelledby="confirm-delete">
      <p id="confirm-delete">${msg(str`Delete ${name} with their whole journey? This cannot be undone.`)}</p>
      ${this.deletingShown.on ? html`<p part="pending">${msg('Deleting…')}</p>` : nothing}
      <div class="choices">
        <button type="button" class="danger" @click=${this.handleDelete}>${msg('Delete')}</button>
        <button id="keep" type="button" @click=${this.handleKeep}>${msg('Keep customer')}</button>
      </div>
    </div>`;
  }

  /** The page's locale (or the gadget's setting): language and country names are written in it. */
  private get locale(): string | undefined {
    return this.settings?.locale ?? (document.documentElement.lang || undefined);
  }

  // ---- form

  private renderForm() {
    const creating = this.mode === 'create';
    if (!creating && !this.customer) return html`<p class="status">${msg('No customer selected.')}</p>`;
    const heading = creating ? msg('New customer') : msg(str`Edit ${displayName(this.customer!)}`);
    if (!form) {
      return html`<section aria-labelledby="form-heading">
        <h2 id="form-heading">${heading}</h2>
        ${this.failure
          ? this.renderFailure('form')
          : this.formWait.on
            ? html`<p class="status" role="status">${msg('Opening the form…')}</p>`
            : nothing}
      </section>`;
    }
    return form.renderSummaryForm({
      heading,
      creating,
      groups: this.formGroups,
      customer: creating ? undefined : this.customer,
      setIds: this.formSetIds,
      registry: this.registry,
      values: this.draft,
      issues: this.issues,
      editing: this.mode === 'edit' ? this.editBase : undefined,
      conflict: this.conflict,
      locale: this.locale,
      notices: html`${this.renderFailure('save')} ${creating && this.duplicates ? this.duplicates.render() : nothing}
      ${this.savingShown.on ? html`<p part="pending">${msg('Saving…')}</p>` : nothing}`,
      onInput: (key, event) => this.handleFieldInput(key, event),
      onSubmit: this.handleSubmit,
      onKeyDown: this.handleFormKeyDown,
      onCancel: this.handleCancel,
      onLoadTheirs: this.handleLoadTheirs,
      onOverwrite: this.handleOverwrite,
    });
  }

  private renderFailure(what: 'save' | 'delete' | 'form') {
    const failure = this.failure;
    if (!failure || failure.what !== what) return nothing;
    const headline = what === 'save' ? msg('Could not save.') : what === 'delete' ? msg('Could not delete.') : msg('Could not open the form.');
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
    this.duplicatesAsked += 1;
    this.duplicates?.reset();
    this.issues = [];
    this.conflict = undefined;
    this.failure = undefined;
    if (this.mode === 'edit' && this.customer) {
      this.editBase = this.customer;
      this.expectedVersion = this.customer.version;
    } else {
      this.editBase = undefined;
    }
    this.draft = form?.valuesOf(this.mode === 'create' ? this.prefill : this.editBase, this.formFields) ?? {};
  }

  private save(): void {
    if (!form || this.saveTask.status === TaskStatus.PENDING || this.checkingDuplicates) return;
    this.failure = undefined;
    const draft = { fields: this.formFields, values: this.draft, registry: this.registry };
    const job = this.mode === 'create' ? form.createJob(draft, this.prefill) : form.updateJob(draft, this.editBase, this.expectedVersion);
    if (job?.kind === 'invalid') {
      this.issues = job.issues;
      void this.focusFirstInvalid();
      return;
    }
    if (!job) {
      // Nothing changed: there is nothing to save, and nothing to conflict with.
      this.mode = 'view';
      void this.focusAfterUpdate('#edit');
      return;
    }
    // Someone may already have the new customer's phone or email: look before creating.
    if (job.kind === 'create') void this.checkDuplicates(job.input);
    else void this.saveTask.run([job]);
  }

  private get checkingDuplicates(): boolean {
    return this.loadingDuplicates || (this.duplicates?.checking ?? false);
  }

  /** Looks up the new customer's phones and emails, then creates them or asks first. */
  private async checkDuplicates(input: CustomerInput): Promise<void> {
    const asked = this.duplicatesAsked;
    this.loadingDuplicates = true;
    try {
      const { DuplicateCheckController } = await import('./duplicate-check.js');
      this.duplicates ??= new DuplicateCheckController(this, {
        backend: () => this.backend,
        create: (checked) => void this.saveTask.run([{ kind: 'create', input: checked }]),
        failed: (error) => {
          this.failure = { error, retry: () => this.save(), what: 'save' };
        },
        formatPhone: (phone) => this.phone.format(phone),
      });
    } catch (error) {
      this.failure = { error, retry: () => this.save(), what: 'save' };
      return;
    } finally {
      this.loadingDuplicates = false;
    }
    if (asked === this.duplicatesAsked) this.duplicates.check(input);
  }

  private async focusFirstInvalid(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
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
      await this.focusFirstInvalid();
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

  /** Moves the focus once the change is on screen: into a form, once its code is in (or to Retry, if it could not load). */
  private async focusAfterUpdate(selector: string): Promise<void> {
    await this.updateComplete;
    if (this.mode !== 'view' && !form) {
      await loadForm().catch(() => undefined);
      await this.updateComplete;
    }
    const target = this.renderRoot.querySelector<HTMLElement>(selector);
    (target ?? (this.failure?.what === 'form' ? this.renderRoot.querySelector<HTMLElement>('[part="error"] button') : null))?.focus();
  }

  private handleEdit = () => {
    this.mode = 'edit';
    this.announcement = '';
    void this.focusAfterUpdate('input');
  };

  private handleFieldInput(key: string, event: Event): void {
    this.draft = { ...this.draft, [key]: (event.target as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement).value };
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

  private handleIdentities = () => {
    this.identities = !this.identities;
    void import('../customer-identities/customer-identities.js');
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
