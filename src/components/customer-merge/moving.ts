import { msg, str } from '@lit/localize';
import type { ContextBackend } from '../../backend/adapter.js';

/** What a merge moves from the merged customer: their activities (at most `limit` counted) and requests. */
export interface Moving {
  readonly activities: number;
  /** More activities than were counted. */
  readonly more: boolean;
  readonly requests: number;
}

const PAGE_SIZE = 200;

/** Counts what a merge would move from `customerId`, paging through the journey up to `limit` activities. */
export async function countMoving(backend: ContextBackend, customerId: string, signal: AbortSignal, limit = 2000): Promise<Moving> {
  const requests = backend.listRequests(customerId, { signal });
  let activities = 0;
  let cursor: string | undefined;
  do {
    const page = await backend.listActivities(customerId, { pageSize: PAGE_SIZE, ...(cursor ? { cursor } : {}) }, { signal });
    activities += page.activities.length;
    cursor = page.nextCursor;
  } while (cursor && activities < limit);
  return { activities, more: cursor !== undefined, requests: (await requests).length };
}

/** What moves, one line each, in the agent's words. */
export function movingText(moving: Moving, kept: string, merged: string): string[] {
  const { activities, more, requests } = moving;
  return [
    more
      ? msg(str`More than ${activities} activities move from ${merged}'s journey to ${kept}'s.`)
      : activities === 0
        ? msg(str`${merged} has no activities to move.`)
        : activities === 1
          ? msg(str`1 activity moves from ${merged}'s journey to ${kept}'s.`)
          : msg(str`${activities} activities move from ${merged}'s journey to ${kept}'s.`),
    requests === 0
      ? msg(str`${merged} has no requests to move.`)
      : requests === 1
        ? msg(str`1 request moves to ${kept}.`)
        : msg(str`${requests} requests move to ${kept}.`),
  ];
}
