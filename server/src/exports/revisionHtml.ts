import {
  LIMITE,
  day,
  instant,
  markerNumbering,
  noteNumber,
  sidesLine,
  type RevisionBlock,
  type RevisionModel,
  type RevisionPart,
} from './revisionModel.js';

/**
 * The revision as a standalone redline page for reading (issue 10, SPEC EX4), and the page
 * Chromium prints as the PDF: inserted words underlined in colour, deleted words struck
 * through, each change followed by its author and date, LIMITE on every printed page (a page
 * margin box; on screen, at the top), every paragraph with its label. Pure: the model in, one
 * HTML string out (styles inline, no script, nothing fetched).
 */

/** Text as HTML. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

const STYLE = `
  @page { size: A4; margin: 22mm 20mm; @top-right { content: "LIMITE"; font: bold 10pt "Liberation Serif", serif; letter-spacing: 0.1em; } }
  body { font: 12pt/1.5 "Times New Roman", "Liberation Serif", serif; color: #111; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
  .limite { text-align: right; font-weight: bold; letter-spacing: 0.1em; }
  @media print { .limite { display: none; } body { margin: 0; max-width: none; } }
  h1 { text-align: center; font-size: 16pt; margin: 0.5rem 0; }
  .meta { text-align: center; margin: 0; }
  .legend { margin: 1rem 0; font-size: 10pt; }
  p.block { margin: 0 0 0.6rem; display: grid; grid-template-columns: 5.5rem 1fr; }
  p.list_item { padding-left: 2rem; }
  p.goal { font-weight: bold; margin-top: 1rem; }
  .label { font-weight: bold; }
  ins { color: #0b5d1e; text-decoration: underline; background: #e6f4ea; }
  del { color: #a31515; text-decoration: line-through; background: #fbe9e7; }
  .who { font-size: 8.5pt; color: #444; font-style: italic; white-space: nowrap; }
  .status { font-size: 8.5pt; color: #444; }
  h2 { font-size: 13pt; margin-top: 1.5rem; }
`;

/** Whether part `i`'s author follows it: not between a deletion and the insertion replacing it. */
function showsAuthor(parts: readonly RevisionPart[], i: number): boolean {
  const part = parts[i];
  if (!part || part.kind === 'equal') return false;
  const next = parts[i + 1];
  return !(next && next.kind !== 'equal' && next.kind !== part.kind && next.author === part.author);
}

/** One block as a labelled paragraph of the redline. */
function blockHtml(
  block: RevisionBlock,
  label: string,
  pieces: ReturnType<typeof markerNumbering>,
): string {
  const body = block.parts
    .map((part, i) => {
      const text = pieces(part)
        .map((p) => (p.kind === 'text' ? escapeHtml(p.text) : `<sup>${p.number}</sup>`))
        .join('');
      if (part.kind === 'equal') return text;
      const tag = part.kind === 'insert' ? 'ins' : 'del';
      const when = instant(part.at);
      const title = `${part.kind === 'insert' ? 'Inserted' : 'Deleted'} by ${part.author}, ${when}`;
      const mark = `<${tag} title="${escapeHtml(title)}" datetime="${escapeHtml(part.at)}">${text}</${tag}>`;
      // After a change ending in a space, the name keeps the words apart as the space did.
      const who = showsAuthor(block.parts, i)
        ? ` <span class="who">[${escapeHtml(part.author)}, ${escapeHtml(when)}]</span>${/\s$/.test(part.text) ? ' ' : ''}`
        : '';
      return mark + who;
    })
    .join('');
  const status =
    block.status === 'inserted' || block.status === 'deleted'
      ? ` <span class="status">(${block.status === 'inserted' ? 'new paragraph' : 'paragraph deleted'})</span>`
      : '';
  return (
    `<p class="block ${escapeHtml(block.type)}" data-block="${escapeHtml(block.id)}">` +
    `<span class="label">${escapeHtml(label)}</span><span>${body}${status}</span></p>`
  );
}

/**
 * The redline of `model` as one standalone HTML page: LIMITE, the title, the versions compared
 * and the date, then every labelled paragraph with its insertions (`<ins>`) and deletions
 * (`<del>`), each with its author and date, then the footnotes as numbered notes.
 */
export function revisionHtml(model: RevisionModel): string {
  const pieces = markerNumbering();
  const blocks = model.blocks.map((b) => blockHtml(b, b.label, pieces)).join('\n');
  const notes = model.notes.map((b) => blockHtml(b, noteNumber(b.label), pieces)).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(`${model.title} — revision ${sidesLine(model)}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<p class="limite">${LIMITE}</p>
<h1>${escapeHtml(model.title)}</h1>
<p class="meta">Revision: ${escapeHtml(sidesLine(model))}</p>
<p class="meta">Date: ${escapeHtml(day(model.date))}</p>
<p class="legend"><ins>Inserted text</ins> and <del>deleted text</del> are followed by who made the change and when.</p>
<main>
${blocks}
${notes === '' ? '' : `<h2>Notes</h2>\n${notes}`}
</main>
</body>
</html>
`;
}
