import type { AccordPaths } from './coldJoin.js';
import type { BenchOptions } from './options.js';

/** What the browser part of the amendment benchmark measured. */
export interface AmendmentsBrowserResult {
  loadMs: number[];
}

/** Placeholder while the browser part is written. */
export async function runAmendmentsBrowser(
  _paths: AccordPaths,
  _options: BenchOptions,
): Promise<AmendmentsBrowserResult | null> {
  return null;
}

/** The table. */
export function amendmentsBrowserTable(r: AmendmentsBrowserResult): string {
  return String(r.loadMs.length);
}
