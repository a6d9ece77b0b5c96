import type { Change, PipelineStep, StepRefusal } from './Change.js';

/** How a change left the pipeline. */
export type PipelineResult =
  | { ok: true; change: Change }
  | { ok: false; dropped: true; change: Change }
  | { ok: false; dropped: false; refusal: StepRefusal; change: Change };

/** Watches changes go through the pipeline without changing their course (metrics). */
export interface PipelineObserver {
  /** `change` passed the step named `step` (it returned 'next' or 'acknowledge'). */
  passed(step: string, change: Change): void;
  /** `change` left the pipeline as `result` says. */
  ended(result: PipelineResult): void;
}

/**
 * Runs changes through an ordered list of steps, as Hocuspocus runs its extensions. The steps
 * before the first asynchronous one (authorise, identify, validate) run synchronously when the
 * message arrives, so changes are judged in arrival order; `store` resolves in that same order,
 * so broadcasts and acknowledgements keep it too.
 */
export class Pipeline {
  constructor(
    /** The steps, in order: the whole update path of a document is this list. */
    readonly steps: readonly PipelineStep[],
    /** Called with every refusal (the room audits it and closes the sender). */
    private readonly onRefused: (change: Change, refusal: StepRefusal) => void,
    /** Told of each step a change passed and of how it left (metrics, OP2). */
    private readonly observer: PipelineObserver | null = null,
  ) {}

  /** The steps' names, in order (for documentation and tests). */
  get names(): string[] {
    return this.steps.map((s) => s.name);
  }

  /** Passes `change` through every step; settles when it was acknowledged, dropped or refused. */
  async run(change: Change): Promise<PipelineResult> {
    let skipToAck = false;
    for (const step of this.steps) {
      if (skipToAck && step.name !== 'acknowledge') continue;
      const pending = step.run(change);
      const outcome = pending instanceof Promise ? await pending : pending;
      if (outcome === 'next' || outcome === 'acknowledge') this.observer?.passed(step.name, change);
      if (outcome === 'next') continue;
      if (outcome === 'acknowledge') {
        change.changed = false;
        skipToAck = true;
        continue;
      }
      if (outcome === 'drop') return this.ended({ ok: false, dropped: true, change });
      this.onRefused(change, outcome);
      return this.ended({ ok: false, dropped: false, refusal: outcome, change });
    }
    return this.ended({ ok: true, change });
  }

  private ended(result: PipelineResult): PipelineResult {
    this.observer?.ended(result);
    return result;
  }
}
