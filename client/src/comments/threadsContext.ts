import { createContext, useContext } from 'react';
import type { Thread } from '@accord/shared';
import type { Session } from '../api/session.js';

/**
 * What the amendment cards need to show their comments. Given by the editor page through
 * context, so the amendment panel (which knows nothing of comments) passes nothing along; a page
 * without it (the two-column view) shows no comments section.
 */
export interface ThreadsContextValue {
  documentId: string;
  session: Session;
  threads: readonly Thread[];
  names: ReadonlyMap<string, string>;
  onThread: (thread: Thread) => void;
}

/** The comments of the page, or null where comments are not shown. */
export const ThreadsContext = createContext<ThreadsContextValue | null>(null);

/** The page's comments (null where none are shown). */
export function useThreads(): ThreadsContextValue | null {
  return useContext(ThreadsContext);
}
