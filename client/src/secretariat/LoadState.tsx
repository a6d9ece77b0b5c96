import type { ReactNode } from 'react';
import type { Load } from '../useLoad.js';

/** Shows "loading" or the failure (with "Try again") of a load, or its content once it is here. */
export function LoadState<T>({
  load,
  what,
  onRetry,
  children,
}: {
  load: Load<T>;
  /** What is being loaded, for the messages: "the delegations". */
  what: string;
  onRetry: () => void;
  children: (data: T) => ReactNode;
}) {
  if (load.state === 'loading') {
    return (
      <p className="muted" role="status">
        Loading {what}…
      </p>
    );
  }
  if (load.state === 'error') {
    return (
      <div className="notice notice-error notice-inline" role="alert">
        <p>
          <strong>Could not load {what}:</strong> {load.message}.
        </p>
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      </div>
    );
  }
  return <>{children(load.data)}</>;
}
