import { msg } from '@lit/localize';
import { html, type TemplateResult } from 'lit';
import { errorCause } from '../context-error/error-cause.js';

/** Why an action failed (`headline` and the cause), as an alert with Retry. */
export function renderFailure(headline: string, error: unknown, retry: () => void): TemplateResult {
  return html`<div part="error" role="alert">
    <p>${headline} ${errorCause(error)}.</p>
    <div class="choices"><button type="button" @click=${retry}>${msg('Retry')}</button></div>
  </div>`;
}
