import { useEffect, useRef, useState, type FormEvent } from 'react';
import { asSentence, errorMessage } from '../api/http.js';
import { signIn } from '../api/session.js';
import { startSession } from '../session/sessionStore.js';
import { AuthLayout } from './AuthLayout.js';

/**
 * Signing in with a user name and password. On success the app takes the person back to the
 * page they asked for; on failure the server's reason is shown and the password cleared.
 */
export function SignInPage({ notice }: { notice: string | null }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = 'Sign in — Accord';
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // The app redirects as soon as the session is known.
      startSession(await signIn(username.trim().toLowerCase(), password));
    } catch (err) {
      setError(asSentence(errorMessage(err)));
      setPassword('');
      setBusy(false);
      passwordRef.current?.focus();
    }
  };

  return (
    <AuthLayout>
      <h1 className="auth-title">Sign in</h1>
      <p className="auth-lead">Use the account the Secretariat created for you.</p>
      {notice && !error && (
        <div className="notice notice-info auth-notice" role="status">
          <p>{notice}</p>
        </div>
      )}
      {error && (
        <div className="notice notice-error auth-notice" role="alert">
          <p>
            <strong>Not signed in.</strong> {error}
          </p>
        </div>
      )}
      <form className="auth-form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span className="field-label">User name</span>
          <input
            className="field-input"
            name="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            autoFocus
          />
        </label>
        <label className="field">
          <span className="field-label">Password</span>
          <input
            ref={passwordRef}
            className="field-input"
            type="password"
            name="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            required
          />
        </label>
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="auth-help">
        No account yet, or password forgotten? The Secretariat sends each person an invitation link;
        ask them for a new one.
      </p>
    </AuthLayout>
  );
}
