import { summaryOf, type Version, type VersionSummary } from '@accord/shared';
import type { StoredVersion, VersionStore } from './VersionStore.js';
import { parseVersionWrite, versionKey } from './parseVersionWrite.js';

/**
 * Versions in memory, with the semantics of `SqliteVersionStore`. Records and states are copied
 * in and out, so no caller can change a stored version behind the store's back (VR2).
 */
export class MemoryVersionStore implements VersionStore {
  // In storage order, which is the order `list` gives.
  private readonly stored: StoredVersion[] = [];
  private readonly keys = new Set<string>();

  async add(versions: readonly StoredVersion[]): Promise<void> {
    const parsed = parseVersionWrite(structuredClone(versions));
    for (const { version } of parsed)
      if (this.keys.has(versionKey(version.documentId, version.id)))
        throw new Error(`version "${version.id}" of "${version.documentId}" exists already`);
    for (const v of parsed) {
      this.keys.add(versionKey(v.version.documentId, v.version.id));
      this.stored.push(v);
    }
  }

  async list(documentId: string): Promise<VersionSummary[]> {
    return this.stored
      .filter((v) => v.version.documentId === documentId)
      .map((v) => summaryOf(structuredClone(v.version)));
  }

  async get(documentId: string, versionId: string): Promise<Version | null> {
    return (await this.getWithState(documentId, versionId))?.version ?? null;
  }

  async getWithState(documentId: string, versionId: string): Promise<StoredVersion | null> {
    const found = this.stored.find(
      (v) => v.version.documentId === documentId && v.version.id === versionId,
    );
    return found ? structuredClone(found) : null;
  }
}
