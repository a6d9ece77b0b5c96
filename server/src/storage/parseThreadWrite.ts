import { threadSchema, type Thread } from '@accord/shared';

/**
 * Validates a thread before anything is stored, the same way for every `ThreadStore`: an
 * invalid record, or one naming a comment id twice, throws. The parsed record is what is kept
 * (schema defaults filled in); its `seq` is a placeholder the store replaces.
 */
export function parseThreadWrite(thread: Thread): Thread {
  const parsed = threadSchema.parse({ ...thread, seq: 0 });
  const seen = new Set<string>();
  for (const c of parsed.comments) {
    if (seen.has(c.id)) throw new Error(`comment ${c.id} appears twice in thread ${parsed.id}`);
    seen.add(c.id);
  }
  return parsed;
}
