import { useId, useState, type ReactNode } from 'react';

/**
 * The reason a rejection requires (CW3), for one amendment or for those selected together:
 * submitted trimmed, refused empty; Escape cancels.
 */
export function RejectReasonForm({
  label,
  submitLabel,
  onReject,
  onCancel,
}: {
  label: ReactNode;
  submitLabel: string;
  onReject: (reason: string) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  const id = useId();
  return (
    <form
      className="cw-form"
      onSubmit={(event) => {
        event.preventDefault();
        onReject(reason.trim());
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="field-input"
        value={reason}
        maxLength={500}
        required
        autoFocus
        onChange={(event) => setReason(event.target.value)}
      />
      <button type="submit" className="button" disabled={reason.trim() === ''}>
        {submitLabel}
      </button>
    </form>
  );
}
