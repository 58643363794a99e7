import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Lets the browser paint and handle input between the long steps of a computation. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface WorkerControllerOptions<Request, Result> {
  /**
   * Starts the worker. Written by the caller as `new Worker(new URL('./…', import.meta.url), …)`,
   * so that bundlers find the worker's script beside the caller's module.
   */
  readonly start: () => Worker;
  /** The same work on the page's thread, where there is no worker. */
  readonly inline: (request: Request) => Result;
}

/**
 * One request at a time to a worker: a newer request stops the worker that is still busy with an
 * older one (rather than queue stale work) and starts a fresh one. Where no worker can start (a
 * strict content policy, a file: page) the work runs inline after a pause. The worker stops when
 * the host leaves the page.
 */
export class WorkerController<Request, Result> implements ReactiveController {
  private worker?: Worker;
  private failed = false;
  private waiting?: (result: Result | undefined) => void;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: WorkerControllerOptions<Request, Result>,
  ) {
    host.addController(this);
  }

  /** The result of one request; undefined when a newer request took its place or the host left. */
  async run(request: Request): Promise<Result | undefined> {
    if (this.failed || typeof Worker === 'undefined') {
      await nextTask();
      return this.options.inline(request);
    }
    try {
      return await this.post(request);
    } catch {
      // No worker here: the same work, inline.
      this.failed = true;
      await nextTask();
      return this.options.inline(request);
    }
  }

  hostDisconnected(): void {
    this.stop();
  }

  private post(request: Request): Promise<Result | undefined> {
    if (this.waiting) {
      // A large request can keep the worker busy for a second: stop it rather than queue stale work.
      this.stop();
    }
    const worker = (this.worker ??= this.options.start());
    return new Promise<Result | undefined>((resolve, reject) => {
      this.waiting = resolve;
      worker.onmessage = (event: MessageEvent<Result>) => {
        this.waiting = undefined;
        resolve(event.data);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        this.waiting = undefined;
        this.stop();
        reject(new Error(event.message || 'The worker failed'));
      };
      worker.postMessage(request);
    });
  }

  private stop(): void {
    this.worker?.terminate();
    this.worker = undefined;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(undefined);
  }
}
