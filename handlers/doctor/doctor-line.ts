import { describeError } from '../../src/errors.ts';

/** One check's outcome: ✓ passed, ✗ failed (with the one thing to do), ⚠ to look at (does not fail). */
export interface DoctorLine {
  status: 'ok' | 'fail' | 'warn';
  system: string;
  check: string;
  text: string;
}

const MARK = { ok: '✓', fail: '✗', warn: '⚠' } as const;

export const ok = (system: string, check: string, text: string): DoctorLine => ({
  status: 'ok',
  system,
  check,
  text,
});
export const fail = (system: string, check: string, text: string): DoctorLine => ({
  status: 'fail',
  system,
  check,
  text,
});
export const warn = (system: string, check: string, text: string): DoctorLine => ({
  status: 'warn',
  system,
  check,
  text,
});

/** `✓ PM Cloud · token: issued`. */
export function formatDoctorLine(line: DoctorLine): string {
  return `${MARK[line.status]} ${line.system} · ${line.check}: ${line.text}`;
}

/**
 * Run one check: its answer is a ✓ line (or the lines it returns); whatever it throws becomes a ✗ line
 * with the error's own sentence, which already names the system and what to do.
 */
export async function attempt(
  system: string,
  check: string,
  run: () => Promise<string | DoctorLine>,
): Promise<DoctorLine> {
  try {
    const out = await run();
    return typeof out === 'string' ? ok(system, check, out) : out;
  } catch (err) {
    return fail(system, check, describeError(err));
  }
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
