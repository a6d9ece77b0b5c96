/**
 * `npm run cluster`: two Accord processes on two ports (8081 and 8082 unless ACCORD_CLUSTER_PORTS
 * says otherwise), sharing the local PostgreSQL (ACCORD_DATABASE_URL, default the `accord`
 * database, created if missing) and Redis (ACCORD_REDIS_URL, default 127.0.0.1:6379). Open one
 * browser on each port and edit together; Ctrl-C stops both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';

const databaseUrl = process.env.ACCORD_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/accord';
const redisUrl = process.env.ACCORD_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ports = (process.env.ACCORD_CLUSTER_PORTS ?? '8081,8082').split(',').map(Number);

/** Creates the database when it does not exist yet (the server creates its tables itself). */
async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name))
    throw new Error(`database name must be lower-case letters, digits and _: "${name}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${name}`);
      console.log(`Created the PostgreSQL database "${name}".`);
    }
  } finally {
    await client.end();
  }
}

/** Starts one process and resolves once it answers /api/ready. */
async function startProcess(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    stdio: 'inherit',
    env: {
      ...process.env,
      PORT: String(port),
      ACCORD_DATABASE_URL: databaseUrl,
      ACCORD_REDIS_URL: redisUrl,
    },
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the process on port ${port} exited`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/ready`);
      if (res.ok) return child;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`the process on port ${port} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function main(): Promise<void> {
  await ensureDatabase(databaseUrl);
  const children: ChildProcess[] = [];
  const stop = () => {
    for (const child of children) child.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // The first seeds a fresh database and prints the demo accounts; the others find them stored.
  for (const port of ports) children.push(await startProcess(port));
  console.log(
    `\nAccord cluster: ${ports.map((p) => `http://localhost:${p}`).join(' and ')}\n` +
      'Open one browser on each. Ctrl-C stops every process.',
  );
  for (const child of children)
    child.on('exit', () => {
      if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(0);
    });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
