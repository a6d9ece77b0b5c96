import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../client/src/api/http.js';
import {
  byteWords,
  downloadExport,
  exportUrl,
  filenameOf,
  type DownloadProgress,
} from '../../client/src/api/exports.js';

// The client's side of the exports (issue 10, EX6, EC7): the routes' addresses, the file name the
// server gives, a download read in chunks (progress), the server's refusal in its own words.

afterEach(() => vi.unstubAllGlobals());

/** A response whose body arrives in `chunks`, as a long download does. */
function streamed(chunks: string[], headers: Record<string, string>): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers });
}

describe('the exports client', () => {
  it('EX6 EC7 every export has its route, with the query it needs', () => {
    expect(
      exportUrl('declaration', { kind: 'revision', format: 'clean-docx', from: 'r1', to: 'live' }),
    ).toBe('/api/documents/declaration/exports/revision-clean.docx?from=r1&to=live');
    expect(
      exportUrl('declaration', { kind: 'compilation', format: 'html', layout: 'two-column' }),
    ).toBe('/api/documents/declaration/exports/compilation.html?layout=two-column');
    expect(exportUrl('declaration', { kind: 'amendments', format: 'csv' })).toBe(
      '/api/documents/declaration/exports/amendments.csv',
    );
    expect(exportUrl('declaration', { kind: 'akn', versionId: 'round 1' })).toBe(
      '/api/documents/declaration/versions/round%201/akn.xml',
    );
  });

  it("EX6 the file keeps the server's name; the route's when it gives none", () => {
    expect(filenameOf('attachment; filename="declaration-r1-to-live.docx"', 'x')).toBe(
      'declaration-r1-to-live.docx',
    );
    expect(filenameOf("attachment; filename*=UTF-8''d%C3%A9claration.pdf", 'x')).toBe(
      'déclaration.pdf',
    );
    expect(filenameOf(null, 'revision.docx')).toBe('revision.docx');
    expect(byteWords(812)).toBe('812 bytes');
    expect(byteWords(14_540)).toBe('14.2 KB');
  });

  it('EX6 a download reports each chunk and ends as one file under the server’s name', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        streamed(['abc', 'defg'], {
          'content-type': 'text/csv',
          'content-length': '7',
          'content-disposition': 'attachment; filename="declaration-amendments.csv"',
        }),
      ),
    );
    const seen: DownloadProgress[] = [];
    const file = await downloadExport('/api/documents/declaration/exports/amendments.csv', {
      onProgress: (p) => seen.push({ ...p }),
    });
    expect(seen).toEqual([
      { received: 0, total: 7 },
      { received: 3, total: 7 },
      { received: 7, total: 7 },
    ]);
    expect(file.filename).toBe('declaration-amendments.csv');
    expect(await file.blob.text()).toBe('abcdefg');
  });

  it("EX6 a refusal carries the server's words and status; an unreachable server says so", async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        Response.json(
          { error: '"from": document "declaration" has no version "x"' },
          { status: 400 },
        ),
      ),
    );
    const refused = downloadExport(
      '/api/documents/declaration/exports/revision.docx?from=x&to=live',
    );
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    await expect(refused).rejects.toMatchObject({
      status: 400,
      message: '"from": document "declaration" has no version "x"',
    });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    await expect(downloadExport('/x')).rejects.toMatchObject({ status: 0 });
  });
});
