import { amendmentsExportSchema, type Amendment, type AmendmentsExport } from '@accord/shared';
import { LIMITE } from './compilationModel.js';

/** What amendments.json is made from. */
export interface AmendmentsJsonInput {
  documentId: string;
  title: string;
  versionName: string;
  date: string;
  /** The amendments in document order. */
  amendments: readonly Amendment[];
}

/**
 * amendments.json (EC5): the amendment records as the API lists them, with LIMITE, the version
 * and the date, checked against the shared schema before it is written (a record that would
 * not read back is a bug, and throws).
 */
export function amendmentsJson(input: AmendmentsJsonInput): string {
  const file: AmendmentsExport = amendmentsExportSchema.parse({
    classification: LIMITE,
    documentId: input.documentId,
    title: input.title,
    version: input.versionName,
    date: input.date,
    amendments: input.amendments,
  });
  return JSON.stringify(file, null, 2) + '\n';
}
