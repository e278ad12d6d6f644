import { afterEach, describe, expect, it } from 'vitest';
import { durationChoices, readAccessDuration } from '../../../handlers/access/access-durations.ts';
import { parsePolicy } from '../../../src/policy/load-policy.ts';
import { startFakePmCloud } from '../../fakes/pmcloud-server.ts';
import { storeBackends } from '../../helpers/stores.ts';
import {
  type AccessHarness,
  accessPolicy,
  CAROL,
  PMC_ID,
  PMC_SECRET,
  seedRequests,
  startAccessHarness,
  textOf,
} from './access-harness.ts';

const open: AccessHarness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) {
    await h.close();
    await h.fake.close();
  }
});

describe('a tenant whose decision path is not the default', () => {
  it('tells the approver alone, once per attempt, what to set; the card stays actionable', async () => {
    const fake = await startFakePmCloud({
      clientId: PMC_ID,
      clientSecret: PMC_SECRET,
      seed: seedRequests(),
      decisionPath: '/management-api/v3/AdminAccessRequest/Decide',
    });
    const h = await startAccessHarness(storeBackends[0]![1], { fake });
    open.push(h);
    await h.poll();
    const fin = fake.requests.find((r) => r.computerName === 'FIN-LT-0142')!;
    const postedBefore = h.slack.posts.length;

    const first = await h.run(`access approve ${fin.id} --for 2h`, CAROL);
    expect(first.visibility).toBe('private');
    expect(first.view.title).toBe('Not decided');
    expect(first.view.summary).toBe(
      "PM Cloud has no decision endpoint at POST /management-api/v3/AdminAccessRequest/decision (HTTP 405): PMC_DECISION_PATH must match the tenant's API definition (its Swagger page lists the POST that updates an admin access request decision). The request is still open: decide it again once PMC_DECISION_PATH is fixed.",
    );
    expect(h.slack.posts.length).toBe(postedBefore);
    expect(fin.decision).toBe('Pending');
    for (const view of h.copies().filter((v) => textOf(v).includes('FIN-LT-0142'))) {
      expect(textOf(view)).not.toMatch(/Approved by|Denied by/);
      expect(view.actions?.length ?? 0).toBeGreaterThan(0);
    }
    // Nothing was claimed for good: the next attempt reaches PM Cloud again instead of "already handled".
    const second = await h.run(`access approve ${fin.id} --for 2h`, CAROL);
    expect(second.view.summary).toMatch(/^PM Cloud has no decision endpoint/);
    expect(h.logs.text()).toContain('PMC_DECISION_PATH must match the tenant API definition');
  });
});

describe('the JIT admin session range (5 minutes to 24 hours)', () => {
  const access = parsePolicy(accessPolicy()).access;

  it('is never offered or accepted outside the range', () => {
    const choices = durationChoices({ ...access, durations: ['once', '1m', '5m', '1h', '2d'] }).choices;
    expect(choices.map((c) => c.value)).toEqual(['once', '300', '3600']);
    expect(readAccessDuration('4m', access)).toEqual({
      problem: 'PM Cloud grants admin access for 5 minutes to 24 hours (asked for 4 min).',
    });
    expect(readAccessDuration('5m', access)).toEqual({ duration: 300 });
    expect(readAccessDuration('25h', access)).toHaveProperty('problem');
  });

  it('is enforced on the policy: max_duration and each offered duration', () => {
    const policy = (lines: string) => accessPolicy().replace(/ {2}max_duration: 1d/, lines);
    expect(() => parsePolicy(policy('  max_duration: 2d'))).toThrow(
      /access\.max_duration must be between 5m and 1d/,
    );
    expect(() => parsePolicy(policy('  max_duration: 1m'))).toThrow(
      /access\.max_duration must be between 5m and 1d/,
    );
    const short = accessPolicy().replace('durations: [once, 1h', 'durations: [once, 2m, 1h');
    expect(() => parsePolicy(short)).toThrow(/at least 5m/);
  });
});
