/**
 * What three common sources send to `POST /v1/cloudevents`, as the recipes in
 * docs/ingest-recipes.md describe: one structured CloudEvent (`application/cloudevents+json`) of
 * type `io.customer-context.activity.v1` each. Plain functions of what the source gives, with no
 * I/O, for a relay to call; test/server/ingest-recipes.test.ts sends their output to the service.
 */

/** The activity event type (src/cloudevents): one type for every channel, the channel in `mediatype`. */
const ACTIVITY = 'io.customer-context.activity.v1';

/** A CloudEvent as the service takes it in structured mode. */
export interface ActivityCloudEvent {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: typeof ACTIVITY;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly mediatype: 'voice' | 'chat' | 'sms';
  /** A customer id, when the source knows it. */
  readonly subject?: string;
  /** The customer's phone, any format: read as E.164 in the request's region. */
  readonly customerphone?: string;
  readonly customeremail?: string;
  readonly data: {
    readonly title: string;
    readonly direction: 'inbound' | 'outbound';
    readonly message?: string;
    /** The system the activity came from, as agents see it (the event's `source` is not stored). */
    readonly source?: string;
    readonly tags?: readonly string[];
  };
}

/**
 * CVP: the variables a Call Studio application has when its REST Client element posts the call's
 * activity, at the start of the call (the element's body is this JSON with the variables
 * substituted; see the recipe).
 */
export interface CvpCall {
  /** `{CallData.ANI}`: the caller's number. */
  readonly ani: string;
  /** `{Data.Session.callid}`: unique per call, so a retried post is stored once. */
  readonly callId: string;
  /** The VXML Server's host name: the activity's source, as Context Service recorded the contributor. */
  readonly vxmlServer: string;
  /** When the call arrived (ISO 8601). */
  readonly startedAt: string;
  /** What the caller chose in the menu, if the application knows (`{Data.Element.Menu.value}`). */
  readonly menuChoice?: string;
}

export function cvpCallEvent(call: CvpCall): ActivityCloudEvent {
  return {
    specversion: '1.0',
    id: call.callId,
    source: `urn:cvp:${call.vxmlServer}`,
    type: ACTIVITY,
    time: call.startedAt,
    datacontenttype: 'application/json',
    mediatype: 'voice',
    customerphone: call.ani,
    data: {
      title: call.menuChoice ? `Called the IVR: ${call.menuChoice}` : 'Called the IVR',
      direction: 'inbound',
      source: `CVP ${call.vxmlServer}`,
      tags: ['voice', 'IVR'],
    },
  };
}

/** A chat platform's webhook for a customer's message, reduced to what every platform sends. */
export interface ChatMessageHook {
  /** The platform's id of the message: unique, so a webhook delivered twice is stored once. */
  readonly messageId: string;
  readonly conversationId: string;
  /** The visitor's email, as the pre-chat form took it. */
  readonly visitorEmail: string;
  readonly text: string;
  readonly sentAt: string;
}

export function chatMessageEvent(hook: ChatMessageHook, platform = 'chat.example.com'): ActivityCloudEvent {
  return {
    specversion: '1.0',
    id: hook.messageId,
    source: `https://${platform}/conversations/${encodeURIComponent(hook.conversationId)}`,
    type: ACTIVITY,
    time: hook.sentAt,
    datacontenttype: 'application/json',
    mediatype: 'chat',
    customeremail: hook.visitorEmail,
    data: { title: 'Chat message', direction: 'inbound', message: hook.text, source: platform },
  };
}

/**
 * An SMS gateway's webhook for an incoming message: most post an HTML form
 * (`application/x-www-form-urlencoded`) with these fields, which the service refuses (it takes
 * JSON only), so a relay turns it into an event.
 */
export function smsEvent(form: URLSearchParams, gateway = 'sms.example.com'): ActivityCloudEvent {
  const field = (name: string): string => {
    const value = form.get(name);
    if (!value) throw new Error(`The gateway's form has no ${name}`);
    return value;
  };
  return {
    specversion: '1.0',
    id: field('MessageSid'),
    source: `https://${gateway}/messages`,
    type: ACTIVITY,
    time: form.get('DateSent') ?? new Date().toISOString(),
    datacontenttype: 'application/json',
    mediatype: 'sms',
    customerphone: field('From'),
    data: { title: 'Text message', direction: 'inbound', message: field('Body'), source: gateway },
  };
}
