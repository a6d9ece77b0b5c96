import type { Node } from 'prosemirror-model';
import { schema } from './schema.js';
import { newBlockId, cryptoRandom, type RandomSource } from './blockId.js';
import { ImportError } from './importError.js';
import { inline, readItems, type Item } from './readItems.js';
import { buildDeclaration } from './buildDeclaration.js';
import { buildCallForAction } from './buildCallForAction.js';

/** One imported document: its title (for document lists) and its schema-valid content. */
export interface ImportedDocument {
  title: string;
  doc: Node;
}

/** What a declaration text holds: the Ministerial Declaration and its Call for Action. */
export interface ImportedNegotiation {
  declaration: ImportedDocument;
  callForAction: ImportedDocument;
}

/** Options of `importDeclaration`. */
export interface ImportOptions {
  /** Source of block ids; pass `seededRandom(n)` for a reproducible import. */
  random?: RandomSource;
}

// Whole-line headings: no sentence punctuation, ending in the document's name. A sentence in
// the cover note that merely mentions the Declaration never matches.
const DECLARATION_TITLE = /^[^.;:,!?()"“”]{0,200}\bDeclaration$/u;
const CALL_FOR_ACTION_TITLE =
  /^[^.;:,!?()"“”]{0,200}\b(?:Call for Action|Action Plan)(?:\s+\d{4}\s*[-–—]\s*\d{4})?$/iu;

const stripStars = (s: string) => s.replace(/^\*\*(.*)\*\*$/u, '$1').trim();

/** Reads a title line as plain text: a title holds neither marks nor markers. */
function titleText(line: number, raw: string): string {
  const item: Item = { kind: 'paragraph', line, number: 0, parts: [{ line, text: raw }] };
  return inline(item, schema.nodes.title!, 'the document title', false)
    .map((p) => (p.kind === 'text' ? p.text : ''))
    .join('');
}

/**
 * Turns the plain text of a declaration draft (as seed 003 prints it) into the two structured
 * documents it contains: the Ministerial Declaration (chapeau, preambular and operative
 * paragraphs with their lists) and the Call for Action (priority goals with numbered action
 * points). Anything before the Declaration's title (a cover note) is skipped. Printed numbers
 * (goal and action numbers, footnote numbers) are checked and dropped, because the editor derives
 * them; footnote texts are moved from wherever the page breaks put them to the document's
 * footnotes, attached to their markers. Every block gets a fresh id from `options.random`.
 *
 * Throws ImportError, naming the line, for anything it cannot place.
 */
export function importDeclaration(text: string, options: ImportOptions = {}): ImportedNegotiation {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  // A final newline ends the last line; it does not start another one.
  const lastLine = Math.max(1, lines[lines.length - 1] === '' ? lines.length - 1 : lines.length);
  const random = options.random ?? cryptoRandom;
  const used = new Set<string>();
  const nextId = () => {
    let id = newBlockId(random);
    while (used.has(id)) id = newBlockId(random);
    used.add(id);
    return id;
  };

  const find = (from: number, pattern: RegExp) => {
    for (let i = from; i < lines.length; i++) {
      const line = stripStars((lines[i] ?? '').trim());
      if (pattern.test(line)) return i;
    }
    return -1;
  };
  const d = find(0, DECLARATION_TITLE);
  if (d < 0) {
    throw new ImportError(
      lastLine,
      'reached the end without a Declaration title; expected a line such as "The Budapest Process Ministerial Declaration"',
    );
  }
  const c = find(d + 1, CALL_FOR_ACTION_TITLE);
  if (c < 0) {
    throw new ImportError(
      lastLine,
      `reached the end without a Call for Action title after the Declaration at line ${d + 1}; expected a line such as "The Budapest Process Call for Action 2025-2030"`,
    );
  }

  const declarationTitle = titleText(d + 1, lines[d] ?? '');
  const callForActionTitle = titleText(c + 1, lines[c] ?? '');
  const declaration = buildDeclaration(
    d + 1,
    declarationTitle,
    readItems(lines, d + 1, c),
    c + 1,
    nextId,
  );
  const callForAction = buildCallForAction(
    c + 1,
    callForActionTitle,
    readItems(lines, c + 1, lines.length),
    lastLine,
    nextId,
  );
  declaration.check();
  callForAction.check();
  return {
    declaration: { title: declarationTitle, doc: declaration },
    callForAction: { title: callForActionTitle, doc: callForAction },
  };
}
