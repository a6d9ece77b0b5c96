import * as Y from 'yjs';
import { FRAGMENT_NAME, type AuthorOf, type ChangeOrigin } from '@accord/shared';
import { yTextNodeOf } from '../amendments/yjsBlockText.js';

/**
 * Exact attribution of a redline from the Yjs history (SPEC CP3): the server's documents keep
 * every deleted character (gc off) and the store keeps every update with its origin (ST6), so
 * each character of a block has a Yjs id, each id was inserted by exactly one stored update, and
 * each deletion is in the delete set of the update that made it. Nothing here guesses from text.
 */

/** The Yjs ids of a block's characters, in text order: `clients[i]`, `clocks[i]`. */
export interface CharIds {
  clients: number[];
  clocks: number[];
}

/** The Yjs id of every character of every block's text, by block id (first occurrence). */
export function blockCharIds(doc: Y.Doc): Map<string, CharIds> {
  const out = new Map<string, CharIds>();
  const visit = (parent: Y.XmlFragment | Y.XmlElement) => {
    for (const child of parent.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      const id = child.getAttribute('id');
      if (typeof id === 'string' && !out.has(id)) {
        const node = yTextNodeOf(child);
        if (node) out.set(id, textIds(node));
      }
      visit(child);
    }
  };
  visit(doc.getXmlFragment(FRAGMENT_NAME));
  return out;
}

/**
 * The ids of the characters of an element's inline content, as `yBlockText` reads it: each
 * visible character of its text runs, and each inline atom (a footnote marker) as one.
 */
function textIds(node: Y.XmlElement): CharIds {
  const ids: CharIds = { clients: [], clocks: [] };
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) {
      for (let item = child._start; item !== null; item = item.right) {
        // Formatting items are not text; deleted ones are not in this state.
        if (item.deleted || !item.countable) continue;
        for (let k = 0; k < item.length; k++) {
          ids.clients.push(item.id.client);
          ids.clocks.push(item.id.clock + k);
        }
      }
    } else if (child._item) {
      ids.clients.push(child._item.id.client);
      ids.clocks.push(child._item.id.clock);
    }
  }
  return ids;
}

/** Ranges of clocks of one client, each with the index of the update it belongs to. */
class Ranges {
  private starts: number[] = [];
  private ends: number[] = [];
  private owners: number[] = [];
  /** The highest end among ranges 0…i (ranges may overlap: two updates deleting one char). */
  private reach: number[] = [];
  private sorted = true;

  add(start: number, length: number, owner: number): void {
    if (this.starts.length > 0 && start < this.starts[this.starts.length - 1]!) this.sorted = false;
    this.starts.push(start);
    this.ends.push(start + length);
    this.owners.push(owner);
  }

  private prepare(): void {
    if (!this.sorted) {
      const order = this.starts.map((_, i) => i).sort((a, b) => this.starts[a]! - this.starts[b]!);
      this.starts = order.map((i) => this.starts[i]!);
      this.ends = order.map((i) => this.ends[i]!);
      this.owners = order.map((i) => this.owners[i]!);
      this.sorted = true;
    }
    if (this.reach.length !== this.starts.length) {
      let max = -Infinity;
      this.reach = this.ends.map((e) => (max = Math.max(max, e)));
    }
  }

  /** The earliest owner of a range holding `clock`, or -1. */
  find(clock: number): number {
    this.prepare();
    let lo = 0;
    let hi = this.starts.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= clock) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    let best = -1;
    for (let i = last; i >= 0 && this.reach[i]! > clock; i--)
      if (this.ends[i]! > clock && (best === -1 || this.owners[i]! < best)) best = this.owners[i]!;
    return best;
  }
}

/** An update of the history between two texts, with what it says about who made it. */
export interface HistoryUpdate {
  seq: number;
  origin: ChangeOrigin;
  update: Uint8Array;
  /** When the store received it (ms since the epoch), which dates the changes it made. */
  arrivedAt?: number;
}

/**
 * Which update of a stretch of history inserted, and which deleted, each Yjs id: built once per
 * comparison from the updates' structs and delete sets (`Y.decodeUpdate`).
 */
export class ChangeIndex {
  private readonly inserted = new Map<number, Ranges>();
  private readonly deleted = new Map<number, Ranges>();

  constructor(private readonly updates: readonly HistoryUpdate[]) {
    updates.forEach((u, index) => {
      const { structs, ds } = Y.decodeUpdate(u.update);
      for (const s of structs) {
        // Skips are gaps in an update, not content of it.
        if (s instanceof Y.Skip) continue;
        this.ranges(this.inserted, s.id.client).add(s.id.clock, s.length, index);
      }
      for (const [client, items] of ds.clients)
        for (const d of items) this.ranges(this.deleted, client).add(d.clock, d.len, index);
    });
  }

  private ranges(map: Map<number, Ranges>, client: number): Ranges {
    let r = map.get(client);
    if (!r) map.set(client, (r = new Ranges()));
    return r;
  }

  /** The update that inserted the character, or null when none of these did. */
  insertedBy(client: number, clock: number): HistoryUpdate | null {
    const i = this.inserted.get(client)?.find(clock) ?? -1;
    return i === -1 ? null : this.updates[i]!;
  }

  /** The (earliest) update that deleted the character, or null when none of these did. */
  deletedBy(client: number, clock: number): HistoryUpdate | null {
    const i = this.deleted.get(client)?.find(clock) ?? -1;
    return i === -1 ? null : this.updates[i]!;
  }
}

/**
 * The `AuthorOf` of a comparison from the text `from` to the text `to` (Y.Docs of the two
 * states), given the updates between them and how an origin reads as an author. Forward (from
 * the older text to the newer), an inserted character is attributed to the update that inserted
 * it and a deleted one to the update that deleted it; backward, the other way round (a
 * character "inserted" going back was deleted going forward). A block whose Yjs text does not
 * match its text (it cannot, but a wrong id must not mislead) gets no author.
 */
export function authorOfHistory<A>(options: {
  from: Y.Doc;
  to: Y.Doc;
  fromTexts: ReadonlyMap<string, string>;
  toTexts: ReadonlyMap<string, string>;
  index: ChangeIndex;
  forward: boolean;
  /** How an update's origin reads as an author, given when the update arrived. */
  author: (origin: ChangeOrigin, arrivedAt: number | undefined) => A | null;
}): (change: Parameters<AuthorOf>[0]) => A | null {
  const fromIds = blockCharIds(options.from);
  const toIds = blockCharIds(options.to);
  const { index, forward } = options;
  return ({ kind, blockId, offset }) => {
    const [ids, texts] =
      kind === 'insert' ? [toIds, options.toTexts] : [fromIds, options.fromTexts];
    const chars = ids.get(blockId);
    if (!chars || chars.clients.length !== texts.get(blockId)?.length) return null;
    const client = chars.clients[offset];
    const clock = chars.clocks[offset];
    if (client === undefined || clock === undefined) return null;
    const inserting = (kind === 'insert') === forward;
    const update = inserting ? index.insertedBy(client, clock) : index.deletedBy(client, clock);
    return update ? options.author(update.origin, update.arrivedAt) : null;
  };
}
