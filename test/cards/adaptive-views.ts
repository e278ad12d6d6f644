import { createIntentCatalog } from '../../adapters/compose-handlers.ts';
import { STATE_MARKS } from '../../cards/state-marks.ts';
import { apiInfoView, repsView, sessionKeyView, teamsView } from '../../handlers/remote-support/rs-views.ts';
import {
  closedRunView,
  confirmView,
  jobView,
  type RunParams,
  resultView,
} from '../../handlers/rport/rport-views.ts';
import { renderHelp } from '../../src/intents/help-view.ts';
import type { Job } from '../../src/vendors/rport/index.ts';
import { noticeView, type View, type ViewState } from '../../src/views/view.ts';

export const now = new Date('2026-11-20T10:00:00Z');
export const params: RunParams = {
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
  return renderHelp(createIntentCatalog().intents, { prefix: '@Gatehouse ' });
}

/** Every view this test can build from the handlers' own view functions, plus every notice state. */
export const views: Array<[string, View]> = [
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
