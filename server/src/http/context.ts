import type { AmendmentService } from '../amendments/AmendmentService.js';
import type { ThreadService } from '../comments/ThreadService.js';
import type { VersionService } from '../versions/VersionService.js';
import type { RoundLabelService } from '../labels/RoundLabelService.js';
import type { RoundService } from '../rounds/RoundService.js';
import type { NegotiationFeed } from '../rounds/NegotiationFeed.js';
import type { Response } from 'express';
import type { SilenceService } from '../silence/SilenceService.js';
import type { StatusService } from '../status/StatusService.js';
import { capabilitiesOf, type SessionView } from '@accord/shared';
import type { Principal } from '../auth/Principal.js';
import type { Authenticator } from '../auth/Authenticator.js';
import type { AuditLog } from '../storage/AuditLog.js';
import type { Directory } from '../storage/Directory.js';
import type { DocumentStore } from '../storage/DocumentStore.js';
import type { Clock } from '../time/Clock.js';
import type { DocumentWriter } from '../collab/Rooms.js';
import type { CompilationExportDeps } from '../exports/compilation.js';
import type { PdfPrinter } from '../exports/revisionPdf.js';

/** What the API routes need from the server instance. */
export interface ApiContext {
  documents: DocumentStore;
  /** Changes documents as the server, through the same pipeline as every client (import). */
  writer: DocumentWriter;
  directory: Directory;
  audit: AuditLog;
  auth: Authenticator;
  /** The server's clock: invitation expiry and every "now" of the routes. */
  clock: Clock;
  allowedOrigins: readonly string[];
  /** Cookies get the Secure flag (the server is reached over https). */
  secureCookies: boolean;
  /** Called after a change of roles or accounts: open connections are re-checked. */
  rightsChanged(): Promise<void>;
  /** Called after sign-out: the session's open connections are closed. */
  sessionEnded(tokenHash: string): void;
  /** False once the server has begun to shut down (`GET /api/ready`, OP4); absent: always ready. */
  ready?(): boolean;
  /** Whether the relay to the other processes answers (OP3, CL4); absent: one process. */
  relayHealth?(): Promise<boolean>;
  /** The amendment workflow (issue 7). */
  amendments: AmendmentService;
  /** Comment threads (issue 8). */
  threads: ThreadService;
  /** Versions of the documents and their comparison (issue 9). */
  versions: VersionService;
  /** The labels delegates cite, stable within a round (issue 9, SL). */
  labels: RoundLabelService;
  /** The revision rounds, deadlines and extensions (issue 9). */
  rounds: RoundService;
  /** The negotiation-wide live feed (rounds, silence procedures). */
  negotiationFeed: NegotiationFeed;
  /** The silence procedure (issue 9, SI). */
  silence: SilenceService;
  /** The paragraphs' negotiation statuses and the document's counts (issue 10, NS). */
  status: StatusService;
  /** What the compilation, data and Akoma Ntoso exports read (issue 10, EC). */
  compilationExports: CompilationExportDeps;
  /** The server's one Chromium, kept running between PDFs (issue 10, EX5). */
  pdf: Pick<PdfPrinter, 'print'>;
  /** Opens a document's live feed (amendments and threads) for a person, resuming after a seq. */
  openFeed(res: Response, documentId: string, after: number, who: Principal): Promise<void>;
}

/** Builds the session payload of /api/session for a principal. */
export function sessionView(principal: Principal): SessionView {
  return {
    person: {
      id: principal.id,
      username: principal.username,
      displayName: principal.name,
      color: principal.color,
    },
    delegation: principal.delegation,
    capabilities: [...capabilitiesOf(principal.delegation)],
  };
}

/** The signed-in principal that `requireSession` put on the response. */
export function principalOf(res: Response): Principal {
  return res.locals.principal as Principal;
}
