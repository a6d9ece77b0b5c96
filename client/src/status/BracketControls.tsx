import { useSyncExternalStore } from 'react';
import type { EditorStateFeed, EditorSnapshot } from '../editor/EditorStateFeed.js';
import { useFeedValue } from '../editor/useFeedValue.js';
import { BRACKET_KEY, selectionHasBracket, toggleBracket } from '../editor/bracketCommand.js';
import { ariaKeys, keyLabel } from '../editor/structureShortcuts.js';
import { bracketAuthor } from './bracketAuthor.js';
import {
  ALTERNATIVE_KEY,
  selectionHasAlternative,
  toggleAlternative,
} from '../editor/alternativeCommand.js';

/** What the Bracket button does at the selection now: bracket, lift, or nothing. */
type BracketAction = 'add' | 'remove' | 'none';

function actionAt({ state }: EditorSnapshot): BracketAction {
  if (!state || state.selection.empty) return 'none';
  return selectionHasBracket(state) ? 'remove' : 'add';
}

function alternativeAt({ state }: EditorSnapshot): BracketAction {
  if (!state || state.selection.empty) return 'none';
  return selectionHasAlternative(state) ? 'remove' : 'add';
}

const alternativeCommand = toggleAlternative();

const command = toggleBracket(bracketAuthor.get);

/**
 * The toolbar's Bracket button and the delegation the brackets are for (NS7). The button and
 * Ctrl/⌘+Alt+B bracket the selected words, or lift the brackets of a bracketed selection.
 */
export function BracketControls({
  feed,
  names,
}: {
  feed: EditorStateFeed;
  names: ReadonlyMap<string, string>;
}) {
  const action = useFeedValue(feed, actionAt);
  const alternative = useFeedValue(feed, alternativeAt);
  const by = useSyncExternalStore(bracketAuthor.subscribe, bracketAuthor.get);
  const view = feed.getSnapshot().view;
  const description =
    action === 'remove'
      ? 'Remove the brackets from the selected words'
      : 'Bracket the selected words';
  const alternativeDescription =
    alternative === 'remove'
      ? 'Remove the selected option of an alternative'
      : 'Make the selected words an option of an alternative (the next after an option)';
  const sorted = [...names].sort((a, b) => a[1].localeCompare(b[1]));
  return (
    <span className="bracket-controls">
      <button
        type="button"
        className="toolbar-button"
        data-command="bracket"
        aria-label={description}
        aria-keyshortcuts={ariaKeys(BRACKET_KEY)}
        title={`${description} (${keyLabel(BRACKET_KEY)})`}
        disabled={action === 'none' || view === null}
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => {
          if (!view) return;
          command(view.state, view.dispatch, view);
          view.focus();
        }}
      >
        {action === 'remove' ? 'Remove brackets' : 'Bracket'}
      </button>
      <button
        type="button"
        className="toolbar-button"
        data-command="alternative"
        aria-label={alternativeDescription}
        aria-keyshortcuts={ariaKeys(ALTERNATIVE_KEY)}
        title={`${alternativeDescription} (${keyLabel(ALTERNATIVE_KEY)})`}
        disabled={alternative === 'none' || view === null}
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => {
          if (!view) return;
          alternativeCommand(view.state, view.dispatch, view);
          view.focus();
        }}
      >
        {alternative === 'remove' ? 'Remove option' : 'Alternative'}
      </button>
      <label className="bracket-for">
        for{' '}
        <select
          value={by ?? ''}
          onChange={(event) => bracketAuthor.set(event.target.value || null)}
          aria-label="Delegation that asked for the bracket"
        >
          {by !== null && !names.has(by) && <option value={by}>{by}</option>}
          {sorted.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
      </label>
    </span>
  );
}
