// Exports from a data folder without a running server (issue 10, README "Interfaces"):
//
//   npm run export -- <kind> --document <id> [--from <version> --to <version|live>]
//                    [--version <version>] [--layout list|two-column] [--out <file>]
//                    [--data-dir <dir>]
//
// Kinds: revision-docx, revision-clean-docx, revision-html, revision-pdf (need --from and --to),
// compilation-docx, compilation-html (optional --layout), amendments-csv, amendments-json, akn
// (needs --version). The file is written to --out, or under its own name in the current folder.
// It runs the same code as the routes, on the SQLite store of --data-dir (default
// ACCORD_DATA_DIR, else the server's data folder): the texts are read from the store; labels given to new blocks
// during the round are kept there as the server keeps them (SL8), nothing else is written.
import { runExport, UsageError, USAGE } from './exportCommand.js';

runExport(process.argv.slice(2)).then(
  (out) => {
    process.stdout.write(`${out}\n`);
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n${USAGE}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`export failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    }
  },
);
