import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { AuditEntry } from '../intents/audit-log.ts';
import { type ChainItem, walkChain } from './verify-chain.ts';
import { type VerifyReport, walkNotes } from './verify-store.ts';

/** The JSON of one exported line: a JSON-lines entry, or the MSG of an RFC 5424 line (after its BOM). */
function jsonOf(line: string): string {
  const bom = line.indexOf('\uFEFF');
  return line.startsWith('<') && bom >= 0 ? line.slice(bom + 1) : line;
}

/**
 * Lines in the order they were exported → chain items: a jump forward is a gap (entries missing), a step
 * back is a reordering, and a line repeating the previous one exactly (at-least-once delivery) is skipped.
 */
async function* itemsOf(
  lines: AsyncIterable<string>,
  state: { repeats: number; bad?: string },
): AsyncGenerator<ChainItem> {
  let previous: AuditEntry | undefined;
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (!line.trim()) continue;
    let entry: AuditEntry;
    try {
      entry = JSON.parse(jsonOf(line)) as AuditEntry;
      if (typeof entry?.seq !== 'number') throw new Error('no seq');
    } catch {
      state.bad = `line ${lineNo} is not an audit entry`;
      return;
    }
    if (previous && entry.seq === previous.seq && entry.hash === previous.hash) {
      state.repeats++;
      continue;
    }
    const expected = previous ? previous.seq + 1 : entry.seq;
    if (entry.seq > expected) yield { kind: 'gap', from: expected, to: entry.seq - 1 };
    yield { kind: 'entry', at: entry.seq < expected ? expected : entry.seq, entry };
    previous = entry;
  }
}

/** Verify exported lines alone (no store, no key): hashes, links, order and completeness. */
export async function verifyExportedLines(lines: AsyncIterable<string>): Promise<VerifyReport> {
  const state: { repeats: number; bad?: string } = { repeats: 0 };
  const walk = await walkChain(itemsOf(lines, state));
  const problem =
    walk.problem ??
    (state.bad
      ? { seq: (walk.last ?? 0) + 1, kind: 'changed' as const, message: `${state.bad}.` }
      : undefined);
  const notes = walkNotes(walk, 'file');
  if (state.repeats > 0)
    notes.push(`${state.repeats} repeated lines (sent again after a retry) were skipped.`);
  if (walk.first === undefined && !problem) notes.push('No entries in these lines.');
  return {
    ...walk,
    ...(problem ? { problem } : {}),
    ok: !problem,
    source: 'file',
    checkpointsVerified: 0,
    signed: false,
    notes,
  };
}

/** Verify exported files read one after another, in the order given (oldest rotated file first). */
export function verifyExportedFiles(paths: string[]): Promise<VerifyReport> {
  async function* lines() {
    for (const path of paths)
      yield* createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  }
  return verifyExportedLines(lines());
}
