import { formatDuration, formatTime } from '../../src/intents/duration.ts';
import type { Job, RportClient } from '../../src/vendors/rport/index.ts';
import type { View, ViewAttachment, ViewBlock, ViewState } from '../../src/views/view.ts';

/** What a pending rport run holds: exactly what will be sent, and what the card shows. */
export interface RunParams {
  command: string;
  targets: Array<{ id: string; name: string; online: boolean }>;
  sudo: boolean;
  timeoutSec: number;
  cwd?: string;
  interpreter?: string;
  rule: string;
  secondApprover: boolean;
  /** The rule asks for a fresh second factor before the command runs. */
  stepUp?: boolean;
}

/** Output tails shown on the card; the whole output goes into a file when it is longer. */
const TAIL_LINES = 15;
const TAIL_CHARS = 1200;
/** Past this many clients the card lists statuses only, and every output is in the file. */
const MAX_CLIENTS_WITH_OUTPUT = 5;

export function targetLine(t: { id: string; name: string; online: boolean }): string {
  const label = t.name && t.name !== t.id ? `${t.name} (${t.id})` : t.id;
  return `${label} — ${t.online ? 'online' : 'OFFLINE'}`;
}

export function clientLine(c: RportClient): string {
  const state =
    c.connectionState === 'connected'
      ? '🟢 online'
      : c.connectionState === 'disconnected'
        ? '🔴 offline'
        : '⚪ unknown';
  const extra = [
    c.osFullName,
    c.tags.length ? `tags ${c.tags.join(', ')}` : '',
    c.groups.length ? `groups ${c.groups.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return `${state}  ${c.name || c.hostname} (${c.id})${extra ? ` — ${extra}` : ''}`;
}

function runFields(p: RunParams, requester: string): View['fields'] {
  return [
    { label: 'Requested by', value: requester },
    { label: 'Sudo', value: p.sudo ? 'yes' : 'no' },
    { label: 'Timeout', value: formatDuration(p.timeoutSec) },
    ...(p.cwd ? [{ label: 'Working directory', value: p.cwd }] : []),
    ...(p.interpreter ? [{ label: 'Interpreter', value: p.interpreter }] : []),
    { label: 'Policy rule', value: p.rule },
  ];
}

function commandBlocks(p: RunParams): ViewBlock[] {
  return [
    { type: 'code', text: p.command },
    { type: 'list', items: p.targets.map(targetLine) },
  ];
}

export function confirmView(
  p: RunParams,
  o: { ref: string; requester: string; confirmers: string; expiresAt: string; now: Date },
): View {
  const offline = p.targets.filter((t) => !t.online).length;
  return {
    title: `Run on ${p.targets.length} ${p.targets.length === 1 ? 'client' : 'clients'}?`,
    state: 'pending',
    summary: `${o.requester} asks to run \`${p.command}\` on ${p.targets.map((t) => t.name || t.id).join(', ')}`,
    fields: [
      ...(runFields(p, o.requester) ?? []),
      { label: 'Who may confirm', value: o.confirmers },
      { label: 'Expires', value: formatTime(o.expiresAt, o.now) },
    ],
    blocks: [
      ...commandBlocks(p),
      ...(offline > 0
        ? [
            {
              type: 'text' as const,
              text: `${offline} of the targets are offline: rport will refuse the command there.`,
            },
          ]
        : []),
    ],
    actions: [
      { label: 'Run', verb: 'rport.confirm', ref: o.ref, style: 'primary' },
      { label: 'Cancel', verb: 'rport.cancel', ref: o.ref, style: 'danger' },
    ],
  };
}

/** A final or intermediate card without buttons: cancelled, expired, running, failed to start. */
export function closedRunView(
  p: RunParams,
  o: { requester: string; state: ViewState; title: string; line: string },
): View {
  return {
    title: o.title,
    state: o.state,
    summary: o.line,
    fields: runFields(p, o.requester),
    blocks: [...commandBlocks(p), { type: 'context', text: o.line }],
  };
}

const STATUS_MARK: Record<Job['status'], string> = {
  running: '🔄',
  successful: '✅',
  failed: '❌',
  unknown: '❔',
};

function jobStatusLine(job: Job): string {
  const exit = job.exitCode !== null ? ` (exit ${job.exitCode})` : '';
  const why =
    job.status === 'unknown'
      ? ' — timed out; rport no longer observes it, it may still be running'
      : job.error && job.status === 'failed'
        ? ` — ${job.error}`
        : '';
  return `${STATUS_MARK[job.status]} ${job.clientName || job.clientId}: ${job.status}${exit}${why}`;
}

function tail(text: string): { text: string; cut: boolean } {
  const lines = text.replace(/\s+$/, '').split('\n');
  let out = lines.slice(-TAIL_LINES).join('\n');
  if (out.length > TAIL_CHARS) out = out.slice(out.length - TAIL_CHARS);
  return { text: out, cut: out.length < text.replace(/\s+$/, '').length };
}

/** The result card: per-client status, output tails, and the whole output as a file when it does not fit. */
export function resultView(
  p: RunParams,
  jobs: Job[],
  o: { requester: string; confirmedBy: string; jid: string },
): View {
  const finished = jobs.filter((j) => j.status !== 'running');
  const ok = jobs.filter((j) => j.status === 'successful').length;
  const state: ViewState = jobs.some((j) => j.status === 'running')
    ? 'running'
    : ok === jobs.length
      ? 'success'
      : ok === 0
        ? 'failure'
        : 'warning';
  const blocks: ViewBlock[] = [
    { type: 'code', text: p.command },
    { type: 'list', items: jobs.map(jobStatusLine) },
  ];
  let cut = jobs.length > MAX_CLIENTS_WITH_OUTPUT;
  if (!cut) {
    for (const job of finished) {
      const out = tail(job.result?.stdout ?? '');
      const err = tail(job.result?.stderr ?? '');
      if (out.text)
        blocks.push(
          {
            type: 'context',
            text: `${job.clientName || job.clientId} stdout${out.cut ? ' (last lines)' : ''}`,
          },
          { type: 'code', text: out.text },
        );
      if (err.text)
        blocks.push(
          {
            type: 'context',
            text: `${job.clientName || job.clientId} stderr${err.cut ? ' (last lines)' : ''}`,
          },
          { type: 'code', text: err.text },
        );
      cut ||= out.cut || err.cut;
    }
  }
  blocks.push({ type: 'context', text: `Confirmed by ${o.confirmedBy} · rport job ${o.jid}` });
  const attachments: ViewAttachment[] =
    cut && finished.length > 0 && state !== 'running'
      ? [
          {
            filename: `rport-${o.jid}.txt`,
            title: `Output of rport job ${o.jid}`,
            content: fullOutput(p, jobs),
          },
        ]
      : [];
  return {
    title: state === 'running' ? 'Running' : `Finished: ${ok} of ${jobs.length} successful`,
    state,
    summary: `\`${p.command}\`: ${ok} of ${jobs.length} successful`,
    fields: runFields(p, o.requester),
    blocks,
    ...(attachments.length ? { attachments } : {}),
  };
}

export function fullOutput(p: RunParams, jobs: Job[]): string {
  return [
    `$ ${p.command}`,
    ...jobs.map((j) =>
      [
        `\n=== ${j.clientName || j.clientId} (${j.clientId}): ${j.status}${j.exitCode !== null ? `, exit ${j.exitCode}` : ''}`,
        '--- stdout',
        j.result?.stdout ?? '',
        '--- stderr',
        j.result?.stderr ?? '',
      ].join('\n'),
    ),
  ].join('\n');
}

/** `rport job <id>`: one job's state without the run context. */
export function jobView(jobs: Job[], jid: string): View {
  const p: RunParams = {
    command: jobs[0]?.command ?? '',
    targets: jobs.map((j) => ({ id: j.clientId, name: j.clientName, online: true })),
    sudo: jobs[0]?.isSudo ?? false,
    timeoutSec: jobs[0]?.timeoutSec ?? 0,
    rule: '—',
    secondApprover: false,
  };
  const view = resultView(p, jobs, {
    requester: jobs[0]?.createdBy ?? '—',
    confirmedBy: jobs[0]?.createdBy ?? '—',
    jid,
  });
  return {
    ...view,
    title: `rport job ${jid}: ${view.title}`,
    fields: [
      { label: 'Started by', value: jobs[0]?.createdBy ?? '—' },
      { label: 'Started', value: jobs[0]?.startedAt ?? '—' },
    ],
  };
}
