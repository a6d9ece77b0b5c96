import {
  AlignmentType,
  Document,
  Header,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import {
  LIMITE,
  amendmentHeading,
  proposalText,
  type Compilation,
  type CompiledAmendment,
  type CompilationEntry,
} from './compilationModel.js';
import type { CompilationLayout } from '@accord/shared';

const text = (t: string, options: { bold?: boolean; italics?: boolean } = {}) =>
  new Paragraph({ children: [new TextRun({ text: t, ...options })] });

/** The lines under an amendment's text: justification, "Or. en", status, positions. */
function details(a: CompiledAmendment): Paragraph[] {
  const out: Paragraph[] = [];
  if (a.justifications.length > 0)
    out.push(
      new Paragraph({
        children: [
          new TextRun({ text: 'Justification: ', bold: true }),
          new TextRun(a.justifications.join(' / ')),
        ],
      }),
    );
  out.push(new Paragraph({ alignment: AlignmentType.RIGHT, text: a.original }));
  out.push(text(`Status: ${a.statusText}${a.outdated ? ' (text changed since)' : ''}`));
  if (a.decisionReason) out.push(text(`Reason: ${a.decisionReason}`));
  if (a.supports.length > 0) out.push(text(`Supported by: ${a.supports.join(', ')}`));
  if (a.objections.length > 0)
    out.push(
      text(`Objections: ${a.objections.map((o) => `${o.delegation} (${o.reason})`).join('; ')}`),
    );
  return out;
}

function byline(a: CompiledAmendment): Paragraph {
  const runs = [
    new TextRun({ text: `${amendmentHeading(a)} — `, bold: true }),
    new TextRun({ text: a.delegations.join(', '), bold: true }),
  ];
  if (a.cosponsors.length > 0)
    runs.push(new TextRun(`; co-sponsored by ${a.cosponsors.join(', ')}`));
  return new Paragraph({ children: runs });
}

function heading(e: CompilationEntry): Paragraph {
  const note = e.isNew ? ' (new paragraph)' : e.targetGone ? ' (no longer in the text)' : '';
  return new Paragraph({ heading: HeadingLevel.HEADING_2, text: e.label + note });
}

function listEntry(e: CompilationEntry): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [heading(e)];
  if (!e.isNew) out.push(text(e.currentText));
  for (const a of e.amendments)
    out.push(byline(a), text(proposalText(a), { italics: true }), ...details(a));
  return out;
}

const cell = (children: Paragraph[]) =>
  new TableCell({ children, width: { size: 50, type: WidthType.PERCENTAGE } });

function twoColumnEntry(e: CompilationEntry): (Paragraph | Table)[] {
  const header = new TableRow({
    tableHeader: true,
    children: [
      cell([text('Current text', { bold: true })]),
      cell([text('Amendment, justification, Or.', { bold: true })]),
    ],
  });
  const rows = e.amendments.map(
    (a) =>
      new TableRow({
        children: [
          cell([text(e.isNew ? '' : e.currentText)]),
          cell([byline(a), text(proposalText(a), { italics: true }), ...details(a)]),
        ],
      }),
  );
  return [
    heading(e),
    new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [header, ...rows] }),
  ];
}

/**
 * The compilation as a Word document (EC1): LIMITE in every page's header and at the top, the
 * title, version and date, then each paragraph with its label, its current text and its
 * amendments — one under the other (`list`) or in a table "Current text | Amendment,
 * justification, Or." (`two-column`).
 */
export async function compilationDocx(
  c: Compilation,
  layout: CompilationLayout = 'list',
): Promise<Uint8Array> {
  const body = c.entries.flatMap(layout === 'two-column' ? twoColumnEntry : listEntry);
  const doc = new Document({
    title: `Compilation of amendments — ${c.title}`,
    description: `${LIMITE} · ${c.versionName} · ${c.day}`,
    // The Word author field names no one: the file goes to capitals.
    creator: 'Accord',
    sections: [
      {
        headers: {
          default: new Header({
            children: [new Paragraph({ alignment: AlignmentType.RIGHT, text: LIMITE })],
          }),
        },
        children: [
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            children: [new TextRun({ text: LIMITE, bold: true })],
          }),
          new Paragraph({
            heading: HeadingLevel.HEADING_1,
            text: `Compilation of amendments — ${c.title}`,
          }),
          text(`${c.versionName} · ${c.day} · ${c.amendmentCount} amendments`),
          ...(body.length > 0 ? body : [text('No amendments.')]),
          ...(c.footnotes.length > 0
            ? [
                new Paragraph({ heading: HeadingLevel.HEADING_2, text: 'Footnotes' }),
                ...c.footnotes.map((f) => text(`[${f.number}] ${f.text}`)),
              ]
            : []),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
