import type { ReactNode } from 'react';
import { followLink } from './router.js';
import { NEGOTIATION } from './negotiation.js';
import { useSessionState } from './session/sessionStore.js';
import { Account } from './Account.js';

/**
 * The app bar: product, negotiation, whatever the page adds, and (when signed in) who you are,
 * for which delegation, and sign-out.
 */
export function Header({ children }: { children?: ReactNode }) {
  const state = useSessionState();
  return (
    <header className="app-bar">
      <a className="brand" href="/" onClick={followLink} aria-label="Accord — all documents">
        <span className="brand-mark" aria-hidden="true">
          A
        </span>
        <span className="brand-name">Accord</span>
      </a>
      <span className="app-bar-divider" aria-hidden="true" />
      <span className="negotiation">
        <span className="negotiation-dialogue">{NEGOTIATION.dialogue}</span>
        <span className="negotiation-sep" aria-hidden="true">
          {' — '}
        </span>
        <span className="negotiation-meeting">{NEGOTIATION.meeting}</span>
      </span>
      <span className="app-bar-spacer" />
      {children}
      {state.status === 'signed-in' && <Account session={state.session} />}
    </header>
  );
}
