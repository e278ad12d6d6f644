import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export interface FakeSlackSocket {
  /** The `apps.connections.open` answer for the app-level token (or Slack's error). */
  open(authorization: string): { ok: true; url: string } | { ok: false; error: string };
  /** Envelope ids the app acknowledged, with the payload it answered with (if any). */
  acks: Array<{ envelope_id: string; payload?: unknown }>;
  connections(): number;
  /** Push an envelope (slash_commands, interactive, events_api) to the connected app. */
  send(envelope: {
    envelope_id: string;
    type: string;
    payload: unknown;
    accepts_response_payload?: boolean;
  }): void;
  waitForAck(envelopeId: string, timeoutMs?: number): Promise<void>;
  waitForConnection(timeoutMs?: number): Promise<void>;
  close(): void;
}

/**
 * Slack's Socket Mode as an app sees it, on the fake Web API's own server: `apps.connections.open` with the
 * app-level token returns a WebSocket URL; the socket says hello, delivers envelopes, and expects an ack per
 * envelope.
 */
export function attachFakeSlackSocket(server: Server, appToken: string): FakeSlackSocket {
  const acks: FakeSlackSocket['acks'] = [];
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ server, path: '/socket' });
  wss.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
      if (message.envelope_id)
        acks.push({
          envelope_id: message.envelope_id,
          ...(message.payload ? { payload: message.payload } : {}),
        });
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'fake', approximate_connection_time: 3600 },
        connection_info: { app_id: 'A1' },
      }),
    );
  });

  const waitUntil = async (check: () => boolean, what: string, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`fake Slack socket: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  return {
    open(authorization) {
      if (authorization !== `Bearer ${appToken}`) return { ok: false, error: 'invalid_auth' };
      const { port } = server.address() as AddressInfo;
      return { ok: true, url: `ws://127.0.0.1:${port}/socket` };
    },
    acks,
    connections: () => sockets.size,
    send(envelope) {
      for (const socket of sockets) socket.send(JSON.stringify(envelope));
    },
    waitForAck: (id, timeoutMs = 5000) =>
      waitUntil(() => acks.some((a) => a.envelope_id === id), `the ack of ${id}`, timeoutMs),
    waitForConnection: (timeoutMs = 5000) => waitUntil(() => sockets.size > 0, 'a connection', timeoutMs),
    close() {
      for (const socket of sockets) socket.terminate();
      wss.close();
    },
  };
}
