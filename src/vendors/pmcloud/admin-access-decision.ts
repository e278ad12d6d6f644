import { BadInputError } from '../../errors.ts';

/**
 * A JIT admin session can be asked for between 5 minutes and 24 hours (the vendor's JIT admin access user
 * documentation, EVIDENCE.md). Every duration Gatehouse offers, accepts or sends stays inside this range.
 */
export const JIT_MIN_SECONDS = 5 * 60;
export const JIT_MAX_SECONDS = 24 * 60 * 60;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What Gatehouse decides about one JIT admin access request. */
export interface AdminAccessDecisionInput {
  requestId: string;
  decision: 'Approved' | 'Denied';
  /** How long the admin rights last, in seconds; required to approve. */
  durationSeconds?: number;
  /** Who decided, as PM Cloud should record it (the approver's email or name). */
  decidedBy: string;
  message: string;
}

/**
 * The decision body PM Cloud documents (NOTES §2.3: descriptions and types verified, names inferred from the
 * verified `decision`/`decisionPerformedByUser`). `duration` is a string of seconds, as PM Cloud types it.
 */
export interface AdminAccessDecisionBody {
  requestId: string;
  decision: 'Approved' | 'Denied';
  duration?: string;
  decisionPerformedByUser: string;
  message: string;
}

/** Check a decision before anything is sent, so a mistake is explained here and not by PM Cloud. */
export function buildDecisionBody(input: AdminAccessDecisionInput): AdminAccessDecisionBody {
  const requestId = checkRequestId(input.requestId);
  if (input.decision !== 'Approved' && input.decision !== 'Denied') {
    throw new BadInputError(`A PM Cloud decision is Approved or Denied (got "${String(input.decision)}").`);
  }
  const seconds = input.durationSeconds;
  if (seconds !== undefined && (!Number.isInteger(seconds) || seconds <= 0)) {
    throw new BadInputError(
      `The admin access duration must be a whole number of seconds above 0 (got ${seconds}).`,
    );
  }
  if (seconds !== undefined && (seconds < JIT_MIN_SECONDS || seconds > JIT_MAX_SECONDS)) {
    throw new BadInputError(
      `PM Cloud grants admin access for 5 minutes to 24 hours (asked for ${seconds} seconds).`,
    );
  }
  if (input.decision === 'Approved' && seconds === undefined) {
    throw new BadInputError(
      'Approving admin access needs a duration: how long the admin rights should last.',
    );
  }
  const decidedBy = input.decidedBy.trim();
  if (!decidedBy) throw new BadInputError('PM Cloud needs to know who made the decision.');
  return {
    requestId,
    decision: input.decision,
    ...(seconds !== undefined ? { duration: String(seconds) } : {}),
    decisionPerformedByUser: decidedBy,
    message: input.message,
  };
}

/** PM Cloud request ids are UUIDs; anything else is a typo, not a request to look up. */
export function checkRequestId(id: string): string {
  const trimmed = id.trim();
  if (!UUID.test(trimmed)) {
    throw new BadInputError(
      `"${clip(trimmed)}" is not a PM Cloud admin access request id (those look like a UUID).`,
    );
  }
  return trimmed;
}

function clip(value: string): string {
  return value.length <= 60 ? value : `${value.slice(0, 59)}…`;
}
