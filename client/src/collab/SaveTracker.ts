import type { SavedNotice } from '@accord/shared';

/** The provider's socket state, as y-websocket reports it in its `status` event. */
export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

/** What the connection indicator shows; `unsaved` counts local changes the server has not confirmed. */
export type SaveState =
  | { kind: 'connecting' }
  | { kind: 'offline'; unsaved: number }
  | { kind: 'saving'; unsaved: number }
  | { kind: 'saved' }
  | { kind: 'refused'; message: string }
  | { kind: 'stopped'; message: string };

/**
 * One thing the server has to confirm: a local update (confirmed by its own digest) or a sync
 * step 2 this client sent (a marker whose confirmation covers every entry recorded before it).
 */
interface PendingEntry {
  digest: number;
  step2: boolean;
}

/**
 * Decides when the document may be called "saved": only once the server has confirmed, by digest,
 * every local change. Pure bookkeeping, no Yjs or socket code, so its rules can be tested alone;
 * `connect` feeds it the provider's events.
 */
export class SaveTracker {
  /** In the order they were recorded, which is the order the bytes went (or will go) out. */
  private pending: PendingEntry[] = [];
  private connection: ConnectionStatus = 'connecting';
  private synced = false;
  private everSynced = false;
  private terminal: SaveState | null = null;
  private current: SaveState = { kind: 'connecting' };
  private readonly listeners = new Set<() => void>();

  /** A local change (the bytes of a Y.Doc `update` event not caused by the provider) was made. */
  localUpdate(digest: number): void {
    this.pending.push({ digest, step2: false });
    this.changed();
  }

  /**
   * The client answered the server's sync step 1 with a step 2 carrying these bytes. On reconnect
   * this is how changes made offline (never sent on their own) reach the server, so its
   * confirmation stands for everything recorded before it. Without unconfirmed local changes
   * there is nothing for it to confirm, so it is not recorded.
   */
  step2Sent(digest: number): void {
    if (this.unsavedCount() === 0) return;
    this.pending.push({ digest, step2: true });
    this.changed();
  }

  /** The server says the update with this digest is durable. Unknown digests are ignored. */
  saved(notice: SavedNotice): void {
    const index = this.pending.findIndex(
      (e) => e.step2 === notice.step2 && e.digest === notice.digest,
    );
    if (index < 0) return;
    if (notice.step2) this.pending.splice(0, index + 1);
    else this.pending.splice(index, 1);
    // A step-2 marker with no local change before it has nothing left to confirm.
    while (this.pending[0]?.step2 === true) this.pending.shift();
    this.changed();
  }

  /** The socket state changed. */
  setConnection(status: ConnectionStatus): void {
    this.connection = status;
    if (status !== 'connected') this.synced = false;
    this.changed();
  }

  /** The provider finished (or lost) its initial sync with the server. */
  setSynced(synced: boolean): void {
    this.synced = synced;
    if (synced) this.everSynced = true;
    this.changed();
  }

  /** The server refused a change; the document is about to be reloaded from the server. */
  refuse(message: string): void {
    this.terminal = { kind: 'refused', message };
    this.changed();
  }

  /** The server closed the connection for good (not signed in, no access, no such document). */
  stop(message: string): void {
    this.terminal = { kind: 'stopped', message };
    this.changed();
  }

  /** Local changes the server has not yet confirmed. */
  unsavedCount(): number {
    let n = 0;
    for (const e of this.pending) if (!e.step2) n++;
    return n;
  }

  /** The current state; the same object until something changes (for `useSyncExternalStore`). */
  readonly getState = (): SaveState => this.current;

  /** Calls `listener` after every change of state; returns the unsubscribe function. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private derive(): SaveState {
    if (this.terminal) return this.terminal;
    const unsaved = this.unsavedCount();
    // Before the first sync there is nothing on this device worth reassuring anyone about;
    // afterwards a lost connection means edits wait locally until the provider reconnects.
    if (this.connection !== 'connected')
      return this.everSynced ? { kind: 'offline', unsaved } : { kind: 'connecting' };
    if (!this.synced) return { kind: 'connecting' };
    return unsaved > 0 ? { kind: 'saving', unsaved } : { kind: 'saved' };
  }

  private changed(): void {
    const next = this.derive();
    if (sameState(next, this.current)) return;
    this.current = next;
    for (const listener of this.listeners) listener();
  }
}

function sameState(a: SaveState, b: SaveState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
