import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ActivityChange, ContextBackend, Unsubscribe } from '../../backend/adapter.js';
import { ScreenPopEvent } from '../../events/screen-pop.js';
import type { Activity } from '../../model/activity.js';
import { proposedAppointmentOf } from '../../model/appointment-text.js';
import type { CcAppointmentPop } from './appointment-pop.js';

export interface ScreenPopSource {
  /** The backend the customer's journey reads through, and the customer shown. */
  readonly backend: () => ContextBackend | undefined;
  readonly customerId: () => string;
  /** Who the agent sees proposing ("Jordan Ellis"). */
  readonly customerName: () => string;
  /** The customer's IANA time zone, in which their words are read. */
  readonly timeZone: () => string;
  /** The `<cc-appointment-pop>` that shows the pops, once rendered. */
  readonly pop: () => CcAppointmentPop | null | undefined;
}

/**
 * Follows the customer in view and, when an activity proposing an appointment arrives live,
 * queues it in the pop and fires `cc-screen-pop`. The pop and the date parser load on the first
 * proposal, not with the gadget.
 */
export class ScreenPopController implements ReactiveController {
  private unsubscribe?: Unsubscribe;
  private following?: readonly [ContextBackend, string];

  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly source: ScreenPopSource;

  constructor(host: ReactiveControllerHost & HTMLElement, source: ScreenPopSource) {
    this.host = host;
    this.source = source;
    host.addController(this);
  }

  hostUpdated(): void {
    const backend = this.source.backend();
    const customerId = this.source.customerId();
    const following = this.following;
    if (following && following[0] === backend && following[1] === customerId) return;
    this.stop();
    if (!backend || !customerId) return;
    this.following = [backend, customerId];
    this.unsubscribe = backend.subscribe(customerId, this.handleChange);
  }

  hostDisconnected(): void {
    this.stop();
  }

  private stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.following = undefined;
  }

  private handleChange = (change: ActivityChange) => {
    if (change.kind !== 'created' || !change.activity || change.customerId !== this.source.customerId()) return;
    void this.consider(change.activity);
  };

  /**
   * The appointment the customer has now, from the latest activity that carries one: accepted, it
   * stands; only proposed, the one it would have replaced still does. A text names no place, so
   * the proposal keeps this one's.
   */
  private async standingAppointment(activity: Activity): Promise<{ start: string; place?: string } | undefined> {
    const backend = this.source.backend();
    if (!backend || !activity.customerId) return undefined;
    try {
      const { activities } = await backend.listActivities(activity.customerId, { pageSize: 50 });
      for (const candidate of activities) {
        const { appointment } = candidate;
        if (!appointment || candidate.id === activity.id) continue;
        if (appointment.status === 'accepted') return { start: appointment.start, ...(appointment.place ? { place: appointment.place } : {}) };
        if (appointment.replaces) return appointment.replaces;
      }
    } catch {
      // The pop shows without it.
    }
    return undefined;
  }

  private async consider(activity: Activity): Promise<void> {
    const timeZone = this.source.timeZone();
    // The words are read, the appointment they would replace is looked up and the pop loads side by
    // side: the pop shows after the slowest of the three, not after all three one by one.
    const reading = proposedAppointmentOf(activity, { timeZone, now: new Date(activity.created) });
    const standing = activity.appointment ? Promise.resolve(undefined) : this.standingAppointment(activity);
    const loading = import('./appointment-pop.js');
    loading.catch(() => undefined);
    const appointment = await reading;
    if (!appointment) return;
    const [replaces] = await Promise.all([standing, loading]);
    const place = appointment.place ?? replaces?.place;
    // The agent may have moved to another customer while the message was read.
    if (activity.customerId !== this.source.customerId()) return;
    const pop = this.source.pop();
    // A gadget taken off the page meanwhile has a pop that never upgrades: nobody to offer it to.
    if (!pop?.isConnected) return;
    await pop.updateComplete;
    const queued = await pop.offer({
      activity,
      customerName: this.source.customerName(),
      appointment: place ? { ...appointment, place } : appointment,
      fromText: !activity.appointment,
      ...(replaces ? { replaces } : {}),
    });
    if (queued) this.host.dispatchEvent(new ScreenPopEvent({ activity }));
  }
}
