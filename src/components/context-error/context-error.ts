import { localized, msg } from '@lit/localize';
import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ContextRetryEvent } from '../../events/context-retry-event.js';
import type { ErrorCode } from '../../model/errors.js';
import { hostStyles } from '../../styles/tokens.js';
import { errorCause } from './error-cause.js';
import { styles } from './context-error.styles.js';

export { errorCause } from './error-cause.js';

/** The codes that mean the context store itself is in trouble, as opposed to a refused request. */
export const ACCESS_ERROR_CODES = ['timeout', 'unavailable', 'invalid-response', 'not-registered', 'unauthenticated'] as const satisfies readonly ErrorCode[];
export type AccessErrorCode = (typeof ACCESS_ERROR_CODES)[number];

/** Whether `error` is a failure to reach the context store (rather than, say, a missing customer). */
export function isAccessError(error: unknown): error is Error & { code: AccessErrorCode } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (ACCESS_ERROR_CODES as readonly string[]).includes(code);
}

/** The text every error state starts with, in the current locale. */
export function unavailableMessage(): string {
  return msg("Experiencing issues with accessing customer's context information");
}

/**
 * The error state of the context store: what happened, why in one line, and a Retry button.
 *
 * @csspart base - The box around the message and the button.
 * @cssprop --cc-context-error-background - Behind the message.
 * @cssprop --cc-context-error-color - Of the message and the edge.
 * @fires cc-context-retry - When the agent presses Retry (not while `busy`).
 */
@customElement('cc-context-error')
@localized()
export class CcContextError extends LitElement {
  static override styles = [hostStyles, styles];

  /** The failure to explain: a `ContextError` (its `code` picks the cause) or anything thrown. */
  @property({ attribute: false }) error?: unknown;

  /** A retry is under way: the button stays focusable but does nothing. */
  @property({ type: Boolean, reflect: true }) busy = false;

  override render() {
    return html`<div part="base" role="alert">
      <p class="text">
        <span class="message">${unavailableMessage()}</span>
        <span class="cause">${errorCause(this.error)}</span>
      </p>
      <button type="button" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.handleRetry}>
        ${this.busy ? msg('Retrying…') : msg('Retry')}
      </button>
    </div>`;
  }

  /** Moves focus to the Retry button, e.g. after the error replaced what had focus. */
  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector('button')?.focus(options);
  }

  private handleRetry = () => {
    if (this.busy) return;
    const code = (this.error as { code?: unknown } | null)?.code;
    this.dispatchEvent(new ContextRetryEvent(typeof code === 'string' ? code : undefined));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'cc-context-error': CcContextError;
  }
}
