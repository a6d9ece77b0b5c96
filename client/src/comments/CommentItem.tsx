import { useId, useState } from 'react';
import { checkCommentChange, type Comment, type Thread } from '@accord/shared';
import type { Session } from '../api/session.js';
import { deleteComment, editComment } from '../api/threads.js';
import { formatInstant } from '../formatDate.js';
import { readerOf } from './readerOf.js';

/** One comment: who wrote it (name, delegation), when, its text; edit and delete for its author. */
export function CommentItem({
  thread,
  comment,
  session,
  names,
  run,
}: {
  thread: Thread;
  comment: Comment;
  session: Session;
  names: ReadonlyMap<string, string>;
  run: (action: () => Promise<Thread>) => Promise<boolean>;
}) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(comment.text);
  const fieldId = useId();
  const mine = checkCommentChange(thread, comment, readerOf(session)) === null;
  const delegation = names.get(comment.delegationId) ?? comment.delegationId;
  return (
    <li className="cm-comment" data-comment={comment.id}>
      <p className="cm-comment-meta">
        <span className="cm-author">{comment.authorName}</span>
        <span className="cm-delegation"> · {delegation}</span>{' '}
        <time dateTime={comment.createdAt} className="cm-time">
          {formatInstant(comment.createdAt)}
        </time>
        {comment.editedAt && !comment.deleted && <span className="cm-edited"> (edited)</span>}
      </p>
      {comment.deleted ? (
        <p className="cm-comment-text cm-deleted">This comment was deleted.</p>
      ) : editing ? (
        <form
          className="cm-form"
          onSubmit={(event) => {
            event.preventDefault();
            void run(() => editComment(comment.id, text)).then((ok) => ok && setEditing(false));
          }}
        >
          <label htmlFor={fieldId}>Edit your comment</label>
          <textarea
            id={fieldId}
            className="field-input"
            rows={3}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
          <div className="cm-actions">
            <button type="submit" className="button button-small button-primary">
              Save
            </button>
            <button
              type="button"
              className="button button-small button-quiet"
              onClick={() => {
                setText(comment.text);
                setEditing(false);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <p className="cm-comment-text">{comment.text}</p>
      )}
      {mine && !editing && (
        <div className="cm-actions">
          <button
            type="button"
            className="button button-small button-quiet"
            onClick={() => {
              setText(comment.text);
              setEditing(true);
            }}
          >
            Edit
          </button>
          <button
            type="button"
            className="button button-small button-quiet"
            // The thread keeps a note that it was deleted, and the audit log its text.
            onClick={() => void run(() => deleteComment(comment.id))}
          >
            Delete
          </button>
        </div>
      )}
    </li>
  );
}
