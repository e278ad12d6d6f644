import { createServer, type Server } from 'node:http';
import type { Logger } from '../../src/log.ts';
import { type Route, sendJson } from './routes.ts';

/** Bodies larger than this are refused (413): no platform sends more to a bot. */
export const MAX_BODY_BYTES = 1_000_000;

/**
 * The one HTTP server on PORT. Routes are exact method + path; the body is read whole (with a limit) so
 * signature checks see the exact bytes. A route that throws answers 500 without details.
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
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('error', (err) => log.warn({ err }, 'request stream failed'));
    req.on('end', () => {
      if (tooBig) {
        sendJson(res, 413, { error: 'request body too large' });
        return;
      }
      route.handle(req, res, Buffer.concat(chunks)).catch((err: unknown) => {
        log.error({ err, path }, 'route failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
        else res.end();
      });
    });
  });
}
