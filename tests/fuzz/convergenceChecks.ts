import * as Y from 'yjs';
import type { Node } from 'prosemirror-model';
import {
  FRAGMENT_NAME,
  ID_NODE_TYPES,
  schema,
  yFragmentToDoc,
  yFragmentToJSON,
  type NodeJSON,
} from '@accord/shared';

/** A Y.Doc under the name the report uses for it (a client, the store, a fresh reader). */
export interface NamedDoc {
  name: string;
  doc: Y.Doc;
}

function walk(json: NodeJSON, path: string, visit: (n: NodeJSON, path: string) => void): void {
  visit(json, path);
  json.content?.forEach((child, i) => walk(child, `${path}/${i}:${child.type}`, visit));
}

/**
 * What is wrong with one document: not valid against the schema (content, marks, attributes),
 * a block without an id, two blocks with one id (SPEC DM2).
 */
export function documentProblems(doc: Y.Doc): string[] {
  const fragment = doc.getXmlFragment(FRAGMENT_NAME);
  const problems: string[] = [];
  try {
    yFragmentToDoc(fragment, schema);
  } catch (err) {
    problems.push(`invalid: ${(err as Error).message}`);
  }
  const seen = new Map<string, string>();
  walk(yFragmentToJSON(fragment), '', (node, path) => {
    if (!ID_NODE_TYPES.has(node.type)) return;
    const id = node.attrs?.id;
    if (typeof id !== 'string') problems.push(`block without id at ${path}`);
    else if (seen.has(id)) problems.push(`duplicate id ${id} at ${seen.get(id)} and ${path}`);
    else seen.set(id, path);
  });
  return problems;
}

/** Footnote markers whose footnote is gone (a concurrent deletion): reported, not refused. */
export function danglingMarkers(doc: Y.Doc): string[] {
  const json = yFragmentToJSON(doc.getXmlFragment(FRAGMENT_NAME));
  const notes = new Set<unknown>();
  const refs: string[] = [];
  walk(json, '', (node) => {
    if (node.type === 'footnote') notes.add(node.attrs?.id);
    if (node.type === 'footnote_ref') refs.push(String(node.attrs?.ref));
  });
  return refs.filter((ref) => !notes.has(ref));
}

/** The first top-level block where two documents differ, for a readable report. */
function firstDifference(a: NodeJSON, b: NodeJSON): string {
  const left = a.content ?? [];
  const right = b.content ?? [];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const l = JSON.stringify(left[i] ?? null);
    const r = JSON.stringify(right[i] ?? null);
    if (l !== r) return `block ${i}: ${l.slice(0, 200)} ≠ ${r.slice(0, 200)}`;
  }
  return 'same blocks, different root';
}

/**
 * What keeps a set of documents from having converged: each one's own problems, and every
 * document that differs from the first, in content (ProseMirror JSON) or in Yjs state (the
 * same items and deletions: a later edit would otherwise still diverge).
 */
export function convergenceProblems(docs: readonly NamedDoc[]): string[] {
  const problems: string[] = [];
  for (const { name, doc } of docs)
    for (const p of documentProblems(doc)) problems.push(`${name}: ${p}`);
  const [first, ...rest] = docs;
  if (!first) return problems;
  const firstJson = yFragmentToJSON(first.doc.getXmlFragment(FRAGMENT_NAME));
  const firstSnapshot = Y.snapshot(first.doc);
  for (const { name, doc } of rest) {
    const json = yFragmentToJSON(doc.getXmlFragment(FRAGMENT_NAME));
    if (JSON.stringify(json) !== JSON.stringify(firstJson)) {
      problems.push(`${name} differs from ${first.name}: ${firstDifference(json, firstJson)}`);
    } else if (!Y.equalSnapshots(Y.snapshot(doc), firstSnapshot)) {
      problems.push(`${name} has the same text as ${first.name} but not the same Yjs state`);
    }
  }
  return problems;
}

/** True when an editor shows exactly what its Y.Doc holds (the binding kept up). */
export function editorMatches(editorDoc: Node, doc: Y.Doc): boolean {
  return editorMismatch(editorDoc, doc) === null;
}

/** Where an editor's document first differs from its Y.Doc's text, or null when it does not. */
export function editorMismatch(editorDoc: Node, doc: Y.Doc): string | null {
  const fromY = schema.nodeFromJSON(yFragmentToJSON(doc.getXmlFragment(FRAGMENT_NAME)));
  if (fromY.eq(editorDoc)) return null;
  const at = editorDoc.content.findDiffStart(fromY.content);
  if (at === null) return 'the documents differ';
  const around = (n: Node) => {
    const $pos = n.resolve(Math.min(at, n.content.size));
    const parent = $pos.parent;
    const from = Math.max(0, $pos.parentOffset - 30);
    const to = Math.min(parent.content.size, $pos.parentOffset + 30);
    const slice = parent.slice(from, to).content.toJSON() as unknown;
    return `${parent.type.name} ${JSON.stringify(slice)}`;
  };
  return `at ${at}: editor ${around(editorDoc)} ≠ Y.Doc ${around(fromY)}`;
  return 'the documents differ';
}

/** Equal Yjs states: the same items and the same deletions. */
export function sameState(a: Y.Doc, b: Y.Doc): boolean {
  return Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b));
}

function shape(json: NodeJSON): string {
  const id = typeof json.attrs?.id === 'string' ? `#${json.attrs.id}` : '';
  const kids = (json.content ?? []).filter((c) => c.type !== 'text').map((c) => c.type);
  return `${json.type}${id}(${kids.join(' ')})`;
}

/**
 * The blocks of a document that break the schema, each as its type, id and child types (e.g.
 * `preambular#x(body body)`): ProseMirror's own message cuts the content at 50 characters.
 */
export function invalidBlocks(doc: Y.Doc): string[] {
  const json = yFragmentToJSON(doc.getXmlFragment(FRAGMENT_NAME));
  const out: string[] = [];
  const visit = (node: NodeJSON) => {
    try {
      schema.nodeFromJSON(node).check();
    } catch {
      const before = out.length;
      for (const child of node.content ?? []) if (child.type !== 'text') visit(child);
      if (out.length === before) out.push(shape(node));
    }
  };
  try {
    visit(json);
  } catch (err) {
    out.push(`unreadable: ${(err as Error).message}`);
  }
  return out;
}

/** Where the blocks carrying `id` are (path, Yjs item), to read a refused repeated id. */
export function idHolders(doc: Y.Doc, id: string): string[] {
  const out: string[] = [];
  const walk = (el: Y.XmlElement | Y.XmlFragment, path: string) => {
    for (const child of el.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      const here = `${path}/${child.nodeName}`;
      const item = child._item;
      if (child.getAttribute('id') === id && item)
        out.push(`${here} (${item.id.client}:${item.id.clock})`);
      walk(child, here);
    }
  };
  walk(doc.getXmlFragment(FRAGMENT_NAME), '');
  return out;
}
