import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import { CloseCode, MessageType, updateDigest } from '@accord/shared';
// The client's save bookkeeping is pure TypeScript, tested here without a browser.
import { SaveTracker } from '../../client/src/collab/SaveTracker.js';
import { step2ReplyUpdate } from '../../client/src/collab/step2Reply.js';
import { classifyClose } from '../../client/src/collab/closeReason.js';

/** A tracker that has connected and synced once, as after opening a document. */
function syncedTracker(): SaveTracker {
  const t = new SaveTracker();
  t.setConnection('connected');
  t.setSynced(true);
  return t;
}

describe('SaveTracker', () => {
  it('says connecting until the first sync, then saved', () => {
    const t = new SaveTracker();
    expect(t.getState()).toEqual({ kind: 'connecting' });
    t.setConnection('connected');
    expect(t.getState()).toEqual({ kind: 'connecting' });
    t.setSynced(true);
    expect(t.getState()).toEqual({ kind: 'saved' });
  });

  it('is saving until every local update is confirmed by its own digest, in any order', () => {
    const t = syncedTracker();
    t.localUpdate(11);
    t.localUpdate(22);
    expect(t.getState()).toEqual({ kind: 'saving', unsaved: 2 });
    t.saved({ digest: 22, step2: false });
    expect(t.getState()).toEqual({ kind: 'saving', unsaved: 1 });
    // An unknown digest, or a step-2 notice with a matching number, confirms nothing.
    t.saved({ digest: 99, step2: false });
    t.saved({ digest: 11, step2: true });
    expect(t.getState()).toEqual({ kind: 'saving', unsaved: 1 });
    t.saved({ digest: 11, step2: false });
    expect(t.getState()).toEqual({ kind: 'saved' });
  });

  it('confirms one update per notice when two updates have the same digest', () => {
    const t = syncedTracker();
    t.localUpdate(5);
    t.localUpdate(5);
    t.saved({ digest: 5, step2: false });
    expect(t.unsavedCount()).toBe(1);
    t.saved({ digest: 5, step2: false });
    expect(t.unsavedCount()).toBe(0);
  });

  it('keeps offline edits pending until the step 2 sent on reconnect is confirmed', () => {
    const t = syncedTracker();
    t.localUpdate(1); // sent, but the connection drops before the notice arrives
    t.setConnection('disconnected');
    expect(t.getState()).toEqual({ kind: 'offline', unsaved: 1 });
    t.localUpdate(2); // typed offline: never sent on its own
    t.setConnection('connecting');
    expect(t.getState()).toEqual({ kind: 'offline', unsaved: 2 });
    t.setConnection('connected');
    t.step2Sent(777);
    t.setSynced(true);
    t.localUpdate(3); // typed after the step 2 went out: not covered by it
    expect(t.getState()).toEqual({ kind: 'saving', unsaved: 3 });
    t.saved({ digest: 777, step2: true });
    expect(t.getState()).toEqual({ kind: 'saving', unsaved: 1 });
    t.saved({ digest: 3, step2: false });
    expect(t.getState()).toEqual({ kind: 'saved' });
  });

  it('ignores a step 2 when nothing local is unconfirmed', () => {
    const t = syncedTracker();
    t.step2Sent(42);
    expect(t.getState()).toEqual({ kind: 'saved' });
    t.localUpdate(1);
    t.saved({ digest: 42, step2: true });
    expect(t.unsavedCount()).toBe(1);
  });

  it('drops a step-2 marker once the updates before it were confirmed one by one', () => {
    const t = syncedTracker();
    t.localUpdate(1);
    t.step2Sent(50);
    t.saved({ digest: 1, step2: false });
    expect(t.getState()).toEqual({ kind: 'saved' });
    // The late step-2 notice must not clear what came after it.
    t.localUpdate(2);
    t.saved({ digest: 50, step2: true });
    expect(t.unsavedCount()).toBe(1);
  });

  it('says connecting, not offline, when the very first connection fails', () => {
    const t = new SaveTracker();
    t.setConnection('disconnected');
    expect(t.getState()).toEqual({ kind: 'connecting' });
  });

  it('a refusal or a stop overrides everything else', () => {
    const t = syncedTracker();
    t.refuse('The server refused a change.');
    t.localUpdate(1);
    expect(t.getState()).toEqual({ kind: 'refused', message: 'The server refused a change.' });
    const u = syncedTracker();
    u.stop('You do not have access to this document.');
    u.setConnection('connected');
    expect(u.getState().kind).toBe('stopped');
  });

  it('notifies listeners only when the state changes, keeping the same snapshot otherwise', () => {
    const t = syncedTracker();
    let calls = 0;
    const unsubscribe = t.subscribe(() => calls++);
    const before = t.getState();
    t.setSynced(true);
    expect(t.getState()).toBe(before);
    expect(calls).toBe(0);
    t.localUpdate(1);
    expect(calls).toBe(1);
    unsubscribe();
    t.saved({ digest: 1, step2: false });
    expect(calls).toBe(1);
  });
});

describe('step2ReplyUpdate', () => {
  it('finds the update bytes of the step 2 a client writes in reply to a step 1', () => {
    const local = new Y.Doc();
    local.getText('t').insert(0, 'offline words');
    const server = new Y.Doc();
    const step1 = encoding.createEncoder();
    syncProtocol.writeSyncStep1(step1, server);
    // What y-websocket's sync handler leaves in its encoder after reading the server's step 1.
    const reply = encoding.createEncoder();
    encoding.writeVarUint(reply, MessageType.Sync);
    syncProtocol.readSyncMessage(
      decoding.createDecoder(encoding.toUint8Array(step1)),
      reply,
      local,
      null,
    );
    const update = step2ReplyUpdate(encoding.toUint8Array(reply));
    expect(update).not.toBeNull();
    const expected = Y.encodeStateAsUpdate(local, Y.encodeStateVector(server));
    expect(updateDigest(update!)).toBe(updateDigest(expected));
  });

  it('returns null for replies that are not a step 2, and for junk', () => {
    expect(step2ReplyUpdate(new Uint8Array([MessageType.Sync]))).toBeNull();
    expect(step2ReplyUpdate(new Uint8Array([MessageType.Sync, 2, 1, 0]))).toBeNull();
    expect(step2ReplyUpdate(new Uint8Array([MessageType.Awareness, 1, 1, 0]))).toBeNull();
    expect(step2ReplyUpdate(new Uint8Array([MessageType.Sync, 1, 200]))).toBeNull();
  });
});

describe('classifyClose', () => {
  it('reloads after a refused update or an oversized message, never resending it', () => {
    expect(classifyClose(CloseCode.InvalidUpdate, 'schema violation').kind).toBe('reload');
    expect(classifyClose(CloseCode.TooLarge, '').kind).toBe('reload');
    expect(classifyClose(CloseCode.Malformed, '').kind).toBe('reload');
  });

  it('stops and says why for authentication, permission and missing documents', () => {
    expect(classifyClose(CloseCode.Unauthenticated, '')).toMatchObject({ kind: 'stop' });
    expect(classifyClose(CloseCode.Forbidden, 'read-only')).toEqual({
      kind: 'stop',
      message: 'You do not have access to this document (server: read-only).',
    });
    expect(classifyClose(CloseCode.NotFound, '')).toMatchObject({ kind: 'stop' });
    expect(classifyClose(4499, '')).toMatchObject({ kind: 'stop' });
  });

  it('lets the provider reconnect after restarts, network loss and server errors', () => {
    for (const code of [1000, 1001, 1006, CloseCode.ServerError, 4500]) {
      expect(classifyClose(code, '').kind).toBe('transient');
    }
  });
});
