import { msg } from '@lit/localize';
import { Task, TaskStatus } from '@lit/task';
import { html, nothing, type PropertyValues, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { ContextBackend } from '../../backend/adapter.js';
import { DelayedFlagController } from '../../controllers/delayed-flag-controller.js';
import { CustomerSavedEvent } from '../../events/customer-saved.js';
import type { Customer, CustomerInput } from '../../model/customer.js';
import { ConflictError, isContextError, type FieldIssue, type InvalidInputError } from '../../model/errors.js';
import type { FieldDefinition, FieldSetRegistry } from '../../model/field-sets.js';
import { DuplicateCheckController } from './duplicate-check.js';
import { renderFailure } from './failure.js';
import { dataFieldsOf, groupsFor, setIdsFor, type FieldGroup } from './field-groups.js';
import { renderSummaryForm } from './form-fields.js';
import { createJob, updateJob, valuesOf, type FormValues, type SaveJob } from './form-values.js';

/** The summary, as its form sees it: what it shows, and the customer a save leaves it on. */
export interface SummaryFormHost extends ReactiveControllerHost, HTMLElement {
  mode: 'view' | 'edit' | 'create';
  customer?: Customer | undefined;
  readonly prefill?: CustomerInput | undefined;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

export interface SummaryFormOptions {
  readonly backend: () => ContextBackend | undefined;
  /** The field sets in force. */
  readonly registry: () => FieldSetRegistry;
  readonly locale: () => string | undefined;
  /** A stored phone as the agent reads it. */
  readonly formatPhone: (phone: string) => string;
  /** Says `text` in the summary's live region. */
  readonly announce: (text: string) => void;
  /** Moves the focus to what `selector` finds, once the change is on screen. */
  readonly focus: (selector: string) => Promise<void>;
}

function isInvalidInput(error: unknown): error is InvalidInputError {
  return isContextError(error) && error.code === 'invalid-input' && Array.isArray((error as InvalidInputError).issues);
}

/**
 * The summary's edit and create form: the draft, its checks next to each field, the save (asking
 * first when a new customer's phone or email is someone else's), and what a save that meets
 * someone else's change offers. Loaded when a form first opens: most sessions only read customers.
 */
export class SummaryForm {
  private draft: FormValues = {};
  /** The customer as it was when editing began: a save sends only what the agent changed from it. */
  private editBase?: Customer;
  /** The version a save expects; after "Overwrite with mine", the one someone else wrote. */
  private expectedVersion = 0;
  private issues: readonly FieldIssue[] = [];
  /** What is stored now, when a save met someone else's change. */
  private conflict?: Customer;
  private failure?: unknown;
  // "Saving…" shows only once a save has taken a while: fast ones never flash.
  private readonly savingShown: DelayedFlagController;
  /** The question before creating a customer whose phone or email someone already has. */
  private readonly duplicates: DuplicateCheckController;
  private readonly saveTask: Task<readonly [SaveJob], Customer>;

  constructor(
    private readonly host: SummaryFormHost,
    private readonly options: SummaryFormOptions,
  ) {
    this.savingShown = new DelayedFlagController(host);
    this.duplicates = new DuplicateCheckController(host, {
      backend: options.backend,
      create: (checked) => void this.saveTask.run([{ kind: 'create', input: checked }]),
      failed: (error) => this.fail(error),
      formatPhone: options.formatPhone,
    });
    this.saveTask = new Task<readonly [SaveJob], Customer>(host, {
      autoRun: false,
      task: async ([job], { signal }) => {
        const backend = options.backend();
        if (!backend) throw new Error(msg('Not connected to the context store yet.'));
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
  }

  /** Starts the form afresh for the host's mode: from the customer, the prefill, or empty. */
  reset(): void {
    this.duplicates.reset();
    this.issues = [];
    this.conflict = undefined;
    this.failure = undefined;
    const { customer, mode } = this.host;
    this.editBase = mode === 'edit' ? customer : undefined;
    if (this.editBase) this.expectedVersion = this.editBase.version;
    this.draft = valuesOf(mode === 'create' ? this.host.prefill : this.editBase, this.fields);
    this.host.requestUpdate();
  }

  /** Before each render of the host: a form that opens, or changes what it starts from, starts again. */
  willUpdate(changed: PropertyValues): void {
    const { mode } = this.host;
    const startsEditing = mode === 'edit' && this.host.customer && (changed.has('mode') || !this.editBase);
    if (startsEditing || (mode === 'create' && (changed.has('mode') || changed.has('prefill'))) || (changed.has('mode') && mode === 'view')) {
      this.reset();
    } else if (changed.has('fieldSets') && mode !== 'view') {
      // New field sets while the form is open: their fields start from what is stored, the agent's edits stay.
      this.draft = { ...valuesOf(mode === 'edit' ? this.editBase : this.host.prefill, this.fields), ...this.draft };
    }
    this.savingShown.set(this.saveTask.status === TaskStatus.PENDING || this.duplicates.checking);
  }

  /** Leaves the form: a save in flight is stopped. */
  cancel(): void {
    if (this.saveTask.status === TaskStatus.PENDING) this.saveTask.abort();
  }

  /** The form, under `heading`. */
  render(heading: string): TemplateResult {
    const creating = this.host.mode === 'create';
    // Once per render (each keystroke renders): the groups come from the field sets.
    const setIds = this.setIds;
    return renderSummaryForm({
      heading,
      creating,
      groups: this.groupsOf(setIds),
      customer: creating ? undefined : this.host.customer,
      setIds,
      registry: this.options.registry(),
      values: this.draft,
      issues: this.issues,
      editing: this.host.mode === 'edit' ? this.editBase : undefined,
      conflict: this.conflict,
      locale: this.options.locale(),
      notices: html`${this.failure === undefined ? nothing : renderFailure(msg('Could not save.'), this.failure, () => this.save())}
      ${creating ? this.duplicates.render() : nothing} ${this.savingShown.on ? html`<p part="pending">${msg('Saving…')}</p>` : nothing}`,
      onInput: (key, event) => {
        this.draft = { ...this.draft, [key]: (event.target as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement).value };
        this.host.requestUpdate();
      },
      onSubmit: (event) => {
        event.preventDefault();
        this.save();
      },
      onKeyDown: (event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        this.handleCancel();
      },
      onCancel: () => this.handleCancel(),
      onLoadTheirs: () => {
        if (!this.conflict) return;
        this.leave(this.conflict, msg('Showing their changes.'));
      },
      onOverwrite: () => {
        const current = this.conflict;
        if (!current) return;
        this.expectedVersion = current.version;
        this.conflict = undefined;
        this.save();
      },
    });
  }

  private get setIds(): string[] {
    return setIdsFor(this.options.registry(), this.host.mode === 'create' ? this.host.prefill : (this.editBase ?? this.host.customer));
  }

  private groupsOf(setIds: readonly string[]): FieldGroup[] {
    return groupsFor(this.options.registry(), setIds, this.options.locale());
  }

  /** The form's data fields, in form order. */
  private get fields(): FieldDefinition[] {
    return dataFieldsOf(this.groupsOf(this.setIds));
  }

  private save(): void {
    if (this.saveTask.status === TaskStatus.PENDING || this.duplicates.checking) return;
    this.failure = undefined;
    const draft = { fields: this.fields, values: this.draft, registry: this.options.registry() };
    const job = this.host.mode === 'create' ? createJob(draft, this.host.prefill) : updateJob(draft, this.editBase, this.expectedVersion);
    this.host.requestUpdate();
    if (job?.kind === 'invalid') {
      this.issues = job.issues;
      void this.options.focus('[aria-invalid="true"]');
      return;
    }
    // Nothing changed: there is nothing to save, and nothing to conflict with.
    if (!job) return this.leave();
    // Someone may already have the new customer's phone or email: look before creating.
    if (job.kind === 'create') this.duplicates.check(job.input);
    else void this.saveTask.run([job]);
  }

  /** Back to the customer's details (`customer`, when given), saying `announcement` if any, the focus on Edit. */
  private leave(customer?: Customer, announcement?: string): void {
    if (customer) this.host.customer = customer;
    this.host.mode = 'view';
    if (announcement !== undefined) this.options.announce(announcement);
    void this.options.focus('#edit');
  }

  private fail(error: unknown): void {
    this.failure = error;
    this.host.requestUpdate();
  }

  private handleSaved(customer: Customer): void {
    const created = this.host.mode === 'create';
    this.issues = [];
    this.conflict = undefined;
    this.leave(customer, created ? msg('Customer created.') : msg('Saved.'));
    this.host.dispatchEvent(new CustomerSavedEvent({ customer, created }));
  }

  private async handleSaveError(error: unknown): Promise<void> {
    // Cancel aborts a save in flight: that is the agent's choice, not a failure to report.
    if (isContextError(error) && error.code === 'aborted') return;
    this.host.requestUpdate();
    if (isInvalidInput(error)) {
      this.issues = error.issues;
      return this.options.focus('[aria-invalid="true"]');
    }
    this.issues = [];
    if (error instanceof ConflictError && error.current) {
      this.conflict = error.current as Customer;
      return this.options.focus('#load-theirs');
    }
    this.fail(error);
    await this.host.updateComplete;
    // Retry was pressed and has gone while the save ran: keep the keyboard where it can act again.
    if (!(this.host.renderRoot as ShadowRoot).activeElement) this.host.renderRoot.querySelector<HTMLElement>('[part="error"] button')?.focus();
  }

  private handleCancel(): void {
    this.cancel();
    if (this.host.mode === 'create') {
      this.reset();
      void this.options.focus('input');
      return;
    }
    // What is stored now is what the agent returns to, if someone else changed it meanwhile.
    this.leave(this.conflict);
  }

}
