import { describe, expect, it } from 'vitest';
import { renderBlockKit } from '../../../cards/block-kit.ts';
import { renderConsoleText } from '../../../cards/console-text.ts';
import { finalLine, renderAccessCard, waitingLabel } from '../../../handlers/access/access-card.ts';
import { durationChoices, readAccessDuration } from '../../../handlers/access/access-durations.ts';
import { type AccessState, newAccessState } from '../../../handlers/access/access-state.ts';
import { refuseRequester } from '../../../handlers/access/is-requester.ts';
import type { Actor } from '../../../src/intents/envelope.ts';
import { parsePolicy } from '../../../src/policy/load-policy.ts';
import { createPolicyEngine } from '../../../src/policy/policy-engine.ts';
import type { AdminAccessRequest } from '../../../src/vendors/pmcloud/index.ts';
import { accessPolicy } from './access-harness.ts';

const NOW = new Date('2025-03-04T10:32:00Z');
const access = parsePolicy(accessPolicy()).access;

const request: AdminAccessRequest = {
  id: '3f2b8c1e-7a4d-4e2b-9c61-0d5a8e7f1a01',
  user: { name: 'CORP\\amelia.hart', email: 'amelia.hart@corp.example' },
  computer: { name: 'FIN-LT-0142' },
  reason: 'Install the add-in',
  createdAt: '2025-03-04T09:50:00.000Z',
  requestedDuration: 3600,
  status: 'Pending',
  ticketId: 'EPM000231',
};

const pending: AccessState = { ...newAccessState(request, NOW, 'ref-123') };

describe('the access card', () => {
  it('while pending: a select within max_duration, a reason input, and three buttons carrying only the ref', () => {
    const view = renderAccessCard(pending, { access, now: NOW });
    expect(view.state).toBe('pending');
    expect(view.fields?.find((f) => f.label === 'Waiting')?.value).toBe('30+ min');
    expect(view.actions?.every((a) => a.ref === 'ref-123')).toBe(true);
    const blocks = JSON.stringify(renderBlockKit(view).blocks);
    expect(blocks).toContain('gh|access.deny|reason|1');
    expect(blocks).toContain('ghin|duration');
    expect(renderConsoleText(view)).toContain('[1] Approve  [2] Deny  [3] Details');
  });

  it('final states say what happened and offer nothing more', () => {
    const cases: Array<[Partial<AccessState>, string]> = [
      [
        { status: 'approved', decision: { by: ['Alice'], at: NOW.toISOString(), duration: 3600 } },
        'Approved by Alice for 1 h at 10:32 UTC',
      ],
      [
        { status: 'approved', decision: { by: ['Alice', 'Carol'], at: NOW.toISOString(), duration: 'once' } },
        'Approved by Alice and Carol once at 10:32 UTC',
      ],
      [
        { status: 'denied', decision: { by: ['Bob'], at: NOW.toISOString(), reason: 'Use the portal' } },
        'Denied by Bob: Use the portal',
      ],
      [
        { status: 'elsewhere', elsewhere: { decision: 'Approved', by: 'X' } },
        'Decided in PM Cloud: Approved by X',
      ],
      [{ status: 'expired' }, 'Expired, nothing was granted'],
    ];
    for (const [change, line] of cases) {
      const state = { ...pending, ...change } as AccessState;
      expect(finalLine(state, NOW)).toBe(line);
      const view = renderAccessCard(state, { access, now: NOW });
      expect(view.actions).toBeUndefined();
      expect(view.inputs).toBeUndefined();
      expect(view.fields?.find((f) => f.label === 'State')?.value).toBe(line);
    }
  });

  it('collecting approvals shows "1 of 2" on the card', () => {
    const twoNeeded = parsePolicy(accessPolicy({ requiredApprovals: 2 })).access;
    const state = {
      ...pending,
      approvals: [{ person: 'carol@example.com', name: 'Carol', at: NOW.toISOString() }],
    };
    const view = renderAccessCard(state, { access: twoNeeded, now: NOW });
    expect(view.fields?.find((f) => f.label === 'State')?.value).toBe('1 of 2 approvals (Carol)');
    expect(view.fields?.find((f) => f.label === 'Who may decide')?.value).toBe(
      '2 different people with the approver role (not CORP\\amelia.hart)',
    );
  });

  it('waits in coarse steps', () => {
    expect([0, 14, 15, 59, 60, 179, 1440, 4000].map((m) => waitingLabel(m * 60_000))).toEqual([
      'under 15 min',
      'under 15 min',
      '15+ min',
      '45+ min',
      '1+ h',
      '2+ h',
      '1+ d',
      '2+ d',
    ]);
  });
});

describe('durations', () => {
  it('never offers or accepts more than max_duration; "once" is allowed; absent means the default', () => {
    expect(durationChoices(access).choices.map((c) => c.value)).toEqual([
      'once',
      '3600',
      '14400',
      '28800',
      '86400',
    ]);
    expect(readAccessDuration(undefined, access)).toEqual({ duration: 3600 });
    expect(readAccessDuration('once', access)).toEqual({ duration: 'once' });
    expect(readAccessDuration('14400', access)).toEqual({ duration: 14_400 });
    expect(readAccessDuration('1h30m', access)).toEqual({ duration: 5400 });
    expect(readAccessDuration('172800', access)).toHaveProperty('problem');
    expect(readAccessDuration('-5', access)).toHaveProperty('problem');
  });

  it('a default missing from the list is offered too, and pre-selected', () => {
    const custom = { ...access, durations: ['4h', '8h'], default_duration: '2h' };
    expect(durationChoices(custom)).toEqual({
      choices: [
        { label: '4 h', value: '14400' },
        { label: '8 h', value: '28800' },
        { label: '2 h', value: '7200' },
      ],
      initial: '7200',
    });
  });
});

describe('refuseRequester', () => {
  const policy = createPolicyEngine(parsePolicy(accessPolicy()));
  const actor = (o: Partial<Actor>): Actor => ({ platform: 'slack', userId: 'U1', name: 'Someone', ...o });
  const upn = {
    user: { name: 'CORP\\amelia.hart', email: 'amelia.hart@corp.example' },
    computer: { name: 'PC' },
  };
  const mapped = { user: { name: 'CORP\\dan.reyes' }, computer: { name: 'PC' } };
  const unmapped = { user: { name: 'CORP\\dreyes' }, computer: { name: 'PC' } };
  const titleOf = (r: typeof upn | typeof mapped, a: Actor) => refuseRequester(r, a, policy)?.title;

  it('matches by email, case-insensitively, and by the Windows accounts of the policy people', () => {
    expect(titleOf(upn, actor({ email: 'Amelia.Hart@CORP.example' }))).toBe('Not yours to decide');
    expect(titleOf(mapped, actor({ email: 'dan.reyes@example.com' }))).toBe('Not yours to decide');
  });
  it('still refuses an account name that looks like the requester when either side is only an email', () => {
    expect(titleOf(upn, actor({ email: 'ahart@example.com', name: 'Amelia Hart' }))).toBe(
      'Not yours to decide',
    );
  });
  it('refuses, naming the mapping, when it cannot prove who the requester or the approver is', () => {
    expect(refuseRequester(unmapped, actor({ email: 'dan.reyes@example.com' }), policy)?.sentence).toMatch(
      /^Gatehouse cannot prove you are not the requester: PM Cloud names the requester only as CORP\\dreyes/,
    );
    expect(titleOf(upn, actor({}))).toBe('Who are you?');
  });
  it('lets someone provably else decide', () => {
    expect(titleOf(upn, actor({ email: 'carol@example.com', name: 'Carol' }))).toBeUndefined();
    expect(titleOf(mapped, actor({ email: 'dan@example.com', name: 'Dan' }))).toBeUndefined();
  });
});
