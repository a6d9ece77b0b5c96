import fs from 'node:fs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import {
  OBJECT_MARK,
  compareTexts,
  type ChangeAuthor,
  type Comparison,
  type Delegation,
} from '@accord/shared';
import { revisionModel, authorName } from '../../server/src/exports/revisionModel.js';
import { revisionDocx } from '../../server/src/exports/revisionDocx.js';
import { revisionHtml } from '../../server/src/exports/revisionHtml.js';
import { PdfPrinter, htmlToPdf } from '../../server/src/exports/revisionPdf.js';
import {
  revisionExport,
  revisionFilename,
  type RevisionExportDeps,
} from '../../server/src/exports/revision.js';
import { refusal } from '../../server/src/auth/Refusal.js';
import { ManualClock } from '../../server/src/time/ManualClock.js';

// The revision exports' pure builders (issue 10, SPEC EX): a tiny redline in, a Word file or a
// redline page out, with exact expectations on the tracked changes, their authors and dates,
// the labels, LIMITE, and what the clean file leaves out.

const delegations: Delegation[] = [
  { id: 'germany', name: 'Germany', kind: 'participating-state', roles: [] },
  { id: 'turkiye', name: 'Türkiye', kind: 'participating-state', roles: ['chair'] },
  { id: 'secretariat', name: 'Secretariat', kind: 'organisation', roles: ['secretariat'] },
  { id: 'pakistan', name: 'Pakistan', kind: 'participating-state', roles: ['reference-group'] },
];

const A12: ChangeAuthor = {
  kind: 'amendment',
  amendmentId: 'am-12',
  number: 12,
  delegationId: 'germany',
  at: '2024-02-20T10:00:00.123Z',
};
const CHAIR: ChangeAuthor = {
  kind: 'pen-holder',
  personId: 'p-chair',
  delegationId: 'turkiye',
  name: 'Ayşe Demir',
  at: '2024-02-21T09:30:00.000Z',
};
const SECRETARIAT: ChangeAuthor = {
  kind: 'pen-holder',
  personId: 'p-sec',
  delegationId: 'secretariat',
  at: '2024-02-22T08:00:00.000Z',
};

/** The redline of a small declaration, from the zero draft to the live text. */
const comparison: Comparison = {
  documentId: 'declaration',
  from: {
    id: 'zero-draft',
    kind: 'published',
    name: 'Zero draft',
    seq: 3,
    at: '2024-02-15T17:00:00.000Z',
  },
  to: { id: 'live', kind: 'live', name: 'Live text', seq: 9, at: '2024-03-01T09:00:00.000Z' },
  blocks: [
    {
      id: 'pp-1',
      type: 'preambular',
      label: 'PP1',
      status: 'unchanged',
      parts: [{ kind: 'equal', text: `Recalling${OBJECT_MARK} the Declaration,` }],
    },
    {
      id: 'op-1',
      type: 'operative',
      label: 'OP1',
      status: 'changed',
      parts: [
        { kind: 'insert', text: 'Firmly ', author: A12 },
        { kind: 'equal', text: 'calls upon States to ' },
        { kind: 'delete', text: 'strengthen', author: CHAIR },
        { kind: 'insert', text: 'enhance', author: CHAIR },
        { kind: 'equal', text: ' cooperation:' },
      ],
    },
    {
      id: 'li-1',
      type: 'list_item',
      label: 'OP1 (a)',
      status: 'unchanged',
      parts: [{ kind: 'equal', text: 'on return;' }],
    },
    {
      id: 'op-2',
      type: 'operative',
      label: 'OP1 bis',
      status: 'inserted',
      parts: [{ kind: 'insert', text: 'Welcomes the Reference Group.', author: SECRETARIAT }],
    },
    {
      id: 'op-3',
      type: 'operative',
      label: 'OP2',
      status: 'deleted',
      parts: [{ kind: 'delete', text: 'Decides to meet.', author: A12 }],
    },
    {
      id: 'goal-1',
      type: 'goal',
      label: 'Goal 1',
      status: 'unchanged',
      parts: [{ kind: 'equal', text: 'Legal migration' }],
    },
    {
      id: 'act-1',
      type: 'action',
      label: '1.1',
      status: 'changed',
      parts: [
        { kind: 'equal', text: 'Share data' },
        { kind: 'insert', text: ' <safely> & fast', author: { kind: 'system' } },
      ],
    },
    {
      id: 'fn-1',
      type: 'footnote',
      label: 'fn 1',
      status: 'changed',
      parts: [
        { kind: 'equal', text: 'A/RES/1 ' },
        { kind: 'insert', text: '(2015)', author: CHAIR },
      ],
    },
  ],
};

const model = revisionModel(
  comparison,
  'Budapest Declaration',
  delegations,
  '2024-03-01T09:15:00.000Z',
);

/** A part of the .docx package as text. */
async function part(bytes: Uint8Array, name: string): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const file = zip.file(name);
  if (!file) throw new Error(`no ${name} in the package`);
  return file.async('string');
}

/** Every w:ins or w:del of document.xml: its author, date and text. */
function revisions(xml: string, tag: 'ins' | 'del') {
  const text = tag === 'ins' ? 't' : 'delText';
  return [
    ...xml.matchAll(
      new RegExp(`<w:${tag} w:id="\\d+" w:author="([^"]*)" w:date="([^"]*)">(.*?)</w:${tag}>`, 'g'),
    ),
  ].map((m) => ({
    author: m[1],
    date: m[2],
    text: [...m[3]!.matchAll(new RegExp(`<w:${text}[^>]*>([^<]*)</w:${text}>`, 'g'))]
      .map((t) => t[1])
      .join(''),
  }));
}

/** The paragraphs' visible text (w:t only), one string per w:p. */
function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p>(.*?)<\/w:p>/g)].map((p) =>
    [...p[1]!.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>|<w:tab\/>/g)].map((t) => t[1] ?? '\t').join(''),
  );
}

describe('EX revision exports', () => {
  it('EX1 a change is named as negotiators cite it: the delegation and amendment, or the pen-holder’s role, never a person', () => {
    const byId = new Map(delegations.map((d) => [d.id, d]));
    expect(authorName(A12, byId)).toBe('Germany (A12)');
    expect(authorName({ ...A12, number: undefined }, byId)).toBe('Germany (amendment)');
    expect(authorName(CHAIR, byId)).toBe('Chair (Türkiye)');
    expect(authorName(SECRETARIAT, byId)).toBe('Secretariat');
    expect(authorName({ ...CHAIR, delegationId: 'pakistan' }, byId)).toBe('Pakistan');
    expect(authorName({ kind: 'system' }, byId)).toBe('Accord');
  });

  it('EX1 CP3 a redline’s runs are split by author, not by date, and dated by their latest change', () => {
    const dates = ['2024-01-01T00:00:01.000Z', '2024-01-01T00:00:09.000Z'];
    const blocks = compareTexts(
      { blocks: [{ id: 'a', type: 'operative', label: 'OP1', text: 'Calls.' }] },
      { blocks: [{ id: 'a', type: 'operative', label: 'OP1', text: 'Calls upon all.' }] },
      ({ offset }) => ({ ...CHAIR, at: offset < 10 ? dates[0] : dates[1] }),
    );
    expect(blocks[0]!.parts).toEqual([
      { kind: 'equal', text: 'Calls' },
      { kind: 'insert', text: ' upon all', author: { ...CHAIR, at: dates[1] } },
      { kind: 'equal', text: '.' },
    ]);
  });

  it('EX2 revision.docx: every insertion and deletion is a Word revision with its author and date; labels, LIMITE, notes', async () => {
    const bytes = await revisionDocx(model, { clean: false });
    const xml = await part(bytes, 'word/document.xml');
    expect(revisions(xml, 'ins')).toEqual([
      { author: 'Germany (A12)', date: '2024-02-20T10:00:00Z', text: 'Firmly ' },
      { author: 'Chair (Türkiye)', date: '2024-02-21T09:30:00Z', text: 'enhance' },
      // A paragraph inserted whole: its label is inserted with it.
      { author: 'Secretariat', date: '2024-02-22T08:00:00Z', text: 'OP1 bis' },
      {
        author: 'Secretariat',
        date: '2024-02-22T08:00:00Z',
        text: 'Welcomes the Reference Group.',
      },
      { author: 'Accord', date: '2024-03-01T09:00:00Z', text: ' &lt;safely&gt; &amp; fast' },
      { author: 'Chair (Türkiye)', date: '2024-02-21T09:30:00Z', text: '(2015)' },
    ]);
    expect(revisions(xml, 'del')).toEqual([
      { author: 'Chair (Türkiye)', date: '2024-02-21T09:30:00Z', text: 'strengthen' },
      { author: 'Germany (A12)', date: '2024-02-20T10:00:00Z', text: 'OP2' },
      { author: 'Germany (A12)', date: '2024-02-20T10:00:00Z', text: 'Decides to meet.' },
    ]);
    // Revision ids are unique in the file.
    const ids = [...xml.matchAll(/<w:(?:ins|del) w:id="(\d+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(paragraphs(xml)).toEqual([
      'Budapest Declaration',
      'Revision: Zero draft (2024-02-15) → Live text (2024-03-01), changes tracked',
      'Date: 2024-03-01',
      'PP1\tRecalling1 the Declaration,',
      'OP1\tFirmly calls upon States to enhance cooperation:',
      'OP1 (a)\ton return;',
      'OP1 bis\tWelcomes the Reference Group.',
      '\t', // a paragraph deleted whole: its label and text are w:delText
      'Goal 1\tLegal migration',
      '1.1\tShare data &lt;safely&gt; &amp; fast',
      'Notes',
      '1\tA/RES/1 (2015)',
    ]);
    // The footnote marker is a superscript number; the list item is indented.
    expect(xml).toMatch(
      /<w:vertAlign w:val="superscript"\/><\/w:rPr><w:t xml:space="preserve">1<\/w:t>/,
    );
    expect(xml).toMatch(/<w:ind w:left="2160" w:hanging="1440"\/>.*on return;/);
    expect(await part(bytes, 'word/header1.xml')).toContain('>LIMITE</w:t>');
    const core = await part(bytes, 'docProps/core.xml');
    expect(core).toContain('<dc:creator>Accord</dc:creator>');
    expect(await part(bytes, 'word/settings.xml')).toContain('<w:trackRevisions/>');
  });

  it('EX3 revision-clean.docx: the newer text only, no revision, comment or author name left', async () => {
    const bytes = await revisionDocx(model, { clean: true });
    const xml = await part(bytes, 'word/document.xml');
    expect(xml).not.toMatch(/<w:(ins|del|delText|comment\w*)\b/);
    for (const name of ['Germany', 'Türkiye', 'Chair', 'Secretariat', 'Accord', 'Ayşe'])
      expect(xml, name).not.toContain(name);
    expect(paragraphs(xml)).toEqual([
      'Budapest Declaration',
      'Live text (2024-03-01)',
      'Date: 2024-03-01',
      'PP1\tRecalling1 the Declaration,',
      'OP1\tFirmly calls upon States to enhance cooperation:',
      'OP1 (a)\ton return;',
      'OP1 bis\tWelcomes the Reference Group.',
      'Goal 1\tLegal migration',
      '1.1\tShare data &lt;safely&gt; &amp; fast',
      'Notes',
      '1\tA/RES/1 (2015)',
    ]);
    const zip = await JSZip.loadAsync(bytes);
    expect(zip.file('word/comments.xml')).toBeNull();
    const core = await part(bytes, 'docProps/core.xml');
    // No creator nor last editor at all (or empty ones).
    expect(core).not.toMatch(/<dc:creator>[^<]|<cp:lastModifiedBy>[^<]/);
    expect(core).not.toMatch(/Accord|Germany|Chair/);
    expect(await part(bytes, 'word/settings.xml')).not.toContain('trackRevisions');
    expect(await part(bytes, 'word/header1.xml')).toContain('>LIMITE</w:t>');
  });

  it('EX4 revision.html: a standalone redline, each change with its author and date, labels and LIMITE, text escaped', () => {
    const html = revisionHtml(model);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|src=/);
    expect(html).toContain('<p class="limite">LIMITE</p>');
    expect(html).toContain('<h1>Budapest Declaration</h1>');
    expect(html).toContain('Revision: Zero draft (2024-02-15) → Live text (2024-03-01)');
    expect(html).toContain(
      '<ins title="Inserted by Germany (A12), 2024-02-20 10:00 UTC" datetime="2024-02-20T10:00:00.123Z">Firmly </ins> <span class="who">[Germany (A12), 2024-02-20 10:00 UTC]</span>',
    );
    // A replacement by one author names it once, after the insertion.
    expect(html).toContain(
      '<del title="Deleted by Chair (Türkiye), 2024-02-21 09:30 UTC" datetime="2024-02-21T09:30:00.000Z">strengthen</del><ins title="Inserted by Chair (Türkiye), 2024-02-21 09:30 UTC" datetime="2024-02-21T09:30:00.000Z">enhance</ins> <span class="who">[Chair (Türkiye), 2024-02-21 09:30 UTC]</span>',
    );
    expect(html).toContain('<span class="label">OP1 bis</span>');
    expect(html).toContain('(paragraph deleted)');
    expect(html).toContain('Recalling<sup>1</sup> the Declaration');
    expect(html).toContain(' &lt;safely&gt; &amp; fast');
    expect(html).toContain('<h2>Notes</h2>');
    expect(html).toMatch(/<span class="label">1<\/span><span>A\/RES\/1 <ins/);
  });

  it('EX6 file names say what was compared', () => {
    const request = { documentId: 'declaration', from: 'zero-draft', to: 'live' };
    expect(revisionFilename(request, 'docx')).toBe('declaration-zero-draft-to-live.docx');
    expect(revisionFilename(request, 'clean-docx')).toBe(
      'declaration-zero-draft-to-live-clean.docx',
    );
    expect(revisionFilename({ ...request, from: 'start-zero draft/"x"' }, 'pdf')).toBe(
      'declaration-start-zero-draft-x-to-live.pdf',
    );
  });

  it('EX6 the entry: the comparison’s refusals as they are, the file with its type and name, 503 without Chromium', async () => {
    const deps: RevisionExportDeps = {
      versions: {
        compare: (documentId, from) =>
          Promise.resolve(
            documentId !== 'declaration'
              ? refusal(404, `no document "${documentId}"`)
              : from === 'nowhere'
                ? refusal(400, `"from": document "declaration" has no version "nowhere"`)
                : comparison,
          ),
      },
      documents: {
        getDocument: (id) =>
          Promise.resolve({ id, title: 'Budapest Declaration', kind: 'declaration' as const }),
      },
      directory: { listDelegations: () => Promise.resolve(delegations) },
      clock: new ManualClock(Date.parse('2024-03-01T09:15:00.000Z')),
      pdf: new PdfPrinter({ chromium: '/nonexistent/chromium' }),
    };
    const request = { documentId: 'declaration', from: 'zero-draft', to: 'live' };
    const html = await revisionExport(deps, { ...request, format: 'html' });
    expect(html).toMatchObject({
      contentType: 'text/html; charset=utf-8',
      filename: 'declaration-zero-draft-to-live.html',
    });
    expect(new TextDecoder().decode((html as { bytes: Uint8Array }).bytes)).toBe(
      revisionHtml(model),
    );
    expect(
      await revisionExport(deps, { ...request, from: 'nowhere', format: 'docx' }),
    ).toMatchObject({
      refused: true,
      status: 400,
      message: expect.stringMatching(/"from".*"nowhere"/),
    });
    expect(
      await revisionExport(deps, { ...request, documentId: 'x', format: 'docx' }),
    ).toMatchObject({
      refused: true,
      status: 404,
    });
    expect(await revisionExport(deps, { ...request, format: 'pdf' })).toMatchObject({
      refused: true,
      status: 503,
      message: expect.stringMatching(/needs Chromium/),
    });
  });

  it('EX5 a missing Chromium is a clear error, not a hang', async () => {
    await expect(htmlToPdf('<p>x</p>', { chromium: '/nonexistent/chromium' })).rejects.toThrow(
      /needs Chromium, which is not installed at \/nonexistent\/chromium/,
    );
    // The server's printer says the same at every PDF (Chromium may be installed meanwhile).
    const printer = new PdfPrinter({ chromium: '/nonexistent/chromium' });
    for (let i = 0; i < 2; i++)
      await expect(printer.print('<p>x</p>')).rejects.toThrow(/needs Chromium/);
    expect(printer.launches).toBe(0);
    await printer.close();
    await expect(printer.print('<p>x</p>')).rejects.toThrow(/printer was closed/);
    expect(fs.existsSync('/nonexistent/chromium')).toBe(false);
  });
});
