import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import {
  docToYDoc,
  importDeclaration,
  type ChangeOrigin,
  type DocumentSummary,
} from '@accord/shared';
import type { DocumentStore } from './storage/DocumentStore.js';
import type { DocumentWriter } from './collab/Rooms.js';
import type { Logger } from './logger.js';

/** Ids of the two documents of a negotiation imported from a declaration text. */
export const SEEDED_DOCUMENT_IDS = {
  declaration: 'declaration',
  callForAction: 'call-for-action',
} as const;

/** The seed that holds the draft Declaration and Call for Action (Budapest Process, 2024). */
const DECLARATION_SEED_PREFIX = '003';

/** Finds the seed text whose file name starts with `prefix` ("003"), or null. */
export function findSeed(seedsDir: string, prefix: string): string | null {
  let names: string[];
  try {
    names = fs.readdirSync(seedsDir);
  } catch {
    return null;
  }
  const name = names.find((n) => n.startsWith(prefix) && n.endsWith('.txt'));
  return name ? path.join(seedsDir, name) : null;
}

/** Finds the declaration seed file in `seedsDir`, or null when there is none. */
export function findDeclarationSeed(seedsDir: string): string | null {
  return findSeed(seedsDir, DECLARATION_SEED_PREFIX);
}

/**
 * Imports a declaration text (like seed 003) and creates its two documents: their entries
 * atomically, then their content as one change each through the pipeline, attributed to
 * `origin` (validated and stored like any other change). Throws an ImportError naming the line
 * when the text cannot be read; then nothing is stored. Documents that exist but hold nothing
 * (a start-up interrupted between the two steps) are filled, not created again.
 */
export async function createNegotiationDocuments(
  writer: DocumentWriter,
  text: string,
  origin: ChangeOrigin,
  existing: readonly DocumentSummary[] = [],
): Promise<DocumentSummary[]> {
  const imported = importDeclaration(text);
  const documents = [
    {
      summary: {
        id: SEEDED_DOCUMENT_IDS.declaration,
        title: imported.declaration.title,
        kind: 'declaration' as const,
      },
      doc: imported.declaration.doc,
    },
    {
      summary: {
        id: SEEDED_DOCUMENT_IDS.callForAction,
        title: imported.callForAction.title,
        kind: 'call-for-action' as const,
      },
      doc: imported.callForAction.doc,
    },
  ];
  const missing = documents.filter((d) => !existing.some((e) => e.id === d.summary.id));
  if (missing.length > 0) await writer.create(missing.map((d) => d.summary));
  for (const { summary, doc } of documents) {
    if (!(await writer.isBlank(summary.id))) continue;
    const ydoc = docToYDoc(doc);
    const update = Y.encodeStateAsUpdate(ydoc);
    ydoc.destroy();
    const result = await writer.submit(summary.id, origin, update);
    if (!result.ok) throw new Error(`the text of "${summary.title}" was refused: ${result.reason}`);
  }
  return documents.map((d) => d.summary);
}

/**
 * Seeds the store from the declaration seed, on the server and only when the store is empty
 * (or holds the seeded documents without their content, after an interrupted start): the
 * content is created once, here, never by a client (which would duplicate it on every load).
 * The content goes through the pipeline as the system's change (ST1). Returns whether it seeded.
 */
export async function seedIfEmpty(
  store: DocumentStore,
  writer: DocumentWriter,
  seedsDir: string | null,
  logger: Logger,
): Promise<boolean> {
  const existing = await store.listDocuments();
  const seeded = Object.values(SEEDED_DOCUMENT_IDS) as string[];
  if (existing.length > 0) {
    const blanks = existing.filter((d) => seeded.includes(d.id));
    const unfinished = [];
    for (const d of blanks) if (await writer.isBlank(d.id)) unfinished.push(d);
    if (unfinished.length === 0) return false;
  }
  const file = seedsDir ? findDeclarationSeed(seedsDir) : null;
  if (!file) {
    if (existing.length === 0)
      logger.warn('no seed found; starting with no documents', { seedsDir });
    return false;
  }
  await createNegotiationDocuments(
    writer,
    fs.readFileSync(file, 'utf8'),
    { kind: 'system', reason: 'seed' },
    existing,
  );
  logger.info('seeded the negotiation from', { file });
  return true;
}
