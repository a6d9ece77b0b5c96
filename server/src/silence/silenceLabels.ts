import { FRAGMENT_NAME, schema, yFragmentToDoc, type BlockLabel } from '@accord/shared';
import type { Node } from 'prosemirror-model';
import type { Room } from '../collab/Room.js';
import type { SilenceLabels } from './SilenceService.js';

/** Reads a document's room (the server's `Rooms`). */
export interface LabelledRooms {
  readDocument<T>(documentId: string, read: (room: Room) => T | Promise<T>): Promise<T>;
}

/**
 * The labels a break of silence records (SI5): those delegates cite at that moment, the round's
 * stable labels (`RoundLabelService.labeller`), computed on the text as the server holds it.
 */
export function silenceLabels(
  rooms: LabelledRooms,
  labeller: (documentId: string) => Promise<(doc: Node) => Map<string, BlockLabel>>,
): SilenceLabels {
  return async (documentId) => {
    const label = await labeller(documentId);
    return rooms.readDocument(documentId, (room) =>
      label(yFragmentToDoc(room.doc.getXmlFragment(FRAGMENT_NAME), schema)),
    );
  };
}
