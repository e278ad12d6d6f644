import type { Intent } from '../src/intents/intent.ts';
import { accessDecisionIntents } from './access/access-decisions.ts';
import { accessQueryIntents } from './access/access-queries.ts';
import { alertIntents } from './alerts/alert-intents.ts';
import { auditIntents } from './audit.ts';
import type { HandlerDeps } from './deps.ts';
import { doctorIntents } from './doctor/doctor-intent.ts';
import { healthIntents } from './health/health.ts';
import { mfaIntents } from './mfa/mfa-intents.ts';
import { passwordSafeIntents } from './password-safe/ps-intents.ts';
import { remoteSupportIntents } from './remote-support/remote-support-intents.ts';
import { rportQueryIntents } from './rport/rport-queries.ts';
import { rportRunIntents } from './rport/rport-run.ts';

export type { HandlerDeps } from './deps.ts';

/** The intent registry: every capability registers here, and every platform sees the same list. */
export function createIntents(deps: HandlerDeps): Intent[] {
  const all: Intent[] = [
    ...rportQueryIntents(deps),
    ...rportRunIntents(deps),
    ...auditIntents(deps),
    ...remoteSupportIntents(deps),
    ...healthIntents(deps),
    ...accessQueryIntents(deps),
    ...accessDecisionIntents(deps),
    ...alertIntents(deps),
    ...passwordSafeIntents(deps),
    ...mfaIntents(deps),
    // Doctor checks the policy against every intent, itself included: the list as built here.
    ...doctorIntents(deps, () => all.map((i) => i.name)),
  ] as Intent[];
  return all;
}
