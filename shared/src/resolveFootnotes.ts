import type { Node } from 'prosemirror-model';
import { schema } from './schema.js';
import { ImportError } from './importError.js';
import { toSuperscript, type InlinePiece } from './parseInline.js';
import { inline, type Item } from './readItems.js';

/** The footnote markers among pieces, in order: the order of citation fixes the numbering. */
export function markersOf(pieces: readonly InlinePiece[]) {
  return pieces.flatMap((p) => (p.kind === 'marker' ? [p] : []));
}

/** Turns parsed pieces into nodes; it waits for `refs` because markers become footnote ids. */
export function toNodes(pieces: readonly InlinePiece[], refs: ReadonlyMap<number, string>): Node[] {
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

/** A document's footnotes once matched: the builders need both the ids and the nodes. */
export interface Footnotes {
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
export function resolveFootnotes(
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
