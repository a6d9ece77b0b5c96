// The export command's work (issue 10): scripts/export.ts is its command line; tests call
// `runExport` in-process, so only the command line itself needs a process of its own.
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import {
  COMPILATION_LAYOUTS,
  currentRound,
  isFinalText,
  type CompilationLayout,
  type Round,
} from '@accord/shared';
import {
  consoleLogger,
  isRefusal,
  configFromEnv,
  openSqliteStorage,
  systemClock,
  type Storage,
} from '../server/src/index.js';
import type { Room } from '../server/src/collab/Room.js';
import { VersionService } from '../server/src/versions/VersionService.js';
import { RoundLabelService } from '../server/src/labels/RoundLabelService.js';
import type { RoundsView } from '../server/src/rounds/RoundsView.js';
import {
  compilationExport,
  liveTextFrom,
  type CompilationExportRequest,
} from '../server/src/exports/compilation.js';
import { revisionExport, type RevisionFormat } from '../server/src/exports/revision.js';
import { PdfPrinter } from '../server/src/exports/revisionPdf.js';

/** How the command is used (printed with a usage error). */
export const USAGE = `usage: npm run export -- <kind> --document <id> [options]
kinds:
  revision-docx | revision-clean-docx | revision-html | revision-pdf   --from <version> --to <version|live>
  compilation-docx | compilation-html                                  [--layout list|two-column]
  amendments-csv | amendments-json
  akn                                                                  --version <version>
options: --out <file>  --data-dir <dir> (default ACCORD_DATA_DIR, else the server's data/)`;

const REVISION_KINDS: Record<string, RevisionFormat> = {
  'revision-docx': 'docx',
  'revision-clean-docx': 'clean-docx',
  'revision-html': 'html',
  'revision-pdf': 'pdf',
};
const COMPILATION_KINDS = ['compilation-docx', 'compilation-html'] as const;
const DATA_KINDS = ['amendments-csv', 'amendments-json'] as const;
const OPTIONS = ['document', 'from', 'to', 'version', 'layout', 'out', 'data-dir'] as const;
type Option = (typeof OPTIONS)[number];

/** A usage error: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/** The kind and the `--name value` options; anything else is a usage error. */
function parseArgs(argv: readonly string[]): { kind: string; options: Map<Option, string> } {
  const [kind, ...rest] = argv;
  if (kind === undefined || kind.startsWith('-')) throw new UsageError('name the kind of export');
  const options = new Map<Option, string>();
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i]!;
    const name = flag.replace(/^--/, '') as Option;
    if (!flag.startsWith('--') || !OPTIONS.includes(name))
      throw new UsageError(`unknown argument "${flag}"`);
    const value = rest[i + 1];
    if (value === undefined || value.startsWith('--'))
      throw new UsageError(`${flag} needs a value`);
    options.set(name, value);
  }
  return { kind, options };
}

function required(options: Map<Option, string>, name: Option, kind: string): string {
  const value = options.get(name);
  if (value === undefined) throw new UsageError(`${kind} needs --${name}`);
  return value;
}

/** The rounds as stored, read once: the command line sees the negotiation as it stands. */
function roundsView(rounds: readonly Round[]): RoundsView {
  return {
    list: () => rounds,
    current: () => currentRound(rounds),
    lastPublished: () => rounds.findLast((r) => r.phase === 'published') ?? null,
    isFinal: () => isFinalText(rounds),
    onChange: () => () => undefined,
  };
}

/**
 * Documents read straight from the store, as the server would load them: the snapshot and the
 * updates after it. The services only read `doc` and wait for `settled` (nothing is in flight).
 */
function storeDocuments(storage: Storage) {
  return {
    async readDocument<T>(documentId: string, read: (room: Room) => T | Promise<T>): Promise<T> {
      const stored = await storage.documents.loadDocument(documentId);
      const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
      const doc = new Y.Doc({ gc: false });
      if (parts.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(parts));
      const room = { doc, settled: () => Promise.resolve() };
      try {
        // Only these two members are read by the services the command line builds.
        return await read(room as unknown as Room);
      } finally {
        doc.destroy();
      }
    },
  };
}

export async function runExport(argv: readonly string[]): Promise<string> {
  const { kind, options } = parseArgs(argv);
  const documentId = required(options, 'document', kind);
  const dataDir = path.resolve(options.get('data-dir') ?? configFromEnv(process.env).dataDir);
  if (!fs.existsSync(path.join(dataDir, 'accord.sqlite')))
    throw new UsageError(`no Accord data in "${dataDir}" (accord.sqlite is missing)`);

  const storage = openSqliteStorage(dataDir, { clock: systemClock });
  // Its own Chromium, started only if a PDF is printed, stopped before the command exits.
  const pdf = new PdfPrinter();
  try {
    const rounds = roundsView(await storage.rounds.list());
    const rooms = storeDocuments(storage);
    const logger = consoleLogger;
    let labels: RoundLabelService | null = null;
    const versions = new VersionService({
      versions: storage.versions,
      documents: storage.documents,
      amendments: storage.amendments,
      directory: storage.directory,
      audit: storage.audit,
      clock: systemClock,
      rooms,
      keptLabels: (roundId, id) => storage.labels.kept(roundId, id),
      labeller: (id) => labels!.labeller(id),
    });
    labels = new RoundLabelService({
      rounds,
      start: versions,
      store: storage.labels,
      rooms,
      documents: storage.documents,
      clock: systemClock,
      logger,
    });
    const labelService = labels;

    let file;
    const revision = REVISION_KINDS[kind];
    if (revision) {
      file = await revisionExport(
        {
          versions,
          documents: storage.documents,
          directory: storage.directory,
          clock: systemClock,
          pdf,
          texts: {
            versions: storage.versions,
            liveText: liveTextFrom(rooms, (id) => labelService.labeller(id)),
          },
        },
        {
          documentId,
          from: required(options, 'from', kind),
          to: required(options, 'to', kind),
          format: revision,
        },
      );
    } else {
      let request: CompilationExportRequest;
      if ((COMPILATION_KINDS as readonly string[]).includes(kind)) {
        const layout = options.get('layout') ?? 'list';
        if (!(COMPILATION_LAYOUTS as readonly string[]).includes(layout))
          throw new UsageError(`--layout must be ${COMPILATION_LAYOUTS.join(' or ')}`);
        request = {
          documentId,
          format: kind as (typeof COMPILATION_KINDS)[number],
          layout: layout as CompilationLayout,
        };
      } else if ((DATA_KINDS as readonly string[]).includes(kind)) {
        request = { documentId, format: kind as (typeof DATA_KINDS)[number] };
      } else if (kind === 'akn') {
        request = { documentId, format: 'akn', versionId: required(options, 'version', kind) };
      } else {
        throw new UsageError(`unknown kind "${kind}"`);
      }
      file = await compilationExport(
        {
          documents: storage.documents,
          amendments: storage.amendments,
          directory: storage.directory,
          versions: storage.versions,
          rounds,
          liveText: liveTextFrom(rooms, (id) => labelService.labeller(id)),
          clock: systemClock,
        },
        request,
      );
    }
    await labelService.stop();
    if (isRefusal(file)) throw new Error(file.message);
    const out = path.resolve(options.get('out') ?? file.filename);
    fs.writeFileSync(out, file.bytes);
    return out;
  } finally {
    await pdf.close();
    await storage.close();
  }
}
