/**
 * Unmatched CloudEvents over the REST API (docs/server.md "CloudEvents in"): the requests
 * `HttpBackend` sends to list them and attach one, and their answers checked. Loaded when first
 * used, so that the gadget's bundle never carries it.
 */
import * as z from 'zod/mini';
import { InvalidInputError, parseOrThrow } from '../../model/index.js';
import type { AttachedEvent, OperationOptions, UnmatchedEvent, UnmatchedEvents } from '../adapter.js';
import { parseResponse } from '../http-transport.js';
import type { Call } from '../merges/http.js';

const attributeSchema = z.optional(z.string());

/** What the server lists of one event: its attributes that help find its customer, never its data. */
const unmatchedEventSchema = z.object({
  received: z.string(),
  event: z.object({
    source: z.string().check(z.minLength(1)),
    id: z.string().check(z.minLength(1)),
    type: z.string(),
    time: attributeSchema,
    subject: attributeSchema,
    customerphone: attributeSchema,
    customeremail: attributeSchema,
    mediatype: attributeSchema,
  }),
});

const unmatchedListSchema = z.object({ events: z.array(unmatchedEventSchema) });

const attachedSchema = z.object({
  outcome: z.literal('stored'),
  source: z.string(),
  id: z.string(),
  activityId: z.string().check(z.minLength(1)),
  customerId: z.string().check(z.minLength(1)),
});

const limitSchema = z.int().check(z.minimum(1), z.maximum(500));

const attachmentSchema = z.strictObject({
  source: z.string().check(z.minLength(1)),
  id: z.string().check(z.minLength(1)),
  customerId: z.string().check(z.minLength(1)),
});

/** The HTTP adapter's `UnmatchedEvents`. */
export function httpUnmatched(call: Call, key: (options: OperationOptions | undefined) => { idempotencyKey?: string }): UnmatchedEvents {
  return {
    listUnmatched: (options) =>
      call('listUnmatched', options, async (send): Promise<readonly UnmatchedEvent[]> => {
        const limit = options?.limit;
        if (limit !== undefined && !z.safeParse(limitSchema, limit).success) {
          throw new InvalidInputError([{ path: 'limit', message: 'Must be a whole number from 1 to 500' }]);
        }
        const body = await send({ method: 'GET', path: '/v1/cloudevents/unmatched', query: { limit: limit === undefined ? undefined : String(limit) } });
        return parseResponse(unmatchedListSchema, body, 'the unmatched events').events;
      }),
    attachUnmatched: (attachment, options) =>
      call('attachUnmatched', options, async (send): Promise<AttachedEvent> => {
        const { source, id, customerId } = parseOrThrow(attachmentSchema, attachment);
        // No `subject`: the server's 404 says whether the event or the customer was not found.
        const body = await send({ method: 'POST', path: '/v1/cloudevents/unmatched/attach', body: { source, id, customerId }, ...key(options) });
        const { activityId, customerId: attachedTo } = parseResponse(attachedSchema, body, 'an attached event');
        return { source, id, activityId, customerId: attachedTo };
      }),
  };
}
