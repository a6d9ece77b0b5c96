import { describe, expect, it } from 'vitest';
import { deriveLabels, type BlockLabel } from '@accord/shared';
import { akomaNtoso } from '../../server/src/exports/akomaNtoso.js';
import {
  action,
  alternative,
  bracketed,
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
  withId,
} from '../helpers/builders.js';
import { aknErrors } from '../helpers/akn.js';

// A declaration of the round, with OP4 bis (a block added during the round) and a footnote
// cited twice; and a Call for Action with goals and action points.
const declaration = doc(
  title('Budapest Declaration & Call'),
  chapeau('We, the Ministers,'),
  pp('Recalling the Rabat Process', ref('fn-a'), ';', list(li('first'), li('second'))),
  op('Adopt ', em('this'), ' ', strong('text'), ' (', link('https://example.org', 'see'), ').'),
  op('Decide:', list(li('to meet'), li('to report', ref('fn-a')))),
  op('Welcome ', ...bracketed('br-1', 'germany', 'the work'), '.'),
  op('Note the ', ...alternative('alt-1', 1, 'report'), ...alternative('alt-1', 2, 'study'), '.'),
  withId('op-new', op('Invite observers.')),
  goal('Safe migration', action('Share data.'), action('Train staff:', list(li('border')))),
  footnotes(fn('fn-a', 'Rabat, 2006.')),
);

/** The round's labels: the text's own, with the added paragraph labelled OP4 bis (SL2). */
function roundLabels(): Map<string, BlockLabel> {
  const labels = deriveLabels(declaration);
  labels.set('op-new', { short: 'OP4 bis', long: 'Operative paragraph 4 bis' });
  return labels;
}

const version = {
  id: 'zero-draft',
  roundName: 'Zero draft',
  createdAt: '2024-03-01T10:00:00.000Z',
  kind: 'published' as const,
};
const xml = akomaNtoso({
  document: { id: 'declaration', title: 'Budapest Declaration', kind: 'declaration' },
  version,
  doc: declaration,
  labels: roundLabels(),
});

describe('EC6 Akoma Ntoso 3.0 of a version', () => {
  it('EC6 validates against the OASIS schema', async () => {
    expect(await aknErrors(xml)).toEqual([]);
  });

  it('EC6 a broken file is refused by the same check (the check is real)', async () => {
    const broken = xml.replace('<mainBody>', '<mainBody><paragraph><bogus/></paragraph>');
    expect((await aknErrors(broken)).length).toBeGreaterThan(0);
  });

  it('EC6 <doc name="declaration"> with FRBR identification dated by the version', () => {
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n?<akomaNtoso xmlns="http:\/\/docs.oasis-open.org\/legaldocml\/ns\/akn\/3.0"><doc name="declaration">/,
    );
    expect(xml).toContain(
      '<FRBRWork><FRBRthis value="/akn/int/doc/declaration/declaration/!main"/><FRBRuri value="/akn/int/doc/declaration/declaration"/><FRBRdate date="2024-03-01" name="publication"/>',
    );
    expect(xml).toContain(
      '<FRBRExpression><FRBRthis value="/akn/int/doc/declaration/declaration/eng@zero-draft/!main"/>',
    );
    expect(xml).toContain('<FRBRManifestation>');
  });

  it('EC6 the preface carries LIMITE, the title, the version and its date', () => {
    expect(xml).toContain(
      '<preface><p class="classification">LIMITE</p><longTitle eId="longTitle"><p><docTitle>Budapest Declaration &amp; Call</docTitle></p></longTitle><p class="version"><docStage>Zero draft</docStage>, <docDate date="2024-03-01">2024-03-01</docDate></p></preface>',
    );
  });

  it('EC6 preambular paragraphs are recitals, their lists block lists, footnotes authorialNote at their place', () => {
    expect(xml).toContain(
      '<preamble><p class="chapeau">We, the Ministers,</p><recitals eId="recitals"><recital eId="recital_pp1"><num>PP1</num><p>Recalling the Rabat Process<authorialNote eId="authorialNote_1" marker="1" placement="bottom"><p>Rabat, 2006.</p></authorialNote>;</p><blockList eId="blockList_pp1"><item eId="item_pp1_a"><num>(a)</num><p>first</p></item>',
    );
  });

  it('EC6 operative paragraphs are <paragraph> with their label in <num>, OP4 bis included', () => {
    expect(xml).toContain(
      '<paragraph eId="para_op1"><num>OP1</num><content><p>Adopt <i>this</i> <b>text</b> (<a href="https://example.org">see</a>).</p></content></paragraph>',
    );
    expect(xml).toContain(
      '<paragraph eId="para_op4_bis"><num>OP4 bis</num><content><p>Invite observers.</p></content></paragraph>',
    );
    const nums = [...xml.matchAll(/<paragraph eId="[^"]+"><num>([^<]+)<\/num>/g)].map((m) => m[1]);
    expect(nums).toEqual(['OP1', 'OP2', 'OP3', 'OP4', 'OP4 bis']);
  });

  it('EC6 (NS7) a bracketed passage is printed "[ … ]" in the text', () => {
    expect(xml).toContain(
      '<paragraph eId="para_op3"><num>OP3</num><content><p>Welcome [the work].</p></content></paragraph>',
    );
  });

  it('EC6 (NS10) alternatives are printed "Alt 1: … / Alt 2: …"', () => {
    expect(xml).toContain('<p>Note the Alt 1: report / Alt 2: study.</p>');
  });

  it('EC6 list items are <point> in a <list>, after the paragraph text as <intro>', () => {
    expect(xml).toContain(
      '<paragraph eId="para_op2"><num>OP2</num><intro><p>Decide:</p></intro><list eId="list_op2"><point eId="point_op2_a"><num>(a)</num><content><p>to meet</p></content></point><point eId="point_op2_b"><num>(b)</num><content><p>to report<authorialNote eId="authorialNote_1__2" marker="1" placement="bottom"><p>Rabat, 2006.</p></authorialNote></p></content></point></list></paragraph>',
    );
  });

  it('EC6 goals are sections with their title as heading, action points numbered hcontainers', () => {
    expect(xml).toContain(
      '<section eId="goal_1"><num>Goal 1</num><heading>Safe migration</heading><hcontainer eId="action_1_1" name="action"><num>1.1</num><content><p>Share data.</p></content></hcontainer><hcontainer eId="action_1_2" name="action"><num>1.2</num><intro><p>Train staff:</p></intro><list eId="list_1_2"><point eId="point_1_2_a"><num>(a)</num>',
    );
  });

  it('EC6 a text with no operative part still validates', async () => {
    const bare = akomaNtoso({
      document: { id: 'cfa', title: 'Call for Action', kind: 'call-for-action' },
      version: { ...version, kind: 'start' },
      doc: doc(title('Call for Action'), footnotes()),
      labels: new Map(),
    });
    expect(bare).toContain('<doc name="callForAction">');
    expect(await aknErrors(bare)).toEqual([]);
  });
});
