import { z } from 'zod';
import { documentListSchema } from './documentApi.js';
import { textField } from './fields.js';

/** `POST /api/admin/import` (Secretariat, empty negotiation): a declaration's plain text. */
export const importRequestSchema = z.object({ text: textField('text', { max: 1_000_000 }) });

/** The answer of `POST /api/admin/import`: the documents it created (201). */
export const importResponseSchema = documentListSchema;

/** The body of `POST /api/admin/import`. */
export type ImportRequest = z.input<typeof importRequestSchema>;
