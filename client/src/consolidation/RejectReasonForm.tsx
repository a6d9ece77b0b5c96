import { useState } from 'react';

/** The one reason given to each of the selected amendments rejected together; Escape cancels. */
export function BulkRejectForm({
  count,
  onReject,
  onCancel,
}: {
  count: number;
  onReject: (reason: string) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
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
      <label htmlFor="cw-bulk-reason">
        Reason for rejecting the {count} selected (required, given to each)
      </label>
      <input
        id="cw-bulk-reason"
        className="field-input"
        value={reason}
        maxLength={500}
        required
        autoFocus
        onChange={(event) => setReason(event.target.value)}
      />
      <button type="submit" className="button" disabled={reason.trim() === ''}>
        Reject {count}
      </button>
    </form>
  );
}
