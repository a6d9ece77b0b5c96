import { useId, useState, type FormEvent } from 'react';
import { ApiError, asSentence, errorMessage } from '../api/http.js';
import { acceptInvitation } from '../api/invitations.js';
import { navigate } from '../router.js';
import { startSession } from '../session/sessionStore.js';
import { accountProblems, MIN_PASSWORD_LENGTH, normaliseUsername } from './accountRules.js';

type Field = 'username' | 'password' | 'confirm';

/**
 * User name, password and its confirmation for the invited person's account. The rules are
 * shown beside the fields once a first attempt was made; the server's refusals (name taken,
 * link used meanwhile) are shown as it words them.
 */
export function AcceptForm({ token, onGone }: { token: string; onGone: () => void }) {
  const id = useId();
  const [fields, setFields] = useState({ username: '', password: '', confirm: '' });
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<{ field: Field | null; message: string } | null>(
    null,
  );
  const problems = accountProblems(fields);
  const shown: Partial<Record<Field, string>> = tried ? { ...problems } : {};
  if (serverError?.field) shown[serverError.field] ??= serverError.message;

  const change = (field: Field, value: string) => {
    setFields((f) => ({ ...f, [field]: value }));
    if (serverError?.field === field) setServerError(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    setServerError(null);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    try {
      const session = await acceptInvitation(
        token,
        normaliseUsername(fields.username),
        fields.password,
      );
      startSession(session);
      navigate('/', { replace: true });
    } catch (err) {
      setBusy(false);
      const status = err instanceof ApiError ? err.status : 0;
      if (status === 410 || status === 404) {
        onGone();
        return;
      }
      const message = asSentence(errorMessage(err));
      setServerError({ field: status === 409 ? 'username' : null, message });
    }
  };

  const describedBy = (field: Field, hint?: boolean) =>
    [hint ? `${id}-${field}-hint` : '', shown[field] ? `${id}-${field}-error` : '']
      .filter(Boolean)
      .join(' ') || undefined;

  const fieldError = (field: Field) =>
    shown[field] && (
      <span id={`${id}-${field}-error`} className="field-error">
        {shown[field]}
      </span>
    );

  return (
    <form className="auth-form" onSubmit={(e) => void submit(e)} noValidate>
      {serverError && !serverError.field && (
        <div className="notice notice-error auth-notice" role="alert">
          <p>
            <strong>No account created.</strong> {serverError.message}
          </p>
        </div>
      )}
      <label className="field">
        <span className="field-label">User name</span>
        <input
          className="field-input"
          name="username"
          value={fields.username}
          onChange={(e) => change('username', e.target.value)}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          aria-invalid={shown.username ? true : undefined}
          aria-describedby={describedBy('username', true)}
          autoFocus
        />
        <span id={`${id}-username-hint`} className="field-hint">
          Lower-case letters, digits, dots, dashes or underscores; for example “k.weber”.
        </span>
        {fieldError('username')}
      </label>
      <label className="field">
        <span className="field-label">Password</span>
        <input
          className="field-input"
          type="password"
          name="new-password"
          value={fields.password}
          onChange={(e) => change('password', e.target.value)}
          autoComplete="new-password"
          aria-invalid={shown.password ? true : undefined}
          aria-describedby={describedBy('password', true)}
        />
        <span id={`${id}-password-hint`} className="field-hint">
          At least {MIN_PASSWORD_LENGTH} characters. A short sentence is easy to remember.
        </span>
        {fieldError('password')}
      </label>
      <label className="field">
        <span className="field-label">Password again</span>
        <input
          className="field-input"
          type="password"
          name="confirm-password"
          value={fields.confirm}
          onChange={(e) => change('confirm', e.target.value)}
          autoComplete="new-password"
          aria-invalid={shown.confirm ? true : undefined}
          aria-describedby={describedBy('confirm')}
        />
        {fieldError('confirm')}
      </label>
      <button type="submit" className="button button-primary button-block" disabled={busy}>
        {busy ? 'Creating the account…' : 'Create account and sign in'}
      </button>
    </form>
  );
}
