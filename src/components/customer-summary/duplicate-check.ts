import { msg, str } from '@lit/localize';
import { Task, TaskStatus } from '@lit/task';
import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { ContextBackend, CustomerMatch } from '../../backend/adapter.js';
import { CustomerSelectEvent } from '../../events/customer-select.js';
import type { Customer, CustomerInput } from '../../model/customer.js';
import { EMAIL_FIELDS, PHONE_FIELDS, customerDisplayName, customerEmails, customerPhones } from '../../model/customer-display.js';
import { isContextError } from '../../model/errors.js';

/** The keys that say who a customer is: one of them already stored under someone else means the customer may exist. */
const CONTACT_KEYS: ReadonlySet<string> = new Set(['phone', 'email']);

/**
 * The customers who already have one of a new customer's phones or emails, each with the match
 * that found them, in the order found. A contact the store cannot read (a phone it refuses) finds
 * nobody here: the create itself then says what is wrong with it.
 */
export async function findContactOwners(backend: ContextBackend, input: CustomerInput, signal?: AbortSignal): Promise<CustomerMatch[]> {
  const fields = { dataElements: input.dataElements ?? {} } as Pick<Customer, 'dataElements'>;
  const contacts = [...new Set([...customerPhones(fields), ...customerEmails(fields)])];
  // Asked all at once: an agent waits for one round trip, not one per phone and email.
  const answers = await Promise.all(
    contacts.map(async (contact): Promise<readonly CustomerMatch[]> => {
      try {
        return await backend.findCustomers(contact, signal ? { signal } : {});
      } catch (error) {
        if (isContextError(error) && error.code === 'invalid-input') return [];
        throw error;
      }
    }),
  );
  const owners = new Map<string, CustomerMatch>();
  for (const match of answers.flat()) {
    if (CONTACT_KEYS.has(match.matchedOn) && !owners.has(match.customer.id)) owners.set(match.customer.id, match);
  }
  return [...owners.values()];
}

export interface DuplicateCheckOptions {
  readonly backend: () => ContextBackend | undefined;
  /** Creates the customer: nobody has their phone or email, or the agent chose "Create anyway". */
  readonly create: (input: CustomerInput) => void;
  /** The check could not be made (the store failed): the form says so, with Retry. */
  readonly failed: (error: unknown) => void;
  /** A stored phone as the agent reads it. */
  readonly formatPhone: (phone: string) => string;
}

/**
 * Before a customer is created, looks their phones and emails up; when someone already has one,
 * asks the agent first: open that customer, or create anyway. The question takes the focus, and
 * Escape goes back to the form.
 */
export class DuplicateCheckController {
  /** What the agent asked to create, while the question about it is open. */
  private asked?: { readonly input: CustomerInput; readonly owners: readonly CustomerMatch[] };

  private readonly task: Task<readonly [CustomerInput], { readonly input: CustomerInput; readonly owners: readonly CustomerMatch[] }>;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: DuplicateCheckOptions,
  ) {
    this.task = new Task(host, {
      autoRun: false,
      task: async ([input], { signal }) => {
        const backend = options.backend();
        if (!backend) throw new Error(msg('Not connected to the context store yet.'));
        return { input, owners: await findContactOwners(backend, input, signal) };
      },
      onComplete: ({ input, owners }) => {
        if (!owners.length) {
          options.create(input);
          return;
        }
        this.asked = { input, owners };
        host.requestUpdate();
        void this.focus('#open-owner-0');
      },
      onError: (error) => {
        if (isContextError(error) && error.code === 'aborted') return;
        options.failed(error);
      },
    });
  }

  /** True while the phones and emails are being looked up. */
  get checking(): boolean {
    return this.task.status === TaskStatus.PENDING;
  }

  /** Looks up `input`'s phones and emails, then creates the customer or asks first. */
  check(input: CustomerInput): void {
    this.asked = undefined;
    void this.task.run([input]);
  }

  /** Forgets any question and stops a check in flight: the form was reset or left. */
  reset(): void {
    if (this.task.status === TaskStatus.PENDING) this.task.abort();
    this.asked = undefined;
  }

  render() {
    const asked = this.asked;
    if (!asked) return nothing;
    return html`<div part="duplicates" class="confirm" role="group" aria-labelledby="duplicates-heading" @keydown=${this.handleKeyDown}>
      <p id="duplicates-heading"><strong>${msg('Already a customer?')}</strong></p>
      ${asked.owners.map((match) => html`<p>${msg(str`${this.valueOf(match)} belongs to ${customerDisplayName(match.customer)}.`)}</p>`)}
      <div class="choices">
        ${asked.owners.map(
          (match, index) =>
            html`<button id="open-owner-${index}" type="button" @click=${() => this.open(match)}>
              ${msg(str`Open ${customerDisplayName(match.customer)}`)}
            </button>`,
        )}
        <button type="button" @click=${this.handleCreateAnyway}>${msg('Create anyway')}</button>
      </div>
    </div>`;
  }

  private valueOf(match: CustomerMatch): string {
    return match.matchedOn === 'phone' ? this.options.formatPhone(match.matchedValue) : match.matchedValue;
  }

  private open(match: CustomerMatch): void {
    if (this.host.dispatchEvent(new CustomerSelectEvent({ customer: match.customer, match }))) {
      this.asked = undefined;
      this.host.requestUpdate();
    }
  }

  private handleCreateAnyway = () => {
    const asked = this.asked;
    if (!asked) return;
    this.asked = undefined;
    this.host.requestUpdate();
    this.options.create(asked.input);
  };

  /** Escape closes the question, not the form, and returns to the contact that matched. */
  private handleKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    const input = this.asked?.input;
    this.asked = undefined;
    this.host.requestUpdate();
    const contact = [...PHONE_FIELDS, ...EMAIL_FIELDS].find((key) => {
      const value = input?.dataElements?.[key];
      return typeof value === 'string' && value !== '';
    });
    void this.focus(contact ? `#field-${contact}` : 'button[type="submit"]');
  };

  private async focus(selector: string): Promise<void> {
    await this.host.updateComplete;
    (this.host.shadowRoot ?? this.host).querySelector<HTMLElement>(selector)?.focus();
  }
}
