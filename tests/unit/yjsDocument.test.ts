import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Node } from 'prosemirror-model';
import { prosemirrorToYDoc, yXmlFragmentToProsemirrorJSON } from 'y-prosemirror';
import {
  docToYDoc,
  docToYFragment,
  FRAGMENT_NAME,
  importDeclaration,
  schema,
  seededRandom,
  yFragmentToDoc,
  yFragmentToJSON,
} from '@accord/shared';
import { readSeed } from '../helpers/seeds.js';
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

/** A document that uses every node type and mark, including a footnote marker and links. */
const rich = () =>
  doc(
    title('The Test Ministerial Declaration'),
    chapeau('WE, the ', strong('Ministers'), ref('fn-1'), ';'),
    pp('Recognising ', em('the'), ' progress', ref('fn-2'), ';'),
    pp(''),
    op(
      'Adopt ',
      strong('the'),
      ' priorities:',
      list(
        li(strong('Priority 1:'), ' prevent;'),
        li('write to ', link('mailto:sec@example.org'), '.'),
      ),
    ),
    goal('First ', action('Do x;'), action('Do y:', list(li('y1')))),
    goal('Empty goal'),
    footnotes(
      fn('fn-1', 'Observers.'),
      fn('fn-2', 'See ', link('https://eur-lex.europa.eu/x?a=1&b=2'), '.'),
    ),
  );

const fragmentOf = (ydoc: Y.Doc) => ydoc.getXmlFragment(FRAGMENT_NAME);

/** Runs `read` and checks it neither changed the Y.Doc nor wrote anything to it. */
function expectUntouched(ydoc: Y.Doc, read: () => void): void {
  const before = Y.encodeStateAsUpdate(ydoc);
  const json = JSON.stringify(fragmentOf(ydoc).toJSON());
  let updates = 0;
  const count = () => updates++;
  ydoc.on('update', count);
  try {
    read();
  } finally {
    ydoc.off('update', count);
  }
  expect(updates).toBe(0);
  expect(Y.encodeStateAsUpdate(ydoc)).toEqual(before);
  expect(JSON.stringify(fragmentOf(ydoc).toJSON())).toBe(json);
}

/** A Y.Doc holding `rich()`, then changed by `mutate` as a (malicious or buggy) client might. */
function tampered(mutate: (fragment: Y.XmlFragment) => void): Y.Doc {
  const ydoc = docToYDoc(rich());
  ydoc.transact(() => mutate(fragmentOf(ydoc)));
  return ydoc;
}

const element = (parent: Y.XmlFragment | Y.XmlElement, index: number): Y.XmlElement => {
  const child = parent.get(index);
  if (!(child instanceof Y.XmlElement)) throw new Error(`child ${index} is not an element`);
  return child;
};

const topLevel = (fragment: Y.XmlFragment, name: string): Y.XmlElement => {
  const found = fragment
    .toArray()
    .find((c): c is Y.XmlElement => c instanceof Y.XmlElement && c.nodeName === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
};

let seedDocs: Node[] | null = null;

/** Both imported seed documents; read on first use so only the tests that need the seed fail without it. */
function seedDocuments(): Node[] {
  if (!seedDocs) {
    const imported = importDeclaration(readSeed('003'), { random: seededRandom(1) });
    seedDocs = [imported.declaration.doc, imported.callForAction.doc];
  }
  return seedDocs;
}

describe('ProseMirror ↔ Y.Doc', () => {
  it('round-trips a document with every node type, marks, footnote markers and links', () => {
    const original = rich();
    const ydoc = docToYDoc(original);
    const back = yFragmentToDoc(fragmentOf(ydoc), schema);
    expect(back.eq(original)).toBe(true);
    expect(back.toJSON()).toEqual(original.toJSON());
  });

  it('round-trips both imported Budapest Process documents, also through an update to a fresh Y.Doc', () => {
    for (const original of seedDocuments()) {
      const ydoc = docToYDoc(original);
      expect(yFragmentToDoc(fragmentOf(ydoc), schema).toJSON()).toEqual(original.toJSON());
      // What a client receives: the state as one update, applied to an empty Y.Doc.
      const remote = new Y.Doc();
      Y.applyUpdate(remote, Y.encodeStateAsUpdate(ydoc));
      expect(yFragmentToDoc(fragmentOf(remote), schema).toJSON()).toEqual(original.toJSON());
    }
  });

  it('keeps history: the Y.Doc is created without garbage collection', () => {
    expect(docToYDoc(rich()).gc).toBe(false);
  });

  it('refuses to write into a fragment that already holds text', () => {
    const ydoc = docToYDoc(rich());
    expect(() => docToYFragment(rich(), fragmentOf(ydoc))).toThrow();
    expectUntouched(ydoc, () => expect(() => docToYFragment(rich(), fragmentOf(ydoc))).toThrow());
  });

  it("y-prosemirror's own reader sees our encoding as the same document", () => {
    for (const original of [rich(), ...seedDocuments()]) {
      const fragment = fragmentOf(docToYDoc(original));
      const theirs = schema.nodeFromJSON(yXmlFragmentToProsemirrorJSON(fragment));
      expect(theirs.eq(original)).toBe(true);
      expect(theirs.toJSON()).toEqual(original.toJSON());
    }
  });

  it("our reader sees y-prosemirror's own encoding as the same document, with the same structure as ours", () => {
    for (const original of [rich(), ...seedDocuments()]) {
      const theirs = fragmentOf(prosemirrorToYDoc(original, FRAGMENT_NAME));
      const ours = fragmentOf(docToYDoc(original));
      expect(yFragmentToDoc(theirs, schema).eq(original)).toBe(true);
      expect(yFragmentToJSON(theirs)).toEqual(yFragmentToJSON(ours));
      expect(theirs.toString()).toBe(ours.toString());
    }
  });
});

describe('yFragmentToDoc refuses what the schema does not allow, and changes nothing', () => {
  // Each case names the message it must fail with, so it cannot pass for another reason.
  const refused: [string, RegExp, (fragment: Y.XmlFragment) => void][] = [
    [
      'an unknown node type',
      /Unknown node type: paragraph/,
      (f) => {
        const p = new Y.XmlElement('paragraph');
        p.insert(0, [new Y.XmlText('hello')]);
        f.insert(1, [p]);
      },
    ],
    [
      'text directly inside a goal',
      /Invalid content for node goal/,
      (f) => topLevel(f, 'goal').insert(1, [new Y.XmlText('stray text')]),
    ],
    [
      'a link to a javascript: URL',
      /link target not allowed: javascript:/,
      (f) => {
        const body = element(topLevel(f, 'preambular'), 0);
        const text = body.get(0);
        if (!(text instanceof Y.XmlText)) throw new Error('no text in the body');
        text.format(0, 5, { link: { href: 'javascript:alert(document.cookie)' } });
      },
    ],
    ['a document without its title', /Invalid content for node doc/, (f) => f.delete(0, 1)],
    [
      'a malformed block id',
      /invalid block id/,
      (f) => topLevel(f, 'operative').setAttribute('id', '"><img src=x>'),
    ],
    [
      'a list directly in the document',
      /Invalid content for node doc/,
      (f) => f.insert(2, [element(topLevel(f, 'operative'), 1).clone()]),
    ],
  ];

  for (const [what, message, mutate] of refused) {
    it(`refuses ${what} with a RangeError`, () => {
      const ydoc = tampered(mutate);
      expectUntouched(ydoc, () => {
        expect(() => yFragmentToDoc(fragmentOf(ydoc), schema)).toThrow(RangeError);
        expect(() => yFragmentToDoc(fragmentOf(ydoc), schema)).toThrow(message);
      });
    });
  }

  it('the untampered document is read without error (the cases above fail for their own reason)', () => {
    const ydoc = tampered(() => undefined);
    expectUntouched(ydoc, () =>
      expect(yFragmentToDoc(fragmentOf(ydoc), schema).eq(rich())).toBe(true),
    );
  });
});
