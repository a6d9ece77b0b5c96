import type { LinkState } from './useEditorSession.js';
import { followLink } from './router.js';

/**
 * The notices above a document's text, the same for the base text and a working copy: why it
 * was reloaded (dismissable), a document that does not exist, a connection that has stopped.
 */
export function EditorNotices({
  documentId,
  notice,
  onDismiss,
  missing,
  link,
}: {
  documentId: string;
  notice: string | null;
  onDismiss: () => void;
  missing: boolean;
  link: LinkState;
}) {
  return (
    <>
      {notice && (
        <div className="notice notice-warning" role="alert">
          <p>{notice}</p>
          <button type="button" className="button button-quiet" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      )}
      {missing && (
        <div className="notice notice-error" role="alert">
          <p>
            <strong>No such document.</strong> This negotiation has no document “{documentId}”.{' '}
            <a href="/" onClick={followLink}>
              See all documents
            </a>
          </p>
        </div>
      )}
      {link.kind === 'stopped' && (
        <div className="notice notice-error" role="alert">
          <p>
            <strong>Not connected.</strong> {link.message}
          </p>
        </div>
      )}
    </>
  );
}
