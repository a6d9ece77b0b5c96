import * as Y from 'yjs';
import {
  FRAGMENT_NAME,
  deriveLabels,
  schema,
  yFragmentToDoc,
  type Amendment,
} from '@accord/shared';
import {
  deleteBlock,
  findBlock,
  insertBlockAfter,
  yBlockText,
  yTextNodeOf,
} from '../../server/src/amendments/yjsBlocks.js';
import type { SignedInServer } from './server.js';
import { editAndSave, type StockClient } from './yclient.js';

/**
 * The ids of the declaration's blocks by label ("PP2", "OP1 (a)"), read from a client's copy:
 * seeding gives new ids on every fresh data folder.
 */
export function blockIds(doc: Y.Doc): Record<string, string> {
  const pm = yFragmentToDoc(doc.getXmlFragment(FRAGMENT_NAME), schema);
  const out: Record<string, string> = {};
  for (const [id, label] of deriveLabels(pm)) out[label.short] = id;
  return out;
}

/** An answer of the API: its status and parsed JSON body (null when it had none). */
export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
}

/** Calls the API as `user` (signed in on `world`) with an optional JSON body. */
export async function api<T = unknown>(
  world: SignedInServer,
  user: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiAnswer<T>> {
  const res = await fetch(`${world.server.url}${path}`, {
    method,
    headers: {
      cookie: world.cookie(user),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** The declaration's amendments as `user` sees them. */
export async function listAmendments(world: SignedInServer, user: string): Promise<Amendment[]> {
  const res = await api<Amendment[]>(world, user, 'GET', '/api/documents/declaration/amendments');
  if (res.status !== 200) throw new Error(`list failed: ${res.status}`);
  return res.body;
}

/** The block's element in a client's document; throws when it is not there. */
export function block(doc: Y.Doc, blockId: string): Y.XmlElement {
  const found = findBlock(doc.getXmlFragment(FRAGMENT_NAME), blockId);
  if (!found) throw new Error(`no block ${blockId}`);
  return found;
}

/** The block's text (footnotes as OBJECT_MARK), or null when it is gone. */
export function textOfBlock(doc: Y.Doc, blockId: string): string | null {
  const found = findBlock(doc.getXmlFragment(FRAGMENT_NAME), blockId);
  return found ? yBlockText(found) : null;
}

/** The first XmlText of a block's text node (where a test types). */
export function bodyText(doc: Y.Doc, blockId: string): Y.XmlText {
  const node = yTextNodeOf(block(doc, blockId));
  const text = node?.toArray().find((c): c is Y.XmlText => c instanceof Y.XmlText);
  if (!text) throw new Error(`block ${blockId} has no text`);
  return text;
}

/** Types `text` at `index` of a block (negative: from its end) and waits for SAVED. */
export function typeInto(client: StockClient, blockId: string, index: number, text: string) {
  return editAndSave(client, (doc) => {
    const t = bodyText(doc, blockId);
    t.insert(index < 0 ? t.length + index + 1 : index, text);
  });
}

/** Adds a new paragraph of `type` after `afterId` in a client's document and waits for SAVED. */
export async function insertParagraph(
  client: StockClient,
  afterId: string,
  text: string,
  id: string,
  type = 'preambular',
): Promise<void> {
  await editAndSave(client, (doc) =>
    insertBlockAfter(doc.getXmlFragment(FRAGMENT_NAME), afterId, type, text, id),
  );
}

/** Deletes a block in a client's document and waits for SAVED. */
export function removeParagraph(client: StockClient, blockId: string): Promise<void> {
  return editAndSave(client, (doc) => {
    deleteBlock(doc.getXmlFragment(FRAGMENT_NAME), blockId);
  });
}

/** Submits the given blocks (or all) of `user`'s working copy. */
export function submit(
  world: SignedInServer,
  user: string,
  what: { blockIds: string[] } | { all: true },
  justification = 'Clearer.',
) {
  return api<{ amendments: Amendment[] } & { error?: string }>(
    world,
    user,
    'POST',
    '/api/documents/declaration/amendments',
    { ...what, justification, language: 'en' },
  );
}
