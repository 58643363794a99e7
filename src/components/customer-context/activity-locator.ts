import type { ContextBackend } from '../../backend/adapter.js';
import type { TimelinePart } from './parts.js';

export interface LocateSteps {
  /** Opens the customer's summary and journey, once they are shown. */
  readonly open: (customerId: string) => Promise<void>;
  /** The customer's journey, once it is on screen. */
  readonly timeline: () => Promise<TimelinePart | undefined>;
}

/**
 * Opens the customer an activity belongs to, with that activity in view: what a call's POD.ID
 * does. `missing` when the store has no such activity (or it belongs to no customer), `failed`
 * when it could not be shown (the store failed, say).
 */
export async function locateActivity(backend: ContextBackend, activityId: string, steps: LocateSteps): Promise<'shown' | 'missing' | 'failed'> {
  try {
    const { customerId } = await backend.getActivity(activityId);
    if (!customerId) return 'missing';
    await steps.open(customerId);
    const timeline = await steps.timeline();
    if (!timeline) return 'failed';
    await timeline.updateComplete;
    return (await timeline.showActivity(activityId)) !== false ? 'shown' : 'failed';
  } catch (error) {
    return (error as { code?: unknown }).code === 'not-found' ? 'missing' : 'failed';
  }
}
