import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How long a wait may last before it is worth showing: fast answers then never flash a skeleton. */
export const SKELETON_DELAY_MS = 150;

/**
 * A flag that turns on only after it has been wanted for `delayMs`, and off at once: `set(true)`
 * when a wait starts, `set(false)` when it ends, render a skeleton while `on`.
 */
export class DelayedFlagController implements ReactiveController {
  /** Whether the wait has lasted longer than the delay. */
  on = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private wanted = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    readonly delayMs: number = SKELETON_DELAY_MS,
  ) {
    host.addController(this);
  }

  /** Starts (true) or ends (false) the wait. Calling it again with the same value changes nothing. */
  set(wanted: boolean): void {
    if (wanted === this.wanted) return;
    this.wanted = wanted;
    this.clear();
    if (wanted) this.start();
    else if (this.on) {
      this.on = false;
      this.host.requestUpdate();
    }
  }

  /** Back on the page while the wait goes on: it shows again once the delay has passed. */
  hostConnected(): void {
    if (this.wanted && this.timer === undefined && !this.on) this.start();
  }

  /** Off the page, nothing shows and no timer runs; the wait itself goes on until `set(false)`. */
  hostDisconnected(): void {
    this.clear();
    this.on = false;
  }

  private start(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.on = true;
      this.host.requestUpdate();
    }, this.delayMs);
  }

  private clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
