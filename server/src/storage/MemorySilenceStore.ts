import { silenceProcedureSchema, type SilenceProcedure } from '@accord/shared';
import type { SilenceStore } from './SilenceStore.js';
import { silenceOrder } from './silenceOrder.js';

/**
 * Silence procedures in memory, with the semantics of `SqliteSilenceStore`. Records are copied
 * in and out, as a database's are, so no caller changes what is stored behind the store's back.
 */
export class MemorySilenceStore implements SilenceStore {
  private readonly procedures = new Map<string, SilenceProcedure>();

  async list(): Promise<SilenceProcedure[]> {
    return structuredClone([...this.procedures.values()].sort(silenceOrder));
  }

  async get(id: string): Promise<SilenceProcedure | null> {
    const p = this.procedures.get(id);
    return p ? structuredClone(p) : null;
  }

  async put(procedure: SilenceProcedure): Promise<SilenceProcedure> {
    // Parsing builds a new object and throws before anything is stored.
    const parsed = silenceProcedureSchema.parse(structuredClone(procedure));
    this.procedures.set(parsed.id, parsed);
    return structuredClone(parsed);
  }
}
