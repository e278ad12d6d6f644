import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import type { DecisionBody } from '../fakes/pmcloud/rules.ts';
import { makeWireAdminAccessRequest } from '../fakes/pmcloud/seed.ts';
import { type FakePmCloud, startFakePmCloud } from '../fakes/pmcloud-server.ts';
import { type FakeRemoteSupport, startFakeRemoteSupport } from '../fakes/remote-support-server.ts';
import { type FakeRport, startFakeRport } from '../fakes/rport-server.ts';
import { CHANNEL_ID } from '../fixtures/teams/activities.ts';
import { CHANNEL, RPORT_TOKEN, RPORT_USER } from '../helpers/slack-harness.ts';

export const ALERT_SECRET = 'contract-alert-secret-0123456789';
const PMC = { id: 'gatehouse-contract', secret: 'pmc-contract-secret' };
const RS = { id: 'gatehouse-api', secret: 'rs-contract-secret' };

/** The example policy, with approval cards and alerts going to the channel the scenarios talk in. */
export function contractPolicy(): string {
  const policy = parse(readFileSync('policy.example.yaml', 'utf8')) as Record<
    string,
    Record<string, unknown>
  >;
  const channels = { slack: [CHANNEL], teams: [CHANNEL_ID] };
  policy.access!.channels = channels;
  policy.alerts!.routes = [{ name: 'everything', match: {}, channels }];
  return stringify(policy);
}

/** The vendors behind one platform's run: fresh fakes, so what they received belongs to that run. */
export interface World {
  rport: FakeRport;
  pmc: FakePmCloud;
  rs: FakeRemoteSupport;
  env: Record<string, string>;
  policyText: string;
  /** What the vendors were asked to do, in platform-neutral lines. */
  vendorCalls(): string[];
  close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const rport = await startFakeRport({ user: RPORT_USER, token: RPORT_TOKEN, jobDurationMs: 100 });
  const pmc = await startFakePmCloud({
    clientId: PMC.id,
    clientSecret: PMC.secret,
    seed: [
      makeWireAdminAccessRequest({
        computerName: 'MKT-LT-0210',
        userName: 'CORP\\eve',
        userPrincipalName: 'eve@example.com',
        reason: 'Install the new font pack',
      }),
    ],
  });
  const rs = await startFakeRemoteSupport({ clientId: RS.id, clientSecret: RS.secret });
  return {
    rport,
    pmc,
    rs,
    policyText: contractPolicy(),
    env: {
      PMC_URL: pmc.url,
      PMC_CLIENT_ID: PMC.id,
      PMC_CLIENT_SECRET: PMC.secret,
      RS_URL: rs.url,
      RS_CLIENT_ID: RS.id,
      RS_CLIENT_SECRET: RS.secret,
      ALERT_WEBHOOK_SECRET: ALERT_SECRET,
    },
    vendorCalls: () => [
      ...rport.commandCalls().map((c) => `rport ${c.method} ${c.path} ${JSON.stringify(c.body)}`),
      ...(pmc.decisions as DecisionBody[]).map((d) =>
        [`pmc ${d.decision}`, d.duration, `by ${d.decisionPerformedByUser}`, d.message]
          .filter(Boolean)
          .join(' '),
      ),
      ...rs.keysIssued.map((k) => `rs session key for ${k.queueId} ttl ${k.params.ttl}`),
    ],
    async close() {
      await rport.close();
      await pmc.close();
      await rs.close();
    },
  };
}
