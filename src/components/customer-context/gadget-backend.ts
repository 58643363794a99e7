import { ContextConsumer, ContextProvider } from '@lit/context';
import { Task } from '@lit/task';
import type { ReactiveElement } from 'lit';
import type { ContextBackend } from '../../backend/adapter.js';
import type { FieldKeys } from '../../backend/encryption.js';
import { openOwnBackend, type Credential } from '../../backend/own-backend.js';
import { OwnedBackendController } from '../../backend/owned-backend-controller.js';
import { backendContext } from '../../contexts/backend-context.js';
import { fieldSetsContext } from '../../contexts/field-sets-context.js';
import { DEFAULT_PHONE_REGION } from '../../model/phone-region.js';
import { loadFieldSets, type LoadedFieldSets } from './organisation-field-sets.js';
import { nextTask } from './parts.js';

/** What the host element says of its backend and field sets (the gadget's properties). */
export interface GadgetBackendHost extends ReactiveElement {
  readonly backend?: ContextBackend | undefined;
  readonly databaseName?: string | undefined;
  readonly backendUrl?: string | undefined;
  readonly labMode: boolean;
  readonly fieldSets?: unknown;
  readonly fieldSetsUrl?: string | undefined;
  readonly encryptionKeys?: FieldKeys | undefined;
  readonly backendToken?: Credential;
  readonly backendAuthorization?: Credential;
}

export interface GadgetBackendOptions {
  /** Milliseconds a call may take (and loading the field sets, with a floor). */
  readonly timeoutMs: () => number;
  /** Told of each backend once it is the one in use. */
  readonly mounted: (backend: ContextBackend) => void;
}

/**
 * The gadget's backend and the field sets in force. The backend is the host's (given, or provided
 * from above), else the one the gadget opens itself: the built-in store, or a shared backend with
 * its offline copy. The field sets, the organisation's beside the base ones, are provided to the
 * parts; without any from the host (now or before) the model is not loaded at all.
 */
export class GadgetBackend {
  /** The organisation's field sets: defined before the backend's task, which waits for them. */
  readonly fieldSets: Task<readonly [unknown, string | undefined], LoadedFieldSets | undefined>;
  /** The backend in use, opened whenever what it depends on changes. */
  readonly owned;
  private readonly fieldSetsProvider: ContextProvider<typeof fieldSetsContext>;
  private readonly inherited: ContextConsumer<typeof backendContext, ReactiveElement>;

  constructor(
    private readonly host: GadgetBackendHost,
    options: GadgetBackendOptions,
  ) {
    this.fieldSetsProvider = new ContextProvider(host, { context: fieldSetsContext });
    this.inherited = new ContextConsumer(host, { context: backendContext, subscribe: true, callback: () => host.requestUpdate() });
    this.fieldSets = new Task(host, {
      args: () => this.fieldSetsSource,
      task: async ([input, url], { signal }) => {
        if (input === undefined && url === undefined && !this.fieldSetsProvider.value) return undefined;
        const loaded = await loadFieldSets(input, url, options.timeoutMs(), signal);
        this.fieldSetsProvider.setValue(loaded.registry);
        return loaded;
      },
    });
    this.owned = new OwnedBackendController(host, {
      // New field sets reopen only a store the gadget opens itself: a host's backend and the parts on it stay as they are.
      args: () => {
        const ownStore = !host.backend && !this.inherited.value;
        const [fieldSets, fieldSetsUrl] = ownStore ? this.fieldSetsSource : [];
        return [host.backend, this.inherited.value, host.databaseName, host.labMode, host.backendUrl, fieldSets, fieldSetsUrl, host.encryptionKeys] as const;
      },
      open: async ([explicit, inherited, databaseName, labMode, backendUrl, , , keys], signal) => {
        const given = explicit ?? inherited;
        if (given) return { backend: given, owned: false };
        // Only the store the gadget opens stores the field sets: it waits for them, even while they load from their address.
        const fieldSets = await this.fieldSets.taskComplete.catch(() => undefined);
        await nextTask();
        signal.throwIfAborted();
        // Every backend the gadget opens reads phone numbers: the phone engine and the default region's
        // plan load beside it rather than after it (one round trip fewer before the first answer).
        void import('../../model/phone-plans.js').then((plans) => plans.normaliserFor(DEFAULT_PHONE_REGION)).catch(() => undefined);
        const backend = await openOwnBackend({
          databaseName,
          labMode,
          backendUrl,
          fieldSets: fieldSets?.organisation ? fieldSets.registry : undefined,
          keys,
          timeoutMs: options.timeoutMs(),
          token: () => host.backendToken,
          authorization: () => host.backendAuthorization,
          // When the host gives no field sets, the parts show the shared backend's own once they arrive.
          served: (registry) => this.fieldSetsProvider.setValue(registry),
          signal,
        });
        return { backend, owned: true };
      },
      mounted: options.mounted,
    });
  }

  /** Where the organisation's field sets come from: the property when given, else the address (blank is none). */
  private get fieldSetsSource(): readonly [unknown, string | undefined] {
    const { fieldSets, fieldSetsUrl } = this.host;
    if (fieldSets !== undefined && fieldSets !== null) return [fieldSets, undefined];
    return [undefined, fieldSetsUrl?.trim() || undefined];
  }
}
