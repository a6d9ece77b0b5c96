import type { Node } from 'prosemirror-model';
import type { Command } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { EditorSnapshot, EditorStateFeed } from './EditorStateFeed.js';
import { useFeedValue } from './useFeedValue.js';
import { structureCommands } from './structureCommands.js';
import { STRUCTURE_SHORTCUTS, ariaKeys, keyLabel } from './structureShortcuts.js';
import { BracketControls } from '../status/BracketControls.js';

// The commands hold no state: one set serves every toolbar.
const commands = structureCommands();

/** Commands about goals, offered only in a text that has goals (the Call for Action). */
const GOAL_COMMANDS: ReadonlySet<string> = new Set(['newGoal', 'newActionPoint']);

/** True when the document has at least one goal. */
function hasGoals(doc: Node): boolean {
  let found = false;
  doc.forEach((block) => {
    if (block.type.name === 'goal') found = true;
  });
  return found;
}

/** What the toolbar shows: the buttons offered and which of them apply, as a comparable key. */
interface ToolbarView {
  view: EditorView | null;
  /** The commands offered, each followed by 1 (applies) or 0. */
  key: string;
}

const NO_TOOLBAR: ToolbarView = { view: null, key: '' };

function toolbarView({ view, state, editable }: EditorSnapshot): ToolbarView {
  if (!view || !state || !editable) return NO_TOOLBAR;
  const goals = hasGoals(state.doc);
  const key = STRUCTURE_SHORTCUTS.filter((s) => goals || !GOAL_COMMANDS.has(s.command))
    .map((s) => `${s.command}:${commands[s.command](state) ? 1 : 0}`)
    .join(' ');
  return { view, key };
}

/**
 * The structure commands as buttons above the text, each with its key in its tooltip and in
 * `aria-keyshortcuts`. A button is disabled where its command does not apply (e.g. "Out of
 * list" outside a list). Pressing one keeps the caret in the text.
 */
export function EditorToolbar({
  feed,
  brackets,
}: {
  feed: EditorStateFeed;
  /** The delegations a pen-holder may bracket for (NS7), by id; no Bracket button without. */
  brackets?: ReadonlyMap<string, string>;
}) {
  // Re-rendered only when a button appears, disappears or changes state, not on every key.
  const { view, key: shownKey } = useFeedValue(feed, toolbarView, {
    equal: (a, b) => a.view === b.view && a.key === b.key,
  });
  if (!view) return null;
  const run = (command: Command) => {
    command(view.state, view.dispatch, view);
    view.focus();
  };
  const applying = new Map(
    shownKey.split(' ').map((entry) => entry.split(':') as [string, string]),
  );
  const shown = STRUCTURE_SHORTCUTS.filter((s) => applying.has(s.command));
  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Structure of the text">
      {shown.map((shortcut) => {
        const command = commands[shortcut.command];
        const key = shortcut.keys[0] ?? '';
        const applies = applying.get(shortcut.command) === '1';
        return (
          <button
            key={shortcut.command}
            type="button"
            className="toolbar-button"
            data-command={shortcut.command}
            aria-label={shortcut.description}
            aria-keyshortcuts={ariaKeys(key)}
            title={`${shortcut.description} (${keyLabel(key)})`}
            disabled={!applies}
            // Keeps the text's focus and selection: the command runs where the caret is.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => run(command)}
          >
            {shortcut.label}
          </button>
        );
      })}
      {brackets && <BracketControls feed={feed} names={brackets} />}
    </div>
  );
}
