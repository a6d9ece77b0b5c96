import { Schema, type AttributeSpec, type NodeSpec, type MarkSpec } from 'prosemirror-model';
import { isAllowedHref } from './link.js';
import { isBlockId } from './blockId.js';
import { isAlternativeOption, isBracketBy } from './bracketAttrs.js';

/**
 * The id attribute every addressable block carries. `null` only for a block a client has just
 * created; the id plugin (client) or the importer (server) fills it in the same transaction.
 */
const idAttr: AttributeSpec = {
  default: null,
  validate: (value: unknown) => {
    if (value !== null && !isBlockId(value))
      throw new RangeError(`invalid block id ${String(value)}`);
  },
};

/** A textblock that is part of a paragraph (its running text), not addressable on its own. */
const textblock = (tag: string, cls: string): NodeSpec => ({
  content: 'inline*',
  parseDOM: [{ tag: `${tag}.${cls}` }],
  toDOM: () => [tag, { class: cls }, 0],
});

/**
 * A numbered paragraph: its running text and an optional list inside it. The schema admits more
 * than one list because two editors giving a paragraph a list at once merge into two, and
 * y-prosemirror deletes whatever a schema refuses on every screen; the server joins them into
 * one at once (SPEC DM7).
 */
const paragraph = (name: string): NodeSpec => ({
  content: 'body list*',
  attrs: { id: idAttr },
  defining: true,
  parseDOM: [{ tag: `div.${name}`, getAttrs: (dom) => ({ id: dom.getAttribute('data-id') }) }],
  toDOM: (node) => ['div', { class: name, 'data-id': node.attrs.id as string }, 0],
});

const nodes: Record<string, NodeSpec> = {
  // The order here is the order of a declaration: title, chapeau, preamble, operative part,
  // the Call for Action's goals, and the footnotes at the end.
  doc: { content: 'title chapeau? preambular* operative* goal* footnotes' },
  title: {
    content: 'text*',
    marks: '',
    attrs: { id: idAttr },
    defining: true,
    parseDOM: [{ tag: 'h1' }],
    toDOM: () => ['h1', { class: 'title' }, 0],
  },
  chapeau: {
    content: 'inline*',
    attrs: { id: idAttr },
    parseDOM: [{ tag: 'p.chapeau' }],
    toDOM: () => ['p', { class: 'chapeau' }, 0],
  },
  preambular: paragraph('preambular'),
  operative: paragraph('operative'),
  body: textblock('p', 'body'),
  list: {
    content: 'list_item+',
    parseDOM: [{ tag: 'ul' }],
    toDOM: () => ['ul', { class: 'list' }, 0],
  },
  list_item: {
    content: 'inline*',
    attrs: { id: idAttr },
    defining: true,
    parseDOM: [{ tag: 'li' }],
    toDOM: () => ['li', { class: 'list_item' }, 0],
  },
  goal: {
    content: 'goal_title action*',
    attrs: { id: idAttr },
    defining: true,
    parseDOM: [{ tag: 'section.goal' }],
    toDOM: () => ['section', { class: 'goal' }, 0],
  },
  goal_title: {
    content: 'text*',
    marks: 'em',
    parseDOM: [{ tag: 'h2.goal_title' }],
    toDOM: () => ['h2', { class: 'goal_title' }, 0],
  },
  action: paragraph('action'),
  footnotes: {
    content: 'footnote*',
    parseDOM: [{ tag: 'aside.footnotes' }],
    toDOM: () => ['aside', { class: 'footnotes' }, 0],
  },
  footnote: {
    // Text only: a marker inside a footnote would have no number (markers are numbered in the
    // running text).
    content: 'text*',
    attrs: { id: idAttr },
    parseDOM: [{ tag: 'p.footnote' }],
    toDOM: () => ['p', { class: 'footnote' }, 0],
  },
  footnote_ref: {
    inline: true,
    group: 'inline',
    atom: true,
    selectable: true,
    attrs: {
      // The id of the footnote this marker points at; its number is derived from the order
      // of markers in the text, never stored.
      ref: {
        validate: (value: unknown) => {
          if (!isBlockId(value))
            throw new RangeError(`invalid footnote reference ${String(value)}`);
        },
      },
    },
    parseDOM: [{ tag: 'sup.fn', getAttrs: (dom) => ({ ref: dom.getAttribute('data-ref') }) }],
    toDOM: (node) => ['sup', { class: 'fn', 'data-ref': node.attrs.ref as string }],
  },
  text: { group: 'inline' },
};

const marks: Record<string, MarkSpec> = {
  // First, so its span wraps the other marks and a bracket prints as one "[ … ]" (NS7).
  bracket: {
    // Text typed right after the closing bracket is not bracketed, as after a link.
    inclusive: false,
    attrs: {
      // Which bracket this is: a passage split by a footnote marker stays one bracket.
      id: {
        validate: (value: unknown) => {
          if (!isBlockId(value)) throw new RangeError(`invalid bracket id ${String(value)}`);
        },
      },
      // The delegation that asked for the bracket.
      by: {
        validate: (value: unknown) => {
          if (!isBracketBy(value)) throw new RangeError(`invalid bracket author ${String(value)}`);
        },
      },
    },
    parseDOM: [
      {
        tag: 'span.bracket[data-bracket-id]',
        getAttrs: (dom) => ({
          id: dom.getAttribute('data-bracket-id'),
          by: dom.getAttribute('data-by'),
        }),
      },
    ],
    toDOM: (mark) => [
      'span',
      {
        class: 'bracket',
        'data-bracket-id': mark.attrs.id as string,
        'data-by': mark.attrs.by as string,
      },
      0,
    ],
  },
  // Alternative wordings of one passage, printed "Alt 1: … / Alt 2: …" (NS10): each option is
  // a run of text marked with its group and its number in the group.
  alternative: {
    inclusive: false,
    attrs: {
      group: {
        validate: (value: unknown) => {
          if (!isBlockId(value)) throw new RangeError(`invalid alternative group ${String(value)}`);
        },
      },
      option: {
        validate: (value: unknown) => {
          if (!isAlternativeOption(value))
            throw new RangeError(`invalid alternative number ${String(value)}`);
        },
      },
    },
    parseDOM: [
      {
        tag: 'span.alternative[data-group]',
        getAttrs: (dom) => ({
          group: dom.getAttribute('data-group'),
          option: Number(dom.getAttribute('data-option')),
        }),
      },
    ],
    toDOM: (mark) => [
      'span',
      {
        class: 'alternative',
        'data-group': mark.attrs.group as string,
        'data-option': String(mark.attrs.option as number),
      },
      0,
    ],
  },
  em: {
    parseDOM: [{ tag: 'em' }, { tag: 'i' }],
    toDOM: () => ['em', 0],
  },
  strong: {
    parseDOM: [{ tag: 'strong' }, { tag: 'b' }],
    toDOM: () => ['strong', 0],
  },
  link: {
    inclusive: false,
    attrs: {
      href: {
        validate: (value: unknown) => {
          if (typeof value !== 'string' || !isAllowedHref(value)) {
            throw new RangeError(`link target not allowed: ${String(value)}`);
          }
        },
      },
    },
    parseDOM: [{ tag: 'a[href]', getAttrs: (dom) => ({ href: dom.getAttribute('href') }) }],
    toDOM: (mark) => [
      'a',
      { href: mark.attrs.href as string, rel: 'noopener noreferrer nofollow', target: '_blank' },
      0,
    ],
  },
};

/**
 * The declaration schema: semantic structure (chapeau, preambular and operative paragraphs,
 * goals with action points, footnotes), never visual formatting. Shared by the client editor,
 * the server's update validation and the importer.
 */
export const schema = new Schema({ nodes, marks });

/** Node type names that carry a stable block id. */
export const ID_NODE_TYPES: ReadonlySet<string> = new Set([
  'title',
  'chapeau',
  'preambular',
  'operative',
  'list_item',
  'goal',
  'action',
  'footnote',
]);
