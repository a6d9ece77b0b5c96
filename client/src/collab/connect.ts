import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { WebsocketProvider } from 'y-websocket';
import {
  FRAGMENT_NAME,
  MessageType,
  readSaved,
  updateDigest,
  type AccessNotice,
} from '@accord/shared';
import type { PresenceUser } from '../presenceUser.js';
import { SaveTracker } from './SaveTracker.js';
import { step2ReplyUpdate } from './step2Reply.js';
import { classifyClose } from './closeReason.js';
import { accessClose, type AccessClose } from './accessClose.js';
import { sendOwnPresenceOnly } from './ownPresence.js';
import { onAccessMessage } from './accessMessage.js';

/** One live copy of a document: its Y.Doc, the socket that syncs it, and what is saved. */
export interface Collaboration {
  readonly documentId: string;
  readonly doc: Y.Doc;
  readonly fragment: Y.XmlFragment;
  readonly provider: WebsocketProvider;
  readonly tracker: SaveTracker;
  /** Leaves the room (others see us go at once) and frees the document. */
  destroy(): void;
}

/** What `connect` needs besides the document id. */
export interface ConnectOptions {
  documentId: string;
  /**
   * Sent as this client's presence. The server replaces it with the session's identity before
   * anyone else sees it; it only fills the local state until then.
   */
  user: PresenceUser;
  /**
   * Called once when this copy must be thrown away (the server refused a change it holds). The
   * caller destroys this collaboration and connects again; `message` says why, for the person.
   */
  onRefused: (message: string) => void;
  /**
   * Called once when the server closed the socket over the person's access (4401, 4403). The
   * provider does not reconnect; the caller checks the session and connects again if it may.
   */
  onAccessClosed: (reason: AccessClose) => void;
  /**
   * Called when a socket closed without ever opening. A browser cannot see why an upgrade was
   * refused (401 or 403 look like a network failure), so the caller asks the server.
   */
  onConnectFailed: () => void;
  /**
   * Called with what the server says this connection may do (ACCESS), when the socket opens
   * and whenever the person's rights change: the editor becomes editable or read-only at once.
   */
  onAccess?: (notice: AccessNotice) => void;
  /** Defaults to `/collab` on the page's own host. */
  serverUrl?: string;
}

/** The y-websocket endpoint on the host that served the page. */
export function defaultServerUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}/collab`;
}

/**
 * Opens a document with the stock WebsocketProvider and wires the SaveTracker to it: local
 * updates and reconnect catch-ups become pending digests, the server's SAVED messages confirm them.
 */
export function connect(options: ConnectOptions): Collaboration {
  // History is kept on the client too: versions, diffs and anchors need deleted content.
  const doc = new Y.Doc({ gc: false });
  const fragment = doc.getXmlFragment(FRAGMENT_NAME);
  const tracker = new SaveTracker();
  const provider = new WebsocketProvider(
    options.serverUrl ?? defaultServerUrl(),
    options.documentId,
    doc,
    {
      connect: false,
      // Tabs sharing a BroadcastChannel would hand a refused update straight back to a copy that
      // was just reloaded to get rid of it; every tab syncs through the server instead.
      disableBc: true,
      shouldReconnect: (event) => classifyClose(event.code, event.reason).kind === 'transient',
    },
  );

  const stopPresence = sendOwnPresenceOnly(provider);

  provider.messageHandlers[MessageType.Saved] = (_encoder, decoder) => {
    tracker.saved(readSaved(decoder));
  };

  onAccessMessage(provider, (notice) => options.onAccess?.(notice));

  const handleSync = provider.messageHandlers[MessageType.Sync];
  if (handleSync === undefined) throw new Error('y-websocket has no sync handler');
  provider.messageHandlers[MessageType.Sync] = (encoder, decoder, p, emitSynced, messageType) => {
    handleSync(encoder, decoder, p, emitSynced, messageType);
    // emitSynced is false only for BroadcastChannel messages, whose replies never reach the server.
    if (!emitSynced) return;
    const update = step2ReplyUpdate(encoding.toUint8Array(encoder));
    if (update !== null) tracker.step2Sent(updateDigest(update));
  };

  const onUpdate = (update: Uint8Array, origin: unknown) => {
    // Updates the provider applied came from the server, which already has them.
    if (origin !== provider) tracker.localUpdate(updateDigest(update));
  };
  doc.on('update', onUpdate);

  provider.on('status', ({ status }) => tracker.setConnection(status));
  provider.on('sync', (synced) => tracker.setSynced(synced));
  provider.on('connection-close', (event) => {
    // Emitted before the provider resets its flags: `wsconnected` still says if it ever opened.
    if (event !== null && !provider.wsconnected) options.onConnectFailed();
  });
  let refused = false;
  provider.on('closed', ({ code, reason }) => {
    const access = accessClose(code);
    if (access !== null) {
      options.onAccessClosed(access);
      return;
    }
    const verdict = classifyClose(code, reason);
    if (verdict.kind === 'reload') {
      tracker.refuse(verdict.message);
      if (!refused) {
        refused = true;
        options.onRefused(verdict.message);
      }
    } else if (verdict.kind === 'stop') {
      tracker.stop(verdict.message);
    }
  });

  provider.awareness.setLocalStateField('user', options.user);
  provider.connect();

  return {
    documentId: options.documentId,
    doc,
    fragment,
    provider,
    tracker,
    destroy() {
      doc.off('update', onUpdate);
      stopPresence();
      // destroy() disconnects, which first tells the room that this client has left.
      provider.destroy();
      provider.awareness.destroy();
      doc.destroy();
    },
  };
}
