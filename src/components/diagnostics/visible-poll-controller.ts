import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface VisiblePollOptions {
  /** Milliseconds between polls; 0 or less polls never. Read again after every update of the host. */
  readonly intervalMs: () => number;
  /** Called when a poll is due. The host says when it polled (by this or otherwise) with `polled()`. */
  readonly poll: () => void;
}

/**
 * Calls `poll` every interval while its host can be seen: on screen (not hidden, not scrolled out
 * of view) in a tab that is showing. A hidden panel asks nothing of the backend; when it shows
 * again after more than an interval, the poll is due at once.
 */
export class VisiblePollController implements ReactiveController {
  private observer?: IntersectionObserver;
  private intersecting = false;
  private timer?: ReturnType<typeof setTimeout>;
  /** `performance.now()` of the last poll (or of connecting, when the host loads on its own). */
  private last = 0;
  private armedFor?: number;

  constructor(
    private readonly host: ReactiveControllerHost & Element,
    private readonly options: VisiblePollOptions,
  ) {
    host.addController(this);
  }

  /** Whether the host can be seen now. */
  get visible(): boolean {
    return this.intersecting && document.visibilityState === 'visible';
  }

  hostConnected(): void {
    this.last = performance.now();
    this.observer = new IntersectionObserver((entries) => {
      this.intersecting = entries[entries.length - 1]?.isIntersecting ?? false;
      this.arm();
    });
    this.observer.observe(this.host);
    document.addEventListener('visibilitychange', this.handleVisibility);
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    this.intersecting = false;
    document.removeEventListener('visibilitychange', this.handleVisibility);
    this.disarm();
  }

  hostUpdated(): void {
    if (this.options.intervalMs() !== this.armedFor) this.arm();
  }

  /** A poll just happened: the next is a whole interval away. */
  polled(): void {
    this.last = performance.now();
    this.arm();
  }

  private readonly handleVisibility = (): void => this.arm();

  private arm(): void {
    this.disarm();
    const interval = this.options.intervalMs();
    this.armedFor = interval;
    if (!this.visible || !(interval > 0)) return;
    const wait = Math.max(0, this.last + interval - performance.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.options.poll();
    }, wait);
  }

  private disarm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
