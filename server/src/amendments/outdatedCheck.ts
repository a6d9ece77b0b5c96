import { FRAGMENT_NAME, type Amendment } from '@accord/shared';
import type { Logger } from '../logger.js';
import { isoAt, type Clock } from '../time/Clock.js';
import type { AmendmentContext } from './amendmentContext.js';
import { outdatedState } from './outdated.js';
import { blockTextsById } from './yjsBlocks.js';

/** How long after a change to the base text its open amendments are re-read (AM13). */
const OUTDATED_CHECK_DELAY_MS = 250;

/**
 * The open amendments whose outdated or target-deleted state differs from what the base text's
 * block `texts` say now (AM13), updated at `at`; the others are left out, so nothing unchanged
 * is written or told.
 */
export function outdatedChanges(
  open: readonly Amendment[],
  texts: ReadonlyMap<string, string>,
  at: string,
): Amendment[] {
  return open.flatMap((a) => {
    const state = outdatedState(a, texts);
    if (state.outdated === a.outdated && state.targetDeleted === a.targetDeleted) return [];
    return [{ ...a, ...state, updatedAt: at }];
  });
}

/**
 * Re-reads whether each open amendment of `documentId` is outdated or lost its target (AM13),
 * run in the document's queue; stores and tells those whose state changed.
 */
export async function refreshOutdatedState(
  ctx: Pick<AmendmentContext, 'amendments' | 'records' | 'rooms' | 'clock'>,
  documentId: string,
): Promise<void> {
  const open = (await ctx.amendments.list(documentId)).filter((a) => a.status === 'submitted');
  if (open.length === 0) return;
  const targets = new Set(
    open.flatMap((a) => (a.kind === 'insert' ? [a.afterBlockId!] : [a.blockId!])),
  );
  const texts = await ctx.rooms.readDocument(documentId, (room) =>
    blockTextsById(room.doc.getXmlFragment(FRAGMENT_NAME), targets),
  );
  const changed = outdatedChanges(open, texts, isoAt(ctx.clock.now()));
  if (changed.length === 0) return;
  await ctx.records.save(documentId, { amendments: changed });
}

/**
 * When the open amendments of a document are re-read for outdatedness (AM13): a moment after
 * its base text changed, once per burst of keystrokes rather than on each, and the first time
 * the document is read in this process. `refresh` does the re-reading (in the document's queue).
 */
export class OutdatedCheck {
  /** Documents whose open amendments are to be re-read, with the cancel of the pending check. */
  private readonly pendingChecks = new Map<string, () => void>();

  /**
   * Documents re-checked for outdated amendments since this process started: a base change
   * whose delayed check a stop or crash cut short is caught on the first read after a restart.
   */
  private readonly checkedSinceStart = new Set<string>();

  constructor(
    private readonly deps: {
      clock: Clock;
      logger: Logger;
      refresh: (documentId: string) => Promise<void>;
    },
  ) {}

  /** Schedules a check of `documentId`, unless one is pending already. */
  baseChanged(documentId: string): void {
    if (this.pendingChecks.has(documentId)) return;
    const { clock, logger, refresh } = this.deps;
    const cancel = clock.at(clock.now() + OUTDATED_CHECK_DELAY_MS, () => {
      this.pendingChecks.delete(documentId);
      refresh(documentId).catch((err: unknown) =>
        logger.error('outdated check failed', { documentId, error: String(err) }),
      );
    });
    this.pendingChecks.set(documentId, cancel);
  }

  /** Cancels pending checks (the server is stopping). */
  stop(): void {
    for (const cancel of this.pendingChecks.values()) cancel();
    this.pendingChecks.clear();
  }

  /** Checks `documentId` if this process has not yet; a failure is logged, never thrown. */
  async onceSinceStart(documentId: string): Promise<void> {
    if (this.checkedSinceStart.has(documentId)) return;
    this.checkedSinceStart.add(documentId);
    await this.deps
      .refresh(documentId)
      .catch((err: unknown) =>
        this.deps.logger.error('outdated check failed', { documentId, error: String(err) }),
      );
  }
}
