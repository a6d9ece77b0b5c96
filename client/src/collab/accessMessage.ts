import type { WebsocketProvider } from 'y-websocket';
import { MessageType, readAccess, type AccessNotice } from '@accord/shared';

/**
 * Listens for the server's ACCESS messages (type 101) on `provider`: what this connection may do
 * now, sent when it opens and whenever the person's rights change. The handler writes no reply.
 */
export function onAccessMessage(
  provider: WebsocketProvider,
  onAccess: (notice: AccessNotice) => void,
): void {
  provider.messageHandlers[MessageType.Access] = (_encoder, decoder) => {
    onAccess(readAccess(decoder));
  };
}
