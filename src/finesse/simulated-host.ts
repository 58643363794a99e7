import type {
  ContainerServices,
  DialogState,
  Finesse,
  FinesseDialog,
  FinesseHandlers,
  FinesseMedia,
  FinesseUser,
  FinesseUserOptions,
  GadgetConfig,
  Gadgets,
  ToastOptions,
} from './types.js';

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
  readonly userId?: string;
  /** The signed-in agent's name, as finesse.js's User gives it. */
  readonly firstName?: string;
  readonly lastName?: string;
  /** `finesse.gadget.Config.authorization`: base64 of the agent's `id:password`, as Finesse gives it to its gadgets. */
  readonly authorization?: string;
  /** The gadget URL's query parameters. */
  readonly urlParameters?: Readonly<Record<string, string>>;
  /** The gadget's preferences (`gadgets.Prefs#getString`). */
  readonly prefs?: Readonly<Record<string, string>>;
  /** Whether the desktop offers toasts (Finesse 12.x does). */
  readonly toaster?: boolean;
  /** Called after the gadget activates its tab or raises a toast, for a page that shows them. */
  readonly onNotify?: () => void;
}

export interface SimulatedToast {
  readonly title: string;
  readonly options: ToastOptions;
}

const ACTIVE_TAB = 'finesse.containerservices.activeTab';

/** One call on the simulated desktop. */
export class SimulatedDialog implements FinesseDialog {
  private readonly handlers = new Set<(dialog: FinesseDialog) => void>();
  private state: string;
  private properties: Record<string, string>;

  constructor(
    private readonly id: string,
    private readonly from: string | undefined,
    properties: Readonly<Record<string, string>>,
    state: string,
    private readonly to?: string,
  ) {
    this.properties = { ...properties };
    this.state = state;
  }

  getId(): string {
    return this.id;
  }

  getFromAddress(): string | undefined {
    return this.from;
  }

  getToAddress(): string | undefined {
    return this.to;
  }

  getState(): string {
    return this.state;
  }

  getMediaProperties(): Record<string, unknown> {
    return { ...this.properties };
  }

  addHandler(_event: 'change', handler: (dialog: FinesseDialog) => void): void {
    this.handlers.add(handler);
  }

  removeHandler(_event: 'change', handler: (dialog: FinesseDialog) => void): void {
    this.handlers.delete(handler);
  }

  /** How many change handlers follow this call. */
  get handlerCount(): number {
    return this.handlers.size;
  }

  /** Moves the call to `state` and tells its followers. */
  setState(state: DialogState | 'OFFERED' | 'CLOSED'): void {
    this.state = state;
    this.changed();
  }

  /** Sets call variables (as the routing script fills them late) and tells the call's followers. */
  setCallVariables(callVariables: Readonly<Record<string, string>>): void {
    this.properties = { ...this.properties, ...callVariables };
    this.changed();
  }

  private changed(): void {
    for (const handler of [...this.handlers]) handler(this);
  }
}

/**
 * A simulated Finesse desktop: `window.finesse` and `window.gadgets` as far as the bridge uses
 * them, driven by `ring`, `answer` and `drop`, with a record of what the gadget asked of the desktop.
 */
export class SimulatedFinesseHost {
  readonly finesse: Finesse;
  readonly gadgets: Gadgets;
  /** Times the gadget asked for its tab to come forward. */
  activatedTabs = 0;
  /** Times the gadget asked to have its height fitted. */
  heightAdjustments = 0;
  readonly toasts: SimulatedToast[] = [];
  readonly inits: GadgetConfig[] = [];
  readonly dialogs: SimulatedDialog[] = [];

  private readonly subscribers = new Set<FinesseHandlers<FinesseDialog>>();
  private readonly taskSubscribers = new Set<FinesseHandlers<FinesseDialog>>();
  private readonly tasks: SimulatedDialog[] = [];
  private readonly topicHandlers = new Map<string, Set<(data?: unknown) => void>>();
  private sequence = 0;

  constructor(options: SimulatedHostOptions = {}) {
    const host = this;
    const config: GadgetConfig = {
      id: options.userId ?? 'agent1',
      host: 'finesse.example.com',
      restHost: 'finesse.example.com',
      ...(options.authorization === undefined ? {} : { authorization: options.authorization }),
    };
    const container: ContainerServices = {
      activateMyTab: () => {
        host.activatedTabs += 1;
        options.onNotify?.();
      },
      addHandler: (topic, handler) => {
        const handlers = host.topicHandlers.get(topic) ?? new Set();
        handlers.add(handler);
        host.topicHandlers.set(topic, handlers);
      },
      removeHandler: (topic, handler) => {
        host.topicHandlers.get(topic)?.delete(handler);
      },
    };
    const user: FinesseUser = {
      getId: () => config.id ?? '',
      getFirstName: () => options.firstName ?? 'Sam',
      getLastName: () => options.lastName ?? 'Rivera',
      getDialogs: (handlers) => {
        host.subscribers.add(handlers);
        for (const dialog of host.dialogs) handlers.onCollectionAdd?.(dialog);
        return host.dialogs;
      },
      getMediaList: ({ onLoad }) => {
        const chat: FinesseMedia = {
          getMediaDialogs: (handlers) => {
            host.taskSubscribers.add(handlers);
            for (const task of host.tasks) handlers.onCollectionAdd?.(task);
            return host.tasks;
          },
        };
        queueMicrotask(() => onLoad?.({ getCollection: () => ({ chat }) }));
        return undefined;
      },
    };
    class User {
      constructor(userOptions: FinesseUserOptions) {
        // finesse.js loads the user over REST: its onLoad comes later.
        queueMicrotask(() => userOptions.onLoad?.(user));
      }
    }
    this.finesse = {
      gadget: { Config: config },
      clientservices: { ClientServices: { init: (given) => void host.inits.push(given) } },
      restservices: { User: User as unknown as Finesse['restservices']['User'] },
      containerservices: {
        ContainerServices: { init: () => container, Topics: { ACTIVE_TAB } },
        ...(options.toaster === false ? {} : {
            FinesseToaster: {
              showToaster: (title: string, toast: ToastOptions) => {
                host.toasts.push({ title, options: toast });
                options.onNotify?.();
              },
            },
          }),
      },
    };
    const prefs = options.prefs ?? {};
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
    };
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
    for (const subscriber of [...this.subscribers]) subscriber.onCollectionAdd?.(dialog);
    return dialog;
  }

  /** A non-voice task (a chat routed by Task Routing) is offered to the agent. */
  offerTask(task: Omit<SimulatedCall, 'callType'> = {}): SimulatedDialog {
    this.sequence += 1;
    const dialog = new SimulatedDialog(`task-${this.sequence}`, task.from, { mediaId: 'chat', ...task.callVariables }, 'OFFERED');
    this.tasks.push(dialog);
    for (const subscriber of [...this.taskSubscribers]) subscriber.onCollectionAdd?.(dialog);
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
    for (const subscriber of [...this.subscribers]) subscriber.onCollectionDelete?.(dialog);
  }

  /** The agent brings the gadget's tab forward. */
  activateTab(): void {
    for (const handler of [...(this.topicHandlers.get(ACTIVE_TAB) ?? [])]) handler(ACTIVE_TAB);
  }

  /** How many handlers the desktop holds for `topic` (the ACTIVE_TAB topic by default). */
  topicHandlerCount(topic = ACTIVE_TAB): number {
    return this.topicHandlers.get(topic)?.size ?? 0;
  }
}
