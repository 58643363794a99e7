import { ContextProvider } from '@lit/context';
import type { ReactiveElement } from 'lit';
import { NO_SENSITIVE_ACCESS, sensitiveAccessContext, type SensitiveAccess } from '../../contexts/sensitive-access-context.js';
import { settingsContext } from '../../contexts/settings-context.js';
import { setLocale } from '../../localization.js';
import { resolveSettings, type RawSettings, type ResolvedSettings } from './settings.js';

/** What the host says of the agent: whether it grants reveals, and who the agent is. */
export interface RawAccess {
  readonly revealSensitive: boolean;
  readonly agentId?: string | undefined;
  readonly agentName?: string | undefined;
}

/**
 * The gadget's settings and the agent's access to sensitive fields, as the host set them, provided
 * to every part. A part hears of new settings only when one of them changed in value.
 */
export class ProvidedSettings {
  /** The settings in force, and the corrections made to what the host gave. */
  resolved: ResolvedSettings;
  private readonly settings: ContextProvider<typeof settingsContext>;
  private readonly access: ContextProvider<typeof sensitiveAccessContext>;

  constructor(host: ReactiveElement, raw: RawSettings) {
    this.resolved = resolveSettings(raw);
    this.settings = new ContextProvider(host, { context: settingsContext, initialValue: this.resolved.settings });
    this.access = new ContextProvider(host, { context: sensitiveAccessContext, initialValue: NO_SENSITIVE_ACCESS });
  }

  /** The host changed a setting (the locale among them when `localeChanged`: the text's language follows). */
  resolve(raw: RawSettings, localeChanged: boolean): void {
    this.resolved = resolveSettings(raw);
    const previous = this.settings.value;
    const next = this.resolved.settings;
    if (previous.timeoutMs !== next.timeoutMs || previous.labMode !== next.labMode || previous.locale !== next.locale || previous.theme !== next.theme) {
      this.settings.setValue(next);
    }
    if (localeChanged && next.locale) void setLocale(next.locale);
  }

  /** The host changed the grant or the agent: a reveal needs both. */
  grant({ revealSensitive, agentId, agentName }: RawAccess): void {
    const id = agentId?.trim();
    const name = agentName?.trim();
    const agent = id ? { id, ...(name ? { name } : {}) } : undefined;
    const access: SensitiveAccess = { canReveal: revealSensitive && agent !== undefined, ...(agent ? { agent } : {}) };
    this.access.setValue(access);
  }
}
