import * as Y from 'yjs';
import type { Mark, Node, Schema } from 'prosemirror-model';

/**
 * Name of the XmlFragment that holds a document's text in its Y.Doc: y-prosemirror's default, so
 * stock tools bound to a y-websocket room see the text where they expect it.
 */
export const FRAGMENT_NAME = 'prosemirror';

/** JSON form of a ProseMirror node, as `Node.toJSON` produces and `nodeFromJSON` reads. */
export interface NodeJSON {
  type: string;
  attrs?: Record<string, unknown>;
  content?: NodeJSON[];
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

// y-prosemirror stores overlapping marks as "name--hash"; ours never overlap, but accept both.
const HASHED_MARK = /(.*)(--[a-zA-Z0-9+/=]{8})$/;
const markName = (attr: string) => HASHED_MARK.exec(attr)?.[1] ?? attr;

function textToJSON(text: Y.XmlText): NodeJSON[] {
  const out: NodeJSON[] = [];
  for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof op.insert !== 'string') {
      throw new RangeError('embedded object inside text: the schema has no such content');
    }
    const node: NodeJSON = { type: 'text', text: op.insert };
    if (op.attributes && Object.keys(op.attributes).length > 0) {
      node.marks = Object.entries(op.attributes).map(([name, attrs]) => {
        const mark: { type: string; attrs?: Record<string, unknown> } = { type: markName(name) };
        if (attrs !== null && typeof attrs === 'object' && Object.keys(attrs).length > 0) {
          mark.attrs = attrs as Record<string, unknown>;
        }
        return mark;
      });
    }
    out.push(node);
  }
  return out;
}

function elementToJSON(el: Y.XmlElement | Y.XmlFragment, type: string): NodeJSON {
  const node: NodeJSON = { type };
  if (el instanceof Y.XmlElement) {
    const attrs = el.getAttributes();
    if (Object.keys(attrs).length > 0) node.attrs = attrs;
  }
  const content: NodeJSON[] = [];
  for (const child of el.toArray()) {
    if (child instanceof Y.XmlText) content.push(...textToJSON(child));
    else if (child instanceof Y.XmlElement) content.push(elementToJSON(child, child.nodeName));
    else throw new RangeError('unexpected child type in XML fragment');
  }
  if (content.length > 0) node.content = content;
  return node;
}

/** Reads one Y.XmlElement (a block and everything inside it) as ProseMirror JSON. */
export function yElementToJSON(el: Y.XmlElement): NodeJSON {
  return elementToJSON(el, el.nodeName);
}

/** Reads a Y.XmlFragment as ProseMirror JSON, the way y-prosemirror maps it, without changing it. */
export function yFragmentToJSON(fragment: Y.XmlFragment): NodeJSON {
  return elementToJSON(fragment, 'doc');
}

/**
 * Reads a Y.XmlFragment as a ProseMirror document and checks it against the schema (content,
 * marks and attribute validators, such as link targets). Throws a RangeError saying what is
 * wrong. Unlike y-prosemirror's own reader it never deletes anything from the Y.Doc.
 */
export function yFragmentToDoc(fragment: Y.XmlFragment, schema: Schema): Node {
  const doc = schema.nodeFromJSON(yFragmentToJSON(fragment));
  doc.check();
  return doc;
}

function marksToAttributes(marks: readonly Mark[]): Record<string, unknown> {
  const attrs: Record<string, unknown> = {};
  for (const mark of marks) attrs[mark.type.name] = mark.attrs;
  return attrs;
}

/** One ProseMirror block as a new (unintegrated) Y.XmlElement, encoded as y-prosemirror does. */
export function nodeToY(node: Node): Y.XmlElement {
  const el = new Y.XmlElement(node.type.name);
  for (const [key, value] of Object.entries(node.attrs)) {
    if (value !== null) el.setAttribute(key, value as string);
  }
  const children: (Y.XmlElement | Y.XmlText)[] = [];
  let run: Node[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const text = new Y.XmlText();
    text.applyDelta(
      run.map((t) => ({ insert: t.text ?? '', attributes: marksToAttributes(t.marks) })),
    );
    children.push(text);
    run = [];
  };
  node.forEach((child) => {
    if (child.isText) run.push(child);
    else {
      flush();
      children.push(nodeToY(child));
    }
  });
  flush();
  el.insert(0, children);
  return el;
}

/**
 * Writes a ProseMirror document into an empty Y.XmlFragment using y-prosemirror's encoding
 * (element per node, attributes for non-null attrs, XmlText runs with marks as attributes), so
 * the result is exactly what an editor bound with y-prosemirror reads back.
 */
export function docToYFragment(doc: Node, fragment: Y.XmlFragment): void {
  if (fragment.length > 0) throw new Error('docToYFragment needs an empty fragment');
  const children: Y.XmlElement[] = [];
  doc.forEach((child) => children.push(nodeToY(child)));
  fragment.insert(0, children);
}

/** Makes a new Y.Doc holding `doc`; history is kept (gc off), as the server keeps it. */
export function docToYDoc(doc: Node): Y.Doc {
  const ydoc = new Y.Doc({ gc: false });
  ydoc.transact(() => docToYFragment(doc, ydoc.getXmlFragment(FRAGMENT_NAME)));
  return ydoc;
}
