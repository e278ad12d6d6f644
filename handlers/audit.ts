import { z } from 'zod';
import { describeVerifyReport } from '../src/audit/verify-store.ts';
import { formatTime } from '../src/intents/duration.ts';
import { defineIntent } from '../src/intents/intent.ts';
import type { HandlerDeps } from './deps.ts';

const MAX_ENTRIES = 50;

/**
 * `audit [n]`: the newest audit entries, for those the policy lets see them; shown privately.
 * `audit verify`: walk the hash chain and its signed checkpoints and name the first entry that was changed,
 * removed or reordered (audited itself, so a verification leaves a trace).
 */
export function auditIntents(_deps: HandlerDeps) {
  return [
    defineIntent({
      name: 'audit',
      summary: 'show the newest audit entries (default 10, at most 50)',
      syntax: { words: ['audit'], args: [{ name: 'count' }], usage: 'audit [n]' },
      input: z.object({
        count: z.coerce
          .number()
          .int()
          .min(1, 'n must be at least 1')
          .max(MAX_ENTRIES, `n must be at most ${MAX_ENTRIES}`)
          .default(10),
      }),
      permission: 'audit',
      async handle({ count }, ctx) {
        const entries = await ctx.audit.last(count);
        const now = ctx.now();
        const items = entries.map((e) => {
          const targets = e.targets.length ? ` on ${e.targets.join(', ')}` : '';
          const detail = e.detail ? ` — ${e.detail}` : '';
          return `#${e.seq} ${formatTime(e.at, now)} ${e.actor.name} (${e.actor.platform}) ${e.action}${targets}: ${e.decision} → ${e.result}${detail}`;
        });
        return {
          visibility: 'private',
          view: {
            title: 'Audit log',
            state: 'info',
            summary: `The newest ${entries.length} audit entries`,
            blocks: [{ type: 'list', items: items.length ? items : ['Nothing has been audited yet.'] }],
          },
        };
      },
    }),
    defineIntent({
      name: 'audit.verify',
      summary: 'verify the audit hash chain and its signed checkpoints',
      syntax: { words: ['audit', 'verify'], usage: 'audit verify' },
      input: z.object({}),
      permission: 'audit.verify',
      async handle(_input, ctx) {
        const report = await ctx.audit.verify();
        const [headline, ...rest] = describeVerifyReport(report);
        await ctx.audit.record({
          actor: ctx.actor,
          action: 'audit.verify',
          targets: [],
          decision: 'requested',
          result: report.ok ? 'ok' : `broken at #${report.problem?.seq}`,
        });
        return {
          visibility: 'private',
          view: {
            title: 'Audit chain',
            state: report.ok ? 'success' : 'failure',
            summary: headline ?? '',
            blocks: [
              { type: 'text', text: headline ?? '' },
              ...(rest.length ? [{ type: 'list' as const, items: rest }] : []),
            ],
          },
        };
      },
    }),
  ];
}
