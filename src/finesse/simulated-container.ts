import type { ContainerServices, Finesse, FinesseToaster, ToastOptions } from './types.js';

export interface SimulatedToast {
  readonly title: string;
  readonly options: ToastOptions;
  /**
   * How long the toast stays: `autoClose` as the browser's timer reads it (8 s when absent, the
   * default Cisco's toaster samples give; a `true` is 1 ms, so such a toast closes at once).
   */
  readonly shownForMs: number;
}

const ACTIVE_TAB = 'finesse.containerservices.activeTab';
const DEFAULT_TOAST_MS = 8000;

interface ContainerOptions {
  readonly hub: boolean;
  readonly tabVisible: boolean;
  readonly toaster: boolean;
  readonly onNotify?: () => void;
}

/**
 * The desktop's container services and toaster, as finesse.js 10.5.1's ContainerServices behaves:
 * `init()` needs `gadgets.Hub` (it asks for the active tab at once, and that request throws "Hub
 * is not defined." without one); the ACTIVE_TAB handlers hear only of the gadget's tab going
 * from hidden to visible (its `_tabTracker`); and the answer to `makeActiveTabReq()` reaches the
 * handlers added before the request, which is why Cisco's samples call it after `addHandler`.
 * FinesseToaster (12.x, Cisco's developer guide) must be given the configuration by `init` first.
 */
export class SimulatedContainer {
  readonly services: Finesse['containerservices'];
  activatedTabs = 0;
  activeTabEvents = 0;
  readonly toasts: SimulatedToast[] = [];
  readonly toasterInits: { readonly config: unknown; readonly logger: unknown }[] = [];

  private readonly topicHandlers = new Map<string, Set<(data?: unknown) => void>>();
  private tabVisible: boolean;
  /** What the gadget's ContainerServices believes (`_visible`), known only from answers it heard. */
  private believedVisible = false;

  constructor(private readonly options: ContainerOptions) {
    this.tabVisible = options.tabVisible;
    const container = this;
    let instance: ContainerServices | undefined;
    const services: ContainerServices = {
      activateMyTab: () => {
        container.activatedTabs += 1;
        container.showTab();
        options.onNotify?.();
      },
      addHandler: (topic, handler) => {
        const handlers = container.topicHandlers.get(topic) ?? new Set();
        handlers.add(handler);
        container.topicHandlers.set(topic, handlers);
      },
      removeHandler: (topic, handler) => {
        container.topicHandlers.get(topic)?.delete(handler);
      },
      makeActiveTabReq: () => {
        if (!options.hub) throw new Error('Hub is not defined.');
        const listening = [...(container.topicHandlers.get(ACTIVE_TAB) ?? [])];
        // The desktop answers over the hub, to the subscriptions made before the request.
        queueMicrotask(() => container.tabAnswer(listening));
      },
    };
    let toasterReady = false;
    const toaster: FinesseToaster = {
      init: (config, logger) => {
        if (typeof config !== 'object' || config === null) throw new Error('FinesseToaster.init needs the gadget configuration');
        container.toasterInits.push({ config, logger });
        toasterReady = true;
        return toaster;
      },
      showToaster: (title, toast) => {
        if (!toasterReady) throw new Error('FinesseToaster is not initialised: call FinesseToaster.init(config, logger) first');
        const shownForMs = toast.autoClose === undefined ? DEFAULT_TOAST_MS : Number(toast.autoClose);
        container.toasts.push({ title, options: toast, shownForMs });
        options.onNotify?.();
        return undefined;
      },
    };
    this.services = {
      ContainerServices: {
        init: () => {
          instance ??= services;
          instance.makeActiveTabReq();
          return instance;
        },
        Topics: { ACTIVE_TAB },
      },
      ...(options.toaster ? { FinesseToaster: toaster } : {}),
    };
  }

  /** The agent brings the gadget's tab forward. */
  showTab(): void {
    this.tabVisible = true;
    this.tabAnswer([...(this.topicHandlers.get(ACTIVE_TAB) ?? [])]);
  }

  /** The agent moves to another tab. */
  hideTab(): void {
    this.tabVisible = false;
    this.tabAnswer([...(this.topicHandlers.get(ACTIVE_TAB) ?? [])]);
  }

  handlerCount(topic = ACTIVE_TAB): number {
    return this.topicHandlers.get(topic)?.size ?? 0;
  }

  /** The desktop names the tab in front; the gadget's tracker tells its handlers only of a change to visible. */
  private tabAnswer(listening: readonly ((data?: unknown) => void)[]): void {
    if (listening.length === 0) return;
    if (!this.tabVisible) {
      this.believedVisible = false;
      return;
    }
    if (this.believedVisible) return;
    this.believedVisible = true;
    const current = this.topicHandlers.get(ACTIVE_TAB);
    for (const handler of listening) {
      if (!current?.has(handler)) continue;
      this.activeTabEvents += 1;
      handler(ACTIVE_TAB);
    }
  }
}
