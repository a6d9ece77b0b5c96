import type { NodeType } from 'prosemirror-model';
import {
  parseInline,
  superscriptNumber,
  SUPERSCRIPT_RUN,
  type InlinePiece,
} from './parseInline.js';

/** One source line's share of an item, kept apart so errors and markers can name their line. */
export interface Part {
  line: number;
  text: string;
}

/** What a line's prefix says it is; whether it may stand there is for the builders to decide. */
export type ItemKind = 'paragraph' | 'bullet' | 'numbered' | 'footnote' | 'goalHeading';

/**
 * A unit of the source: a paragraph, list item, numbered line, footnote text or goal heading,
 * with any continuation lines (a hard-wrapped paragraph) joined on. `parts` excludes the prefix
 * ("- ", "3. ", "¹ ") and keeps each line's number for error messages.
 */
export interface Item {
  kind: ItemKind;
  line: number;
  number: number;
  parts: Part[];
}

/** An item's text as one run, the way it read before the page wrapped it. */
export const itemText = (item: Item) => item.parts.map((p) => p.text).join(' ');

const FOOTNOTE_BODY = new RegExp(`^(${SUPERSCRIPT_RUN})\\s*(.*)$`, 'u');
const BULLET = /^[-–•*]\s+(.*)$/u;
const NUMBERED = /^(\d{1,3})[.)]\s+(.*)$/;
const GOAL_HEADING = /^(?:\*\*)?Priority\s+Goal\s+(\d{1,3})(?:\*\*)?\s*(?:[:.–—-]\s*(.*))?$/iu;

/** Quotes the start of a text, so an error points at the line without repeating all of it. */
export function excerpt(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return `"${t.length > 50 ? `${t.slice(0, 50)}…` : t}"`;
}

/** Groups source lines [from, to) into items; blank lines only end the current item. */
export function readItems(lines: readonly string[], from: number, to: number): Item[] {
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

/** Parses an item's text, mapping offsets back to the line each part came from. */
export function inline(
  item: Item,
  parent: NodeType,
  what: string,
  allowMarkers = true,
): InlinePiece[] {
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
