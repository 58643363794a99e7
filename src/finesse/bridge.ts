import { msg } from '@lit/localize';
import * as z from 'zod/mini';
import {
  DEFAULT_POD_ID_KEYS,
  INBOUND_CALL_TYPES,
  POP_STATES,
  agentIdSchema,
  agentNameSchema,
  aniSchema,
  gadgetPrefsSchema,
  podIdSchema,
  type ContainerServices,
  type Finesse,
  type FinesseCollection,
  type FinesseDialog,
  type FinesseUser,
  type GadgetConfig,
  type Gadgets,
  type GadgetPrefsInput,
} from './types.js';
import type { CallRecorder, RecordedCall, RecordOutcome } from './recorded-call.js';
import type { ContextBackend } from '../backend/adapter.js';
import { StatusLog, consoleLogger, formatStatusLine, type Clock } from '../diagnostics/status-log.js';

/** What the bridge needs of the gadget: `<cc-customer-context>` is one. */
export interface BridgeGadget extends HTMLElement {
  showActivity(activityId: string): Promise<boolean>;
  lookup(query: string): Promise<void>;
  /** The whole Authorization value for the shared backend, asked before each request. */
  backendAuthorization?: string | (() => string | undefined | Promise<string | undefined>) | undefined;
  /** Records an ended call in its customer's journey (with `record-calls`). */
  recordCall?(call: RecordedCall): Promise<RecordOutcome>;
  /** The backend open, whose status the half-hourly status line reports. */
  readonly backendInUse?: Pick<ContextBackend, 'status'> | undefined;
  /** The per-operation timeout in force, in ms. */
  readonly timeout?: number;
}

export interface FinesseBridgeOptions {
  /** Call variable keys that may hold the POD.ID, tried in order. */
  readonly podIdKeys?: readonly string[];
  readonly finesse?: Finesse | undefined;
  readonly gadgets?: Gadgets | undefined;
  /** Where refused call data and start-up failures are reported. */
  readonly log?: (message: string) => void;
  /** The clock of the half-hourly status line (the system's by default). */
  readonly clock?: Clock;
}

/** How far a call has been shown: not yet, by the caller's number, or at its POD.ID's activity. */
type Shown = 'none' | 'ani' | 'pod';

interface FollowedDialog {
  shown: Shown;
  refusedPodId?: string;
  /** A POD.ID already looked for, so that later changes of the same call do not look again. */
  triedPodId?: string;
  refusedAni?: boolean;
  queue: Promise<void>;
  readonly handleChange: (dialog: FinesseDialog) => void;
}

/** URL parameter (kebab-case, as in a layout's gadget URL) and preference name of each setting. */
const SETTING_NAMES = {
  timeout: 'timeout',
  labMode: 'lab-mode',
  locale: 'locale',
  theme: 'theme',
  podIdKey: 'pod-id-key',
  backendUrl: 'backend-url',
  revealSensitive: 'reveal-sensitive',
  backendAuth: 'backend-auth',
  fieldSetsUrl: 'field-sets-url',
  recordCalls: 'record-calls',
} as const satisfies Record<keyof GadgetPrefsInput, string>;

const TOAST_TITLE = 'Customer Context';
/** How long a desktop toast stays, in milliseconds (Finesse's own default is 8 s). */
const TOAST_MS = 15_000;

const defaultLog = (message: string) => console.warn(`[customer-context] ${message}`);

/**
 * Connects a gadget to the Finesse desktop it runs in: follows the signed-in agent's calls and
 * opens the caller's journey, brings the gadget's tab forward on a screen-pop, and keeps the
 * iframe fitted to the gadget. Without finesse.js it does nothing. Returns a function that
 * detaches everything.
 *
 * On a call, a POD.ID names the exact activity the contact is about, so it wins over the caller's
 * number even when that number belongs to someone else (a customer calling from a colleague's
 * phone); the number is looked up only when no usable POD.ID comes or its activity is not found.
 */
export function startFinesseBridge(gadget: BridgeGadget, options: FinesseBridgeOptions = {}): () => void {
  const finesse = 'finesse' in options ? options.finesse : window.finesse;
  const gadgets = 'gadgets' in options ? options.gadgets : window.gadgets;
  if (!finesse) return () => undefined;
  // Finesse 10.5 has no finesse.gadget (its gadgets built their configuration themselves): ClientServices refuses what is missing.
  const config = finesse.gadget?.Config;
  // Each line also goes to the desktop's client log, which support collects (finesse.js drops lines until its init).
  const clientLog = finesse.cslogger?.ClientLogger;
  try {
    clientLog?.init?.(gadgets?.Hub, 'CustomerContext', config);
  } catch {
    // A desktop without a client log: the console only.
  }
  const log = (message: string) => {
    (options.log ?? defaultLog)(message);
    clientLog?.log(message);
  };

  let stopped = false;
  let frame = 0;
  const cleanups: (() => void)[] = [];
  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (frame) cancelAnimationFrame(frame);
    for (const cleanup of cleanups.splice(0)) cleanup();
  };
  const settings = readSettings(gadgets, log);
  applySettings(gadget, settings);

  // The connector's status line at :00 and :30, in the desktop's client log where support collects it, whatever the version.
  const statusLog = new StatusLog({
    backend: () => gadget.backendInUse,
    timeoutMs: () => gadget.timeout,
    logger: {
      log: (summary) => {
        consoleLogger.log(summary);
        clientLog?.log(formatStatusLine(summary));
      },
    },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  statusLog.start();
  cleanups.push(() => statusLog.stop());
  // Before the gadget opens its backend (its first update, after this synchronous start).
  if (settings.backendAuth === 'finesse') applyFinesseCredentials(gadget, config, settings, log);
  const podIdKeys = options.podIdKeys ?? (settings.podIdKey ? [settings.podIdKey, ...DEFAULT_POD_ID_KEYS] : DEFAULT_POD_ID_KEYS);

  // The gadget's own line above it: what a desktop without toasts, or without calls for the gadget, cannot say.
  let notice: HTMLElement | undefined;
  const tell = (text: string) => {
    notice ??= document.createElement('p');
    notice.setAttribute('role', 'status');
    notice.textContent = text;
    gadget.before(notice);
  };
  cleanups.push(() => notice?.remove());

  // Height: fitted after every size change, and when the tab comes forward (Finesse cannot measure a hidden tab).
  const fit = () => {
    if (stopped || frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (!stopped) gadgets?.window.adjustHeight();
    });
  };
  if (gadgets && typeof ResizeObserver === 'function') {
    const observer = new ResizeObserver(fit);
    observer.observe(gadget);
    cleanups.push(() => observer.disconnect());
  }
  fit();

  try {
    finesse.clientservices.ClientServices.init(config, false);
  } catch (error) {
    log(`Finesse client services did not start: ${String(error)}`);
    tell(msg('This Finesse desktop does not give the gadget its calls (it needs Finesse 11.0 or later). Look customers up by name or number.'));
    return stop;
  }

  let container: ContainerServices | undefined;
  try {
    const services = (container = finesse.containerservices.ContainerServices.init());
    const topic = finesse.containerservices.ContainerServices.Topics.ACTIVE_TAB;
    services.addHandler(topic, fit);
    cleanups.push(() => services.removeHandler?.(topic, fit));
    // The answer reaches only handlers added before the request: asked again now, as Cisco's samples do.
    services.makeActiveTabReq();
  } catch (error) {
    log(`Finesse container services did not start: ${String(error)}`);
  }

  // Finesse 12.x: desktop toasts, once given the configuration; 11.x has none.
  let toaster = finesse.containerservices.FinesseToaster;
  try {
    toaster?.init(config, clientLog);
  } catch {
    toaster = undefined;
  }

  const handleScreenPop = (event: Event) => {
    if (stopped) return;
    container?.activateMyTab();
    const body = toastBody(event);
    try {
      if (toaster) return void toaster.showToaster(TOAST_TITLE, { body, autoClose: TOAST_MS });
    } catch (error) {
      log(`The desktop toast could not be shown: ${String(error)}`);
    }
    tell(body);
  };
  gadget.addEventListener('cc-screen-pop', handleScreenPop);
  cleanups.push(() => gadget.removeEventListener('cc-screen-pop', handleScreenPop));

  const followed = new Map<string, { dialog: FinesseDialog; state: FollowedDialog; voice: boolean }>();

  const show = async (dialog: FinesseDialog, state: FollowedDialog): Promise<void> => {
    if (stopped || state.shown === 'pod') return;
    const properties = dialog.getMediaProperties() ?? {};
    const callType = properties['callType'];
    // An outbound call's customer is the number dialled; consults, conferences and monitoring bring none.
    const outbound = typeof callType === 'string' && callType.startsWith('OUT');
    if (!outbound && typeof callType === 'string' && callType !== '' && !(INBOUND_CALL_TYPES as readonly string[]).includes(callType)) return;
    if (!(POP_STATES as readonly string[]).includes(dialog.getState())) return;

    const podId = readPodId(properties, podIdKeys, state, log);
    if (podId !== undefined && podId !== state.triedPodId) {
      state.triedPodId = podId;
      if (await gadget.showActivity(podId)) {
        state.shown = 'pod';
        return;
      }
      log(`The call's POD.ID ${podId} names no activity here; looking the caller up by number.`);
    }
    if (state.shown !== 'none' || stopped) return;
    const number = outbound ? (dialog.getToAddress?.() ?? properties['dialedNumber']) : dialog.getFromAddress();
    const ani = z.safeParse(aniSchema, number ?? '');
    if (!ani.success) {
      if (number && !state.refusedAni) log(`Ignored the caller's number: ${ani.error.issues[0]?.message ?? 'malformed'}.`);
      state.refusedAni = true;
      return;
    }
    state.shown = 'ani';
    await gadget.lookup(ani.data);
  };

  // With `record-calls`, a chunk that only such desktops load hears of every change of a call, and
  // of its end ('GONE'); what happens while it loads is told to it once it has.
  let recorder: CallRecorder | undefined;
  let early: Parameters<CallRecorder['heard']>[] | undefined;
  const hear = (dialog: FinesseDialog, voice: boolean, state = dialog.getState()) => {
    const told: Parameters<CallRecorder['heard']> = [dialog, voice, state, Date.now()];
    if (recorder) recorder.heard(...told);
    else early?.push(told);
  };
  if (on(settings.recordCalls)) {
    early = [];
    void import('./recorded-call.js').then(
      ({ callRecorder }) => {
        if (stopped) return;
        recorder = callRecorder(
          gadget,
          (dialog) => readPodId(dialog.getMediaProperties() ?? {}, podIdKeys, followed.get(dialog.getId())?.state ?? {}, log),
          { inboundTypes: INBOUND_CALL_TYPES, ani: aniSchema },
          log,
        );
        for (const told of early ?? []) recorder.heard(...told);
        early = undefined;
      },
      (error: unknown) => log(`A call could not be recorded: ${String(error)}`),
    );
  }

  const follow = (dialog: FinesseDialog, voice: boolean) => {
    if (stopped) return;
    const id = dialog.getId();
    if (followed.has(id)) return;
    const state: FollowedDialog = {
      shown: 'none',
      queue: Promise.resolve(),
      // Call variables can be empty on the first event: every change reads them again.
      handleChange: (changed) => {
        hear(changed, voice);
        enqueue(changed, state);
      },
    };
    followed.set(id, { dialog, state, voice });
    dialog.addHandler('change', state.handleChange);
    hear(dialog, voice);
    enqueue(dialog, state);
  };
  const followCall = (dialog: FinesseDialog) => follow(dialog, true);
  const followTask = (dialog: FinesseDialog) => follow(dialog, false);

  const enqueue = (dialog: FinesseDialog, state: FollowedDialog) => {
    state.queue = state.queue.then(() => show(dialog, state)).catch((error: unknown) => log(`A call could not be shown: ${String(error)}`));
  };

  const unfollow = (dialog: FinesseDialog) => {
    const entry = followed.get(dialog.getId());
    if (!entry) return;
    // A call that leaves the agent's dialogs has ended for this desktop.
    hear(entry.dialog, entry.voice, 'GONE');
    followed.delete(dialog.getId());
    entry.dialog.removeHandler?.('change', entry.state.handleChange);
  };
  cleanups.push(() => {
    for (const { dialog } of [...followed.values()]) unfollow(dialog);
  });

  // finesse.js builds the dialogs present at load silently and gives them only to onLoad (a call ringing before the gadget loaded).
  const each = (collection: FinesseCollection<FinesseDialog>, handle: (dialog: FinesseDialog) => void) => {
    for (const dialog of Object.values(collection.getCollection())) handle(dialog);
  };
  try {
    new finesse.restservices.User({
      id: config?.id,
      onLoad: (user) => {
        if (stopped) return;
        applyAgent(gadget, user, config, log);
        user.getDialogs({ onLoad: (dialogs) => each(dialogs, followCall), onCollectionAdd: followCall, onCollectionDelete: unfollow });
        // Chats and emails routed as tasks carry the POD.ID the same way (Cisco's task sample reads it there); each media is
        // loaded, and subscribed to, through getMedia before its dialogs are read, as that sample does.
        user.getMediaList?.({
          onLoad: (list) => {
            for (const id in list.getCollection())
              list.getMedia({
                id,
                onLoad: (media) => media.getMediaDialogs({ onLoad: (tasks) => each(tasks, followTask), onCollectionAdd: followTask, onCollectionDelete: unfollow }),
              });
          },
          onError: (error) => log(`The agent's tasks could not be followed: ${String(error)}`),
        });
      },
      onError: (error) => log(`The agent's calls could not be followed: ${String(error)}`),
    });
  } catch (error) {
    log(`The agent's calls could not be followed: ${String(error)}`);
  }

  return stop;
}

/** The first usable POD.ID among `keys`; a malformed one is reported once per dialog and skipped. */
function readPodId(properties: Record<string, unknown>, keys: readonly string[], state: Pick<FollowedDialog, 'refusedPodId'>, log: (message: string) => void): string | undefined {
  for (const key of keys) {
    let raw = properties[key];
    // Some routing scripts pack several values in one variable (`POD.ID=…;lang=fr`): the POD.ID is the pair a key names.
    if (typeof raw === 'string' && raw.includes('=')) {
      const pairs = new URLSearchParams(raw.replaceAll(';', '&'));
      raw = keys.map((name) => pairs.get(name)).find(Boolean) ?? raw;
    }
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) continue;
    const parsed = z.safeParse(podIdSchema, raw);
    if (parsed.success) return parsed.data;
    const shown = String(raw).slice(0, 80);
    if (state.refusedPodId !== shown) {
      state.refusedPodId = shown;
      log(`Ignored the call variable ${key} (${JSON.stringify(shown)}): ${parsed.error.issues[0]?.message ?? 'malformed'}.`);
    }
  }
  return undefined;
}

/** Settings from the gadget's URL query (as a layout writes them), else from its preferences; refused ones are logged. */
export function readSettings(gadgets: Gadgets | undefined, log: (message: string) => void = defaultLog): GadgetPrefsInput {
  if (!gadgets) return {};
  let query: Record<string, string> = {};
  try {
    query = gadgets.util.getUrlParameters() ?? {};
  } catch {
    // An old container without the util feature: preferences only.
  }
  // Shindig renders the spec with its own URL in `url`: a layout's `ContextService.xml?timeout=…` arrives there.
  const specQuery = specParameters(query['url']);
  let prefs: { getString(key: string): string } | undefined;
  try {
    prefs = new gadgets.Prefs();
  } catch {
    prefs = undefined;
  }
  const result: Record<string, string> = {};
  for (const [name, key] of Object.entries(SETTING_NAMES) as [keyof GadgetPrefsInput, string][]) {
    const raw = query[key] ?? query[name] ?? specQuery.get(key) ?? specQuery.get(name) ?? (prefs?.getString(key) || prefs?.getString(name) || undefined);
    if (raw === undefined) continue;
    const parsed = z.safeParse(gadgetPrefsSchema.shape[name], raw);
    if (parsed.success && parsed.data !== undefined) result[name] = parsed.data;
    else if (!parsed.success) log(`Ignored the gadget setting ${key}=${JSON.stringify(raw.slice(0, 80))}: ${parsed.error.issues[0]?.message ?? 'malformed'}.`);
  }
  return result as GadgetPrefsInput;
}

function specParameters(url: string | undefined): URLSearchParams {
  if (!url) return new URLSearchParams();
  try {
    return new URL(url, location.href).searchParams;
  } catch {
    return new URLSearchParams();
  }
}

/** Whether a yes-or-no setting is on: `true`, or present and empty. */
const on = (flag: string | undefined): boolean => flag === 'true' || flag === '';

/** Settings go in as attributes, so the gadget validates them exactly as it does markup. */
function applySettings(gadget: HTMLElement, settings: GadgetPrefsInput): void {
  if (settings.timeout) gadget.setAttribute('timeout', settings.timeout);
  if (on(settings.labMode)) gadget.setAttribute('lab-mode', '');
  if (settings.locale) gadget.setAttribute('locale', settings.locale);
  if (settings.theme) gadget.setAttribute('theme', settings.theme);
  if (settings.backendUrl && gadget.getAttribute('backend-url') !== settings.backendUrl) gadget.setAttribute('backend-url', settings.backendUrl);
  if (on(settings.revealSensitive)) gadget.setAttribute('reveal-sensitive', '');
  if (settings.fieldSetsUrl && gadget.getAttribute('field-sets-url') !== settings.fieldSetsUrl) gadget.setAttribute('field-sets-url', settings.fieldSetsUrl);
}

const FINESSE_AUTHORIZATION = /^[A-Za-z0-9+/]+={0,2}$/;
/** An OAuth access token as a Bearer header carries it (RFC 6750's b64token). */
const ACCESS_TOKEN = /^[\w.~+/-]+=*$/;

/**
 * With `backend-auth=finesse`, the shared backend signs the agent in with their own Finesse
 * credentials (`finesse.gadget.Config.authorization`, base64 of `id:password`): the gadget sends
 * them as `Authorization: Basic …`, read again before each request. On an SSO desktop it sends
 * the agent's access token instead, `Bearer` + `finesse.gadget.Config.authToken`, as Cisco's
 * TechNote 214687 tells third-party gadgets to; read each time, so a renewed token is the one
 * sent. Only to an https backend (or one on this machine): they are the agent's password or token.
 */
function applyFinesseCredentials(gadget: BridgeGadget, config: GadgetConfig | undefined, settings: GadgetPrefsInput, log: (message: string) => void): void {
  const url = settings.backendUrl ?? gadget.getAttribute('backend-url') ?? '';
  let safe = false;
  try {
    const parsed = new URL(url, location.href);
    safe = parsed.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
  } catch {
    safe = false;
  }
  if (!safe) {
    log('backend-auth=finesse needs an https backend-url: the agent’s credentials are not sent.');
    return;
  }
  const read = (): string | undefined => {
    const value = config?.['authorization'];
    const token = config?.['authToken'];
    if (typeof value === 'string' && FINESSE_AUTHORIZATION.test(value)) return `Basic ${value}`;
    return typeof token === 'string' && ACCESS_TOKEN.test(token) ? `Bearer ${token}` : undefined;
  };
  if (!read()) {
    log('backend-auth=finesse: Finesse gave no agent credentials, so the shared backend is asked without them.');
    return;
  }
  gadget.backendAuthorization = read;
}

/**
 * The signed-in agent becomes the gadget's agent (`agent-id`, `agent-name`), whom reveals of
 * sensitive fields are recorded for, unless the page named one already. What finesse.js gives is
 * checked like any other input; a bad value is left out and logged.
 */
function applyAgent(gadget: HTMLElement, user: FinesseUser, config: GadgetConfig | undefined, log: (message: string) => void): void {
  if (gadget.hasAttribute('agent-id')) return;
  const read = (getter: (() => string) | undefined): unknown => {
    try {
      return getter?.call(user);
    } catch {
      return undefined;
    }
  };
  const id = z.safeParse(agentIdSchema, read(user.getId) ?? config?.id);
  if (!id.success) {
    log('The signed-in agent has no usable id: sensitive fields cannot be revealed in this gadget.');
    return;
  }
  gadget.setAttribute('agent-id', id.data);
  const parts = [read(user.getFirstName), read(user.getLastName)].filter((part): part is string => typeof part === 'string' && part.trim() !== '');
  const name = z.safeParse(agentNameSchema, parts.map((part) => part.trim()).join(' '));
  if (name.success && name.data) gadget.setAttribute('agent-name', name.data);
}

/**
 * The toast's text: the title of the activity that popped (the pop's event carries it), else a
 * generic line in the gadget's language. Only the title: a toast shows outside the gadget, over
 * whatever the agent is doing.
 */
function toastBody(event: Event): string {
  const detail = (event as Event & { detail?: unknown }).detail;
  const activity = detail && typeof detail === 'object' ? (detail as { activity?: unknown }).activity : undefined;
  const title = activity && typeof activity === 'object' ? (activity as { title?: unknown }).title : undefined;
  if (typeof title === 'string' && title.trim()) return title.trim().slice(0, 200);
  return msg('A customer needs your attention in Customer Context.');
}
