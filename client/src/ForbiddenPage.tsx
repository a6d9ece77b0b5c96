import { useEffect } from 'react';
import type { Session } from './api/session.js';
import { followLink } from './router.js';
import { Header } from './Header.js';
import { personWithDelegation } from './presenceUser.js';

/**
 * A page the person's delegation may not use. Shown instead of the page, never as an error
 * of theirs: it says who they are signed in as and who can help.
 */
export function ForbiddenPage({
  title,
  explanation,
  session,
}: {
  title: string;
  explanation: string;
  session: Session;
}) {
  useEffect(() => {
    document.title = `${title} — Accord`;
  }, [title]);
  return (
    <>
      <Header />
      <main className="page page-narrow forbidden" data-status="403">
        <p className="page-kicker">Not available to your delegation</p>
        <h1 className="page-title">{title}</h1>
        <p className="page-lead">
          {explanation} You are signed in as{' '}
          {personWithDelegation(session.person.displayName, session.delegation.name)}.
        </p>
        <p>
          <a href="/" onClick={followLink}>
            ← Back to the documents
          </a>
        </p>
      </main>
    </>
  );
}
