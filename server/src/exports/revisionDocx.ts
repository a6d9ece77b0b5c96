import {
  AlignmentType,
  DeletedTextRun,
  Document,
  Header,
  HeadingLevel,
  InsertedTextRun,
  Packer,
  Paragraph,
  Tab,
  TextRun,
  type ParagraphChild,
} from 'docx';
import {
  LIMITE,
  day,
  markerNumbering,
  noteNumber,
  sidesLine,
  type RevisionBlock,
  type RevisionModel,
  type RevisionPart,
} from './revisionModel.js';

/**
 * The revision as Word documents (issue 10, SPEC EX2–EX3), built with `docx`: with REAL tracked
 * changes (`w:ins`/`w:del`, each with its author and date) that Word and LibreOffice list,
 * accept and reject, or "clean" — the newer text only, with no revision, comment or author
 * name left in it. Pure: the model in, the file's bytes out.
 */

/** What a revision document shows. */
export interface RevisionDocxOptions {
  /** The newer text alone, untracked, without author metadata (revision-clean.docx). */
  clean: boolean;
}

/** Who the package says made and last saved the file: the tool, never a person. */
const TOOL = 'Accord';

/** Word's `w:date` is an xsd:dateTime; whole seconds read everywhere. */
function wordDate(at: string): string {
  return at.replace(/\.\d+Z$/, 'Z');
}

/** One inch in twips: the label's column. */
const LABEL_COLUMN = 1440;

/**
 * Where a block's text starts and its label hangs: labelled text aligned after the label's
 * column, list items one step further in, notes in a narrower column, the chapeau flush.
 */
function indentOf(block: RevisionBlock, label: string): { left: number; hanging: number } | null {
  if (label === '') return null;
  if (block.type === 'footnote') return { left: 720, hanging: 720 };
  if (block.type === 'list_item') return { left: LABEL_COLUMN + 720, hanging: LABEL_COLUMN };
  return { left: LABEL_COLUMN, hanging: LABEL_COLUMN };
}

/** Builds the paragraphs of one revision document; ids of revisions are unique per file. */
class Builder {
  private revision = 0;
  private readonly pieces = markerNumbering();

  constructor(private readonly clean: boolean) {}

  /** The runs of one part: kept, or tracked as inserted or deleted (clean: kept text only). */
  runs(part: RevisionPart, bold: boolean): ParagraphChild[] {
    if (this.clean && part.kind === 'delete') return [];
    const out: ParagraphChild[] = [];
    for (const piece of this.pieces(part)) {
      // Only bold is written: `bold: false` would add a needless w:b to every run.
      const run = {
        text: piece.kind === 'text' ? piece.text : piece.number,
        ...(piece.kind === 'marker' ? { superScript: true } : {}),
        ...(bold ? { bold: true } : {}),
      };
      if (part.kind === 'equal' || this.clean) out.push(new TextRun(run));
      else {
        const change = {
          ...run,
          id: ++this.revision,
          author: part.author,
          date: wordDate(part.at),
        };
        out.push(part.kind === 'insert' ? new InsertedTextRun(change) : new DeletedTextRun(change));
      }
    }
    return out;
  }

  /**
   * The label of a block: kept, or, for a block inserted or deleted whole, tracked with its
   * text by the same author (accepting the deletion removes the label too).
   */
  label(block: RevisionBlock, text: string): ParagraphChild[] {
    if (text === '') return [];
    const whole = block.status === 'inserted' || block.status === 'deleted';
    const first = block.parts[0];
    const label = { children: [text, new Tab()], bold: true };
    if (!whole || !first || first.kind === 'equal' || this.clean) return [new TextRun(label)];
    const change = {
      ...label,
      id: ++this.revision,
      author: first.author,
      date: wordDate(first.at),
    };
    return [block.status === 'inserted' ? new InsertedTextRun(change) : new DeletedTextRun(change)];
  }

  /** One block as a paragraph: its label, then its text; a goal's title in bold. */
  paragraph(block: RevisionBlock, label: string): Paragraph | null {
    if (this.clean && block.status === 'deleted') return null;
    const bold = block.type === 'goal';
    const indent = indentOf(block, label);
    return new Paragraph({
      ...(indent ? { indent } : {}),
      ...(bold ? { keepNext: true } : {}),
      spacing: { after: 120, ...(bold ? { before: 240 } : {}) },
      children: [...this.label(block, label), ...block.parts.flatMap((p) => this.runs(p, bold))],
    });
  }
}

/** The document's opening (LIMITE is in the page header): title, what is compared, the date. */
function heading(model: RevisionModel, clean: boolean): Paragraph[] {
  const line = (text: string) =>
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun(text)] });
  return [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      children: [new TextRun(model.title)],
    }),
    line(
      clean
        ? `${model.to.name} (${day(model.to.at)})`
        : `Revision: ${sidesLine(model)}, changes tracked`,
    ),
    line(`Date: ${day(model.date)}`),
  ];
}

/**
 * The revision of `model` as a .docx: the LIMITE header on every page, the title, the versions
 * compared and the date, every paragraph with its label (PP1, OP4 bis, Goal 2, 2.3, list items
 * indented), and the footnotes as numbered notes after the text. Tracked: every insertion and
 * deletion is a Word revision by its author, at its date, and the file's creator is "Accord".
 * Clean: the newer text only, and the creator and last editor are left empty.
 */
export async function revisionDocx(
  model: RevisionModel,
  options: RevisionDocxOptions,
): Promise<Uint8Array> {
  const { clean } = options;
  const builder = new Builder(clean);
  const body: Paragraph[] = [];
  for (const block of model.blocks) {
    const p = builder.paragraph(block, block.label);
    if (p) body.push(p);
  }
  const notes = model.notes.flatMap((note) => {
    const p = builder.paragraph(note, noteNumber(note.label));
    return p ? [p] : [];
  });
  if (notes.length > 0)
    body.push(
      new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Notes')] }),
      ...notes,
    );
  const document = new Document({
    title: model.title,
    description: clean ? '' : `Revision: ${sidesLine(model)}`,
    creator: clean ? '' : TOOL,
    lastModifiedBy: clean ? '' : TOOL,
    ...(clean ? {} : { features: { trackRevisions: true } }),
    styles: { default: { document: { run: { font: 'Times New Roman', size: 24 } } } },
    sections: [
      {
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [new TextRun({ text: LIMITE, bold: true })],
              }),
            ],
          }),
        },
        children: [...heading(model, clean), ...body],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
