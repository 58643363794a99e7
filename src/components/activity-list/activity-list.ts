import { consume } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ContextBackend, Unsubscribe } from '../../backend/adapter.js';
import { backendContext } from '../../contexts/backend-context.js';
import type { Activity, Customer, Direction, MediaType } from '../../model/index.js';
import { customerDisplayName } from '../../model/customer-display.js';
import { hostStyles } from '../../styles/tokens.js';
import { styles } from './activity-list.styles.js';

/** What the list shows once loaded. */
interface Journey {
  readonly customer: Customer;
  readonly activities: readonly Activity[];
  /** Whether older activities exist beyond this page. */
  readonly more: boolean;
}

export const CHANNEL_LABELS: Record<MediaType, string> = {
  chat: 'Chat',
  email: 'Email',
  event: 'Event',
  sms: 'SMS',
  social: 'Social',
  video: 'Video',
  voice: 'Voice',
  web: 'Web',
};

const DIRECTION_LABELS: Record<Direction, string> = { inbound: 'Inbound', outbound: 'Outbound' };

export const UNAVAILABLE_MESSAGE = "Experiencing issues with accessing customer's context information";

/**
 * A customer's activities, newest first, as a plain list that follows live changes.
 *
 * @csspart error - The message shown when the activities cannot be loaded, with its Retry button.
 * @cssprop --cc-activity-list-background - Behind the list.
 * @cssprop --cc-activity-list-gap - Between activities.
 * @cssprop --cc-activity-list-item-background - Of each activity.
 * @cssprop --cc-activity-list-item-border - Colour of each activity's border.
 * @cssprop --cc-activity-list-channel-color - Of the channel label.
 */
@customElement('cc-activity-list')
export class CcActivityList extends LitElement {
  static override styles = [hostStyles, styles];

  /** The customer whose activities to show. */
  @property({ attribute: 'customer-id' }) customerId = '';

  /** How many of the newest activities to load (at most 200). */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 50;

  @consume({ context: backendContext, subscribe: true })
  @state()
  private backend?: ContextBackend;

  private unsubscribe?: Unsubscribe;
  private subscribedTo?: readonly [ContextBackend, string];

  private readonly journeyTask = new Task(this, {
    args: () => [this.backend, this.customerId, this.pageSize] as const,
    task: async ([backend, customerId, pageSize], { signal }): Promise<Journey | typeof initialState> => {
      if (!backend || !customerId) return initialState;
      const [customer, page] = await Promise.all([
        backend.getCustomer(customerId, { signal }),
        backend.listActivities(customerId, { pageSize: Math.min(200, Math.max(1, pageSize)) }, { signal }),
      ]);
      return { customer, activities: page.activities, more: page.nextCursor !== undefined };
    },
  });

  private readonly dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

  override connectedCallback(): void {
    super.connectedCallback();
    this.syncSubscription();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopListening();
  }

  protected override willUpdate(): void {
    this.syncSubscription();
  }

  override render() {
    return this.journeyTask.render({
      initial: () =>
        this.backend
          ? html`<p class="status">No customer selected.</p>`
          : html`<p class="status" role="status">Connecting to the context store…</p>`,
      pending: () => {
        const shown = this.journeyTask.value;
        // Keep the list in view while a live change reloads it, rather than flashing a spinner.
        return shown && shown.customer.id === this.customerId
          ? this.renderJourney(shown, true)
          : html`<p class="status" role="status">Loading activities…</p>`;
      },
      complete: (journey) => this.renderJourney(journey, false),
      error: (error) => this.renderError(error),
    });
  }

  private renderJourney(journey: Journey, busy: boolean) {
    const name = customerDisplayName(journey.customer);
    return html`<section aria-labelledby="customer" aria-busy=${busy ? 'true' : 'false'}>
      <h2 id="customer">${name}</h2>
      ${journey.activities.length
        ? html`<ol aria-label="Activities, newest first">
            ${journey.activities.map((activity) => this.renderActivity(activity))}
          </ol>`
        : html`<p class="empty">No activities yet.</p>`}
      ${journey.more ? html`<p class="status">Showing the newest ${journey.activities.length} activities.</p>` : nothing}
    </section>`;
  }

  private renderActivity(activity: Activity) {
    const notes = activity.dataElements['Context_Notes'];
    return html`<li data-activity-id=${activity.id}>
      <h3>${activity.title}</h3>
      <p class="meta">
        <span class="channel">${CHANNEL_LABELS[activity.mediaType]}</span>
        <span class="direction">${DIRECTION_LABELS[activity.direction]}</span>
        <time datetime=${activity.created}>${this.dateFormat.format(new Date(activity.created))}</time>
      </p>
      ${activity.message ? html`<p class="message">${activity.message}</p>` : nothing}
      ${typeof notes === 'string' && notes ? html`<p class="notes"><span class="label">Notes:</span> ${notes}</p>` : nothing}
      ${activity.breadcrumbs?.length
        ? html`<p class="breadcrumbs"><span class="label">Pages:</span> ${activity.breadcrumbs.join(' > ')}</p>`
        : nothing}
      ${activity.source ? html`<p class="source"><span class="label">Source:</span> ${activity.source}</p>` : nothing}
      ${activity.appointment ? this.renderAppointment(activity.appointment) : nothing}
    </li>`;
  }

  private renderAppointment(appointment: NonNullable<Activity['appointment']>) {
    const format = new Intl.DateTimeFormat(undefined, {
      weekday: 'long',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
      ...(appointment.timeZone ? { timeZone: appointment.timeZone } : {}),
    });
    const status = appointment.status === 'proposed' ? 'Proposed appointment' : `Appointment (${appointment.status})`;
    return html`<p class="appointment">
      <span class="label">${status}:</span>
      <time datetime=${appointment.start}>${format.format(new Date(appointment.start))}</time>${appointment.place
        ? html` at ${appointment.place}`
        : nothing}${appointment.replaces
        ? html`, instead of <time datetime=${appointment.replaces.start}>${format.format(new Date(appointment.replaces.start))}</time>`
        : nothing}
    </p>`;
  }

  private renderError(error: unknown) {
    const cause = error instanceof Error ? error.message : String(error);
    return html`<div part="error" role="alert">
      <p>${UNAVAILABLE_MESSAGE}. ${cause}</p>
      <button type="button" @click=${this.handleRetry}>Retry</button>
    </div>`;
  }

  private handleRetry = () => {
    void this.journeyTask.run();
  };

  /** Follows the current backend and customer; any change to their activities reloads the list. */
  private syncSubscription(): void {
    if (!this.isConnected) return;
    const { backend, customerId } = this;
    const current = this.subscribedTo;
    if (current && current[0] === backend && current[1] === customerId) return;
    this.stopListening();
    if (!backend || !customerId) return;
    this.subscribedTo = [backend, customerId];
    this.unsubscribe = backend.subscribe(customerId, this.handleChange);
  }

  private stopListening(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.subscribedTo = undefined;
  }

  private handleChange = () => {
    // A reload in flight restarts, so the latest change always wins.
    if (this.journeyTask.status !== TaskStatus.INITIAL) void this.journeyTask.run();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'cc-activity-list': CcActivityList;
  }
}
