import { useCallback, useEffect } from 'react';
import { KIND_LABELS } from '@accord/shared';
import { asSentence } from '../api/http.js';
import { fetchOffer } from '../api/invitations.js';
import { formatInstant } from '../formatDate.js';
import { followLink } from '../router.js';
import { useSessionState } from '../session/sessionStore.js';
import { useLoad, type Load } from '../useLoad.js';
import { AuthLayout } from '../signin/AuthLayout.js';
import { AcceptForm } from './AcceptForm.js';
import type { InvitationOffer } from '../api/invitations.js';

/**
 * The page a one-time invitation link opens: which delegation and name it is for, and the form
 * that creates the account and signs it in.
 */
export function InvitationPage({ token }: { token: string }) {
  const load = useCallback((signal: AbortSignal) => fetchOffer(token, signal), [token]);
  const { result, reload } = useLoad(load);

  useEffect(() => {
    document.title = 'Invitation — Accord';
  }, []);

  return (
    <AuthLayout>
      <InvitationContent token={token} result={result} onRetry={reload} />
    </AuthLayout>
  );
}

function InvitationContent({
  token,
  result,
  onRetry,
}: {
  token: string;
  result: Load<InvitationOffer>;
  onRetry: () => void;
}) {
  const sessionState = useSessionState();
  if (result.state === 'loading') {
    return (
      <p className="muted" role="status">
        Checking the invitation…
      </p>
    );
  }
  if (result.state === 'error') {
    // 404: unknown link; 410: used or expired. Anything else may pass: offer to try again.
    const final = result.status === 404 || result.status === 410;
    return (
      <>
        <h1 className="auth-title">
          {final ? 'This invitation cannot be used' : 'The invitation could not be checked'}
        </h1>
        <div className="notice notice-error auth-notice" role="alert">
          <p>{asSentence(result.message)}</p>
          {!final && (
            <button type="button" className="button" onClick={onRetry}>
              Try again
            </button>
          )}
        </div>
        {final && (
          <p className="auth-help">
            Ask the Secretariat for a new invitation link. If you already have an account,{' '}
            <a href="/signin" onClick={followLink}>
              sign in
            </a>
            .
          </p>
        )}
      </>
    );
  }
  const offer = result.data;
  return (
    <>
      <p className="auth-kicker">Invitation</p>
      <h1 className="auth-title">
        You are invited to join the delegation of {offer.delegation.name} as {offer.displayName}
      </h1>
      <p className="auth-lead">
        {KIND_LABELS[offer.delegation.kind]}. Choose a user name and a password for your account.
        This link works once, until {formatInstant(offer.expiresAt)}.
      </p>
      {sessionState.status === 'signed-in' && (
        <div className="notice notice-warning auth-notice">
          <p>
            This browser is signed in as {sessionState.session.person.displayName} (
            {sessionState.session.delegation.name}). Creating this account signs you in as{' '}
            {offer.displayName} instead.
          </p>
        </div>
      )}
      <AcceptForm token={token} onGone={onRetry} />
    </>
  );
}
