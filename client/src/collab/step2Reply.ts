import * as decoding from 'lib0/decoding';
import { MessageType, SyncMessageType } from '@accord/shared';

/**
 * If `message` (what the provider is about to send back after handling a sync message) is a sync
 * step 2, returns its update bytes exactly as the server will receive them; otherwise null.
 * y-websocket writes the reply into the handler's encoder, so peeking at it is the only way to
 * learn what a reconnecting client sends without patching the library.
 */
export function step2ReplyUpdate(message: Uint8Array): Uint8Array | null {
  // A handled update or step 2 from the server leaves only the one-byte message type behind.
  if (message.length < 3) return null;
  try {
    const decoder = decoding.createDecoder(message);
    if (decoding.readVarUint(decoder) !== MessageType.Sync) return null;
    if (decoding.readVarUint(decoder) !== SyncMessageType.Step2) return null;
    return decoding.readVarUint8Array(decoder);
  } catch {
    // A truncated buffer is not a reply this tracker understands; the worst outcome is that
    // the indicator keeps saying "Saving…", never a false "saved".
    return null;
  }
}
