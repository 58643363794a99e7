import { Task, TaskStatus } from '@lit/task';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ContextBackend } from './adapter.js';

/** A backend, and whether the element opened it itself (and so must close it). */
export interface OpenedBackend {
  readonly backend: ContextBackend;
  readonly owned: boolean;
}

export interface OwnedBackendOptions<Args extends readonly unknown[]> {
  /** What the backend depends on: a change opens it again. */
  readonly args: () => Args;
  /** The backend the host gives, or one opened here (`owned`). Throws what kept it from opening. */
  readonly open: (args: Args, signal: AbortSignal) => Promise<OpenedBackend>;
  /** Told of each backend once it is the one in use. */
  readonly mounted?: (backend: ContextBackend) => void;
}

/**
 * Builds, owns and releases an element's backend. `task` opens it whenever its arguments change;
 * a backend the element opened itself is closed when another replaces it and when the element
 * leaves the page, and opened again when the element comes back. So is one still opening, or one
 * that failed to open, when the element left. A backend that opens after its run was superseded
 * is closed at once.
 */
export class OwnedBackendController<Args extends readonly unknown[]> implements ReactiveController {
  readonly task: Task<readonly [...Args, number], ContextBackend>;
  private owned?: ContextBackend;
  /** Bumped to open the backend again with the same arguments. */
  private round = 0;
  private reopenOnConnect = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    options: OwnedBackendOptions<Args>,
  ) {
    host.addController(this);
    this.task = new Task(host, {
      // Each argument on its own: the task compares them one by one with those of its last run.
      args: () => [...options.args(), this.round] as const,
      task: async (args, { signal }) => {
        this.release();
        const { backend, owned } = await options.open(args.slice(0, -1) as unknown as Args, signal);
        if (signal.aborted) {
          if (owned) backend.close();
          signal.throwIfAborted();
        }
        if (owned) this.owned = backend;
        options.mounted?.(backend);
        return backend;
      },
    });
  }

  /** Opens the backend again with the same arguments (after it failed to open, say). */
  reopen(): void {
    this.round += 1;
    this.host.requestUpdate();
  }

  hostConnected(): void {
    if (!this.reopenOnConnect) return;
    this.reopenOnConnect = false;
    this.reopen();
  }

  hostDisconnected(): void {
    const status = this.task.status;
    this.reopenOnConnect = this.owned !== undefined || status === TaskStatus.PENDING || status === TaskStatus.ERROR;
    this.task.abort();
    this.release();
  }

  private release(): void {
    this.owned?.close();
    this.owned = undefined;
  }
}
