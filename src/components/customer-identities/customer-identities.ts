import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { Task, TaskStatus } from '@lit/task';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { customerMerging, unmatchedEvents, type ContextBackend } from '../../backend/adapter.js';
import { identitiesOf, listsIdentity } from '../../backend/merges/identities.js';
import { backendContext } from '../../contexts/backend-context.js';
import { sensitiveAccessContext, type SensitiveAccess } from '../../contexts/sensitive-access-context.js';
import { CustomerSavedEvent } from '../../events/customer-saved.js';
import { customerDisplayName } from '../../model/customer-display.js';
import { ConflictError, UnavailableError, identityKey, isContextError, type Customer, type Identity, type IdentityKind } from '../../model/index.js';
import { buttonStyles, hostStyles } from '../../styles/tokens.js';
import { errorCause } from '../context-error/error-cause.js';
import { PhoneFormatController } from '../customer-summary/phone-format.js';
import '../customer-merge/customer-merge.js';
import './unmatched-events.js';
import { panelStyles, styles } from './customer-identities.styles.js';
import { contributorOf } from './contributor.js';
import { KIND_CHOICES, alreadyListedText, identityProblem, kindLabel, phoneProblemText, takenText } from './identity-text.js';

type Change = { readonly kind: 'add' | 'remove'; readonly identity: Identity; readonly customer: Customer };

/**
 * Every phone, email and external id a customer is found by, with the ones the agent may add and
 * remove beside those of the customer's details; and, for a supervisor, merging a duplicate into
 * the customer (`cc-customer-merge`); and, when the backend keeps events that named no customer it
 * knows, those the agent may attach to this one (`cc-unmatched-events`). Shows nothing when the
 * backend keeps no identities.
 *
 * @fires cc-customer-saved - An identity was added or removed: `detail.customer` is the customer as stored now.
 * @fires cc-customers-merged - A duplicate was merged into the customer (from `cc-customer-merge`).
 * @csspart error - Why a removal failed.
 * @cssprop --cc-customer-identities-gap - Between the section's parts.
 * @cssprop --cc-customer-identities-label-color - Of kinds, labels and notes.
 * @cssprop --cc-customer-identities-field-background - Of inputs.
 * @cssprop --cc-customer-identities-field-border - Colour of inputs' and panels' borders.
 */
@customElement('cc-customer-identities')
@localized()
export class CcCustomerIdentities extends LitElement {
  static override styles = [hostStyles, buttonStyles, panelStyles, styles];

  /** The customer whose identities to show. */
  @property({ attribute: false }) customer?: Customer;

  @consume({ context: backendContext, subscribe: true })
  @state()
  private backend?: ContextBackend;

  @consume({ context: sensitiveAccessContext, subscribe: true })
  @state()
  private access?: SensitiveAccess;

  /** The customer as the last change here answered it: newer than `customer` until the host catches up. */
  @state() private latest?: Customer;
  @state() private kind: IdentityKind = 'phone';
  @state() private value = '';
  /** Why the identity typed cannot be added (kept beside what the agent typed). */
  @state() private addProblem?: string;
  /** The identity whose removal awaits the agent's yes, by its lookup key. */
  @state() private confirming?: string;
  @state() private removeProblem?: string;
  @state() private announcement = '';

  private readonly phone = new PhoneFormatController(this);

  private readonly changeTask = new Task<readonly [Change], Customer>(this, {
    autoRun: false,
    task: async ([change], { signal }) => {
      const merging = customerMerging(this.backend);
      if (!merging) throw new UnavailableError();
      const input = { expectedVersion: change.customer.version, kind: change.identity.kind, value: change.identity.value, ...contributorOf(this.access) };
      return change.kind === 'add'
        ? merging.addIdentity(change.customer.id, input, { signal })
        : merging.removeIdentity(change.customer.id, input, { signal });
    },
  });

  /** The customer shown: the newer of what the host gave and what the last change answered. */
  private get shown(): Customer | undefined {
    const { customer, latest } = this;
    return customer && latest && latest.id === customer.id && latest.version > customer.version ? latest : customer;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('customer') && changed.get('customer')?.id !== this.customer?.id) {
      this.latest = undefined;
      this.value = '';
      this.addProblem = undefined;
      this.confirming = undefined;
      this.removeProblem = undefined;
    }
  }

  override render() {
    const customer = this.shown;
    if (!customer || !customerMerging(this.backend)) return nothing;
    const identities = identitiesOf(customer);
    return html`<section aria-labelledby="identities-heading">
      <h3 id="identities-heading" tabindex="-1">${msg('Identities')}</h3>
      ${identities.length
        ? html`<ul class="identities" aria-labelledby="identities-heading">
            ${identities.map((identity) => this.renderIdentity(customer, identity))}
          </ul>`
        : html`<p class="status">${msg('No phones, emails or external ids yet.')}</p>`}
      ${this.removeProblem ? html`<p part="error" role="alert">${this.removeProblem}</p>` : nothing} ${this.renderAdd()}
      <cc-customer-merge .customer=${customer}></cc-customer-merge>
      ${unmatchedEvents(this.backend) ? html`<cc-unmatched-events .customer=${customer}></cc-unmatched-events>` : nothing}
      <p class="visually-hidden" role="status">${this.announcement}</p>
    </section>`;
  }

  private shownValue(identity: Identity): string {
    return identity.kind === 'phone' ? this.phone.format(identity.value) : identity.value;
  }

  private renderIdentity(customer: Customer, identity: Identity) {
    const key = identityKey(identity);
    const label = kindLabel(identity.kind);
    const value = this.shownValue(identity);
    const listed = listsIdentity(customer, identity);
    const busy = this.changeTask.status === TaskStatus.PENDING;
    return html`<li data-key=${key} tabindex="-1">
      <span class="kind">${label}</span>
      <bdi class="value" dir=${identity.kind === 'phone' ? 'ltr' : 'auto'}>${value}</bdi>
      ${!listed
        ? html`<span class="note">${msg('In the details: change it with Edit')}</span>`
        : this.confirming === key
          ? html`<div class="confirm" role="group" aria-labelledby="confirm-remove" @keydown=${this.handleConfirmKeydown}>
              <p id="confirm-remove">${msg(str`Remove ${label} ${value} from ${customerDisplayName(customer)}?`)}</p>
              ${busy ? html`<p class="pending">${msg('Removing…')}</p>` : nothing}
              <div class="choices">
                <button type="button" class="danger" aria-disabled=${busy} @click=${() => this.removeIdentity(customer, identity)}>${msg('Remove')}</button>
                <button id="keep" type="button" @click=${this.handleKeep}>${msg('Keep')}</button>
              </div>
            </div>`
          : html`<button type="button" class="remove" aria-label=${msg(str`Remove ${label} ${value}`)} @click=${() => this.handleRemoveRequest(key)}>
              ${msg('Remove')}
            </button>`}
    </li>`;
  }

  private renderAdd() {
    const busy = this.changeTask.status === TaskStatus.PENDING && this.confirming === undefined;
    return html`<form class="add" novalidate @submit=${this.handleAdd} @keydown=${this.handleAddKeydown}>
      <fieldset>
        <legend>${msg('New identity')}</legend>
        <div class="fields">
          <div class="field">
            <label for="kind">${msg('Kind')}</label>
            <select id="kind" @change=${this.handleKind}>
              ${KIND_CHOICES.map((kind) => html`<option value=${kind} ?selected=${kind === this.kind}>${kindLabel(kind)}</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="value">${msg('Value')}</label>
            <input
              id="value"
              type=${this.kind === 'phone' ? 'tel' : this.kind === 'email' ? 'email' : 'text'}
              dir="auto"
              autocomplete="off"
              .value=${live(this.value)}
              aria-invalid=${this.addProblem ? 'true' : 'false'}
              aria-describedby=${this.addProblem ? 'value-problem' : nothing}
              @input=${this.handleValue}
            />
          </div>
          <button type="submit" class="primary" aria-disabled=${busy}>${msg('Add identity')}</button>
        </div>
        ${this.addProblem ? html`<p id="value-problem" class="problem">${this.addProblem}</p>` : nothing}
        ${busy ? html`<p class="pending">${msg('Adding…')}</p>` : nothing}
      </fieldset>
    </form>`;
  }

  private handleKind = (event: Event) => {
    this.kind = (event.target as HTMLSelectElement).value as IdentityKind;
    this.addProblem = undefined;
  };

  private handleValue = (event: Event) => {
    this.value = (event.target as HTMLInputElement).value;
  };

  /** Escape in the form clears a refusal's message first, then what was typed. */
  private handleAddKeydown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || (!this.addProblem && !this.value)) return;
    event.preventDefault();
    if (this.addProblem) this.addProblem = undefined;
    else this.value = '';
  };

  private handleAdd = async (event: SubmitEvent) => {
    event.preventDefault();
    const customer = this.shown;
    if (!customer || this.changeTask.status === TaskStatus.PENDING) return;
    const { kind, value } = this;
    this.confirming = undefined;
    this.removeProblem = undefined;
    this.addProblem = await identityProblem(customer, kind, value);
    if (this.addProblem) return this.focusOn('#value');
    const answer = await this.change({ kind: 'add', identity: { kind, value: value.trim() }, customer });
    if ('problem' in answer) {
      this.addProblem = answer.problem;
      return this.focusOn('#value');
    }
    const before = new Set((customer.identities ?? []).map(identityKey));
    const added = (answer.customer.identities ?? []).find((identity) => !before.has(identityKey(identity)));
    this.value = '';
    if (added) this.announcement = msg(str`Identity added: ${kindLabel(added.kind)} ${this.shownValue(added)}.`);
    await this.focusOn(added ? `li[data-key="${CSS.escape(identityKey(added))}"]` : '#value');
  };

  private handleRemoveRequest(key: string): void {
    this.removeProblem = undefined;
    this.confirming = key;
    void this.focusOn('#keep');
  }

  /** Escape in the question keeps the identity, as Keep does. */
  private handleConfirmKeydown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    this.handleKeep();
  };

  private handleKeep = () => {
    const key = this.confirming;
    this.confirming = undefined;
    if (key) void this.focusOn(`li[data-key="${CSS.escape(key)}"] .remove`);
  };

  private async removeIdentity(customer: Customer, identity: Identity): Promise<void> {
    if (this.changeTask.status === TaskStatus.PENDING) return;
    const keys = identitiesOf(customer).map(identityKey);
    const index = keys.indexOf(identityKey(identity));
    this.removeProblem = undefined;
    const answer = await this.change({ kind: 'remove', identity, customer });
    this.confirming = undefined;
    if ('problem' in answer) {
      this.removeProblem = answer.problem;
      return this.focusOn('[part="error"]', true);
    }
    this.announcement = msg(str`Identity removed: ${kindLabel(identity.kind)} ${this.shownValue(identity)}.`);
    // The keyboard goes to the identity that took the removed one's place, else the one before, else the heading.
    const rest = identitiesOf(answer.customer).map(identityKey);
    const neighbour = rest[Math.min(index, rest.length - 1)];
    await this.focusOn(neighbour === undefined ? '#identities-heading' : `li[data-key="${CSS.escape(neighbour)}"]`);
  }

  /**
   * Runs one change and answers the customer as stored after it, or what to tell the agent. A
   * stale version shows the customer as stored now, so that trying again acts on what is there.
   */
  private async change(change: Change): Promise<{ customer: Customer } | { problem: string }> {
    await this.changeTask.run([change]);
    const customer = this.changeTask.value;
    if (this.changeTask.status !== TaskStatus.COMPLETE || !customer) return { problem: await this.problemOf(change, this.changeTask.error) };
    this.latest = customer;
    this.dispatchEvent(new CustomerSavedEvent({ customer, created: false }));
    return { customer };
  }

  private async problemOf(change: Change, error: unknown): Promise<string> {
    const code = isContextError(error) ? error.code : undefined;
    if (error instanceof ConflictError) {
      const current = error.current as Customer | undefined;
      if (current?.id !== change.customer.id) return takenText(change.identity.kind);
      this.latest = current;
      this.dispatchEvent(new CustomerSavedEvent({ customer: current, created: false }));
      return change.kind === 'add'
        ? msg('Someone else changed this customer meanwhile. The identities shown are as stored now: press Add identity again to add it.')
        : msg('Someone else changed this customer meanwhile. The identities shown are as stored now.');
    }
    if (code === 'invalid-input' && change.kind === 'add') {
      const message = (error as { issues?: readonly { message: string }[] }).issues?.[0]?.message ?? '';
      return /already/i.test(message) ? alreadyListedText() : change.identity.kind === 'phone' ? phoneProblemText() : msg('The backend refused this value.');
    }
    if (code === 'not-found' && change.kind === 'remove') {
      const fresh = await this.backend?.getCustomer(change.customer.id).catch(() => undefined);
      if (fresh) {
        this.latest = fresh;
        this.dispatchEvent(new CustomerSavedEvent({ customer: fresh, created: false }));
      }
      return msg('That identity had been removed already.');
    }
    return msg(str`Not saved: ${errorCause(error)}. Try again.`);
  }

  private async focusOn(selector: string, programmatic = false): Promise<void> {
    await this.updateComplete;
    const target = this.renderRoot.querySelector<HTMLElement>(selector);
    if (programmatic) target?.setAttribute('tabindex', '-1');
    target?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cc-customer-identities': CcCustomerIdentities;
  }
}
