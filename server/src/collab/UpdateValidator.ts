import * as Y from 'yjs';
import type { Schema } from 'prosemirror-model';
import {
  FRAGMENT_NAME,
  isBlockId,
  yElementToJSON,
  yFragmentToJSON,
  type NodeJSON,
} from '@accord/shared';
import { BlockIdIndex, isLive, needsId } from './BlockIdIndex.js';

/** The outcome of validating one incoming update. */
export type Verdict =
  | {
      ok: true;
      /** false when the update adds nothing the server does not already have */ changed: boolean;
      /**
       * Block ids the update left on two live blocks without the sender knowing of the other
       * one (honest concurrent edits): the room repairs them with a server-made change (DM6).
       */
      duplicates?: string[];
      /**
       * The Yjs items of this update's blocks that repeat those ids: the repair renames them,
       * and the block stored first keeps its id.
       */
      rename?: Y.ID[];
      /**
       * Paragraphs (their Yjs items) the update left with two lists: two editors gave one
       * paragraph a list at once. The repair joins them into one (DM7).
       */
      join?: Y.ID[];
      /**
       * Lists (their Yjs items) left without items: two editors deleted or moved out their last
       * items at once. The repair removes them (DM8).
       */
      prune?: Y.ID[];
    }
  | { ok: false; reason: string };

/** Tuning of the validator; tests turn the fast path off to compare it with the full check. */
export interface ValidatorOptions {
  /** Skip re-reading a paragraph for plain typing (default true). */
  fastPath?: boolean;
}

type YType = Y.AbstractType<unknown>;

/**
 * Validates incoming updates against a shadow copy of the document before anything is stored.
 * The shadow holds the durable state plus the updates still being written; an update is applied
 * to it first and judged by the result: it must decode as Yjs V1, leave nothing pending (no
 * missing dependencies), touch only the declaration text, and leave every block it touched valid
 * against the schema (content, marks, attributes, link targets). A refused update may have left
 * the shadow half-changed, so the caller rebuilds it from the durable state.
 */
export class UpdateValidator {
  private built: { shadow: Y.Doc; ids: BlockIdIndex } | null = null;
  private readonly fastPath: boolean;
  private source: () => Uint8Array;

  constructor(
    private readonly schema: Schema,
    /**
     * The durable state, or a function giving it: the shadow is then built on first use, so a
     * document that is only read (a cold join) never pays for a second copy.
     */
    state: Uint8Array | (() => Uint8Array),
    options: ValidatorOptions = {},
  ) {
    this.source = typeof state === 'function' ? state : () => state;
    this.fastPath = options.fastPath ?? true;
  }

  private static docFrom(state: Uint8Array, inflight: readonly Uint8Array[]): Y.Doc {
    const doc = new Y.Doc({ gc: false });
    doc.getXmlFragment(FRAGMENT_NAME);
    Y.applyUpdate(doc, state);
    for (const u of inflight) Y.applyUpdate(doc, u);
    return doc;
  }

  private get shadow(): Y.Doc {
    return this.build().shadow;
  }

  private get ids(): BlockIdIndex {
    return this.build().ids;
  }

  private build(): { shadow: Y.Doc; ids: BlockIdIndex } {
    if (!this.built) {
      const shadow = UpdateValidator.docFrom(this.source(), []);
      this.built = { shadow, ids: BlockIdIndex.build(shadow.getXmlFragment(FRAGMENT_NAME)) };
    }
    return this.built;
  }

  /**
   * Applies an update that is already trusted and stored elsewhere (the base text arriving in a
   * working copy): never refused, but judged like a client's so that what it leaves for repair
   * (two lists in one paragraph, an empty list) is reported. Null when the shadow is not built
   * yet (it will be built from a document that holds the update); a verdict that is not ok
   * means the caller must rebuild the shadow.
   */
  follow(update: Uint8Array): Verdict | null {
    if (!this.built) return null;
    return this.apply(update, false);
  }

  /** The next clock the shadow expects from `client` (0 when it has nothing by that client). */
  clock(client: number): number {
    return Y.getState(this.shadow.store, client);
  }

  /** Replaces the shadow by the durable state plus the updates still in flight. */
  rebuild(state: Uint8Array, inflight: readonly Uint8Array[]): void {
    this.built?.shadow.destroy();
    const shadow = UpdateValidator.docFrom(state, inflight);
    this.built = { shadow, ids: BlockIdIndex.build(shadow.getXmlFragment(FRAGMENT_NAME)) };
  }

  /** The shadow's state: the durable document plus the updates still being written. */
  state(): Uint8Array {
    return Y.encodeStateAsUpdate(this.shadow);
  }

  /**
   * Applies `update` to the shadow and judges it. `strict` (the server's own changes) refuses
   * any repeated block id; otherwise a repeat of a block stored before is reported for repair
   * (DM6). On `ok: false` the shadow must be rebuilt.
   */
  apply(update: Uint8Array, strict = true): Verdict {
    try {
      // Decoding first catches truncated or foreign encodings before any state is touched.
      Y.decodeUpdate(update);
    } catch (err) {
      return { ok: false, reason: `cannot decode update as Yjs V1: ${(err as Error).message}` };
    }
    // Applying may run follow-up transactions (Yjs cleans up formatting in a second one).
    const transactions: Y.Transaction[] = [];
    const capture = (t: Y.Transaction) => {
      transactions.push(t);
    };
    this.shadow.on('afterTransaction', capture);
    try {
      Y.applyUpdate(this.shadow, update);
    } catch (err) {
      return { ok: false, reason: `update could not be applied: ${(err as Error).message}` };
    } finally {
      this.shadow.off('afterTransaction', capture);
    }
    const store = this.shadow.store;
    if (store.pendingStructs !== null || store.pendingDs !== null) {
      return { ok: false, reason: 'update depends on changes the server does not have' };
    }
    const verdict = this.judge(transactions, strict);
    return verdict.ok ? this.checkIds(transactions, verdict, strict) : verdict;
  }

  /**
   * DM2: every block the update created or re-labelled carries a well-formed id that no other
   * live block carries. Two new blocks of the update with one id are refused; a repeat of a
   * block stored before is reported for repair (DM6), or refused when `strict`.
   */
  private checkIds(
    transactions: readonly Y.Transaction[],
    judged: Extract<Verdict, { ok: true }>,
    strict: boolean,
  ): Verdict {
    const touched = new Set<Y.XmlElement>();
    for (const tr of transactions) {
      for (const item of this.newItems(tr)) {
        if (item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlElement)
          touched.add(item.content.type);
        else if (item.parentSub === 'id' && item.parent instanceof Y.XmlElement)
          touched.add(item.parent);
      }
      // Removing an attribute adds no item, only a deletion: the changed keys show it.
      for (const [type, keys] of tr.changed)
        if (type instanceof Y.XmlElement && keys.has('id')) touched.add(type);
    }
    const duplicates = new Set<string>();
    const rename: Y.ID[] = [];
    for (const el of touched) {
      if (!needsId(el) || !isLive(el)) continue;
      const id = el.getAttribute('id');
      if (id === undefined && !strict) {
        // Yjs's undo can restore a paragraph without the id a later edit gave it: named anew.
        if (el._item) rename.push(el._item.id);
        continue;
      }
      if (!isBlockId(id))
        return { ok: false, reason: `update leaves a ${el.nodeName} block without a valid id` };
      const others = this.ids.holders(id).filter((other) => other !== el);
      this.ids.add(el);
      if (others.length === 0) continue;
      // Two blocks of this very update with one id: no editor does that (its own repair runs
      // before it sends), so it is refused. A repeat of a block stored before is repaired, even
      // when the sender knew that block: Yjs's undo re-creates a moved paragraph with its id
      // after a colleague moved it too, an honest edit that refusing would throw away.
      if (
        strict ||
        (isNewIn(el, transactions) &&
          others.some((other) => touched.has(other) && isNewIn(other, transactions)))
      )
        return { ok: false, reason: `update gives two blocks the id "${id}"` };
      duplicates.add(id);
      if (el._item) rename.push(el._item.id);
    }
    if (duplicates.size > 0) judged.duplicates = [...duplicates];
    if (rename.length > 0) judged.rename = rename;
    return judged;
  }

  private judge(transactions: readonly Y.Transaction[], strict: boolean): Verdict {
    const fragment = this.shadow.getXmlFragment(FRAGMENT_NAME);
    let changed = false;
    const types = new Set<YType>();
    for (const tr of transactions) {
      for (const [client, clock] of tr.afterState) {
        if (clock > (tr.beforeState.get(client) ?? 0)) changed = true;
      }
      if (tr.deleteSet.clients.size > 0) changed = true;
      for (const type of tr.changed.keys()) types.add(type as YType);
    }
    const plainTyping = this.fastPath ? this.plainTypingTargets(transactions) : new Set<YType>();
    const blocks = new Set<Y.XmlElement>();
    let wholeDoc = false;
    for (const type of types) {
      const path = ancestry(type);
      if (path.root !== fragment)
        return { ok: false, reason: 'update writes outside the document text' };
      if (path.deleted || plainTyping.has(type)) continue;
      if (path.topBlock === null) wholeDoc = true;
      else blocks.add(path.topBlock);
    }
    // Deleted structs under a surviving parent change that parent, which tr.changed lists.
    const prune: Y.ID[] = [];
    try {
      if (wholeDoc) {
        prune.push(...emptyLists(fragment));
        this.schema.nodeFromJSON(withoutEmptyLists(yFragmentToJSON(fragment))).check();
        for (const child of fragment.toArray())
          if (child instanceof Y.XmlElement) this.checkAttrs(child);
      } else {
        for (const block of blocks) {
          prune.push(...emptyLists(block));
          this.schema.nodeFromJSON(withoutEmptyLists(yElementToJSON(block))).check();
          this.checkAttrs(block);
        }
      }
    } catch (err) {
      return { ok: false, reason: `update makes the text invalid: ${(err as Error).message}` };
    }
    const join = twoListParagraphs(types);
    if (strict && join.length > 0)
      return { ok: false, reason: 'update leaves two lists in one paragraph' };
    if (strict && prune.length > 0) return { ok: false, reason: 'update leaves an empty list' };
    const verdict: Verdict = { ok: true, changed };
    if (join.length > 0) verdict.join = join;
    if (prune.length > 0) verdict.prune = prune;
    return verdict;
  }

  /**
   * The texts whose only change is plain characters typed or deleted inside a paragraph's
   * running text. Such a change cannot break the schema, so the validator need not re-read the
   * whole paragraph for it: with history kept (no garbage collection) that re-read grows with
   * every keystroke ever made in the paragraph. Formatting, embedded objects and new or removed
   * elements still get the full check (their parent element is what changed then).
   */
  private plainTypingTargets(transactions: readonly Y.Transaction[]): Set<YType> {
    const plain = new Map<YType, boolean>();
    for (const tr of transactions) {
      for (const item of this.newItems(tr)) {
        const parent = item.parent as YType;
        const typing =
          (item.content instanceof Y.ContentString || item.content instanceof Y.ContentDeleted) &&
          parent instanceof Y.XmlText &&
          this.holdsText(parent);
        plain.set(parent, (plain.get(parent) ?? true) && typing);
      }
    }
    // A text changed only by deletions has no new items: deleting characters is always valid.
    for (const tr of transactions) {
      for (const type of tr.changed.keys()) {
        if (type instanceof Y.XmlText && !plain.has(type as YType) && this.holdsText(type)) {
          plain.set(type as YType, true);
        }
      }
    }
    return new Set([...plain].filter(([, ok]) => ok).map(([type]) => type));
  }

  /** The items a transaction added to the shadow, client by client. */
  private *newItems(tr: Y.Transaction): Generator<Y.Item> {
    for (const [client, after] of tr.afterState) {
      const before = tr.beforeState.get(client) ?? 0;
      if (after <= before) continue;
      const structs = this.shadow.store.clients.get(client) ?? [];
      for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
        const item = structs[i];
        if (item instanceof Y.Item) yield item;
      }
    }
  }

  /** True when a text sits directly in an element whose content is running text. */
  private holdsText(text: Y.XmlText): boolean {
    const parent = text._item?.parent;
    return (
      parent instanceof Y.XmlElement && this.schema.nodes[parent.nodeName]?.inlineContent === true
    );
  }

  /** ProseMirror drops unknown attributes silently; the server refuses them instead. */
  private checkAttrs(el: Y.XmlElement): void {
    const type = this.schema.nodes[el.nodeName];
    if (!type) throw new RangeError(`unknown node type ${el.nodeName}`);
    const allowed = type.spec.attrs ?? {};
    for (const key of Object.keys(el.getAttributes())) {
      if (!(key in allowed)) throw new RangeError(`unsupported attribute ${key} on ${el.nodeName}`);
    }
    for (const child of el.toArray()) if (child instanceof Y.XmlElement) this.checkAttrs(child);
  }
}

/** The Yjs items of the live lists under `root` that hold no item (DM8). */
function emptyLists(root: Y.XmlFragment | Y.XmlElement): Y.ID[] {
  const found: Y.ID[] = [];
  for (const node of root.createTreeWalker(
    (n) => n instanceof Y.XmlElement && n.nodeName === 'list',
  ))
    if ((node as Y.XmlElement).length === 0 && node._item) found.push(node._item.id);
  return found;
}

/** `json` without the lists that hold no item, which the repair removes (DM8). */
function withoutEmptyLists(json: NodeJSON): NodeJSON {
  if (!json.content) return json;
  const content = json.content
    .filter((c) => !(c.type === 'list' && (c.content?.length ?? 0) === 0))
    .map(withoutEmptyLists);
  return { ...json, content };
}

/** Paragraphs whose running text is followed by more than one list. */
const LIST_HOLDERS: ReadonlySet<string> = new Set(['preambular', 'operative', 'action']);

/** The Yjs items of the changed, live paragraphs that hold two lists or more (DM7). */
function twoListParagraphs(types: ReadonlySet<YType>): Y.ID[] {
  const found: Y.ID[] = [];
  for (const type of types) {
    if (!(type instanceof Y.XmlElement) || !LIST_HOLDERS.has(type.nodeName)) continue;
    if (!type._item || !isLive(type)) continue;
    const lists = type.toArray().filter((c) => c instanceof Y.XmlElement && c.nodeName === 'list');
    if (lists.length > 1) found.push(type._item.id);
  }
  return found;
}

/** True when `el` was created by the transactions (not merely re-labelled by them). */
function isNewIn(el: Y.XmlElement, transactions: readonly Y.Transaction[]): boolean {
  const item = el._item;
  if (!item) return false;
  return transactions.some((tr) => item.id.clock >= (tr.beforeState.get(item.id.client) ?? 0));
}

interface Ancestry {
  root: YType;
  /** The child of the root that contains the type, or null when the type is the root. */
  topBlock: Y.XmlElement | null;
  /** True when the type or one of its ancestors is deleted (its parent's check covers it). */
  deleted: boolean;
}

function ancestry(type: YType): Ancestry {
  let current: YType = type;
  let below: YType | null = null;
  let deleted = false;
  while (current._item !== null) {
    if (current._item.deleted) deleted = true;
    below = current;
    current = current._item.parent as YType;
  }
  return { root: current, topBlock: below instanceof Y.XmlElement ? below : null, deleted };
}
