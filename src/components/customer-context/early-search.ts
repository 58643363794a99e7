import { msg } from '@lit/localize';
import { css, html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { fieldColours, fieldHint, fieldInput, fieldLabel } from '../../styles/search-field.js';

/** What the search part offers the field that stood in for it. */
export interface TypedSearch extends HTMLElement {
  /** Runs a search at once, as Enter does. */
  lookup(query: string): Promise<unknown>;
  /** Puts text in the field as typing does. */
  type(text: string): void;
  readonly updateComplete?: Promise<unknown>;
}

/**
 * The search field of the gadget's first render. The search part, the store and the phone engine
 * load after it; meanwhile this field takes the agent's typing and Enter, and says that the search
 * waits. Once the part is there, `handOver` gives it what was typed (searched for as typing is, or
 * at once if Enter was pressed) and the focus if the agent was in the field.
 */
export class EarlySearchController implements ReactiveController {
  private text = '';
  private submitted = false;
  /** The agent is in the field: read before each render, since the field leaves the page unannounced. */
  private focused = false;
  private handedOver = false;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostUpdate(): void {
    if (this.handedOver) return;
    const active = this.host.shadowRoot?.activeElement;
    this.focused = active instanceof HTMLInputElement && active.id === 'early-query';
  }

  render() {
    return html`<div class="early-search">
      <label for="early-query">${msg('Search customers')}</label>
      <input
        id="early-query"
        type="text"
        autocomplete="off"
        spellcheck="false"
        dir="auto"
        aria-describedby="early-hint"
        @input=${this.handleInput}
        @keydown=${this.handleKeyDown}
      />
      <p id="early-hint" class="hint">${msg('Phone number, email, name or customer id')}</p>
      <p class="hint" role="status">${this.submitted && this.text.trim() ? msg('Searching…') : nothing}</p>
    </div>`;
  }

  /** Gives the search part what this field took, once. */
  async handOver(search: TypedSearch): Promise<void> {
    if (this.handedOver) return;
    this.handedOver = true;
    await search.updateComplete;
    if (this.focused) search.focus();
    const text = this.text;
    if (!text.trim()) return;
    if (this.submitted) await search.lookup(text);
    else search.type(text);
  }

  private handleInput = (event: Event) => {
    this.text = (event.target as HTMLInputElement).value;
    if (this.submitted) {
      this.submitted = false;
      this.host.requestUpdate();
    }
  };

  private handleKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || event.isComposing) return;
    event.preventDefault();
    this.submitted = true;
    this.host.requestUpdate();
  };
}

export const earlySearchStyles = css`
  .early-search {
    ${fieldColours}
  }
  .early-search > label {
    ${fieldLabel}
  }
  .early-search > input {
    ${fieldInput}
  }
  .early-search > .hint {
    ${fieldHint}
  }
  .early-search > .hint:empty {
    margin: 0;
  }
`;
