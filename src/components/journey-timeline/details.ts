import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import type { Activity, ProposedAppointment } from '../../model/index.js';
import type { TimelineFormats } from './dates.js';

/** Data elements shown under their own heading rather than in the list of other fields. */
const NOTES_KEY = 'Context_Notes';

function fieldLabel(key: string): string {
  switch (key) {
    case 'Context_POD_Activity_Link':
      return msg('Linked activity');
    case 'Context_POD_Source_Cust_Name':
      return msg('Source name');
    case 'Context_POD_Source_Phone':
      return msg('Source phone');
    case 'Context_POD_Source_Email':
      return msg('Source email');
    default:
      // An organisation's own fields have no translation here: show their id readably.
      return key.replace(/^Context_/, '').replace(/_/g, ' ');
  }
}

function fieldValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function renderAppointment(appointment: ProposedAppointment, formats: TimelineFormats): TemplateResult {
  const start = new Date(appointment.start);
  const customerZone = appointment.timeZone;
  const inCustomerZone = formats.appointment(start, customerZone);
  // The agent books in the customer's time; their own clock only when it reads differently.
  const agentTime =
    customerZone && customerZone !== formats.timeZone ? formats.appointment(start, formats.timeZone) : undefined;
  const label =
    appointment.status === 'proposed'
      ? msg('Proposed appointment')
      : appointment.status === 'accepted'
        ? msg('Accepted appointment')
        : msg('Declined appointment');
  return html`<dt>${label}</dt>
    <dd class="appointment">
      <time datetime=${appointment.start}>${inCustomerZone}</time>${appointment.place ? html`, ${appointment.place}` : nothing}
      ${agentTime ? html`<span class="agent-time">${msg(str`Your time: ${agentTime}`)}</span>` : nothing}
      ${appointment.replaces
        ? html`<span class="replaces"
            >${msg(str`Instead of ${formats.appointment(new Date(appointment.replaces.start), customerZone)}`)}${appointment.replaces.place
              ? html`, ${appointment.replaces.place}`
              : nothing}</span
          >`
        : nothing}
    </dd>`;
}

/** Everything an activity holds beyond its summary line, as a definition list; people's words as text only. */
export function renderDetails(activity: Activity, formats: TimelineFormats): TemplateResult {
  const notes = activity.dataElements[NOTES_KEY];
  const others = Object.entries(activity.dataElements).filter(([key]) => key !== NOTES_KEY);
  return html`<dl>
    <dt>${msg('Received')}</dt>
    <dd><time datetime=${activity.created}>${formats.dateTime(new Date(activity.created))}</time></dd>
    ${activity.message ? html`<dt>${msg('Message')}</dt><dd class="message">${activity.message}</dd>` : nothing}
    ${typeof notes === 'string' && notes ? html`<dt>${msg('Notes')}</dt><dd class="notes">${notes}</dd>` : nothing}
    ${activity.breadcrumbs?.length
      ? html`<dt>${msg('Pages visited')}</dt>
          <dd>
            <ol class="breadcrumbs">
              ${activity.breadcrumbs.map((page) => html`<li>${page}</li>`)}
            </ol>
          </dd>`
      : nothing}
    ${activity.appointment ? renderAppointment(activity.appointment, formats) : nothing}
    ${activity.source ? html`<dt>${msg('Source')}</dt><dd class="source">${activity.source}</dd>` : nothing}
    ${activity.tags.length ? html`<dt>${msg('Tags')}</dt><dd>${activity.tags.join(', ')}</dd>` : nothing}
    ${others.map(([key, value]) => html`<dt>${fieldLabel(key)}</dt><dd class="field">${fieldValue(value)}</dd>`)}
  </dl>`;
}
