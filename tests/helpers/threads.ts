import * as Y from 'yjs';
import type { Thread, ThreadAnchor } from '@accord/shared';
import { api, bodyText } from './amendments.js';
import { DEMO_PASSWORD, type SignedInServer } from './server.js';

/** A Yjs relative position at `index` of `text`, base64 as the threads API takes it. */
export function encodedPosition(
  text: Parameters<typeof Y.createRelativePositionFromTypeIndex>[0],
  index: number,
): string {
  const position = Y.createRelativePositionFromTypeIndex(text, index);
  return Buffer.from(Y.encodeRelativePosition(position)).toString('base64');
}

/**
 * A text anchor on `length` characters of `blockId`'s text from `index`, in `doc` (a client of
 * the base text, or of a working copy with `on: 'working-copy'`).
 */
export function anchorOn(
  doc: Y.Doc,
  blockId: string,
  index: number,
  length: number,
  on: 'base' | 'working-copy' = 'base',
): Extract<ThreadAnchor, { type: 'text' }> {
  const text = bodyText(doc, blockId);
  return {
    type: 'text',
    from: encodedPosition(text, index),
    to: encodedPosition(text, index + length),
    on,
  };
}

/** Starts a thread on the declaration as `user`; throws unless it was created. */
export async function startThread(
  world: SignedInServer,
  user: string,
  body: { anchor: ThreadAnchor; visibility: 'public' | 'delegation'; text: string; quote?: string },
): Promise<Thread> {
  const res = await api<Thread>(world, user, 'POST', '/api/documents/declaration/threads', body);
  if (res.status !== 201)
    throw new Error(`thread refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The declaration's threads as `user` may see them. */
export async function threadsSeenBy(world: SignedInServer, user: string): Promise<Thread[]> {
  const res = await api<Thread[]>(world, user, 'GET', '/api/documents/declaration/threads');
  if (res.status !== 200) throw new Error(`list refused: ${res.status}`);
  return res.body;
}

/**
 * Makes a second person of a delegation through the Secretariat's invitation (signed in on
 * `world` as `username`, with the demo password), for controls "another member sees it".
 */
export async function inviteMember(
  world: SignedInServer,
  secretariat: string,
  delegationId: string,
  username: string,
): Promise<void> {
  const invited = await api<{ url: string }>(world, secretariat, 'POST', '/api/admin/invitations', {
    delegationId,
    displayName: `Second delegate of ${delegationId}`,
  });
  if (invited.status !== 201) throw new Error(`invitation refused: ${invited.status}`);
  const token = invited.body.url.split('/').pop()!;
  const accepted = await fetch(`${world.server.url}/api/invitations/${token}/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (accepted.status >= 300) throw new Error(`accept refused: ${accepted.status}`);
  await world.signIn(username);
}
