// Summarises a V8 CPU profile (node --cpu-prof, e.g. from `npm run bench -- --cpu-prof DIR`):
//
//   npx tsx scripts/bench/profileTop.ts FILE.cpuprofile [--from FUNCTION] [--top 25]
//
// prints the functions with the most self time and with the most total (inclusive) time, in ms
// and % of the samples counted. `--from` counts only the samples from the first one whose
// stack holds FUNCTION on (e.g. `upgrade` for a join after a restart, skipping start-up).
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url ? path.basename(url.replace(/\?.*$/, '')) : '';
  return `${functionName || '(anonymous)'} ${file}${file ? `:${lineNumber + 1}` : ''}`;
}

function main(): void {
  // Piped into `head`, the pipe closes early: that ends the output, not in an error.
  process.stdout.on('error', () => process.exit(0));
  const argv = process.argv.slice(2);
  const file = argv.find((a) => !a.startsWith('--'));
  const flag = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  if (!file) {
    process.stderr.write('usage: profileTop.ts FILE.cpuprofile [--from FUNCTION] [--top N]\n');
    process.exitCode = 2;
    return;
  }
  const from = flag('from');
  const top = Number(flag('top') ?? 25);
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stackOf = (id: number) => {
    const stack: ProfileNode[] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const node = byId.get(cur);
      if (node) stack.push(node);
    }
    return stack;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let counted = 0;
  let started = from === undefined;
  profile.samples.forEach((id, i) => {
    // A sample's duration is the delta to the next one.
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const stack = stackOf(id);
    if (!started && stack.some((n) => n.callFrame.functionName === from)) started = true;
    if (!started) return;
    const leaf = stack[0];
    if (!leaf) return;
    counted += ms;
    self.set(label(leaf), (self.get(label(leaf)) ?? 0) + ms);
    for (const name of new Set(stack.map(label))) total.set(name, (total.get(name) ?? 0) + ms);
  });
  const print = (title: string, map: Map<string, number>) => {
    process.stdout.write(`${title}\n`);
    for (const [name, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      process.stdout.write(
        `  ${ms.toFixed(1).padStart(8)} ms ${((100 * ms) / counted).toFixed(1).padStart(5)} %  ${name}\n`,
      );
    }
  };
  process.stdout.write(`${counted.toFixed(0)} ms of samples${from ? ` from ${from}` : ''}\n`);
  print('self time:', self);
  print('total time:', total);
}

main();
