import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';

/** A question that needs a deliberate yes: what will happen, and the words of the yes button. */
export interface ConfirmRequest {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  /** Styles the yes button as a warning (taking a right away, disabling an account). */
  danger?: boolean;
}

function Dialog({
  request,
  onAnswer,
}: {
  request: ConfirmRequest;
  onAnswer: (yes: boolean) => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby="confirm-title"
      // Escape closes a modal dialog; that is a "no".
      onClose={() => onAnswer(false)}
    >
      <h2 id="confirm-title" className="confirm-title">
        {request.title}
      </h2>
      <div className="confirm-body">{request.body}</div>
      <div className="confirm-actions">
        <button type="button" className="button" onClick={() => onAnswer(false)} autoFocus>
          Cancel
        </button>
        <button
          type="button"
          className={request.danger ? 'button button-danger' : 'button button-primary'}
          onClick={() => onAnswer(true)}
        >
          {request.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

/**
 * A modal "are you sure?": `confirm(request)` shows it and resolves to the answer. Render the
 * returned element somewhere in the component. "Cancel" has the focus, so Enter never removes
 * a right by accident.
 */
export function useConfirm(): [ReactNode, (request: ConfirmRequest) => Promise<boolean>] {
  const [pending, setPending] = useState<{
    request: ConfirmRequest;
    resolve: (yes: boolean) => void;
  } | null>(null);
  const confirm = useCallback(
    (request: ConfirmRequest) =>
      new Promise<boolean>((resolve) => setPending({ request, resolve })),
    [],
  );
  const element = pending && (
    <Dialog
      request={pending.request}
      onAnswer={(yes) => {
        pending.resolve(yes);
        setPending(null);
      }}
    />
  );
  return [element, confirm];
}
