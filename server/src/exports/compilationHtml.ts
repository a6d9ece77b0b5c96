import type { CompilationLayout } from '@accord/shared';
import {
  LIMITE,
  amendmentHeading,
  proposalText,
  type Compilation,
  type CompiledAmendment,
  type CompilationEntry,
} from './compilationModel.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const STYLE = `
body { font-family: 'Times New Roman', serif; max-width: 60rem; margin: 2rem auto; line-height: 1.4; }
.limite { text-align: right; font-weight: bold; letter-spacing: 0.1em; }
.meta { color: #333; }
h2 { font-size: 1.1rem; margin-top: 1.5rem; border-bottom: 1px solid #999; }
.current { margin-left: 1rem; }
.amendment { margin: 0.75rem 0 0.75rem 1rem; padding-left: 0.75rem; border-left: 3px solid #666; }
.amendment h3 { font-size: 1rem; margin: 0; }
.proposed { font-style: italic; }
.original { text-align: right; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #666; padding: 0.4rem; vertical-align: top; width: 50%; }
`;

const p = (cls: string, text: string) => `<p class="${cls}">${escapeHtml(text)}</p>`;

/** The details of an amendment below its text: names, justification, "Or. en", positions. */
function details(a: CompiledAmendment): string {
  const lines: string[] = [];
  if (a.justifications.length > 0)
    lines.push(p('justification', `Justification: ${a.justifications.join(' / ')}`));
  lines.push(p('original', a.original));
  lines.push(p('status', `Status: ${a.statusText}${a.outdated ? ' (text changed since)' : ''}`));
  if (a.decisionReason) lines.push(p('reason', `Reason: ${a.decisionReason}`));
  if (a.supports.length > 0) lines.push(p('supports', `Supported by: ${a.supports.join(', ')}`));
  if (a.objections.length > 0)
    lines.push(
      p(
        'objections',
        `Objections: ${a.objections.map((o) => `${o.delegation} (${o.reason})`).join('; ')}`,
      ),
    );
  return lines.join('\n');
}

/** "Amendment 3 — Germany, France; co-sponsored by Italy" */
function byline(a: CompiledAmendment): string {
  const co = a.cosponsors.length > 0 ? `; co-sponsored by ${a.cosponsors.join(', ')}` : '';
  return `${amendmentHeading(a)} — ${a.delegations.join(', ')}${co}`;
}

function entryHeading(e: CompilationEntry): string {
  const note = e.isNew ? ' (new paragraph)' : e.targetGone ? ' (no longer in the text)' : '';
  return `<h2>${escapeHtml(e.label + note)}</h2>`;
}

function listEntry(e: CompilationEntry): string {
  const parts = [entryHeading(e)];
  if (!e.isNew) parts.push(p('current', e.currentText));
  for (const a of e.amendments)
    parts.push(
      `<section class="amendment">\n<h3>${escapeHtml(byline(a))}</h3>\n` +
        `${p('proposed', proposalText(a))}\n${details(a)}\n</section>`,
    );
  return parts.join('\n');
}

function twoColumnEntry(e: CompilationEntry): string {
  const rows = e.amendments.map(
    (a) =>
      `<tr><td>${p('current', e.isNew ? '' : e.currentText)}</td>` +
      `<td><p><strong>${escapeHtml(byline(a))}</strong></p>\n${p('proposed', proposalText(a))}\n${details(a)}</td></tr>`,
  );
  return (
    `${entryHeading(e)}\n<table>\n<thead><tr><th scope="col">Current text</th>` +
    `<th scope="col">Amendment, justification, Or.</th></tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`
  );
}

/** The footnotes the compiled texts cite, after them. */
function notes(c: Compilation): string {
  if (c.footnotes.length === 0) return '';
  const items = c.footnotes.map((f) => p('footnote', `[${f.number}] ${f.text}`));
  return `<section class="footnotes">\n<h2>Footnotes</h2>\n${items.join('\n')}\n</section>`;
}

/**
 * The compilation as one standalone HTML page (EC2): no script, no outside resource, the
 * LIMITE mark, the version and the date at the top, one section per paragraph in document order.
 */
export function compilationHtml(c: Compilation, layout: CompilationLayout = 'list'): string {
  const entries = c.entries.map(layout === 'two-column' ? twoColumnEntry : listEntry);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(`Compilation of amendments — ${c.title}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="limite">${LIMITE}</p>
<h1>${escapeHtml(`Compilation of amendments — ${c.title}`)}</h1>
<p class="meta">${escapeHtml(`${c.versionName} · ${c.day} · ${c.amendmentCount} amendments`)}</p>
${entries.length > 0 ? entries.join('\n') : '<p>No amendments.</p>'}
${notes(c)}
</main>
</body>
</html>
`;
}
