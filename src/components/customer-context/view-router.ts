import type { ReactiveControllerHost } from 'lit';
import type { CustomerSearchResultDetail } from '../../events/customer-search-result.js';
import type { CustomerInput } from '../../model/customer.js';
import { closingReason } from './search-answer.js';
import type { View } from './views.js';

/** The gadget, whose `customerId` is the customer open ('' for none). */
export interface RoutedHost extends ReactiveControllerHost {
  customerId: string;
}

/**
 * What the gadget's content shows, and how each step of the agent's (or the host's) moves it on.
 * The search and the customer shown never contradict each other: a search's answer that does not
 * include the customer open closes them (unless a create form is in progress).
 */
export class ViewRouter {
  view: View = { kind: 'none' };
  /** An activity the host asked for that does not exist. */
  missingActivity: string | undefined;

  constructor(private readonly host: RoutedHost) {}

  /** Opens the customer, once shown. */
  async open(customerId: string): Promise<void> {
    this.set({ kind: 'customer' });
    this.host.customerId = customerId;
    await this.host.updateComplete;
  }

  /** The host set the customer: shown, unless a form or the customer is already there. */
  customerSet(): void {
    const { kind } = this.view;
    if (this.host.customerId && (kind === 'none' || kind === 'deleted' || kind === 'closed')) this.view = { kind: 'customer' };
  }

  searchAnswered(result: CustomerSearchResultDetail): void {
    if (this.view.kind === 'create') return;
    const reason = closingReason(result, this.host.customerId);
    if (!reason) return;
    this.host.customerId = '';
    this.set({ kind: 'closed', reason });
  }

  createRequested(prefill: CustomerInput): void {
    this.set({ kind: 'create', prefill });
  }

  deleted(customerId: string): void {
    if (customerId !== this.host.customerId) return;
    this.host.customerId = '';
    this.view = { kind: 'deleted' };
    this.host.requestUpdate();
  }

  /** Says the activity asked for does not exist (or, undefined, clears it). */
  missing(activityId: string | undefined): void {
    this.missingActivity = activityId;
    this.host.requestUpdate();
  }

  private set(view: View): void {
    this.missingActivity = undefined;
    this.view = view;
    this.host.requestUpdate();
  }
}
