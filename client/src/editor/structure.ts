import type { Node, NodeType, ResolvedPos } from 'prosemirror-model';
import { Selection, TextSelection, type Transaction } from 'prosemirror-state';
import { newBlockId, schema, type RandomSource } from '@accord/shared';

/** Paragraphs made of a running text (`body`) and an optional list. */
export const NUMBERED: ReadonlySet<string> = new Set(['preambular', 'operative', 'action']);

/** A node type of the schema, failing loudly if the schema ever loses it. */
export function nodeType(name: string): NodeType {
  const type = schema.nodes[name];
  if (!type) throw new Error(`schema lacks ${name}`);
  return type;
}

/** Where a block sits: the node and the position just before it. */
export interface Located {
  node: Node;
  pos: number;
}

/** The innermost ancestor of `$pos` (the textblock included) whose type is in `names`. */
export function ancestor($pos: ResolvedPos, names: ReadonlySet<string>): Located | null {
  for (let d = $pos.depth; d > 0; d--) {
    const node = $pos.node(d);
    if (names.has(node.type.name)) return { node, pos: $pos.before(d) };
  }
  return null;
}

/** An empty numbered paragraph (or action point) with a fresh id, its body ready for typing. */
export function emptyParagraph(type: NodeType, random: RandomSource): Node {
  return type.create({ id: newBlockId(random) }, nodeType('body').create());
}

/** An empty list item with a fresh id. */
export function emptyListItem(random: RandomSource): Node {
  return nodeType('list_item').create({ id: newBlockId(random) });
}

/** An empty goal with a fresh id: its title, no action points yet. */
export function emptyGoal(random: RandomSource): Node {
  return nodeType('goal').create({ id: newBlockId(random) }, nodeType('goal_title').create());
}

/** True for a numbered paragraph with no text and no list: removing it loses nothing. */
export function isEmptyParagraph(node: Node): boolean {
  return NUMBERED.has(node.type.name) && node.childCount === 1 && node.textContent === '';
}

/** True when some footnote marker in `doc` points at `id`. */
export function isReferenced(doc: Node, id: unknown): boolean {
  let found = false;
  doc.descendants((node) => {
    if (found) return false;
    if (node.type.name === 'footnote_ref' && node.attrs.ref === id) found = true;
    return !found;
  });
  return found;
}

/** Puts the caret at `pos` (a position inside a textblock). */
export function caretAt(tr: Transaction, pos: number): void {
  tr.setSelection(TextSelection.create(tr.doc, pos));
}

/** Puts the caret at the end of the nearest textblock before `pos`, or as near as there is. */
export function caretBefore(tr: Transaction, pos: number): void {
  const $pos = tr.doc.resolve(pos);
  tr.setSelection(
    TextSelection.findFrom($pos, -1, true) ??
      TextSelection.findFrom($pos, 1, true) ??
      Selection.atStart(tr.doc),
  );
}

/**
 * The start of the content of the textblock that follows the one `$pos` is in, or null at the
 * end of the document.
 */
export function nextTextblockStart($pos: ResolvedPos): number | null {
  const after = $pos.after();
  if (after >= $pos.doc.content.size) return null;
  const next = TextSelection.findFrom($pos.doc.resolve(after), 1, true);
  return next ? next.from : null;
}
