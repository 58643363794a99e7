import { msg, str } from '@lit/localize';
import { html, nothing } from 'lit';
import type { SyncState } from '../../backend/cached-backend.js';
import type { Customer, CustomerInput } from '../../model/customer.js';
import type { ScreenPopClosedEvent } from '../../events/screen-pop-closed.js';
import { fieldSetsProblemText, type FieldSetsProblem } from './organisation-field-sets.js';
import { closedText, type ClosedReason } from './search-answer.js';
import { noticeText, type ResolvedSettings } from './settings.js';

/** What the gadget's content shows: nothing open yet, a customer (or the form for a new one), or why none is open. */
export type View =
  | { readonly kind: 'none' }
  | { readonly kind: 'deleted' }
  | { readonly kind: 'customer' }
  | { readonly kind: 'closed'; readonly reason: ClosedReason }
  | { readonly kind: 'create'; readonly prefill: CustomerInput };

export interface ViewState {
  /** The customer's record, once read. */
  readonly customer: Customer | undefined;
  readonly customerId: string;
  /** Why the customer's record could not be read. */
  readonly customerError: unknown;
  readonly onPopClosed: (event: ScreenPopClosedEvent) => void;
}

/** The view's content, inside the parts' backend provider. */
export function viewContent(view: View, { customer, customerId, customerError, onPopClosed }: ViewState) {
  switch (view.kind) {
    case 'create':
      return html`<cc-customer-summary mode="create" .prefill=${view.prefill}></cc-customer-summary>`;
    case 'customer':
      if (customer) {
        return html`<cc-appointment-pop @cc-screen-pop-closed=${onPopClosed}></cc-appointment-pop>
          <cc-customer-summary .customer=${customer}></cc-customer-summary>
          <cc-note-composer customer-id=${customer.id}></cc-note-composer>
          <cc-journey-timeline customer-id=${customer.id}></cc-journey-timeline>`;
      }
      return (customerError as { code?: unknown } | undefined)?.code === 'not-found'
        ? html`<p class="empty" role="status">${msg(str`No customer with id ${customerId}.`)}</p>`
        : nothing;
    case 'deleted':
      return html`<p class="empty" role="status">${msg('Customer deleted.')}</p>`;
    case 'closed':
      return html`<p class="empty">${closedText(view.reason)}</p>`;
    case 'none':
      return html`<p class="empty">${msg('Search for a customer by phone, email, name or id.')}</p>`;
  }
}

/** What the gadget says above everything: lab mode, a setting it corrected, field sets it refused. */
export function banners({ settings, notices }: ResolvedSettings, fieldSetsProblem: FieldSetsProblem | undefined) {
  return html`${settings.labMode
    ? html`<p part="lab-mode" role="note"><strong>${msg('Lab mode')}</strong> ${msg('Test data, kept apart from production. Deleting is allowed.')}</p>`
    : nothing}
  ${notices.map((notice) => html`<p part="notice" role="status">${noticeText(notice)}</p>`)}
  ${fieldSetsProblem ? html`<p part="notice" role="status">${fieldSetsProblemText(fieldSetsProblem)}</p>` : nothing}`;
}

export function partsFailed() {
  return html`<p part="notice" role="alert">${msg('Part of the gadget could not be loaded. Reload the page to try again.')}</p>`;
}

export interface ContentState {
  readonly sync: SyncState | undefined;
  readonly locale: string | undefined;
  /** What is shown was loaded before the store failed. */
  readonly stale: boolean;
  /** An activity the host asked for that does not exist. */
  readonly missingActivity: string | undefined;
}

/** What the gadget says about the content: offline, stale, or an activity it could not find. */
export function contentNotes({ sync, locale, stale, missingActivity }: ContentState) {
  return html`${sync?.kind === 'offline' ? offlineNote(sync, locale) : nothing}
  ${stale ? html`<p class="stale-note"><span class="badge">${msg('Stale')}</span> ${msg('Shown as last loaded; it may be out of date.')}</p>` : nothing}
  ${missingActivity ? html`<p part="notice" role="status">${msg(str`No activity with id ${missingActivity}.`)}</p>` : nothing}`;
}

/** The shared backend is out of reach: the journey shown is the offline copy, and writes wait. */
function offlineNote(sync: SyncState, locale: string | undefined) {
  const time = sync.lastSyncedAt
    ? new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(sync.lastSyncedAt))
    : undefined;
  return html`<p class="stale-note" part="offline" role="status">
    <span class="badge">${msg('Offline')}</span>
    ${time ? msg(str`Offline — last synced ${time}.`) : msg('Offline — not synced yet.')}
    ${sync.pending === 1 ? msg('1 change waits to be sent.') : sync.pending ? msg(str`${sync.pending} changes wait to be sent.`) : nothing}
  </p>`;
}

/** Placeholder bars while a wait lasts, with one status for screen readers. */
export function skeleton() {
  return html`<div part="skeleton">
    <span class="visually-hidden" role="status">${msg('Loading customer context…')}</span>
    <div class="bar" aria-hidden="true"></div>
    <div class="bar" aria-hidden="true"></div>
    <div class="bar" aria-hidden="true"></div>
    <div class="bar" aria-hidden="true"></div>
  </div>`;
}
