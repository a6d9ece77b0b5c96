import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
  FRAGMENT_NAME,
  amendmentTransition,
  docToYDoc,
  isUndoable,
  type Amendment,
  type AmendmentStatus,
} from '@accord/shared';
import { decisionEdit } from '../../server/src/amendments/decisionEdit.js';
import { recordingEdit, undoEdit } from '../../server/src/amendments/undoEdit.js';
import { findBlock, yBlockText } from '../../server/src/amendments/yjsBlocks.js';
import { doc, op, pp, title, withId } from '../helpers/builders.js';
import { amendment } from './amendmentRecord.js';

// Undo of a decision (SPEC AM15): the pure transition, and the edits that record what a
// decision changed and put it back, on a real Y.Doc.

const NOW = '2026-11-30T12:00:00.000Z';
const chair = { delegationId: 'turkiye', roles: ['chair' as const] };
const germany = { delegationId: 'germany', roles: [] };
const ORIGINAL = 'Noting the plan of action;';

const decided = (status: AmendmentStatus): Amendment =>
  amendment(4, 'PP1', 3, {
    status,
    decision: {
      by: 'turkiye',
      personId: null,
      decision: 'accept',
      reason: null,
      text: null,
      at: NOW,
    },
  });

describe('AM15 the undo transition', () => {
  it.each(['accepted', 'accepted-with-changes', 'rejected'] as const)(
    'AM15 a pen-holder undoes %s: submitted again, without the decision',
    (status) => {
      expect(isUndoable({ status })).toBe(true);
      expect(amendmentTransition(decided(status), { type: 'undo' }, chair, NOW)).toMatchObject({
        status: 'submitted',
        decision: null,
        updatedAt: NOW,
      });
    },
  );

  it('AM15 a delegation may not undo (403)', () => {
    expect(amendmentTransition(decided('accepted'), { type: 'undo' }, germany, NOW)).toMatchObject({
      refused: true,
      status: 403,
    });
  });

  it.each(['submitted', 'withdrawn', 'merged', 'superseded'] as const)(
    'AM15 %s has no decision of its own to undo (409)',
    (status) => {
      expect(isUndoable({ status })).toBe(false);
      expect(amendmentTransition(decided(status), { type: 'undo' }, chair, NOW)).toMatchObject({
        refused: true,
        status: 409,
      });
    },
  );
});

function base(): Y.Doc {
  return docToYDoc(
    doc(title('T'), withId('pp-1', pp(ORIGINAL)), withId('pp-2', pp('Welcoming;')), op('Adopt.')),
  );
}
const textOf = (ydoc: Y.Doc, id: string) => {
  const block = findBlock(ydoc.getXmlFragment(FRAGMENT_NAME), id);
  return block ? yBlockText(block) : null;
};
const modify = amendment(1, 'PP1', 1, {
  blockId: 'pp-1',
  blockType: 'preambular',
  originalText: ORIGINAL,
  proposedText: 'Noting the whole plan of action;',
});

/** Accepts `a` on `ydoc`, recording the texts as the service does. */
function accept(ydoc: Y.Doc, a: Amendment) {
  const recording = recordingEdit(a, decisionEdit(a, null).edit);
  ydoc.transact(() => recording.edit(ydoc.getXmlFragment(FRAGMENT_NAME), ydoc));
  return recording.applied()!;
}
function undo(ydoc: Y.Doc, a: Amendment, applied: ReturnType<typeof accept>) {
  const edit = undoEdit(a, applied);
  ydoc.transact(() => edit.edit(ydoc.getXmlFragment(FRAGMENT_NAME), ydoc));
  return edit.refusal();
}

describe('AM15 recording and undoing a decision in the text', () => {
  it('AM15 records the paragraph before and after, and undo restores it with minimal edits', () => {
    const ydoc = base();
    const applied = accept(ydoc, modify);
    expect(applied).toEqual({ before: ORIGINAL, after: 'Noting the whole plan of action;' });
    const kept = findBlock(ydoc.getXmlFragment(FRAGMENT_NAME), 'pp-1');
    expect(undo(ydoc, modify, applied)).toBeNull();
    expect(textOf(ydoc, 'pp-1')).toBe(ORIGINAL);
    // The same block, edited in place, not replaced.
    expect(findBlock(ydoc.getXmlFragment(FRAGMENT_NAME), 'pp-1')).toBe(kept);
  });

  it('AM15 refuses (409) and changes nothing when the paragraph changed since', () => {
    const ydoc = base();
    const applied = accept(ydoc, modify);
    const changed = { ...applied, after: 'something else' };
    expect(undo(ydoc, modify, changed)).toMatchObject({ status: 409 });
    expect(textOf(ydoc, 'pp-1')).toBe('Noting the whole plan of action;');
  });

  it('AM15 an accepted new paragraph is removed; an accepted deletion is refused', () => {
    const ydoc = base();
    const insert = amendment(2, 'PP1 bis', 2, {
      kind: 'insert',
      blockId: null,
      afterBlockId: 'pp-1',
      blockType: 'preambular',
      originalText: '',
      proposedText: 'Recalling the summit;',
    });
    const applied = accept(ydoc, insert);
    expect(applied).toEqual({ before: null, after: 'Recalling the summit;' });
    expect(undo(ydoc, insert, applied)).toBeNull();
    expect(JSON.stringify(ydoc.getXmlFragment(FRAGMENT_NAME).toJSON())).not.toContain('summit');
    const del = amendment(3, 'PP2', 3, { kind: 'delete', blockId: 'pp-2', proposedText: '' });
    const removed = accept(ydoc, del);
    expect(removed).toEqual({ before: 'Welcoming;', after: null });
    expect(undo(ydoc, del, removed)).toMatchObject({ status: 409 });
  });
});
