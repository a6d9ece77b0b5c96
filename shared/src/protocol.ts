import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

/**
 * The wire protocol: the standard y-websocket messages (sync, awareness) plus one extra message
 * type, `SAVED`, by which the server tells a sender that its update is durable. Stock
 * y-websocket clients have no handler for it and ignore it (they log it and carry on).
 */
export const MessageType = {
  /** y-protocols sync: step 1 (state vector), step 2 (missing updates), update. */
  Sync: 0,
  /** y-protocols awareness update (presence: name, colour, cursor). */
  Awareness: 1,
  /** y-protocols auth message; the server only ever sends it. */
  Auth: 2,
  /** Ask the server to send the full awareness state. */
  QueryAwareness: 3,
  /** Server → sender: the update with this digest is stored durably. See `encodeSaved`. */
  Saved: 100,
  /**
   * Server → client: what this connection may do now (`encodeAccess`). Sent at the start and
   * whenever the person's rights change, so an open editor becomes editable (or read-only)
   * without a reload. Stock clients ignore it.
   */
  Access: 101,
} as const;

/** y-protocols sync sub-message types. */
export const SyncMessageType = { Step1: 0, Step2: 1, Update: 2 } as const;

/**
 * WebSocket close codes. 4000-4999 are the application range; each closes only the offending
 * connection and says why in the close reason. Clients react by code (SPEC.md, WS rules).
 */
export const CloseCode = {
  /** The message could not be decoded, or has a type the server does not accept. */
  Malformed: 4400,
  /** Not signed in, or the session expired. */
  Unauthenticated: 4401,
  /** Signed in but not allowed to do what the message asks (e.g. write a read-only text). */
  Forbidden: 4403,
  /** The document does not exist. */
  NotFound: 4404,
  /**
   * The update was refused (invalid against the schema, missing dependencies, wrong encoding).
   * The client must discard its local copy and reload from the server, or it would resend the
   * refused update for ever.
   */
  InvalidUpdate: 4422,
  /** A message exceeded the size limit (the ws library's standard code). */
  TooLarge: 1009,
  /**
   * A newer connection of the same person took over this editor's client id (a tab whose
   * socket had silently died came back). Reconnect.
   */
  Replaced: 4409,
  /** The server could not load or store the document; retry later. */
  ServerError: 1011,
  /** The server is shutting down; reconnect. */
  GoingAway: 1001,
} as const;

/** Close codes after which a client must reload the document from the server, not resend. */
export const RELOAD_CLOSE_CODES: ReadonlySet<number> = new Set([
  CloseCode.InvalidUpdate,
  CloseCode.Malformed,
  CloseCode.TooLarge,
]);

/**
 * A short digest of an update's bytes (cyrb53, 53 bits). The SAVED message carries it so a
 * client can tell which of its updates are durable without the server keeping per-client state.
 */
export function updateDigest(bytes: Uint8Array): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    h1 = Math.imul(h1 ^ b, 2654435761);
    h2 = Math.imul(h2 ^ b, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** What a SAVED message says: which update is durable, and whether it was a sync step 2. */
export interface SavedNotice {
  /** `updateDigest` of the update payload as the server received it. */
  digest: number;
  /** True when the update came as a sync step 2 (a reconnecting client's catch-up). */
  step2: boolean;
}

/** Encodes a SAVED message: [100, step2 ? 1 : 0, digest] as lib0 var-uints. */
export function encodeSaved(notice: SavedNotice): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Saved);
  encoding.writeVarUint(encoder, notice.step2 ? 1 : 0);
  encoding.writeVarUint(encoder, notice.digest);
  return encoding.toUint8Array(encoder);
}

/** Reads the body of a SAVED message (after its type), as `encodeSaved` wrote it. */
export function readSaved(decoder: decoding.Decoder): SavedNotice {
  const step2 = decoding.readVarUint(decoder) === 1;
  const digest = decoding.readVarUint(decoder);
  return { digest, step2 };
}

/** What an ACCESS message says about the connection it arrives on. */
export interface AccessNotice {
  /** True when the server accepts this connection's writes to the document. */
  canWrite: boolean;
}

/** Encodes an ACCESS message: [101, canWrite ? 1 : 0] as lib0 var-uints. */
export function encodeAccess(notice: AccessNotice): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Access);
  encoding.writeVarUint(encoder, notice.canWrite ? 1 : 0);
  return encoding.toUint8Array(encoder);
}

/** Reads the body of an ACCESS message (after its type), as `encodeAccess` wrote it. */
export function readAccess(decoder: decoding.Decoder): AccessNotice {
  return { canWrite: decoding.readVarUint(decoder) === 1 };
}
