import { type ChildProcess, fork, type Serializable } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';

/** What a bench child sends once it listens (servers) or has a result (load, store). */
export type ChildMessage = { type: 'ready'; url: string } | { type: 'result'; data: unknown };

export interface Child {
  process: ChildProcess;
  /** ms from fork to ready: the child's "ready" message, or the first 200 from `readyPath`. */
  startedMs: number;
  url: string;
  /** The child's resident set size now, in bytes (from /proc). */
  rss(): number;
  /** Send a request and wait for the child's result. */
  ask<T>(message: Serializable): Promise<T>;
  stop(): Promise<void>;
}

const here = (file: string) => fileURLToPath(new URL(`../${file}`, import.meta.url));

function next(child: ChildProcess, type: ChildMessage['type']): Promise<ChildMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: ChildMessage) => {
      if (m?.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m);
    };
    const onExit = (code: number | null) =>
      reject(new Error(`bench child exited (${code}) before "${type}"`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * Fork a bench program (a path under bench/) in its own process, with tsx unless `execArgv` says otherwise
 * (Gatehouse itself runs from its production build, as `npm start` runs it), so a server and the load that
 * drives it never share an event loop.
 */
export async function startChild(
  file: string,
  env: Record<string, string> = {},
  options: { port?: number; readyPath?: string; execArgv?: string[] } = {},
): Promise<Child> {
  const started = performance.now();
  const child = fork(here(file), [], {
    execArgv: options.execArgv ?? ['--import', 'tsx'],
    env: { ...process.env, ...env },
    // CHILD_OUT=1 shows the children's stdout (Gatehouse's log lines), to see what a run did.
    stdio: ['ignore', process.env.CHILD_OUT ? 'inherit' : 'ignore', 'inherit', 'ipc'],
  });
  let url: string;
  if (options.readyPath && options.port) {
    url = `http://127.0.0.1:${options.port}`;
    await pollReady(`${url}${options.readyPath}`, child);
  } else url = ((await next(child, 'ready')) as { url: string }).url;
  const startedMs = performance.now() - started;
  return {
    process: child,
    startedMs,
    url,
    rss() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) * 1024;
    },
    async ask<T>(message: Serializable) {
      const reply = next(child, 'result');
      child.send(message);
      return ((await reply) as { data: T }).data;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        // Already gone: exited, or killed by a signal (then exitCode stays null).
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

async function pollReady(url: string, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`bench child exited (${child.exitCode}) before ${url} answered`);
    try {
      const res = await request(url);
      await res.body.text();
      if (res.statusCode === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A free TCP port on 127.0.0.1 (for a child that takes PORT from its environment). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
