import { ContextProvider } from '@lit/context';
import { localized, msg } from '@lit/localize';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ContextBackend } from '../../backend/adapter.js';
import { OwnedBackendController } from '../../backend/owned-backend-controller.js';
import { backendContext } from '../../contexts/backend-context.js';
import { hostStyles, token } from '../../styles/tokens.js';

/**
 * Provides a backend to every `cc-` element inside it: the one set as `backend`, else the
 * built-in store (IndexedDB), opened on connect and closed on disconnect.
 *
 * @slot - The elements that use the backend.
 * @csspart error - The message shown when the built-in store cannot be opened.
 */
@customElement('cc-backend-provider')
@localized()
export class CcBackendProvider extends LitElement {
  static override styles = [
    hostStyles,
    css`
      :host {
        display: contents;
      }
      [part='error'] {
        margin: 0 0 ${token('space-2')};
        padding: ${token('space-2')} ${token('space-3')};
        border-radius: ${token('radius')};
        color: ${token('color-danger')};
        background: ${token('color-danger-surface')};
      }
    `,
  ];

  /** The backend to provide. Without one the element opens the built-in store. */
  @property({ attribute: false }) backend?: ContextBackend;

  /** The built-in store's database name (default: the store's own). */
  @property({ attribute: 'database-name' }) databaseName?: string;

  /** Opens the built-in store in lab mode, where deletes are allowed. */
  @property({ type: Boolean, attribute: 'lab-mode' }) labMode = false;

  private readonly provider = new ContextProvider(this, { context: backendContext });

  private readonly backends = new OwnedBackendController(this, {
    args: () => [this.backend, this.databaseName, this.labMode] as const,
    open: async ([backend, databaseName, labMode]) => {
      if (backend) return { backend, owned: false };
      // Loaded on demand: a page that brings its own backend never downloads the IndexedDB store.
      const { BuiltInStore } = await import('../../backend/idb-store.js');
      return { backend: await BuiltInStore.open({ ...(databaseName ? { databaseName } : {}), labMode }), owned: true };
    },
    mounted: (backend) => this.provider.setValue(backend),
  });

  override render() {
    const error = this.backends.task.error;
    return html`${error
        ? html`<p part="error" role="alert">
            ${msg("Experiencing issues with accessing customer's context information")}: ${error instanceof Error ? error.message : String(error)}
          </p>`
        : nothing}<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cc-backend-provider': CcBackendProvider;
  }
}
