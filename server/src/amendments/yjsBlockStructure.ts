import * as Y from 'yjs';
import type { Node, NodeType } from 'prosemirror-model';
import { nodeToY, OBJECT_MARK, schema } from '@accord/shared';
import { findBlock } from './yjsBlockText.js';

const PARAGRAPHS: ReadonlySet<string> = new Set(['preambular', 'operative', 'action']);

/** The new block as ProseMirror builds it, so `nodeToY` stores it exactly as y-prosemirror would. */
function newBlock(type: string, text: string, id: string): Node {
  const nodeType = schema.nodes[type];
  // The types an `insert` amendment may propose (INSERTABLE_TYPES).
  if (!nodeType || !(PARAGRAPHS.has(type) || type === 'list_item')) {
    throw new RangeError(`cannot insert a block of type ${type}`);
  }
  if (text.includes(OBJECT_MARK)) {
    throw new RangeError('a new block cannot contain a footnote marker (U+FFFC)');
  }
  const inline = text ? [schema.text(text)] : [];
  const block = PARAGRAPHS.has(type)
    ? nodeType.create({ id }, schema.nodes.body!.create(null, inline))
    : nodeType.create({ id }, inline);
  block.check();
  return block;
}

const indexIn = (parent: Y.XmlFragment, child: Y.XmlElement): number =>
  parent.toArray().indexOf(child);

const typeOf = (parent: Y.XmlFragment): NodeType | undefined =>
  parent instanceof Y.XmlElement ? schema.nodes[parent.nodeName] : schema.topNodeType;

/** Whether `parent`'s children, with a `type` block added at `index`, are what the schema allows. */
function fits(parent: Y.XmlFragment, index: number, type: string): boolean {
  const names = parent.toArray().map((c) => (c instanceof Y.XmlElement ? c.nodeName : '#text'));
  names.splice(index, 0, type);
  let match = typeOf(parent)?.contentMatch ?? null;
  for (const name of names) {
    const childType = schema.nodes[name];
    match = childType ? (match?.matchType(childType) ?? null) : null;
    if (!match) return false;
  }
  return match?.validEnd ?? false;
}

/**
 * Places the block an accepted `insert` amendment proposes (AM2): right after the block
 * `afterBlockId` at the same level, or, for the first block inside a container, into it (a list
 * item after a paragraph becomes the first item of its list, created after the body if it has
 * none; an action point after a goal becomes its first action point). The text is plain. Returns
 * the new block's element. Throws a RangeError when the anchor is missing or the schema does not
 * allow the block there (an operative paragraph between two preambular ones, for instance).
 */
export function insertBlockAfter(
  fragment: Y.XmlFragment,
  afterBlockId: string,
  type: string,
  text: string,
  newId: string,
): Y.XmlElement {
  const anchor = findBlock(fragment, afterBlockId);
  if (!anchor) throw new RangeError(`no block ${afterBlockId} to insert after`);
  if (findBlock(fragment, newId)) throw new RangeError(`block id ${newId} is already taken`);
  const node = newBlock(type, text, newId);
  const placeError = () =>
    new RangeError(`a ${type} cannot follow the ${anchor.nodeName} ${afterBlockId}`);

  if (type === 'list_item' && PARAGRAPHS.has(anchor.nodeName)) {
    const list = anchor.toArray().find((c) => c instanceof Y.XmlElement && c.nodeName === 'list');
    if (list instanceof Y.XmlElement) return insertInto(list, 0, node);
    const created = nodeToY(schema.nodes.list!.create(null, node));
    // The body is the first child; a list goes right after it.
    anchor.insert(1, [created]);
    return created.get(0) as Y.XmlElement;
  }
  if (type === 'action' && anchor.nodeName === 'goal') {
    if (!fits(anchor, 1, type)) throw placeError();
    return insertInto(anchor, 1, node);
  }
  const parent = anchor.parent;
  if (!(parent instanceof Y.XmlFragment)) throw placeError();
  const index = indexIn(parent, anchor) + 1;
  if (!fits(parent, index, type)) throw placeError();
  return insertInto(parent, index, node);
}

function insertInto(parent: Y.XmlFragment, index: number, node: Node): Y.XmlElement {
  const element = nodeToY(node);
  parent.insert(index, [element]);
  return element;
}

/**
 * Removes the block an accepted `delete` amendment targets (AM2), with everything inside it.
 * The last item of a list takes its list along, since the schema forbids an empty list.
 * Returns false when no block has that id (already deleted by someone else).
 */
export function deleteBlock(fragment: Y.XmlFragment, blockId: string): boolean {
  const block = findBlock(fragment, blockId);
  const parent = block?.parent;
  if (!block || !(parent instanceof Y.XmlFragment)) return false;
  if (parent instanceof Y.XmlElement && parent.nodeName === 'list' && parent.length === 1) {
    const outer = parent.parent;
    if (outer instanceof Y.XmlFragment) {
      outer.delete(indexIn(outer, parent), 1);
      return true;
    }
  }
  parent.delete(indexIn(parent, block), 1);
  return true;
}
