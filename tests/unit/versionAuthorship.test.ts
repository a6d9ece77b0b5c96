import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  FRAGMENT_NAME,
  compareTexts,
  deriveLabels,
  docToYDoc,
  schema,
  versionBlocks,
  yFragmentToDoc,
  type ChangeAuthor,
  type ChangeOrigin,
} from '@accord/shared';
import { findBlock, yTextNodeOf } from '../../server/src/amendments/yjsBlocks.js';
import {
  ChangeIndex,
  authorOfHistory,
  blockCharIds,
  type HistoryUpdate,
} from '../../server/src/versions/authorship.js';
import { doc, fn, footnotes, op, ref, title } from '../helpers/builders.js';

// Exact attribution from the Yjs history (server/src/versions/authorship.ts): a document is
// edited by updates with known origins, and the redline between two states names them.

const amendment: ChangeOrigin = {
  kind: 'amendment',
  amendmentId: 'am-12',
  delegationId: 'germany',
  decidedBy: 'p-chair',
};
const chair: ChangeOrigin = { kind: 'connection', personId: 'p-chair', delegationId: 'turkiye' };

/** How origins read as authors here: the amendment as A12, a person as the pen-holder. */
function author(origin: ChangeOrigin): ChangeAuthor {
  if (origin.kind === 'amendment')
    return {
      kind: 'amendment',
      amendmentId: origin.amendmentId,
      number: 12,
      delegationId: origin.delegationId,
    };
  if (origin.kind === 'system') return { kind: 'system' };
  return { kind: 'pen-holder', personId: origin.personId, delegationId: origin.delegationId };
}

/** A document being edited, with every update recorded under a sequence number and origin. */
function history(start: ReturnType<typeof doc>) {
  const ydoc = docToYDoc(start);
  const updates: HistoryUpdate[] = [];
  let origin: ChangeOrigin = chair;
  ydoc.on('update', (update: Uint8Array) =>
    updates.push({ seq: updates.length + 1, origin, update }),
  );
  const fragment = ydoc.getXmlFragment(FRAGMENT_NAME);
  return {
    ydoc,
    updates,
    /** Edits the text of block `id` (its first text run) as `by`. */
    edit(by: ChangeOrigin, id: string, change: (text: Y.XmlText) => void) {
      origin = by;
      ydoc.transact(() => change(yTextNodeOf(findBlock(fragment, id)!)!.get(0) as Y.XmlText));
    },
    /** Deletes block `id` as `by`. */
    remove(by: ChangeOrigin, id: string) {
      origin = by;
      const block = findBlock(fragment, id)!;
      const parent = block.parent as Y.XmlFragment;
      ydoc.transact(() => parent.delete(parent.toArray().indexOf(block), 1));
    },
    state: () => Y.encodeStateAsUpdate(ydoc),
  };
}

/** A Y.Doc from a state, and its blocks as a version records them. */
function thaw(state: Uint8Array) {
  const ydoc = new Y.Doc({ gc: false });
  Y.applyUpdate(ydoc, state);
  const pm = yFragmentToDoc(ydoc.getXmlFragment(FRAGMENT_NAME), schema);
  return { ydoc, blocks: versionBlocks(pm, deriveLabels(pm)) };
}

/** The redline between two states with the updates in between. */
function redline(
  fromState: Uint8Array,
  toState: Uint8Array,
  updates: HistoryUpdate[],
  forward = true,
) {
  const from = thaw(fromState);
  const to = thaw(toState);
  const authorOf = authorOfHistory({
    from: from.ydoc,
    to: to.ydoc,
    fromTexts: new Map(from.blocks.map((b) => [b.id, b.text])),
    toTexts: new Map(to.blocks.map((b) => [b.id, b.text])),
    index: new ChangeIndex(updates),
    forward,
    author,
  });
  return compareTexts({ blocks: from.blocks }, { blocks: to.blocks }, authorOf);
}

const A12 = author(amendment);
const CHAIR = author(chair);

describe('attribution from the Yjs history', () => {
  it('CP3 each inserted and deleted word is attributed to the update that made it', () => {
    const h = history(
      doc(title('T'), op('Calls upon States to strengthen cooperation.'), op('Other.')),
    );
    const before = h.state();
    h.edit(amendment, 'op-1', (t) => t.insert(11, 'all '));
    h.edit(chair, 'op-1', (t) => {
      t.delete(25, 10);
      t.insert(25, 'enhance');
    });
    const result = redline(before, h.state(), h.updates);
    expect(result[0]!.parts).toEqual([
      { kind: 'equal', text: 'Calls upon ' },
      { kind: 'insert', text: 'all ', author: A12 },
      { kind: 'equal', text: 'States to ' },
      { kind: 'delete', text: 'strengthen', author: CHAIR },
      { kind: 'insert', text: 'enhance', author: CHAIR },
      { kind: 'equal', text: ' cooperation.' },
    ]);
    expect(result[1]!.status).toBe('unchanged');
  });

  it('CP3 a deleted paragraph is attributed to the update that deleted it, and a footnote marker counts as one character', () => {
    const h = history(
      doc(
        title('T'),
        op('Keep', ref('fn-a'), ' this.'),
        op('Drop this.'),
        footnotes(fn('fn-a', 'Note.')),
      ),
    );
    const before = h.state();
    h.remove(amendment, 'op-2');
    h.edit(chair, 'op-1', (t) => t.insert(4, ' all'));
    const result = redline(before, h.state(), h.updates);
    const byId = new Map(result.map((b) => [b.id, b]));
    expect(byId.get('op-2')).toMatchObject({
      status: 'deleted',
      parts: [{ kind: 'delete', text: 'Drop this.', author: A12 }],
    });
    expect(byId.get('op-1')!.parts).toEqual([
      { kind: 'equal', text: 'Keep' },
      { kind: 'insert', text: ' all', author: CHAIR },
      { kind: 'equal', text: '\uFFFC this.' },
    ]);
    // The ids read from Yjs line up with the text, the marker included.
    const ids = blockCharIds(thaw(h.state()).ydoc).get('op-1')!;
    expect(ids.clients).toHaveLength('Keep all\uFFFC this.'.length);
  });

  it('CP5 compared backwards, an insertion going back is the deletion going forward', () => {
    const h = history(doc(title('T'), op('One two three.')));
    const before = h.state();
    h.edit(amendment, 'op-1', (t) => t.delete(3, 4));
    const result = redline(h.state(), before, h.updates, false);
    expect(result[0]!.parts).toEqual([
      { kind: 'equal', text: 'One ' },
      { kind: 'insert', text: 'two ', author: A12 },
      { kind: 'equal', text: 'three.' },
    ]);
  });

  it('CP3 a change outside the updates given has no author', () => {
    const h = history(doc(title('T'), op('One.')));
    const before = h.state();
    h.edit(chair, 'op-1', (t) => t.insert(3, ' more'));
    expect(redline(before, h.state(), [])[0]!.parts).toEqual([
      { kind: 'equal', text: 'One' },
      { kind: 'insert', text: ' more' },
      { kind: 'equal', text: '.' },
    ]);
  });
});
