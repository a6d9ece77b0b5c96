import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { can, isDocumentId } from '@accord/shared';
import type { AccessPolicy } from '../auth/AccessPolicy.js';
import type { Principal } from '../auth/Principal.js';
import { isRefusal } from '../auth/Refusal.js';
import type { AuditLog } from '../storage/AuditLog.js';
import type { DocumentStore } from '../storage/DocumentStore.js';
import type { Logger } from '../logger.js';
import { Connection } from './Connection.js';
import type { Rooms } from './Rooms.js';

/** `/collab/<documentId>` is the base text; `/collab/<documentId>/draft` the caller's working copy. */
const COLLAB_PATH = /^\/collab\/([^/]+)(\/draft)?$/;

/**
 * The WebSocket endpoint `/collab/<documentId>`: authenticate → authorise → open the document
 * fully → accept the socket (AC4, ST4). Refusals answer the HTTP upgrade with a status and a
 * JSON reason, before any document is opened.
 */
export class CollabEndpoint {
  /** Every open connection of the server. */
  readonly connections = new Set<Connection>();
  private closing = false;

  constructor(
    private readonly deps: {
      wss: WebSocketServer;
      access: AccessPolicy;
      documents: DocumentStore;
      audit: AuditLog;
      rooms: Rooms;
      logger: Logger;
    },
  ) {}

  /** Handles an HTTP upgrade request; never throws (a failure answers 500). */
  handle(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    this.upgrade(req, socket, head).catch((err: unknown) => {
      this.deps.logger.error('upgrade failed', { url: req.url, error: String(err) });
      rejectUpgrade(socket, 500, 'the server could not open the document');
    });
  }

  /** Refuses new upgrades from now on (the server is shutting down). */
  stop(): void {
    this.closing = true;
  }

  private async upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (this.closing) return rejectUpgrade(socket, 503, 'server shutting down');
    const { access, documents, rooms, wss } = this.deps;
    const match = COLLAB_PATH.exec(new URL(req.url ?? '/', 'http://localhost').pathname);
    const documentId = match?.[1] ? decodeURIComponent(match[1]) : null;
    const draft = match?.[2] !== undefined;
    if (!documentId)
      return rejectUpgrade(
        socket,
        404,
        'WebSocket endpoint is /collab/<documentId> or /collab/<documentId>/draft',
      );
    // 1. authenticate, before anything about the document is looked at.
    const principal = await access.authenticate(req);
    if (isRefusal(principal)) {
      await this.auditUpgrade(null, documentId, principal.message);
      return rejectUpgrade(socket, principal.status, principal.message);
    }
    // 2. authorise reading.
    const canRead = await access.authorise(principal, documentId, 'read');
    if (isRefusal(canRead)) {
      await this.auditUpgrade(principal, documentId, canRead.message);
      return rejectUpgrade(socket, canRead.status, canRead.message);
    }
    if (!isDocumentId(documentId) || !(await documents.getDocument(documentId))) {
      return rejectUpgrade(socket, 404, `no document "${documentId}"`);
    }
    // A working copy is always the caller's own delegation's (WC3): nobody can name another's.
    const canWrite =
      (await access.authorise(principal, documentId, draft ? 'draft' : 'write')) === true;
    // Someone whose role writes but whom the rounds hold back (RD11) is told so at once: their
    // editor would otherwise start editable from the session and see its typing dropped.
    const heldBack =
      !canWrite && can(principal.delegation, draft ? 'amendment.propose' : 'text.edit');
    // 3. load the document completely before answering anything.
    const room = draft
      ? await rooms.openWorkingCopy(documentId, principal.delegation.id)
      : await rooms.open(documentId);
    if (this.closing || socket.destroyed)
      return rejectUpgrade(socket, 503, 'connection closed during load');
    wss.handleUpgrade(req, socket, head, (ws) => {
      const conn = new Connection(ws, principal, room, canWrite, heldBack);
      this.connections.add(conn);
      // One line at each end of the connection, with the same id (OP1).
      const fields = {
        connectionId: conn.id,
        personId: principal.id,
        username: principal.username,
        documentId,
        draft,
      };
      this.deps.logger.info('connection opened', { ...fields, canWrite });
      ws.on('close', (code: number) => {
        this.connections.delete(conn);
        this.deps.logger.info('connection closed', { ...fields, code });
      });
      room.join(conn);
    });
  }

  private async auditUpgrade(
    principal: Principal | null,
    documentId: string,
    reason: string,
  ): Promise<void> {
    await this.deps.audit.append({
      personId: principal?.id ?? null,
      username: principal?.username ?? null,
      delegationId: principal?.delegation.id ?? null,
      action: 'document.open',
      target: documentId,
      outcome: 'refused',
      detail: { reason },
    });
  }
}

/** Answers an upgrade request with an HTTP error and a JSON reason, and closes the socket. */
function rejectUpgrade(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: message });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
