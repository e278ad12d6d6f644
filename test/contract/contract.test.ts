import { describe, expect, it } from 'vitest';
import { createIntentCatalog } from '../../adapters/compose-handlers.ts';
import { startWorld } from './contract-world.ts';
import type { Driver } from './driver.ts';
import { type Expected, SCENARIOS, type Scenario } from './scenarios.ts';
import { startSlackDriver } from './slack-driver.ts';
import { startTeamsDriver } from './teams-driver.ts';
import { type Trace, toTrace, wasShown } from './trace.ts';

/** The intent names of the registry as built for a running Gatehouse. */
function registryNames(): string[] {
  return createIntentCatalog().intents.map((i) => i.name);
}

/** The capabilities the contract suite must play on every platform (issue 9: the same calls everywhere). */
const REQUIRED_CAPABILITIES = [
  'rport.run',
  'rport.confirm',
  'rport.cancel',
  'access.approve',
  'access.deny',
  'sessionkey',
  'alerts.ack',
] as const;

const PLATFORMS = { slack: startSlackDriver, teams: startTeamsDriver } as const;

async function play(driver: Driver, scenario: Scenario): Promise<void> {
  for (const step of scenario.steps) {
    if ('say' in step) await driver.say(step.as ?? 'alice', step.say);
    else if ('press' in step) await driver.press(step.as ?? 'alice', step.press, step.inputs);
    else if ('poll' in step) await driver.poll(step.poll);
    else await driver.alert(step.alert);
    const until = step.until;
    await driver.settle(until ? (shown) => wasShown(shown, until) : undefined);
  }
}

/** One platform's run of a scenario, in its own world of fake vendors. */
async function traceOn(platform: keyof typeof PLATFORMS, scenario: Scenario): Promise<Trace> {
  const world = await startWorld();
  const driver = await PLATFORMS[platform](world);
  try {
    await play(driver, scenario);
    return toTrace(driver.shown(), driver.intents, await driver.audit(), world.vendorCalls());
  } finally {
    await driver.close();
    await world.close();
  }
}

function expectScenario(trace: Trace, expected: Expected): void {
  expect(trace.intents.map((i) => i.name)).toEqual(expected.intents);
  expect(trace.cards).toEqual(expected.cards);
  expect(trace.private).toHaveLength(expected.private.length);
  expected.private.forEach((piece, i) => {
    expect(trace.private[i]).toContain(piece);
  });
  expect(trace.vendor).toHaveLength(expected.vendor.length);
  expected.vendor.forEach((piece, i) => {
    expect(trace.vendor[i]).toContain(piece);
  });
  let from = 0;
  for (const piece of expected.audit) {
    const at = trace.audit.findIndex((line, i) => i >= from && line.includes(piece));
    expect(at, `audit line "${piece}" in ${JSON.stringify(trace.audit)}`).toBeGreaterThanOrEqual(0);
    from = at + 1;
  }
}

describe('the same scenario on Slack and Teams', () => {
  it('covers every capability it requires, plus help, bad input and refusals', () => {
    const registered = new Set(registryNames());
    const covered = new Set(SCENARIOS.flatMap((s) => s.expect.intents));
    // Required, whatever the registry holds: a capability that disappears from the registry fails here.
    for (const name of REQUIRED_CAPABILITIES) {
      expect(registered, `${name} is registered`).toContain(name);
      expect(covered, `${name} has a scenario`).toContain(name);
    }
    for (const name of covered) expect(registered, name).toContain(name);
    expect(SCENARIOS.map((s) => s.name)).toEqual(
      expect.arrayContaining(['help', 'bad input', 'not permitted']),
    );
  });

  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    const [slack, teams] = await Promise.all([traceOn('slack', scenario), traceOn('teams', scenario)]);
    expectScenario(slack, scenario.expect);
    expectScenario(teams, scenario.expect);
    // Equivalent on both: the same handler calls with the same input, the same audit trail and vendor calls,
    // the same card states (titles and fields) and the same private answers.
    expect(teams).toEqual(slack);
  });
});
