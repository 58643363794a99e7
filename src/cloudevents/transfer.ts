import type { ContextBackend, OperationOptions } from '../backend/adapter.js';
import { ConflictError } from '../model/errors.js';
import type { Activity } from '../model/index.js';
import { activitiesFromCloudEvents, activitiesToCloudEventBatch, type ActivityEvent, type ActivityEventOptions } from './activities.js';
import type { CloudEventParseOptions } from './cloudevent.js';

export interface CloudEventImportSummary {
  /** Activities stored. */
  readonly created: number;
  /** Events whose activity id was already stored (an import run twice): left as they were. */
  readonly alreadyStored: number;
}

export interface CloudEventImportOptions extends CloudEventParseOptions, OperationOptions {
  /** Called after each stored event. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Imports one activity event or a batch into any backend. Every event is checked before anything
 * is stored: one bad event refuses the whole import, naming it (`2.data.title`). Events are then
 * stored in order; an event whose activity is already stored is counted and left alone, so an
 * import can be run again after an interruption without doubling anything.
 */
export async function importActivityEvents(backend: ContextBackend, input: unknown, options: CloudEventImportOptions = {}): Promise<CloudEventImportSummary> {
  const { onProgress, signal, timeoutMs, ...parse } = options;
  const activities = activitiesFromCloudEvents(input, parse);
  let created = 0;
  let alreadyStored = 0;
  for (const [index, activity] of activities.entries()) {
    try {
      await backend.createActivity(activity, { ...(signal ? { signal } : {}), ...(timeoutMs ? { timeoutMs } : {}) });
      created += 1;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      alreadyStored += 1;
    }
    onProgress?.(index + 1, activities.length);
  }
  return { created, alreadyStored };
}

/** A customer's whole journey, oldest first, as a batch of activity events. */
export async function exportJourneyEvents(
  backend: ContextBackend,
  customerId: string,
  options: ActivityEventOptions & OperationOptions = {},
): Promise<ActivityEvent[]> {
  const { source, ...operation } = options;
  const activities: Activity[] = [];
  let cursor: string | undefined;
  do {
    const page = await backend.listActivities(customerId, { pageSize: 200, ...(cursor ? { cursor } : {}) }, operation);
    activities.push(...page.activities);
    cursor = page.nextCursor;
  } while (cursor);
  return activitiesToCloudEventBatch(activities.reverse(), source ? { source } : {});
}
