import { ContextProvider } from '@lit/context';
import { localized } from '@lit/localize';
import { TaskStatus } from '@lit/task';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { ContextBackend } from '../../backend/adapter.js';
import { backendContext } from '../../contexts/backend-context.js';
import type { GadgetSettings, Theme } from '../../contexts/settings-context.js';
import { AttributeWatchController } from '../../controllers/attribute-watch-controller.js';
import { DelayedFlagController } from '../../controllers/delayed-flag-controller.js';
import { customerDisplayName } from '../../model/customer-display.js';
import { ScreenPopController } from '../appointment-pop/screen-pop-controller.js';
import type { ContextRetryEvent } from '../../events/context-retry-event.js';
import type { CustomerCreateRequestEvent } from '../../events/customer-create-request.js';
import type { CustomerSavedEvent } from '../../events/customer-saved.js';
import type { CustomerSearchResultEvent } from '../../events/customer-search-result.js';
import type { CustomerSelectEvent } from '../../events/customer-select.js';
import { directionFor } from '../../localization.js';
import { UnavailableError } from '../../model/errors.js';
import type { RecordedCall, RecordOutcome } from '../../finesse/recorded-call.js';
import type { FieldKeys } from '../../backend/encryption.js';
import type { CustomerDeletedEvent } from '../../events/customer-deleted.js';
import type { ScreenPopClosedEvent } from '../../events/screen-pop-closed.js';
import { hostStyles } from '../../styles/tokens.js';
import '../backend-provider/backend-provider.js';
import '../context-error/context-error.js';
import type { BoundedBackend } from '../../backend/bounded-backend.js';
import { SyncController } from '../../backend/sync-controller.js';
import { locateActivity } from './activity-locator.js';
import { BackendViews } from './backend-views.js';
import { FocusMoves } from './focus-moves.js';
import { ProvidedSettings } from './provided-settings.js';
import { banners, contentNotes, partsFailed, skeleton, viewContent } from './views.js';
import { ShownCustomer } from './shown-customer.js';
import { ViewRouter } from './view-router.js';
import { GadgetBackend } from './gadget-backend.js';
import { EarlySearchController, earlySearchStyles, type TypedSearch } from './early-search.js';
import { ComposedParts, type SearchPart, type TimelinePart } from './parts.js';
import { styles } from './customer-context.styles.js';
import { TIMEOUT_LIMITS, timeoutConverter } from './settings.js';

/**
 * The Customer Context gadget: search a customer, see and edit their details, and read their
 * whole journey. Works with no configuration on the built-in store.
 *
 * The summary and journey read the store through a `<cc-backend-provider>` of their own, renewed
 * when the store recovers so that they reload; the search keeps its backend and its last results.
 *
 * The search and the customer shown never contradict each other. A search (the agent's, a
 * call's number through `lookup()`) that finds nobody, fails, or lists customers without the
 * one open closes that customer: their summary, note field and journey leave the screen and the
 * gadget says no customer is open, so that nobody greets a caller by someone else's name. A list
 * that includes the customer open keeps them, as "Ellis" keeps Jordan Ellis. What the search
 * lists while the agent is still typing is no answer yet and closes nothing. A customer opened
 * another way (a call's POD.ID, a customer just created) is what the search names as its answer.
 * A customer just created opens at once, is announced, and takes the focus on their name.
 *
 * @csspart base - Everything the gadget shows.
 * @csspart lab-mode - The band that says the gadget is in lab mode.
 * @csspart notice - A note about a setting the gadget corrected or refused.
 * @csspart content - The customer's summary and journey; marked `data-stale` while the store is failing.
 * @csspart skeleton - Placeholder bars while a wait lasts longer than 150 ms.
 * @cssprop --cc-customer-context-background - Behind the gadget.
 * @cssprop --cc-customer-context-gap - Between the gadget's parts.
 * @cssprop --cc-customer-context-padding - Around the gadget's parts.
 * @fires cc-screen-pop - A proposed appointment arrived live and popped.
 */
@customElement('cc-customer-context')
@localized()
export class CcCustomerContext extends LitElement {
  static override styles = [hostStyles, styles, earlySearchStyles];

  /** The backend to use. Without one, the gadget uses a backend provided from above, else opens the built-in store. */
  @property({ attribute: false }) backend?: ContextBackend;

  /** The built-in store's database name, when the gadget opens the store itself. */
  @property({ attribute: 'database-name' }) databaseName?: string;

  /**
   * A shared backend's address (the HTTP API of `npm run server`, or a team's own behind the same
   * API). The gadget then reads and writes there, keeps a last-known-good copy in the built-in
   * store, and queues writes while the backend cannot be reached. Without it, the built-in store
   * is the backend.
   */
  @property({ attribute: 'backend-url' }) backendUrl?: string;

  /** Sent to the shared backend as `Authorization: Bearer …` (never in a URL); a function is asked before each request. */
  @property({ attribute: false }) backendToken?: string | (() => string | undefined | Promise<string | undefined>);

  /**
   * The whole Authorization value for the shared backend when there is no token (`Basic …`: a
   * Finesse agent's own credentials, which the Finesse bridge sets with `backend-auth=finesse`).
   */
  @property({ attribute: false }) backendAuthorization?: string | (() => string | undefined | Promise<string | undefined>);

  /** The customer shown. */
  @property({ attribute: 'customer-id', reflect: true }) customerId = '';

  /**
   * Milliseconds every call to the store may take, 200–15000 (default 1200). Values outside the
   * range are clamped; a value that is not a number is refused for the default. Either way the
   * gadget says so.
   */
  @property({ converter: timeoutConverter }) timeout: number = TIMEOUT_LIMITS.default;

  /** Lab mode: only then do delete actions exist (and the built-in store opens its lab partition). */
  @property({ type: Boolean, attribute: 'lab-mode', reflect: true }) labMode = false;

  /** BCP 47 locale for text, dates and numbers; the page's language when absent. Sets the direction too. */
  @property() locale?: string;

  /** 'auto' (the system's), 'light' or 'dark'. */
  @property({ reflect: true }) theme: Theme = 'auto';

  /** The customer's IANA time zone, in which dates in their messages are read; the agent's when absent. */
  @property({ attribute: 'customer-time-zone' }) customerTimeZone?: string;

  /**
   * The organisation's own field sets, as its field set JSON (`{ "fieldSets": [...] }`), used
   * beside the base ones: the summary and journey show and check their fields, and the built-in
   * store (when the gadget opens it) stores them. Refused as a whole, with a notice, when invalid.
   */
  @property({ attribute: false }) fieldSets?: unknown;

  /**
   * Where to load the organisation's field set JSON from, for hosts that can only set attributes
   * (a Finesse layout): an http or https address, relative to the page. `fieldSets` wins when
   * given. Loading takes no longer than the timeout (with a floor); on any failure the gadget
   * keeps the base field sets and says why.
   */
  @property({ attribute: 'field-sets-url' }) fieldSetsUrl?: string;

  /**
   * The host's keys (`deriveFieldKeys`): the built-in store the gadget opens then keeps sensitive
   * fields encrypted at rest, and finds sensitive phones and emails through keyed hashes.
   */
  @property({ attribute: false }) encryptionKeys?: FieldKeys;

  /** The host grants this agent the right to reveal sensitive fields; each reveal is recorded under `agent-id`. */
  @property({ type: Boolean, attribute: 'reveal-sensitive' }) revealSensitive = false;

  /** The agent using the gadget, whom reveals are recorded for. Without it nothing can be revealed. */
  @property({ attribute: 'agent-id' }) agentId?: string;

  @property({ attribute: 'agent-name' }) agentName?: string;

  /** What the content shows, and how the agent's steps move it on. */
  private readonly router = new ViewRouter(this);
  /** Where a cached shared backend stands; after changes it never heard, what is shown is read again. */
  private readonly sync = new SyncController(this, () => void this.refresh());
  @state() private locating = false;

  private readonly provided = new ProvidedSettings(this, { timeout: this.timeout, labMode: false, locale: undefined, theme: 'auto' });
  private readonly backendProvider = new ContextProvider(this, { context: backendContext });
  private readonly skeleton = new DelayedFlagController(this);
  private readonly screenPops = new ScreenPopController(this, {
    backend: () => (this.shown.customer ? this.views.current : undefined),
    customerId: () => this.shown.customer?.id ?? '',
    customerName: () => (this.shown.customer ? customerDisplayName(this.shown.customer) : ''),
    timeZone: () => this.customerTimeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    pop: () => this.renderRoot.querySelector('cc-appointment-pop'),
  });
  /** The page's `dir` on the gadget wins over its locale's direction. */
  private readonly dirWatch = new AttributeWatchController(this, ['dir']);
  /** The backend (the host's, else one the gadget opens) and the field sets in force. */
  private readonly backends = new GadgetBackend(this, {
    timeoutMs: () => this.provided.resolved.settings.timeoutMs,
    mounted: (backend) => {
      this.sync.follow(backend);
      this.views.mount(backend);
    },
  });
  /** The search's view of the backend (provided to it and to what the host slots) and the parts'. */
  private readonly views = new BackendViews(this, {
    timeoutMs: () => this.provided.resolved.settings.timeoutMs,
    provideStable: (stable) => this.backendProvider.setValue(stable),
  });

  private readonly parts = new ComposedParts(this);
  private readonly shown = new ShownCustomer(this, () => this.views.current);

  /** Where the keyboard goes, and what is said, after a Retry, a customer created or chosen, a pop answered. */
  private readonly moves = new FocusMoves(this, {
    showing: (customerId) => this.shown.showing(customerId),
    customerShown: () => this.shown.customer !== undefined,
  });

  /** The search field until the search part and the backend are there: the agent can type at once. */
  private readonly earlySearch = new EarlySearchController(this);

  /**
   * The backend in use (the one given, one provided from above, or the one the gadget opened), or
   * undefined while none is open: whose status a host's status log reports.
   */
  get backendInUse(): ContextBackend | undefined {
    return this.views.stable?.inner;
  }

  /** Opens a customer's summary and journey. */
  async openCustomer(customerId: string): Promise<void> {
    // Opened from elsewhere (a host, a call's POD.ID): a search still running, for an earlier
    // caller's number, gives way, so that its late answer cannot close this customer.
    this.renderRoot.querySelector<SearchPart>('cc-customer-search')?.withdraw();
    return this.router.open(customerId);
  }

  /**
   * Opens the customer an activity belongs to, with that activity in view: what a call's POD.ID
   * does. Resolves false (and says so) when the activity cannot be found or the store fails.
   */
  async showActivity(activityId: string): Promise<boolean> {
    this.router.missing(undefined);
    const backend = await this.ready();
    if (!backend) return false;
    this.locating = true;
    const outcome = await locateActivity(backend, activityId, {
      open: async (customerId) => {
        await this.openCustomer(customerId);
        await this.shown.task.taskComplete;
      },
      timeline: () => this.parts.part<TimelinePart>('cc-journey-timeline'),
    }).finally(() => (this.locating = false));
    if (outcome === 'missing') this.router.missing(activityId);
    return outcome === 'shown';
  }

  /**
   * Records an ended call as a voice activity in its customer's journey, once whoever records it
   * (what the Finesse bridge's `record-calls` does). Resolves what happened: recorded, recorded
   * already (by another desktop), or no customer known for the call.
   */
  async recordCall(call: RecordedCall): Promise<RecordOutcome> {
    const backend = await this.ready();
    if (!backend) throw new UnavailableError();
    const { recordCall } = await import('../../finesse/recorded-call.js');
    return recordCall(backend, call);
  }

  /**
   * Runs a search as if the agent had typed `query` into the search field and pressed Enter.
   * Resolves once its answer is shown: the one match opened, a list, or no customer open.
   */
  async lookup(query: string): Promise<void> {
    await this.ready();
    const search = await this.parts.part<SearchPart>('cc-customer-search');
    if (!search) return;
    await search.updateComplete;
    await search.lookup(query);
    await this.updateComplete;
  }

  /**
   * Asks the store again and, if it answers, reloads everything shown; if not, shows the error
   * state with what was on screen kept and marked stale. Resolves whether the store answered.
   */
  async refresh(): Promise<boolean> {
    if (this.backends.owned.task.status === TaskStatus.ERROR) {
      this.backends.owned.reopen();
      const mounted = await this.ready();
      return mounted !== undefined;
    }
    if (!(await this.ready())) return false;
    return this.views.retry(this.customerId);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('timeout') || changed.has('labMode') || changed.has('locale') || changed.has('theme')) {
      this.provided.resolve({ timeout: this.timeout, labMode: this.labMode, locale: this.locale, theme: this.theme }, changed.has('locale'));
    }
    if (changed.has('revealSensitive') || changed.has('agentId') || changed.has('agentName')) this.provided.grant(this);
    if (changed.has('customerId')) this.router.customerSet();
    this.skeleton.set(
      this.backends.owned.task.status === TaskStatus.PENDING ||
        this.parts.task.status === TaskStatus.PENDING ||
        this.locating ||
        this.shown.waiting,
    );
  }

  protected override updated(): void {
    if (this.backends.owned.task.status !== TaskStatus.COMPLETE || this.parts.task.status !== TaskStatus.COMPLETE) return;
    const search = this.renderRoot.querySelector<TypedSearch>('cc-customer-search');
    if (search) void this.earlySearch.handOver(search);
  }

  override render() {
    const settings = this.provided.resolved.settings;
    const hostDir = this.getAttribute('dir');
    const dir = hostDir === 'rtl' || hostDir === 'ltr' ? hostDir : settings.locale ? directionFor(settings.locale) : undefined;
    const mounted = this.backends.owned.task.status === TaskStatus.COMPLETE;
    const openFailure = this.backends.owned.task.status === TaskStatus.ERROR ? this.backends.owned.task.error : undefined;
    const failure = openFailure ?? this.views.failure;
    const { view, missingActivity } = this.router;
    const stale = failure !== undefined && (view.kind === 'create' || this.shown.customer !== undefined);
    return html`<div part="base" dir=${ifDefined(dir)} lang=${ifDefined(settings.locale)}>
      ${banners(this.provided.resolved, this.backends.fieldSets.value?.problem)}
      ${failure !== undefined
        ? html`<cc-context-error .error=${failure} ?busy=${this.views.retrying} @cc-context-retry=${this.handleRetry}></cc-context-error>`
        : nothing}
      ${this.parts.task.status === TaskStatus.ERROR ? partsFailed() : nothing}
      ${mounted && this.parts.task.status !== TaskStatus.PENDING
        ? html`<cc-customer-search
            .customer=${this.shown.customer}
            @cc-customer-select=${this.handleSelect}
            @cc-customer-search-result=${this.handleSearchResult}
            @cc-customer-create-request=${this.handleCreateRequest}
          ></cc-customer-search>`
        : this.earlySearch.render()}
      <div
        part="content"
        ?data-stale=${stale}
        aria-busy=${this.skeleton.on ? 'true' : 'false'}
        @cc-customer-select=${this.handleSelect}
        @cc-customer-saved=${this.handleSaved}
        @cc-customer-deleted=${this.handleDeleted}
        @cc-customers-merged=${this.handleMerged}
      >
        ${contentNotes({ sync: this.sync.state, locale: settings.locale, stale, missingActivity })}
        ${this.skeleton.on ? skeleton() : nothing} ${mounted && this.views.current
          ? html`<cc-backend-provider .backend=${this.views.current}>${viewContent(view, {
              customer: this.shown.customer,
              customerId: this.customerId,
              customerError: this.shown.error,
              onPopClosed: this.handlePopClosed,
            })}</cc-backend-provider>`
          : nothing}
      </div>
    </div>`;
  }

  /** The backend, once mounted; undefined if it could not be opened. */
  private async ready(): Promise<BoundedBackend | undefined> {
    await this.updateComplete;
    try {
      await this.backends.owned.task.taskComplete;
    } catch {
      return undefined;
    }
    return this.views.current;
  }

  private handleRetry = (event: ContextRetryEvent) => {
    event.stopPropagation();
    // Retry goes with the error it answered: the keyboard goes on to what the agent came for.
    const hadFocus = (this.renderRoot as ShadowRoot).activeElement?.localName === 'cc-context-error';
    void this.refresh().then((recovered) => {
      if (!recovered) return;
      // One Retry for one outage: a search that failed in it, or still waits on it, runs again too.
      this.renderRoot.querySelector<SearchPart>('cc-customer-search')?.retry();
      return this.moves.recovered(this.customerId, hadFocus);
    });
  };

  private handleSelect = (event: CustomerSelectEvent) => {
    const { id } = event.detail.customer;
    // Chosen in the new-customer form's question ("Open Jordan Ellis"): the form and the button
    // go, so the keyboard lands on the name of the customer opened. From the search, it stays there.
    const fromForm = this.router.view.kind === 'create';
    void this.router.open(id).then(() => (fromForm ? this.moves.opened(id) : undefined));
  };

  /** A search's answer that does not include the customer open closes them; a create form in progress stays. */
  private handleSearchResult = (event: CustomerSearchResultEvent) => this.router.searchAnswered(event.detail);

  private handleCreateRequest = (event: CustomerCreateRequestEvent) => this.router.createRequested(event.detail.prefill);

  private handleSaved = (event: CustomerSavedEvent) => {
    const { created, customer } = event.detail;
    if (created) void this.router.open(customer.id).then(() => this.moves.created(customer));
  };

  private handlePopClosed = (event: ScreenPopClosedEvent) => this.moves.popClosed(event.detail.hadFocus);

  /** A duplicate was merged into the customer shown: everything is read again, their journey with what moved. */
  private handleMerged = () => void this.refresh();

  private handleDeleted = (event: CustomerDeletedEvent) => this.router.deleted(event.detail.customerId);
}

/** The settings a gadget runs with, for hosts that read them back. */
export type { GadgetSettings };

declare global {
  interface HTMLElementTagNameMap {
    'cc-customer-context': CcCustomerContext;
  }
}
