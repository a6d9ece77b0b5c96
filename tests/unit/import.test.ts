import { beforeAll, describe, expect, it } from 'vitest';
import type { Node } from 'prosemirror-model';
import {
  importDeclaration,
  ImportError,
  seededRandom,
  deriveLabels,
  footnoteNumbers,
  isBlockId,
  ID_NODE_TYPES,
  type ImportedNegotiation,
} from '@accord/shared';
import { readSeed } from '../helpers/seeds.js';
import {
  action,
  canonicalIds,
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

// Test names cite the rules of shared/SPEC.md (IM import, DM document model).

let seed = '';
let seedLines: string[] = [];
let imported: ImportedNegotiation;

const decl = () => imported.declaration.doc;
const cfa = () => imported.callForAction.doc;

function children(node: Node, type: string): Node[] {
  const out: Node[] = [];
  node.forEach((child) => {
    if (child.type.name === type) out.push(child);
  });
  return out;
}

/** The running text of a paragraph or action point (its body, without its list). */
const bodyText = (p: Node) => p.child(0).textContent;
const listItems = (p: Node) => (p.childCount > 1 ? children(p.child(1), 'list_item') : []);

function allOfType(root: Node, type: string): Node[] {
  const out: Node[] = [];
  root.descendants((n) => {
    if (n.type.name === type) out.push(n);
    return true;
  });
  return out;
}

/** Each marker with the top-level block it sits in and the text right before it. */
function markers(root: Node) {
  const out: { ref: string; block: Node; before: string }[] = [];
  root.descendants((node, pos) => {
    if (node.type.name !== 'footnote_ref') return true;
    const $pos = root.resolve(pos);
    out.push({
      ref: node.attrs.ref as string,
      block: $pos.node(1),
      before: $pos.parent.textBetween(0, $pos.parentOffset),
    });
    return false;
  });
  return out;
}

function footnoteById(root: Node, id: string): Node {
  const note = allOfType(root, 'footnote').find((n) => n.attrs.id === id);
  if (!note) throw new Error(`no footnote ${id}`);
  return note;
}

/** The source line, as the seed prints it, with footnote markers, bold asterisks and bullets removed. */
const sourceWithout = (prefix: RegExp) =>
  new Set(
    seedLines.map((l) =>
      l
        .replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]+/gu, '')
        .replace(/\*\*/g, '')
        .replace(prefix, ''),
    ),
  );

const text = (...lines: string[]) => lines.join('\n');

function importError(input: string): ImportError {
  try {
    importDeclaration(input, { random: seededRandom(1) });
  } catch (err) {
    if (err instanceof ImportError) return err;
    throw err;
  }
  throw new Error('expected an ImportError, but the text was imported');
}

describe('importDeclaration on seed 003 (the 2024 Budapest Process draft)', () => {
  beforeAll(() => {
    seed = readSeed('003'); // throws, failing every test here, when the seed is missing
    seedLines = seed.split('\n').map((l) => l.trim());
    imported = importDeclaration(seed, { random: seededRandom(2024) });
  });

  it('IM1 skips the cover note and finds both documents with their titles', () => {
    expect(imported.declaration.title).toBe('The Budapest Process Ministerial Declaration');
    expect(imported.callForAction.title).toBe('The Budapest Process Call for Action 2025-2030');
    expect(decl().child(0).type.name).toBe('title');
    expect(decl().child(0).textContent).toBe('The Budapest Process Ministerial Declaration');
    expect(cfa().child(0).textContent).toBe('The Budapest Process Call for Action 2025-2030');
    for (const cover of [
      'Brussels',
      'Hungarian delegation',
      'Over the last 30 years',
      'EMWP on 17 May',
    ]) {
      expect(decl().textContent).not.toContain(cover);
      expect(cfa().textContent).not.toContain(cover);
    }
  });

  it('IM1 the Declaration has the chapeau, 22 preambular and 7 operative paragraphs in order', () => {
    const chapeaux = children(decl(), 'chapeau');
    expect(chapeaux).toHaveLength(1);
    expect(chapeaux[0]!.textContent).toMatch(/^WE, the Ministers responsible for migration/);
    expect(chapeaux[0]!.textContent.endsWith('United Kingdom and Uzbekistan;')).toBe(true);

    const pps = children(decl(), 'preambular');
    expect(pps).toHaveLength(22);
    expect(bodyText(pps[0]!)).toBe(
      'Gathered in Budapest on ... 2024 at the 7th Ministerial Conference of the Budapest Process, at the invitation of Hungary;',
    );
    expect(bodyText(pps[21]!)).toMatch(
      /^Recognising the progress made in the implementation of the Call for Action/,
    );
    expect(pps.map((p) => bodyText(p).split(' ')[0])).toEqual([
      'Gathered',
      'Thanking',
      'Recognising',
      'Affirming',
      'Taking',
      'Acknowledging',
      'Recognising',
      'Taking',
      'Recalling',
      'Considering',
      'Conscious',
      'Recognising',
      'Concerned',
      'Determined',
      'Convinced',
      'Taking',
      'Taking',
      'Taking',
      'Emphasising',
      'Reiterating',
      'Recalling',
      'Recognising',
    ]);

    const ops = children(decl(), 'operative');
    expect(ops.map((p) => bodyText(p).split(' ').slice(0, 2).join(' '))).toEqual([
      'Adopt the',
      'Agree equally',
      'Decide to',
      'Decide to',
      'Agree to',
      'Commit ourselves,',
      'Congratulate the',
    ]);
    expect(bodyText(ops[6]!)).toBe(
      'Congratulate the authorities of Hungary for the facilities made available to our 7th Ministerial Conference to ensure its full success.',
    );
    // Schema order: title, chapeau, the preamble, the operative part, footnotes.
    const order: string[] = [];
    decl().forEach((c) => order.push(c.type.name));
    expect(order).toEqual([
      'title',
      'chapeau',
      ...Array<string>(22).fill('preambular'),
      ...Array<string>(7).fill('operative'),
      'footnotes',
    ]);
  });

  it('IM1 the bullets go in the list of the paragraph that introduces them (5 and 6 items)', () => {
    const ops = children(decl(), 'operative');
    expect(ops.map((p) => listItems(p).length)).toEqual([5, 6, 0, 0, 0, 0, 0]);
    expect(children(decl(), 'preambular').every((p) => p.childCount === 1)).toBe(true);
    expect(allOfType(decl(), 'list_item')).toHaveLength(11);
    expect(listItems(ops[0]!).map((i) => i.textContent.split(':')[0])).toEqual([
      'Priority 1',
      'Priority 2',
      'Priority 3',
      'Priority 4',
      'Priority 5',
    ]);
    // The bullet after the blank line in the middle of the second list stays in that list.
    expect(listItems(ops[1]!).map((i) => i.textContent.split(':')[0])).toEqual([
      'A regional and whole of route approach',
      'An inclusive and multi-stakeholder approach',
      'A human rights-based approach',
      'Racism, discrimination and xenophobia',
      'Gender and vulnerability',
      'Data reliability and exchange',
    ]);
  });

  it('IM2 DM5 the 5 footnotes are attached to their markers and their texts stay out of the paragraphs', () => {
    const notes = allOfType(decl(), 'footnote');
    expect(notes).toHaveLength(5);
    const ms = markers(decl());
    expect(ms).toHaveLength(5);
    const [m1, m2, m3, m4, m5] = ms;

    expect(m1!.block.type.name).toBe('chapeau');
    expect(m1!.before.endsWith('United Kingdom and Uzbekistan')).toBe(true);
    expect(footnoteById(decl(), m1!.ref).textContent).toMatch(
      /^Australia, Bangladesh, Canada, China, India, Iran and the United States/,
    );

    expect(bodyText(m2!.block)).toMatch(/^Recognising the unique role and strong impact/);
    expect(m2!.before.endsWith('within the Silk Routes Region')).toBe(true);
    expect(footnoteById(decl(), m2!.ref).textContent).toBe(
      'The Silk Routes Region comprises of: Afghanistan (until 08/21), Bangladesh, Iran, Iraq and Pakistan.',
    );

    expect(m3!.before.endsWith('and the Global Compact on Refugees')).toBe(true);
    expect(footnoteById(decl(), m3!.ref).textContent).toMatch(
      /^Without prejudice to the position of each participating/,
    );

    expect(
      m4!.before.endsWith('Recalling the adoption of the EU Pact on Migration and Asylum'),
    ).toBe(true);

    expect(m5!.before.endsWith('largescale movements of refugees and migrants')).toBe(true);
    expect(footnoteById(decl(), m5!.ref).textContent).toMatch(
      /^Refugees, asylum seekers, internally displaced persons/,
    );

    // Numbers are derived from marker order and match the printed ones.
    const numbers = footnoteNumbers(decl());
    expect(ms.map((m) => numbers.get(m.ref))).toEqual([1, 2, 3, 4, 5]);
    // The footnotes block lists them in that order.
    expect(notes.map((n) => n.attrs.id as string)).toEqual(ms.map((m) => m.ref));

    // No footnote text leaked into a paragraph, and no printed marker survived as text.
    const footnoteTexts = notes.map((n) => n.textContent.slice(0, 40));
    decl().forEach((block) => {
      if (block.type.name === 'footnotes') return;
      for (const t of footnoteTexts) expect(block.textContent).not.toContain(t);
    });
    for (const d of [decl(), cfa()]) expect(d.textContent).not.toMatch(/[⁰¹²³⁴⁵⁶⁷⁸⁹]/u);
    expect(children(cfa(), 'footnotes')[0]!.childCount).toBe(0);
  });

  it('IM2 DM4 footnote 4, a bare URL, becomes a link', () => {
    const [, , , m4] = markers(decl());
    const note = footnoteById(decl(), m4!.ref);
    const url =
      'https://eur-lex.europa.eu/resource.html?uri=cellar:85ff8b4f-ff13-11ea-b44f-01aa75ed71a1.0002.02/DOC_3&format=PDF';
    expect(note.childCount).toBe(1);
    expect(note.child(0).text).toBe(url);
    expect(note.child(0).marks.map((m) => [m.type.name, m.attrs.href as string])).toEqual([
      ['link', url],
    ]);
  });

  it('IM1 the Call for Action has 5 goals with 5, 6, 6, 6 and 5 action points, without the printed numbers', () => {
    const goals = children(cfa(), 'goal');
    expect(goals).toHaveLength(5);
    expect(goals.map((g) => children(g, 'action').length)).toEqual([5, 6, 6, 6, 5]);
    expect(allOfType(cfa(), 'action')).toHaveLength(28);
    expect(goals.map((g) => g.child(0).textContent)).toEqual([
      'Prevent and fight against irregular migration, migrant smuggling and trafficking in human beings and reinforce the cooperation in the field of border management',
      'Strengthen existing policies and pathways for legal migration and mobility',
      'Strengthen cooperation for safe and effective return and for sustainable reintegration',
      'Strengthen the positive impact of migration on development as well as address the root causes of irregular migration and forced displacement',
      'Ensure international protection and the respect of the rights of refugees and persons in need of international protection, in line with international obligations',
    ]);
    expect(cfa().textContent).not.toContain('Priority Goal');
    for (const a of allOfType(cfa(), 'action')) expect(bodyText(a)).toMatch(/^\p{Lu}/u);
    // Nothing of the Declaration or the Call for Action landed in the other.
    expect(children(cfa(), 'preambular').length + children(cfa(), 'operative').length).toBe(0);
    expect(children(decl(), 'goal')).toHaveLength(0);
  });

  it('IM1 DM3 the derived labels are the ones delegates cite (PP1, OP7, OP2 (f), 3.4, fn 4)', () => {
    const byLabel = new Map<string, Node>();
    for (const d of [decl(), cfa()]) {
      const labels = deriveLabels(d);
      d.descendants((n) => {
        const id = n.attrs.id as string | undefined;
        const label = id ? labels.get(id) : undefined;
        if (label) byLabel.set(label.short, n);
        return true;
      });
    }
    const labelled = (short: string) => {
      const node = byLabel.get(short);
      if (!node) throw new Error(`no block labelled ${short}`);
      return node;
    };
    expect(bodyText(labelled('PP1'))).toMatch(/^Gathered in Budapest/);
    expect(bodyText(labelled('PP22'))).toMatch(/^Recognising the progress made/);
    expect(byLabel.has('PP23')).toBe(false);
    expect(bodyText(labelled('OP1'))).toMatch(/^Adopt the attached Action Plan/);
    expect(bodyText(labelled('OP7'))).toMatch(/^Congratulate/);
    expect(byLabel.has('OP8')).toBe(false);
    expect(labelled('OP1 (e)').textContent).toMatch(/^Priority 5: Ensure international protection/);
    expect(labelled('OP2 (f)').textContent).toMatch(/^Data reliability and exchange: /);
    expect(labelled('Goal 2').child(0).textContent).toBe(
      'Strengthen existing policies and pathways for legal migration and mobility',
    );
    expect(bodyText(labelled('3.4'))).toBe(
      'Support the strengthening of first line support and referral mechanisms provided to returning migrants, through information campaigns, database formation and the inclusion of returnees in local development programmes;',
    );
    // Blank lines inside a goal's numbering (after 2.2 and 5.2) do not break it.
    expect(bodyText(labelled('2.3'))).toMatch(/^Reinforce labour mobility schemes/);
    expect(bodyText(labelled('5.3'))).toMatch(
      /^Promote the adoption of local, national and regional policies/,
    );
    expect(bodyText(labelled('5.5'))).toMatch(/^Enhance solidarity and responsibility sharing/);
    expect(byLabel.has('5.6')).toBe(false);
    expect(labelled('fn 4').textContent).toMatch(/^https:\/\/eur-lex\.europa\.eu\//);
  });

  it('IM1 **bold** becomes the strong mark, without the asterisks', () => {
    const first = listItems(children(decl(), 'operative')[0]!)[0]!;
    expect(first.child(0).text).toBe('Priority 1:');
    expect(first.child(0).marks.map((m) => m.type.name)).toEqual(['strong']);
    expect(first.child(1).text).toBe(
      ' Prevent and fight against irregular migration, migrant smuggling and trafficking in human beings and reinforce the cooperation in the field of border management;',
    );
    expect(first.child(1).marks).toEqual([]);
    const strongTexts = allOfType(decl(), 'text')
      .filter((t) => t.marks.some((m) => m.type.name === 'strong'))
      .map((t) => t.text);
    expect(strongTexts).toHaveLength(11);
    expect(strongTexts).toContain('Racism, discrimination and xenophobia:');
    for (const d of [decl(), cfa()]) expect(d.textContent).not.toContain('*');
  });

  it('IM1 every paragraph, list item, action point and footnote keeps its exact wording', () => {
    const paragraphs = sourceWithout(/^$/);
    for (const p of [...children(decl(), 'preambular'), ...children(decl(), 'operative')]) {
      expect(paragraphs.has(bodyText(p)), bodyText(p)).toBe(true);
    }
    const bullets = sourceWithout(/^- /);
    for (const item of allOfType(decl(), 'list_item'))
      expect(bullets.has(item.textContent), item.textContent).toBe(true);
    const numbered = sourceWithout(/^\d+\. /);
    for (const a of allOfType(cfa(), 'action'))
      expect(numbered.has(bodyText(a)), bodyText(a)).toBe(true);
    // Footnotes: the printed line minus its number.
    const printed = seedLines
      .filter((l) => /^[⁰¹²³⁴⁵⁶⁷⁸⁹]/u.test(l))
      .map((l) => l.replace(/^[⁰¹²³⁴⁵⁶⁷⁸⁹]+\s*/u, ''));
    expect(allOfType(decl(), 'footnote').map((n) => n.textContent)).toEqual(printed);
  });

  it('IM1 DM2 every block has a valid, unique id and passes the schema check', () => {
    const ids: string[] = [];
    for (const d of [decl(), cfa()]) {
      expect(() => d.check()).not.toThrow();
      d.descendants((n) => {
        if (ID_NODE_TYPES.has(n.type.name)) ids.push(n.attrs.id as string);
        return true;
      });
    }
    // title + chapeau + 22 PP + 7 OP + 11 list items + 5 footnotes; title + 5 goals + 28 actions
    expect(ids).toHaveLength(1 + 1 + 22 + 7 + 11 + 5 + (1 + 5 + 28));
    expect(ids.every(isBlockId)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('IM4 the import is deterministic with a seeded random source, and ids differ with another seed', () => {
    const again = importDeclaration(seed, { random: seededRandom(2024) });
    expect(again.declaration.doc.toJSON()).toEqual(decl().toJSON());
    expect(again.callForAction.doc.toJSON()).toEqual(cfa().toJSON());
    const other = importDeclaration(seed, { random: seededRandom(7) });
    expect(other.declaration.doc.toJSON()).not.toEqual(decl().toJSON());
    expect(canonicalIds(other.declaration.doc)).toEqual(canonicalIds(decl()));
    expect(canonicalIds(other.callForAction.doc)).toEqual(canonicalIds(cfa()));
  });
});

describe('importDeclaration on small texts', () => {
  const small = text(
    'Cover note: the draft follows.', //  1
    '', //                                  2
    'The Test Ministerial Declaration', //  3
    '', //                                  4
    'WE, the Ministers of A and B¹;', //    5
    '', //                                  6
    'Recognising   the *importance* of', // 7
    'wrapped lines;', //                    8
    '', //                                  9
    '¹ Observers: see https://example.org/list.', // 10
    '', //                                  11
    'Adopt the following²:', //              12
    '- **First:** one;', //                 13
    '', //                                  14
    '- second, mail mailto:sec@example.org', // 15
    '', //                                  16
    '² A note.', //                         17
    '', //                                  18
    'Decide to meet again.', //             19
    '', //                                  20
    'The Test Call for Action 2025-2030', // 21
    '', //                                  22
    'Priority Goal 1', //                   23
    'First goal', //                        24
    '1. Do x;', //                          25
    '', //                                  26
    '2. Do y³.', //                         27
    '³ Y note.', //                         28
    'Priority Goal 2: Second goal', //      29
  );

  it('IM1 IM2 a small text becomes exactly the expected documents', () => {
    const { declaration, callForAction } = importDeclaration(small, { random: seededRandom(3) });
    expect(declaration.title).toBe('The Test Ministerial Declaration');
    expect(callForAction.title).toBe('The Test Call for Action 2025-2030');
    const expectedDeclaration = doc(
      title('The Test Ministerial Declaration'),
      chapeau('WE, the Ministers of A and B', ref('fn-1'), ';'),
      pp('Recognising the ', em('importance'), ' of wrapped lines;'),
      op(
        'Adopt the following',
        ref('fn-2'),
        ':',
        list(li(strong('First:'), ' one;'), li('second, mail ', link('mailto:sec@example.org'))),
      ),
      op('Decide to meet again.'),
      footnotes(
        fn('fn-1', 'Observers: see ', link('https://example.org/list'), '.'),
        fn('fn-2', 'A note.'),
      ),
    );
    expect(canonicalIds(declaration.doc)).toEqual(canonicalIds(expectedDeclaration));
    const expectedCall = doc(
      title('The Test Call for Action 2025-2030'),
      goal('First goal', action('Do x;'), action('Do y', ref('fn-3'), '.')),
      goal('Second goal'),
      footnotes(fn('fn-3', 'Y note.')),
    );
    expect(canonicalIds(callForAction.doc)).toEqual(canonicalIds(expectedCall));
  });

  it('IM1 IM3 Windows line endings give the same documents and the same error lines', () => {
    const crlf = importDeclaration(small.replace(/\n/g, '\r\n'), { random: seededRandom(3) });
    expect(crlf.declaration.doc.toJSON()).toEqual(
      importDeclaration(small, { random: seededRandom(3) }).declaration.doc.toJSON(),
    );
    const err = importError(
      text(
        'The X Declaration',
        'WE, the Ministers;',
        '',
        'lowercase text',
        'The X Call for Action',
      ).replace(/\n/g, '\r\n'),
    );
    expect(err.line).toBe(4);
  });

  it('IM2 a footnote printed between two bullets neither ends the list nor becomes text', () => {
    const { declaration } = importDeclaration(
      text(
        'The X Declaration',
        '',
        'Adopt the following:',
        '- a¹;',
        '',
        '¹ Note.',
        '',
        '- b.',
        '',
        'The X Call for Action',
        'Priority Goal 1',
        'T',
      ),
      { random: seededRandom(1) },
    );
    const expected = doc(
      title('The X Declaration'),
      op('Adopt the following:', list(li('a', ref('fn-1'), ';'), li('b.'))),
      footnotes(fn('fn-1', 'Note.')),
    );
    expect(canonicalIds(declaration.doc)).toEqual(canonicalIds(expected));
  });

  it('DM4 only http, https and mailto URLs become links', () => {
    const { declaration } = importDeclaration(
      text(
        'The X Declaration',
        '',
        'Recalling javascript:alert(1) and ftp://x.org and http://ok.example;',
        '',
        'The X Call for Action',
        'Priority Goal 1',
        'T',
      ),
      { random: seededRandom(1) },
    );
    const links = allOfType(declaration.doc, 'text').flatMap((t) =>
      t.marks.filter((m) => m.type.name === 'link').map((m) => m.attrs.href as string),
    );
    expect(links).toEqual(['http://ok.example']);
    expect(declaration.doc.textContent).toContain(
      'javascript:alert(1) and ftp://x.org and http://ok.example;',
    );
  });
});

describe('IM3 ImportError names the line and what was expected', () => {
  const head = ['The X Declaration', '', 'WE, the Ministers;', '']; // lines 1-4
  const tail = ['', 'The X Call for Action', '', 'Priority Goal 1', 'A goal', '1. Act;'];
  /** One operative paragraph (line 5), then a Call for Action whose `lines` start at line 8. */
  const withCallForAction = (...lines: string[]) =>
    text(...head, 'Adopt y.', '', 'The X Call for Action', ...lines);

  it('a numbered action point before any "Priority Goal" heading', () => {
    const err = importError(
      text(
        ...head,
        'Recalling x;',
        '',
        'The X Call for Action',
        '',
        '1. Act early;',
        '',
        'Priority Goal 1',
        'T',
      ),
    );
    expect(err.line).toBe(9);
    expect(err.message).toMatch(
      /^line 9: numbered action point .*before any "Priority Goal" heading/,
    );
  });

  it('a footnote text with no marker', () => {
    const err = importError(text(...head, 'Recalling x;', '', '² Orphan note.', ...tail));
    expect(err.line).toBe(7);
    expect(err.message).toContain('line 7');
    expect(err.reason).toMatch(/footnote text ² has no marker/);
  });

  it('a marker with no footnote text', () => {
    const err = importError(text(...head, 'Recalling x;', 'continued here³;', ...tail));
    expect(err.line).toBe(6);
    expect(err.reason).toMatch(
      /footnote marker ³ has no footnote text; expected a line starting with "³"/,
    );
  });

  it('a line that fits no rule inside the declaration', () => {
    for (const stray of ['page 3 of 10', '8056/24', 'ANNEX 1']) {
      const err = importError(text(...head, 'Recalling x;', '', stray, '', 'Adopt y.', ...tail));
      expect(err.line, stray).toBe(7);
      expect(err.reason).toMatch(/fits no rule of the Declaration; expected a paragraph/);
    }
  });

  it('a numbered line or a goal heading inside the declaration', () => {
    expect(importError(text(...head, '1. Adopt y;', ...tail)).line).toBe(5);
    expect(importError(text(...head, 'Adopt y;', '', 'Priority Goal 1', ...tail)).line).toBe(7);
  });

  it('a preambular paragraph after the operative part began', () => {
    const err = importError(text(...head, 'Adopt y;', '', 'Recalling x;', ...tail));
    expect(err.line).toBe(7);
    expect(err.reason).toContain('after the operative part began at line 5');
  });

  it('a list item with no paragraph to belong to', () => {
    expect(importError(text(...head, '- stray;', ...tail)).line).toBe(5);
  });

  it('goal and action numbers that skip', () => {
    expect(importError(withCallForAction('Priority Goal 2', 'T')).line).toBe(8);
    const err = importError(withCallForAction('Priority Goal 1', 'T', '1. a;', '', '3. c;'));
    expect(err.line).toBe(12);
    expect(err.reason).toBe('found action point 3 of Priority Goal 1; expected action point 2');
  });

  it('a goal without a title, text between action points, a marker in a goal title', () => {
    expect(importError(withCallForAction('Priority Goal 1', '', '1. a;')).line).toBe(10);
    expect(
      importError(withCallForAction('Priority Goal 1', 'T', '1. a;', '', 'Stray text')).line,
    ).toBe(12);
    expect(importError(withCallForAction('Priority Goal 1', 'T¹', '¹ n')).line).toBe(9);
  });

  it('a duplicate footnote text and markers out of order', () => {
    expect(importError(text(...head, 'Recalling x¹;', '', '¹ a', '', '¹ b', ...tail)).line).toBe(9);
    const err = importError(
      text(...head, 'Recalling x²;', '', 'Recalling y¹;', '', '¹ a', '² b', ...tail),
    );
    expect(err.line).toBe(7);
    expect(err.reason).toMatch(/footnote marker ¹ comes after marker ²/);
  });

  it('no Declaration title, or no Call for Action after it', () => {
    const noTitle = importError(text('Just a note.', '', 'Recalling x;'));
    expect(noTitle.line).toBe(3);
    expect(noTitle.reason).toMatch(
      /expected a line such as "The Budapest Process Ministerial Declaration"/,
    );
    expect(importError(text(...head, 'Adopt y.')).reason).toMatch(
      /without a Call for Action title/,
    );
  });
});
