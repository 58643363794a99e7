import { msg, str } from '@lit/localize';
import type { Activity } from '../../model/index.js';
import { channelLabel } from './channels.js';

/** Why the journey was read again, to be told once it is: the agent filtered it, or pressed Retry. */
export type JourneyNews = 'filtered' | 'recovered';

/** What the live region says of a new activity. */
export function arrivalAnnouncement(activity: Activity): string {
  const channel = channelLabel(activity.mediaType);
  // Events (a motorcycle's fault code, an agent's note) come from no one in particular.
  return activity.mediaType === 'event'
    ? msg(str`New event: ${activity.title}`)
    : activity.direction === 'inbound'
      ? msg(str`New ${channel} from the customer: ${activity.title}`)
      : activity.direction === 'outbound'
        ? msg(str`New ${channel} to the customer: ${activity.title}`)
        : msg(str`New internal activity (${channel}): ${activity.title}`);
}

/** What the live region says once the journey is read again: how much it shows (`more` when further pages remain). */
export function journeyReadAnnouncement(news: JourneyNews, count: number, more: boolean, filtered: boolean): string {
  const found = !count
    ? filtered
      ? msg('No activities match these filters')
      : msg('No activities yet')
    : count === 1
      ? msg('1 activity found')
      : more
        ? msg(str`More than ${count} activities found`)
        : msg(str`${count} activities found`);
  return news === 'recovered' ? `${msg('Journey loaded again.')} ${found}` : found;
}
