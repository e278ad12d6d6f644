/**
 * Baseline: bare botbuilder CloudAdapter, anonymous (no app id or password), replying to every message
 * through the activity's serviceUrl (the fake connector), on a plain node:http server.
 */
import { createServer } from 'node:http';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
  const response = {
    socket: res.socket,
    status: (code: number) => {
      res.statusCode = code;
    },
    header: (name: string, value: unknown) => res.setHeader(name, String(value)),
    send: (data?: unknown) => {
      if (data !== undefined) res.write(typeof data === 'string' ? data : JSON.stringify(data));
    },
    end: () => res.end(),
  };
  await adapter
    .process({ body, headers: req.headers, method: req.method }, response, async (context) => {
      if (context.activity.type === 'message') await context.sendActivity('help: the commands you may use');
    })
    .catch(() => {
      if (!res.writableEnded) res.writeHead(500).end();
    });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}` });
});
