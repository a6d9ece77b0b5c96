import type { Node } from 'prosemirror-model';
import { Mapping, StepMap } from 'prosemirror-transform';

/**
 * A mapping from `before` to `after` that covers only the part that differs. A change from
 * another editor arrives through y-prosemirror as one replacement of the whole document, whose
 * own mapping would drop every highlight; the text around the change is the same, so this maps
 * positions there as if only the changed part had been replaced.
 */
export function diffMapping(before: Node, after: Node): Mapping {
  const start = before.content.findDiffStart(after.content);
  if (start === null) return new Mapping();
  let { a: endA, b: endB } = before.content.findDiffEnd(after.content) ?? {
    a: before.content.size,
    b: after.content.size,
  };
  // The two ends can cross when the change repeats its surroundings; widen to agree.
  if (endA < start) {
    endB += start - endA;
    endA = start;
  }
  if (endB < start) {
    endA += start - endB;
    endB = start;
  }
  return new Mapping([new StepMap([start, endA - start, endB - start])]);
}
