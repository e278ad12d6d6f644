import { afterEach, describe, expect, it } from 'vitest';
import { renderAdaptiveCard } from '../../cards/adaptive-card.ts';
import { renderBlockKit } from '../../cards/block-kit.ts';
import { escapeSlackText, escapeTeamsMarkdown } from '../../cards/escape-text.ts';
import type { View } from '../../src/views/view.ts';
import { signedAlertHeaders } from '../helpers/alert-signing.ts';
import { postedMessage, type SlackHarness, startSlackHarness } from '../helpers/slack-harness.ts';

const PING = '<!channel>';
const LINK = '[Verify](https://evil.example)';
const HOSTILE = `${PING} ${LINK} **urgent** _now_`;

const view: View = {
  title: `Backup failed ${HOSTILE}`,
  state: 'failure',
  summary: `reason: ${HOSTILE}`,
  fields: [{ label: 'Requested by', value: `Dan ${HOSTILE}` }],
  blocks: [
    { type: 'text', text: `Reason: ${HOSTILE}` },
    { type: 'context', text: `by ${HOSTILE}` },
    { type: 'list', items: [`host ${HOSTILE}`, '- not a list\n# nor a heading'] },
  ],
};

type Node = Record<string, unknown>;
/** Every object in a JSON tree. */
function nodes(value: unknown): Node[] {
  if (Array.isArray(value)) return value.flatMap(nodes);
  if (typeof value !== 'object' || value === null) return [];
  return [value as Node, ...Object.values(value).flatMap(nodes)];
}

/** Markdown link syntax `[text](url)` with nothing escaped. */
const LIVE_LINK = /(?<!\\)\[Verify(?<!\\)\]\(/;

describe('untrusted text renders literally (issue 10, finding 9)', () => {
  it('escapes for Slack: no mention, no link, in blocks and in the fallback text', () => {
    const message = renderBlockKit(view);
    expect(message.text).toContain('&lt;!channel&gt;');
    expect(message.text).not.toContain(PING);
    const mrkdwn = nodes(message.blocks).filter((n) => n.type === 'mrkdwn');
    expect(mrkdwn.length).toBeGreaterThan(0);
    for (const n of mrkdwn) expect(String(n.text)).not.toContain('<!');
    // plain_text is never parsed: the header may hold it as typed.
    expect(JSON.stringify(message)).not.toMatch(/"type":"mrkdwn","text":"[^"]*<!channel>/);
  });

  it('keeps Teams from reading it as markdown: escaped in TextBlocks and facts, TextRuns elsewhere', () => {
    const card = renderAdaptiveCard(view, { subject: 's' });
    const all = nodes(card);
    const markdownTexts = [
      ...all.filter((n) => n.type === 'TextBlock').map((n) => String(n.text)),
      ...all
        .filter((n) => n.type === 'FactSet')
        .flatMap((n) => (n.facts as Node[]).map((f) => String(f.value))),
    ];
    expect(markdownTexts.length).toBeGreaterThanOrEqual(2);
    for (const text of markdownTexts) {
      expect(text).not.toMatch(LIVE_LINK);
      expect(text).not.toMatch(/(?<!\\)\*\*urgent/);
    }
    expect(markdownTexts.some((t) => t.includes('\\[Verify\\](https://evil.example)'))).toBe(true);
    const runs = all.filter((n) => n.type === 'TextRun').map((n) => String(n.text));
    expect(runs).toContain(`Reason: ${HOSTILE}`);
    expect(runs).toContain(`by ${HOSTILE}`);
    expect(runs).toContain('• - not a list\n# nor a heading');
  });

  it('escapes only what is markup', () => {
    expect(escapeSlackText('a & b <@U1> c')).toBe('a &amp; b &lt;@U1&gt; c');
    expect(escapeTeamsMarkdown('alice@example.com 2.5 (x)')).toBe('alice@example.com 2.5 (x)');
    expect(escapeTeamsMarkdown('# h\n1. x\n- y')).toBe('\\# h\n1\\. x\n\\- y');
    expect(escapeTeamsMarkdown('CORP\\dan_r')).toBe('CORP\\\\dan\\_r');
  });
});

const SECRET = 'alert-webhook-secret-escape-0123456';
const signed = (body: string) => signedAlertHeaders(body, { secret: SECRET });

describe('an alert with markup in it, end to end over Slack', () => {
  let h: SlackHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('reaches Slack with the title and text escaped, in the blocks and in the notification text', async () => {
    h = await startSlackHarness({ env: { ALERT_WEBHOOK_SECRET: SECRET } });
    const body = JSON.stringify({
      source: 'backup',
      severity: 'warning',
      title: `Backup failed ${PING} ${LINK}`,
      text: `Log in at <https://evil.example|the portal> ${PING}`,
      dedupKey: 'backup:escape',
      status: 'firing',
    });
    expect((await h.post('/alerts', body, signed(body))).status).toBe(202);
    await h.slack.waitFor('chat.postMessage');
    const message = postedMessage(h.slack, 0);
    const call = h.slack.callsTo('chat.postMessage')[0]!;
    expect(String(call.args.text)).toContain('&lt;!channel&gt;');
    // Every text Slack parses (message text, mrkdwn) is escaped; plain_text (the header) is never parsed.
    const parsed = [
      String(call.args.text),
      ...nodes(call.args.blocks)
        .filter((n) => n.type === 'mrkdwn')
        .map((n) => String(n.text)),
    ];
    for (const text of parsed) {
      expect(text).not.toContain(PING);
      expect(text).not.toContain('<https://evil.example|');
    }
    expect(JSON.stringify(message.blocks)).toContain('&lt;https://evil.example|the portal&gt;');
  });
});
