import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Start → /readyz 200 and idle RSS of a Gatehouse start command, for the README's before/after table:
 *   npx tsx scripts/measure-start.ts -- node dist/adapters/main.js
 *   npx tsx scripts/measure-start.ts -- npx tsx adapters/main.ts
 * RSS is summed over the started process and its descendants (tsx starts a second node), 5 s after ready;
 * CPU time to ready is printed too, since wall time on a shared machine depends on its load.
 */
const args = process.argv.slice(process.argv.indexOf('--') + 1);
const runs = Number(process.env.RUNS ?? 3);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function children(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry), ...children(Number(entry)));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

function rssMiB(pid: number): number {
  const kb = [pid, ...children(pid)].reduce((sum, p) => {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      return sum + Number(m?.[1] ?? 0);
    } catch {
      return sum;
    }
  }, 0);
  return kb / 1024;
}

/** CPU time (user + system) the process tree has used, in ms: start cost that does not depend on load. */
function cpuMs(pid: number): number {
  const ticks = [pid, ...children(pid)].reduce((sum, p) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return sum + Number(fields[11]) + Number(fields[12]);
    } catch {
      return sum;
    }
  }, 0);
  return ticks * 10; // USER_HZ is 100 on Linux
}

async function once(): Promise<{ readyMs: number; cpu: number; rss: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-measure-'));
  const port = await freePort();
  const started = performance.now();
  const child = spawn(args[0]!, args.slice(1), {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      POLICY_FILE: join(process.cwd(), 'policy.example.yaml'),
      STORE_URL: `sqlite://${join(dir, 'gatehouse.sqlite')}`,
      LOG_LEVEL: 'warn',
    },
    stdio: 'inherit',
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (performance.now() - started > 30_000) throw new Error('not ready after 30 s');
      await sleep(10);
    }
    const readyMs = performance.now() - started;
    const cpu = cpuMs(child.pid!);
    await sleep(5000);
    return { readyMs, cpu, rss: rssMiB(child.pid!) };
  } finally {
    for (const pid of [...children(child.pid!), child.pid!].reverse()) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {}
    }
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = [];
for (let i = 0; i < runs; i++) results.push(await once());
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  JSON.stringify({
    command: args.join(' '),
    readyMs: Math.round(median(results.map((r) => r.readyMs))),
    cpuMs: Math.round(median(results.map((r) => r.cpu))),
    rssMiB: Math.round(median(results.map((r) => r.rss))),
    runs: results.map((r) => ({ readyMs: Math.round(r.readyMs), cpuMs: r.cpu, rssMiB: Math.round(r.rss) })),
  }),
);
