import type { NodeType } from 'prosemirror-model';
import { isAllowedHref } from './link.js';
import { ImportError } from './importError.js';

/**
 * One piece of imported running text: a run of text with its marks, or a footnote marker. The
 * importer resolves markers to footnote ids only once it has seen every footnote of a document,
 * so parsing stops at this intermediate form.
 */
export type InlinePiece =
  | { kind: 'text'; text: string; strong: boolean; em: boolean; href: string | null }
  | { kind: 'marker'; number: number; line: number };

/** What `parseInline` needs to know about where the text goes. */
export interface InlineContext {
  /** The node type that will hold the text: it decides which marks the text may keep. */
  parent: NodeType;
  /** Whether footnote markers may appear here (the schema allows them in footnotes; we do not). */
  allowMarkers: boolean;
  /** What the text is, for error messages: "a goal title", "the document title". */
  what: string;
  /** Maps an offset in the text to its 1-based input line, for errors and marker positions. */
  lineAt: (offset: number) => number;
}

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** Source pattern of a run of Unicode superscript digits: how the printed text marks footnotes. */
export const SUPERSCRIPT_RUN = '[⁰¹²³⁴⁵⁶⁷⁸⁹]+';

/** Reads a run of superscript digits ("¹²" → 12). */
export function superscriptNumber(run: string): number {
  let n = 0;
  for (const ch of run) n = n * 10 + SUPERSCRIPT_DIGITS.indexOf(ch);
  return n;
}

/** Writes a number in superscript digits, so error messages show the marker as printed. */
export function toSuperscript(n: number): string {
  return [...String(n)].map((d) => SUPERSCRIPT_DIGITS[Number(d)] ?? d).join('');
}

// Markdown-style emphasis as text converters write it. The delimiters must hug the text (no
// space inside) and single asterisks must not sit inside a word, so a stray "*" stays text.
const STRONG = /\*\*(?=\S)([\s\S]*?\S)\*\*/g;
const EM = /(?<![*\p{L}\p{N}])\*(?=[^\s*])([^*]*?[^\s*])\*(?![*\p{L}\p{N}])/gu;
// A URL ends at whitespace, quotes or a footnote marker glued to it ("…/DOC_3¹").
const URL_OR_MARKER = new RegExp(
  `(?:https?://|mailto:)[^\\s<>"“”‘’«»⁰¹²³⁴⁵⁶⁷⁸⁹]+|${SUPERSCRIPT_RUN}`,
  'gu',
);
// Whitespace runs collapse to one space; no-break spaces are kept because typesetters use them
// on purpose ("11 November", "Art. 5").
const SPACE_RUN = /[^\S\u00a0\u202f]+/g;

interface Span {
  text: string;
  offset: number;
  strong: boolean;
  em: boolean;
}

function splitBy(span: Span, pattern: RegExp, flag: 'strong' | 'em'): Span[] {
  const out: Span[] = [];
  let last = 0;
  for (const m of span.text.matchAll(pattern)) {
    const start = m.index;
    const inner = m[1] ?? '';
    const delimiter = (m[0].length - inner.length) / 2;
    if (start > last)
      out.push({ ...span, text: span.text.slice(last, start), offset: span.offset + last });
    out.push({ ...span, text: inner, offset: span.offset + start + delimiter, [flag]: true });
    last = start + m[0].length;
  }
  if (last < span.text.length)
    out.push({ ...span, text: span.text.slice(last), offset: span.offset + last });
  return out;
}

/** Trailing punctuation belongs to the sentence, not the URL; a ")" stays if the URL opened one. */
function trimUrl(url: string): string {
  let end = url.length;
  for (;;) {
    const ch = url[end - 1];
    if (ch === undefined) break;
    if ('.,;:!?\'"]'.includes(ch)) end--;
    else if (ch === ')') {
      const body = url.slice(0, end);
      if (body.split('(').length < body.split(')').length) end--;
      else break;
    } else break;
  }
  return url.slice(0, end);
}

/**
 * Parses one block's running text as the source prints it: `**bold**` and `*italic*` become
 * marks (the asterisks go), http/https/mailto URLs become links, and superscript digits become
 * footnote markers. Whitespace runs collapse to one space and the ends are trimmed; every other
 * character is kept, because the wording of a negotiated text is the point.
 * Throws ImportError for a footnote marker where the schema cannot hold one.
 */
export function parseInline(text: string, ctx: InlineContext): InlinePiece[] {
  const schema = ctx.parent.schema;
  const markOk = (name: string) => {
    const type = schema.marks[name];
    return type !== undefined && ctx.parent.allowsMarkType(type);
  };
  // A heading's bold is typography, not meaning: if the parent cannot hold a mark, the
  // delimiters still go but the mark is dropped.
  const strongOk = markOk('strong');
  const emOk = markOk('em');
  const linkOk = markOk('link');

  const spans = splitBy({ text, offset: 0, strong: false, em: false }, STRONG, 'strong').flatMap(
    (s) => splitBy(s, EM, 'em'),
  );

  const pieces: InlinePiece[] = [];
  const pushText = (s: Span, t: string, href: string | null) => {
    if (t.length === 0) return;
    pieces.push({ kind: 'text', text: t, strong: s.strong && strongOk, em: s.em && emOk, href });
  };
  for (const span of spans) {
    let last = 0;
    for (const m of span.text.matchAll(URL_OR_MARKER)) {
      const start = m.index;
      const token = m[0];
      if (token.startsWith('http') || token.startsWith('mailto:')) {
        const url = trimUrl(token);
        if (!linkOk || !isAllowedHref(url)) continue; // stays in the surrounding text
        pushText(span, span.text.slice(last, start), null);
        pushText(span, url, url);
        last = start + url.length;
        continue;
      }
      const line = ctx.lineAt(span.offset + start);
      if (!ctx.allowMarkers) {
        throw new ImportError(
          line,
          `footnote marker ${token} in ${ctx.what}, which cannot carry a footnote; expected plain text`,
        );
      }
      pushText(span, span.text.slice(last, start), null);
      pieces.push({ kind: 'marker', number: superscriptNumber(token), line });
      last = start + token.length;
    }
    pushText(span, span.text.slice(last), null);
  }
  return normaliseSpace(pieces);
}

function normaliseSpace(pieces: InlinePiece[]): InlinePiece[] {
  const out: InlinePiece[] = [];
  for (const piece of pieces) {
    if (piece.kind === 'marker') {
      out.push(piece);
      continue;
    }
    let t = piece.text.replace(SPACE_RUN, ' ');
    if (out.length === 0) t = t.trimStart();
    if (t.length > 0) out.push({ ...piece, text: t });
  }
  for (let last = out[out.length - 1]; last?.kind === 'text'; last = out[out.length - 1]) {
    const t = last.text.trimEnd();
    if (t.length > 0) {
      out[out.length - 1] = { ...last, text: t };
      break;
    }
    out.pop();
  }
  return out;
}
