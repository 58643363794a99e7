import { Task } from '@lit/task';
import { LitElement, html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ContextBackend } from '../backend/adapter.js';
import type { Fault } from '../backend/operation.js';
import '../components/customer-context/customer-context.js';
import type { CcCustomerContext } from '../components/customer-context/customer-context.js';
import '../components/context-error/context-error.js';
import { THEMES, type Theme } from '../contexts/settings-context.js';
import { StatusLog } from '../diagnostics/status-log.js';
import { startFinesseBridge } from '../finesse/bridge.js';
import { SimulatedFinesseHost } from '../finesse/simulated-host.js';
import { hostStyles, rootTokens } from '../styles/tokens.js';
import type { FieldSetRegistry } from '../model/field-sets.js';
import type { FieldSetsApplyEvent } from '../events/field-sets-apply.js';
import { DEMO_CUSTOMER_TIME_ZONE, DEMO_IDS, ensureDemoJourney, seedDemoJourney } from './journey.js';
import { DEMO_FIELD_SETS, ensureDemoRiderFields } from './field-sets.js';
import { DEV_SIGN_IN_USERS, devIssuerToken } from './dev-sign-in.js';
import { styles } from './demo-app.styles.js';

// The page's tokens, so that the page and every element share one light or dark theme.
if (rootTokens.styleSheet) document.adoptedStyleSheets = [...document.adoptedStyleSheets, rootTokens.styleSheet];

const TABS = ['desktop', 'layout', 'field-sets', 'diagnostics'] as const;
type Tab = (typeof TABS)[number];

const LANGUAGES = [
  { locale: 'en', label: 'English' },
  { locale: 'fr', label: 'Français' },
  { locale: 'ar', label: 'العربية (right to left, English text)' },
] as const;

/**
 * The demo agent desktop: the Customer Context gadget on the Cumulus Motorcycle journey (seeded on
 * first start, opened on Jordan Ellis), beside a panel that plays the host, and the Desktop
 * Layout page an administrator uses to add the gadget to Finesse.
 */
@customElement('cc-demo-app')
export class CcDemoApp extends LitElement {
  static override styles = [hostStyles, styles];

  /** The built-in store's database name. */
  @property({ attribute: 'database-name' }) databaseName = 'customer-context';

  /** The gadget's timeout in ms, as its `timeout` attribute (the gadget's own default when unset). */
  @property({ type: Number }) timeout?: number;

  @state() private tab: Tab = 'desktop';
  @state() private outage = false;
  /** The host's grant: may this agent reveal sensitive fields? */
  @state() private mayReveal = true;
  @state() private locale = 'en';
  @state() private theme: Theme = 'auto';
  /** Whether the Desktop Layout page has been asked for: its code loads only then. */
  @state() private layoutWanted = false;
  /** Whether the Diagnostics page has been asked for: its code loads only then. */
  @state() private diagnosticsWanted = false;
  /** The organisation's field sets in force: the demo's rider set until the Field sets page applies others. */
  @state() private fieldSets: unknown = DEMO_FIELD_SETS;
  /** The registry the demo's stores check with; sets applied on the Field sets page join it. */
  private storeFieldSets?: FieldSetRegistry;
  /** Whether the Field sets page has been asked for: its code loads only then. */
  @state() private fieldSetsWanted = false;

  @query('cc-customer-context') private gadget?: CcCustomerContext;

  /** What the gadget reads: the built-in store, or a shared backend cached in it (`?backend-url=`). */
  private store?: ContextBackend;
  /** Where the "Backend outage" switch acts: the built-in store, or the shared backend behind the cache. */
  private faultable?: { fault: Fault };
  /** The shared backend's address, from the page's `backend-url` query parameter. */
  private readonly backendUrl = new URLSearchParams(location.search).get('backend-url') ?? undefined;

  /** On a demo server with the development issuer, who to sign in as (`?sign-in=agent` or `supervisor`). */
  private readonly signIn = DEV_SIGN_IN_USERS.find((user) => user === new URLSearchParams(location.search).get('sign-in'));
  /** The connector status log: a summary on the console every half hour, as the seed's connector writes. */
  private statusLog?: StatusLog;
  /** The desktop the gadget's calls come from: the same Finesse bridge as in a real desktop, on a simulated host. */
  private readonly finesseHost = new SimulatedFinesseHost({ onNotify: () => this.requestUpdate() });
  private bridged?: { readonly gadget: CcCustomerContext; readonly stop: () => void };

  private readonly storeTask = new Task(this, {
    args: () => [this.databaseName] as const,
    task: async ([databaseName], { signal }): Promise<ContextBackend> => {
      this.store?.close();
      // The same lazy chunk the gadget loads, so the page renders before IndexedDB code arrives.
      const [{ BuiltInStore }, { FieldSetRegistry, BASE_FIELD_SETS }, { parseOrganisationFieldSets }] = await Promise.all([
        import('../backend/idb-store.js'),
        import('../model/field-sets.js'),
        import('../model/validation.js'),
      ]);
      const fieldSets = new FieldSetRegistry([...BASE_FIELD_SETS, ...parseOrganisationFieldSets(DEMO_FIELD_SETS)]);
      this.storeFieldSets = fieldSets;
      if (this.backendUrl) return this.openShared(this.backendUrl, databaseName, fieldSets, signal);
      const store = await BuiltInStore.open({ databaseName, fieldSets });
      if (signal.aborted) {
        store.close();
        signal.throwIfAborted();
      }
      this.store = store;
      this.faultable = store;
      this.startStatusLog();
      await ensureDemoJourney(store);
      await ensureDemoRiderFields(store);
      store.fault = this.outage ? 'stall' : 'none';
      return store;
    },
  });

  /**
   * The demo on a shared backend (`npm run server -- --seed demo`): the HTTP adapter, with the
   * built-in store as its offline copy. Two windows on it share one journey.
   */
  private async openShared(backendUrl: string, databaseName: string, fieldSets: FieldSetRegistry, signal: AbortSignal): Promise<ContextBackend> {
    const { openSharedBackend } = await import('../backend/shared-backend.js');
    const signedIn = this.signIn ? devIssuerToken(backendUrl, this.signIn) : undefined;
    const { backend, remote } = await openSharedBackend({ baseUrl: backendUrl, databaseName, fieldSets, heartbeatMs: 5000, ...(signedIn ? { token: signedIn } : {}) });
    if (signal.aborted) {
      backend.close();
      signal.throwIfAborted();
    }
    this.store = backend;
    this.faultable = remote;
    this.startStatusLog();
    // A server started without `--seed demo` gets the journey through the API.
    try {
      await backend.getCustomer(DEMO_IDS.jordan);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'not-found') throw error;
      await seedDemoJourney(backend);
    }
    remote.fault = this.outage ? 'stall' : 'none';
    return backend;
  }

  private readonly layoutTask = new Task(this, {
    args: () => [this.layoutWanted] as const,
    task: async ([wanted]) => {
      if (!wanted) return false;
      await import('../components/layout-builder/layout-builder.js');
      return true;
    },
  });

  private readonly fieldSetsTask = new Task(this, {
    args: () => [this.fieldSetsWanted] as const,
    task: async ([wanted]) => {
      if (!wanted) return false;
      await import('../components/field-set-editor/field-set-editor.js');
      return true;
    },
  });

  private readonly diagnosticsTask = new Task(this, {
    args: () => [this.diagnosticsWanted] as const,
    task: async ([wanted]) => {
      if (!wanted) return false;
      await import('../components/diagnostics/diagnostics.js');
      return true;
    },
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.statusLog?.stop();
    this.statusLog = undefined;
    this.store?.close();
    this.store = undefined;
    this.bridged?.stop();
    this.bridged = undefined;
  }

  override render() {
    return html`<header>
        <h1>Customer Context demo</h1>
        <p class="hint">
          ${this.backendUrl
            ? `An agent desktop with the gadget on the shared backend at ${this.backendUrl}, cached in this browser. Open this page in a second window: both share one journey.`
            : 'An agent desktop with the gadget on the built-in store. Data stays in this browser.'}
        </p>
      </header>
      <div role="tablist" aria-label="Demo pages" @keydown=${this.handleTabKey}>
        ${this.renderTab('desktop', 'Agent desktop')} ${this.renderTab('layout', 'Desktop Layout')} ${this.renderTab('field-sets', 'Field sets')}
        ${this.renderTab('diagnostics', 'Diagnostics')}
      </div>
      <div role="tabpanel" id="panel-desktop" aria-labelledby="tab-desktop" ?hidden=${this.tab !== 'desktop'}>
        ${this.storeTask.render({
          pending: () => html`<p class="status" role="status">Opening the built-in store…</p>`,
          complete: (store) => this.renderDesktop(store),
          error: (error) => html`<cc-context-error .error=${error} @cc-context-retry=${this.handleStoreRetry}></cc-context-error>`,
        })}
      </div>
      <div role="tabpanel" id="panel-layout" aria-labelledby="tab-layout" ?hidden=${this.tab !== 'layout'}>
        ${this.layoutWanted
          ? this.layoutTask.render({
              pending: () => html`<p class="status" role="status">Loading the Desktop Layout page…</p>`,
              complete: () => html`<cc-layout-builder></cc-layout-builder>`,
              error: () =>
                html`<p role="alert">
                  The Desktop Layout page could not be loaded. Check the connection and reload the page to try again.
                </p>`,
            })
          : nothing}
      </div>
      <div role="tabpanel" id="panel-field-sets" aria-labelledby="tab-field-sets" ?hidden=${this.tab !== 'field-sets'}>
        ${this.fieldSetsWanted
          ? this.fieldSetsTask.render({
              pending: () => html`<p class="status" role="status">Loading the Field sets page…</p>`,
              complete: () =>
                html`<cc-field-set-editor .value=${this.fieldSets} @cc-field-sets-apply=${this.handleFieldSetsApply}></cc-field-set-editor>`,
              error: () => html`<p role="alert">The Field sets page could not be loaded. Check the connection and reload the page to try again.</p>`,
            })
          : nothing}
      </div>
      <div role="tabpanel" id="panel-diagnostics" aria-labelledby="tab-diagnostics" ?hidden=${this.tab !== 'diagnostics'}>
        ${this.diagnosticsWanted
          ? this.diagnosticsTask.render({
              pending: () => html`<p class="status" role="status">Loading the Diagnostics page…</p>`,
              complete: () =>
                html`<cc-diagnostics .backend=${this.store} registration="registered" timeout=${ifDefined(this.gadget?.timeout)}></cc-diagnostics>`,
              error: () =>
                html`<p role="alert">The Diagnostics page could not be loaded. Check the connection and reload the page to try again.</p>`,
            })
          : nothing}
      </div>`;
  }

  private startStatusLog(): void {
    this.statusLog?.stop();
    this.statusLog = new StatusLog({ backend: () => this.store, registration: () => 'registered', timeoutMs: () => this.gadget?.timeout });
    this.statusLog.start();
  }

  private renderTab(tab: Tab, label: string) {
    const selected = this.tab === tab;
    return html`<button
      type="button"
      role="tab"
      id=${`tab-${tab}`}
      aria-controls=${`panel-${tab}`}
      aria-selected=${selected ? 'true' : 'false'}
      tabindex=${selected ? 0 : -1}
      @click=${() => this.select(tab)}
    >
      ${label}
    </button>`;
  }

  private renderDesktop(store: ContextBackend) {
    return html`<div class="desktop">
      <cc-customer-context
        .backend=${store}
        customer-id=${DEMO_IDS.jordan}
        customer-time-zone=${DEMO_CUSTOMER_TIME_ZONE}
        timeout=${ifDefined(this.timeout)}
        locale=${this.locale}
        theme=${this.theme}
        .fieldSets=${this.fieldSets}
        ?reveal-sensitive=${this.mayReveal}
        agent-id="agent-042"
        agent-name="Sam Rivera"
      ></cc-customer-context>
      <aside aria-labelledby="host-heading">
        <h2 id="host-heading">Simulated host</h2>
        <label class="switch">
          <input type="checkbox" role="switch" .checked=${this.outage} @change=${this.handleOutage} />
          Backend outage
        </label>
        <p class="hint">
          ${this.backendUrl
            ? `While on, the shared backend never answers: the gadget shows the journey it has cached, marked Offline, and
              notes written meanwhile wait to be sent. Switch it off and they go out.`
            : `While on, the context store never answers, so every call times out after the gadget's timeout. Switch it off
              and press Retry to carry on.`}
        </p>
        <label class="switch">
          <input type="checkbox" role="switch" .checked=${this.mayReveal} @change=${this.handleMayReveal} />
          Agent may reveal sensitive fields
        </label>
        <p class="hint">
          Jordan's date of birth is sensitive: masked, and each reveal by Sam Rivera (agent-042) is recorded in the journey.
        </p>
        <button type="button" class="action" @click=${this.handleIncomingCall}>Incoming call (POD.ID of the Sunday chat)</button>
        <button type="button" class="action" @click=${this.handleUnknownCall}>Call from an unknown number</button>
        <p class="hint" role="status">${this.renderDesktopNotice()}</p>
        <button type="button" class="action" @click=${this.handleProposal}>Customer proposes a new date</button>
        <label class="field">
          Language of the gadget
          <select @change=${this.handleLocale}>
            ${LANGUAGES.map(({ locale, label }) => html`<option value=${locale} ?selected=${locale === this.locale}>${label}</option>`)}
          </select>
        </label>
        <label class="field">
          Theme of the gadget
          <select @change=${this.handleTheme}>
            ${THEMES.map((theme) => html`<option value=${theme} ?selected=${theme === this.theme}>${theme}</option>`)}
          </select>
        </label>
      </aside>
    </div>`;
  }

  private select(tab: Tab): void {
    this.tab = tab;
    if (tab === 'layout') this.layoutWanted = true;
    if (tab === 'diagnostics') this.diagnosticsWanted = true;
    if (tab === 'field-sets') this.fieldSetsWanted = true;
  }

  private handleTabKey = (event: KeyboardEvent) => {
    const index = TABS.indexOf(this.tab);
    const next =
      event.key === 'ArrowRight' || event.key === 'ArrowLeft'
        ? TABS[(index + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]
        : event.key === 'Home'
          ? TABS[0]
          : event.key === 'End'
            ? TABS[TABS.length - 1]
            : undefined;
    if (!next) return;
    event.preventDefault();
    this.select(next);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${next}`)?.focus());
  };

  /** The stores take the applied sets at once (their registry is shared); the gadget reloads with them. */
  private handleFieldSetsApply = async (event: FieldSetsApplyEvent) => {
    const { parseOrganisationFieldSets } = await import('../model/validation.js');
    for (const definition of parseOrganisationFieldSets(event.detail.document)) this.storeFieldSets?.define(definition);
    this.fieldSets = event.detail.document;
  };

  private handleMayReveal = (event: Event) => {
    this.mayReveal = (event.target as HTMLInputElement).checked;
  };

  private handleOutage = (event: Event) => {
    this.outage = (event.target as HTMLInputElement).checked;
    if (this.faultable) this.faultable.fault = this.outage ? 'stall' : 'none';
    // The host's next request meets the outage at once, as a real desktop would on its next call.
    if (this.outage) void this.gadget?.refresh();
  };

  protected override updated(): void {
    if (this.bridged?.gadget === this.gadget) return;
    this.bridged?.stop();
    const gadget = this.gadget;
    this.bridged = gadget ? { gadget, stop: startFinesseBridge(gadget, { finesse: this.finesseHost.finesse, gadgets: this.finesseHost.gadgets }) } : undefined;
  }

  /** What the gadget last asked of the desktop: a toast (Finesse 12.x), else its tab brought forward. */
  private renderDesktopNotice() {
    const toast = this.finesseHost.toasts.at(-1);
    if (toast) return `Desktop toast: ${toast.title}: ${toast.options.body}`;
    return this.finesseHost.activatedTabs ? 'The gadget asked the desktop to bring its tab forward.' : nothing;
  }

  /** One call at a time, as an agent takes them: the previous call ends first. */
  private ring(from: string, callVariables: Record<string, string> = {}): void {
    this.finesseHost.drop();
    this.finesseHost.ring({ from, callVariables });
  }

  private handleIncomingCall = () => {
    this.ring('+1 408 555 0142', { 'POD.ID': DEMO_IDS.sundayChat });
  };

  private handleUnknownCall = () => {
    this.ring('+1 408 555 0100');
  };

  /**
   * Activity 6 of the journey, arriving live as a new SMS each time. It carries no structured
   * appointment: the gadget reads "Tuesday at 4pm" from the words, as it would from a plain gateway.
   */
  private handleProposal = () => {
    void this.store?.createActivity({
      customerId: DEMO_IDS.jordan,
      requestId: DEMO_IDS.request,
      mediaType: 'sms',
      direction: 'inbound',
      title: 'New date proposed',
      message: 'I have a conflict on Sunday. Could we do Tuesday at 4pm instead?',
      source: 'SMS gateway',
    });
  };

  private handleLocale = (event: Event) => {
    this.locale = (event.target as HTMLSelectElement).value;
  };

  private handleTheme = (event: Event) => {
    this.theme = (event.target as HTMLSelectElement).value as Theme;
  };

  private handleStoreRetry = () => {
    void this.storeTask.run();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'cc-demo-app': CcDemoApp;
  }
}
