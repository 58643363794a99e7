import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Updates the host when one of the given attributes changes, for attributes that are not its
 * own reactive properties (a `dir` the page sets on it, say), while it is on the page.
 */
export class AttributeWatchController implements ReactiveController {
  private readonly observer: MutationObserver;

  constructor(
    private readonly host: ReactiveControllerHost & Element,
    private readonly attributes: readonly string[],
  ) {
    this.observer = new MutationObserver(() => host.requestUpdate());
    host.addController(this);
  }

  hostConnected(): void {
    this.observer.observe(this.host, { attributes: true, attributeFilter: [...this.attributes] });
  }

  hostDisconnected(): void {
    this.observer.disconnect();
  }
}
