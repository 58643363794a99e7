import type { ListActivitiesQuery } from '../../backend/adapter.js';
import { timeRangeStart } from '../../model/constants.js';
import type { Activity, MediaType, TimeRange } from '../../model/index.js';
import { activityHasWords, searchWords } from '../../model/lookup.js';

/** What the agent narrowed the journey to: channels (none is all), a time range and a search. */
export interface JourneyFilters {
  readonly mediaTypes: readonly MediaType[];
  readonly timeRange: TimeRange;
  readonly search: string;
}

/** The backend query for the journey under `filters`, the time range counted back from `now`. */
export function activityQuery(filters: JourneyFilters, now: number): ListActivitiesQuery {
  const { mediaTypes } = filters;
  const since = timeRangeStart(filters.timeRange, now);
  const trimmed = filters.search.trim();
  return {
    ...(mediaTypes.length ? { mediaTypes } : {}),
    ...(since ? { since } : {}),
    ...(trimmed ? { text: trimmed } : {}),
  };
}

/** Whether `filters` narrow the journey at all. */
export function filtersActive(filters: JourneyFilters): boolean {
  return filters.mediaTypes.length > 0 || filters.timeRange !== 'all' || filters.search.trim() !== '';
}

/** Whether the backend would list `activity` under `filters` (a live arrival, an activity jumped to). */
export function matchesFilters(activity: Activity, filters: JourneyFilters, now: number): boolean {
  if (filters.mediaTypes.length && !filters.mediaTypes.includes(activity.mediaType)) return false;
  const since = timeRangeStart(filters.timeRange, now);
  if (since && activity.created < since) return false;
  return activityHasWords(activity, searchWords(filters.search));
}
