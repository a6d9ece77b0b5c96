import { useState } from 'react';
import { asSentence, errorMessage } from './api/http.js';
import { has, type Session } from './api/session.js';
import { followLink, navigate } from './router.js';
import { signOutNow } from './session/sessionStore.js';
import { DelegationBadges } from './DelegationBadges.js';

/**
 * The signed-in person in the app bar: name, delegation and its roles, the Secretariat page
 * for those who manage participants (and nobody else), and sign-out.
 */
export function Account({ session }: { session: Session }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { person, delegation } = session;

  const signOut = async () => {
    setBusy(true);
    setError(null);
    try {
      await signOutNow();
      navigate('/signin', { replace: true });
    } catch (err) {
      setError(`Not signed out: ${asSentence(errorMessage(err))}`);
      setBusy(false);
    }
  };

  return (
    <div className="account">
      <a
        className="app-bar-link"
        href="/rounds"
        onClick={followLink}
        aria-current={window.location.pathname === '/rounds' ? 'page' : undefined}
      >
        Rounds
      </a>
      <a
        className="app-bar-link"
        href="/silence"
        onClick={followLink}
        aria-current={window.location.pathname === '/silence' ? 'page' : undefined}
      >
        Silence
      </a>
      {has(session, 'participants.manage') && (
        <a
          className="app-bar-link"
          href="/secretariat"
          onClick={followLink}
          aria-current={window.location.pathname === '/secretariat' ? 'page' : undefined}
        >
          Secretariat
        </a>
      )}
      <div className="account-who" title={`Signed in as ${person.username}`}>
        <span className="account-name">{person.displayName}</span>
        <span className="account-delegation">
          <span className="account-delegation-name">{delegation.name}</span>
          <DelegationBadges delegation={delegation} />
        </span>
      </div>
      {error && (
        <span className="account-error" role="alert">
          {error}
        </span>
      )}
      <button
        type="button"
        className="app-bar-button"
        onClick={() => void signOut()}
        disabled={busy}
      >
        {busy ? 'Signing out…' : 'Sign out'}
      </button>
    </div>
  );
}
