import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { docToYDoc, importDeclaration } from '@accord/shared';
import { BenchClient, until } from './clients.js';

/**
 * The initial states of the two seeded documents, made as Accord seeds its store (import of
 * seed 003, then one Y.Doc per document), keyed by Accord's document id.
 */
export function seedStates(seedsDir: string): Map<string, Uint8Array> {
  let names: string[];
  try {
    names = fs.readdirSync(seedsDir);
  } catch (err) {
    throw new Error(
      `cannot read the seeds folder ${seedsDir} (${(err as Error).message}); set ACCORD_SEEDS_DIR`,
    );
  }
  const name = names.find((n) => n.startsWith('003') && n.endsWith('.txt'));
  if (!name)
    throw new Error(`no declaration seed (003_*.txt) in ${seedsDir}; set ACCORD_SEEDS_DIR`);
  const { declaration, callForAction } = importDeclaration(
    fs.readFileSync(path.join(seedsDir, name), 'utf8'),
  );
  const state = (doc: typeof declaration.doc) => {
    const ydoc = docToYDoc(doc);
    const update = Y.encodeStateAsUpdate(ydoc);
    ydoc.destroy();
    return update;
  };
  return new Map([
    ['declaration', state(declaration.doc)],
    ['call-for-action', state(callForAction.doc)],
  ]);
}

/**
 * Gives a room of the reference server (which starts empty) the same content Accord starts
 * with: one client sends the whole state as an update, and a second client confirms that the
 * server holds it.
 */
export async function seedRoom(wsBase: string, room: string, state: Uint8Array): Promise<void> {
  const seeder = new BenchClient(wsBase, room);
  const checker = new BenchClient(wsBase, room);
  try {
    await Promise.all([seeder.synced(), checker.synced()]);
    Y.applyUpdate(seeder.doc, state);
    const expected = Y.encodeStateVector(seeder.doc);
    const same = (a: Uint8Array, b: Uint8Array) =>
      a.length === b.length && a.every((v, i) => v === b[i]);
    if (!(await until(() => same(Y.encodeStateVector(checker.doc), expected), 10_000))) {
      throw new Error(`the reference server did not take the seed of ${room}`);
    }
  } finally {
    seeder.destroy();
    checker.destroy();
  }
}
