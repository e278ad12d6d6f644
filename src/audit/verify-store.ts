import type { Store } from '../store/store.ts';
import type { Checkpoint, CheckpointSigner } from './checkpoint.ts';
import { chainTop, readCheckpoints, readStoredChain } from './store-chain.ts';
import { type Problem, type WalkResult, walkChain } from './verify-chain.ts';

export interface VerifyReport extends WalkResult {
  ok: boolean;
  /** Where the entries came from: the store, or exported files. */
  source: 'store' | 'file';
  /** The newest seq the chain head names (store only). */
  top?: number;
  /** Signed checkpoints whose MAC was verified. */
  checkpointsVerified: number;
  /** false when no key was given, so checkpoints could not be checked. */
  signed: boolean;
  notes: string[];
}

/** The earliest problem of several (by seq), or undefined. */
export function firstProblem(problems: Array<Problem | undefined>): Problem | undefined {
  return problems.filter((p): p is Problem => p !== undefined).sort((a, b) => a.seq - b.seq)[0];
}

/** Notes every report shares: where verification started and what it could not check. */
export function walkNotes(walk: WalkResult, source: 'store' | 'file'): string[] {
  const notes: string[] = [];
  if (walk.anchoredAt) {
    const { seq, prev } = walk.anchoredAt;
    const why =
      source === 'store' ? 'expired after AUDIT_RETENTION_DAYS, or were removed' : 'are not in these lines';
    notes.push(
      `Entries before #${seq} ${why}: verified from #${seq}, which follows an entry with hash ${prev}; a copy holding #${seq - 1} (an export) can confirm it.`,
    );
  }
  if (walk.unchained > 0)
    notes.push(`${walk.unchained} entries were written before the hash chain and have no hash.`);
  return notes;
}

/**
 * Verify the chain in the store: every signed checkpoint's MAC first, then every entry from #1 to the head
 * (absent leading entries expired), comparing entries with the checkpoints that sign them.
 */
export async function verifyStoredChain(
  store: Store,
  signer?: CheckpointSigner,
  retention?: { ms: number; now: () => Date },
): Promise<VerifyReport> {
  const { head, top } = await chainTop(store);
  const problems: Array<Problem | undefined> = [];
  const notes: string[] = [];
  const { checkpoints, missing } = await readCheckpoints(store, head);
  const signed = new Map<number, Checkpoint>();
  let newer: number | undefined;
  for (const cp of checkpoints) {
    if (newer !== undefined && cp.seq >= newer) {
      problems.push({
        seq: cp.seq,
        kind: 'checkpoint',
        message: `The checkpoint chain loops at #${cp.seq}.`,
      });
      break;
    }
    newer = cp.seq;
    if (!signer) continue;
    const verdict = signer.check(cp);
    if (verdict === 'ok') signed.set(cp.seq, cp);
    else
      problems.push({
        seq: cp.seq,
        kind: 'checkpoint',
        message:
          verdict === 'bad'
            ? `The signed checkpoint of #${cp.seq} has a bad signature: it was forged or changed.`
            : `The checkpoint of #${cp.seq} was signed with another key (${cp.kid}); verify with that GATEHOUSE_SECRET_KEY.`,
      });
  }
  if (head?.checkpoint && head.checkpoint.seq > head.seq)
    problems.push({
      seq: head.seq + 1,
      kind: 'removed',
      message: `Entries after #${head.seq} were removed: a signed checkpoint names #${head.checkpoint.seq}.`,
    });
  const walk = await walkChain(readStoredChain(store, 1, top), {
    checkpoints: signed,
    ...(head ? { head: { seq: head.seq, hash: head.hash } } : {}),
  });
  problems.push(walk.problem);
  if (missing !== undefined && walk.first !== undefined && missing >= walk.first)
    problems.push({
      seq: missing,
      kind: 'checkpoint',
      message: `The signed checkpoint of #${missing} was removed while its entry is still kept.`,
    });
  // A checkpoint is written just after its entry with the same lifetime: while one is kept (and not about to
  // expire), its entry cannot have expired, so an absent one was removed.
  const older = [...signed.values()].filter((cp) => walk.first === undefined || cp.seq < walk.first);
  const oldest = older.sort((a, b) => a.seq - b.seq)[0];
  if (oldest && retention && Date.parse(oldest.at) + retention.ms - retention.now().getTime() > 60_000)
    problems.push({
      seq: oldest.seq,
      kind: 'removed',
      message: `#${oldest.seq} was removed: its signed checkpoint is still kept, so it has not expired.`,
    });
  if (!signer && checkpoints.length > 0)
    notes.push('Checkpoints were not verified: GATEHOUSE_SECRET_KEY is not set here.');
  if (!signer && checkpoints.length === 0)
    notes.push(
      'The chain head is not signed: GATEHOUSE_SECRET_KEY is not set, so only the hashes were checked.',
    );
  if (signer && head && !head.checkpoint)
    notes.push('No signed checkpoint yet: the next entry signs the head.');
  notes.push(...walkNotes(walk, 'store'));
  if (top === 0) notes.push('Nothing has been audited yet.');
  const problem = firstProblem(problems);
  return {
    ...walk,
    ...(problem ? { problem } : {}),
    ok: !problem,
    source: 'store',
    top,
    checkpointsVerified: signed.size,
    signed: Boolean(signer),
    notes,
  };
}

/** The report as lines for chat and the command line. */
export function describeVerifyReport(report: VerifyReport): string[] {
  const range = report.first !== undefined ? ` (#${report.first}–#${report.last})` : '';
  const lines = [
    report.problem
      ? `BROKEN at #${report.problem.seq}: ${report.problem.message}`
      : `OK: ${report.checked} entries verified${range}.`,
  ];
  if (report.problem && report.checked > 0)
    lines.push(`${report.checked} entries before it verified${range}.`);
  if (report.signed) lines.push(`${report.checkpointsVerified} signed checkpoints verified.`);
  return [...lines, ...report.notes];
}
