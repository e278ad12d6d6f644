import type { Person } from './trace.ts';

/**
 * What people do, the same on every platform. `until` is a title or sentence that must have been shown
 * before the next step (work after the ack, job polling and paced alert posts included).
 */
export type Step = { until?: string } & (
  | { say: string; as?: Person }
  | { press: string; as?: Person; inputs?: Record<string, string> }
  | { poll: string }
  | { alert: Record<string, unknown> }
);

export interface Expected {
  /** The intent handlers that ran, in order. */
  intents: string[];
  /** Each channel card's titles (state mark and title) in order, cards in order of first post. */
  cards: string[][];
  /** Private answers: each entry is a piece of one answer's sentence, in sorted order of the answers. */
  private: string[];
  /** What the vendors were asked to do (pieces of each line). */
  vendor: string[];
  /** Pieces of the audit trail lines, in order. */
  audit: string[];
}

export interface Scenario {
  name: string;
  steps: Step[];
  expect: Expected;
}

const NIGHTLY_BACKUP = {
  source: 'backup',
  severity: 'critical',
  title: 'Nightly backup failed',
  text: 'The job on backup-01 exited with status 2.',
  dedupKey: 'backup:nightly',
  status: 'firing',
};

/** Adding a scenario is one entry here; both platforms run every one. */
export const SCENARIOS: Scenario[] = [
  {
    name: 'rport run, confirmed by the requester',
    steps: [
      { say: 'rport run web-01 -- uptime', until: '⏳ Run on 1 client?' },
      { press: 'Run', until: '✅ Finished: 1 of 1 successful' },
    ],
    expect: {
      intents: ['rport.run', 'rport.confirm'],
      cards: [['⏳ Run on 1 client?', '🔄 Running', '✅ Finished: 1 of 1 successful']],
      private: [],
      vendor: [
        'rport POST /clients/fra-web-01/commands {"command":"uptime","is_sudo":false,"timeout_sec":60}',
      ],
      audit: [
        'alice@example.com rport.run requested',
        'alice@example.com rport.confirm confirmed',
        'rport.result',
      ],
    },
  },
  {
    name: 'rport run that needs a second person',
    steps: [
      { say: 'rport run web-01 --sudo -- systemctl restart nginx', until: '⏳ Run on 1 client?' },
      { press: 'Run', as: 'alice', until: 'needs a second person' },
      { press: 'Run', as: 'eve', until: 'Only people with the approver role' },
      { press: 'Run', as: 'carol', until: 'Finished' },
    ],
    expect: {
      intents: ['rport.run', 'rport.confirm', 'rport.confirm', 'rport.confirm'],
      cards: [['⏳ Run on 1 client?', '🔄 Running', '✅ Finished: 1 of 1 successful']],
      private: ['Only people with the approver role can confirm this.', 'This command needs a second person'],
      vendor: ['"command":"systemctl restart nginx","is_sudo":true'],
      audit: [
        'alice@example.com rport.run requested',
        'alice@example.com rport.confirm refused',
        'eve@example.com rport.confirm refused',
        'carol@example.com rport.confirm confirmed',
      ],
    },
  },
  {
    name: 'rport run cancelled',
    steps: [
      { say: 'rport run web-01,web-02 -- uptime', until: '⏳ Run on 2 clients?' },
      { press: 'Cancel', until: '✖️ Cancelled' },
    ],
    expect: {
      intents: ['rport.run', 'rport.cancel'],
      cards: [['⏳ Run on 2 clients?', '✖️ Cancelled']],
      private: [],
      vendor: [],
      audit: ['alice@example.com rport.run requested', 'alice@example.com rport.cancel cancelled'],
    },
  },
  {
    name: 'help',
    steps: [{ say: 'help', until: 'Gatehouse commands' }],
    expect: { intents: [], cards: [], private: ['Gatehouse commands'], vendor: [], audit: [] },
  },
  {
    name: 'bad input',
    steps: [{ say: 'rport run web-01 --timeout -- uptime', until: '--timeout needs a value.' }],
    expect: { intents: [], cards: [], private: ['--timeout needs a value.'], vendor: [], audit: [] },
  },
  {
    name: 'unknown command',
    steps: [{ say: 'rprot clients', until: 'Did you mean' }],
    expect: {
      intents: [],
      cards: [],
      private: ['Unknown command "rprot". Did you mean `rport`?'],
      vendor: [],
      audit: [],
    },
  },
  {
    name: 'not permitted',
    steps: [{ say: 'rport run web-01 -- uptime', as: 'eve', until: 'does not let you' }],
    expect: {
      intents: [],
      cards: [],
      private: ['The policy does not let you use `rport run`.'],
      vendor: [],
      audit: ['eve@example.com rport.run denied'],
    },
  },
  {
    name: 'access request approved',
    steps: [
      { poll: 'pmc-access', until: '⏳ Admin access request' },
      { press: 'Approve', as: 'carol', until: '✅ Admin access approved' },
    ],
    expect: {
      intents: ['access.approve'],
      cards: [['⏳ Admin access request', '✅ Admin access approved']],
      private: ['Your request for admin rights on MKT-LT-0210: Approved by Carol Approver for 1 h'],
      vendor: ['pmc Approved 3600 by carol@example.com'],
      audit: ['carol@example.com access.approve approved'],
    },
  },
  {
    name: 'access request denied with a reason',
    steps: [
      { poll: 'pmc-access', until: '⏳ Admin access request' },
      { press: 'Deny', as: 'carol', inputs: { reason: 'Not during the freeze' }, until: 'denied' },
    ],
    expect: {
      intents: ['access.deny'],
      cards: [['⏳ Admin access request', '🚫 Admin access denied']],
      private: [
        'Your request for admin rights on MKT-LT-0210: Denied by Carol Approver: Not during the freeze.',
      ],
      vendor: [
        'pmc Denied by carol@example.com Denied in Gatehouse by Carol Approver: Not during the freeze',
      ],
      audit: ['carol@example.com access.deny denied'],
    },
  },
  {
    name: 'session key',
    steps: [{ say: 'sessionkey --team Helpdesk', until: 'Session key for team Helpdesk' }],
    expect: {
      intents: ['sessionkey'],
      cards: [['ℹ️ Session key (only you can see this)']],
      private: ['Session key for team Helpdesk, expires'],
      vendor: ['rs session key for team:1 ttl 1800'],
      audit: ['alice@example.com sessionkey allowed'],
    },
  },
  {
    name: 'alert acknowledged',
    steps: [
      { alert: NIGHTLY_BACKUP, until: 'Nightly backup failed' },
      { press: 'Acknowledge', as: 'eve', until: 'Only people with the oncall role' },
      { press: 'Acknowledge', as: 'alice', until: 'Acknowledged' },
    ],
    expect: {
      intents: ['alerts.ack', 'alerts.ack'],
      cards: [['❌ Nightly backup failed']],
      private: ['Only people with the oncall role'],
      vendor: [],
      audit: ['alice@example.com alerts.ack acknowledged'],
    },
  },
];
