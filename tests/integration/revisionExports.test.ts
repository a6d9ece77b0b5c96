import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ROUNDS, type Amendment, type Round } from '@accord/shared';
import type { AccordServer } from '../../server/src/index.js';
import { collabUrl, signIn, startTestServer } from '../helpers/server.js';
import { stockClient, synced, type StockClient } from '../helpers/yclient.js';
import { blockIds, removeParagraph, textOfBlock, typeInto } from '../helpers/amendments.js';
import { waitFor } from '../helpers/wait.js';

// The revision exports on a real server with the seeds (issue 10, SPEC EX): versions made as a
// round's publication makes them, Germany's accepted amendment and the Chair's edits, then the
// files as a reader downloads them, opened by real engines: LibreOffice reads the Word files
// back (tracked changes and their authors, or none), poppler reads the PDF.

const run = promisify(execFile);

let server: AccordServer;
const cookies = new Map<string, string>();
let base: StockClient;
let draft: StockClient;
let ids: Record<string, string>;
let amendment: Amendment;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-revision-'));

const [zeroDraft] = DEFAULT_ROUNDS as [Round];

/** A download as a reader gets it. */
async function download(user: string, file: string, query: string) {
  const res = await fetch(`${server.url}/api/documents/declaration/exports/${file}?${query}`, {
    headers: { cookie: cookies.get(user)! },
  });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
    bytes: new Uint8Array(await res.arrayBuffer()),
  };
}

/** Word files converted to flat ODF by headless LibreOffice (one start for all), as text. */
async function viaLibreOffice(files: Record<string, Uint8Array>): Promise<Record<string, string>> {
  const inputs = Object.entries(files).map(([name, bytes]) => {
    const file = path.join(tmp, `${name}.docx`);
    fs.writeFileSync(file, bytes);
    return file;
  });
  const profile = `file://${path.join(tmp, 'lo-profile')}`;
  await run(
    'soffice',
    [
      `-env:UserInstallation=${profile}`,
      '--headless',
      '--convert-to',
      'fodt',
      '--outdir',
      tmp,
      ...inputs,
    ],
    { timeout: 60_000 },
  );
  return Object.fromEntries(
    Object.keys(files).map((name) => [
      name,
      fs.readFileSync(path.join(tmp, `${name}.fodt`), 'utf8'),
    ]),
  );
}

/**
 * The tracked changes LibreOffice read: kind, author, date, and the text it marks in the
 * document between the change's start and end (where LibreOffice keeps deleted text too).
 */
function changedRegions(fodt: string) {
  return [
    ...fodt.matchAll(/<text:changed-region\b[^>]*text:id="([^"]+)".*?<\/text:changed-region>/gs),
  ].map((m) => {
    const id = m[1]!;
    const start = fodt.indexOf(`<text:change-start text:change-id="${id}"/>`);
    const end = fodt.indexOf(`<text:change-end text:change-id="${id}"/>`);
    return {
      kind: /<text:(insertion|deletion)>/.exec(m[0])?.[1],
      author: /<dc:creator>([^<]*)<\/dc:creator>/.exec(m[0])?.[1],
      date: /<dc:date>([^<]*)<\/dc:date>/.exec(m[0])?.[1],
      text: start === -1 || end === -1 ? '' : fodt.slice(start, end).replace(/<[^>]+>/g, ''),
    };
  });
}

beforeAll(async () => {
  server = await startTestServer({ calendar: 'none' });
  for (const user of ['turkiye', 'germany', 'pakistan'])
    cookies.set(user, await signIn(server, user));
  base = stockClient(collabUrl(server), 'declaration', cookies.get('turkiye')!);
  draft = stockClient(collabUrl(server), 'declaration/draft', cookies.get('germany')!);
  await Promise.all([synced(base), synced(draft)]);
  ids = blockIds(base.doc);

  // The round starts from the seeded text; Germany's amendment to PP1 is accepted; the Chair
  // types in OP1; the round is published; then the Chair types again (the live text).
  await server.versions.ensureStartVersion(zeroDraft, '2023-12-05T08:00:00.000Z');
  await typeInto(draft, ids.PP1!, 0, 'Firmly ');
  const submitted = await fetch(`${server.url}/api/documents/declaration/amendments`, {
    method: 'POST',
    headers: { cookie: cookies.get('germany')!, 'content-type': 'application/json' },
    body: JSON.stringify({ blockIds: [ids.PP1!], justification: 'Stronger.', language: 'en' }),
  });
  expect(submitted.status).toBe(201);
  amendment = ((await submitted.json()) as { amendments: Amendment[] }).amendments[0]!;
  const accepted = await fetch(`${server.url}/api/amendments/${amendment.id}/decision`, {
    method: 'POST',
    headers: { cookie: cookies.get('turkiye')!, 'content-type': 'application/json' },
    body: JSON.stringify({ decision: 'accept' }),
  });
  expect(accepted.status).toBe(200);
  await waitFor(() => textOfBlock(base.doc, ids.PP1!)!.startsWith('Firmly '), 'the acceptance');
  await typeInto(base, ids.OP1!, 0, 'Resolutely ');
  await server.versions.publish(zeroDraft, '2024-02-15T17:00:00.000Z', null);
  await typeInto(base, ids.OP1!, 0, 'Later ');
  await removeParagraph(base, ids.PP3!);
  await waitFor(() => textOfBlock(base.doc, ids.OP1!)!.startsWith('Later '), 'the edit');
});

afterAll(async () => {
  base?.destroy();
  draft?.destroy();
  await server?.close();
  if (!process.env.KEEP_EXPORTS) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('EX revision exports on a real server', () => {
  it('EX2 EX3 EX6 the .docx files open in LibreOffice: the tracked one with every change by its delegation or role, the clean one with none', async () => {
    const query = 'from=start-zero-draft&to=live';
    const [tracked, clean] = await Promise.all([
      download('pakistan', 'revision.docx', query),
      download('pakistan', 'revision-clean.docx', query),
    ]);
    expect(tracked.status).toBe(200);
    expect(tracked.type).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(tracked.disposition).toBe(
      'attachment; filename="declaration-start-zero-draft-to-live.docx"',
    );
    expect(clean.disposition).toBe(
      'attachment; filename="declaration-start-zero-draft-to-live-clean.docx"',
    );
    const read = await viaLibreOffice({ tracked: tracked.bytes, clean: clean.bytes });
    const regions = changedRegions(read.tracked!);
    const number = `A${amendment.number}`;
    // Germany's words in PP1, PP3 deleted whole by the Chair (label and text), the Chair's in OP1.
    expect(
      regions.map(({ kind, author, text }) => ({ kind, author, text: text.slice(0, 30) })),
    ).toEqual([
      { kind: 'insertion', author: `Germany (${number})`, text: 'Firmly ' },
      { kind: 'deletion', author: 'Chair (Türkiye)', text: 'PP3Recognising the unique role' },
      { kind: 'insertion', author: 'Chair (Türkiye)', text: 'Later Resolutely ' },
    ]);
    for (const r of regions) expect(r.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    expect(read.tracked).toContain('LIMITE');
    expect(read.tracked).toContain('PP1');

    // The clean file: the same words, no tracked change, no author anywhere.
    expect(read.clean).not.toContain('<text:changed-region');
    // (The declaration's own words name Türkiye and the Chair: authors are looked for as authors.)
    expect(read.clean).not.toMatch(/<dc:creator>|<meta:initial-creator>|Germany \(A|Accord/);
    expect(read.clean).toContain('Firmly ');
    expect(read.clean).toContain('Later Resolutely ');
    expect(read.clean).not.toContain('Recognising the unique role');
    expect(read.clean).toContain('LIMITE');
    const core = await (
      await JSZip.loadAsync(clean.bytes)
    )
      .file('docProps/core.xml')!
      .async('string');
    expect(core).not.toMatch(/<dc:creator>[^<]|<cp:lastModifiedBy>[^<]/);
  });

  it('EX4 EX5 the redline page and its PDF name each change’s author; the PDF has LIMITE on every page', async () => {
    const html = await download('germany', 'revision.html', 'from=zero-draft&to=live');
    expect(html.status).toBe(200);
    expect(html.type).toBe('text/html; charset=utf-8');
    const page = new TextDecoder().decode(html.bytes);
    expect(page).toMatch(/<ins title="Inserted by Chair \(Türkiye\), [^"]+"[^>]*>Later <\/ins>/);
    expect(page).toContain('Revision: Zero draft (2024-02-15) → Live text');

    const pdf = await download('germany', 'revision.pdf', 'from=start-zero-draft&to=zero-draft');
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.disposition).toBe(
      'attachment; filename="declaration-start-zero-draft-to-zero-draft.pdf"',
    );
    const file = path.join(tmp, 'revision.pdf');
    fs.writeFileSync(file, pdf.bytes);
    const info = (await run('pdfinfo', [file])).stdout;
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    // The seeded declaration takes a few A4 pages.
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pages).toBeLessThanOrEqual(12);
    const text = (await run('pdftotext', ['-layout', file, '-'])).stdout;
    const perPage = text.split('\f').filter((p) => p.trim() !== '');
    expect(perPage).toHaveLength(pages);
    for (const p of perPage) expect(p).toContain('LIMITE');
    expect(text).toContain('Zero draft');
    expect(text).toMatch(/Germany \(A\d+\)/);
    expect(text).toContain('Chair (Türkiye)');
    expect(text).toMatch(/PP1\s+Firmly/);
    expect(text).not.toContain('Later');

    // The server keeps the Chromium it started for that PDF: the next ones, two at once, are
    // printed by it (each in a context of its own), and the server's close stops it.
    const more = await Promise.all(
      ['germany', 'pakistan'].map((user) =>
        download(user, 'revision.pdf', 'from=zero-draft&to=live'),
      ),
    );
    for (const next of more) {
      expect(next.status).toBe(200);
      expect(new TextDecoder().decode(next.bytes.subarray(0, 5))).toBe('%PDF-');
    }
    expect(server.pdf.launches).toBe(1);
  });

  it('EX5 without Chromium the PDF is a 503 that says so, and the other files are served', async () => {
    const bare = await startTestServer({
      calendar: 'none',
      pdf: { chromium: '/nonexistent/chromium' },
    });
    try {
      const cookie = await signIn(bare, 'pakistan');
      const pdf = await fetch(
        `${bare.url}/api/documents/declaration/exports/revision.pdf?from=nowhere&to=live`,
        { headers: { cookie } },
      );
      // A bad version is named first: nothing is printed for a request that cannot be answered.
      expect(pdf.status).toBe(400);
      await bare.versions.ensureStartVersion(zeroDraft, '2023-12-05T08:00:00.000Z');
      const refused = await fetch(
        `${bare.url}/api/documents/declaration/exports/revision.pdf?from=start-zero-draft&to=live`,
        { headers: { cookie } },
      );
      expect(refused.status).toBe(503);
      expect(((await refused.json()) as { error: string }).error).toMatch(
        /needs Chromium, which is not installed at \/nonexistent\/chromium/,
      );
      expect(bare.pdf.launches).toBe(0);
    } finally {
      await bare.close();
    }
  });

  it('EX6 a bad request is named: 400 for a missing or unknown version, 404 for an unknown document', async () => {
    const cases: [string, string, number, RegExp][] = [
      ['declaration', 'to=live', 400, /"from"/],
      ['declaration', 'from=nowhere&to=live', 400, /no version "nowhere"/],
      ['declaration', 'from=zero-draft&to=nowhere', 400, /"to".*"nowhere"/],
      ['nowhere', 'from=zero-draft&to=live', 404, /no document "nowhere"/],
    ];
    for (const [doc, query, status, message] of cases) {
      const res = await fetch(`${server.url}/api/documents/${doc}/exports/revision.docx?${query}`, {
        headers: { cookie: cookies.get('pakistan')! },
      });
      expect(res.status, query).toBe(status);
      expect(((await res.json()) as { error: string }).error).toMatch(message);
    }
    const anonymous = await fetch(
      `${server.url}/api/documents/declaration/exports/revision.pdf?from=zero-draft&to=live`,
    );
    expect(anonymous.status).toBe(401);
  });
});
