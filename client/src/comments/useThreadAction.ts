import { useState } from 'react';
import type { Thread } from '@accord/shared';
import { errorMessage } from '../api/http.js';

/**
 * Runs one call on a thread: the answer (the whole thread) is folded into the feed at once,
 * before its event arrives, and a refusal is kept to show in the card.
 */
export function useThreadAction(onThread: (thread: Thread) => void) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<Thread>): Promise<boolean> => {
    setError(null);
    setBusy(true);
    try {
      onThread(await action());
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { run, error, busy, clearError: () => setError(null), fail: setError };
}
