import { ContextConsumer } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { createStore, get, update, type UseStore } from 'idb-keyval';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ContextBackend } from '../../backend/adapter.js';
import { backendContext } from '../../contexts/backend-context.js';
import { settingsContext } from '../../contexts/settings-context.js';
import { AppointmentAcceptEvent } from '../../events/appointment-accept.js';
import { AppointmentDismissEvent } from '../../events/appointment-dismiss.js';
import { AppointmentProposeEvent } from '../../events/appointment-propose.js';
import { ScreenPopClosedEvent } from '../../events/screen-pop-closed.js';
import type { Activity } from '../../model/activity.js';
import type { FoundAppointment } from '../../model/appointment-text.js';
import { hostStyles } from '../../styles/tokens.js';
import { channelLabel } from '../journey-timeline/channels.js';
import { errorCause } from '../context-error/error-cause.js';
import { deepActiveElement } from '../deep-focus.js';
import { styles } from './appointment-pop.styles.js';
import { confirmationSms, fromLocalInput, offerSms, toLocalInput } from './wording.js';

/** The tag that keeps a dismissed proposal in view as unfinished business. */
export const UNRESOLVED_TAG = 'unresolved';

/** One proposal waiting for the agent. */
export interface ScreenPop {
  readonly activity: Activity;
  /** Who proposed it, as the agent knows them ("Jordan Ellis"). */
  readonly customerName: string;
  readonly appointment: FoundAppointment;
  /** Whether the time was read from the message's words (and so may need correcting). */
  readonly fromText: boolean;
  /** The appointment it would replace, when the activity does not say (a proposal read from text). */
  readonly replaces?: { readonly start: string; readonly place?: string };
}

type Message = { readonly kind: 'popped' | 'settled'; readonly activityId: string };

const stores = new Map<string, UseStore>();

/** The popped-activity store of a database name, one per page. */
function poppedStore(databaseName: string): UseStore {
  let store = stores.get(databaseName);
  if (!store) {
    store = createStore(databaseName, 'popped');
    stores.set(databaseName, store);
  }
  return store;
}

function typingField(element: Element | null): boolean {
  if (!element) return false;
  if (element instanceof HTMLElement && element.isContentEditable) return true;
  if (element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) return true;
  return element instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'reset', 'submit', 'image', 'range', 'color'].includes(element.type);
}

/** The outermost element whose shadow tree holds `element`: the element itself where it is in the document. */
function outermostHost(element: Element): Element {
  let host = element;
  for (let root = host.getRootNode(); root instanceof ShadowRoot; root = host.getRootNode()) host = root.host;
  return host;
}

/** The focused element, looked for inside shadow roots too. */
/** Records the agent's SMS reply to a proposal, on the same customer and request. */
function replyBySms(backend: ContextBackend, proposal: Activity, title: string, message: string): Promise<Activity> {
  return backend.createActivity({
    ...(proposal.customerId ? { customerId: proposal.customerId } : {}),
    ...(proposal.requestId ? { requestId: proposal.requestId } : {}),
    mediaType: 'sms',
    direction: 'outbound',
    state: 'closed',
    title,
    message,
  });
}

/**
 * A screen-pop for proposed appointments: who proposed what, through which channel, and the
 * agent's answer (accept, propose another time, dismiss). Several pops queue; an activity pops
 * once, in one tab, even after a reload.
 *
 * @csspart base - The pop shown.
 * @cssprop --cc-appointment-pop-background - Behind the pop.
 * @cssprop --cc-appointment-pop-border - The pop's outline.
 * @cssprop --cc-appointment-pop-gap - Between the pop's lines.
 * @fires cc-appointment-accept - The agent accepted; cancel to send the confirmation yourself.
 * @fires cc-appointment-propose - The agent proposed another time; cancel to send it yourself.
 * @fires cc-screen-pop-closed - The last pop closed; says whether focus was in it.
 * @fires cc-appointment-dismiss - The agent dismissed the pop; cancel to keep the activity unmarked.
 */
@customElement('cc-appointment-pop')
@localized()
export class CcAppointmentPop extends LitElement {
  static override styles = [hostStyles, styles];

  /** The IndexedDB database that remembers which activities have popped, shared by tabs and reloads. */
  @property({ attribute: 'database-name' }) databaseName = 'cc-screen-pops';

  /** The agent's IANA time zone; the browser's when absent. */
  @property({ attribute: 'agent-time-zone' }) agentTimeZone?: string;

  @state() private queue: readonly ScreenPop[] = [];
  @state() private proposing = false;
  @state() private busy = false;
  @state() private failure?: unknown;
  /** The agent's correction of the time read from the message, as a datetime-local value. */
  @state() private corrected?: string;
  /** What is wrong with the other time the agent chose, once they tried to send it. */
  @state() private problem?: 'empty' | 'past';
  @state() private announcement = '';

  @query('[part="base"]') private region?: HTMLElement;

  private readonly backend = new ContextConsumer(this, { context: backendContext, subscribe: true });
  private readonly settings = new ContextConsumer(this, { context: settingsContext, subscribe: true });
  /** Activities that popped here or in another tab this session: no second look in IndexedDB. */
  private readonly seen = new Set<string>();
  private channel?: BroadcastChannel;
  private readonly tab = crypto.randomUUID();

  /** The pops waiting, the one shown first. */
  get pending(): readonly ScreenPop[] {
    return this.queue;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.openChannel();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.channel?.close();
    this.channel = undefined;
  }

  /**
   * Queues a pop unless its activity has already popped (here, after a reload, or in another tab).
   * Resolves whether it was queued.
   */
  async offer(pop: ScreenPop): Promise<boolean> {
    const { id } = pop.activity;
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    const store = poppedStore(this.databaseName);
    try {
      // A read-write transaction at a time per store: of two tabs, the first to write keeps the claim.
      await update<string>(id, (owner) => owner ?? this.tab, store);
      if ((await get<string>(id, store)) !== this.tab) return false;
    } catch {
      // Without IndexedDB (a private window, say) the pop still shows, remembered for this page only.
    }
    this.post({ kind: 'popped', activityId: id });
    const wasEmpty = this.queue.length === 0;
    this.queue = [...this.queue, pop];
    this.announcement = msg(str`Proposed appointment from ${pop.customerName}: ${this.formatTime(pop.appointment.start, pop.appointment.timeZone)}.`);
    if (wasEmpty) await this.takeFocusIfFree();
    return true;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('databaseName') && this.isConnected) this.openChannel();
  }

  override render() {
    const pop = this.queue[0];
    return html`<div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${pop ? this.renderPop(pop) : nothing}`;
  }

  private renderPop(pop: ScreenPop) {
    const { activity, appointment } = pop;
    const customerZone = appointment.timeZone;
    const agentZone = this.agentZone;
    const replaces = activity.appointment?.replaces ?? pop.replaces;
    const differs = this.offsetLabel(appointment.start, customerZone) !== this.offsetLabel(appointment.start, agentZone);
    const past = new Date(appointment.start).getTime() < Date.now();
    // A customer may propose the very appointment they have: nothing would be replaced.
    const booked = replaces && Date.parse(replaces.start) === Date.parse(appointment.start);
    return html`<section part="base" aria-labelledby="pop-heading" tabindex="-1" @keydown=${this.handleKeydown}>
      <header>
        <h2 id="pop-heading">${msg('Proposed appointment')}</h2>
        ${this.queue.length > 1 ? html`<p class="count">${msg(str`1 of ${this.queue.length}`)}</p>` : nothing}
      </header>
      <dl>
        <div><dt>${msg('From')}</dt><dd>${pop.customerName}</dd></div>
        <div><dt>${msg('Channel')}</dt><dd>${channelLabel(activity.mediaType)}</dd></div>
        ${activity.message
          ? html`<div>
              <dt>${msg('Message')}</dt>
              <dd><blockquote>${activity.message}</blockquote></dd>
            </div>`
          : nothing}
        <div>
          <dt>${msg('Proposed time')}</dt>
          <dd>
            ${this.formatTime(appointment.start, agentZone)}
            ${differs ? html`<br /><span class="note">${msg(str`Customer's time: ${this.formatTime(appointment.start, customerZone)}`)}</span>` : nothing}
            ${appointment.place ? html`<br />${appointment.place}` : nothing}
          </dd>
        </div>
        ${replaces
          ? html`<div>
              <dt>${booked ? msg('Current appointment') : msg('Replaces')}</dt>
              <dd>${this.formatTime(replaces.start, agentZone)}${replaces.place ? html`<br />${replaces.place}` : nothing}</dd>
            </div>`
          : nothing}
      </dl>
      ${past ? html`<p class="note">${msg('This time has already passed.')}</p>` : nothing}
      ${booked ? html`<p class="note">${msg('The proposed time is the appointment already booked.')}</p>` : nothing}
      ${pop.fromText
        ? html`<p class="note">${msg(str`Understood from "${appointment.text}".`)}</p>
            <label>
              ${msg('Correct the proposed time (customer\'s time zone)')}
              <input
                type="datetime-local"
                name="corrected"
                .value=${this.corrected ?? toLocalInput(appointment.start, customerZone)}
                @change=${this.handleCorrect}
              />
            </label>`
        : nothing}
      ${this.failure !== undefined ? html`<p role="alert">${msg(str`Could not save: ${errorCause(this.failure)}`)}</p>` : nothing}
      <div class="actions">
        <button type="button" class="primary" ?disabled=${this.busy} @click=${this.handleAccept}>${msg('Accept')}</button>
        <button type="button" aria-expanded=${this.proposing ? 'true' : 'false'} ?disabled=${this.busy} @click=${this.handleProposeToggle}>
          ${msg('Propose another time')}
        </button>
        <button type="button" ?disabled=${this.busy} @click=${this.handleDismiss}>${msg('Dismiss')}</button>
      </div>
      ${this.proposing
        ? html`<form class="actions" novalidate @submit=${this.handlePropose}>
            <label>
              ${msg('Another time (customer\'s time zone)')}
              <input
                type="datetime-local"
                name="another"
                required
                min=${toLocalInput(new Date().toISOString(), customerZone)}
                aria-invalid=${this.problem ? 'true' : 'false'}
                aria-describedby=${this.problem ? 'another-problem' : nothing}
                .value=${toLocalInput(appointment.start, customerZone)}
                @input=${this.handleAnotherInput}
              />
            </label>
            <button type="submit" ?disabled=${this.busy}>${msg('Send')}</button>
            ${this.problem
              ? html`<p id="another-problem" class="problem">
                  ${this.problem === 'past' ? msg('That time has passed: choose one to come.') : msg('Choose a date and time.')}
                </p>`
              : nothing}
          </form>`
        : nothing}
    </section>`;
  }

  private get agentZone(): string {
    return this.agentTimeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  private formatTime(start: string, timeZone: string): string {
    const date = new Date(start);
    return new Intl.DateTimeFormat(this.settings.value?.locale, {
      timeZone,
      // Another year is said, so that a date can never be read as this year's.
      year: date.getFullYear() === new Date().getFullYear() ? undefined : 'numeric',
      weekday: 'long',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    }).format(date);
  }

  private offsetLabel(start: string, timeZone: string): string {
    return new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).format(new Date(start));
  }

  /** The time to act on: the agent's correction when there is one. */
  private startOf(pop: ScreenPop): string {
    return (this.corrected && fromLocalInput(this.corrected, pop.appointment.timeZone)) || pop.appointment.start;
  }

  /** Moves focus to the pop only when the agent is not busy elsewhere: never out of a field being typed in. */
  private async takeFocusIfFree(): Promise<void> {
    await this.updateComplete;
    const outer = document.activeElement;
    const gadget = outermostHost(this);
    const free = !outer || outer === document.body || ((outer === gadget || gadget.contains(outer)) && !typingField(deepActiveElement()));
    if (free) this.region?.focus();
  }

  private openChannel(): void {
    this.channel?.close();
    if (typeof BroadcastChannel === 'undefined') return;
    this.channel = new BroadcastChannel(`cc-screen-pops:${this.databaseName}`);
    this.channel.onmessage = (event: MessageEvent<Message>) => {
      const { kind, activityId } = event.data ?? {};
      if (typeof activityId !== 'string') return;
      this.seen.add(activityId);
      if (kind === 'settled') this.settle(activityId, false);
    };
  }

  private post(message: Message): void {
    this.channel?.postMessage(message);
  }

  /** Takes a pop off the queue; the next one shows. */
  private settle(activityId: string, announce: boolean): void {
    const hadFocus = this.region !== undefined && this.renderRoot instanceof ShadowRoot && this.renderRoot.activeElement !== null;
    const closed = this.queue.find((pop) => pop.activity.id === activityId);
    this.queue = this.queue.filter((pop) => pop !== closed);
    this.proposing = false;
    this.corrected = undefined;
    this.failure = undefined;
    if (announce) this.post({ kind: 'settled', activityId });
    // Focus was in the pop that went: keep it in the next one rather than dropping it on the page;
    // after the last, the gadget finds it a place.
    if (this.queue.length) {
      if (hadFocus) void this.updateComplete.then(() => this.region?.focus());
    } else if (closed) {
      void this.updateComplete.then(() => this.dispatchEvent(new ScreenPopClosedEvent({ activity: closed.activity, hadFocus })));
    }
  }

  /** Runs an action's default unless its event was cancelled, then takes the pop off the queue. */
  private async act(pop: ScreenPop, event: Event, run: (backend: ContextBackend) => Promise<unknown>): Promise<void> {
    if (!this.dispatchEvent(event)) {
      this.settle(pop.activity.id, true);
      return;
    }
    const backend = this.backend.value;
    if (!backend) {
      this.settle(pop.activity.id, true);
      return;
    }
    // The buttons are disabled while it runs, and a disabled button drops focus to the page: the pop keeps it.
    if ((this.renderRoot as ShadowRoot).activeElement) this.region?.focus();
    this.busy = true;
    this.failure = undefined;
    try {
      await run(backend);
      this.settle(pop.activity.id, true);
    } catch (error) {
      this.failure = error;
    } finally {
      this.busy = false;
    }
  }

  /** The activity as stored now: the pop may have been waiting while it changed. */
  private async latest(backend: ContextBackend, activity: Activity): Promise<Activity> {
    return backend.getActivity(activity.id);
  }

  private handleAccept = () => {
    const pop = this.queue[0];
    if (!pop || this.busy) return;
    const start = this.startOf(pop);
    const { timeZone, place } = pop.appointment;
    const message = confirmationSms(start, timeZone, place);
    const detail = { activity: pop.activity, start, timeZone, message, ...(place ? { place } : {}) };
    void this.act(pop, new AppointmentAcceptEvent(detail), async (backend) => {
      const current = await this.latest(backend, pop.activity);
      await replyBySms(backend, current, 'Appointment confirmed', message);
      await backend.updateActivity(current.id, {
        expectedVersion: current.version,
        state: 'closed',
        appointment: {
          ...(pop.replaces ? { replaces: pop.replaces } : {}),
          ...(current.appointment ?? {}),
          start,
          timeZone,
          ...(place ? { place } : {}),
          status: 'accepted',
        },
      });
    });
  };

  private handleAnotherInput = () => {
    this.problem = undefined;
  };

  private handleProposeToggle = () => {
    this.problem = undefined;
    this.proposing = !this.proposing;
    if (this.proposing) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('input[name="another"]')?.focus());
  };

  private handlePropose = (event: SubmitEvent) => {
    event.preventDefault();
    const pop = this.queue[0];
    if (!pop || this.busy) return;
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('another') as HTMLInputElement;
    const { timeZone, place } = pop.appointment;
    const start = fromLocalInput(input.value, timeZone);
    // A month turned past December keeps its year: the time is then in the past.
    if (!start || Date.parse(start) <= Date.now()) {
      this.problem = start ? 'past' : 'empty';
      input.focus();
      return;
    }
    const message = offerSms(start, timeZone, place);
    const detail = { activity: pop.activity, start, timeZone, message, ...(place ? { place } : {}) };
    void this.act(pop, new AppointmentProposeEvent(detail), async (backend) => {
      const current = await this.latest(backend, pop.activity);
      await replyBySms(backend, current, 'Another time proposed', message);
      await backend.updateActivity(current.id, {
        expectedVersion: current.version,
        appointment: { ...(current.appointment ?? { start: pop.appointment.start, timeZone }), status: 'declined' },
      });
    });
  };

  private handleDismiss = () => {
    const pop = this.queue[0];
    if (!pop || this.busy) return;
    void this.act(pop, new AppointmentDismissEvent({ activity: pop.activity }), async (backend) => {
      const current = await this.latest(backend, pop.activity);
      if (current.tags.includes(UNRESOLVED_TAG)) return;
      await backend.updateActivity(current.id, { expectedVersion: current.version, tags: [...current.tags, UNRESOLVED_TAG] });
    });
  };

  private handleCorrect = (event: Event) => {
    this.corrected = (event.target as HTMLInputElement).value;
  };

  private handleKeydown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    if (this.proposing) {
      this.proposing = false;
      void this.updateComplete.then(() => this.region?.focus());
      return;
    }
    this.handleDismiss();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'cc-appointment-pop': CcAppointmentPop;
  }
}
