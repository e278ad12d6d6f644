import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { request } from 'undici';
import { loadConfig } from '../../src/config/load-config.ts';
import type { Dispatcher } from '../../src/intents/dispatcher.ts';
import { createLogger } from '../../src/log.ts';
import { loadPolicy } from '../../src/policy/load-policy.ts';
import { totpCode } from '../../src/step-up/totp.ts';
import { startFakePasswordSafe } from '../../test/fakes/password-safe-server.ts';
import { startFakePmCloud } from '../../test/fakes/pmcloud-server.ts';
import { startFakeRemoteSupport } from '../../test/fakes/remote-support-server.ts';
import { startFakeRport } from '../../test/fakes/rport-server.ts';
import { signAlertBody } from '../alerts/verify-alert-request.ts';
import { createGatehouse } from '../server.ts';
import { createConsoleMessenger } from './console-messenger.ts';
import { type ConsolePeople, createConsoleAdapter } from './create-console-adapter.ts';

const PEOPLE: ConsolePeople = {
  alice: { name: 'Alice (operator)', email: 'alice@example.com' },
  bob: { name: 'Bob (operator)', email: 'bob@example.com' },
  carol: { name: 'Carol (approver)', email: 'carol@example.com' },
  dave: { name: 'Dave (auditor)', email: 'dave@example.com' },
  eve: { name: 'Eve (no role)', email: 'eve@example.com' },
};

const DEMO = {
  rportUser: 'demo',
  rportToken: 'demo1234_7f0c5c1e-6a57-4f0e-9a43-0d2a4e6c1b2d',
  pmcId: 'demo-client',
  pmcSecret: 'demo-secret',
  rsId: 'demo-rs',
  rsSecret: 'demo-rs-secret',
  psKey: 'demo-ps-key',
  psRunAs: 'gatehouse',
};

const WEBHOOK_SECRET = 'demo-webhook-secret-0123456789';

/** Two alerts through the real signed webhook, as a monitoring system would send them. */
async function seedWebhookAlerts(url: string, secret: string) {
  const alerts = [
    {
      source: 'backup',
      severity: 'critical',
      title: 'Nightly backup failed on bk-01',
      dedupKey: 'backup:bk-01',
      labels: { host: 'bk-01' },
      status: 'firing',
    },
    {
      source: 'certificates',
      severity: 'warning',
      title: 'TLS certificate for vpn.example.com expires in 9 days',
      dedupKey: 'cert:vpn',
      status: 'firing',
    },
  ];
  for (const alert of alerts) {
    const body = JSON.stringify(alert);
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await request(`${url}/alerts`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'x-gatehouse-timestamp': String(timestamp),
        'x-gatehouse-signature': signAlertBody(secret, timestamp, body),
      },
    });
    await res.body.text();
  }
}

/**
 * `npm run demo`: Gatehouse with the in-repo fake vendor servers (the ones the tests use), seeded, the
 * SQLite store in a fresh temporary folder, and a console where you type commands and press buttons.
 */
async function main() {
  // Carol's authenticator, for the demo's step-up: enrolled at start, its code printed when a prompt asks.
  let carolSecret: string | undefined;
  const write = (text: string) => {
    process.stdout.write(text);
    if (carolSecret && text.includes('Verification needed'))
      process.stdout.write(
        `  (demo) Carol's authenticator app shows ${totpCode(carolSecret, new Date())} right now; type it when asked.\n`,
      );
    return true;
  };
  const rport = await startFakeRport({ user: DEMO.rportUser, token: DEMO.rportToken, jobDurationMs: 1500 });
  const pmc = await startFakePmCloud({ clientId: DEMO.pmcId, clientSecret: DEMO.pmcSecret });
  const rs = await startFakeRemoteSupport({ clientId: DEMO.rsId, clientSecret: DEMO.rsSecret });
  const ps = await startFakePasswordSafe({ apiKey: DEMO.psKey, runAs: DEMO.psRunAs, seed: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-demo-'));
  const config = loadConfig({
    STORE_URL: `sqlite://${join(dataDir, 'gatehouse.sqlite')}`,
    POLICY_FILE: 'demo/policy.yaml',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    RPORT_URL: rport.url,
    RPORT_USER: DEMO.rportUser,
    RPORT_TOKEN: DEMO.rportToken,
    PMC_URL: pmc.url,
    PMC_CLIENT_ID: DEMO.pmcId,
    PMC_CLIENT_SECRET: DEMO.pmcSecret,
    PMC_POLL_SECONDS: '10',
    RS_URL: rs.url,
    RS_CLIENT_ID: DEMO.rsId,
    RS_CLIENT_SECRET: DEMO.rsSecret,
    PS_URL: ps.url,
    PS_API_KEY: DEMO.psKey,
    PS_RUNAS: DEMO.psRunAs,
    PS_POLL_SECONDS: '15',
    ALERT_WEBHOOK_SECRET: WEBHOOK_SECRET,
    GATEHOUSE_SECRET_KEY: randomBytes(32).toString('base64'),
  });
  const log = createLogger({ level: config.logLevel, destination: process.stderr });
  const gatehouse = await createGatehouse({
    config,
    policy: loadPolicy(config.policyFile),
    log,
    defaultMetrics: false,
    startPollers: false,
  });
  const messenger = createConsoleMessenger(write);
  gatehouse.messengers.console = messenger;
  const url = await gatehouse.listen(0, '127.0.0.1');
  carolSecret = await enrolForDemo(gatehouse.dispatcher, 'carol');

  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  // One queue of typed lines serves both the prompt and the button inputs, so piped input is not lost.
  const lines: string[] = [];
  const waiting: Array<(line: string | undefined) => void> = [];
  let closed = false;
  rl.on('line', (line) => (waiting.length ? waiting.shift()!(line) : lines.push(line)));
  rl.on('close', () => {
    closed = true;
    for (const w of waiting.splice(0)) w(undefined);
  });
  const nextLine = (question: string) => {
    write(question);
    if (lines.length) return Promise.resolve(lines.shift());
    if (closed) return Promise.resolve(undefined);
    return new Promise<string | undefined>((resolve) => waiting.push(resolve));
  };
  const adapter = createConsoleAdapter({
    turns: gatehouse.turns,
    messenger,
    people: PEOPLE,
    channel: '#ops',
    ask: async (q) => (await nextLine(q)) ?? '',
    write,
    initial: 'alice',
  });

  write(`Gatehouse demo — fake rport, PM Cloud, Remote Support and Password Safe are running on 127.0.0.1.
HTTP endpoints (health, metrics, webhooks) at ${url}
People: ${Object.entries(PEOPLE)
    .map(([id, p]) => `${id} = ${p.name}`)
    .join(', ')}.
Type a command as in Slack without /pam (as alice try: help · rport clients · rport run web-01 -- uptime ·
sessionkey --team Helpdesk · health; as carol: access list, then Approve — the demo policy asks for a
step-up code, which the demo prints; as dave: audit, audit verify), "as carol" to become someone
else, "7 1" (or "press 7 1") to press button 1 of card #7, and "quit" to leave.\n`);
  for (const poller of Object.values(gatehouse.pollers)) poller.start();
  await seedWebhookAlerts(url, WEBHOOK_SECRET).catch((err: unknown) =>
    log.warn({ err }, 'could not seed the demo alerts'),
  );

  const prompt = () => `[${adapter.actor.userId}] pam> `;
  for (;;) {
    const line = await nextLine(prompt());
    if (line === undefined || /^(quit|exit)$/i.test(line.trim())) break;
    await adapter.handleLine(line).catch((err: unknown) => log.error({ err }, 'demo command failed'));
  }
  rl.close();
  await adapter.settle();
  await gatehouse.close();
  await Promise.all([rport.close(), pmc.close(), rs.close(), ps.close()]);
  process.exit(0);
}

/**
 * Enrol a demo person's authenticator through the real commands (`mfa enroll`, `mfa confirm`), keeping the
 * secret only so the demo can print the code a phone would show. Confirmed with the previous step's code, so
 * the current one is still fresh for the first prompt.
 */
async function enrolForDemo(dispatcher: Dispatcher, who: string): Promise<string | undefined> {
  const person = PEOPLE[who]!;
  const request = {
    actor: { platform: 'console' as const, userId: who, name: person.name, email: person.email },
    conversation: { platform: 'console' as const, id: '#ops' },
  };
  const enrolled = await dispatcher.handleText('mfa enroll', request);
  const uri = enrolled.view.blocks?.find((b) => b.type === 'code')?.text;
  const secret = uri ? new URL(uri).searchParams.get('secret') : null;
  if (!secret) return undefined;
  const code = totpCode(secret, new Date(Date.now() - 30_000));
  const confirmed = await dispatcher.handleText(`mfa confirm ${code}`, request);
  return confirmed.view.state === 'success' ? secret : undefined;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
