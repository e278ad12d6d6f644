import { BadInputError } from '../../errors.ts';
import type { RunCommandInput, RunMultiCommandInput } from './types.ts';

/** Only keys rport knows: its decoder rejects any other (DisallowUnknownFields, NOTES §1.4). */
export function toCommandBody(input: RunCommandInput): Record<string, unknown> {
  if (!input.command.trim()) throw new BadInputError('The command to run through rport is empty.');
  return {
    command: input.command,
    ...(input.interpreter ? { interpreter: input.interpreter } : {}),
    ...(input.cwd ? { cwd: input.cwd } : {}),
    ...(input.isSudo !== undefined ? { is_sudo: input.isSudo } : {}),
    ...(input.timeoutSec !== undefined ? { timeout_sec: Math.max(0, Math.trunc(input.timeoutSec)) } : {}),
  };
}

export function toMultiCommandBody(input: RunMultiCommandInput): Record<string, unknown> {
  const ids = input.clientIds ?? [];
  const groups = input.groupIds ?? [];
  if (input.tags && (ids.length > 0 || groups.length > 0)) {
    throw new BadInputError('rport cannot target tags together with client ids or groups; pick one.');
  }
  if (!input.tags && ids.length === 0 && groups.length === 0) {
    throw new BadInputError('Name at least one rport client, group or tag to run the command on.');
  }
  return {
    ...toCommandBody(input),
    ...(ids.length > 0 ? { client_ids: ids } : {}),
    ...(groups.length > 0 ? { group_ids: groups } : {}),
    ...(input.tags ? { tags: { tags: input.tags.tags, operator: input.tags.operator } } : {}),
    ...(input.executeConcurrently !== undefined ? { execute_concurrently: input.executeConcurrently } : {}),
    ...(input.abortOnError !== undefined ? { abort_on_error: input.abortOnError } : {}),
  };
}
