import { apiErrorSchema, type CompilationLayout } from '@accord/shared';
import { ApiError } from './http.js';

/**
 * The exports' downloads (issue 10, SPEC EX and EC): the address of each file, and a download
 * read as a stream so a long one (a PDF printed by the server, a large compilation) shows how
 * far it got and can be cancelled. The files are attachments, not JSON, so they do not go
 * through `requestJson`; refusals are the same `{ "error": "…" }` and become an `ApiError`.
 */

/** The revision formats the server makes (README "Exports"). */
export const REVISION_FORMATS = ['docx', 'clean-docx', 'html', 'pdf'] as const;

/** One revision format (see `REVISION_FORMATS`). */
export type RevisionFormat = (typeof REVISION_FORMATS)[number];

/** Which export to download, with what it needs. */
export type ExportRequest =
  | { kind: 'revision'; format: RevisionFormat; from: string; to: string }
  | { kind: 'compilation'; format: 'docx' | 'html'; layout: CompilationLayout }
  | { kind: 'amendments'; format: 'csv' | 'json' }
  | { kind: 'akn'; versionId: string };

const docPath = (documentId: string) => `/api/documents/${encodeURIComponent(documentId)}`;

/** The file name of each revision format on the server's routes. */
const REVISION_FILES: Record<RevisionFormat, string> = {
  docx: 'revision.docx',
  'clean-docx': 'revision-clean.docx',
  html: 'revision.html',
  pdf: 'revision.pdf',
};

/** The address of export `request` of document `documentId`. */
export function exportUrl(documentId: string, request: ExportRequest): string {
  const base = docPath(documentId);
  switch (request.kind) {
    case 'revision': {
      const query = new URLSearchParams({ from: request.from, to: request.to });
      return `${base}/exports/${REVISION_FILES[request.format]}?${query}`;
    }
    case 'compilation':
      return `${base}/exports/compilation.${request.format}?${new URLSearchParams({ layout: request.layout })}`;
    case 'amendments':
      return `${base}/exports/amendments.${request.format}`;
    case 'akn':
      return `${base}/versions/${encodeURIComponent(request.versionId)}/akn.xml`;
  }
}

/** How far a download got: bytes received, and the whole size when the server said it. */
export interface DownloadProgress {
  received: number;
  total: number | null;
}

/** A downloaded file: its bytes and the name the server gave it. */
export interface DownloadedFile {
  blob: Blob;
  filename: string;
}

/**
 * The file name in a Content-Disposition header (`filename*=UTF-8''…` first, then
 * `filename="…"`), or `fallback` when there is none.
 */
export function filenameOf(disposition: string | null, fallback: string): string {
  if (disposition === null) return fallback;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // A malformed encoding: try the plain parameter.
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(disposition);
  const name = (plain?.[1] ?? plain?.[2] ?? '').trim();
  return name === '' ? fallback : name;
}

/** The server's own words for a refused download, or its status line. */
async function refusalMessage(response: Response): Promise<string> {
  try {
    const body = apiErrorSchema.safeParse(await response.json());
    if (body.success && body.data.error.trim() !== '') return body.data.error;
  } catch {
    // Not JSON (a proxy's page): the status line says what happened.
  }
  return `the server answered ${response.status} ${response.statusText}`.trim();
}

/**
 * Downloads `url`, reporting each chunk to `onProgress`. Rejects with an `ApiError` carrying the
 * server's message when it refuses, and with the abort's error when `signal` cancels it.
 */
export async function downloadExport(
  url: string,
  options: { signal?: AbortSignal; onProgress?: (progress: DownloadProgress) => void } = {},
): Promise<DownloadedFile> {
  const { signal, onProgress } = options;
  let response: Response;
  try {
    response = await fetch(url, { signal, credentials: 'same-origin' });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'the server could not be reached; check the connection and try again');
  }
  if (!response.ok) throw new ApiError(response.status, await refusalMessage(response));
  const length = Number(response.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  const type = response.headers.get('content-type') ?? 'application/octet-stream';
  // The route's own last segment ("revision.docx", "akn.xml") when the server names none.
  const fallback = decodeURIComponent(url.split('?')[0]!.split('/').pop() ?? '') || 'export';
  const filename = filenameOf(response.headers.get('content-disposition'), fallback);
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let received = 0;
  onProgress?.({ received, total });
  if (response.body === null) return { blob: new Blob([], { type }), filename };
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.byteLength;
    onProgress?.({ received, total });
  }
  return { blob: new Blob(chunks, { type }), filename };
}

/**
 * Saves `file` under its name through a temporary link, as the browser saves any download; the
 * object URL is released once the browser has taken it.
 */
export function saveFile(file: DownloadedFile): void {
  const href = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = file.filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** A byte count as a reader reads it: "812 bytes", "14.2 KB", "1.3 MB". */
export function byteWords(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
