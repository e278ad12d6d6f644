import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The WAL checkpoint (copying the log back into the database file, with the only fsync of the whole scheme)
 * runs on its own thread with its own connection, so the event loop never waits for the disk. A PASSIVE
 * checkpoint takes no lock a writer needs: the main connection keeps committing while it runs.
 *
 * The worker is plain CommonJS given as text, so it runs the same under tsx, vitest and a compiled build.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true, timeout: 1000 });
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { parentPort.postMessage({ error: String(err) }); }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message !== 'close') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.postMessage('closed');
});
`;

export interface Checkpointer {
  /** Checkpoint once more, close the worker's connection and end the thread. */
  close(): Promise<void>;
}

export function startCheckpointer(
  path: string,
  options: { everyMs?: number; onError?: (message: string) => void } = {},
): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { path, driver, everyMs: options.everyMs ?? 500 },
  });
  worker.unref();
  worker.on('message', (message: unknown) => {
    if (typeof message === 'object' && message !== null && 'error' in message)
      options.onError?.(String((message as { error: unknown }).error));
  });
  worker.on('error', (err) => options.onError?.(err.message));
  let exited = false;
  worker.once('exit', () => {
    exited = true;
  });
  let closing: Promise<void> | undefined;
  return {
    close() {
      closing ??= new Promise<void>((resolve) => {
        if (exited) return resolve();
        const done = () => resolve();
        worker.once('exit', done);
        worker.once('message', (m) => {
          if (m === 'closed') void worker.terminate().then(done, done);
        });
        worker.postMessage('close');
      });
      return closing;
    },
  };
}
