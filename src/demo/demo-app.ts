import { Task } from '@lit/task';
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ContextBackend } from '../backend/adapter.js';
import '../components/activity-list/activity-list.js';
import '../components/backend-provider/backend-provider.js';
import { UNAVAILABLE_MESSAGE } from '../components/activity-list/activity-list.js';
import { hostStyles, rootTokens, token } from '../styles/tokens.js';
import { DEMO_IDS, ensureDemoJourney } from './journey.js';

// The page's tokens, so that the page and every element share one light or dark theme.
if (rootTokens.styleSheet) document.adoptedStyleSheets = [...document.adoptedStyleSheets, rootTokens.styleSheet];

/**
 * The demo desktop: opens the built-in store, seeds the Cumulus Motorcycle journey on first
 * start, and shows Jordan Ellis's journey.
 */
@customElement('cc-demo-app')
export class CcDemoApp extends LitElement {
  static override styles = [
    hostStyles,
    css`
      :host {
        max-width: 48rem;
        margin: 0 auto;
        padding: ${token('space-4')};
      }
      h1 {
        margin: 0 0 ${token('space-4')};
        font-size: 1.5rem;
      }
      .status {
        color: ${token('color-text-muted')};
      }
      [role='alert'] {
        color: ${token('color-danger')};
      }
    `,
  ];

  /** The built-in store's database name. */
  @property({ attribute: 'database-name' }) databaseName = 'customer-context';

  private store?: ContextBackend;

  private readonly storeTask = new Task(this, {
    args: () => [this.databaseName] as const,
    task: async ([databaseName], { signal }): Promise<ContextBackend> => {
      this.store?.close();
      // The same lazy chunk the gadget loads, so the page renders before IndexedDB code arrives.
      const { BuiltInStore } = await import('../backend/idb-store.js');
      const store = await BuiltInStore.open({ databaseName });
      if (signal.aborted) {
        store.close();
        signal.throwIfAborted();
      }
      this.store = store;
      await ensureDemoJourney(store);
      return store;
    },
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.store?.close();
    this.store = undefined;
  }

  override render() {
    return html`<h1>Customer Context demo</h1>
      ${this.storeTask.render({
        pending: () => html`<p class="status" role="status">Opening the built-in store…</p>`,
        complete: (backend) => html`<cc-backend-provider .backend=${backend}>
          <cc-activity-list customer-id=${DEMO_IDS.jordan}></cc-activity-list>
        </cc-backend-provider>`,
        error: (error) => html`<p role="alert">${UNAVAILABLE_MESSAGE}: ${error instanceof Error ? error.message : String(error)}</p>`,
      })}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cc-demo-app': CcDemoApp;
  }
}
