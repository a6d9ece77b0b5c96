import { describe, expect, it } from 'vitest';
import type { Node } from 'prosemirror-model';
import {
  schema,
  ID_NODE_TYPES,
  isAllowedHref,
  MAX_HREF_LENGTH,
  type NodeJSON,
} from '@accord/shared';
import {
  action,
  chapeau,
  doc,
  em,
  fn,
  footnotes,
  goal,
  li,
  link,
  list,
  op,
  pp,
  ref,
  strong,
  title,
} from '../helpers/builders.js';

const n = schema.nodes;

/** Builds a document from JSON and checks it, as the server does with a client's text. */
function checked(json: NodeJSON): Node {
  const node = schema.nodeFromJSON(json);
  node.check();
  return node;
}

const t = (text: string): NodeJSON => ({ type: 'text', text });
const body = (text: string): NodeJSON => ({ type: 'body', content: [t(text)] });
const block = (type: string, id: string, content: NodeJSON[]): NodeJSON => ({
  type,
  attrs: { id },
  content,
});
const titleJSON = block('title', 'title-1', [t('T')]);
const footnotesJSON: NodeJSON = { type: 'footnotes' };

describe('the declaration schema', () => {
  it('DM1 accepts a whole declaration in the order of a declaration', () => {
    const full = doc(
      title('The Budapest Process Ministerial Declaration'),
      chapeau('WE, the Ministers', ref('fn-1'), ';'),
      pp('Recognising ', em('the'), ' progress;'),
      op('Adopt ', strong('the'), ' priorities:', list(li('one;'), li('two.'))),
      goal('Prevent irregular migration', action('Strengthen cooperation;', list(li('a')))),
      footnotes(fn('fn-1', 'See ', link('https://example.org'), '.')),
    );
    expect(() => full.check()).not.toThrow();
    // The smallest document: a title and an (empty) footnotes block.
    expect(() => checked({ type: 'doc', content: [titleJSON, footnotesJSON] })).not.toThrow();
  });

  it('DM1 refuses documents out of order or missing their title or footnotes', () => {
    const pp1 = block('preambular', 'pp-1', [body('Recalling;')]);
    const op1 = block('operative', 'op-1', [body('Adopt.')]);
    expect(() => checked({ type: 'doc', content: [pp1, footnotesJSON] })).toThrow(RangeError);
    expect(() => checked({ type: 'doc', content: [titleJSON] })).toThrow(RangeError);
    expect(() => checked({ type: 'doc', content: [titleJSON, op1, pp1, footnotesJSON] })).toThrow(
      RangeError,
    );
    expect(() =>
      checked({ type: 'doc', content: [titleJSON, pp1, op1, footnotesJSON] }),
    ).not.toThrow();
    const goal1 = block('goal', 'goal-1', [{ type: 'goal_title', content: [t('G')] }]);
    expect(() => checked({ type: 'doc', content: [titleJSON, goal1, op1, footnotesJSON] })).toThrow(
      RangeError,
    );
  });

  it('DM1 keeps text in its blocks: no text directly in a goal, no list outside a paragraph, no empty list', () => {
    const goalWithText = {
      type: 'goal',
      attrs: { id: 'goal-1' },
      content: [{ type: 'goal_title', content: [t('G')] }, t('stray')],
    };
    expect(() =>
      checked({ type: 'doc', content: [titleJSON, goalWithText, footnotesJSON] }),
    ).toThrow(RangeError);
    const goalWithoutTitle = block('goal', 'goal-1', [block('action', 'act-1', [body('Do.')])]);
    expect(() =>
      checked({ type: 'doc', content: [titleJSON, goalWithoutTitle, footnotesJSON] }),
    ).toThrow(RangeError);
    const topLevelList = { type: 'list', content: [block('list_item', 'li-1', [t('a')])] };
    expect(() =>
      checked({ type: 'doc', content: [titleJSON, topLevelList, footnotesJSON] }),
    ).toThrow(RangeError);
    const emptyList = block('operative', 'op-1', [body('Adopt:'), { type: 'list' }]);
    expect(() => checked({ type: 'doc', content: [titleJSON, emptyList, footnotesJSON] })).toThrow(
      RangeError,
    );
    // DM7: two lists are admitted (a concurrent merge), and the server joins them.
    const twoLists = block('operative', 'op-1', [
      body('Adopt:'),
      { type: 'list', content: [block('list_item', 'li-1', [t('a')])] },
      { type: 'list', content: [block('list_item', 'li-2', [t('b')])] },
    ]);
    expect(() =>
      checked({ type: 'doc', content: [titleJSON, twoLists, footnotesJSON] }),
    ).not.toThrow();
    expect(() => n.chapeau!.createChecked({ id: 'chap-1' }, [list(li('a'))])).toThrow(RangeError);
    expect(() => n.footnotes!.createChecked(null, [pp('Recalling;')])).toThrow(RangeError);
  });

  it('DM1 headings carry no formatting beyond what they allow', () => {
    expect(() => n.title!.createChecked({ id: 'title-1' }, [strong('T')])).toThrow(RangeError);
    expect(() => n.title!.createChecked({ id: 'title-1' }, [ref('fn-1')])).toThrow(RangeError);
    expect(() => n.goal_title!.createChecked(null, [em('G')])).not.toThrow();
    expect(() => n.goal_title!.createChecked(null, [strong('G')])).toThrow(RangeError);
    expect(() => n.goal_title!.createChecked(null, [ref('fn-1')])).toThrow(RangeError);
  });

  it('DM2 every addressable block type, and only those, carries an id', () => {
    const withId = Object.values(n)
      .filter((type) => type.spec.attrs !== undefined && 'id' in type.spec.attrs)
      .map((type) => type.name)
      .sort();
    expect(withId).toEqual([...ID_NODE_TYPES].sort());
    expect([...ID_NODE_TYPES].sort()).toEqual([
      'action',
      'chapeau',
      'footnote',
      'goal',
      'list_item',
      'operative',
      'preambular',
      'title',
    ]);
  });

  it('DM2 refuses malformed block ids and footnote references, accepts null for a brand-new block', () => {
    expect(() => n.preambular!.create({ id: 'has space' })).toThrow(RangeError);
    expect(() => n.preambular!.create({ id: 'x' })).toThrow(RangeError);
    expect(() => n.preambular!.create({ id: 42 })).toThrow(RangeError);
    expect(() => n.preambular!.createChecked({ id: null }, [n.body!.create()])).not.toThrow();
    expect(() => n.footnote_ref!.create({ ref: '"><script>' })).toThrow(RangeError);
    expect(() => n.footnote_ref!.create({})).toThrow(RangeError);
    expect(() =>
      checked({
        type: 'doc',
        content: [titleJSON, block('preambular', 'bad id', [body('Recalling;')]), footnotesJSON],
      }),
    ).toThrow(RangeError);
  });

  it('DM4 links point only at http, https and mailto URLs of reasonable length', () => {
    for (const ok of [
      'http://example.org',
      'https://eur-lex.europa.eu/x?a=1&b=2',
      'mailto:secretariat@example.org',
    ]) {
      expect(isAllowedHref(ok), ok).toBe(true);
      expect(() => schema.marks.link!.create({ href: ok })).not.toThrow();
    }
    const refused = [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:x',
      'ftp://example.org/file',
      '/relative/path',
      'example.org',
      '',
      `https://example.org/${'a'.repeat(MAX_HREF_LENGTH)}`,
    ];
    for (const bad of refused) {
      expect(isAllowedHref(bad), bad).toBe(false);
      expect(() => schema.marks.link!.create({ href: bad }), bad).toThrow(RangeError);
    }
    expect(() => schema.marks.link!.create({ href: 42 })).toThrow(RangeError);
    const json: NodeJSON = {
      type: 'doc',
      content: [
        titleJSON,
        block('preambular', 'pp-1', [
          {
            type: 'body',
            content: [
              {
                type: 'text',
                text: 'x',
                marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }],
              },
            ],
          },
        ]),
        footnotesJSON,
      ],
    };
    expect(() => checked(json)).toThrow(RangeError);
  });

  it('DM5 footnote markers are inline atoms that point at a footnote by id', () => {
    const marker = ref('fn-1');
    expect(marker.isInline && marker.isAtom && marker.isLeaf).toBe(true);
    expect(marker.attrs.ref).toBe('fn-1');
    // A footnote's text lives in the footnotes block, not in the marker.
    expect(marker.textContent).toBe('');
    expect(() => n.footnote!.createChecked({ id: 'fn-1' }, [schema.text('A note.')])).not.toThrow();
  });
});
