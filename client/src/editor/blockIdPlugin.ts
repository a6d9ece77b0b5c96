import { Plugin, PluginKey } from 'prosemirror-state';
import { ensureBlockIds } from '@accord/shared';
import { isFromYjs } from './fromYjs.js';

/** Plugin key of the block id plugin. */
export const blockIdPluginKey = new PluginKey('accordBlockIds');

/**
 * Gives every new block an id in the same dispatch that created it (a split copies the old id,
 * an inserted paragraph has none). Changes that came through Yjs are left alone: the client that
 * made them fixes its own ids, and if every receiver also "fixed" them, each would pick a
 * different random id and they would overwrite one another.
 */
export function blockIdPlugin(): Plugin {
  return new Plugin({
    key: blockIdPluginKey,
    appendTransaction(transactions, _oldState, newState) {
      if (!transactions.some((tr) => tr.docChanged && !isFromYjs(tr))) return null;
      const tr = newState.tr;
      return ensureBlockIds(tr) ? tr : null;
    },
  });
}
