import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { Task, TaskStatus } from '@lit/task';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { unmatchedEvents, type AttachedEvent, type ContextBackend, type UnmatchedEvent } from '../../backend/adapter.js';
import { backendContext } from '../../contexts/backend-context.js';
import { getLocale } from '../../localization.js';
import { customerDisplayName } from '../../model/customer-display.js';
import { NotFoundError, isContextError, toMediaType, type Customer } from '../../model/index.js';
import { buttonStyles, hostStyles } from '../../styles/tokens.js';
import { errorCause } from '../context-error/error-cause.js';
import { channelLabel } from '../journey-timeline/channels.js';
import { panelStyles } from './customer-identities.styles.js';
import { styles } from './unmatched-events.styles.js';

/** How many unmatched events the part lists: the oldest first, as the server keeps them. */
const LIST_LIMIT = 50;

type Attach = { readonly event: UnmatchedEvent; readonly customer: Customer };

function keyOf(event: UnmatchedEvent): string {
  return JSON.stringify([event.event.source, event.event.id]);
}

/**
 * The events the shared backend took in that named no customer it knows, each of which the agent
 * may attach to the customer shown: it becomes an activity in their journey. Shows nothing when
 * the backend keeps no unmatched events.
 *
 * @csspart error - Why the events could not be listed, or one not attached.
 */
@customElement('cc-unmatched-events')
@localized()
export class CcUnmatchedEvents extends LitElement {
  static override styles = [hostStyles, buttonStyles, panelStyles, styles];

  /** The customer an event would be attached to. */
  @property({ attribute: false }) customer?: Customer;

  @consume({ context: backendContext, subscribe: true })
  @state()
  private backend?: ContextBackend;

  /** Events attached from here since the list was read, by key: they leave it at once. */
  @state() private attached: ReadonlySet<string> = new Set();
  @state() private problem?: string;
  @state() private announcement = '';

  /** The events, with the backend they were read from: a list read from another (or none) is no answer while this one's is read. */
  private readonly listTask = new Task(this, {
    task: async ([backend], { signal }) => {
      const capability = unmatchedEvents(backend);
      return { from: backend, events: capability ? await capability.listUnmatched({ limit: LIST_LIMIT, signal }) : [] };
    },
    args: () => [this.backend] as const,
  });

  private readonly attachTask = new Task<readonly [Attach], AttachedEvent>(this, {
    autoRun: false,
    task: async ([{ event, customer }], { signal }) => {
      const capability = unmatchedEvents(this.backend);
      if (!capability) throw new NotFoundError('event', event.event.id);
      return capability.attachUnmatched({ source: event.event.source, id: event.event.id, customerId: customer.id }, { signal });
    },
  });

  /** Lists the events again, as stored now. */
  async refresh(): Promise<void> {
    this.attached = new Set();
    await this.listTask.run();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('customer') && changed.get('customer')?.id !== this.customer?.id) this.problem = undefined;
  }

  override render() {
    const customer = this.customer;
    if (!customer || !unmatchedEvents(this.backend)) return nothing;
    return html`<section aria-labelledby="unmatched-heading">
      <h4 id="unmatched-heading" tabindex="-1">${msg('Events that may be theirs')}</h4>
      <p class="status">${msg('Events the context store took in that named no customer it knows. Attach one that is theirs to their journey.')}</p>
      ${this.problem ? html`<p part="error" role="alert" tabindex="-1">${this.problem}</p>` : nothing}
      ${this.listTask.render({
        initial: () => html`<p class="pending">${msg('Loading events…')}</p>`,
        pending: () => {
          // Read again (after an attach or a retry), the list stays; read for the first time from this backend, it is loading.
          const listed = this.listTask.value;
          return listed && listed.from === this.backend ? this.renderList(customer, listed.events) : html`<p class="pending">${msg('Loading events…')}</p>`;
        },
        complete: ({ events }) => this.renderList(customer, events),
        error: (error) => html`<div part="error" role="alert">
            <p>${msg(str`The events could not be listed: ${errorCause(error)}.`)}</p>
            <button type="button" @click=${this.handleRetry}>${msg('Try again')}</button>
          </div>`,
      })}
      <p class="visually-hidden" role="status">${this.announcement}</p>
    </section>`;
  }

  private renderList(customer: Customer, events: readonly UnmatchedEvent[]) {
    const shown = events.filter((event) => !this.attached.has(keyOf(event)));
    if (!shown.length) return html`<p class="status" id="unmatched-empty" tabindex="-1">${msg('No unmatched events.')}</p>`;
    const name = customerDisplayName(customer);
    const busy = this.attachTask.status === TaskStatus.PENDING;
    return html`<ul class="events" aria-labelledby="unmatched-heading">
      ${shown.map((event, index) => {
        const id = `unmatched-${index}`;
        return html`<li data-key=${keyOf(event)}>
          <div class="what" id=${id}>
            <span><span class="kind">${this.kindOf(event)}</span> · <time datetime=${this.whenOf(event)}>${this.formatWhen(this.whenOf(event))}</time></span>
            ${this.renderNamed(event)}
            <span class="source">${msg('From')} <bdi dir="auto">${event.event.source}</bdi></span>
          </div>
          <button type="button" aria-describedby=${id} aria-disabled=${busy} @click=${() => this.attach(event, customer)}>${msg(str`Attach to ${name}`)}</button>
        </li>`;
      })}
    </ul>`;
  }

  /** What the event named to find its customer by: a phone, an email, a subject. */
  private renderNamed(event: UnmatchedEvent) {
    const { customerphone, customeremail, subject } = event.event;
    const named = [
      customerphone === undefined ? undefined : html`<span>${msg('Phone')} <bdi dir="ltr">${customerphone}</bdi></span>`,
      customeremail === undefined ? undefined : html`<span>${msg('Email')} <bdi dir="auto">${customeremail}</bdi></span>`,
      subject === undefined ? undefined : html`<span>${msg('Subject')} <bdi dir="auto">${subject}</bdi></span>`,
    ].filter((part) => part !== undefined);
    return named.length ? html`<span class="named">${named}</span>` : html`<span class="named">${msg('It named no phone, email or subject.')}</span>`;
  }

  /** Its channel when it names one we know, else its CloudEvents type. */
  private kindOf(event: UnmatchedEvent): string {
    const mediaType = event.event.mediatype === undefined ? undefined : toMediaType(event.event.mediatype);
    return mediaType ? channelLabel(mediaType) : event.event.type;
  }

  private whenOf(event: UnmatchedEvent): string {
    return event.event.time !== undefined && !Number.isNaN(Date.parse(event.event.time)) ? event.event.time : event.received;
  }

  private formatWhen(iso: string): string {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(getLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  }

  private handleRetry = () => {
    this.problem = undefined;
    void this.refresh().then(() => this.focusOn('#unmatched-heading'));
  };

  private async attach(event: UnmatchedEvent, customer: Customer): Promise<void> {
    if (this.attachTask.status === TaskStatus.PENDING) return;
    this.problem = undefined;
    const key = this.keysShown();
    const index = key.indexOf(keyOf(event));
    await this.attachTask.run([{ event, customer }]);
    if (this.attachTask.status !== TaskStatus.COMPLETE) {
      const error = this.attachTask.error;
      if (error instanceof NotFoundError && error.kind === 'event') {
        this.problem = msg('Someone else attached that event already, so it has left the list. The list is as stored now.');
        // The keyboard goes to the explanation at once, not once the list is read again: the
        // button it was on leaves the list then, and the focus with it.
        await this.focusOn('[part="error"]');
        return this.refresh();
      }
      if (error instanceof NotFoundError) {
        this.problem = msg(str`${customerDisplayName(customer)} is no longer in the context store, so the event was not attached.`);
      } else if (isContextError(error) && error.code === 'forbidden') {
        this.problem = msg('The context store refused: you may not attach events.');
      } else {
        this.problem = msg(str`Not attached: ${errorCause(error)}. Try again.`);
      }
      return this.focusOn('[part="error"]');
    }
    this.attached = new Set([...this.attached, keyOf(event)]);
    this.announcement = msg(str`Event attached to ${customerDisplayName(customer)}'s journey.`);
    // The keyboard goes to the event that took the attached one's place, else the one before, else the note that none are left.
    const rest = this.keysShown();
    const neighbour = rest[Math.min(index, rest.length - 1)];
    await this.focusOn(neighbour === undefined ? '#unmatched-empty' : `li[data-key="${CSS.escape(neighbour)}"] button`);
  }

  private keysShown(): string[] {
    return (this.listTask.value?.events ?? []).map(keyOf).filter((key) => !this.attached.has(key));
  }

  private async focusOn(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cc-unmatched-events': CcUnmatchedEvents;
  }
}
