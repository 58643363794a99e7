import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { loadPhoneNormaliser, type PhoneNormaliser } from '../../model/phone.js';

/** North American numbers grouped as people write them, before the phone metadata has loaded. */
function simpleGrouping(e164: string): string {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return nanp ? `+1 ${nanp[1]} ${nanp[2]} ${nanp[3]}` : e164;
}

/**
 * Formats stored E.164 numbers for display (`+1 408 555 0142`). The phone engine is a separate
 * chunk, loaded when the host connects rather than with the first render, and each country's
 * numbering plan loads when a number of that country is first shown; until they arrive, numbers
 * show with a simple grouping, and the host re-renders once they have.
 */
export class PhoneFormatController implements ReactiveController {
  private normaliser?: PhoneNormaliser;
  private readonly preparing = new Set<string>();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.normaliser) return;
    // Display only: the region does not change how a number with its country code is written.
    loadPhoneNormaliser('US').then(
      (normaliser) => {
        this.normaliser = normaliser;
        this.host.requestUpdate();
      },
      () => undefined,
    );
  }

  format(e164: string): string {
    const normaliser = this.normaliser;
    const formatted = normaliser?.format(e164);
    // Each number's plan is asked for once, however often the host renders meanwhile.
    if (normaliser && formatted === undefined && !this.preparing.has(e164)) {
      this.preparing.add(e164);
      normaliser.prepare(e164).then(
        () => this.host.requestUpdate(),
        () => undefined,
      );
    }
    return formatted ?? simpleGrouping(e164);
  }
}
