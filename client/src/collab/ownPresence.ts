import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { WebsocketProvider } from 'y-websocket';
import { MessageType } from '@accord/shared';

/**
 * Makes the provider send only this client's own presence. The stock provider re-sends every
 * awareness change it hears, colleagues' included (meant for peers on a BroadcastChannel, which
 * Accord turns off). The server relays presence itself and stamps it with each session's
 * identity, so echoing others' states is pointless, and it refuses a state for a client id
 * that belongs to another connection. Returns the function that undoes it.
 */
export function sendOwnPresenceOnly(provider: WebsocketProvider): () => void {
  const { awareness } = provider;
  const ownId = provider.doc.clientID;
  awareness.off('update', provider._awarenessUpdateHandler);
  const send = ({
    added,
    updated,
    removed,
  }: {
    added: number[];
    updated: number[];
    removed: number[];
  }) => {
    if (![...added, ...updated, ...removed].includes(ownId)) return;
    const ws = provider.ws;
    if (!provider.wsconnected || ws === null || ws.readyState !== WebSocket.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Awareness);
    encoding.writeVarUint8Array(
      encoder,
      awarenessProtocol.encodeAwarenessUpdate(awareness, [ownId]),
    );
    ws.send(encoding.toUint8Array(encoder));
  };
  awareness.on('update', send);
  return () => awareness.off('update', send);
}
