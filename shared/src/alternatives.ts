import type { Node } from 'prosemirror-model';

/** One option of an alternative: its number ("Alt 2") and its words. */
export interface AlternativeOption {
  option: number;
  text: string;
}

/**
 * A passage offered in several wordings, "Alt 1: … / Alt 2: …" (NS10): the options marked with
 * one group id inside one top-level block, in the order of their numbers.
 */
export interface Alternative {
  group: string;
  /** The id of the top-level block it is in (as for brackets). */
  blockId: string | null;
  options: AlternativeOption[];
}

/**
 * Every alternative of `doc`, in document order, one per group and top-level block (a goal's
 * action points each on their own), as `bracketsIn` counts brackets.
 */
export function alternativesIn(doc: Node): Alternative[] {
  const out: Alternative[] = [];
  const scan = (block: Node, blockId: string | null) => {
    const groups = new Map<string, Map<number, AlternativeOption>>();
    block.descendants((node) => {
      if (!node.isText) return true;
      for (const mark of node.marks) {
        if (mark.type.name !== 'alternative') continue;
        const group = mark.attrs.group as string;
        const option = mark.attrs.option as number;
        let options = groups.get(group);
        if (!options) groups.set(group, (options = new Map()));
        const seen = options.get(option);
        if (seen) seen.text += node.text ?? '';
        else options.set(option, { option, text: node.text ?? '' });
      }
      return false;
    });
    for (const [group, options] of groups)
      out.push({
        group,
        blockId,
        options: [...options.values()].sort((a, b) => a.option - b.option),
      });
  };
  const idOf = (node: Node): string | null =>
    typeof node.attrs.id === 'string' ? node.attrs.id : null;
  doc.forEach((top) => {
    if (top.type.name === 'goal') top.forEach((child) => scan(child, idOf(child) ?? idOf(top)));
    else if (top.type.name === 'footnotes') top.forEach((fn) => scan(fn, idOf(fn)));
    else scan(top, idOf(top));
  });
  return out;
}
