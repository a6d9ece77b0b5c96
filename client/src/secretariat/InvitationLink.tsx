import { useRef, useState } from 'react';

/**
 * A new invitation's link, shown this once (the server keeps only a hash of its token), with a
 * Copy button and what to do with it.
 */
export function InvitationLink({
  link,
  displayName,
  delegationName,
  onDismiss,
}: {
  link: string;
  displayName: string;
  delegationName: string;
  onDismiss: () => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('yes');
    } catch {
      // No clipboard access (permissions, plain http): select it for Ctrl+C instead.
      input.current?.select();
      setCopied('no');
    }
  };

  return (
    <div className="invitation-link" role="status">
      <p className="invitation-link-title">
        Invitation for <strong>{displayName}</strong> ({delegationName}) created.
      </p>
      <p className="invitation-link-help">
        Copy the link now: it is shown only this once. Send it to {displayName} through a channel
        you trust; it creates one account and expires after two weeks.
      </p>
      <div className="invitation-link-row">
        <input
          ref={input}
          className="field-input invitation-link-url"
          value={link}
          readOnly
          onFocus={(e) => e.currentTarget.select()}
          aria-label="Invitation link"
        />
        <button type="button" className="button button-primary" onClick={() => void copy()}>
          {copied === 'yes' ? 'Copied' : 'Copy link'}
        </button>
        <button type="button" className="button button-quiet" onClick={onDismiss}>
          Done
        </button>
      </div>
      {copied === 'no' && (
        <p className="invitation-link-help">
          The browser did not allow copying; the link is selected, press Ctrl+C (⌘C on a Mac).
        </p>
      )}
    </div>
  );
}
