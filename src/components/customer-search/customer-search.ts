import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { Task, TaskStatus, initialState } from '@lit/task';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { ContextBackend, CustomerMatch } from '../../backend/adapter.js';
import { backendContext } from '../../contexts/backend-context.js';
import { DelayedFlagController } from '../../controllers/delayed-flag-controller.js';
import { CustomerCreateRequestEvent } from '../../events/customer-create-request.js';
import { CustomerSearchResultEvent } from '../../events/customer-search-result.js';
import { CustomerSelectEvent } from '../../events/customer-select.js';
import { customerDisplayName, customerEmails, customerPhones } from '../../model/customer-display.js';
import type { Customer } from '../../model/customer.js';
import type { LookupKey } from '../../model/lookup.js';
import { hostStyles } from '../../styles/tokens.js';
import { errorCause } from '../context-error/error-cause.js';
import { PhoneFormatController } from '../customer-summary/phone-format.js';
import { styles } from './customer-search.styles.js';
import { prefillFromQuery } from './prefill.js';

/** One search the agent asked for: `immediate` when they pressed Enter rather than paused typing. */
interface SearchRequest {
  readonly text: string;
  readonly immediate: boolean;
}

interface SearchResult {
  readonly request: SearchRequest;
  readonly matches: readonly CustomerMatch[];
}

/** How long typing must pause before a search starts. */
const DEBOUNCE_MS = 200;


function keyLabel(key: LookupKey): string {
  switch (key) {
    case 'id':
      return msg('Id');
    case 'phone':
      return msg('Phone');
    case 'email':
      return msg('Email');
    case 'name':
      return msg('Name');
    case 'externalId':
      return msg('External id');
  }
}

/**
 * Finds a customer by phone (any format), email, name or id. One match is selected at once;
 * several are offered in a list, each saying which key matched; none offers to create a customer.
 *
 * A host that shows a customer beside the search sets `customer`: the search then names them as
 * its current answer, and when they come from elsewhere (a call's POD.ID, a customer just
 * created) an older result that does not include them (the no-match offer, a list, a failure)
 * gives way, so the search never says one thing while the customer shown says another.
 *
 * @fires cc-customer-select - The agent chose a customer, or the search found exactly one. Cancelable.
 * @fires cc-customer-search-result - A search ended, with its matches or its failure.
 * @fires cc-customer-create-request - The agent asked to create a customer from what they typed.
 * @csspart pending - The "Searching…" indicator, shown once a search takes ~150 ms.
 * @csspart error - The failure message with its Retry button.
 * @csspart current - Names the customer the host shows beside the search.
 * @cssprop --cc-customer-search-field-background - Of the field and the list.
 * @cssprop --cc-customer-search-field-border - Colour of the field's and the list's borders.
 * @cssprop --cc-customer-search-option-active-background - Of the result the arrows are on.
 * @cssprop --cc-customer-search-option-active-border - Marks the result the arrows are on.
 */
@customElement('cc-customer-search')
@localized()
export class CcCustomerSearch extends LitElement {
  static override styles = [hostStyles, styles];
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  /** The customer the host shows beside the search, if any. */
  @property({ attribute: false }) customer?: Customer;

  @consume({ context: backendContext, subscribe: true })
  @state()
  private backend?: ContextBackend;

  /** What is in the field now. */
  @state() private draft = '';
  /** What is being (or was last) searched for. */
  @state() private request?: SearchRequest;
  @state() private expanded = false;
  /** Index of the result the arrow keys are on, or -1. */
  @state() private active = -1;
  /** What the polite live region says: result counts. */
  @state() private announcement = '';

  @query('input') private input!: HTMLInputElement;

  private debounce?: ReturnType<typeof setTimeout>;
  /** The id of the customer shown when the current search began. */
  private askedWith?: string;
  /** Ends the wait of a `lookup()` whose request another (or none) has replaced: the task would never answer it. */
  private releaseLookup?: () => void;
  private readonly phone = new PhoneFormatController(this);

  /** "Searching…" shows only once a search has taken a while: fast answers never flash it. */
  private readonly searchingShown = new DelayedFlagController(this);

  private readonly searchTask = new Task(this, {
    args: () => [this.backend, this.request] as const,
    task: async ([backend, request], { signal }): Promise<SearchResult | typeof initialState> => {
      if (!backend || !request) return initialState;
      const matches = await backend.findCustomers(request.text, { signal });
      return { request, matches };
    },
    onComplete: (result) => this.handleResult(result),
    onError: (error) => {
      if (this.outdatedBy([])) return this.giveWay();
      this.expanded = false;
      this.active = -1;
      this.announcement = '';
      if (this.request) this.dispatchEvent(new CustomerSearchResultEvent({ query: this.request.text, immediate: this.request.immediate, error }));
    },
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.debounce);
  }

  /**
   * Searches for `query` at once, as if the agent had typed it and pressed Enter: what a host does
   * with a caller's number. Resolves once the search ends, with its matches, or undefined when it
   * failed or a newer search took its place.
   */
  async lookup(query: string): Promise<readonly CustomerMatch[] | undefined> {
    this.draft = query;
    this.expanded = false;
    this.active = -1;
    this.search(query, true);
    const request = this.request;
    if (!request) return [];
    const replaced = new Promise<undefined>((resolve) => (this.releaseLookup = () => resolve(undefined)));
    await this.updateComplete;
    // Without a backend the search waits for one, and so would this: there is no answer yet.
    if (!this.backend) return undefined;
    const answered = this.searchTask.taskComplete.then(
      (result) => (result.request === request ? result.matches : undefined),
      () => undefined,
    );
    return Promise.race([answered, replaced]);
  }

  /**
   * Puts `text` in the field as if the agent had typed it: it is searched for as typing is. For a
   * host that took the agent's first keystrokes before this part had loaded.
   */
  type(text: string): void {
    this.typed(text);
  }

  /**
   * Runs the search again if it failed or has not answered yet (a call stuck in an outage): what a
   * host's Retry does once the backend is back, so the agent recovers once, not once per part.
   */
  retry(): void {
    if (!this.request) return;
    if (this.searchTask.status === TaskStatus.ERROR || this.searchTask.status === TaskStatus.PENDING) void this.searchTask.run();
  }

  /**
   * The host is about to show a customer from elsewhere (a call's POD.ID): a search still running
   * gives way now, so that its answer, arriving later, cannot contradict them. What was typed stays.
   */
  withdraw(): void {
    if (this.searchTask.status === TaskStatus.PENDING) this.giveWay();
  }

  /** Says `text` politely through the search's live region, the one that reads out results: for a host's news about the customer, such as one just created. */
  announce(text: string): void {
    this.announcement = text;
  }

  protected override updated(): void {
    // After the task has started (it starts within the update) or settled. Without a request the
    // task only returns to its initial state: nothing is being searched.
    this.searchingShown.set(this.searchTask.status === TaskStatus.PENDING && this.request !== undefined);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const customer = this.customer;
    if (!changed.has('customer') || !customer || this.searchTask.status === TaskStatus.PENDING) return;
    const settled = this.searchTask.status === TaskStatus.COMPLETE || this.searchTask.status === TaskStatus.ERROR;
    if (settled && !this.shownMatches.some((match) => match.customer.id === customer.id)) this.giveWay();
  }

  /** The customer came from elsewhere: the older answer, and what was said of it, give way to them (what was typed stays). */
  private giveWay(): void {
    this.releaseLookup?.();
    this.request = undefined;
    this.expanded = false;
    this.active = -1;
    this.announcement = '';
  }

  /**
   * True when the host came to show a customer from elsewhere (a call's POD.ID) while the search
   * ran, and its answer leaves them out: it is the older answer, and gives way rather than contradict them.
   */
  private outdatedBy(matches: readonly CustomerMatch[]): boolean {
    const customer = this.customer;
    return !!customer && customer.id !== this.askedWith && !matches.some((match) => match.customer.id === customer.id);
  }

  override render() {
    const matches = this.shownMatches;
    const activeId = this.expanded && this.active >= 0 ? `option-${this.active}` : undefined;
    return html`
      <label for="query">${msg('Search customers')}</label>
      <input
        id="query"
        type="text"
        role="combobox"
        autocomplete="off"
        spellcheck="false"
        aria-autocomplete="list"
        aria-expanded=${this.expanded ? 'true' : 'false'}
        aria-controls="results"
        aria-activedescendant=${activeId ?? nothing}
        aria-describedby="hint"
        dir="auto"
        .value=${live(this.draft)}
        @input=${this.handleInput}
        @keydown=${this.handleKeyDown}
      />
      <p id="hint" class="hint">${msg('Phone number, email, name or customer id')}</p>
      <ul id="results" role="listbox" aria-label=${msg('Customers found')} ?hidden=${!this.expanded}>
        ${this.expanded ? matches.map((match, index) => this.renderOption(match, index)) : nothing}
      </ul>
      ${this.renderState() ?? this.renderCurrent()}
      <p class="visually-hidden" role="status">${this.announcement}</p>
    `;
  }

  private renderOption(match: CustomerMatch, index: number) {
    const { customer } = match;
    const value = match.matchedOn === 'phone' ? this.phone.format(match.matchedValue) : match.matchedValue;
    const phones = customerPhones(customer).map((phone) => this.phone.format(phone));
    const emails = customerEmails(customer);
    return html`<li
      id="option-${index}"
      role="option"
      aria-selected=${index === this.active ? 'true' : 'false'}
      @pointerdown=${this.keepFocus}
      @click=${() => this.pick(index)}
    >
      <span class="name"><bdi>${customerDisplayName(customer)}</bdi></span>
      <span class="match"><span class="key">${keyLabel(match.matchedOn)}</span> <bdi dir=${match.matchedOn === 'phone' ? 'ltr' : 'auto'}>${value}</bdi></span>
      ${phones.length || emails.length
        ? html`<span class="contact">${phones.map((phone) => html`<span dir="ltr">${phone}</span>`)}${emails.map((email) => html`<span dir="auto">${email}</span>`)}</span>`
        : nothing}
    </li>`;
  }

  /** The customer shown beside the search, named as its answer. */
  private renderCurrent() {
    if (!this.customer || this.expanded) return nothing;
    return html`<p part="current">${msg(str`Showing ${customerDisplayName(this.customer)}`)}</p>`;
  }

  /** Searching, the failure, or the offer to create a customer; undefined when there is none of these. */
  private renderState() {
    switch (this.searchTask.status) {
      case TaskStatus.PENDING:
        return this.request && this.searchingShown.on ? html`<p part="pending">${msg('Searching…')}</p>` : undefined;
      case TaskStatus.ERROR:
        return html`<div part="error" role="alert">
          <p>${msg('Could not search.')} ${errorCause(this.searchTask.error)}.</p>
          <button type="button" @click=${this.handleRetry}>${msg('Retry')}</button>
        </div>`;
      case TaskStatus.COMPLETE: {
        const result = this.searchTask.value;
        if (!result || result.matches.length || result.request !== this.request) return undefined;
        const text = result.request.text;
        return html`<div class="empty">
          <p>${msg(str`No customer matches “${text}”`)}</p>
          <button type="button" @click=${this.handleCreate}>${msg('Create customer')}</button>
        </div>`;
      }
      default:
        return undefined;
    }
  }

  /** The results of the latest completed search for what is being searched now. */
  private get shownMatches(): readonly CustomerMatch[] {
    return this.searchTask.value?.matches ?? [];
  }

  private handleResult({ request, matches }: SearchResult): void {
    if (this.outdatedBy(matches)) return this.giveWay();
    this.showResult(request, matches);
    this.dispatchEvent(new CustomerSearchResultEvent({ query: request.text, immediate: request.immediate, matches }));
  }

  private showResult(request: SearchRequest, matches: readonly CustomerMatch[]): void {
    this.active = -1;
    const [only] = matches;
    // While the agent is still typing, one name match is offered rather than opened: "Morgan" may
    // be the start of "Morgan Smith". A phone, email or id is specific enough to open at once.
    if (matches.length === 1 && only && (request.immediate || only.matchedOn !== 'name')) {
      this.expanded = false;
      this.announcement = msg(str`Found ${customerDisplayName(only.customer)}`);
      this.select(only);
      return;
    }
    this.expanded = matches.length > 0;
    const count = new Intl.NumberFormat().format(matches.length);
    this.announcement =
      matches.length === 0
        ? msg(str`No customer matches “${request.text}”`)
        : matches.length === 1
          ? msg('1 customer found')
          : msg(str`${count} customers found`);
  }

  private select(match: CustomerMatch): boolean {
    return this.dispatchEvent(new CustomerSelectEvent({ customer: match.customer, match }));
  }

  private pick(index: number): void {
    const match = this.shownMatches[index];
    if (!match) return;
    this.active = index;
    if (this.select(match)) {
      this.expanded = false;
      this.active = -1;
    }
  }

  private search(text: string, immediate: boolean): void {
    clearTimeout(this.debounce);
    const trimmed = text.trim();
    this.releaseLookup?.();
    this.askedWith = this.customer?.id;
    this.request = trimmed ? { text: trimmed, immediate } : undefined;
    if (!trimmed) {
      this.expanded = false;
      this.active = -1;
      this.announcement = '';
    }
  }

  private handleInput = (event: Event) => this.typed((event.target as HTMLInputElement).value);

  private typed(text: string): void {
    this.draft = text;
    this.active = -1;
    clearTimeout(this.debounce);
    if (!this.draft.trim()) {
      this.search('', false);
      return;
    }
    this.debounce = setTimeout(() => this.search(text, false), DEBOUNCE_MS);
  }

  private handleKeyDown = (event: KeyboardEvent) => {
    const count = this.shownMatches.length;
    switch (event.key) {
      case 'ArrowDown':
        if (!count || this.searchTask.status !== TaskStatus.COMPLETE) return;
        event.preventDefault();
        if (!this.expanded) {
          this.expanded = true;
          this.active = 0;
        } else {
          this.active = (this.active + 1) % count;
        }
        break;
      case 'ArrowUp':
        if (!this.expanded || !count) return;
        event.preventDefault();
        this.active = this.active <= 0 ? count - 1 : this.active - 1;
        break;
      case 'Enter':
        event.preventDefault();
        if (this.expanded && this.active >= 0) this.pick(this.active);
        else this.search(this.draft, true);
        break;
      case 'Escape':
        if (this.expanded) {
          event.preventDefault();
          this.expanded = false;
          this.active = -1;
        } else if (this.draft) {
          event.preventDefault();
          this.draft = '';
          this.search('', false);
        }
        break;
    }
  };

  /** A click on a result must not take focus from the field, where the keyboard works. */
  private keepFocus = (event: PointerEvent) => {
    event.preventDefault();
  };

  private handleRetry = () => {
    void this.searchTask.run();
    this.input.focus();
  };

  private handleCreate = () => {
    const text = this.request?.text ?? this.draft;
    this.dispatchEvent(new CustomerCreateRequestEvent({ prefill: prefillFromQuery(text) }));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'cc-customer-search': CcCustomerSearch;
  }
}
