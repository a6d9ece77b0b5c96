// `npm run fuzz`: the convergence fuzz over many seeds. Each seed runs twice over: in memory
// (MemoryHub: delivery decided by the seed alone, so a failure replays exactly, about 0.5 s a
// seed) and through a real server on 127.0.0.1 (sockets, pauses, a restart; a few seconds a
// seed). Failing seeds are listed with the command that replays them.
import { parseArgs } from 'node:util';
import { runConvergence } from '../tests/fuzz/runConvergence.js';
import { runMemoryConvergence } from '../tests/fuzz/runMemoryConvergence.js';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '20' },
    from: { type: 'string' },
    steps: { type: 'string', default: '150' },
    memory: { type: 'boolean', default: false },
    server: { type: 'boolean', default: false },
    jitter: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(`npm run fuzz -- [--seeds N] [--from SEED] [--steps N] [--memory | --server] [--jitter]
  --seeds   how many seeds (default 20), from --from (default: a random one, printed)
  --steps   steps per seed (default 150)
  --memory  only the in-memory runs; --server only the real-server runs
  --jitter  short random pauses in the server runs, so deliveries land between edits`);
  process.exit(0);
}

/** A whole number from a flag, or a clear stop. */
function count(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number, not ${raw}`);
    process.exit(2);
  }
  return n;
}

const seeds = count('seeds', values.seeds, 20);
const from = count('from', values.from, Math.floor(Math.random() * 1_000_000));
const steps = count('steps', values.steps, 150);
const both = !values.memory && !values.server;
const failures: string[] = [];
console.log(`convergence fuzz: seeds ${from}..${from + seeds - 1}, ${steps} steps each`);

for (let seed = from; seed < from + seeds; seed++) {
  if (both || values.memory) {
    const started = Date.now();
    const r = runMemoryConvergence({ seed, steps });
    const ok = r.problems.length === 0;
    console.log(
      `memory seed ${seed}: ${ok ? 'ok' : 'FAIL'} ${r.edits} edits ${Date.now() - started} ms`,
    );
    if (!ok) {
      for (const p of r.problems.slice(0, 5)) console.log(`  ${p.slice(0, 300)}`);
      failures.push(
        `memory seed ${seed}: ${r.problems[0]?.slice(0, 160) ?? ''}\n    replay: npm run fuzz -- ` +
          `--memory --from ${seed} --seeds 1 --steps ${steps}`,
      );
    }
  }
  if (both || values.server) {
    const r = await runConvergence({ seed, steps, jitter: values.jitter });
    const ok = r.problems.length === 0;
    console.log(
      `server seed ${seed} (${r.room}): ${ok ? 'ok' : 'FAIL'} ${r.edits} edits, ` +
        `${r.disconnects} disconnects, ${r.ms} ms`,
    );
    if (!ok) {
      for (const p of r.problems.slice(0, 5)) console.log(`  ${p.slice(0, 300)}`);
      failures.push(
        `server seed ${seed}: ${r.problems[0]?.slice(0, 160) ?? ''}\n    replay: SEED=${seed} ` +
          `STEPS=${steps}${values.jitter ? ' JITTER=1' : ''} npx vitest run tests/integration/convergence.test.ts`,
      );
    }
  }
}

if (failures.length > 0) {
  console.log(`\n${failures.length} failing:\n${failures.map((f) => `  ${f}`).join('\n')}`);
  process.exit(1);
}
console.log('\nall seeds converged');
