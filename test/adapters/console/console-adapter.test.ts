import { describe, expect, it } from 'vitest';
import { createConsoleMessenger } from '../../../adapters/console/console-messenger.ts';
import {
  createConsoleAdapter,
  selectAnswer,
  selectPrompt,
} from '../../../adapters/console/create-console-adapter.ts';
import { renderConsoleText } from '../../../cards/console-text.ts';
import type { ViewInput } from '../../../src/views/view.ts';
import { startTestGatehouse } from '../../helpers/test-gatehouse.ts';

const grantFor: Extract<ViewInput, { type: 'select' }> = {
  type: 'select',
  id: 'duration',
  label: 'Grant for',
  choices: [
    { label: 'Once', value: 'once' },
    { label: '1 h', value: '3600' },
    { label: '4 h', value: '14400' },
  ],
  initial: '3600',
};

describe('the console shows selects in the words of the card', () => {
  it('names the default by its label, on the card and in the prompt', () => {
    const text = renderConsoleText({ title: 'Access', state: 'pending', summary: 's', inputs: [grantFor] });
    expect(text).toContain('Grant for: Once / 1 h / 4 h (default 1 h)');
    expect(text).not.toContain('3600');
    expect(selectPrompt(grantFor)).toBe('Grant for (Once/1 h/4 h) [1 h]: ');
  });

  it('takes a label (any case) or a value, and the default for an empty answer', () => {
    expect(selectAnswer(grantFor, '4 H')).toBe('14400');
    expect(selectAnswer(grantFor, '14400')).toBe('14400');
    expect(selectAnswer(grantFor, '')).toBe('3600');
  });
});

describe('the console adapter', () => {
  it('runs a typed line through the same turn runner as Slack and Teams', async () => {
    const { gatehouse } = await startTestGatehouse({ env: {} });
    const out: string[] = [];
    const messenger = createConsoleMessenger((t) => out.push(t));
    const adapter = createConsoleAdapter({
      turns: gatehouse.turns,
      messenger,
      people: { alice: { name: 'Alice Admin', email: 'alice@example.com' } },
      channel: '#ops',
      ask: async () => '',
      write: (t) => out.push(t),
      initial: 'alice',
    });
    await adapter.handleLine('help');
    await adapter.settle();
    expect(out.join('')).toContain('(only you see this)');
    expect(out.join('')).toContain('Gatehouse commands');
    await gatehouse.close();
  });
});
