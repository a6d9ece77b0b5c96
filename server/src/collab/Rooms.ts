import { workingCopyLogId, type ChangeOrigin, type DocumentSummary } from '@accord/shared';
import type { Clock } from '../time/Clock.js';
import {
  Room,
  type ChangeResult,
  type RoomDeps,
  type RoomOptions,
  type ServerEdit,
} from './Room.js';

/**
 * How the server changes documents itself (seeding, import, accepted amendments): through the
 * same pipeline as every client, so its changes are validated, stored before anyone sees them,
 * broadcast and attributed to their origin.
 */
export interface DocumentWriter {
  /** Creates empty documents, atomically; their content arrives through `submit`. */
  create(documents: readonly DocumentSummary[]): Promise<void>;
  /** True when nothing was ever stored for the document (seeding may fill it). */
  isBlank(documentId: string): Promise<boolean>;
  /** Submits a Yjs update made by the server on behalf of `origin`. */
  submit(documentId: string, origin: ChangeOrigin, update: Uint8Array): Promise<ChangeResult>;
  /** Edits the document's text as the server on behalf of `origin`. */
  change(documentId: string, origin: ChangeOrigin, edit: ServerEdit): Promise<ChangeResult>;
}

/**
 * The open documents of one server instance. Loading is shared: two connections arriving at
 * once wait for the same load. An empty room is unloaded after a grace period (a reload of the
 * page should not cost a reload from disk).
 */
export class Rooms implements DocumentWriter {
  private readonly rooms = new Map<string, Promise<Room>>();
  private readonly unloadTimers = new Map<string, () => void>();
  private readonly unloading = new Set<Promise<void>>();
  /** Server changes under way per room, so an idle room is not unloaded under them. */
  private readonly busy = new Map<string, number>();

  constructor(
    private readonly deps: RoomDeps & { clock: Clock },
    private readonly options: RoomOptions & { idleUnloadMs: number },
  ) {}

  /** The loaded room for `id`; rejects (and forgets the attempt) when loading fails. */
  open(id: string): Promise<Room> {
    return this.load(id, () => Room.load(id, this.deps, this.options, this.onEmpty));
  }

  /**
   * The loaded working copy of `documentId` for `delegationId` (WC1, WC2): created in the store
   * on first use, composed of the base text (loaded too, and kept loaded while the copy is) and
   * the delegation's own updates.
   */
  openWorkingCopy(documentId: string, delegationId: string): Promise<Room> {
    const id = workingCopyLogId(documentId, delegationId);
    return this.load(id, async () => {
      await this.deps.store.openWorkingCopy(documentId, delegationId);
      // The base is held busy until the copy follows it, so it cannot unload in between.
      return this.withRoom(documentId, (base) =>
        Room.load(id, this.deps, this.options, this.onEmpty, { base, delegationId }),
      );
    });
  }

  /**
   * Runs `read` on a delegation's working copy and the base text as they are durably now (the
   * copy's writes in flight settled first), both loaded for the time of the call.
   */
  readWorkingCopy<T>(
    documentId: string,
    delegationId: string,
    read: (copy: Room, base: Room) => T,
  ): Promise<T> {
    return this.withRoom(
      workingCopyLogId(documentId, delegationId),
      async (copy) => {
        await copy.settled();
        return read(copy, copy.base!);
      },
      () => this.openWorkingCopy(documentId, delegationId),
    );
  }

  /** Edits a delegation's working copy as the server on behalf of `origin` (e.g. a reset). */
  changeWorkingCopy(
    documentId: string,
    delegationId: string,
    origin: ChangeOrigin,
    edit: ServerEdit,
  ): Promise<ChangeResult> {
    return this.withRoom(
      workingCopyLogId(documentId, delegationId),
      (copy) => copy.change(origin, edit),
      () => this.openWorkingCopy(documentId, delegationId),
    );
  }

  /** Runs `read` on the base text's room, loaded for the time of the call. */
  readDocument<T>(documentId: string, read: (room: Room) => T | Promise<T>): Promise<T> {
    return this.withRoom(documentId, async (room) => read(room));
  }

  private readonly onEmpty = (room: Room) => this.scheduleUnload(room);

  /** The room under `id`, loading it with `load` once however many ask at the same time. */
  private load(id: string, load: () => Promise<Room>): Promise<Room> {
    this.cancelUnload(id);
    let room = this.rooms.get(id);
    if (!room) {
      room = load();
      this.rooms.set(id, room);
      room.catch((err: unknown) => {
        this.rooms.delete(id);
        this.deps.logger.error('document failed to load', { id, error: String(err) });
      });
    }
    return room;
  }

  async create(documents: readonly DocumentSummary[]): Promise<void> {
    await this.deps.store.createDocuments(documents);
  }

  async isBlank(documentId: string): Promise<boolean> {
    return this.withRoom(documentId, async (room) => room.blank);
  }

  submit(documentId: string, origin: ChangeOrigin, update: Uint8Array): Promise<ChangeResult> {
    return this.withRoom(documentId, (room) => room.submit(origin, update));
  }

  change(documentId: string, origin: ChangeOrigin, edit: ServerEdit): Promise<ChangeResult> {
    return this.withRoom(documentId, (room) => room.change(origin, edit));
  }

  /** The room under `id` if it is loaded or loading, without loading it (relayed updates). */
  find(id: string): Promise<Room> | null {
    return this.rooms.get(id) ?? null;
  }

  /** Every room that is loaded now. */
  async loaded(): Promise<Room[]> {
    const settled = await Promise.allSettled(this.rooms.values());
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }

  /** Unloads every room (writing snapshots) and waits for unloads under way. */
  async closeAll(): Promise<void> {
    for (const cancel of this.unloadTimers.values()) cancel();
    this.unloadTimers.clear();
    const rooms = await this.loaded();
    this.rooms.clear();
    await Promise.all([...rooms.map((r) => r.unload()), ...this.unloading]);
  }

  /** Runs `fn` on the loaded room, keeping it loaded meanwhile; unloads it later if unused. */
  private async withRoom<T>(
    id: string,
    fn: (room: Room) => Promise<T>,
    open: () => Promise<Room> = () => this.open(id),
  ): Promise<T> {
    const room = await open();
    this.busy.set(id, (this.busy.get(id) ?? 0) + 1);
    try {
      // With other processes writing the same logs (CL2), the server reads and changes a text
      // only once it holds everything already stored.
      if (this.deps.relay) {
        await room.base?.catchUp();
        await room.catchUp();
      }
      return await fn(room);
    } finally {
      const left = (this.busy.get(id) ?? 1) - 1;
      if (left > 0) this.busy.set(id, left);
      else this.busy.delete(id);
      if (idle(room)) this.scheduleUnload(room);
    }
  }

  private cancelUnload(id: string): void {
    this.unloadTimers.get(id)?.();
    this.unloadTimers.delete(id);
  }

  private scheduleUnload(room: Room): void {
    this.cancelUnload(room.id);
    const unload = () => {
      this.unloadTimers.delete(room.id);
      if (!idle(room) || this.busy.has(room.id)) return;
      if (this.rooms.get(room.id) === undefined) return;
      this.rooms.delete(room.id);
      const done = room
        .unload()
        .then(() => {
          // The base text a working copy followed may now be idle itself.
          if (room.base && idle(room.base)) this.scheduleUnload(room.base);
        })
        .catch((err: unknown) =>
          this.deps.logger.error('unload failed', { id: room.id, error: String(err) }),
        )
        .finally(() => this.unloading.delete(done));
      this.unloading.add(done);
    };
    if (room.isFailed) return unload();
    const at = this.deps.clock.now() + this.options.idleUnloadMs;
    this.unloadTimers.set(room.id, this.deps.clock.at(at, unload));
  }
}

/** True when nobody has the room open and no working copy follows it. */
function idle(room: Room): boolean {
  return room.connections.size === 0 && room.followers.size === 0;
}
