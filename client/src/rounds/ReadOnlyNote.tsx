import { baseEditRefusal } from '@accord/shared';
import { useNegotiation } from './negotiationStore.js';

/**
 * Why the text is read-only for the reader: the rounds (RD10, RD11) when they close it — the
 * text is final, open for feedback, or between rounds — else the reader's role. A pen-holder
 * told "the Chair edits it" while feedback is open would think the editor broken.
 */
export function ReadOnlyNote({ penHolder }: { penHolder: boolean }) {
  const rounds = useNegotiation().rounds;
  const closed = rounds ? baseEditRefusal({ rounds: rounds.rounds, extensions: [] }) : null;
  if (rounds?.final)
    return (
      <div className="notice notice-info notice-readonly" role="note">
        <p>
          <strong>Final text</strong> — it was adopted and no longer changes. You can read it,
          compare its versions and export it.
        </p>
      </div>
    );
  if (penHolder && closed)
    return (
      <div className="notice notice-info notice-readonly" role="note">
        <p>
          <strong>Read only for now</strong> — {closed.message}. The rounds page moves the round to
          its next phase.
        </p>
      </div>
    );
  return (
    <div className="notice notice-info notice-readonly" role="note">
      <p>
        <strong>Read only</strong> — you can read the text, follow the changes as they are made and
        see who else has it open. The Chair, the Co-Chair and the Secretariat edit it.
      </p>
    </div>
  );
}
