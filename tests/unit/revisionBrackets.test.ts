import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { OBJECT_MARK, type ChangeAuthor, type Comparison } from '@accord/shared';
import { printedSigns, revisionModel, withSigns } from '../../server/src/exports/revisionModel.js';
import { revisionDocx } from '../../server/src/exports/revisionDocx.js';
import { revisionHtml } from '../../server/src/exports/revisionHtml.js';
import {
  alternative,
  bracketed,
  doc,
  fn,
  footnotes,
  op,
  ref,
  title,
  withId,
} from '../helpers/builders.js';

// Brackets and alternatives in the revision exports (NS7, NS10, EX2–EX4): they are marks of the
// newer text, so the export prints the signs itself, as the compilation does: "[ … ]" and
// "Alt 1: … / Alt 2: …", inside the insertion they belong to.

const A12: ChangeAuthor = {
  kind: 'amendment',
  amendmentId: 'am-12',
  number: 12,
  delegationId: 'germany',
  at: '2024-02-20T10:00:00.000Z',
};

/** The live text: a bracketed passage that starts in Germany's insertion, and an alternative. */
const live = doc(
  title('Declaration'),
  withId('op-br', op('We ', ...bracketed('brk-1', 'pakistan', 'strongly support'), ' the plan.')),
  withId(
    'op-alt',
    op(
      'States ',
      ...alternative('alt-1', 1, 'shall'),
      ...alternative('alt-1', 2, 'should'),
      ' act.',
    ),
  ),
  withId('op-fn', op(...bracketed('brk-2', 'germany', 'Noting', ref('fn-1'), ' it'), ' now.')),
  footnotes(fn('fn-1', 'A note.')),
);

const comparison: Comparison = {
  documentId: 'declaration',
  from: {
    id: 'zero-draft',
    kind: 'published',
    name: 'Zero draft',
    seq: 1,
    at: '2024-02-15T17:00:00.000Z',
  },
  to: { id: 'live', kind: 'live', name: 'Live text', seq: 5, at: '2024-03-01T09:00:00.000Z' },
  blocks: [
    {
      id: 'op-br',
      type: 'operative',
      label: 'OP1',
      status: 'changed',
      parts: [
        { kind: 'equal', text: 'We ' },
        { kind: 'delete', text: 'firmly ', author: A12 },
        { kind: 'insert', text: 'strongly ', author: A12 },
        { kind: 'equal', text: 'support the plan.' },
      ],
    },
    {
      id: 'op-alt',
      type: 'operative',
      label: 'OP2',
      status: 'unchanged',
      parts: [{ kind: 'equal', text: 'States shallshould act.' }],
    },
    {
      id: 'op-fn',
      type: 'operative',
      label: 'OP3',
      status: 'unchanged',
      parts: [{ kind: 'equal', text: `Noting${OBJECT_MARK} it now.` }],
    },
  ],
};

const model = () =>
  revisionModel(
    comparison,
    'Declaration',
    [{ id: 'germany', name: 'Germany', kind: 'participating-state', roles: [] }],
    '2024-03-01T09:00:00.000Z',
    printedSigns(live),
  );

describe('brackets and alternatives in the revision exports (EX7; NS7, NS10)', () => {
  it('EX7 the signs go into the runs they belong to: "[" opens Germany\'s insertion, "]" closes the kept words; none in deleted words', () => {
    const [br, alt, withNote] = model().blocks;
    expect(br!.parts.map((p) => [p.kind, p.text])).toEqual([
      ['equal', 'We '],
      ['delete', 'firmly '],
      ['insert', '[strongly '],
      ['equal', 'support] the plan.'],
    ]);
    expect(alt!.parts.map((p) => p.text)).toEqual(['States Alt 1: shall / Alt 2: should act.']);
    // A footnote marker inside a bracket counts as one character and does not close it.
    expect(withNote!.parts.map((p) => p.text)).toEqual([`[Noting${OBJECT_MARK} it] now.`]);
  });

  it('EX7 signs at one place read in order ("][") and a block whose text changed since is left unbracketed', () => {
    const adjacent = doc(
      title('Declaration'),
      withId('op-x', op(...bracketed('brk-1', 'a', 'one'), ...bracketed('brk-2', 'b', 'two'))),
    );
    const marks = printedSigns(adjacent).get('op-x');
    expect(withSigns([{ kind: 'equal', text: 'onetwo' }], marks)).toEqual([
      { kind: 'equal', text: '[one][two]' },
    ]);
    expect(withSigns([{ kind: 'equal', text: 'one two' }], marks)).toEqual([
      { kind: 'equal', text: 'one two' },
    ]);
  });

  it('EX7 EX2 EX3 EX4 the tracked .docx, the clean .docx and the redline page print them', async () => {
    const m = model();
    const html = revisionHtml(m);
    expect(html).toContain('We <del');
    expect(html).toMatch(/<ins [^>]*>\[strongly <\/ins>/);
    expect(html).toContain('support] the plan.');
    expect(html).toContain('States Alt 1: shall / Alt 2: should act.');

    const tracked = await JSZip.loadAsync(await revisionDocx(m, { clean: false }));
    const xml = await tracked.file('word/document.xml')!.async('string');
    expect(xml).toMatch(/<w:ins [^>]*w:author="Germany \(A12\)"[^>]*>[\s\S]*?\[strongly /);
    const clean = await JSZip.loadAsync(await revisionDocx(m, { clean: true }));
    const words = [
      ...(await clean.file('word/document.xml')!.async('string')).matchAll(
        /<w:t[^>]*>([^<]*)<\/w:t>/g,
      ),
    ]
      .map((t) => t[1])
      .join('');
    expect(words).toContain('We [strongly support] the plan.');
    expect(words).toContain('States Alt 1: shall / Alt 2: should act.');
  });

  it('EX1 without the newer text (no marks given) the redline is the comparison as it was', () => {
    const plain = revisionModel(comparison, 'Declaration', [], '2024-03-01T09:00:00.000Z');
    expect(plain.blocks[0]!.parts.map((p) => p.text)).toEqual([
      'We ',
      'firmly ',
      'strongly ',
      'support the plan.',
    ]);
  });
});
