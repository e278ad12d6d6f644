import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../../src/log.ts';
import { type Route, sendJson } from './routes.ts';

/** Bodies larger than this are refused (413): no platform sends more to a bot. */
export const MAX_BODY_BYTES = 1_000_000;

/**
 * 413 and hang up: the rest of the body is never read, so a client cannot make Gatehouse receive it. The
 * connection is ended once the answer is written (a FIN, so the client still reads the answer).
 */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse): void {
  if (res.headersSent) {
    req.socket.destroy();
    return;
  }
  res.on('finish', () => req.socket.end());
  sendJson(res, 413, { error: 'request body too large' }, { connection: 'close' });
  req.pause();
}

/**
 * The one HTTP server on PORT. Routes are exact method + path; the body is read whole (with a limit) so
 * signature checks see the exact bytes. A body declared larger than the limit is refused from its
 * Content-Length before any of it is read; one that grows past it without a length is cut off there.
 * A route that throws answers 500 without details.
 */
export function createHttpServer(routes: Route[], log: Logger): Server {
  const table = new Map(routes.map((r) => [`${r.method} ${r.path}`, r]));
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const route = table.get(`${req.method} ${path}`);
    if (!route) {
      const known = routes.some((r) => r.path === path);
      sendJson(res, known ? 405 : 404, { error: known ? 'method not allowed' : 'not found' });
      req.resume();
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (!Number.isFinite(declared) || declared > MAX_BODY_BYTES) {
      refuseTooLarge(req, res);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      if (tooBig) return;
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      tooBig = true;
      chunks.length = 0;
      refuseTooLarge(req, res);
    });
    req.on('error', (err) => log.warn({ err }, 'request stream failed'));
    req.on('end', () => {
      if (tooBig) return;
      route.handle(req, res, Buffer.concat(chunks)).catch((err: unknown) => {
        log.error({ err, path }, 'route failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
        else res.end();
      });
    });
  });
}
