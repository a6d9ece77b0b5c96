/**
 * Fails when the project's TypeScript modules import each other in a cycle. Part of
 * `npm run lint`: cycles make initialisation order fragile and blur module boundaries.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOTS = ['shared/src', 'server/src', 'client/src', 'scripts'];
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g;

function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : files(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

function resolve(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec.replace(/\.js$/, ''));
  for (const candidate of [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

const graph = new Map<string, string[]>();
for (const file of ROOTS.flatMap((r) => files(path.resolve(r)))) {
  const source = fs.readFileSync(file, 'utf8');
  const deps: string[] = [];
  for (const m of source.matchAll(IMPORT)) {
    const target = m[1] ? resolve(file, m[1]) : null;
    if (target) deps.push(target);
  }
  graph.set(file, deps);
}

const state = new Map<string, 'visiting' | 'done'>();
const cycles: string[][] = [];
function visit(node: string, stack: string[]): void {
  state.set(node, 'visiting');
  for (const dep of graph.get(node) ?? []) {
    if (state.get(dep) === 'visiting') cycles.push([...stack.slice(stack.indexOf(dep)), dep]);
    else if (!state.has(dep)) visit(dep, [...stack, dep]);
  }
  state.set(node, 'done');
}
for (const node of graph.keys()) if (!state.has(node)) visit(node, [node]);

if (cycles.length > 0) {
  for (const c of cycles)
    console.error(`import cycle: ${c.map((f) => path.relative('.', f)).join(' → ')}`);
  process.exit(1);
}
console.log(`no import cycles in ${graph.size} modules`);
