import { Task } from '@lit/task';
import type { ReactiveControllerHost } from 'lit';

/**
 * A task after this one: what the first render starts loading waits for it, so that the first
 * render's field is in place, and the page free to take keys, before the other chunks arrive and
 * are compiled (on loopback they would come back within the same few milliseconds).
 */
export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** The parts the gadget composes. Their modules carry the model and its schemas, so they load after the first render. */
const loadParts = async (): Promise<unknown> => {
  await nextTask();
  return Promise.all([
    import('../customer-search/customer-search.js'),
    import('../customer-summary/customer-summary.js'),
    import('../journey-timeline/journey-timeline.js'),
    import('../note-composer/note-composer.js'),
  ]);
};

export interface TimelinePart extends HTMLElement {
  showActivity(activityId: string): unknown;
  readonly updateComplete?: Promise<unknown>;
}

export interface SearchPart extends HTMLElement {
  lookup(query: string): Promise<unknown>;
  announce(text: string): void;
  retry(): void;
  withdraw(): void;
  readonly updateComplete?: Promise<unknown>;
}

export interface SummaryPart extends HTMLElement {
  focusName(): Promise<void>;
}

/** The parts the gadget composes, loaded after its first render, and each one once it is there. */
export class ComposedParts {
  readonly task: Task<readonly [], unknown>;

  constructor(private readonly host: ReactiveControllerHost & { readonly renderRoot: ParentNode }) {
    this.task = new Task(host, { args: () => [] as const, task: loadParts });
  }

  /** The part named `tag`, once its module has loaded and the host has rendered it; undefined if it could not be. */
  async part<T extends HTMLElement>(tag: string): Promise<T | undefined> {
    try {
      await this.task.taskComplete;
    } catch {
      return undefined;
    }
    if (!customElements.get(tag)) return undefined;
    await this.host.updateComplete;
    return this.host.renderRoot.querySelector<T>(tag) ?? undefined;
  }
}
