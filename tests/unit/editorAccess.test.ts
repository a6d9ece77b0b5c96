import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { encodeAccess, encodeSaved, type AccessNotice } from '@accord/shared';
import { onAccessMessage } from '../../client/src/collab/accessMessage.js';

/** A WebSocket that never connects anywhere: the test hands the provider messages itself. */
class FakeSocket {
  static last: FakeSocket | null = null;
  binaryType = 'arraybuffer';
  readyState = 0;
  sent: Uint8Array[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: ArrayBuffer }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.last = this;
  }
  send(data: Uint8Array) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
  /** Delivers `bytes` as if the server had sent them. */
  receive(bytes: Uint8Array) {
    const copy = new Uint8Array(bytes);
    this.onmessage?.({ data: copy.buffer });
  }
}

describe('ACCESS on the collaboration socket (client side)', () => {
  it('ED13 each ACCESS message reaches the editor with what the connection may do now, and nothing is answered', () => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider('ws://test.invalid/collab', 'declaration', doc, {
      WebSocketPolyfill: FakeSocket as unknown as typeof WebSocket,
      disableBc: true,
    });
    const seen: AccessNotice[] = [];
    onAccessMessage(provider, (notice) => seen.push(notice));
    const socket = FakeSocket.last!;
    socket.readyState = 1;
    socket.onopen?.();
    const sentBefore = socket.sent.length;

    socket.receive(encodeAccess({ canWrite: false }));
    socket.receive(encodeSaved({ digest: 7, step2: false }));
    socket.receive(encodeAccess({ canWrite: true }));
    expect(seen).toEqual([{ canWrite: false }, { canWrite: true }]);
    // The handler writes no reply: the server hears nothing back for an ACCESS.
    expect(socket.sent.length).toBe(sentBefore);
    provider.destroy();
    doc.destroy();
  });
});
