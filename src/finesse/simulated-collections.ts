import type { DialogState, FinesseCollection, FinesseDialog, FinesseHandlers, FinesseMedia, FinesseMediaList } from './types.js';

/** finesse.js's words when an object is used before its REST load has finished (`RestBase#isLoaded`). */
export const NOT_LOADED = 'Cannot operate on object that is not fully instantiated, use onLoad/onLoadError handlers';

/** One call (or non-voice task) on the simulated desktop. */
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
 * A Dialogs (or MediaDialogs) collection as finesse.js's RestCollectionBase keeps it: created with
 * its handlers, loaded by a REST request that answers later, when the items present are built
 * silently and only `onLoad` is called; items that arrive after that are told to
 * `onCollectionAdd`, and only to a collection subscribed to its parent's events.
 */
export class SimulatedDialogCollection implements FinesseCollection<FinesseDialog> {
  private items: Record<string, SimulatedDialog> | undefined;

  constructor(
    private readonly handlers: FinesseHandlers<FinesseDialog>,
    present: () => readonly SimulatedDialog[],
    readonly subscribed: boolean,
  ) {
    // The collection's GET answers after the call that created it has returned.
    queueMicrotask(() => {
      this.items = Object.fromEntries(present().map((dialog) => [dialog.getId(), dialog]));
      this.handlers.onLoad?.(this);
    });
  }

  get loaded(): boolean {
    return this.items !== undefined;
  }

  getCollection(): Readonly<Record<string, FinesseDialog>> {
    if (!this.items) throw new Error(NOT_LOADED);
    return { ...this.items };
  }

  /** A dialog arrived on the desktop. */
  added(dialog: SimulatedDialog): void {
    // Before the load answers, the dialog is in what the load returns.
    if (!this.items || !this.subscribed || this.items[dialog.getId()]) return;
    this.items[dialog.getId()] = dialog;
    this.handlers.onCollectionAdd?.(dialog);
  }

  /** A dialog left the desktop. */
  deleted(dialog: SimulatedDialog): void {
    if (!this.items?.[dialog.getId()] || !this.subscribed) return;
    delete this.items[dialog.getId()];
    this.handlers.onCollectionDelete?.(dialog);
  }
}

/** The desktop side of one non-voice media: its tasks and the collections that follow them. */
export interface SimulatedMediaChannel {
  readonly id: string;
  readonly tasks: SimulatedDialog[];
  readonly collections: Set<SimulatedDialogCollection>;
}

/**
 * One media as finesse.js gives it: the entries of `MediaList#getCollection()` are built from the
 * list's data without subscribing to the media's events (RestCollectionBase builds its items with
 * `doNotSubscribe`), so their dialogs load once and hear of no later task; `MediaList#getMedia`
 * loads the media and subscribes to it, as Cisco's Task Management sample does before reading
 * its dialogs.
 */
export class SimulatedMedia implements FinesseMedia {
  private loaded: boolean;

  constructor(
    private readonly channel: SimulatedMediaChannel,
    private readonly subscribed: boolean,
    onLoad?: (media: FinesseMedia) => void,
  ) {
    this.loaded = !subscribed;
    if (subscribed)
      queueMicrotask(() => {
        this.loaded = true;
        onLoad?.(this);
      });
  }

  getMediaId(): string {
    return this.channel.id;
  }

  getMediaDialogs(handlers: FinesseHandlers<FinesseDialog>): SimulatedDialogCollection {
    if (!this.loaded) throw new Error(NOT_LOADED);
    const collection = new SimulatedDialogCollection(handlers, () => this.channel.tasks, this.subscribed);
    this.channel.collections.add(collection);
    return collection;
  }
}

/** The agent's media list (chat, email…), loaded a moment after it is asked for. */
export class SimulatedMediaList implements FinesseMediaList {
  private loaded = false;

  constructor(
    private readonly channels: readonly SimulatedMediaChannel[],
    onLoad?: (list: FinesseMediaList) => void,
  ) {
    queueMicrotask(() => {
      this.loaded = true;
      onLoad?.(this);
    });
  }

  getCollection(): Readonly<Record<string, FinesseMedia>> {
    if (!this.loaded) throw new Error(NOT_LOADED);
    return Object.fromEntries(this.channels.map((channel) => [channel.id, new SimulatedMedia(channel, false)]));
  }

  /** Cisco's Task Management sample reports a media that is not there when this throws. */
  getMedia(options: { readonly id: string; readonly onLoad?: (media: FinesseMedia) => void }): FinesseMedia {
    if (!this.loaded) throw new Error(NOT_LOADED);
    const channel = this.channels.find((each) => each.id === options.id);
    if (!channel) throw new Error(`No media with id ${options.id}`);
    return new SimulatedMedia(channel, true, options.onLoad);
  }
}
