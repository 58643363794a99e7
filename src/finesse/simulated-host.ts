import { SimulatedDialog, SimulatedDialogCollection, SimulatedMediaList, type SimulatedMediaChannel } from './simulated-collections.js';
import { SimulatedContainer, type SimulatedToast } from './simulated-container.js';
import type { Finesse, FinesseDialog, FinesseHandlers, FinesseUser, FinesseUserOptions, GadgetConfig, Gadgets } from './types.js';

export { SimulatedDialog } from './simulated-collections.js';
export type { SimulatedToast } from './simulated-container.js';

/**
 * The Finesse releases whose library differs where the bridge reads it:
 * - `10.5`: no `finesse.gadget` namespace (gadgets built their Config from their preferences, as
 *   Cisco's 10.5 ScreenPop sample does), no toaster, no media list;
 * - `11.x`: `finesse.gadget.Config` and non-voice media, no toaster;
 * - `12.x`: all of that and `finesse.containerservices.FinesseToaster`.
 */
export const FINESSE_VERSIONS = ['10.5', '11.x', '12.x'] as const;
export type FinesseVersion = (typeof FINESSE_VERSIONS)[number];

export interface SimulatedCall {
  /** The caller's number (the ANI). */
  readonly from?: string;
  /** The number called (an outbound call's customer). */
  readonly to?: string;
  /** Call variables and expanded call variables, as `getMediaProperties()` gives them. */
  readonly callVariables?: Readonly<Record<string, string>>;
  readonly callType?: string;
}

export interface SimulatedHostOptions {
  /** Which Finesse the desktop is (12.x unless said). */
  readonly version?: FinesseVersion;
  readonly userId?: string;
  /** The signed-in agent's name, as finesse.js's User gives it. */
  readonly firstName?: string;
  readonly lastName?: string;
  /**
   * `finesse.gadget.Config.authorization`: base64 of the agent's `id:password`, as Finesse gives it
   * to its gadgets (one for `userId` unless said); `null` for none, which ClientServices refuses.
   */
  readonly authorization?: string | null;
  /**
   * An SSO desktop: `finesse.gadget.Config.authToken`, the agent's access token, with an empty
   * `authorization` (Cisco TechNote 214687: SSO gadgets send `Bearer` + authToken).
   */
  readonly authToken?: string;
  /** The gadget URL's query parameters. */
  readonly urlParameters?: Readonly<Record<string, string>>;
  /** The gadget's preferences (`gadgets.Prefs#getString`), beside those the container gives (id, host, restHost, authorization). */
  readonly prefs?: Readonly<Record<string, string>>;
  /** Whether the desktop offers toasts: Finesse 12.x does, unless this says otherwise. */
  readonly toaster?: boolean;
  /** Whether the gadget's tab is in front when it loads (true unless said). */
  readonly tabVisible?: boolean;
  /** Whether `gadgets.Hub` is there (the spec requires `pubsub-2`; true unless said). */
  readonly hub?: boolean;
  /** Called after the gadget activates its tab or raises a toast, for a page that shows them. */
  readonly onNotify?: () => void;
}

/** finesse.js's words when ClientServices.init is given a config without host, restHost and credentials. */
export const INVALID_CONFIG = 'Config object contains invalid properties.';

/**
 * A simulated Finesse desktop: `window.finesse` and `window.gadgets` as far as the bridge uses
 * them, as strict as finesse.js where it matters (see `SimulatedHostOptions#version`), driven by
 * `ring`, `answer`, `drop`, `offerTask` and the agent's tab, with a record of what the gadget
 * asked of the desktop.
 */
export class SimulatedFinesseHost {
  readonly version: FinesseVersion;
  readonly finesse: Finesse;
  readonly gadgets: Gadgets;
  /** Times the gadget asked to have its height fitted. */
  heightAdjustments = 0;
  /** The configurations ClientServices accepted (it takes the first and ignores later calls). */
  readonly inits: GadgetConfig[] = [];
  /** Lines that reached the desktop's client log (after `ClientLogger.init` with a hub), each after the gadget's id. */
  readonly clientLog: string[] = [];
  readonly dialogs: SimulatedDialog[] = [];

  private readonly container: SimulatedContainer;
  private readonly dialogCollections = new Set<SimulatedDialogCollection>();
  private readonly chat: SimulatedMediaChannel = { id: 'chat', tasks: [], collections: new Set() };
  private clientServicesStarted = false;
  private sequence = 0;

  constructor(options: SimulatedHostOptions = {}) {
    const host = this;
    this.version = options.version ?? '12.x';
    const id = options.userId ?? 'agent1';
    const authorization = options.authToken !== undefined ? '' : options.authorization === undefined ? btoa(`${id}:secret`) : options.authorization;
    // What the container hands every gadget as preferences; from 11.0 finesse.js reads them into finesse.gadget.Config.
    const containerPrefs: Record<string, string> = { id, host: 'finesse.example.com', restHost: 'finesse.example.com', ...(authorization === null ? {} : { authorization }) };
    const config: GadgetConfig = { ...containerPrefs, ...(options.authToken === undefined ? {} : { authToken: options.authToken }) };
    const hub = options.hub === false ? undefined : {};
    // finesse.js 10.5.1 ClientLogger: lines go out over the hub given to init, prefixed with the gadget's id; before init, nowhere.
    let logOrigin: string | undefined;
    const clientLogger = {
      init: (hub: unknown, gadgetId: string) => {
        logOrigin = hub ? `${gadgetId} : ` : undefined;
      },
      log: (line: string) => {
        if (logOrigin !== undefined) host.clientLog.push(logOrigin + line);
      },
    };
    this.container = new SimulatedContainer({
      hub: hub !== undefined,
      tabVisible: options.tabVisible ?? true,
      toaster: options.toaster ?? this.version === '12.x',
      ...(options.onNotify ? { onNotify: options.onNotify } : {}),
    });

    const chat = this.chat;
    const mediaList = this.version !== '10.5';
    class User implements FinesseUser {
      private dialogCollection: SimulatedDialogCollection | undefined;
      constructor(userOptions: FinesseUserOptions) {
        // finesse.js loads the user over REST, through ClientServices, as the agent the config names: its answer comes later.
        queueMicrotask(() => {
          if (!host.clientServicesStarted) userOptions.onError?.({ status: 0, content: 'ClientServices is not initialised' });
          else if (userOptions.id !== config.id) userOptions.onError?.({ status: 401, content: `Not signed in as ${String(userOptions.id)}` });
          else userOptions.onLoad?.(this);
        });
      }
      getId = () => id;
      getFirstName = () => options.firstName ?? 'Sam';
      getLastName = () => options.lastName ?? 'Rivera';
      getDialogs(handlers: FinesseHandlers<FinesseDialog>) {
        if (!this.dialogCollection) {
          this.dialogCollection = new SimulatedDialogCollection(handlers, () => host.dialogs, true);
          host.dialogCollections.add(this.dialogCollection);
        }
        return this.dialogCollection;
      }
      declare getMediaList?: FinesseUser['getMediaList'];
    }
    if (mediaList) User.prototype.getMediaList = ({ onLoad }) => new SimulatedMediaList([chat], onLoad);

    this.finesse = {
      ...(this.version === '10.5' ? {} : { gadget: { Config: config } }),
      clientservices: {
        ClientServices: {
          init: (given) => {
            if (host.clientServicesStarted) return undefined;
            if (!validConfig(given)) throw new Error(INVALID_CONFIG);
            host.clientServicesStarted = true;
            host.inits.push(given);
            return undefined;
          },
        },
      },
      restservices: { User },
      containerservices: this.container.services,
      cslogger: { ClientLogger: clientLogger },
    };
    const prefs = { ...containerPrefs, ...options.prefs };
    const urlParameters = options.urlParameters ?? {};
    this.gadgets = {
      window: {
        adjustHeight: () => {
          host.heightAdjustments += 1;
        },
      },
      Prefs: class {
        getString(key: string): string {
          return prefs[key] ?? '';
        }
        getMsg(key: string): string {
          return key;
        }
      },
      util: { getUrlParameters: () => ({ ...urlParameters }) },
      ...(hub ? { Hub: hub } : {}),
    };
  }

  /** Times the gadget asked for its tab to come forward. */
  get activatedTabs(): number {
    return this.container.activatedTabs;
  }

  /** Toasts shown (Finesse 12.x), each with how long it stays. */
  get toasts(): readonly SimulatedToast[] {
    return this.container.toasts;
  }

  /** What `FinesseToaster.init` was given. */
  get toasterInits(): readonly { readonly config: unknown; readonly logger: unknown }[] {
    return this.container.toasterInits;
  }

  /** Times the desktop told the gadget's ACTIVE_TAB handlers that its tab came forward. */
  get activeTabEvents(): number {
    return this.container.activeTabEvents;
  }

  /** Puts the simulated globals on `window`; returns a function that restores what was there. */
  install(): () => void {
    const previous = { finesse: window.finesse, gadgets: window.gadgets };
    window.finesse = this.finesse;
    window.gadgets = this.gadgets;
    return () => {
      if (previous.finesse) window.finesse = previous.finesse;
      else delete window.finesse;
      if (previous.gadgets) window.gadgets = previous.gadgets;
      else delete window.gadgets;
    };
  }

  /** A call arrives for the agent and rings. */
  ring(call: SimulatedCall = {}): SimulatedDialog {
    this.sequence += 1;
    const properties = { callType: call.callType ?? 'ACD_IN', dialedNumber: '8005550100', DNIS: '8005550100', queueName: 'Service', mediaId: '1', ...call.callVariables };
    const dialog = new SimulatedDialog(`dialog-${this.sequence}`, call.from, properties, 'ALERTING', call.to);
    this.dialogs.push(dialog);
    for (const collection of [...this.dialogCollections]) collection.added(dialog);
    return dialog;
  }

  /** A non-voice task (a chat routed by Task Routing) is offered to the agent. */
  offerTask(task: Omit<SimulatedCall, 'callType'> = {}): SimulatedDialog {
    this.sequence += 1;
    const dialog = new SimulatedDialog(`task-${this.sequence}`, task.from, { mediaId: this.chat.id, ...task.callVariables }, 'OFFERED');
    this.chat.tasks.push(dialog);
    for (const collection of [...this.chat.collections]) collection.added(dialog);
    return dialog;
  }

  /** The agent answers the latest call (or `dialog`). */
  answer(dialog = this.dialogs.at(-1)): void {
    dialog?.setState('ACTIVE');
  }

  /** The latest call (or `dialog`) ends and leaves the agent's dialogs. */
  drop(dialog = this.dialogs.at(-1)): void {
    if (!dialog) return;
    dialog.setState('DROPPED');
    this.dialogs.splice(this.dialogs.indexOf(dialog), 1);
    for (const collection of [...this.dialogCollections]) collection.deleted(dialog);
  }

  /** The agent brings the gadget's tab forward (ACTIVE_TAB fires only if it was hidden). */
  activateTab(): void {
    this.container.showTab();
  }

  /** The agent goes to another tab. */
  hideTab(): void {
    this.container.hideTab();
  }

  /** How many handlers the desktop holds for `topic` (the ACTIVE_TAB topic by default). */
  topicHandlerCount(topic?: string): number {
    return this.container.handlerCount(topic);
  }
}

/** ClientServices.init's check in finesse.js 10.5.1: a host, a restHost, and an authorization (or an id and password). */
function validConfig(config: GadgetConfig | undefined): config is GadgetConfig {
  return (
    typeof config === 'object' &&
    config !== null &&
    typeof config.host === 'string' &&
    config.host.length > 0 &&
    Boolean(config.restHost) &&
    (typeof config['authorization'] === 'string' || (typeof config.id === 'string' && typeof config['password'] === 'string'))
  );
}
