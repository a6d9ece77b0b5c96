import { extensionSchema, type Extension, type Round } from '@accord/shared';
import type { RoundStore } from './RoundStore.js';
import { parseRoundsWrite } from './parseRoundsWrite.js';

/**
 * Rounds and extensions in memory, with the semantics of `SqliteRoundStore`. Records are copied
 * in and out, as a database's are, so no caller can change what is stored behind the store's
 * back.
 */
export class MemoryRoundStore implements RoundStore {
  // Kept by position: `parseRoundsWrite` sorts it.
  private rounds: Round[] = [];
  // In grant order, which is the order `extensions` gives (oldest first).
  private readonly grants: Extension[] = [];

  async list(): Promise<Round[]> {
    return structuredClone(this.rounds);
  }

  async get(id: string): Promise<Round | null> {
    const r = this.rounds.find((x) => x.id === id);
    return r ? structuredClone(r) : null;
  }

  async replaceAll(rounds: readonly Round[]): Promise<Round[]> {
    // Parsing builds new objects, and it throws before the list is touched.
    const parsed = parseRoundsWrite(structuredClone(rounds));
    this.rounds = parsed;
    return structuredClone(parsed);
  }

  async extensions(roundId: string): Promise<Extension[]> {
    return structuredClone(this.grants.filter((e) => e.roundId === roundId));
  }

  async grantExtension(ext: Extension): Promise<void> {
    this.grants.push(extensionSchema.parse(structuredClone(ext)));
  }
}
