import { readFileSync } from 'node:fs';
import { composeHandlerDeps } from '../../../adapters/compose-handlers.ts';
import { createIntents } from '../../../handlers/index.ts';
import { createDispatcher, type Dispatcher } from '../../../src/intents/dispatcher.ts';
import type { Actor } from '../../../src/intents/envelope.ts';
import type { IntentResult } from '../../../src/intents/intent.ts';
import { parsePolicy } from '../../../src/policy/load-policy.ts';
import { createPolicyEngine } from '../../../src/policy/policy-engine.ts';
import type { Store } from '../../../src/store/store.ts';
import {
  createRemoteSupportClient,
  type RemoteSupportClient,
} from '../../../src/vendors/remote-support/index.ts';
import { SYSTEMS } from '../../../src/vendors/vendors.ts';
import {
  type FakeRemoteSupport,
  type FakeRemoteSupportOptions,
  startFakeRemoteSupport,
} from '../../fakes/remote-support-server.ts';
import { captureLogs } from '../../helpers/log-capture.ts';

export const RS_CLIENT_ID = 'gatehouse-api';
export const RS_CLIENT_SECRET = 'rs-secret-never-printed';

export const console_ = (userId: string, name: string): Actor => ({ platform: 'console', userId, name });
export const ALICE = console_('alice', 'Alice');
/** An auditor in the example policy: no Remote Support commands. */
export const DAVE = console_('dave', 'Dave');

export interface RsDispatch {
  fake: FakeRemoteSupport;
  client: RemoteSupportClient;
  dispatcher: Dispatcher;
  store: Store;
  logs: ReturnType<typeof captureLogs>;
  /** A console line from `actor` (Alice by default). */
  run(text: string, actor?: Actor): Promise<IntentResult>;
  close(): Promise<void>;
}

/** The example policy with `sessionkey` settings replaced. */
export function examplePolicy(sessionkey?: { announce?: boolean; expiry?: string }): string {
  let text = readFileSync('policy.example.yaml', 'utf8');
  if (sessionkey?.announce !== undefined) {
    text = text.replace(/announce_in_channel: \w+/, `announce_in_channel: ${sessionkey.announce}`);
  }
  if (sessionkey?.expiry) text = text.replace(/default_expiry: \w+/, `default_expiry: ${sessionkey.expiry}`);
  return text;
}

/**
 * The real dispatcher and intent registry over a fake Remote Support appliance (real HTTP), a real store and
 * a real pino logger writing to memory at trace level.
 */
export async function startRsDispatch(
  makeStore: () => Store,
  options: { fake?: Partial<FakeRemoteSupportOptions>; policyText?: string } = {},
): Promise<RsDispatch> {
  const fake = await startFakeRemoteSupport({
    clientId: RS_CLIENT_ID,
    clientSecret: RS_CLIENT_SECRET,
    ...options.fake,
  });
  const store = makeStore();
  const logs = captureLogs();
  const client = createRemoteSupportClient({
    baseUrl: fake.url,
    clientId: RS_CLIENT_ID,
    clientSecret: RS_CLIENT_SECRET,
    store,
    log: logs.log.child({ vendor: 'remote-support' }),
  });
  const policy = createPolicyEngine(parsePolicy(options.policyText ?? examplePolicy()));
  const now = () => new Date();
  const deps = composeHandlerDeps({
    vendors: { remoteSupport: client },
    store,
    policy,
    messengers: {},
    log: logs.log,
    now,
  });
  const audit = deps.audit;
  const intents = createIntents(deps);
  const dispatcher = createDispatcher({
    intents,
    policy,
    audit,
    log: logs.log,
    messengers: {},
    configured: new Set([SYSTEMS.remoteSupport]),
    now,
  });
  return {
    fake,
    client,
    dispatcher,
    store,
    logs,
    run: (text, actor = ALICE) =>
      dispatcher.handleText(text, { actor, conversation: { platform: 'console', id: 'console-1' } }),
    async close() {
      await fake.close();
      await store.close();
    },
  };
}

/** Everything a person or a channel could read in a reply, as one string. */
export function textOf(result: IntentResult): string {
  return JSON.stringify(result.view) + (result.channelNotice ?? '');
}
