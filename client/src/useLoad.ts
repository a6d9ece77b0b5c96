import { useCallback, useEffect, useState } from 'react';
import { ApiError, errorMessage } from './api/http.js';

/** Something fetched from the API: loading, failed (with the reason), or here. */
export type Load<T> =
  | { state: 'loading' }
  /** `status` is the HTTP status of the refusal, 0 when the server was not reached. */
  | { state: 'error'; message: string; status: number }
  | { state: 'ready'; data: T };

/**
 * Fetches with `load` when the component mounts and whenever `reload` is called; an answer
 * that arrives after unmounting or after a newer request is dropped. A reload keeps showing
 * the data it replaces rather than flashing "loading".
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>): {
  result: Load<T>;
  /** Fetches again. */
  reload: () => void;
  /** Changes the loaded data in place (after a save whose answer is known). */
  update: (change: (data: T) => T) => void;
} {
  const [result, setResult] = useState<Load<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal)
      .then((data) => setResult({ state: 'ready', data }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        const status = error instanceof ApiError ? error.status : 0;
        setResult({ state: 'error', message: errorMessage(error), status });
      });
    return () => controller.abort();
    // `load` is expected to be a stable function (module-level or memoised).
  }, [load, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const update = useCallback(
    (change: (data: T) => T) =>
      setResult((current) =>
        current.state === 'ready' ? { state: 'ready', data: change(current.data) } : current,
      ),
    [],
  );
  return { result, reload, update };
}
