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
    if (wanted) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.on = true;
        this.host.requestUpdate();
      }, this.delayMs);
    } else if (this.on) {
      this.on = false;
      this.host.requestUpdate();
    }
  }

  hostDisconnected(): void {
    this.clear();
    this.wanted = false;
    this.on = false;
  }

  private clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
