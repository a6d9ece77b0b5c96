import * as Y from 'yjs';
import { FRAGMENT_NAME } from '@accord/shared';

/**
 * Why an encoded Yjs relative position cannot anchor a thread in `doc`, or null when it can
 * (SPEC CM6): it must be base64 of `Y.encodeRelativePosition`, decode without error, and point
 * into this document's text (an item of its fragment, or the fragment itself). A position on
 * deleted words is fine: the thread is then detached, and kept.
 */
export function textAnchorProblem(doc: Y.Doc, encoded: string, name: string): string | null {
  let position: Y.RelativePosition;
  try {
    position = Y.decodeRelativePosition(new Uint8Array(Buffer.from(encoded, 'base64')));
  } catch {
    return `"${name}" is not a Yjs relative position`;
  }
  // Resolving a position by type name would create that root type in the live document:
  // only the text's own fragment may be named (a crafted name must not grow the server's doc).
  if (position.tname !== null && position.tname !== FRAGMENT_NAME)
    return `"${name}" does not point into this document's text`;
  let absolute: Y.AbsolutePosition | null;
  try {
    absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
  } catch {
    absolute = null;
  }
  if (!absolute) return `"${name}" does not point into this document`;
  const fragment = doc.getXmlFragment(FRAGMENT_NAME);
  let type: Y.AbstractType<unknown> | null = absolute.type;
  while (type && type !== fragment) type = (type._item?.parent as Y.AbstractType<unknown>) ?? null;
  return type === fragment ? null : `"${name}" does not point into this document's text`;
}
