/**
 * The load generator, in its own process (forked by the bench): signed Slack slash commands or Teams
 * message activities, closed-loop at a concurrency or open-loop at a fixed offered rate, for a fixed time.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { Pool } from 'undici';
import { messageActivity } from '../../test/fixtures/teams/activities.ts';
import { percentile } from './stats.ts';

export type LoadTarget =
  | {
      kind: 'slack';
      url: string;
      secret: string;
      text: string;
      user: string;
      channel: string;
      responseUrl: string;
    }
  | { kind: 'teams'; url: string; serviceUrl: string; text: string };

export interface LoadSpec {
  mode: 'closed' | 'open';
  concurrency?: number;
  rate?: number;
  durationMs: number;
  target: LoadTarget;
}

export interface LoadResult {
  sent: number;
  ok: number;
  failed: number;
  /** Acks whose body carried an answer (answered in the acknowledgement). */
  answeredInAck: number;
  rps: number;
  p50: number;
  p99: number;
  /** The slowest answer, ms. */
  max: number;
  /** Requests not answered within 3 s (or not at all): what Slack would have given up on. */
  late: number;
  /** When each request carrying `{id}` in its text was sent (epoch ms), by id. */
  sentAt: Record<string, number>;
}

const ALICE = { id: '29:alice', aadObjectId: 'aad-alice', name: 'Alice Admin', email: 'alice@example.com' };
const wallNow = () => performance.timeOrigin + performance.now();

function build(
  target: LoadTarget,
  id: string,
): { path: string; body: string; headers: Record<string, string> } {
  const text = target.text.replaceAll('{id}', id);
  if (target.kind === 'teams') {
    const activity = messageActivity(target.serviceUrl, ALICE, text);
    return {
      path: '/api/messages',
      body: JSON.stringify(activity),
      headers: { 'content-type': 'application/json' },
    };
  }
  const body = new URLSearchParams({
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    command: '/pam',
    text,
    user_id: target.user,
    user_name: 'alice',
    channel_id: target.channel,
    response_url: `${target.responseUrl}${id}`,
    trigger_id: `trig-${id}`,
  }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', target.secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return {
    path: '/slack/events',
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signature,
    },
  };
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const pool = new Pool(spec.target.url, { connections: spec.mode === 'closed' ? spec.concurrency : 256 });
  const latencies: number[] = [];
  const sentAt: Record<string, number> = {};
  let sent = 0;
  let ok = 0;
  let failed = 0;
  let answeredInAck = 0;
  const one = async () => {
    // 48 random bits: 8 hex digits collided about once in a 20 s run of ~40,000 requests.
    const id = randomUUID().replaceAll('-', '').slice(0, 12);
    const req = build(spec.target, id);
    sent++;
    sentAt[id] = wallNow();
    const t = performance.now();
    try {
      const res = await pool.request({
        method: 'POST',
        path: req.path,
        body: req.body,
        headers: req.headers,
      });
      const text = await res.body.text();
      latencies.push(performance.now() - t);
      if (res.statusCode >= 200 && res.statusCode < 300) ok++;
      else failed++;
      if (text.trim().length > 0 && res.statusCode === 200) answeredInAck++;
    } catch {
      failed++;
    }
  };
  const started = performance.now();
  const end = started + spec.durationMs;
  if (spec.mode === 'closed') {
    await Promise.all(
      Array.from({ length: spec.concurrency ?? 10 }, async () => {
        while (performance.now() < end) await one();
      }),
    );
  } else {
    const every = 1000 / (spec.rate ?? 10);
    const open: Promise<void>[] = [];
    for (let due = started; due < end; due += every) {
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      open.push(one());
    }
    await Promise.race([Promise.all(open), new Promise((r) => setTimeout(r, 15_000))]);
  }
  const elapsed = performance.now() - started;
  await pool.close().catch(() => undefined);
  latencies.sort((a, b) => a - b);
  return {
    sent,
    ok,
    failed,
    answeredInAck,
    rps: (ok / elapsed) * 1000,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: latencies.at(-1) ?? Number.NaN,
    late: sent - latencies.filter((ms) => ms <= 3000).length,
    sentAt,
  };
}

if (process.send) {
  process.on('message', async (m: { type?: string; spec?: LoadSpec }) => {
    if (m?.type === 'stop') process.exit(0);
    if (m?.type !== 'run' || !m.spec) return;
    process.send?.({ type: 'result', data: await runLoad(m.spec) });
  });
  process.send({ type: 'ready', url: '' });
}
