import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';

/**
 * The open editor and its latest state, for React parts outside the text (the toolbar) that
 * re-render on every transaction without re-rendering the whole page.
 */
export class EditorStateFeed {
  private view: EditorView | null = null;
  private state: EditorState | null = null;
  private editable = false;
  private snapshot: EditorSnapshot = { view: null, state: null, editable: false };
  private readonly listeners = new Set<() => void>();

  /** Subscribes to changes; returns the unsubscribe function (useSyncExternalStore's shape). */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The current view, its state and whether it is editable, as one stable object. */
  readonly getSnapshot = (): EditorSnapshot => this.snapshot;

  /** Records a new view (or none), a new state, or a change of editability. */
  publish(change: { view?: EditorView | null; state?: EditorState | null; editable?: boolean }) {
    if (change.view !== undefined) this.view = change.view;
    if (change.state !== undefined) this.state = change.state;
    if (change.editable !== undefined) this.editable = change.editable;
    this.snapshot = { view: this.view, state: this.state, editable: this.editable };
    for (const listener of this.listeners) listener();
  }
}

/** What `EditorStateFeed` hands out. */
export interface EditorSnapshot {
  view: EditorView | null;
  state: EditorState | null;
  editable: boolean;
}
