import { Room, type RoomDeps, type RoomOptions } from './Room.js';

/**
 * The open documents of one server instance. Loading is shared: two connections arriving at
 * once wait for the same load. An empty room is unloaded after a grace period (a reload of the
 * page should not cost a reload from disk).
 */
export class Rooms {
  private readonly rooms = new Map<string, Promise<Room>>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private readonly unloading = new Set<Promise<void>>();

  private readonly logger: RoomDeps['logger'];

  constructor(
    private readonly deps: RoomDeps,
    private readonly options: RoomOptions & { idleUnloadMs: number },
  ) {
    this.logger = deps.logger;
  }

  /** The loaded room for `id`; rejects (and forgets the attempt) when loading fails. */
  open(id: string): Promise<Room> {
    this.cancelUnload(id);
    let room = this.rooms.get(id);
    if (!room) {
      room = Room.load(id, this.deps, this.options, (r) => this.scheduleUnload(r));
      this.rooms.set(id, room);
      room.catch((err: unknown) => {
        this.rooms.delete(id);
        this.logger.error('document failed to load', { id, error: String(err) });
      });
    }
    return room;
  }

  /** Every room that is loaded now. */
  async loaded(): Promise<Room[]> {
    const settled = await Promise.allSettled(this.rooms.values());
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }

  /** Unloads every room (writing snapshots) and waits for unloads under way. */
  async closeAll(): Promise<void> {
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    this.unloadTimers.clear();
    const rooms = await this.loaded();
    this.rooms.clear();
    await Promise.all([...rooms.map((r) => r.unload()), ...this.unloading]);
  }

  private cancelUnload(id: string): void {
    const timer = this.unloadTimers.get(id);
    if (timer) clearTimeout(timer);
    this.unloadTimers.delete(id);
  }

  private scheduleUnload(room: Room): void {
    this.cancelUnload(room.id);
    const unload = () => {
      this.unloadTimers.delete(room.id);
      if (room.connections.size > 0) return;
      this.rooms.delete(room.id);
      const done = room
        .unload()
        .catch((err: unknown) =>
          this.logger.error('unload failed', { id: room.id, error: String(err) }),
        )
        .finally(() => this.unloading.delete(done));
      this.unloading.add(done);
    };
    if (room.isFailed) return unload();
    const timer = setTimeout(unload, this.options.idleUnloadMs);
    timer.unref();
    this.unloadTimers.set(room.id, timer);
  }
}
