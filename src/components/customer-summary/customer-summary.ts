import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { Task, TaskStatus } from '@lit/task';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { customerMerging, type ContextBackend } from '../../backend/adapter.js';
import { backendContext } from '../../contexts/backend-context.js';
import { settingsContext, type GadgetSettings } from '../../contexts/settings-context.js';
import { CustomerDeletedEvent } from '../../events/customer-deleted.js';
import type { CustomerSavedEvent } from '../../events/customer-saved.js';
import { fieldSetsContext } from '../../contexts/field-sets-context.js';
import type { Customer, CustomerInput } from '../../model/customer.js';
import { BASE_FIELD_SET_REGISTRY, type FieldSetRegistry } from '../../model/field-sets.js';
import { DelayedFlagController } from '../../controllers/delayed-flag-controller.js';
import { buttonStyles, fieldBadgeStyles, hostStyles } from '../../styles/tokens.js';
import { styles } from './customer-summary.styles.js';
import { displayName, renderDetails } from './customer-details.js';
import { renderFailure } from './failure.js';
import type * as FormModule from './form-controller.js';
import { PhoneFormatController } from './phone-format.js';

export const SUMMARY_MODES = ['view', 'edit', 'create'] as const;
export type SummaryMode = (typeof SUMMARY_MODES)[number];

let formLoading: Promise<typeof FormModule> | undefined;

/**
 * Loads the form's code: when a form first opens, or sooner, as the agent heads for Edit. Most
 * sessions only read customers. A load that failed is tried again at the next call.
 */
function loadForm(): Promise<typeof FormModule> {
  formLoading ??= import('./form-controller.js').catch((error: unknown) => {
    formLoading = undefined;
    throw error;
  });
  return formLoading;
}

const prefetchForm = () => void loadForm().catch(() => undefined);

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

  @state() private failure?: { readonly error: unknown; readonly retry: () => void; readonly what: 'delete' | 'form' };
  @state() private confirmingDelete = false;
  @state() private deleted = false;
  @state() private announcement = '';
  /** The identities section is open: its element loads when first opened, on a backend that keeps identities. */
  @state() private identities = false;

  private readonly phone = new PhoneFormatController(this);
  // "Deleting…" shows only once a delete has taken a while: fast ones never flash.
  private readonly deletingShown = new DelayedFlagController(this);
  /** "Opening the form…", once the form's code has taken a while to load. */
  private readonly formWait = new DelayedFlagController(this);
  /** The edit and create form, once its code is in. */
  private form?: FormModule.SummaryForm;
  /** A form is open and its code on its way. */
  private formAwaited = false;

  private readonly deleteTask = new Task<readonly [string], string>(this, {
    autoRun: false,
    task: async ([id], { signal }) => {
      if (!this.backend) throw new Error(msg('Not connected to the context store yet.'));
      await this.backend.deleteCustomer(id, { signal });
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
    // A failure belongs to where it happened: a form opened or left starts without one.
    if (changed.has('mode')) this.failure = undefined;
    if (this.mode !== 'view' && !this.form) {
      if (!this.formAwaited && !this.failure) void this.openForm();
    } else {
      this.form?.willUpdate(changed);
    }
    this.deletingShown.set(this.deleteTask.status === TaskStatus.PENDING);
    this.formWait.set(this.mode !== 'view' && !this.form && !this.failure);
  }

  /** Loads the form's code, then starts the form (if one is still open); a failure is shown with Retry. */
  private async openForm(): Promise<void> {
    this.formAwaited = true;
    this.failure = undefined;
    try {
      const { SummaryForm } = await loadForm();
      this.form ??= new SummaryForm(this, {
        backend: () => this.backend,
        registry: () => this.registry,
        locale: () => this.locale,
        formatPhone: (phone) => this.phone.format(phone),
        announce: (text) => (this.announcement = text),
        focus: (selector) => this.focusAfterUpdate(selector),
      });
      if (this.mode !== 'view') this.form.reset();
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

  // ---- view

  private renderView() {
    const { customer } = this;
    if (this.deleted) return html`<p class="status">${msg('This customer was deleted.')}</p>`;
    if (!customer) return html`<p class="status">${msg('No customer selected.')}</p>`;
    return html`<section aria-labelledby="customer-name">
      <h2 id="customer-name" tabindex="-1"><bdi>${displayName(customer)}</bdi></h2>
      ${renderDetails(customer, { registry: this.registry, locale: this.locale, formatPhone: (phone) => this.phone.format(phone) })}
      ${this.failure?.what === 'delete' ? renderFailure(msg('Could not delete.'), this.failure.error, this.failure.retry) : nothing}
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
    if (this.form) return this.form.render(heading);
    return html`<section aria-labelledby="form-heading">
      <h2 id="form-heading">${heading}</h2>
      ${this.failure
        ? renderFailure(msg('Could not open the form.'), this.failure.error, this.failure.retry)
        : this.formWait.on
          ? html`<p class="status" role="status">${msg('Opening the form…')}</p>`
          : nothing}
    </section>`;
  }

  // ---- behaviour

  /** Moves the focus once the change is on screen: into a form, once its code is in (or to Retry, if it could not load). */
  private async focusAfterUpdate(selector: string): Promise<void> {
    await this.updateComplete;
    if (this.mode !== 'view' && !this.form) await loadForm().catch(() => undefined);
    // Again: a form whose code came in meanwhile may not be on screen yet.
    await this.updateComplete;
    const target = this.renderRoot.querySelector<HTMLElement>(selector);
    (target ?? (this.failure?.what === 'form' ? this.renderRoot.querySelector<HTMLElement>('[part="error"] button') : null))?.focus();
  }

  private handleEdit = () => {
    this.mode = 'edit';
    this.announcement = '';
    void this.focusAfterUpdate('input');
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
