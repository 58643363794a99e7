import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { Task, TaskStatus } from '@lit/task';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { customerMerging, sensitiveFieldGuard, type ContextBackend, type CustomerMatch } from '../../backend/adapter.js';
import { backendContext } from '../../contexts/backend-context.js';
import { sensitiveAccessContext, type SensitiveAccess } from '../../contexts/sensitive-access-context.js';
import { CustomerSavedEvent } from '../../events/customer-saved.js';
import { CustomersMergedEvent } from '../../events/customers-merged.js';
import { customerDisplayName } from '../../model/customer-display.js';
import { ConflictError, UnavailableError, isContextError, type Customer } from '../../model/index.js';
import { buttonStyles, hostStyles } from '../../styles/tokens.js';
import { errorCause } from '../context-error/error-cause.js';
import { panelStyles } from '../customer-identities/customer-identities.styles.js';
import { contributorOf } from '../customer-identities/contributor.js';
import { countMoving, movingText, type Moving } from './moving.js';
import { styles } from './customer-merge.styles.js';

type Step = 'closed' | 'search' | 'confirm';

/**
 * Merges a duplicate into the customer shown, for a supervisor: find the duplicate with the
 * backend's own search, read what the merge would move, confirm, merge. The customer shown stays.
 * Where the backend says who the agent is (a shared backend), only a supervisor is offered the
 * merge; elsewhere the backend's refusal is explained.
 *
 * @fires cc-customers-merged - The duplicate was merged: `detail.customer` is the kept customer as stored now.
 * @fires cc-customer-saved - A merge was refused because someone changed the customer shown: `detail.customer` is it as stored now.
 * @csspart error - Why a merge failed.
 * @cssprop --cc-customer-identities-gap - Inside the search and the confirmation (shared with `cc-customer-identities`).
 */
@customElement('cc-customer-merge')
@localized()
export class CcCustomerMerge extends LitElement {
  static override styles = [hostStyles, buttonStyles, panelStyles, styles];

  /** The customer shown, who stays: the duplicate is merged into them. */
  @property({ attribute: false }) customer?: Customer;

  @consume({ context: backendContext, subscribe: true })
  @state()
  private backend?: ContextBackend;

  @consume({ context: sensitiveAccessContext, subscribe: true })
  @state()
  private access?: SensitiveAccess;

  @state() private step: Step = 'closed';
  @state() private query = '';
  /** The customer chosen to be merged into the one shown, as last read. */
  @state() private duplicate?: Customer;
  /** The customer shown as a refused merge found it, when newer than `customer`. */
  @state() private fresher?: Customer;
  @state() private problem?: string;
  @state() private announcement = '';

  /** Whether to offer the merge: not to a signed-in caller the backend knows is no supervisor. */
  private readonly roleTask = new Task(this, {
    args: () => [this.backend] as const,
    task: async ([backend], { signal }) => {
      const guard = sensitiveFieldGuard(backend);
      if (!guard) return true;
      try {
        return (await guard.identity({ signal })).roles.includes('supervisor');
      } catch {
        // Who the caller is stays unknown: the backend's answer to the merge will tell.
        return true;
      }
    },
  });

  private readonly searchTask = new Task(this, {
    autoRun: false,
    args: () => [this.query.trim()] as const,
    task: async ([query], { signal }): Promise<readonly CustomerMatch[]> => {
      const matches = (await this.backend?.findCustomers(query, { signal, limit: 10 })) ?? [];
      return matches.filter((match) => match.customer.id !== this.customer?.id);
    },
  });

  private readonly countTask = new Task(this, {
    args: () => [this.backend, this.duplicate] as const,
    task: ([backend, duplicate], { signal }): Promise<Moving | undefined> | undefined =>
      backend && duplicate ? countMoving(backend, duplicate.id, signal) : undefined,
  });

  private readonly mergeTask = new Task<readonly [Customer, Customer], Customer>(this, {
    autoRun: false,
    task: async ([kept, merged], { signal }) => {
      const merging = customerMerging(this.backend);
      if (!merging) throw new UnavailableError();
      return merging.mergeCustomers(kept.id, merged.id, { keptVersion: kept.version, mergedVersion: merged.version, ...contributorOf(this.access) }, { signal });
    },
  });

  /** The customer who stays, as last read. */
  private get kept(): Customer | undefined {
    const { customer, fresher } = this;
    return customer && fresher && fresher.id === customer.id && fresher.version > customer.version ? fresher : customer;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('customer') && changed.get('customer')?.id !== this.customer?.id) this.close();
  }

  override render() {
    // While a renewed backend is asked again, what the last one answered stands: the button (and the focus on it) stays.
    const mayMerge = this.roleTask.value;
    if (!this.customer || !customerMerging(this.backend) || mayMerge === undefined) return nothing;
    if (!mayMerge) return html`<p class="note">${msg('Only a supervisor can merge customers.')}</p>`;
    return html`<div class="merge" @keydown=${this.handleKeydown}>
      <button id="start" type="button" aria-expanded=${this.step === 'closed' ? 'false' : 'true'} @click=${this.handleStart}>
        ${msg('Merge with another customer…')}
      </button>
      ${this.step === 'search' ? this.renderSearch() : this.step === 'confirm' ? this.renderConfirm() : nothing}
      ${this.step === 'closed' && this.problem ? html`<p part="error" role="alert">${this.problem}</p>` : nothing}
      <p class="visually-hidden" role="status">${this.announcement}</p>
    </div>`;
  }

  private renderSearch() {
    const searching = this.searchTask.status === TaskStatus.PENDING;
    const matches = this.searchTask.value;
    return html`<div class="panel" role="group" aria-labelledby="merge-heading">
      <h4 id="merge-heading">${msg('Merge with another customer')}</h4>
      <p class="note">${msg(str`Find the duplicate: it is merged into ${customerDisplayName(this.customer!)}, who stays.`)}</p>
      <form role="search" class="fields" novalidate @submit=${this.handleSearch}>
        <div class="field">
          <label for="query">${msg('Find the duplicate customer')}</label>
          <input id="query" type="text" enterkeyhint="search" autocomplete="off" .value=${live(this.query)} @input=${this.handleQuery} />
        </div>
        <button type="submit" class="primary">${msg('Search')}</button>
        <button type="button" @click=${this.close}>${msg('Cancel')}</button>
      </form>
      <p class="status" role="status">
        ${searching
          ? msg('Searching…')
          : this.searchTask.status === TaskStatus.ERROR
            ? msg(str`The search failed: ${errorCause(this.searchTask.error)}. Try again.`)
            : matches === undefined
              ? nothing
              : matches.length === 0
                ? msg('No other customer found.')
                : matches.length === 1
                  ? msg('1 customer found.')
                  : msg(str`${matches.length} customers found.`)}
      </p>
      ${matches?.length && !searching
        ? html`<ul class="matches" aria-label=${msg('Possible duplicates')}>
            ${matches.map(
              ({ customer, matchedValue }) => html`<li>
                <button type="button" @click=${() => this.choose(customer)}>
                  <bdi>${customerDisplayName(customer)}</bdi> <span class="note"><bdi>${matchedValue}</bdi></span>
                </button>
              </li>`,
            )}
          </ul>`
        : nothing}
    </div>`;
  }

  private renderConfirm() {
    const kept = this.kept!;
    const merged = this.duplicate!;
    const keptName = customerDisplayName(kept);
    const mergedName = customerDisplayName(merged);
    const counting = this.countTask.status === TaskStatus.PENDING;
    const moving = this.countTask.value;
    const merging = this.mergeTask.status === TaskStatus.PENDING;
    return html`<div class="confirm" role="group" aria-labelledby="merge-question">
      <h4 id="merge-question" tabindex="-1">${msg(str`Merge ${mergedName} into ${keptName}?`)}</h4>
      <ul class="moving">
        <li>${msg(str`${keptName} stays, with their details as they are.`)}</li>
        ${counting
          ? html`<li>${msg(str`Counting what moves from ${mergedName}…`)}</li>`
          : moving
            ? movingText(moving, keptName, mergedName).map((line) => html`<li>${line}</li>`)
            : this.countTask.status === TaskStatus.ERROR
              ? html`<li>${msg(str`What moves could not be counted: ${errorCause(this.countTask.error)}.`)}</li>`
              : nothing}
        <li>${msg(str`${mergedName}'s phones, emails and external ids become ${keptName}'s; looking up ${mergedName} finds ${keptName}.`)}</li>
      </ul>
      <p><strong>${msg('This cannot be undone.')}</strong></p>
      ${this.problem ? html`<p part="error" role="alert">${this.problem}</p>` : nothing}
      ${merging ? html`<p class="pending">${msg('Merging…')}</p>` : nothing}
      <div class="choices">
        <button id="merge" type="button" class="danger" aria-disabled=${merging || counting} @click=${this.handleMerge}>${msg('Merge customers')}</button>
        <button type="button" @click=${this.handleBack}>${msg('Choose another customer')}</button>
        <button type="button" @click=${this.close}>${msg('Cancel')}</button>
      </div>
    </div>`;
  }

  private handleStart = () => {
    if (this.step !== 'closed') return this.close();
    this.problem = undefined;
    this.step = 'search';
    void this.focusOn('#query');
  };

  private handleQuery = (event: Event) => {
    this.query = (event.target as HTMLInputElement).value;
  };

  private handleSearch = (event: SubmitEvent) => {
    event.preventDefault();
    if (this.query.trim()) void this.searchTask.run();
    else void this.focusOn('#query');
  };

  private choose(duplicate: Customer): void {
    this.problem = undefined;
    this.duplicate = duplicate;
    this.step = 'confirm';
    void this.focusOn('#merge-question');
  }

  private handleBack = () => {
    this.problem = undefined;
    this.duplicate = undefined;
    this.step = 'search';
    void this.focusOn('#query');
  };

  /** Closes the merge, the keyboard back on the button that opened it. */
  private close = () => {
    const wasOpen = this.step !== 'closed';
    this.mergeTask.abort();
    this.step = 'closed';
    this.duplicate = undefined;
    this.query = '';
    this.problem = undefined;
    if (wasOpen) void this.focusOn('#start');
  };

  private handleKeydown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || this.step === 'closed') return;
    event.preventDefault();
    event.stopPropagation();
    this.close();
  };

  private handleMerge = async () => {
    const kept = this.kept;
    const merged = this.duplicate;
    if (!kept || !merged || this.mergeTask.status === TaskStatus.PENDING || this.countTask.status === TaskStatus.PENDING) return;
    this.problem = undefined;
    await this.mergeTask.run([kept, merged]);
    const answer = this.mergeTask.value;
    if (this.mergeTask.status !== TaskStatus.COMPLETE || !answer) {
      const error = this.mergeTask.error;
      // Cancel aborts a merge in flight: the agent's choice, nothing to explain.
      if (this.step === 'confirm' && !(isContextError(error) && error.code === 'aborted')) this.problem = await this.problemOf(error, kept, merged);
      return;
    }
    this.fresher = answer;
    this.step = 'closed';
    this.duplicate = undefined;
    this.query = '';
    this.announcement = msg(str`Merged ${customerDisplayName(merged)} into ${customerDisplayName(answer)}.`);
    this.dispatchEvent(new CustomersMergedEvent({ customer: answer, mergedId: merged.id }));
    await this.focusOn('#start');
  };

  /** What to tell the agent of a refused merge; both customers are read again after a conflict, so that merging again acts on them. */
  private async problemOf(error: unknown, kept: Customer, merged: Customer): Promise<string> {
    if (error instanceof ConflictError) {
      const current = error.current as Customer | undefined;
      const [keptNow, mergedNow] = await Promise.all([kept, merged].map((customer) => this.backend?.getCustomer(customer.id).catch(() => undefined)));
      if (mergedNow?.id === merged.id) this.duplicate = mergedNow;
      if (keptNow?.id === kept.id && keptNow.version !== kept.version) {
        this.fresher = keptNow;
        this.dispatchEvent(new CustomerSavedEvent({ customer: keptNow, created: false }));
      }
      const name = customerDisplayName(current?.id === kept.id ? kept : merged);
      return msg(str`${name} was changed by someone else meanwhile. Check what moves, then merge again.`);
    }
    switch (isContextError(error) ? error.code : undefined) {
      case 'forbidden':
        return msg('Only a supervisor can merge customers.');
      case 'not-found':
        return msg(str`${customerDisplayName(merged)} no longer exists: merged or deleted meanwhile. Choose another customer.`);
      default:
        return msg(str`Not merged: ${errorCause(error)}. Try again.`);
    }
  }

  private async focusOn(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cc-customer-merge': CcCustomerMerge;
  }
}
