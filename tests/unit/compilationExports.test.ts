import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { amendmentsExportSchema, deriveLabels, OBJECT_MARK } from '@accord/shared';
import { buildCompilation } from '../../server/src/exports/compilationModel.js';
import { compilationHtml } from '../../server/src/exports/compilationHtml.js';
import { compilationDocx } from '../../server/src/exports/compilationDocx.js';
import { amendmentsCsv, csvField } from '../../server/src/exports/amendmentsCsv.js';
import { amendmentsJson } from '../../server/src/exports/amendmentsJson.js';
import { compilationBlocks, currentAmendments } from '../../server/src/exports/compilation.js';
import { inDocumentOrder } from '../../server/src/amendments/documentOrder.js';
import {
  alternative,
  bracketed,
  doc,
  fn,
  footnotes,
  op,
  pp,
  ref,
  title,
} from '../helpers/builders.js';
import { amendment } from './amendmentRecord.js';

// A small declaration: PP1 with a footnote, OP1–OP3.
const text = doc(
  title('Budapest Declaration'),
  pp('Recalling the Istanbul Commitments', ref('fn-a'), ';'),
  op('Adopt the text.'),
  op('Welcome the work of the Secretariat.'),
  op('Decide to meet again.'),
  footnotes(fn('fn-a', 'Istanbul, 2013.')),
);
const blocks = compilationBlocks(text, deriveLabels(text));

const names = new Map([
  ['germany', 'Germany'],
  ['france', 'France'],
  ['italy', 'Italy'],
  ['spain', 'Spain'],
]);

const AMENDMENTS = [
  // Out of document order on purpose: the compilation sorts them.
  amendment(1, 'OP3', 1, {
    blockId: 'op-3',
    originalText: 'Decide to meet again.',
    proposedText: 'Decide to meet again in 2025.',
    justification: 'A date, "soon".',
    delegationId: 'spain',
  }),
  amendment(2, 'OP2', 2, {
    blockId: 'op-2',
    originalText: 'Welcome the work of the Secretariat.',
    proposedText: 'Welcome the excellent work of the Secretariat.',
    justification: 'Credit where due.',
    delegationId: 'germany',
    cosponsors: ['italy'],
    supports: ['spain'],
    submittedAt: '2026-11-30T09:00:00.000Z',
  }),
  amendment(3, 'OP2', 3, {
    blockId: 'op-2',
    originalText: 'Welcome the work of the Secretariat.',
    proposedText: 'Welcome the  excellent work of the Secretariat.',
    justification: 'Same idea.',
    delegationId: 'france',
    language: 'fr',
    objections: [{ delegationId: 'spain', reason: 'Too warm.' }],
    submittedAt: '2026-11-30T10:00:00.000Z',
  }),
  amendment(4, 'OP1 bis', 4, {
    kind: 'insert',
    blockId: null,
    afterBlockId: 'op-1',
    originalText: '',
    proposedText: 'Invite observers to the next meeting.',
    delegationId: 'italy',
  }),
  amendment(5, 'PP1', 5, {
    blockId: 'pp-1',
    blockType: 'preambular',
    originalText: `Recalling the Istanbul Commitments${OBJECT_MARK};`,
    proposedText: `Recalling also the Istanbul Commitments${OBJECT_MARK};`,
    delegationId: 'germany',
  }),
  amendment(6, 'OP3', 6, { blockId: 'op-3', status: 'withdrawn', delegationId: 'france' }),
];

const input = {
  documentId: 'declaration',
  title: 'Budapest Declaration',
  kind: 'declaration' as const,
  blocks,
  amendments: currentAmendments(AMENDMENTS, null),
  delegationNames: names,
  versionName: 'Live text, Round 2',
  date: '2026-11-30T12:00:00.000Z',
};
const compilation = buildCompilation(input);

describe('EC1 the compilation of amendments, per paragraph in document order', () => {
  it('EC1 paragraphs in document order, each with its current text and its amendments', () => {
    expect(compilation.entries.map((e) => e.label)).toEqual(['PP1', 'OP1 bis', 'OP2', 'OP3']);
    const pp1 = compilation.entries[0]!;
    // The footnote marker is shown as its number, in the text and in the proposal.
    expect(pp1.currentText).toBe('Recalling the Istanbul Commitments[1];');
    expect(pp1.amendments[0]!.proposedText).toBe('Recalling also the Istanbul Commitments[1];');
    const insert = compilation.entries[1]!;
    expect(insert).toMatchObject({ isNew: true, blockId: null, currentText: '' });
    expect(insert.amendments[0]!.delegations).toEqual(['Italy']);
    expect(compilation.day).toBe('2026-11-30');
    // The footnotes cited, so "[1]" can be read.
    expect(compilation.footnotes).toEqual([{ number: '1', text: 'Istanbul, 2013.' }]);
  });

  it('EC1 (AM8) identical amendments are one, with all their names, the earliest first', () => {
    const op2 = compilation.entries[2]!;
    expect(op2.amendments).toHaveLength(1);
    const merged = op2.amendments[0]!;
    expect(merged.numbers).toEqual([2, 3]);
    expect(merged.delegations).toEqual(['Germany', 'France']);
    expect(merged.cosponsors).toEqual(['Italy']);
    expect(merged.supports).toEqual(['Spain']);
    expect(merged.objections).toEqual([{ delegation: 'Spain', reason: 'Too warm.' }]);
    expect(merged.justifications).toEqual(['Credit where due.', 'Same idea.']);
    expect(merged.original).toBe('Or. en, Or. fr');
    expect(merged.statusText).toBe('Pending');
  });

  it('EC1 withdrawn and superseded amendments, and other rounds, are left out', () => {
    expect(compilation.entries[3]!.amendments.map((a) => a.numbers)).toEqual([[1]]);
    const round = { id: 'r2' } as Parameters<typeof currentAmendments>[1];
    const mixed = [
      amendment(7, 'OP1', 7, { roundId: 'r1' }),
      amendment(8, 'OP1', 8, { roundId: 'r2' }),
      amendment(9, 'OP1', 9, { roundId: 'r2', status: 'superseded' }),
      amendment(10, 'OP1', 10, { roundId: null }),
    ];
    expect(currentAmendments(mixed, round).map((a) => a.number)).toEqual([8, 10]);
  });
});

describe('EC1 the current text as negotiators print it', () => {
  it('EC1 (NS7, NS10) brackets print "[ … ]" and alternatives "Alt 1: … / Alt 2: …"; a marker inside a bracket does not close it', () => {
    const bracketedText = doc(
      title('T'),
      op(
        'Adopt ',
        ...bracketed('br-1', 'germany', 'the whole', ref('fn-a'), ' text'),
        ' with ',
        ...alternative('alt-1', 1, 'speed'),
        ...alternative('alt-1', 2, 'care'),
        '.',
      ),
      footnotes(fn('fn-a', 'A note.')),
    );
    const [op1] = compilationBlocks(bracketedText, deriveLabels(bracketedText));
    expect(op1).toMatchObject({ label: 'OP1', notes: ['1'] });
    expect(op1!.text).toBe(`Adopt [the whole${OBJECT_MARK} text] with Alt 1: speed / Alt 2: care.`);
  });
});

describe('EC2 the compilation as standalone HTML', () => {
  it('EC2 LIMITE, the version and the date, then the paragraphs with labels and names', () => {
    const html = compilationHtml(compilation);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<p class="limite">LIMITE</p>');
    expect(html).toContain('Live text, Round 2 · 2026-11-30 · 5 amendments');
    const order = ['PP1', 'OP1 bis (new paragraph)', 'OP2', 'OP3'].map((l) =>
      html.indexOf(`<h2>${l}</h2>`),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain('Amendments 2, 3 (identical) — Germany, France; co-sponsored by Italy');
    expect(html).toContain('A date, &quot;soon&quot;.');
    expect(html).toContain('<h2>Footnotes</h2>\n<p class="footnote">[1] Istanbul, 2013.</p>');
    expect(html).not.toMatch(/<script|https?:\/\//);
  });

  it('EC2 the two-column layout is a table: Current text | Amendment, justification, Or.', () => {
    const html = compilationHtml(compilation, 'two-column');
    expect(html).toContain(
      '<th scope="col">Current text</th><th scope="col">Amendment, justification, Or.</th>',
    );
    expect(html).toMatch(/<td><p class="current">Decide to meet again\.<\/p><\/td>/);
    expect(html).toContain('<p class="original">Or. en</p>');
  });

  it('EC2 text is escaped', () => {
    const hostile = buildCompilation({
      ...input,
      amendments: [
        amendment(1, 'OP1', 1, { blockId: 'op-1', justification: '<script>x</script>' }),
      ],
    });
    const html = compilationHtml(hostile);
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).not.toContain('<script>');
  });
});

/** The text of a .docx part, tags removed between runs. */
async function docxParts(bytes: Uint8Array) {
  const zip = await JSZip.loadAsync(bytes);
  const read = async (name: string) => (await zip.file(name)?.async('string')) ?? '';
  const headers = await Promise.all(
    Object.keys(zip.files)
      .filter((n) => /^word\/header\d*\.xml$/.test(n))
      .map(read),
  );
  const body = await read('word/document.xml');
  const plain = (xml: string) =>
    xml
      .replace(/<\/w:p>/g, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&quot;/g, '"');
  return {
    body,
    text: plain(body),
    headers: headers.map(plain).join('\n'),
    core: await read('docProps/core.xml'),
  };
}

describe('EC3 the compilation as a Word document', () => {
  it('EC3 LIMITE in the header and on top, the version and date, labels, names, Or.', async () => {
    const { text, headers, core } = await docxParts(await compilationDocx(compilation));
    expect(headers).toContain('LIMITE');
    const lines = text.split('\n');
    expect(lines[0]).toBe('LIMITE');
    expect(lines[1]).toBe('Compilation of amendments — Budapest Declaration');
    expect(lines[2]).toBe('Live text, Round 2 · 2026-11-30 · 5 amendments');
    const at = (line: string) => lines.indexOf(line);
    expect(at('PP1')).toBeGreaterThan(2);
    expect(at('OP1 bis (new paragraph)')).toBeGreaterThan(at('PP1'));
    expect(at('OP2')).toBeGreaterThan(at('OP1 bis (new paragraph)'));
    expect(at('OP3')).toBeGreaterThan(at('OP2'));
    expect(lines[at('OP2') + 1]).toBe('Welcome the work of the Secretariat.');
    expect(lines[at('OP2') + 2]).toBe(
      'Amendments 2, 3 (identical) — Germany, France; co-sponsored by Italy',
    );
    expect(lines[at('OP2') + 3]).toBe('Welcome the excellent work of the Secretariat.');
    expect(lines).toContain('Justification: Credit where due. / Same idea.');
    expect(lines).toContain('Or. en, Or. fr');
    expect(lines).toContain('Objections: Spain (Too warm.)');
    expect(lines.slice(-3)).toEqual(['Footnotes', '[1] Istanbul, 2013.', '']);
    // The author field names no one: the file goes to capitals.
    expect(core).toContain('<dc:creator>Accord</dc:creator>');
  });

  it('EC3 the two-column format: a table "Current text | Amendment, justification, Or."', async () => {
    const { body, text } = await docxParts(await compilationDocx(compilation, 'two-column'));
    expect((body.match(/<w:tbl>/g) ?? []).length).toBe(4);
    expect(text).toContain('Current text\nAmendment, justification, Or.\n');
    expect(text).toContain(
      'Decide to meet again.\nAmendment 1 — Spain\nDecide to meet again in 2025.\nJustification: A date, "soon".\nOr. en\n',
    );
  });
});

describe('EC4 amendments.csv', () => {
  const csv = amendmentsCsv({
    amendments: inDocumentOrder(
      currentAmendments(AMENDMENTS, null),
      blocks.map((b) => b.id),
    ),
    delegationNames: names,
    versionName: 'Live text, Round 2',
    date: '2026-11-30T12:00:00.000Z',
  });
  const lines = csv.split('\r\n');

  it('EC4 a header, then one line per amendment in document order, CRLF, LIMITE on each', () => {
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(lines[0]).toBe(
      'Classification,Version,Date,Number,Label,Kind,Block type,Delegation,Co-sponsors,Current text,Proposed text,Justification,Original language,Status,Supported by,Objections,Decision reason,Submitted (UTC),Outdated',
    );
    expect(lines.slice(1, -1).map((l) => l.split(',')[4])).toEqual(['5', '4', '2', '3', '1']);
    expect(lines[1]!.startsWith('LIMITE,"Live text, Round 2",2026-11-30,5,PP1,modify,')).toBe(true);
  });

  it('EC4 quotes as RFC 4180 says and guards against formulas', () => {
    expect(lines.find((l) => l.includes(',1,OP3,'))).toContain(',"A date, ""soon"".",');
    expect(csvField('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@x')).toBe("'@x");
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
    expect(csvField(12)).toBe('12');
    expect(csvField(null)).toBe('');
  });
});

describe('EC5 amendments.json', () => {
  it('EC5 the records with LIMITE, the version and the date, read back by the schema', () => {
    const json = amendmentsJson({
      documentId: 'declaration',
      title: 'Budapest Declaration',
      versionName: 'Live text, Round 2',
      date: '2026-11-30T12:00:00.000Z',
      amendments: AMENDMENTS.slice(0, 2),
    });
    const file = amendmentsExportSchema.parse(JSON.parse(json));
    expect(file.classification).toBe('LIMITE');
    expect(file.version).toBe('Live text, Round 2');
    expect(file.amendments).toEqual(AMENDMENTS.slice(0, 2));
  });

  it('EC5 a record that would not read back is a bug: it throws', () => {
    const broken = { ...AMENDMENTS[0]!, number: 0 };
    expect(() =>
      amendmentsJson({
        documentId: 'declaration',
        title: 'T',
        versionName: 'Live text',
        date: '2026-11-30T12:00:00.000Z',
        amendments: [broken],
      }),
    ).toThrow();
  });
});
