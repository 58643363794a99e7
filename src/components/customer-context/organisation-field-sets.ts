import { msg, str } from '@lit/localize';
import type { FieldSetRegistry } from '../../model/field-sets.js';

/** The organisation's field sets are a file, perhaps on another server than the store: it may take longer than one call. */
const FIELD_SETS_TIMEOUT_FLOOR_MS = 5000;

/** Why the organisation's field sets are not in force: refused as invalid, or not loaded from their address. */
export interface FieldSetsProblem {
  readonly kind: 'refused' | 'unloaded';
  readonly cause: string;
}

/** The field sets in force, as the gadget provides them to its parts. */
export interface LoadedFieldSets {
  /** The base field sets, with the organisation's when they loaded and are valid. */
  readonly registry: FieldSetRegistry;
  /** Whether `registry` holds the organisation's sets: only then does a store the gadget opens keep them. */
  readonly organisation: boolean;
  /** Why the organisation's sets are not in `registry`, when some were given. */
  readonly problem?: FieldSetsProblem;
}

/**
 * The field sets in force for the organisation's field set JSON given as `input`, else loaded from
 * `url` (in no longer than `timeoutMs`, with a floor), else the base ones. Never throws but the
 * abort: an address that cannot be loaded, or sets that are invalid, leave the base field sets
 * and say why. The model loads here, on demand: the gadget's first render never waits for it.
 */
export async function loadFieldSets(input: unknown, url: string | undefined, timeoutMs: number, signal: AbortSignal): Promise<LoadedFieldSets> {
  const given = input !== undefined && input !== null;
  const [[{ parseOrganisationFieldSets }, { FieldSetRegistry, BASE_FIELD_SETS }], loaded] = await Promise.all([
    Promise.all([import('../../model/validation.js'), import('../../model/field-sets.js')]),
    given || url === undefined
      ? { document: input }
      : // Loaded only where a page names an address: a shared backend serves its own field sets.
        import('./field-sets-loader.js').then(
          ({ loadFieldSetsDocument }) => loadFieldSetsDocument(url, Math.max(timeoutMs, FIELD_SETS_TIMEOUT_FLOOR_MS), signal),
          () => ({ cause: 'unreachable' }),
        ),
  ]);
  signal.throwIfAborted();
  const base = (problem?: FieldSetsProblem): LoadedFieldSets => ({ registry: new FieldSetRegistry(), organisation: false, ...(problem ? { problem } : {}) });
  if ('cause' in loaded) return base({ kind: 'unloaded', cause: loaded.cause });
  if (!given && url === undefined) return base();
  try {
    return { registry: new FieldSetRegistry([...BASE_FIELD_SETS, ...parseOrganisationFieldSets(loaded.document)]), organisation: true };
  } catch (error) {
    const first = (error as { issues?: readonly { path: string; message: string }[] }).issues?.[0];
    return base({ kind: 'refused', cause: first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : String((error as Error).message) });
  }
}

/** What the gadget says when the organisation's field sets are not in force. */
export function fieldSetsProblemText({ kind, cause }: FieldSetsProblem): string {
  return kind === 'refused'
    ? msg(str`The organisation's field sets were refused (${cause}); using the base field sets.`)
    : msg(str`The organisation's field sets could not be loaded (${cause}); using the base field sets.`);
}
