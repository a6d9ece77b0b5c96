import type { Node } from 'prosemirror-model';
import { EditorState, type Plugin } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { keymap } from 'prosemirror-keymap';
import { baseKeymap } from 'prosemirror-commands';
import { ySyncPlugin, yCursorPlugin, yUndoPlugin } from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { schema } from '@accord/shared';
import { blockIdPlugin } from './blockIdPlugin.js';
import { atomMarksPlugin } from './atomMarksPlugin.js';
import { labelsPlugin } from './labelsPlugin.js';
import type { LabelSource } from './roundLabelSource.js';
import { editorKeymap } from './editorKeymap.js';
import { readOnlyGuard } from './readOnlyGuard.js';
import { structureGuard } from './structureGuard.js';
import { structureCommands } from './structureCommands.js';
import { linkPlugin } from './linkPlugin.js';
import { buildRemoteCursor, buildRemoteSelection } from './remoteCursor.js';
import { BRACKET_KEY, toggleBracket } from './bracketCommand.js';
import { bracketView } from './bracketView.js';
import { ALTERNATIVE_KEY, toggleAlternative } from './alternativeCommand.js';
import { bracketAuthor, delegationName } from '../status/bracketAuthor.js';

/**
 * Textblocks an undo must not delete when a colleague has typed into them since (y-prosemirror's
 * default protects a `paragraph` type, which this schema does not have).
 */
export const PROTECTED_NODES = new Set([
  'title',
  'chapeau',
  'body',
  'list_item',
  'goal_title',
  'footnote',
]);

/** What the editor binds to. */
export interface EditorOptions {
  /** Element the editor renders into. */
  mount: HTMLElement;
  /** The document's text, already synced with the server. */
  fragment: Y.XmlFragment;
  awareness: Awareness;
  /**
   * False shows the text read-only (a role without write access, or a stopped connection): no
   * caret, no keys, no formatting shortcuts, and local changes are dropped. `setProps` changes it.
   */
  editable: boolean;
  /** Called after every change of the document, local or remote. */
  onDocChange?: (doc: Node) => void;
  /** Called after every transaction (the selection moved, the text changed), for the toolbar. */
  onStateChange?: (state: EditorState) => void;
  /** A page's own plugins (the working copy's track changes), before the editor's keymap. */
  plugins?: readonly Plugin[];
  /** How blocks are labelled (the round's labels, SL); the text's own numbering without. */
  labels?: LabelSource;
}

/**
 * Creates the ProseMirror view bound to the shared text. Call it only after the provider's first
 * sync: bound to a still-empty fragment, the view would hold an empty title and footnotes that
 * could be written into the shared text and duplicate the server's.
 */
export function createEditor(options: EditorOptions): EditorView {
  const commands = structureCommands();
  const state = EditorState.create({
    schema,
    plugins: [
      readOnlyGuard(),
      structureGuard(commands),
      ySyncPlugin(options.fragment),
      yCursorPlugin(options.awareness, {
        cursorBuilder: buildRemoteCursor,
        selectionBuilder: buildRemoteSelection,
      }),
      yUndoPlugin({ protectedNodes: PROTECTED_NODES }),
      blockIdPlugin(),
      atomMarksPlugin(),
      labelsPlugin(options.labels),
      linkPlugin(),
      ...(options.plugins ?? []),
      // Brackets (NS7): for the delegation chosen beside the toolbar's Bracket button; and
      // alternative wordings (NS10).
      keymap({
        [BRACKET_KEY]: toggleBracket(bracketAuthor.get),
        [ALTERNATIVE_KEY]: toggleAlternative(),
      }),
      editorKeymap(commands),
      keymap(baseKeymap),
    ],
  });
  const view = new EditorView(options.mount, {
    state,
    editable: () => options.editable,
    markViews: { bracket: bracketView(delegationName) },
    attributes: {
      class: 'declaration',
      spellcheck: 'true',
      'aria-label': 'Document text',
      'aria-multiline': 'true',
      role: 'textbox',
    },
    // Called with the view as `this`; y-prosemirror dispatches from inside the constructor,
    // before the `view` binding below exists.
    dispatchTransaction(this: EditorView, tr) {
      // y-prosemirror's deferred cursor refresh can fire after the view was destroyed (its
      // guard reads a `binding.isDestroyed` that 1.3.7 never sets); a dead view takes nothing.
      if (this.isDestroyed) return;
      const previous = this.state.doc;
      this.updateState(this.state.apply(tr));
      if (this.state.doc !== previous) options.onDocChange?.(this.state.doc);
      options.onStateChange?.(this.state);
    },
  });
  options.onDocChange?.(view.state.doc);
  return view;
}
