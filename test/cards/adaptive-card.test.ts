import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ADAPTIVE_CARD_LIMITS,
  ADAPTIVE_CARD_VERSION,
  type AdaptiveCard,
  cardBytes,
  REFRESH_VERB,
  renderAdaptiveCard,
} from '../../cards/adaptive-card.ts';
import { readAdaptiveInputs } from '../../cards/adaptive-elements.ts';
import { SHORTENED_NOTE } from '../../cards/adaptive-fit.ts';
import { STATE_MARKS } from '../../cards/state-marks.ts';
import { createIntents } from '../../handlers/index.ts';
import { apiInfoView, repsView, sessionKeyView, teamsView } from '../../handlers/remote-support/rs-views.ts';
import {
  closedRunView,
  confirmView,
  jobView,
  type RunParams,
  resultView,
} from '../../handlers/rport/rport-views.ts';
import { renderHelp } from '../../src/intents/help-view.ts';
import { createPendingActions } from '../../src/intents/pending-actions.ts';
import { createLogger } from '../../src/log.ts';
import { createPolicyEngine } from '../../src/policy/policy-engine.ts';
import { policySchema } from '../../src/policy/policy-schema.ts';
import { createStore } from '../../src/store/create-store.ts';
import type { Job } from '../../src/vendors/rport/index.ts';
import { noticeView, type View, type ViewState } from '../../src/views/view.ts';
import { adaptiveCardProblems } from './adaptive-parse.ts';

const now = new Date('2026-11-20T10:00:00Z');
const params: RunParams = {
  command: 'find /var/log -name "*.log" -mtime +7 | xargs ls -l',
  targets: [
    { id: 'fra-web-01', name: 'web-01', online: true },
    { id: 'fra-db-01', name: 'db-01', online: false },
  ],
  sudo: true,
  timeoutSec: 120,
  cwd: '/var/log',
  rule: 'diagnostics',
  secondApprover: true,
};

function job(over: Partial<Job>): Job {
  return {
    jid: 'job-1',
    clientId: 'fra-web-01',
    clientName: 'web-01',
    status: 'successful',
    command: params.command,
    interpreter: '/bin/sh',
    cwd: '',
    isSudo: true,
    timeoutSec: 120,
    pid: 42,
    startedAt: '2026-11-20T09:59:00Z',
    finishedAt: '2026-11-20T09:59:02Z',
    createdBy: 'alice',
    multiJobId: null,
    error: '',
    result: { stdout: 'line\n'.repeat(40), stderr: '', summary: '' },
    exitCode: 0,
    ...over,
  };
}

function helpView(): View {
  const store = createStore(`sqlite://${join(mkdtempSync(join(tmpdir(), 'gh-ac-')), 'x.sqlite')}`);
  const policy = createPolicyEngine(policySchema.parse({}));
  const intents = createIntents({
    vendors: {},
    store,
    pending: createPendingActions(store),
    policy,
    messengers: {},
    log: createLogger({ level: 'silent' }),
    now: () => now,
  });
  return renderHelp(intents, { prefix: '@Gatehouse ' });
}

/** Every view this test can build from the handlers' own view functions, plus every notice state. */
const views: Array<[string, View]> = [
  [
    'rport confirm',
    confirmView(params, {
      ref: 'ref-1',
      requester: 'Alice Admin',
      confirmers: 'a second person with the approver role (not Alice Admin)',
      expiresAt: '2026-11-20T10:05:00Z',
      now,
    }),
  ],
  [
    'rport running',
    closedRunView(params, { requester: 'Alice Admin', state: 'running', title: 'Running', line: 'job-1' }),
  ],
  [
    'rport cancelled',
    closedRunView(params, { requester: 'A', state: 'cancelled', title: 'Cancelled', line: 'x' }),
  ],
  [
    'rport result',
    resultView(
      params,
      [job({}), job({ clientId: 'fra-db-01', status: 'failed', exitCode: 2, error: 'exit status 2' })],
      {
        requester: 'Alice Admin',
        confirmedBy: 'Carol Approver',
        jid: 'job-1',
      },
    ),
  ],
  ['rport job', jobView([job({ status: 'running', result: null, exitCode: null })], 'job-1')],
  ['help', helpView()],
  [
    'session key',
    sessionKeyView(
      {
        shortKey: '1234567',
        keyUrl: 'https://support.example.com/ey/k/abc',
        expiresAt: '2026-11-20T10:30:00Z',
      } as never,
      { queue: 'team Helpdesk', expiresAt: '2026-11-20T10:30:00Z', now, externalKey: 'INC-1' },
    ),
  ],
  ['reps', repsView([], now)],
  ['teams', teamsView([])],
  [
    'rs api info',
    apiInfoView(
      {
        apiVersion: '1.23',
        companyName: 'Example',
        timestamp: '2026-11-20T10:00:00Z',
        permissions: { perm_command: 'full_access' },
      } as never,
      now,
    ),
  ],
  ...(Object.keys(STATE_MARKS) as ViewState[]).map((state): [string, View] => [
    `notice ${state}`,
    noticeView('Something', 'One sentence about it.', state),
  ]),
  [
    'every feature',
    {
      title: 'Admin access for bob on WS-042?',
      state: 'pending',
      summary: 'bob asks for admin access to WS-042',
      fields: [
        { label: 'Requested by', value: 'bob@example.com' },
        { label: 'Reason', value: '' },
      ],
      blocks: [
        { type: 'text', text: 'Install the printer driver.' },
        { type: 'code', text: 'C:\\Program Files\\*.exe' },
        { type: 'list', items: ['one', 'two\nlines'] },
        { type: 'context', text: 'Request 4711' },
      ],
      inputs: [
        {
          type: 'select',
          id: 'duration',
          label: 'For how long',
          choices: [
            { label: 'Once', value: 'once' },
            { label: '1 hour', value: '1h' },
          ],
          initial: '1h',
        },
        { type: 'text', id: 'reason', label: 'Reason', required: true, multiline: true, placeholder: 'why' },
        { type: 'text', id: 'note', label: 'Note' },
      ],
      actions: [
        { label: 'Approve', verb: 'access.approve', ref: 'ref-9', style: 'primary', inputs: ['duration'] },
        { label: 'Deny', verb: 'access.deny', ref: 'ref-9', style: 'danger', inputs: ['reason'] },
        { label: 'Deny and block', verb: 'access.block', ref: 'ref-9', inputs: ['reason', 'duration'] },
        { label: 'Details', verb: 'access.details', ref: 'ref-9' },
      ],
      attachments: [{ filename: 'out.txt', title: 'Full output', content: 'x\n'.repeat(50) }],
    },
  ],
];

describe('renderAdaptiveCard', () => {
  it.each(views)('%s parses without errors or warnings in the adaptivecards package', (_name, view) => {
    const card = renderAdaptiveCard(view, { subject: 'subject-1' });
    expect(adaptiveCardProblems(card)).toEqual([]);
    expect(card.version).toBe(ADAPTIVE_CARD_VERSION);
    expect(cardBytes(card)).toBeLessThanOrEqual(ADAPTIVE_CARD_LIMITS.cardBytes);
    expect(card.fallbackText).toBe(`${STATE_MARKS[view.state]} ${view.title}: ${view.summary}`);
    expect((card.body[0] as { text: string }).text).toBe(`${STATE_MARKS[view.state]} ${view.title}`);
  });

  it('the parse check itself catches broken cards', () => {
    expect(
      adaptiveCardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Bogus' }] }),
    ).not.toEqual([]);
    expect(
      adaptiveCardProblems({
        type: 'AdaptiveCard',
        version: '1.5',
        body: [
          { type: 'Input.Text', id: 'a' },
          { type: 'Input.Text', id: 'a' },
        ],
      }),
    ).not.toEqual([]);
  });

  it('renders every button as Action.Execute with the verb and only the ref and the subject', () => {
    const card = renderAdaptiveCard(views.find(([n]) => n === 'rport confirm')![1], { subject: 's-1' });
    expect(card.actions).toEqual([
      {
        type: 'Action.Execute',
        title: 'Run',
        verb: 'rport.confirm',
        data: { ref: 'ref-1', subject: 's-1' },
        associatedInputs: 'none',
        style: 'positive',
      },
      {
        type: 'Action.Execute',
        title: 'Cancel',
        verb: 'rport.cancel',
        data: { ref: 'ref-1', subject: 's-1' },
        associatedInputs: 'none',
        style: 'destructive',
      },
    ]);
    expect(card.refresh).toEqual({
      action: { type: 'Action.Execute', verb: REFRESH_VERB, data: { subject: 's-1' } },
    });
    // The command is shown exactly, in a run that is never read as markdown.
    expect(JSON.stringify(card.body)).toContain(JSON.stringify(params.command));
    expect(renderAdaptiveCard(noticeView('a', 'b')).refresh).toBeUndefined();
  });

  it('puts selects on the card and text inputs behind the button that needs them', () => {
    const view = views.find(([n]) => n === 'every feature')![1];
    const card = renderAdaptiveCard(view, { subject: 's', refreshUserIds: ['29:a', '29:b'] });
    const inputs = card.body.filter((e) => String(e.type).startsWith('Input.'));
    expect(inputs.map((i) => [i.type, i.id])).toEqual([
      ['Input.ChoiceSet', 'duration'],
      ['Input.Text', 'note'],
    ]);
    expect(inputs[0]).toMatchObject({
      value: '1h',
      choices: [
        { title: 'Once', value: 'once' },
        { title: '1 hour', value: '1h' },
      ],
    });
    const [approve, deny, block, details] = card.actions as Array<Record<string, unknown>>;
    expect(approve).toMatchObject({ type: 'Action.Execute', associatedInputs: 'auto' });
    expect(details).toMatchObject({ type: 'Action.Execute', associatedInputs: 'none' });
    expect(deny).toMatchObject({
      type: 'Action.ShowCard',
      title: 'Deny',
      card: {
        body: [
          {
            type: 'Input.Text',
            id: 'reason',
            isRequired: true,
            errorMessage: 'Reason is required.',
            isMultiline: true,
          },
        ],
        actions: [
          {
            type: 'Action.Execute',
            verb: 'access.deny',
            associatedInputs: 'auto',
            data: { ref: 'ref-9', subject: 's' },
          },
        ],
      },
    });
    // The second button asking for the reason gets its own copy (ids are unique per card), read back as `reason`.
    expect((block as { card: AdaptiveCard }).card.body[0]).toMatchObject({ id: 'reason~2' });
    expect(readAdaptiveInputs({ ref: 'r', 'reason~2': 'no', duration: '1h' })).toEqual({
      ref: 'r',
      reason: 'no',
      duration: '1h',
    });
    expect(card.refresh?.userIds).toEqual(['29:a', '29:b']);
  });

  it('stays under the Teams size limit by shortening the largest text and saying so', () => {
    const huge = 'output line that goes on\n'.repeat(8000);
    const view: View = {
      title: 'Finished',
      state: 'success',
      summary: 'done',
      fields: [{ label: 'Command', value: 'x'.repeat(20_000) }],
      blocks: [{ type: 'code', text: `${huge}THE LAST LINE` }],
      attachments: [{ filename: 'a.txt', title: 'All of it', content: huge }],
      actions: [{ label: 'Again', verb: 'rport.again', ref: 'r' }],
    };
    const card = renderAdaptiveCard(view, { subject: 's' });
    expect(cardBytes(card)).toBeLessThanOrEqual(ADAPTIVE_CARD_LIMITS.cardBytes);
    expect(adaptiveCardProblems(card)).toEqual([]);
    const text = JSON.stringify(card);
    expect(text).toContain(SHORTENED_NOTE);
    expect(text).toContain('THE LAST LINE'); // output keeps its end
    expect(card.actions).toHaveLength(1); // the decision can still be made

    const lists: View = {
      ...view,
      fields: [],
      attachments: [],
      blocks: [
        { type: 'list', items: Array.from({ length: 5000 }, (_, i) => `item ${i} ${'y'.repeat(20)}`) },
      ],
    };
    const listCard = renderAdaptiveCard(lists);
    expect(cardBytes(listCard)).toBeLessThanOrEqual(ADAPTIVE_CARD_LIMITS.cardBytes);
    expect(JSON.stringify(listCard)).toMatch(/… \d+ more/);
  });

  it('renders the rport confirmation card the same way every time', () => {
    expect(renderAdaptiveCard(views[0]![1], { subject: 'snapshot' })).toMatchSnapshot();
  });
});
