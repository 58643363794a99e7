import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ActivityChange, ContextBackend, Unsubscribe } from '../../backend/adapter.js';
import type { Activity } from '../../model/index.js';

/** What the timeline shows that a change can touch: the loaded activities, those behind "N new", the one pinned. */
export interface ShownActivities {
  readonly activities: readonly Activity[];
  readonly arrivals: readonly Activity[];
  readonly pinned: Activity | undefined;
}

/** What an update or a deletion leaves shown; a creation leaves it as it is (see `withArrival`). */
export function withChange(shown: ShownActivities, change: ActivityChange): ShownActivities {
  const { activity, activityId } = change;
  const replace = (list: readonly Activity[]) => list.map((candidate) => (candidate.id === activityId && activity ? activity : candidate));
  const without = (list: readonly Activity[]) => list.filter((candidate) => candidate.id !== activityId);
  switch (change.kind) {
    case 'updated':
      return {
        activities: replace(shown.activities),
        arrivals: replace(shown.arrivals),
        pinned: shown.pinned?.id === activityId && activity ? activity : shown.pinned,
      };
    case 'deleted':
      return {
        activities: without(shown.activities),
        arrivals: without(shown.arrivals),
        pinned: shown.pinned?.id === activityId ? undefined : shown.pinned,
      };
    case 'created':
      return shown;
  }
}

/**
 * Where a new activity goes: at the top when the agent is there, else behind "N new" while the
 * agent reads further down (`away`); elsewhere in order when older. Older than every loaded
 * activity, it waits for its page while there are more to read (`more`).
 */
export function withArrival(
  shown: Pick<ShownActivities, 'activities' | 'arrivals'>,
  activity: Activity,
  { away, more }: { readonly away: boolean; readonly more: boolean },
): Pick<ShownActivities, 'activities' | 'arrivals'> {
  const { activities, arrivals } = shown;
  const index = activities.findIndex((candidate) => candidate.created <= activity.created);
  if (index === 0 || (index < 0 && activities.length === 0)) {
    return away ? { activities, arrivals: [activity, ...arrivals] } : { activities: [activity, ...activities], arrivals };
  }
  if (index > 0) return { activities: [...activities.slice(0, index), activity, ...activities.slice(index)], arrivals };
  if (!more) return { activities: [...activities, activity], arrivals };
  return shown;
}

export interface LiveChangesOptions {
  readonly backend: () => ContextBackend | undefined;
  readonly customerId: () => string;
  /** Whether the first page is in: a new activity heard before it waits for the page. */
  readonly listed: () => boolean;
  /** Applies one of the customer's changes; `listed` as above. */
  readonly apply: (change: ActivityChange, listed: boolean) => void;
}

/**
 * Follows the current backend and customer for live changes, and applies the customer's. The
 * first page may have been read before a change committed and arrive after it was heard: changes
 * heard while it is on its way are held (`hold`) and applied once it is in (`release`), in order.
 */
export class LiveChangesController implements ReactiveController {
  private unsubscribe?: Unsubscribe;
  private subscribedTo?: readonly [ContextBackend, string];
  private held: ActivityChange[] | undefined;
  private connected = false;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: LiveChangesOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.sync();
  }

  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.stop();
  }

  /**
   * A first page is on its way (`reading`), or none is to come: the changes heard from now on are
   * held for it. Returns what `release` and `drop` take.
   */
  hold(reading: boolean): ActivityChange[] {
    const held: ActivityChange[] = [];
    this.held = reading ? held : undefined;
    return held;
  }

  /** The page is in: the changes held for it (unless a newer page took its place) are applied, in order. */
  release(held: ActivityChange[]): void {
    if (this.held !== held) return;
    this.held = undefined;
    for (const change of held) this.options.apply(change, true);
  }

  /** The page failed: the changes held for it go. */
  drop(held: ActivityChange[]): void {
    if (this.held === held) this.held = undefined;
  }

  private handleChange = (change: ActivityChange) => {
    if (change.customerId !== this.options.customerId()) return;
    if (this.held) this.held.push(change);
    else this.options.apply(change, this.options.listed());
  };

  private sync(): void {
    if (!this.connected) return;
    const backend = this.options.backend();
    const customerId = this.options.customerId();
    const current = this.subscribedTo;
    if (current && current[0] === backend && current[1] === customerId) return;
    this.stop();
    if (!backend || !customerId) return;
    this.subscribedTo = [backend, customerId];
    this.unsubscribe = backend.subscribe(customerId, this.handleChange);
  }

  private stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.subscribedTo = undefined;
  }
}
