import type { Node, NodeType } from 'prosemirror-model';
import { schema } from './schema.js';
import { newBlockId, cryptoRandom, type RandomSource } from './blockId.js';
import { ImportError } from './importError.js';
import {
  parseInline,
  toSuperscript,
  superscriptNumber,
  SUPERSCRIPT_RUN,
  type InlinePiece,
} from './parseInline.js';

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

// ---------------------------------------------------------------------------------------------
// Lines and items

interface Part {
  line: number;
  text: string;
}

type ItemKind = 'paragraph' | 'bullet' | 'numbered' | 'footnote' | 'goalHeading';

/**
 * A unit of the source: a paragraph, list item, numbered line, footnote text or goal heading,
 * with any continuation lines (a hard-wrapped paragraph) joined on. `parts` excludes the prefix
 * ("- ", "3. ", "¹ ") and keeps each line's number for error messages.
 */
interface Item {
  kind: ItemKind;
  line: number;
  number: number;
  parts: Part[];
}

const itemText = (item: Item) => item.parts.map((p) => p.text).join(' ');

const FOOTNOTE_BODY = new RegExp(`^(${SUPERSCRIPT_RUN})\\s*(.*)$`, 'u');
const BULLET = /^[-–•*]\s+(.*)$/u;
const NUMBERED = /^(\d{1,3})[.)]\s+(.*)$/;
const GOAL_HEADING = /^(?:\*\*)?Priority\s+Goal\s+(\d{1,3})(?:\*\*)?\s*(?:[:.–—-]\s*(.*))?$/iu;
// Whole-line headings: no sentence punctuation, ending in the document's name. A sentence in
// the cover note that merely mentions the Declaration never matches.
const DECLARATION_TITLE = /^[^.;:,!?()"“”]{0,200}\bDeclaration$/u;
const CALL_FOR_ACTION_TITLE =
  /^[^.;:,!?()"“”]{0,200}\b(?:Call for Action|Action Plan)(?:\s+\d{4}\s*[-–—]\s*\d{4})?$/iu;

const stripStars = (s: string) => s.replace(/^\*\*(.*)\*\*$/u, '$1').trim();

function excerpt(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return `"${t.length > 50 ? `${t.slice(0, 50)}…` : t}"`;
}

/** Groups source lines [from, to) into items; blank lines only end the current item. */
function readItems(lines: readonly string[], from: number, to: number): Item[] {
  const items: Item[] = [];
  let current: Item | null = null;
  for (let i = from; i < to; i++) {
    const line = i + 1;
    const text = (lines[i] ?? '').trim();
    if (text === '') {
      current = null;
      continue;
    }
    const start = (kind: ItemKind, number: number, rest: string): Item => {
      const item: Item = { kind, line, number, parts: rest === '' ? [] : [{ line, text: rest }] };
      items.push(item);
      return item;
    };
    let m: RegExpExecArray | null;
    if ((m = GOAL_HEADING.exec(text))) {
      start('goalHeading', Number(m[1]), m[2] ?? '');
      current = null; // the goal's title follows on its own line, never as a continuation
    } else if ((m = FOOTNOTE_BODY.exec(text))) {
      current = start('footnote', superscriptNumber(m[1] ?? ''), m[2] ?? '');
    } else if ((m = BULLET.exec(text))) {
      current = start('bullet', 0, m[1] ?? '');
    } else if ((m = NUMBERED.exec(text))) {
      current = start('numbered', Number(m[1]), m[2] ?? '');
    } else if (current) {
      current.parts.push({ line, text });
    } else {
      current = start('paragraph', 0, text);
    }
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// Inline text

/** Parses an item's text, mapping offsets back to the line each part came from. */
function inline(item: Item, parent: NodeType, what: string, allowMarkers = true): InlinePiece[] {
  const starts: number[] = [];
  let offset = 0;
  for (const part of item.parts) {
    starts.push(offset);
    offset += part.text.length + 1;
  }
  const lineAt = (at: number) => {
    let line = item.line;
    item.parts.forEach((part, i) => {
      if ((starts[i] ?? 0) <= at) line = part.line;
    });
    return line;
  };
  return parseInline(itemText(item), { parent, allowMarkers, what, lineAt });
}

function markersOf(pieces: readonly InlinePiece[]) {
  return pieces.flatMap((p) => (p.kind === 'marker' ? [p] : []));
}

function toNodes(pieces: readonly InlinePiece[], refs: ReadonlyMap<number, string>): Node[] {
  return pieces.map((p) => {
    if (p.kind === 'marker') {
      const ref = refs.get(p.number);
      if (ref === undefined) throw new Error(`unresolved footnote marker ${p.number}`); // resolved earlier
      return schema.nodes.footnote_ref!.create({ ref });
    }
    const marks = [];
    if (p.strong) marks.push(schema.marks.strong!.create());
    if (p.em) marks.push(schema.marks.em!.create());
    if (p.href !== null) marks.push(schema.marks.link!.create({ href: p.href }));
    return schema.text(p.text, marks);
  });
}

// ---------------------------------------------------------------------------------------------
// Footnotes

interface Footnotes {
  /** Source number → footnote id, for the markers. */
  refs: Map<number, string>;
  /** Footnote nodes in the order their markers first appear, as derived numbering expects. */
  nodes: Node[];
}

/**
 * Matches footnote markers to footnote texts by their printed number. The texts may sit anywhere
 * in the document (a page break prints them in the middle of the preamble); what matters is that
 * every marker has exactly one text and every text has a marker, and that the printed numbers
 * follow the order of the markers, since the editor derives the numbers from that order.
 */
function resolveFootnotes(
  markers: readonly { number: number; line: number }[],
  bodies: readonly Item[],
  nextId: () => string,
  documentName: string,
): Footnotes {
  const byNumber = new Map<number, Item>();
  for (const body of bodies) {
    const seen = byNumber.get(body.number);
    if (seen) {
      throw new ImportError(
        body.line,
        `second footnote text numbered ${toSuperscript(body.number)} (the first is at line ${seen.line}); expected each footnote once`,
      );
    }
    byNumber.set(body.number, body);
  }
  const refs = new Map<number, string>();
  const nodes: Node[] = [];
  let previous = 0;
  for (const marker of markers) {
    if (refs.has(marker.number)) continue; // a footnote cited twice keeps one text
    const body = byNumber.get(marker.number);
    const sup = toSuperscript(marker.number);
    if (!body) {
      throw new ImportError(
        marker.line,
        `footnote marker ${sup} has no footnote text; expected a line starting with "${sup}" in the ${documentName}`,
      );
    }
    if (marker.number <= previous) {
      throw new ImportError(
        marker.line,
        `footnote marker ${sup} comes after marker ${toSuperscript(previous)}; expected footnotes numbered in the order they are cited`,
      );
    }
    previous = marker.number;
    const id = nextId();
    refs.set(marker.number, id);
    const text = inline(body, schema.nodes.footnote!, 'a footnote', false);
    if (text.length === 0) {
      throw new ImportError(
        body.line,
        `footnote ${sup} is empty; expected its text after the number`,
      );
    }
    nodes.push(schema.nodes.footnote!.create({ id }, toNodes(text, refs)));
  }
  for (const body of bodies) {
    if (!refs.has(body.number)) {
      throw new ImportError(
        body.line,
        `footnote text ${toSuperscript(body.number)} has no marker in the ${documentName}; expected a "${toSuperscript(body.number)}" in the text it annotates`,
      );
    }
  }
  return { refs, nodes };
}

// ---------------------------------------------------------------------------------------------
// Paragraphs

interface DraftParagraph {
  type: 'preambular' | 'operative' | 'action';
  line: number;
  body: InlinePiece[];
  list: InlinePiece[][];
}

function paragraphNode(
  p: DraftParagraph,
  refs: ReadonlyMap<number, string>,
  nextId: () => string,
): Node {
  const id = nextId();
  const content = [schema.nodes.body!.create(null, toNodes(p.body, refs))];
  if (p.list.length > 0) {
    const items = p.list.map((li) =>
      schema.nodes.list_item!.create({ id: nextId() }, toNodes(li, refs)),
    );
    content.push(schema.nodes.list!.create(null, items));
  }
  return schema.nodes[p.type]!.create({ id }, content);
}

function titleNode(text: string, nextId: () => string): Node {
  return schema.nodes.title!.create({ id: nextId() }, text === '' ? [] : [schema.text(text)]);
}

/** Reads a title line as plain text: a title holds neither marks nor markers. */
function titleText(line: number, raw: string): string {
  const item: Item = { kind: 'paragraph', line, number: 0, parts: [{ line, text: raw }] };
  return inline(item, schema.nodes.title!, 'the document title', false)
    .map((p) => (p.kind === 'text' ? p.text : ''))
    .join('');
}

// Preambular clauses open with a participle or an adjective ("Recognising", "Gathered",
// "Conscious"); operative clauses open with a verb in the present ("Adopt", "Decide"). The
// few verbs that merely end like a participle are listed so they stay operative.
const PREAMBLE_ADJECTIVES = new Set([
  'conscious',
  'mindful',
  'aware',
  'cognisant',
  'cognizant',
  'desirous',
  'grateful',
]);
const PARTICIPLE_LOOKALIKES = new Set(['bring', 'need', 'proceed', 'succeed', 'exceed', 'heed']);
const LEADING_ADVERBS = new Set(['also', 'further', 'furthermore', 'moreover']);

function isPreambular(text: string): boolean {
  const words =
    text
      .replace(/^[*_“"‘']+/u, '')
      .toLowerCase()
      .match(/\p{L}+/gu) ?? [];
  let word = words[0] ?? '';
  if ((LEADING_ADVERBS.has(word) || word.endsWith('ly')) && words[1]) word = words[1];
  if (PREAMBLE_ADJECTIVES.has(word)) return true;
  if (PARTICIPLE_LOOKALIKES.has(word)) return false;
  return /(?:ing|ed)$/.test(word);
}

const isChapeau = (text: string) => /^(?:\*\*)?(?:WE\b|We,)/u.test(text);

/** A clause of a declaration starts with a capital and ends in clause punctuation. */
function isClause(text: string): boolean {
  const start = text.replace(/^[*_“"‘'(]+/u, '');
  const end = text.replace(new RegExp(`(?:[\\s*_”’"')\\]]|${SUPERSCRIPT_RUN})+$`, 'u'), '');
  return /^\p{Lu}/u.test(start) && /[;:.,]$/.test(end);
}

// ---------------------------------------------------------------------------------------------
// The two documents

function buildDeclaration(
  titleLine: number,
  title: string,
  items: readonly Item[],
  cfaLine: number,
  nextId: () => string,
): Node {
  let chapeau: { item: Item; text: InlinePiece[] } | null = null;
  const paragraphs: DraftParagraph[] = [];
  const bodies: Item[] = [];
  let current: DraftParagraph | null = null;
  let firstOperative: number | null = null;

  for (const item of items) {
    const text = itemText(item);
    switch (item.kind) {
      case 'footnote':
        // A page break prints footnotes between paragraphs, even inside a list: they neither end
        // the list nor become text.
        bodies.push(item);
        break;
      case 'bullet':
        if (!current) {
          throw new ImportError(
            item.line,
            `list item ${excerpt(text)} has no paragraph to belong to; expected a preambular or operative paragraph before it`,
          );
        }
        current.list.push(inline(item, schema.nodes.list_item!, 'a list item'));
        break;
      case 'numbered':
        throw new ImportError(
          item.line,
          `numbered line ${excerpt(`${item.number}. ${text}`)} inside the Declaration; expected a paragraph, a "- " list item or a footnote (numbered action points belong under a "Priority Goal" heading of the Call for Action)`,
        );
      case 'goalHeading':
        throw new ImportError(
          item.line,
          `"Priority Goal ${item.number}" heading inside the Declaration; expected the Call for Action title (such as "The Budapest Process Call for Action 2025-2030") before it`,
        );
      case 'paragraph': {
        if (!chapeau && paragraphs.length === 0 && isChapeau(text)) {
          chapeau = { item, text: inline(item, schema.nodes.chapeau!, 'the chapeau') };
          current = null; // the chapeau is a single run of text and cannot introduce a list
          break;
        }
        if (!isClause(text)) {
          throw new ImportError(
            item.line,
            `${excerpt(text)} fits no rule of the Declaration; expected a paragraph that starts with a capital and ends in ";", ":", "," or ".", a "- " list item or a footnote starting with a superscript number (if it continues the paragraph before a page break, join the lines)`,
          );
        }
        const type = isPreambular(text) ? 'preambular' : 'operative';
        if (type === 'preambular' && firstOperative !== null) {
          throw new ImportError(
            item.line,
            `preambular paragraph ${excerpt(text)} after the operative part began at line ${firstOperative}; expected an operative paragraph ("Adopt …", "Decide …")`,
          );
        }
        if (type === 'operative' && firstOperative === null) firstOperative = item.line;
        current = {
          type,
          line: item.line,
          body: inline(item, schema.nodes.body!, 'a paragraph'),
          list: [],
        };
        paragraphs.push(current);
        break;
      }
    }
  }
  if (!chapeau && paragraphs.length === 0) {
    throw new ImportError(
      cfaLine,
      `the Declaration that starts at line ${titleLine} has no paragraphs; expected its chapeau and paragraphs before the Call for Action title`,
    );
  }

  const markers = [
    ...(chapeau ? markersOf(chapeau.text) : []),
    ...paragraphs.flatMap((p) => [...markersOf(p.body), ...p.list.flatMap(markersOf)]),
  ];
  const footnotes = resolveFootnotes(markers, bodies, nextId, 'Declaration');
  const content = [titleNode(title, nextId)];
  if (chapeau)
    content.push(
      schema.nodes.chapeau!.create({ id: nextId() }, toNodes(chapeau.text, footnotes.refs)),
    );
  for (const p of paragraphs) content.push(paragraphNode(p, footnotes.refs, nextId));
  content.push(schema.nodes.footnotes!.create(null, footnotes.nodes));
  return schema.nodes.doc!.create(null, content);
}

interface DraftGoal {
  line: number;
  number: number;
  title: InlinePiece[] | null;
  actions: DraftParagraph[];
}

function buildCallForAction(
  titleLine: number,
  title: string,
  items: readonly Item[],
  endLine: number,
  nextId: () => string,
): Node {
  const goals: DraftGoal[] = [];
  const bodies: Item[] = [];
  const goalTitle = (item: Item) => inline(item, schema.nodes.goal_title!, 'a goal title', false);

  for (const item of items) {
    const goal = goals[goals.length - 1];
    const text = itemText(item);
    switch (item.kind) {
      case 'footnote':
        bodies.push(item);
        break;
      case 'goalHeading': {
        const expected = goals.length + 1;
        if (item.number !== expected) {
          throw new ImportError(
            item.line,
            `found "Priority Goal ${item.number}"; expected "Priority Goal ${expected}" (goals are numbered in order)`,
          );
        }
        if (goal && goal.title === null) {
          throw new ImportError(
            item.line,
            `"Priority Goal ${item.number}" follows "Priority Goal ${goal.number}" (line ${goal.line}), which has no title; expected the title line of Priority Goal ${goal.number}`,
          );
        }
        goals.push({
          line: item.line,
          number: item.number,
          title: item.parts.length > 0 ? goalTitle(item) : null,
          actions: [],
        });
        break;
      }
      case 'paragraph':
        if (!goal) {
          throw new ImportError(
            item.line,
            `${excerpt(text)} before any goal; expected the heading "Priority Goal 1"`,
          );
        }
        if (goal.title !== null) {
          throw new ImportError(
            item.line,
            `${excerpt(text)} fits no rule of the Call for Action; expected a numbered action point ("${goal.actions.length + 1}. …"), a "- " list item, a footnote or a "Priority Goal ${goal.number + 1}" heading`,
          );
        }
        goal.title = goalTitle(item);
        break;
      case 'numbered': {
        if (!goal) {
          throw new ImportError(
            item.line,
            `numbered action point ${excerpt(`${item.number}. ${text}`)} before any "Priority Goal" heading; expected the heading "Priority Goal 1" first`,
          );
        }
        if (goal.title === null) {
          throw new ImportError(
            item.line,
            `action point before the title of Priority Goal ${goal.number}; expected the goal's title on the line after its heading`,
          );
        }
        const expected = goal.actions.length + 1;
        if (item.number !== expected) {
          throw new ImportError(
            item.line,
            `found action point ${item.number} of Priority Goal ${goal.number}; expected action point ${expected}`,
          );
        }
        goal.actions.push({
          type: 'action',
          line: item.line,
          body: inline(item, schema.nodes.body!, 'an action point'),
          list: [],
        });
        break;
      }
      case 'bullet': {
        const action = goal?.actions[goal.actions.length - 1];
        if (!action) {
          throw new ImportError(
            item.line,
            `list item ${excerpt(text)} has no action point to belong to; expected a numbered action point before it`,
          );
        }
        action.list.push(inline(item, schema.nodes.list_item!, 'a list item'));
        break;
      }
    }
  }
  if (goals.length === 0) {
    throw new ImportError(
      endLine,
      `the Call for Action that starts at line ${titleLine} has no goals; expected a "Priority Goal 1" heading`,
    );
  }
  const untitled = goals.find((g) => g.title === null);
  if (untitled) {
    throw new ImportError(
      untitled.line,
      `"Priority Goal ${untitled.number}" has no title; expected the goal's title on the line after its heading`,
    );
  }

  const markers = goals.flatMap((g) =>
    g.actions.flatMap((a) => [...markersOf(a.body), ...a.list.flatMap(markersOf)]),
  );
  const footnotes = resolveFootnotes(markers, bodies, nextId, 'Call for Action');
  const content = [titleNode(title, nextId)];
  for (const g of goals) {
    const id = nextId();
    const heading = schema.nodes.goal_title!.create(null, toNodes(g.title ?? [], footnotes.refs));
    content.push(
      schema.nodes.goal!.create({ id }, [
        heading,
        ...g.actions.map((a) => paragraphNode(a, footnotes.refs, nextId)),
      ]),
    );
  }
  content.push(schema.nodes.footnotes!.create(null, footnotes.nodes));
  return schema.nodes.doc!.create(null, content);
}

// ---------------------------------------------------------------------------------------------

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
