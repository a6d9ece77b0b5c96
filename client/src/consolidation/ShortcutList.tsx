import { WORKSPACE_SHORTCUTS, keyLabel, type WorkspaceCommand } from './workspaceShortcuts.js';

/** The workspace's keyboard shortcuts (CW4), listed on the page so nobody has to guess them. */
export function ShortcutList() {
  return (
    <section className="cw-keys" aria-labelledby="cw-keys-title">
      <h2 id="cw-keys-title">Keyboard shortcuts</h2>
      <dl>
        {Object.entries(WORKSPACE_SHORTCUTS).map(([command, s]) => (
          <div key={command}>
            <dt>
              <kbd>{keyLabel(command as WorkspaceCommand)}</kbd>
            </dt>
            <dd>{s.says}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
