import type { SilenceProcedure } from '@accord/shared';

/** The order every `SilenceStore` lists procedures in: oldest start first, then by id. */
export function silenceOrder(a: SilenceProcedure, b: SilenceProcedure): number {
  return (
    Date.parse(a.startedAt) - Date.parse(b.startedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
