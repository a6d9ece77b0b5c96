import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

/** One entry of an awareness update: a client's presence state (null when it leaves). */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: Record<string, unknown> | null;
}

/** Largest presence state accepted from a client, in characters of JSON. */
export const MAX_AWARENESS_STATE = 16 * 1024;

/** Decodes a y-protocols awareness update; throws a RangeError on anything malformed. */
export function decodeAwareness(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > 64) throw new RangeError('too many presence states in one message');
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    if (json.length > MAX_AWARENESS_STATE) throw new RangeError('presence state too large');
    const state = JSON.parse(json) as unknown;
    if (state !== null && (typeof state !== 'object' || Array.isArray(state))) {
      throw new RangeError('presence state must be an object or null');
    }
    entries.push({ clientId, clock, state: state as Record<string, unknown> | null });
  }
  if (decoding.hasContent(decoder))
    throw new RangeError('trailing bytes after the presence states');
  return entries;
}

/** Encodes entries back into an awareness update. */
export function encodeAwareness(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, JSON.stringify(e.state));
  }
  return encoding.toUint8Array(encoder);
}

/** The identity the server puts in every presence state, from the session. */
export interface PresenceIdentity {
  name: string;
  color: string;
  personId: string;
  delegationId: string;
  delegationName: string;
}

/**
 * Replaces the `user` field of every state by the session's identity: whatever name or
 * colour a client claims, others see who it really is.
 */
export function stampAwareness(
  entries: readonly AwarenessEntry[],
  user: PresenceIdentity,
): AwarenessEntry[] {
  return entries.map((e) => (e.state === null ? e : { ...e, state: { ...e.state, user } }));
}
