import type { Node } from 'prosemirror-model';
import { schema, ID_NODE_TYPES, type NodeJSON } from '@accord/shared';

// Tiny builders so an expected document reads like the declaration it stands for:
//   doc(title('T'), pp('Recognising', ref('fn-1'), ';'), op('Adopt:', list(li('a'), li('b'))),
//       goal('Title', action('Do x;')), footnotes(fn('fn-1', 'A note.')))
// Blocks are built without ids; `doc` numbers them per type in document order (pp-1, pp-2 …,
// op-1 …), so expected ids do not depend on the order tests run in. `withId` pins one.

/** Running text: a string, a marked text node (`strong`, `em`, `link`) or a `ref`. */
export type Inline = string | Node;

const ID_PREFIX: Record<string, string> = {
  title: 'title',
  chapeau: 'chapeau',
  preambular: 'pp',
  operative: 'op',
  list_item: 'li',
  goal: 'goal',
  action: 'act',
  footnote: 'fn',
};

function inline(content: readonly Inline[]): Node[] {
  return content.filter((c) => c !== '').map((c) => (typeof c === 'string' ? schema.text(c) : c));
}

function marked(
  name: 'strong' | 'em' | 'link',
  attrs: Record<string, unknown> | null,
  content: readonly Inline[],
): Node[] {
  const mark = schema.marks[name]!.create(attrs);
  return inline(content).map((n) => (n.isText ? n.mark(mark.addToSet(n.marks)) : n));
}

/** Bold text. */
export const strong = (text: string): Node => marked('strong', null, [text])[0]!;
/** Italic text. */
export const em = (text: string): Node => marked('em', null, [text])[0]!;
/** Linked text (the schema refuses targets other than http, https and mailto). */
export const link = (href: string, text: string = href): Node =>
  marked('link', { href }, [text])[0]!;
/**
 * Square-bracketed running text (NS7): the `bracket` mark with its id and the delegation that
 * asked for it, over strings and other marked text (a `ref` inside stays unmarked).
 */
export const bracketed = (id: string, by: string, ...content: Inline[]): Node[] => {
  const mark = schema.marks.bracket!.create({ id, by });
  return inline(content).map((n) => (n.isText ? n.mark(mark.addToSet(n.marks)) : n));
};
/** One option of an alternative (NS10): `group` shared by the options, `option` its number. */
export const alternative = (group: string, option: number, ...content: Inline[]): Node[] => {
  const mark = schema.marks.alternative!.create({ group, option });
  return inline(content).map((n) => (n.isText ? n.mark(mark.addToSet(n.marks)) : n));
};
/** A footnote marker pointing at the footnote with id `id`. */
export const ref = (id: string): Node => schema.nodes.footnote_ref!.create({ ref: id });

/** The same block with a given id, for tests that follow one block through edits. */
export const withId = (id: string, node: Node): Node =>
  node.type.create({ ...node.attrs, id }, node.content, node.marks);

export const title = (text = ''): Node => schema.nodes.title!.create(null, inline([text]));
export const chapeau = (...content: Inline[]): Node =>
  schema.nodes.chapeau!.create(null, inline(content));
export const li = (...content: Inline[]): Node =>
  schema.nodes.list_item!.create(null, inline(content));
export const list = (...items: Node[]): Node => schema.nodes.list!.create(null, items);

function paragraph(
  type: 'preambular' | 'operative' | 'action',
  content: readonly (Inline | Node)[],
): Node {
  const last = content[content.length - 1];
  const hasList = typeof last !== 'string' && last?.type.name === 'list';
  const text = (hasList ? content.slice(0, -1) : content) as Inline[];
  const body = schema.nodes.body!.create(null, inline(text));
  return schema.nodes[type]!.create(null, hasList ? [body, last] : [body]);
}

/** A preambular paragraph; a trailing `list(…)` becomes its list. */
export const pp = (...content: (Inline | Node)[]): Node => paragraph('preambular', content);
/** An operative paragraph; a trailing `list(…)` becomes its list. */
export const op = (...content: (Inline | Node)[]): Node => paragraph('operative', content);
/** An action point of a goal; a trailing `list(…)` becomes its list. */
export const action = (...content: (Inline | Node)[]): Node => paragraph('action', content);
/** A priority goal: its title and its action points. */
export const goal = (goalTitle: string, ...actions: Node[]): Node =>
  schema.nodes.goal!.create(null, [
    schema.nodes.goal_title!.create(null, inline([goalTitle])),
    ...actions,
  ]);
/** A footnote; `id` is what `ref(id)` points at (a block id: 4-32 characters). */
export const fn = (id: string, ...content: Inline[]): Node =>
  schema.nodes.footnote!.create({ id }, inline(content));
export const footnotes = (...notes: Node[]): Node => schema.nodes.footnotes!.create(null, notes);

const jsonCopy = (node: Node) => JSON.parse(JSON.stringify(node.toJSON())) as NodeJSON;

function walk(json: NodeJSON, visit: (n: NodeJSON) => void): void {
  visit(json);
  for (const child of json.content ?? []) walk(child, visit);
}

/**
 * A whole document, schema-checked. An empty `footnotes` block is added when none is given;
 * blocks without an id get `<prefix>-<n>` in document order, skipping ids already taken.
 */
export function doc(...blocks: Node[]): Node {
  const last = blocks[blocks.length - 1];
  const all = last?.type.name === 'footnotes' ? blocks : [...blocks, footnotes()];
  // toJSON shares the nodes' attrs objects, and ProseMirror shares one default attrs object
  // between all nodes of a type; a JSON copy (not structuredClone, which keeps the sharing)
  // lets each block get its own id.
  const json = jsonCopy(schema.nodes.doc!.create(null, all));
  const taken = new Set<string>();
  walk(json, (n) => {
    const id = n.attrs?.id;
    if (typeof id === 'string') taken.add(id);
  });
  const counters = new Map<string, number>();
  walk(json, (n) => {
    if (!ID_NODE_TYPES.has(n.type) || !n.attrs || n.attrs.id !== null) return;
    const prefix = ID_PREFIX[n.type] ?? n.type;
    let id: string;
    do {
      const count = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, count);
      id = `${prefix}-${count}`;
    } while (taken.has(id));
    taken.add(id);
    n.attrs.id = id;
  });
  const built = schema.nodeFromJSON(json);
  built.check();
  return built;
}

/**
 * The document as JSON with every id (and every footnote reference) renamed `id-1`, `id-2` … in
 * order of first appearance: two documents compare equal when they have the same structure and
 * text and their markers point at the corresponding footnotes, whatever ids they were given.
 */
export function canonicalIds(node: Node): NodeJSON {
  const json = jsonCopy(node); // never rename the node's own attrs
  const names = new Map<string, string>();
  const rename = (id: string) => {
    let name = names.get(id);
    if (name === undefined) {
      name = `id-${names.size + 1}`;
      names.set(id, name);
    }
    return name;
  };
  // Footnotes come last in the document but are named in the order markers cite them, so the
  // renaming does not depend on where the footnote block sits.
  walk(json, (n) => {
    if (n.type === 'footnote_ref' && typeof n.attrs?.ref === 'string')
      n.attrs.ref = rename(n.attrs.ref);
    else if (n.attrs && typeof n.attrs.id === 'string') n.attrs.id = rename(n.attrs.id);
  });
  return json;
}
