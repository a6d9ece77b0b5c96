import { describe, expect, it } from 'vitest';
import { EditorState, TextSelection } from 'prosemirror-state';
import { schema, type Thread } from '@accord/shared';
import { doc, op, title } from '../helpers/builders.js';
import { posIn } from '../helpers/editorState.js';
import { ThreadAnchors, threadPluginKey } from '../../client/src/comments/threadPlugin.js';
import type { AnchorPlacement } from '../../client/src/comments/anchorState.js';

// The comment highlights between two resolutions against Yjs: mapped through every keystroke,
// so the margin (which re-renders on `version`) does not re-render for typing (SPEC ED17).

const SENTENCE = 'We shall act now together.';

function thread(id: string, quote: string): Thread {
  return {
    id,
    documentId: 'declaration',
    anchor: { type: 'text', from: 'AA==', to: 'AA==', on: 'base' },
    visibility: 'public',
    delegationId: 'germany',
    quote,
    status: 'open',
    resolved: null,
    comments: [
      {
        id: `${id}-c`,
        personId: 'p',
        authorName: 'A',
        delegationId: 'germany',
        text: 'x',
        createdAt: '2026-11-30T10:00:00.000Z',
        editedAt: null,
        deleted: false,
      },
    ],
    createdAt: '2026-11-30T10:00:00.000Z',
    updatedAt: '2026-11-30T10:00:00.000Z',
    seq: 1,
  };
}

function setup() {
  const anchors = new ThreadAnchors(() => true);
  const d = doc(title('Declaration'), op(SENTENCE), op('Second paragraph.'));
  let state = EditorState.create({ schema, doc: d, plugins: [anchors.plugin] });
  const from = posIn(state.doc, SENTENCE, 3);
  const t = thread('t1', 'shall act');
  anchors.setThreads([t]);
  const placements = new Map<string, AnchorPlacement>([
    ['t1', { kind: 'attached', from, to: from + 9 }],
  ]);
  // What a resolution against Yjs dispatches.
  state = state.apply(
    state.tr.setMeta(threadPluginKey, { placements, threads: new Map([['t1', t]]) }),
  );
  return { state, from };
}

const plugin = (state: EditorState) => threadPluginKey.getState(state)!;
const highlighted = (state: EditorState) =>
  plugin(state)
    .decorations.find(undefined, undefined, (spec: { threadId?: string }) => !!spec.threadId)
    .map((d) => state.doc.textBetween(d.from, d.to));

describe('comment highlights between resolutions', () => {
  it('CM2 follow typing before and inside the words without a new version', () => {
    let { state } = setup();
    const version = plugin(state).version;
    expect(highlighted(state)).toEqual(['shall act']);
    state = state.apply(state.tr.insertText('Indeed, ', posIn(state.doc, SENTENCE)));
    expect(highlighted(state)).toEqual(['shall act']);
    const at = plugin(state).placements.get('t1');
    if (at?.kind !== 'attached') throw new Error('not attached');
    state = state.apply(state.tr.insertText('really ', at.from + 'shall '.length));
    expect(highlighted(state)).toEqual(['shall really act']);
    state = state.apply(state.tr.insertText('x', posIn(state.doc, 'Second paragraph.', 'end')));
    expect(plugin(state).version).toBe(version);
    // A badge counts the paragraph's open thread.
    expect(
      plugin(state).decorations.find(
        undefined,
        undefined,
        (spec: { badge?: boolean }) => !!spec.badge,
      ),
    ).toHaveLength(1);
  });

  it('CM2 detach at once when the words are deleted, with a new version for the margin', () => {
    const setupResult = setup();
    let state = setupResult.state;
    const from = setupResult.from;
    const version = plugin(state).version;
    state = state.apply(state.tr.delete(from, from + 9));
    expect(plugin(state).placements.get('t1')).toEqual({ kind: 'detached', at: from });
    expect(plugin(state).version).toBeGreaterThan(version);
    expect(highlighted(state)).toEqual([]);
  });

  it('mark the thread the selection is in as active, and only when it changes', () => {
    const setupResult = setup();
    let state = setupResult.state;
    const from = setupResult.from;
    expect(plugin(state).active).toEqual([]);
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, from + 2)));
    const active = plugin(state).active;
    expect(active).toEqual(['t1']);
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, from + 4)));
    expect(plugin(state).active).toBe(active);
    state = state.apply(
      state.tr.setSelection(TextSelection.create(state.doc, posIn(state.doc, 'Second paragraph.'))),
    );
    expect(plugin(state).active).toEqual([]);
  });
});
