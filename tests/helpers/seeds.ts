import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The seed documents this repo is tested against (0-4: summaries, the 2024 draft, the factsheet). */
export type SeedPrefix = '000' | '001' | '002' | '003' | '004';

/**
 * Where the seed texts live: `ACCORD_SEEDS_DIR`, or the read-only folder next to the repo. The
 * seeds are never copied into the repo, so tests read them from here.
 */
export function seedsDir(): string {
  return process.env.ACCORD_SEEDS_DIR ?? path.resolve(REPO_ROOT, '../shared/seeds');
}

/**
 * Reads the seed whose file name starts with `prefix` (e.g. "003_95de54354ace6ec6.txt").
 * Throws a clear error when it is missing or ambiguous: a test that needs a seed must fail, not
 * skip, so a misconfigured machine cannot pass the importer tests without running them.
 */
export function readSeed(prefix: SeedPrefix): string {
  const dir = seedsDir();
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (err) {
    throw new Error(
      `seed ${prefix}: cannot read the seeds folder ${dir} (${(err as Error).message}); set ACCORD_SEEDS_DIR`,
    );
  }
  const matches = names.filter((name) => name.startsWith(prefix)).sort();
  if (matches.length !== 1) {
    throw new Error(
      matches.length === 0
        ? `seed ${prefix}: no file starting with "${prefix}" in ${dir}; set ACCORD_SEEDS_DIR`
        : `seed ${prefix}: several files start with "${prefix}" in ${dir}: ${matches.join(', ')}`,
    );
  }
  return fs.readFileSync(path.join(dir, matches[0]!), 'utf8');
}
