import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { docToYDoc, importDeclaration, type DocumentSummary } from '@accord/shared';
import type { DocumentStore, NewDocument } from './storage/DocumentStore.js';
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
 * Imports a declaration text (like seed 003) and creates its two documents in one transaction.
 * Throws an ImportError naming the line when the text cannot be read; then nothing is stored.
 */
export async function createNegotiationDocuments(
  store: DocumentStore,
  text: string,
): Promise<DocumentSummary[]> {
  const imported = importDeclaration(text);
  const state = (doc: Parameters<typeof docToYDoc>[0]) => {
    const ydoc = docToYDoc(doc);
    const update = Y.encodeStateAsUpdate(ydoc);
    ydoc.destroy();
    return update;
  };
  const documents: NewDocument[] = [
    {
      summary: {
        id: SEEDED_DOCUMENT_IDS.declaration,
        title: imported.declaration.title,
        kind: 'declaration',
      },
      initialState: state(imported.declaration.doc),
    },
    {
      summary: {
        id: SEEDED_DOCUMENT_IDS.callForAction,
        title: imported.callForAction.title,
        kind: 'call-for-action',
      },
      initialState: state(imported.callForAction.doc),
    },
  ];
  await store.createDocuments(documents);
  return documents.map((d) => d.summary);
}

/**
 * Seeds the store from the declaration seed, on the server and only when the store is empty:
 * the content is created once, here, never by a client (which would duplicate it on every
 * load). Both documents are created in one transaction. Returns whether it seeded.
 */
export async function seedIfEmpty(
  store: DocumentStore,
  seedsDir: string | null,
  logger: Logger,
): Promise<boolean> {
  if (!(await store.isEmpty())) return false;
  const file = seedsDir ? findDeclarationSeed(seedsDir) : null;
  if (!file) {
    logger.warn('no seed found; starting with no documents', { seedsDir });
    return false;
  }
  await createNegotiationDocuments(store, fs.readFileSync(file, 'utf8'));
  logger.info('seeded the negotiation from', { file });
  return true;
}
