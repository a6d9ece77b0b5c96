import { execFile } from 'node:child_process';
import { runExport, UsageError } from '../../scripts/exportCommand.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ROUNDS, amendmentsExportSchema, type Amendment, type Round } from '@accord/shared';
import { SignedInServer, collabUrl } from '../helpers/server.js';
import { stockClient, synced, type StockClient } from '../helpers/yclient.js';
import { api, blockIds, insertParagraph, submit, typeInto } from '../helpers/amendments.js';
import { aknErrors } from '../helpers/akn.js';

// The compilation, data and Akoma Ntoso exports on a real server with the seeds (issue 10,
// SPEC EC): Germany and Pakistan propose the same words for OP1 (one entry, both names),
// Germany proposes a new paragraph after OP2, Bulgaria objects; the files are downloaded as a
// reader gets them, the Word files opened by headless LibreOffice, the Akoma Ntoso file checked
// against the OASIS schema; and the command line writes the same files from the data folder.

const run = promisify(execFile);
const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

let world: SignedInServer;
const clients: StockClient[] = [];
let B: Record<string, string> = {};
let germanyOp1: Amendment;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-compilation-'));
const [zeroDraft] = DEFAULT_ROUNDS as [Round];

async function connect(room: string, user: string): Promise<StockClient> {
  const c = stockClient(collabUrl(world.server), room, world.cookie(user));
  clients.push(c);
  await synced(c);
  return c;
}

/** A download as `user` gets it (no user: not signed in). */
async function download(user: string | null, url: string) {
  const res = await fetch(`${world.server.url}${url}`, {
    headers: user ? { cookie: world.cookie(user) } : {},
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
    bytes,
    // The byte-order mark is kept, so the test sees what Excel sees.
    text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes),
  };
}

/** Word files converted to plain text by headless LibreOffice (one start for all). */
async function viaLibreOffice(files: Record<string, Uint8Array>): Promise<Record<string, string>> {
  const inputs = Object.entries(files).map(([name, bytes]) => {
    const file = path.join(tmp, `${name}.docx`);
    fs.writeFileSync(file, bytes);
    return file;
  });
  await run(
    'soffice',
    [
      `-env:UserInstallation=file://${path.join(tmp, 'lo-profile')}`,
      '--headless',
      '--convert-to',
      'txt:Text (encoded):UTF8',
      '--outdir',
      tmp,
      ...inputs,
    ],
    { timeout: 90_000 },
  );
  return Object.fromEntries(
    Object.keys(files).map((name) => [
      name,
      fs.readFileSync(path.join(tmp, `${name}.txt`), 'utf8'),
    ]),
  );
}

/** Runs `npm run export -- …` as a user would, against the server's data folder. */
/** The command line itself, in a process of its own (its output and exit code). */
function cli(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'scripts/export.ts', ...args], {
    cwd: REPO,
    timeout: 90_000,
  });
}

beforeAll(async () => {
  world = await SignedInServer.start(['germany', 'pakistan', 'turkiye', 'bulgaria']);
  const germany = await connect('declaration/draft', 'germany');
  const pakistan = await connect('declaration/draft', 'pakistan');
  const chair = await connect('declaration', 'turkiye');
  B = blockIds(chair.doc);
  // The text as the round starts from it: the Akoma Ntoso export is of a version.
  await world.server.versions.ensureStartVersion(zeroDraft, '2023-12-05T08:00:00.000Z');

  await typeInto(germany, B.OP1!, 0, 'Firmly ');
  const g = await submit(world, 'germany', { blockIds: [B.OP1!] }, 'Stronger, and "clearer".');
  expect(g.status, JSON.stringify(g.body)).toBe(201);
  germanyOp1 = g.body.amendments[0]!;
  await typeInto(pakistan, B.OP1!, 0, 'Firmly ');
  const p = await submit(world, 'pakistan', { blockIds: [B.OP1!] }, 'Same.');
  expect(p.status, JSON.stringify(p.body)).toBe(201);
  await insertParagraph(
    germany,
    B.OP2!,
    'Invite observers to the next meeting.',
    'gerNewOp',
    'operative',
  );
  const bis = await submit(world, 'germany', { blockIds: ['gerNewOp'] }, 'Openness.');
  expect(bis.status, JSON.stringify(bis.body)).toBe(201);
  expect(bis.body.amendments[0]!.label).toBe('OP2 bis');
  const objection = await api(
    world,
    'bulgaria',
    'POST',
    `/api/amendments/${germanyOp1.id}/position`,
    {
      position: 'object',
      reason: 'Too strong.',
    },
  );
  expect(objection.status).toBe(200);
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.destroy();
  await world?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const url = (file: string) => `/api/documents/declaration/exports/${file}`;

describe('EC1–EC7 compilation, data and Akoma Ntoso exports on a real server', () => {
  it('EC3 EC7 the compilation .docx (both layouts) opens in LibreOffice with the labels, names and LIMITE', async () => {
    const list = await download('pakistan', url('compilation.docx'));
    const columns = await download('pakistan', url('compilation.docx?layout=two-column'));
    expect([list.status, list.type, columns.status]).toEqual([200, DOCX, 200]);
    expect(list.disposition).toBe('attachment; filename="declaration-compilation.docx"');
    expect(columns.disposition).toBe(
      'attachment; filename="declaration-compilation-two-column.docx"',
    );
    const text = await viaLibreOffice({ list: list.bytes, columns: columns.bytes });
    for (const t of [text.list!, text.columns!]) {
      expect(t).toContain('LIMITE');
      expect(t).toContain('Live text');
      expect(t).toContain('Amendments 1, 2 (identical) — Germany, Pakistan');
      expect(t).toContain('Amendment 3 — Germany');
      expect(t).toContain('OP2 bis (new paragraph)');
      expect(t).toContain('Objections: Bulgaria (Too strong.)');
      expect(t).toContain('Or. en');
    }
    expect(text.list!.indexOf('OP1')).toBeLessThan(text.list!.indexOf('OP2 bis'));
    expect(text.columns).toContain('Current text');
    expect(text.columns).toContain('Amendment, justification, Or.');
  }, 120_000);

  it('EC2 the compilation as HTML, and a bad layout is 400', async () => {
    const html = await download('bulgaria', url('compilation.html?layout=two-column'));
    expect([html.status, html.type]).toEqual([200, 'text/html; charset=utf-8']);
    expect(html.text).toContain('<p class="limite">LIMITE</p>');
    expect(html.text).toContain('<h2>OP1</h2>');
    expect(html.text).toContain('<th scope="col">Current text</th>');
    const bad = await download('bulgaria', url('compilation.html?layout=table'));
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toEqual({ error: '"layout" must be list or two-column' });
  });

  it('EC4 amendments.csv: a byte-order mark, CRLF lines in document order, quoted fields', async () => {
    const csv = await download('pakistan', url('amendments.csv'));
    expect([csv.status, csv.type]).toEqual([200, 'text/csv; charset=utf-8']);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.text.slice(1).split('\r\n');
    expect(lines[0]!.startsWith('Classification,Version,Date,Number,Label,')).toBe(true);
    expect(lines).toHaveLength(5); // header, three amendments, the empty end
    expect(lines[1]).toContain(',1,OP1,modify,operative,Germany,');
    expect(lines[1]).toContain(',"Stronger, and ""clearer""."');
    expect(lines[3]).toContain(',3,OP2 bis,insert,operative,Germany,');
  });

  it('EC5 amendments.json: the records, read back by the shared schema', async () => {
    const json = await download('pakistan', url('amendments.json'));
    expect([json.status, json.type]).toEqual([200, 'application/json; charset=utf-8']);
    const file = amendmentsExportSchema.parse(JSON.parse(json.text));
    expect(file.classification).toBe('LIMITE');
    expect(file.amendments.map((a) => [a.number, a.label, a.delegationId])).toEqual([
      [1, 'OP1', 'germany'],
      [2, 'OP1', 'pakistan'],
      [3, 'OP2 bis', 'germany'],
    ]);
  });

  it('EC6 the Akoma Ntoso XML of a version validates against the OASIS schema', async () => {
    const akn = await download(
      'pakistan',
      '/api/documents/declaration/versions/start-zero-draft/akn.xml',
    );
    expect([akn.status, akn.type]).toEqual([200, 'application/akn+xml']);
    expect(await aknErrors(akn.text)).toEqual([]);
    expect(akn.text).toContain('<paragraph eId="para_op1"><num>OP1</num>');
    expect(akn.text).toContain('<docStage>Zero draft</docStage>');
    expect(akn.text).toContain('<p class="classification">LIMITE</p>');
  });

  it('EC7 an unknown document or version is 404, and a visitor without a session 401', async () => {
    expect((await download('pakistan', '/api/documents/nope/exports/amendments.csv')).status).toBe(
      404,
    );
    expect(
      (await download('pakistan', '/api/documents/declaration/versions/nope/akn.xml')).status,
    ).toBe(404);
    expect((await download(null, url('compilation.docx'))).status).toBe(401);
  });

  it('EC8 the command line writes the same exports from the data folder, without the server', async () => {
    // The command's work in-process (the same function the command line runs)…
    const at = (...args: string[]) => runExport([...args, '--data-dir', world.dataDir]);
    const json = path.join(tmp, 'cli-amendments.json');
    expect(await at('amendments-json', '--document', 'declaration', '--out', json)).toBe(json);
    const file = amendmentsExportSchema.parse(JSON.parse(fs.readFileSync(json, 'utf8')));
    expect(file.amendments.map((a) => a.label)).toEqual(['OP1', 'OP1', 'OP2 bis']);

    const xml = path.join(tmp, 'cli.akn.xml');
    await at('akn', '--document', 'declaration', '--version', 'start-zero-draft', '--out', xml);
    expect(await aknErrors(fs.readFileSync(xml, 'utf8'))).toEqual([]);

    const html = path.join(tmp, 'cli.html');
    await at(
      'compilation-html',
      '--document',
      'declaration',
      '--layout',
      'two-column',
      '--out',
      html,
    );
    expect(fs.readFileSync(html, 'utf8')).toContain(
      'Amendments 1, 2 (identical) — Germany, Pakistan',
    );

    // …and the command line itself, for a revision kind (the helper "revision"'s revisionExport).
    const redline = path.join(tmp, 'cli-revision.html');
    const out = await cli(
      'revision-html',
      '--document',
      'declaration',
      '--from',
      'start-zero-draft',
      '--to',
      'live',
      '--data-dir',
      world.dataDir,
      '--out',
      redline,
    );
    expect(out.stdout.trim()).toBe(redline);
    expect(fs.readFileSync(redline, 'utf8')).toContain('LIMITE');
  }, 120_000);

  it('EC8 the command line says what is wrong: usage errors exit 2, refusals 1', async () => {
    const usage = await cli('akn', '--document', 'declaration', '--data-dir', world.dataDir).catch(
      (err: { code: number; stderr: string }) => err,
    );
    expect(usage).toMatchObject({ code: 2 });
    expect((usage as { stderr: string }).stderr).toContain('akn needs --version');
    const unknown = runExport([
      'amendments-xml',
      '--document',
      'declaration',
      '--data-dir',
      world.dataDir,
    ]);
    await expect(unknown).rejects.toBeInstanceOf(UsageError);
    await expect(unknown).rejects.toThrow('unknown kind "amendments-xml"');
    const refused = runExport([
      'amendments-csv',
      '--document',
      'nope',
      '--data-dir',
      world.dataDir,
    ]);
    await expect(refused).rejects.not.toBeInstanceOf(UsageError);
    await expect(refused).rejects.toThrow('no document "nope"');
  }, 120_000);
});
