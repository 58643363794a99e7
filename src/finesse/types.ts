import * as z from 'zod/mini';

/**
 * The part of finesse.js and the OpenSocial `gadgets` API the bridge uses, and nothing more: the
 * simulated host implements exactly this. Names and shapes follow finesse.js 12.x.
 */

/** `callType` values of a voice dialog that bring a customer to the agent. */
export const INBOUND_CALL_TYPES = ['ACD_IN', 'PREROUTE_ACD_IN', 'PREROUTE_DIRECT_AGENT', 'TRANSFER', 'OTHER_IN'] as const;
export type InboundCallType = (typeof INBOUND_CALL_TYPES)[number];

/**
 * The states in which a contact is ringing, offered or under way: the moments worth a screen-pop.
 * Voice dialogs ring (ALERTING); non-voice tasks (chat, email) are OFFERED.
 */
export const POP_STATES = ['ALERTING', 'OFFERED', 'ACTIVE'] as const;
export type PopState = (typeof POP_STATES)[number];

export const DIALOG_STATES = ['INITIATING', 'INITIATED', 'ALERTING', 'ACTIVE', 'DROPPED', 'FAILED', 'ACCEPTED'] as const;
export type DialogState = (typeof DIALOG_STATES)[number];

/** The call variable keys read for a POD.ID unless the host configures others. */
export const DEFAULT_POD_ID_KEYS = ['POD.ID', 'user.POD.ID'] as const;

/** A finesse.js collection (Dialogs, MediaDialogs, MediaList): its items by id, once loaded. */
export interface FinesseCollection<T> {
  getCollection(): Readonly<Record<string, T>>;
}

/**
 * A collection's callbacks. finesse.js builds the items present at load silently and calls only
 * `onLoad` (with the collection); `onCollectionAdd` is for items that arrive later.
 */
export interface FinesseHandlers<T> {
  readonly onLoad?: (collection: FinesseCollection<T>) => void;
  readonly onCollectionAdd?: (item: T) => void;
  readonly onCollectionDelete?: (item: T) => void;
  readonly onError?: (error: unknown) => void;
}

export interface FinesseDialog {
  getId(): string;
  getFromAddress(): string | null | undefined;
  /** The number called (finesse.js has it; a desktop that lacks it gives dialedNumber in the media properties). */
  getToAddress?(): string | null | undefined;
  getState(): string;
  getMediaProperties(): Record<string, unknown>;
  addHandler(event: 'change', handler: (dialog: FinesseDialog) => void): void;
  removeHandler?(event: 'change', handler: (dialog: FinesseDialog) => void): void;
}

/** One non-voice media (a chat or email channel) the agent is signed in to, as `MediaList#getMedia` gives it. */
export interface FinesseMedia {
  getMediaDialogs(handlers: FinesseHandlers<FinesseDialog>): FinesseCollection<FinesseDialog>;
}

/** The agent's media; each is reached by its id through `getMedia`, which loads it and subscribes to its events. */
export interface FinesseMediaList extends FinesseCollection<unknown> {
  getMedia(options: { readonly id: string; readonly onLoad?: (media: FinesseMedia) => void; readonly onError?: (error: unknown) => void }): FinesseMedia;
}

export interface FinesseUser {
  /** The agent's id and name, as finesse.js's User gives them once loaded. */
  getId?(): string;
  getFirstName?(): string;
  getLastName?(): string;
  /** The first call creates the collection with these handlers; later calls return it and ignore theirs. */
  getDialogs(handlers: FinesseHandlers<FinesseDialog>): FinesseCollection<FinesseDialog>;
  /** Non-voice tasks (Task Routing, Finesse 11.5 on); absent on desktops without them. */
  getMediaList?(handlers: { readonly onLoad?: (list: FinesseMediaList) => void; readonly onError?: (error: unknown) => void }): FinesseMediaList;
}

export interface FinesseUserOptions {
  readonly id: string | undefined;
  readonly onLoad?: (user: FinesseUser) => void;
  readonly onChange?: (user: FinesseUser) => void;
  readonly onError?: (error: unknown) => void;
}

export interface ContainerServices {
  activateMyTab(): void;
  addHandler(topic: string, handler: (data?: unknown) => void): void;
  removeHandler?(topic: string, handler: (data?: unknown) => void): void;
  /** Asks the desktop which tab is in front: the answer reaches the ACTIVE_TAB handlers added before the request. */
  makeActiveTabReq(): void;
}

export interface ToastOptions {
  readonly body: string;
  readonly icon?: string;
  /** How long the toast stays, in milliseconds. */
  readonly autoClose?: number;
  readonly showWhenVisible?: boolean;
}

/** Finesse 12.x: desktop notifications, once `init` has been given the gadget's configuration. */
export interface FinesseToaster {
  init(config: GadgetConfig | undefined, logger?: ClientLogger): unknown;
  showToaster(title: string, options: ToastOptions): unknown;
}

/** The desktop's client log, which support collects (`finesse.cslogger.ClientLogger`). */
export interface ClientLogger {
  /** Names the gadget in each line; finesse.js drops lines logged before it (they have no hub to go to). */
  init?(hub: unknown, gadgetId: string, config?: GadgetConfig): void;
  log(message: string): void;
}

export interface GadgetConfig {
  readonly id?: string;
  readonly host?: string;
  readonly restHost?: string;
  readonly [key: string]: unknown;
}

/** `window.finesse`, as far as the bridge reads it. */
export interface Finesse {
  /** Finesse 11.0 on; 10.5 has no `finesse.gadget`, whose gadgets built their configuration themselves. */
  readonly gadget?: { readonly Config: GadgetConfig };
  readonly clientservices: { readonly ClientServices: { init(config: GadgetConfig | undefined, handleErrors?: boolean): unknown } };
  readonly restservices: { readonly User: new (options: FinesseUserOptions) => FinesseUser };
  readonly containerservices: {
    readonly ContainerServices: {
      init(): ContainerServices;
      readonly Topics: { readonly ACTIVE_TAB: string; readonly [topic: string]: string };
    };
    /** Finesse 12.x only. */
    readonly FinesseToaster?: FinesseToaster;
  };
  readonly cslogger?: { readonly ClientLogger: ClientLogger };
}

export interface GadgetPrefs {
  getString(key: string): string;
  getMsg(key: string): string;
}

/** `window.gadgets`, as far as the bridge reads it. */
export interface Gadgets {
  readonly window: { adjustHeight(height?: number): void };
  readonly Prefs: new () => GadgetPrefs;
  readonly util: { getUrlParameters(): Record<string, string> };
  /** The OpenAjax hub (the `pubsub-2` feature): container services talk to the desktop through it. */
  readonly Hub?: unknown;
}

declare global {
  interface Window {
    finesse?: Finesse;
    gadgets?: Gadgets;
  }
}

/**
 * A POD.ID as it may come in a call variable: an activity id (letters, digits, `.`, `_`, `:`,
 * `-`, starting with a letter or digit; the model's id rule). Call variables travel as text and
 * are capped by the contact center, so anything else is refused rather than looked up.
 */
export const podIdSchema = z.string().check(
  z.trim(),
  z.minLength(1, 'is empty'),
  z.maxLength(128, 'is longer than 128 characters'),
  z.regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'holds characters an activity id cannot have'),
);

/** A caller's number as Finesse gives it: digits with the usual punctuation, at most 32 characters. */
export const aniSchema = z.string().check(
  z.trim(),
  z.minLength(1, 'is empty'),
  z.maxLength(32, 'is longer than 32 characters'),
  z.regex(/^\+?[\d\s().\-/]*\d[\d\s().\-/]*$/, 'is not a phone number'),
);

/** Settings from the gadget's URL query or its preferences, each optional. */
export const gadgetPrefsSchema = z.object({
  timeout: z.optional(z.string().check(z.trim(), z.regex(/^\d{1,6}$/, 'must be a whole number of milliseconds'))),
  labMode: z.optional(z.enum(['true', 'false', ''])),
  locale: z.optional(z.string().check(z.trim(), z.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 tag'))),
  theme: z.optional(z.enum(['auto', 'light', 'dark'])),
  podIdKey: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(64))),
  backendUrl: z.optional(z.url({ protocol: /^https?$/, error: 'must be an http or https address' })),
  /** Whether agents of this layout may reveal sensitive fields (a supervisors' layout, say). A shared backend decides for itself. */
  revealSensitive: z.optional(z.enum(['true', 'false', ''])),
  /** `finesse`: the shared backend signs agents in with their own Finesse credentials, so the gadget sends them. */
  backendAuth: z.optional(z.enum(['finesse', 'none', ''])),
  /** The organisation's field set JSON: an http(s) address, or a path on the Finesse server. */
  fieldSetsUrl: z.optional(
    z.string().check(z.trim(), z.maxLength(2048), z.regex(/^(https?:\/\/|\/(?!\/))/i, 'must be an http or https address, or a path on the Finesse server')),
  ),
  /** Whether the desktop records one voice activity per call it sees (an activity for every call, without a CVP). */
  recordCalls: z.optional(z.enum(['true', 'false', ''])),
});

/** The signed-in agent as finesse.js names them: reveals of sensitive fields are recorded under this id. */
export const agentIdSchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(128), z.regex(/^[^\p{Cc}]+$/u, 'must not contain control characters'));
export const agentNameSchema = z.string().check(z.trim(), z.maxLength(200), z.regex(/^[^\p{Cc}]*$/u, 'must not contain control characters'));
export type GadgetPrefsInput = z.infer<typeof gadgetPrefsSchema>;
