import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { ContextBackend } from '../../backend/adapter.js';
import { backendContext } from '../../contexts/backend-context.js';
import { NoteAddedEvent } from '../../events/note-added.js';
import { LIMITS } from '../../model/constants.js';
import { buttonStyles, hostStyles } from '../../styles/tokens.js';
import { errorCause } from '../context-error/error-cause.js';
import { styles } from './note-composer.styles.js';

/** The title every agent note carries in the journey; the note itself is its `Context_Notes`. */
export const NOTE_TITLE = 'Agent note';

/**
 * Adds an agent's note to a customer's journey. An "Add a note" button opens a labelled text
 * field (so the journey keeps its room until a note is wanted); "Add note", or Control+Enter
 * (Command+Enter) in the field, stores it and closes the field again; Escape closes it unchanged. The note is an activity of its own, so it
 * shows in the timeline at once and every agent sees it. What was typed stays until it is stored:
 * a failed save says why and keeps the text.
 *
 * @fires cc-note-added - A note was stored.
 * @csspart field - The note's text field.
 */
@customElement('cc-note-composer')
@localized()
export class CcNoteComposer extends LitElement {
  static override styles = [hostStyles, buttonStyles, styles];

  /** The customer the note is about. */
  @property({ attribute: 'customer-id' }) customerId = '';

  @consume({ context: backendContext, subscribe: true })
  @state()
  private backend?: ContextBackend;

  @state() private open = false;
  @state() private text = '';
  @state() private saving = false;
  @state() private problem?: string;
  @state() private announcement = '';

  @query('textarea') private field?: HTMLTextAreaElement;
  @query('button.disclosure') private opener?: HTMLButtonElement;

  override render() {
    const status = html`<p class="visually-hidden" role="status">${this.announcement}</p>`;
    if (!this.open) {
      return html`<button type="button" class="disclosure" aria-expanded="false" @click=${this.handleOpen}>${msg('Add a note')}</button>
        ${status}`;
    }
    const remaining = LIMITS.fieldValueLength - this.text.length;
    return html`<form @submit=${this.handleSubmit} @keydown=${this.handleFormKeydown} novalidate>
      <label for="note">${msg('Note')}</label>
      <textarea
        id="note"
        part="field"
        maxlength=${LIMITS.fieldValueLength}
        dir="auto"
        aria-describedby="note-hint${this.problem ? ' note-error' : ''}"
        aria-invalid=${this.problem ? 'true' : 'false'}
        .value=${live(this.text)}
        @input=${this.handleInput}
        @keydown=${this.handleKeydown}
      ></textarea>
      <div class="row">
        <!-- aria-disabled, not disabled: the button keeps focus while the note is stored. -->
        <button type="submit" class="primary" aria-disabled=${this.saving ? 'true' : 'false'}>
          ${this.saving ? msg('Adding…') : msg('Add note')}
        </button>
        <p class="hint" id="note-hint">
          ${remaining < 200 ? msg(str`${remaining} characters left.`) : msg('Control+Enter adds the note.')}
        </p>
      </div>
      ${this.problem ? html`<p class="error" id="note-error" role="alert">${this.problem}</p>` : nothing} ${status}
    </form>`;
  }

  private handleOpen = async () => {
    this.open = true;
    this.announcement = '';
    await this.updateComplete;
    this.field?.focus();
  };

  private async close(): Promise<void> {
    this.open = false;
    this.problem = undefined;
    await this.updateComplete;
    this.opener?.focus();
  }

  private handleFormKeydown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    // Escape closes the field; what was typed stays for next time.
    event.preventDefault();
    event.stopPropagation();
    void this.close();
  };

  private handleInput = (event: Event) => {
    this.text = (event.target as HTMLTextAreaElement).value;
    if (this.problem && this.text.trim()) this.problem = undefined;
  };

  private handleKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this.add();
    }
  };

  private handleSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void this.add();
  };

  /** Stores the note typed; resolves whether it was stored. */
  async add(): Promise<boolean> {
    if (this.saving) return false;
    const note = this.text.trim();
    if (!note) {
      this.problem = msg('Write the note first.');
      this.field?.focus();
      return false;
    }
    if (!this.backend || !this.customerId) {
      this.problem = msg('No customer is open to add the note to.');
      return false;
    }
    this.saving = true;
    this.problem = undefined;
    this.announcement = '';
    try {
      const activity = await this.backend.createActivity({
        customerId: this.customerId,
        mediaType: 'event',
        direction: 'internal',
        title: NOTE_TITLE,
        dataElements: { Context_Notes: note },
      });
      // Only what was saved goes: anything typed meanwhile stays, in the open field.
      if (this.text.trim() === note) {
        this.text = '';
        await this.close();
      }
      this.announcement = msg('Note added.');
      this.dispatchEvent(new NoteAddedEvent(activity));
      return true;
    } catch (error) {
      this.problem = msg(str`The note could not be added (${errorCause(error)}). It is kept here.`);
      return false;
    } finally {
      this.saving = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cc-note-composer': CcNoteComposer;
  }
}
