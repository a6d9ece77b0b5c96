import type { ReactNode } from 'react';
import { NEGOTIATION } from '../negotiation.js';

/** The LIMITE marking that negotiation texts carry: who may see them. */
export function LimiteNotice() {
  return (
    <aside className="limite" aria-label="Restricted distribution">
      <span className="limite-mark">LIMITE</span>
      <p>
        The texts in Accord are restricted to the delegations taking part in the negotiation. Do not
        forward or quote them outside your delegation.
      </p>
    </aside>
  );
}

/**
 * The frame of the pages open without a session (sign-in, invitation): the product and the
 * negotiation above one card, and the LIMITE notice below it.
 */
export function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="auth-page">
      <main className="auth-card">
        <div className="auth-brand">
          <span className="brand-mark" aria-hidden="true">
            A
          </span>
          <span className="auth-product">Accord</span>
        </div>
        <p className="auth-negotiation">{NEGOTIATION.name}</p>
        {children}
        <LimiteNotice />
      </main>
    </div>
  );
}
