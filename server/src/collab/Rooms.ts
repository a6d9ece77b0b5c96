import type { ChangeOrigin, DocumentSummary } from '@accord/shared';
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
    this.cancelUnload(id);
    let room = this.rooms.get(id);
    if (!room) {
      room = Room.load(id, this.deps, this.options, (r) => this.scheduleUnload(r));
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
  private async withRoom<T>(id: string, fn: (room: Room) => Promise<T>): Promise<T> {
    const room = await this.open(id);
    this.busy.set(id, (this.busy.get(id) ?? 0) + 1);
    try {
      return await fn(room);
    } finally {
      const left = (this.busy.get(id) ?? 1) - 1;
      if (left > 0) this.busy.set(id, left);
      else this.busy.delete(id);
      if (room.connections.size === 0) this.scheduleUnload(room);
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
      if (room.connections.size > 0 || this.busy.has(room.id)) return;
      if (this.rooms.get(room.id) === undefined) return;
      this.rooms.delete(room.id);
      const done = room
        .unload()
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
