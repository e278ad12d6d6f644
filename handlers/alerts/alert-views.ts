import { formatTime } from '../../src/intents/duration.ts';
import type { View, ViewAction, ViewBlock, ViewField, ViewState } from '../../src/views/view.ts';
import type { AlertRecord, DigestRecord, Severity } from './alert-types.ts';
import { isMuted } from './apply-alert-events.ts';

/** Mute choices on the card (seconds by value). */
export const MUTE_CHOICES = [
  { label: '15 minutes', value: '15m', seconds: 900 },
  { label: '1 hour', value: '1h', seconds: 3600 },
  { label: '4 hours', value: '4h', seconds: 14_400 },
  { label: '1 day', value: '1d', seconds: 86_400 },
] as const;
export const DEFAULT_MUTE = '1h';

/** Digest lines shown; the rest are summed up in one line. */
const DIGEST_LINES = 15;

const SEVERITY_STATE: Record<Severity, ViewState> = { critical: 'failure', warning: 'warning', info: 'info' };
const SEVERITY_MARK: Record<Severity, string> = { critical: '🔴', warning: '🟠', info: '🔵' };

export const formatCount = (n: number) => n.toLocaleString('en-US');

function statusLine(r: AlertRecord, now: Date): string {
  if (r.status === 'resolved')
    return `Resolved at ${formatTime(r.resolvedAt ?? r.lastSeen, now)}${r.resolvedBy ? ` by ${r.resolvedBy}` : ''}`;
  return r.ack ? 'Firing · acknowledged' : 'Firing';
}

function alertFields(r: AlertRecord, now: Date): ViewField[] {
  const at = now.toISOString();
  return [
    { label: 'Status', value: statusLine(r, now) },
    { label: 'Severity', value: r.severity },
    { label: 'Source', value: r.source },
    { label: 'Count', value: formatCount(r.count) },
    { label: 'First seen', value: formatTime(r.firstSeen, now) },
    { label: 'Last seen', value: formatTime(r.lastSeen, now) },
    ...(r.ack ? [{ label: 'Acknowledged', value: `${r.ack.by} at ${formatTime(r.ack.at, now)}` }] : []),
    ...(r.mute && isMuted(r, at)
      ? [
          {
            label: 'Muted',
            value: `until ${formatTime(r.mute.until, now)} by ${r.mute.by}${r.suppressed ? ` · ${formatCount(r.suppressed)} suppressed` : ''}`,
          },
        ]
      : r.suppressed
        ? [{ label: 'Suppressed while muted', value: formatCount(r.suppressed) }]
        : []),
  ];
}

function alertActions(r: AlertRecord): ViewAction[] {
  if (r.status !== 'firing' || !r.buttons) return [];
  const b = r.buttons;
  return [
    ...(b.ack && !r.ack
      ? [{ label: 'Acknowledge', verb: 'alerts.ack', ref: b.ack, style: 'primary' as const }]
      : []),
    ...(b.resolve ? [{ label: 'Resolve', verb: 'alerts.resolve', ref: b.resolve }] : []),
    ...(b.mute ? [{ label: 'Mute', verb: 'alerts.mute', ref: b.mute, inputs: ['duration'] }] : []),
    ...b.run.map((run) => ({ label: `Run ${run.name}`, verb: 'alerts.run', ref: run.ref })),
  ];
}

/** The card of one occurrence: what fired, how often, who acknowledged or muted it, and its buttons. */
export function alertView(r: AlertRecord, now: Date): View {
  const actions = alertActions(r);
  const labels = Object.entries(r.labels).map(([k, v]) => `${k}=${v}`);
  const blocks: ViewBlock[] = [
    ...(r.text ? [{ type: 'text' as const, text: r.text }] : []),
    ...(r.links.length
      ? [{ type: 'list' as const, items: r.links.map((l) => (l.title ? `${l.title}: ${l.url}` : l.url)) }]
      : []),
    ...(labels.length ? [{ type: 'context' as const, text: labels.join(' · ') }] : []),
    ...(r.lastRun
      ? [
          {
            type: 'context' as const,
            text: `${r.lastRun.by} asked to run ${r.lastRun.name} at ${formatTime(r.lastRun.at, now)}`,
          },
        ]
      : []),
    { type: 'context', text: `Alert ${r.key} · occurrence ${r.epoch}` },
  ];
  const state = r.status === 'resolved' ? 'success' : SEVERITY_STATE[r.severity];
  const times = r.count === 1 ? '' : ` (${formatCount(r.count)} times)`;
  return {
    title: r.title,
    state,
    summary:
      r.status === 'resolved'
        ? `Resolved: ${r.title}`
        : `${SEVERITY_MARK[r.severity]} ${r.severity.toUpperCase()}: ${r.title}${times}`,
    fields: alertFields(r, now),
    blocks,
    ...(actions.some((a) => a.verb === 'alerts.mute')
      ? {
          inputs: [
            {
              type: 'select' as const,
              id: 'duration',
              label: 'Mute for',
              choices: MUTE_CHOICES.map(({ label, value }) => ({ label, value })),
              initial: DEFAULT_MUTE,
            },
          ],
        }
      : {}),
    ...(actions.length ? { actions } : {}),
  };
}

/** One line of an alert, for lists and digests. */
export function alertLine(r: AlertRecord, now: Date): string {
  const mark = r.status === 'resolved' ? '✅' : SEVERITY_MARK[r.severity];
  const extra = [
    r.ack ? `acknowledged by ${r.ack.by}` : '',
    isMuted(r, now.toISOString()) && r.mute ? `muted until ${formatTime(r.mute.until, now)}` : '',
  ].filter(Boolean);
  return `${mark} ${r.title} — ${formatCount(r.count)}× since ${formatTime(r.firstSeen, now)}${extra.length ? ` (${extra.join(', ')})` : ''} · ${r.key}`;
}

/** The one message a channel gets for a storm: how many alerts, across how many keys, and the loudest. */
export function digestView(d: DigestRecord, members: AlertRecord[], now: Date): View {
  const total = members.reduce((sum, m) => sum + m.count, 0);
  const open = members.filter((m) => m.status === 'firing').length;
  const sorted = [...members].sort((a, b) => b.count - a.count);
  const lines = sorted.slice(0, DIGEST_LINES).map((m) => alertLine(m, now));
  const more = sorted.length - lines.length;
  const worst = members.some((m) => m.status === 'firing' && m.severity === 'critical')
    ? 'failure'
    : open > 0
      ? 'warning'
      : 'success';
  const headline = `Digest: ${formatCount(total)} alerts across ${formatCount(members.length)} keys`;
  return {
    title: headline,
    state: worst,
    summary: `${headline} since ${formatTime(d.since, now)}`,
    fields: [
      { label: 'Since', value: formatTime(d.since, now) },
      { label: 'Open', value: formatCount(open) },
      { label: 'Resolved', value: formatCount(members.length - open) },
    ],
    blocks: [
      { type: 'list', items: more > 0 ? [...lines, `… and ${formatCount(more)} more keys`] : lines },
      {
        type: 'context',
        text: 'More alerts arrived than this channel can take one by one, so they are gathered here; none are dropped. `alerts` lists every open one.',
      },
    ],
  };
}
