import { versionSchema } from '@accord/shared';
import type { StoredVersion } from './VersionStore.js';

/**
 * Validates versions before anything is stored, the same way for every `VersionStore`: every
 * record against `versionSchema`, a state present, and no (document, id) pair given twice.
 * Returns the parsed records (defaults filled in), in the order given.
 */
export function parseVersionWrite(versions: readonly StoredVersion[]): StoredVersion[] {
  const keys = new Set<string>();
  return versions.map(({ version, state }) => {
    const parsed = versionSchema.parse(version);
    const key = versionKey(parsed.documentId, parsed.id);
    if (keys.has(key))
      throw new Error(`version "${parsed.id}" of "${parsed.documentId}" is given twice`);
    keys.add(key);
    if (!(state instanceof Uint8Array) || state.length === 0)
      throw new Error(`version "${parsed.id}" of "${parsed.documentId}" has no state`);
    return { version: parsed, state };
  });
}

/** One key per document and version id. */
export function versionKey(documentId: string, versionId: string): string {
  return JSON.stringify([documentId, versionId]);
}
