import * as z from 'zod/mini';
import type { ContextBackend } from '../backend/adapter.js';
import { isContextError, LIMITS } from '../model/index.js';
import type { FinesseDialog } from './types.js';

/** The tag of every activity a desktop records for a call. */
export const RECORDED_CALL_TAG = 'recorded-call';

/** A call as the Finesse bridge saw it, once it has ended. */
export const recordedCallSchema = z.strictObject({
  /** Finesse's dialog id: every desktop that sees the call (a transfer, a conference) sees the same. */
  dialogId: z.string().check(z.minLength(1), z.maxLength(128)),
  direction: z.enum(['inbound', 'outbound']),
  /** The other party's number, as Finesse gives it. */
  number: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  podId: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime(),
  /** Media properties the layout names (queue, wrap-up reason), label to value. */
  details: z._default(z.record(z.string().check(z.maxLength(64)), z.string().check(z.maxLength(LIMITS.titleLength))), {}),
});
export type RecordedCall = z.input<typeof recordedCallSchema>;

export type RecordOutcome = 'recorded' | 'already' | 'no-customer';

/** Media properties `record-calls` keeps, by the label they are recorded under. */
const RECORDED_DETAILS = { queueName: 'Queue', wrapUpReason: 'Wrap-up' } as const;
const detailSchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(200), z.regex(/^[^\p{Cc}]+$/u));

/** The checks the bridge makes of Finesse's call data, handed over so that this chunk does not carry them twice. */
export interface CallChecks {
  readonly inboundTypes: readonly string[];
  readonly ani: z.ZodMiniType<string>;
}

/** An ended call as `record-calls` records it, from what Finesse says of it (bad values left out); undefined for a supervisor's monitoring. */
export function recordedCallOf(
  dialog: FinesseDialog,
  ended: { readonly answeredAt: string; readonly endedAt: string; readonly podId: string | undefined },
  checks: CallChecks,
): RecordedCall | undefined {
  const properties = dialog.getMediaProperties() ?? {};
  const callType = properties['callType'];
  if (callType === 'SUPERVISOR_MONITOR') return undefined;
  const inbound = typeof callType !== 'string' || callType === '' || checks.inboundTypes.includes(callType);
  const number = z.safeParse(checks.ani, (inbound ? dialog.getFromAddress() : (dialog.getToAddress?.() ?? properties['dialedNumber'])) ?? '');
  const details: Record<string, string> = {};
  for (const [key, label] of Object.entries(RECORDED_DETAILS)) {
    const value = z.safeParse(detailSchema, properties[key]);
    if (value.success) details[label] = value.data;
  }
  return {
    dialogId: dialog.getId(),
    direction: inbound ? 'inbound' : 'outbound',
    ...(number.success ? { number: number.data } : {}),
    ...(ended.podId === undefined ? {} : { podId: ended.podId }),
    startedAt: ended.answeredAt,
    endedAt: ended.endedAt,
    details,
  };
}

/** What the Finesse bridge tells a recorder: a call's state at each change, and 'GONE' once it leaves the agent's dialogs. */
export interface CallRecorder {
  /** `at`: when, in ms since the epoch. */
  heard(dialog: FinesseDialog, voice: boolean, state: string, at: number): void;
}

/**
 * The bridge's `record-calls`: notes when each voice call is answered, and once it ends (dropped,
 * failed, or gone from the agent's dialogs) has the gadget record it, once. A call never answered
 * is not recorded; a call no customer is known for is logged.
 */
export function callRecorder(
  gadget: { recordCall?(call: RecordedCall): Promise<RecordOutcome> },
  podIdOf: (dialog: FinesseDialog) => string | undefined,
  checks: CallChecks,
  log: (message: string) => void,
): CallRecorder {
  const calls = new Map<string, { answeredAt?: string; recorded?: boolean }>();
  return {
    heard(dialog, voice, state, at) {
      if (!voice) return;
      const call = calls.get(dialog.getId()) ?? {};
      calls.set(dialog.getId(), call);
      const when = new Date(at).toISOString();
      if (state === 'ACTIVE') call.answeredAt ??= when;
      if (!['DROPPED', 'FAILED', 'GONE'].includes(state) || !call.answeredAt || call.recorded || !gadget.recordCall) return;
      call.recorded = true;
      const recorded = recordedCallOf(dialog, { answeredAt: call.answeredAt, endedAt: when, podId: podIdOf(dialog) }, checks);
      if (!recorded) return;
      gadget.recordCall(recorded).then(
        (outcome) => {
          if (outcome === 'no-customer') log(`A call of ${recorded.number ?? 'an unknown number'} was not recorded: no customer is known for it.`);
        },
        (error: unknown) => log(`A call could not be recorded: ${String(error)}`),
      );
    },
  };
}

/**
 * The activity id of a call: the same for every desktop that records it, so a call seen by two
 * agents is one activity (a name-based UUID from the dialog id, SHA-256 as in RFC 9562's version 8).
 */
export async function recordedCallActivityId(dialogId: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`finesse-dialog:${dialogId}`)));
  digest[6] = (digest[6]! & 0x0f) | 0x80;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  const hex = [...digest.slice(0, 16)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function duration(startedAt: string, endedAt: string): string {
  const seconds = Math.max(0, Math.round((Date.parse(endedAt) - Date.parse(startedAt)) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The customer a call is about: its POD.ID's activity's customer, else the one customer with its number. */
async function customerOf(backend: ContextBackend, call: z.output<typeof recordedCallSchema>): Promise<string | undefined> {
  if (call.podId) {
    try {
      const { customerId } = await backend.getActivity(call.podId);
      if (customerId) return customerId;
    } catch (error) {
      if (!(isContextError(error) && (error.code === 'not-found' || error.code === 'invalid-input'))) throw error;
    }
  }
  if (!call.number) return undefined;
  let matches;
  try {
    matches = await backend.findCustomers(call.number);
  } catch (error) {
    if (isContextError(error) && error.code === 'invalid-input') return undefined;
    throw error;
  }
  const owners = matches.filter((match) => match.matchedOn === 'phone');
  return owners.length === 1 ? owners[0]!.customer.id : undefined;
}

/**
 * Records one ended call as a voice activity in its customer's journey: direction, the other
 * party's number, start, duration and the details the layout names. Once per call whoever records
 * it (the id comes from the dialog id); nothing when no customer is found for it.
 */
export async function recordCall(backend: ContextBackend, input: RecordedCall): Promise<RecordOutcome> {
  const call = z.parse(recordedCallSchema, input);
  const customerId = await customerOf(backend, call);
  if (!customerId) return 'no-customer';
  const id = await recordedCallActivityId(call.dialogId);
  const who = call.number ?? 'an unknown number';
  const lines = [`Duration ${duration(call.startedAt, call.endedAt)}`, ...Object.entries(call.details).map(([label, value]) => `${label}: ${value}`)];
  try {
    await backend.createActivity({
      id,
      customerId,
      mediaType: 'voice',
      direction: call.direction,
      state: 'closed',
      title: call.direction === 'inbound' ? `Call from ${who}` : `Call to ${who}`,
      message: lines.join('\n'),
      source: 'Finesse',
      tags: [RECORDED_CALL_TAG],
      created: call.startedAt,
    });
    return 'recorded';
  } catch (error) {
    if (isContextError(error) && error.code === 'conflict') return 'already';
    throw error;
  }
}
