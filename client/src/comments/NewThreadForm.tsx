import { useEffect, useId, useRef, useState } from 'react';
import type { Thread, ThreadAnchor, ThreadVisibility } from '@accord/shared';
import { createThread } from '../api/threads.js';
import { useThreadAction } from './useThreadAction.js';

/** A thread about to be started: where it hangs and the words it is on. */
export interface PendingThread {
  anchor: ThreadAnchor;
  quote: string;
}

/**
 * The small form that starts a thread: the comment and who sees it (everyone, or only the
 * author's delegation). On the working copy only the delegation can see it anyway.
 */
export function NewThreadForm({
  documentId,
  pending,
  delegationName,
  onThread,
  onClose,
  autoFocus = true,
}: {
  documentId: string;
  pending: PendingThread;
  delegationName: string;
  onThread: (thread: Thread) => void;
  /** Closes the form (after posting, or cancelled); focus goes back where it came from. */
  onClose: (posted: boolean) => void;
  autoFocus?: boolean;
}) {
  const workingCopy = pending.anchor.type === 'text' && pending.anchor.on === 'working-copy';
  const [text, setText] = useState('');
  const [visibility, setVisibility] = useState<ThreadVisibility>(
    workingCopy ? 'delegation' : 'public',
  );
  const { run, error, busy } = useThreadAction(onThread);
  const textId = useId();
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (autoFocus) field.current?.focus();
  }, [autoFocus]);
  const where =
    pending.anchor.type === 'document'
      ? 'the whole document'
      : pending.anchor.type === 'amendment'
        ? 'this amendment'
        : `“${pending.quote.length > 120 ? `${pending.quote.slice(0, 119)}…` : pending.quote}”`;
  return (
    <form
      className="cm-form cm-new"
      aria-label="New comment"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onClose(false);
        }
      }}
      onSubmit={(event) => {
        event.preventDefault();
        if (text.trim() === '') return;
        void run(() =>
          createThread(documentId, {
            anchor: pending.anchor,
            visibility: workingCopy ? 'delegation' : visibility,
            text,
            quote: pending.quote,
          }),
        ).then((ok) => ok && onClose(true));
      }}
    >
      <label htmlFor={textId}>Comment on {where}</label>
      <textarea
        id={textId}
        ref={field}
        className="field-input"
        rows={3}
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      {workingCopy ? (
        <p className="cm-hint">Only {delegationName} sees comments on its working copy.</p>
      ) : (
        <fieldset className="cm-visibility">
          <legend>Who sees it</legend>
          <label>
            <input
              type="radio"
              name={`${textId}-visibility`}
              checked={visibility === 'public'}
              onChange={() => setVisibility('public')}
            />{' '}
            Everyone
          </label>
          <label>
            <input
              type="radio"
              name={`${textId}-visibility`}
              checked={visibility === 'delegation'}
              onChange={() => setVisibility('delegation')}
            />{' '}
            Only {delegationName}
          </label>
        </fieldset>
      )}
      {error && (
        <p className="cm-error-text" role="alert">
          {error}
        </p>
      )}
      <div className="cm-actions">
        <button
          type="submit"
          className="button button-small button-primary"
          disabled={busy || text.trim() === ''}
        >
          Comment
        </button>
        <button
          type="button"
          className="button button-small button-quiet"
          onClick={() => onClose(false)}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
