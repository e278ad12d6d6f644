import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDockerfile, type Stage } from './parse-dockerfile.ts';

/**
 * The Dockerfile's own build and runtime commands, run outside a container (no engine can pull a base image
 * here): every RUN runs as written in a temporary directory standing for the stage's WORKDIR, every COPY
 * copies what it names, and the runtime stage's CMD starts Gatehouse with the stage's ENV. Two RUN lines
 * stand in for something the host already has: `apt-get` (the host's toolchain) and `npm ci` (this
 * checkout's node_modules, installed by `npm ci` from the same package-lock.json, native sqlite3 build
 * included, which the image also builds once in its build stage and copies into the runtime stage).
 */
const repo = process.cwd();
const stages = parseDockerfile(readFileSync('Dockerfile', 'utf8'));
const build = stages.find((s) => s.name === 'build')!;
const runtime = stages.at(-1)!;
const hiddenLockBefore = readFileSync('node_modules/.package-lock.json', 'utf8');
const root = mkdtempSync(join(tmpdir(), 'gatehouse-image-'));
const dirOf = (stage: Stage) => join(root, stage.name);
/** A path inside a stage's filesystem, mapped into its temporary directory (only under its WORKDIR). */
function inStage(stage: Stage, path: string): string {
  const absolute = posix.resolve(stage.workdir, path);
  if (absolute !== stage.workdir && !absolute.startsWith(`${stage.workdir}/`))
    throw new Error(`${path} is outside ${stage.name}'s WORKDIR ${stage.workdir}; the test cannot map it`);
  return join(dirOf(stage), absolute.slice(stage.workdir.length));
}

function installedMatchesLock(): void {
  type Entry = { version?: string; optional?: boolean };
  const read = (f: string) => JSON.parse(readFileSync(f, 'utf8')).packages as Record<string, Entry>;
  const [lock, hidden] = [read('package-lock.json'), read('node_modules/.package-lock.json')];
  const stale = Object.entries(lock).filter(
    ([path, p]) => path && p.version && (hidden[path] ? hidden[path].version !== p.version : !p.optional),
  );
  if (stale.length) throw new Error(`node_modules is not package-lock.json's (${stale[0]![0]}): run npm ci`);
}

/**
 * The checkout's node_modules as hard links (a full copy of ~400 MB takes a minute here). `npm prune` only
 * unlinks files, except the hidden lockfile it rewrites in place, so that one is a real copy.
 */
function linkNodeModules(to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  const linked = spawnSync('cp', ['-al', join(repo, 'node_modules'), to]);
  if (linked.status !== 0) {
    rmSync(to, { recursive: true, force: true });
    cpSync(join(repo, 'node_modules'), to, { recursive: true, verbatimSymlinks: true });
    return;
  }
  unlinkSync(join(to, '.package-lock.json'));
  copyFileSync(join(repo, 'node_modules/.package-lock.json'), join(to, '.package-lock.json'));
}

function runStage(stage: Stage): void {
  for (const step of stage.steps) {
    if (step.kind === 'copy') {
      for (const source of step.sources) {
        const from = step.from
          ? inStage(stages.find((s) => s.name === step.from)!, source)
          : resolve(repo, source);
        const to =
          step.sources.length > 1 || step.dest.endsWith('/')
            ? join(inStage(stage, step.dest), source)
            : inStage(stage, step.dest);
        mkdirSync(dirname(to), { recursive: true });
        // Moving out of an earlier stage is the same as copying it: that stage is not used again.
        if (step.from) renameSync(from, to);
        else cpSync(from, to, { recursive: true, verbatimSymlinks: true });
      }
      continue;
    }
    if (/^apt-get\b/.test(step.command)) continue;
    if (/^npm ci\b/.test(step.command)) {
      installedMatchesLock();
      linkNodeModules(inStage(stage, 'node_modules'));
      continue;
    }
    const done = spawnSync('sh', ['-c', step.command], {
      cwd: dirOf(stage),
      encoding: 'utf8',
      timeout: 180_000,
    });
    if (done.status !== 0) throw new Error(`RUN ${step.command} failed: ${done.stderr || done.error}`);
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('the Dockerfile, run outside a container', () => {
  let child: ChildProcess | undefined;
  let output = '';
  let env: Record<string, string>;
  const get = (path: string) =>
    fetch(`http://127.0.0.1:${env.PORT}${path}`).then(
      (r) => r.status,
      () => 0,
    );

  beforeAll(async () => {
    runStage(build);
    runStage(runtime);
    env = {
      PATH: process.env.PATH ?? '',
      ...runtime.env,
      // What `docker run -e … -v policy.yaml:/etc/gatehouse/policy.yaml` would set.
      PORT: String(await freePort()),
      POLICY_FILE: join(repo, 'policy.example.yaml'),
      SHUTDOWN_GRACE_SECONDS: '1',
      LOG_LEVEL: 'info',
    };
    child = spawn(runtime.cmd![0]!, runtime.cmd!.slice(1), { cwd: dirOf(runtime), env, stdio: 'pipe' });
    child.stdout?.on('data', (d: Buffer) => (output += d));
    child.stderr?.on('data', (d: Buffer) => (output += d));
    for (let i = 0; i < 300 && child.exitCode === null && (await get('/readyz')) !== 200; i++)
      await sleep(100);
  }, 300_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      await new Promise((r) => child!.once('exit', r));
    }
    rmSync(root, { recursive: true, force: true });
  }, 120_000);

  it('builds on official Node 20 slim images and runs the exec-form CMD with node, not npm', () => {
    for (const stage of stages) expect(stage.image).toMatch(/^node:20[\w.-]*-slim$/);
    expect(runtime.cmd?.[0]).toBe('node');
    expect(runtime.cmd).not.toContain('npm');
  });

  it('keeps TypeScript tooling out of the runtime stage', () => {
    const modules = inStage(runtime, 'node_modules');
    for (const dev of ['tsx', 'typescript', 'vitest', '@biomejs/biome'])
      expect(existsSync(join(modules, dev))).toBe(false);
    expect(existsSync(inStage(runtime, 'dist/adapters/main.js.map'))).toBe(true);
    expect(existsSync(inStage(runtime, 'src'))).toBe(false);
  });

  it('serves /readyz from the production install, with the SQLite store on the volume', async () => {
    expect(await get('/readyz'), output).toBe(200);
    expect(runtime.volumes).toContain(posix.join(runtime.workdir, 'data'));
    expect(existsSync(inStage(runtime, 'data/gatehouse.sqlite'))).toBe(true);
  });

  it('runs as a non-root user and exposes the port it listens on', () => {
    expect(runtime.user).toBeTruthy();
    expect(runtime.user).not.toMatch(/^(root|0)(:|$)/);
    expect(runtime.expose).toEqual([Number(runtime.env.PORT)]);
  });

  it('passes its own HEALTHCHECK', () => {
    const [cmd, ...args] = runtime.healthcheck!;
    const check = spawnSync(cmd!, args, { env, encoding: 'utf8', timeout: 10_000 });
    expect(check.status, check.stderr).toBe(0);
  });

  it('on SIGTERM stops being ready first, then exits cleanly', async () => {
    child!.kill('SIGTERM');
    await sleep(300);
    expect(await get('/readyz')).toBe(503);
    const code = await new Promise<number | null>((r) =>
      child!.exitCode !== null ? r(child!.exitCode) : child!.once('exit', (c) => r(c)),
    );
    expect(code, output).toBe(0);
    expect(output).toContain('"msg":"stopped"');
  }, 30_000);

  it("left the checkout's own node_modules as it was", () => {
    expect(readFileSync('node_modules/.package-lock.json', 'utf8')).toBe(hiddenLockBefore);
    expect(existsSync('node_modules/typescript/package.json')).toBe(true);
  });
});
