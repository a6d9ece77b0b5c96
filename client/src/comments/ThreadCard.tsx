import { useId, useState } from 'react';
import { checkResolve, type Thread, type ThreadAnchor } from '@accord/shared';
import type { Session } from '../api/session.js';
import { reanchorThread, reopenThread, replyToThread, resolveThread } from '../api/threads.js';
import { CommentItem } from './CommentItem.js';
import { readerOf } from './readerOf.js';
import { useThreadAction } from './useThreadAction.js';

/** What a card needs besides the thread. */
export interface ThreadCardProps {
  thread: Thread;
  session: Session;
  names: ReadonlyMap<string, string>;
  /** Folds the thread the server answered with into the feed. */
  onThread: (thread: Thread) => void;
  /** Shown whole (comments, reply box) rather than as its first comment. */
  expanded: boolean;
  onExpand: (expanded: boolean) => void;
  /** The words it was on are gone: show its quote, and offer to re-anchor. */
  detached?: boolean;
  /** The anchor of the current selection, for re-anchoring (null: nothing selected). */
  selectionAnchor?: () => { anchor: ThreadAnchor; quote: string } | null;
  /** Highlighted: the selection is in its words. */
  active?: boolean;
}

/**
 * One comment thread: its comments with author, delegation and time, a reply box, and resolve,
 * reopen or re-anchor for those the shared rules allow (the server checks again).
 */
export function ThreadCard(props: ThreadCardProps) {
  const { thread, session, names, onThread, expanded, detached, active } = props;
  const { run, error, busy, clearError, fail } = useThreadAction(onThread);
  const [reply, setReply] = useState('');
  const replyId = useId();
  const headingId = useId();
  const mayResolve = checkResolve(thread, readerOf(session)) === null;
  const first = thread.comments[0]!;
  const replies = thread.comments.length - 1;
  const resolved = thread.status === 'resolved';
  const internal = thread.visibility === 'delegation';
  const shownQuote = thread.quote.length > 160 ? `${thread.quote.slice(0, 159)}…` : thread.quote;
  const className = [
    'cm-thread',
    active ? 'cm-thread-active' : '',
    detached ? 'cm-thread-detached' : '',
    resolved ? 'cm-thread-resolved' : '',
    internal ? 'cm-thread-internal' : '',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <article className={className} data-thread={thread.id} aria-labelledby={headingId}>
      <h3 className="cm-thread-heading" id={headingId}>
        <button
          type="button"
          className="cm-thread-toggle"
          aria-expanded={expanded}
          onClick={() => props.onExpand(!expanded)}
        >
          <span className="cm-thread-author">{first.authorName}</span>
          {thread.quote && !detached && (
            <span className="cm-thread-quote-short"> on “{shownQuote}”</span>
          )}
        </button>
        {internal && (
          <span className="cm-tag cm-tag-internal">
            Internal: {names.get(thread.delegationId) ?? thread.delegationId}
          </span>
        )}
        {resolved && <span className="cm-tag">Resolved</span>}
        {detached && <span className="cm-tag cm-tag-detached">Detached</span>}
      </h3>
      {detached && (
        <p className="cm-detached-note">The words this was on were deleted: “{shownQuote}”</p>
      )}
      {error && (
        <div className="notice notice-error cm-error" role="alert">
          <p>{error}</p>
          <button type="button" className="button button-small button-quiet" onClick={clearError}>
            Dismiss
          </button>
        </div>
      )}
      {expanded ? (
        <>
          <ol className="cm-comments">
            {thread.comments.map((c) => (
              <CommentItem
                key={c.id}
                thread={thread}
                comment={c}
                session={session}
                names={names}
                run={run}
              />
            ))}
          </ol>
          {!resolved && (
            <form
              className="cm-form cm-reply"
              onSubmit={(event) => {
                event.preventDefault();
                if (reply.trim() === '') return;
                const sent = reply;
                // Words typed while the reply was on its way are kept, not wiped with it.
                void run(() => replyToThread(thread.id, sent)).then(
                  (ok) => ok && setReply((now) => (now === sent ? '' : now)),
                );
              }}
            >
              <label htmlFor={replyId}>Reply</label>
              <textarea
                id={replyId}
                className="field-input"
                rows={2}
                value={reply}
                onChange={(event) => setReply(event.target.value)}
              />
              <button
                type="submit"
                className="button button-small button-primary"
                disabled={busy || reply.trim() === ''}
              >
                Reply
              </button>
            </form>
          )}
          {mayResolve && (
            <div className="cm-actions">
              {resolved ? (
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => void run(() => reopenThread(thread.id))}
                >
                  Reopen
                </button>
              ) : (
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => void run(() => resolveThread(thread.id))}
                >
                  Resolve
                </button>
              )}
              {detached && props.selectionAnchor && (
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => {
                    const target = props.selectionAnchor?.();
                    if (!target) {
                      fail(
                        'Select the words in the text to hang this thread on, then press again.',
                      );
                      return;
                    }
                    void run(() => reanchorThread(thread.id, target.anchor, target.quote));
                  }}
                >
                  Re-anchor to the selected words
                </button>
              )}
            </div>
          )}
        </>
      ) : (
        <p className="cm-comment-text cm-preview">
          {first.deleted ? 'This comment was deleted.' : first.text}
          {replies > 0 && (
            <span className="cm-replies">
              {' '}
              · {replies} repl{replies === 1 ? 'y' : 'ies'}
            </span>
          )}
        </p>
      )}
    </article>
  );
}
