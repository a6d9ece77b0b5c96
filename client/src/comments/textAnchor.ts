import type { EditorState } from 'prosemirror-state';
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from 'y-prosemirror';
import * as Y from 'yjs';
import { QUOTE_MAX, OBJECT_MARK, type ThreadAnchor } from '@accord/shared';

/** A text anchor: two relative positions in the base text or the delegation's working copy. */
export type TextAnchor = Extract<ThreadAnchor, { type: 'text' }>;

/** What y-prosemirror's binding maps Yjs types to: the ProseMirror nodes they render. */
type BindingMapping = Map<Y.AbstractType<unknown>, unknown>;

/** The part of y-prosemirror's binding the anchors need. */
export interface YBinding {
  doc: Y.Doc;
  type: Y.XmlFragment;
  mapping: BindingMapping;
}

/** The Yjs binding of an editor state (null before the sync plugin's view made it). */
export function bindingOf(state: EditorState): YBinding | null {
  const sync = ySyncPluginKey.getState(state) as { binding?: YBinding | null } | undefined;
  return sync?.binding ?? null;
}

/** Bytes as base64 (what the API carries). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** base64 back to bytes. */
export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A relative position as the API carries it. */
export function encodePosition(position: Y.RelativePosition): string {
  return toBase64(Y.encodeRelativePosition(position));
}

/** An API position back to a relative position, or null when it does not decode. */
export function decodePosition(text: string): Y.RelativePosition | null {
  try {
    return Y.decodeRelativePosition(fromBase64(text));
  } catch {
    return null;
  }
}

/** The words between two positions as a thread quotes them (footnote markers as "*"). */
export function quoteOf(state: EditorState, from: number, to: number): string {
  const text = state.doc.textBetween(from, to, ' ', '*').replaceAll(OBJECT_MARK, '*');
  return text.length > QUOTE_MAX ? `${text.slice(0, QUOTE_MAX - 1)}…` : text;
}

/**
 * The anchor and quote of the current selection, or null for an empty selection or before the
 * binding exists. The positions are Yjs relative positions, so the thread follows the text.
 */
export function selectionAnchor(
  state: EditorState,
  on: TextAnchor['on'],
  range: { from: number; to: number } = state.selection,
): { anchor: TextAnchor; quote: string } | null {
  const { from, to } = range;
  const binding = bindingOf(state);
  if (from >= to || !binding) return null;
  const relFrom = absolutePositionToRelativePosition(from, binding.type, binding.mapping as never);
  const relTo = absolutePositionToRelativePosition(to, binding.type, binding.mapping as never);
  return {
    anchor: { type: 'text', from: encodePosition(relFrom), to: encodePosition(relTo), on },
    quote: quoteOf(state, from, to),
  };
}

/**
 * Where a text anchor is in the editor now: its two positions resolved against the Yjs
 * document, or null when either no longer resolves (its whole paragraph went away).
 */
export function resolveAnchor(
  binding: YBinding,
  anchor: Pick<TextAnchor, 'from' | 'to'>,
): { from: number; to: number } | null {
  const relFrom = decodePosition(anchor.from);
  const relTo = decodePosition(anchor.to);
  if (!relFrom || !relTo) return null;
  const mapping = binding.mapping as never;
  let from: number | null;
  let to: number | null;
  try {
    from = relativePositionToAbsolutePosition(binding.doc, binding.type, relFrom, mapping);
    to = relativePositionToAbsolutePosition(binding.doc, binding.type, relTo, mapping);
  } catch {
    // A position inside a type the binding has not rendered (a half-synced text).
    return null;
  }
  if (from === null || to === null) return null;
  return { from, to };
}
