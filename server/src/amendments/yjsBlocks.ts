/**
 * Applying an accepted amendment to a document's Yjs text (issue 7) as minimal edits, so
 * concurrent edits, other amendments' anchors and comments elsewhere in the paragraph survive.
 * Pure functions on a Y.XmlFragment; the caller runs them inside `Room.change`.
 */
export {
  amendableBlockIds,
  blockTextsById,
  findBlock,
  yBlockText,
  yTextNodeOf,
} from './yjsBlockText.js';
export { applyBlockEdits } from './yjsBlockEdits.js';
export { deleteBlock, insertBlockAfter } from './yjsBlockStructure.js';
