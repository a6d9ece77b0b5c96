import { EditorState, type Command, type PluginView, type Transaction } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { Node } from 'prosemirror-model';
import { ySyncPlugin, yUndoPlugin, yUndoPluginKey } from 'y-prosemirror';
import type * as Y from 'yjs';
import { schema } from '@accord/shared';
import { blockIdPlugin } from '../../client/src/editor/blockIdPlugin.js';
import { atomMarksPlugin } from '../../client/src/editor/atomMarksPlugin.js';
import { readOnlyGuard } from '../../client/src/editor/readOnlyGuard.js';
import { PROTECTED_NODES } from '../../client/src/editor/createEditor.js';

/**
 * A ProseMirror editor without a DOM, bound to a Y.XmlFragment by the real y-prosemirror plugin:
 * it stands in for `EditorView` the way `createEditor` builds it, with the client's plugins that
 * touch the document (read-only guard, ySyncPlugin, yUndoPlugin, the block-id plugin) in the
 * client's order. Local transactions go through the plugins' appendTransaction (block-id repair)
 * and then the sync plugin's view update, which writes them to Yjs with origin ySyncPluginKey;
 * remote Yjs changes come back through the binding's observer as `isChangeOrigin` transactions.
 * Cursors, labels and keymaps are left out: they decorate or route keys and never edit.
 */
export class HeadlessEditor {
  state: EditorState;
  private readonly pluginViews: PluginView[] = [];
  private destroyed = false;

  constructor(fragment: Y.XmlFragment) {
    this.state = EditorState.create({
      schema,
      plugins: [
        readOnlyGuard(),
        ySyncPlugin(fragment),
        yUndoPlugin({ protectedNodes: PROTECTED_NODES }),
        blockIdPlugin(),
        atomMarksPlugin(),
      ],
    });
    // As EditorView does: plugin views are made in plugin order; the sync plugin's view
    // dispatches its first render while being made, before its own view exists.
    for (const plugin of this.state.plugins) {
      const makeView = plugin.spec.view;
      if (makeView) this.pluginViews.push(makeView(this.asView()));
    }
    // Undo steps are cut by the fuzz's choices (stopCapturing), not by the wall clock, so a
    // seed replays the same undo steps however long the run takes.
    this.undoManager().captureTimeout = Number.MAX_SAFE_INTEGER;
  }

  /** The editor as the plugins see it; the plugins and stock commands use only `state`, `dispatch`,
   * `hasFocus`, `editable` and `endOfTextblock`. */
  private asView(): EditorView {
    return this as unknown as EditorView;
  }

  /** Always editable: the fuzz signs in as pen-holders only. */
  readonly editable = true;

  /** The browser editor has the focus only when a person clicks into it; this one never does. */
  hasFocus(): boolean {
    return false;
  }

  /**
   * Whether the cursor is at the start (backward) or end (forward) of its textblock. The browser
   * asks the DOM (lines, bidi); without one, the textblock's edges are what the stock
   * joinBackward/joinForward need.
   */
  endOfTextblock(
    dir: 'up' | 'down' | 'left' | 'right' | 'forward' | 'backward',
    state = this.state,
  ): boolean {
    const { $head, empty } = state.selection;
    if (!empty || !$head.parent.isTextblock) return false;
    const backward = dir === 'backward' || dir === 'left' || dir === 'up';
    return backward ? $head.parentOffset === 0 : $head.parentOffset === $head.parent.content.size;
  }

  /** Applies a transaction as createEditor's dispatchTransaction does, then updates plugin views. */
  readonly dispatch = (tr: Transaction): void => {
    if (this.destroyed) return;
    const previous = this.state;
    this.state = this.state.apply(tr);
    for (const view of this.pluginViews) view.update?.(this.asView(), previous);
  };

  /** Runs a command against the current state, dispatching what it produces. */
  run(command: Command): boolean {
    return command(this.state, this.dispatch, this.asView());
  }

  /** The current ProseMirror document. */
  get doc(): Node {
    return this.state.doc;
  }

  /** The Y.UndoManager that yUndoPlugin made, tracking ySyncPluginKey. */
  undoManager(): Y.UndoManager {
    const state = yUndoPluginKey.getState(this.state) as { undoManager: Y.UndoManager } | undefined;
    if (!state) throw new Error('yUndoPlugin is missing');
    return state.undoManager;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const view of this.pluginViews) view.destroy?.();
  }
}
