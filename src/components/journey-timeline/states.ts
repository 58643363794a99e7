import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import type { TimelineStateDetail } from '../../events/timeline-state.js';
import { isContextError } from '../../model/errors.js';
import { errorCause } from '../context-error/error-cause.js';

/** What failed, and how to try it again. */
export interface Failure {
  readonly error: unknown;
  readonly retry: () => void;
}

/**
 * What `cc-timeline-state` tells of the journey: failed, else once its first page is in (`read`),
 * ready or empty; undefined while there is nothing to tell yet.
 */
export function timelineState(failure: Failure | undefined, read: boolean, loaded: number, more: boolean): TimelineStateDetail | undefined {
  const error = failure?.error;
  const state = failure ? 'error' : read ? (loaded ? 'ready' : 'empty') : undefined;
  if (!state) return undefined;
  return { state, loaded, more, ...(isContextError(error) ? { errorCode: error.code } : {}) };
}

/** The journey could not be read: why, and a Retry. */
export function renderFailure(failure: Failure | undefined, timeoutMs: number | undefined, onRetry: () => void): TemplateResult | typeof nothing {
  if (!failure) return nothing;
  return html`<div part="error" class="error" role="alert">
    <p class="error-message">${msg("Experiencing issues with accessing customer's context information")}</p>
    <p class="error-cause">${errorCause(failure.error, timeoutMs)}</p>
    <button type="button" @click=${onRetry}>${msg('Retry')}</button>
  </div>`;
}

/** The "N new" button over activities that arrived while the agent read further down. */
export function renderArrivals(count: number, onShow: () => void): TemplateResult | typeof nothing {
  if (!count) return nothing;
  return html`<button type="button" class="arrivals" @click=${onShow}>
    <span aria-hidden="true" class="arrow">↑</span>${msg(str`${count} new`)}
  </button>`;
}

/** Placeholder rows while the first page takes long. */
export function renderSkeleton(): TemplateResult {
  return html`<div class="skeleton" aria-busy="true">
    <p class="visually-hidden" role="status">${msg('Loading activities…')}</p>
    ${[0, 1, 2, 3, 4].map(() => html`<div class="skeleton-row" aria-hidden="true"><span></span><span></span></div>`)}
  </div>`;
}

/** No activity to show: none yet, or none under the filters, which the agent can clear. */
export function renderEmpty(filtered: boolean, onClearFilters: () => void): TemplateResult {
  if (!filtered) return html`<p class="empty">${msg('No activities yet')}</p>`;
  return html`<div class="empty">
    <p>${msg('No activities match these filters')}</p>
    <button type="button" @click=${onClearFilters}>${msg('Clear filters')}</button>
  </div>`;
}

/** Said of the list while what it shows could not be read again (its `id` is the list's description). */
export function renderStaleNote(): TemplateResult {
  return html`<p class="stale-note" id="stale-note">
    <span class="badge">${msg('Stale')}</span> ${msg('Shown as last loaded; it may be out of date.')}
  </p>`;
}
