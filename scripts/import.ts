// Imports a declaration text (such as seed 003) and shows what the importer made of it, so a
// secretariat can check a new draft before it is seeded:
//
//   npm run import -- <path-to-text> [--json]
//
// Without --json it prints, per document, the counts of each kind of block and the derived
// labels in document order; with --json the two documents as ProseMirror JSON. A text the
// importer cannot place prints `file:line: reason` on stderr and exits 1.
import fs from 'node:fs';
import type { Node } from 'prosemirror-model';
import {
  importDeclaration,
  ImportError,
  deriveLabels,
  type ImportedDocument,
} from '@accord/shared';

const USAGE = 'usage: npm run import -- <path-to-text> [--json]';

function summary(imported: ImportedDocument): string {
  const { doc } = imported;
  const counts = { preambular: 0, operative: 0, goal: 0, action: 0, footnote: 0, list_item: 0 };
  doc.descendants((node) => {
    if (node.type.name in counts) counts[node.type.name as keyof typeof counts]++;
    return true;
  });
  const hasChapeau = doc.childCount > 1 && doc.child(1).type.name === 'chapeau';
  const labels = deriveLabels(doc);
  const lines = [
    imported.title,
    `  chapeau: ${hasChapeau ? 'yes' : 'no'}, preambular paragraphs: ${counts.preambular}, ` +
      `operative paragraphs: ${counts.operative}, list items: ${counts.list_item}, ` +
      `goals: ${counts.goal}, action points: ${counts.action}, footnotes: ${counts.footnote}`,
  ];
  const excerpt = (node: Node) => {
    // A goal's text is its title; a paragraph's is its body (its list items have their own line).
    const text = (node.firstChild?.isTextblock ? node.firstChild : node).textContent;
    return text.length > 70 ? `${text.slice(0, 70)}…` : text;
  };
  doc.descendants((node) => {
    const id = node.attrs.id as string | null | undefined;
    const label = id ? labels.get(id) : undefined;
    if (label) lines.push(`  ${label.short.padEnd(9)} ${excerpt(node)}`);
    return true;
  });
  return lines.join('\n');
}

function main(argv: string[]): number {
  const json = argv.includes('--json');
  const rest = argv.filter((a) => a !== '--json');
  const file = rest[0];
  if (rest.length !== 1 || file === undefined || file.startsWith('-')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    process.stderr.write(`${file}: ${(err as Error).message}\n`);
    return 1;
  }
  try {
    const { declaration, callForAction } = importDeclaration(text);
    if (json) {
      const out = [declaration, callForAction].map((d) => ({
        title: d.title,
        doc: d.doc.toJSON() as unknown,
      }));
      process.stdout.write(
        `${JSON.stringify({ declaration: out[0], callForAction: out[1] }, null, 2)}\n`,
      );
    } else {
      process.stdout.write(`${summary(declaration)}\n\n${summary(callForAction)}\n`);
    }
    return 0;
  } catch (err) {
    if (err instanceof ImportError) {
      process.stderr.write(`${file}:${err.line}: ${err.reason}\n`);
      return 1;
    }
    throw err;
  }
}

process.exitCode = main(process.argv.slice(2));
