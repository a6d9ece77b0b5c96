import type { Node } from 'prosemirror-model';
import { schema } from './schema.js';
import { ImportError } from './importError.js';
import { SUPERSCRIPT_RUN, type InlinePiece } from './parseInline.js';
import { excerpt, inline, itemText, type Item } from './readItems.js';
import { markersOf, resolveFootnotes, toNodes } from './resolveFootnotes.js';

/**
 * A paragraph read but not yet built: its nodes need footnote ids, which are known only once the
 * whole document has been read. Action points share the shape.
 */
export interface DraftParagraph {
  type: 'preambular' | 'operative' | 'action';
  line: number;
  body: InlinePiece[];
  list: InlinePiece[][];
}

/**
 * Builds a paragraph once its footnote ids are known. Shared with the Call for Action, whose
 * action points have the same body-and-list shape.
 */
export function paragraphNode(
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

/** A title node; an empty title holds no text node, because the schema forbids empty text. */
export function titleNode(text: string, nextId: () => string): Node {
  return schema.nodes.title!.create({ id: nextId() }, text === '' ? [] : [schema.text(text)]);
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

/**
 * Builds the Declaration from its items: an optional chapeau, then preambular paragraphs, then
 * operative ones, as the editor's structure expects. Footnote texts may sit anywhere among the
 * items. Throws ImportError, naming the line, for an item that does not fit.
 */
export function buildDeclaration(
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
