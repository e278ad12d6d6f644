import { describe, expect, it } from 'vitest';
import {
  ADAPTIVE_CARD_LIMITS,
  ADAPTIVE_CARD_VERSION,
  type AdaptiveCard,
  cardBytes,
  REFRESH_VERB,
  renderAdaptiveCard,
} from '../../cards/adaptive-card.ts';
import { readAdaptiveInputs } from '../../cards/adaptive-elements.ts';
import { SHORTENED_NOTE } from '../../cards/adaptive-fit.ts';
import { STATE_MARKS } from '../../cards/state-marks.ts';
import { noticeView, type View } from '../../src/views/view.ts';
import { adaptiveCardProblems } from './adaptive-parse.ts';
import { params, views } from './adaptive-views.ts';

describe('renderAdaptiveCard', () => {
  it.each(views)('%s parses without errors or warnings in the adaptivecards package', (_name, view) => {
    const card = renderAdaptiveCard(view, { subject: 'subject-1' });
    expect(adaptiveCardProblems(card)).toEqual([]);
    expect(card.version).toBe(ADAPTIVE_CARD_VERSION);
    expect(cardBytes(card)).toBeLessThanOrEqual(ADAPTIVE_CARD_LIMITS.cardBytes);
    expect(card.fallbackText).toBe(`${STATE_MARKS[view.state]} ${view.title}: ${view.summary}`);
    expect((card.body[0] as { text: string }).text).toBe(`${STATE_MARKS[view.state]} ${view.title}`);
  });

  it('the parse check itself catches broken cards', () => {
    expect(
      adaptiveCardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Bogus' }] }),
    ).not.toEqual([]);
    expect(
      adaptiveCardProblems({
        type: 'AdaptiveCard',
        version: '1.5',
        body: [
          { type: 'Input.Text', id: 'a' },
          { type: 'Input.Text', id: 'a' },
        ],
      }),
    ).not.toEqual([]);
  });

  it('renders every button as Action.Execute with the verb and only the ref and the subject', () => {
    const card = renderAdaptiveCard(views.find(([n]) => n === 'rport confirm')![1], { subject: 's-1' });
    expect(card.actions).toEqual([
      {
        type: 'Action.Execute',
        title: 'Run',
        verb: 'rport.confirm',
        data: { ref: 'ref-1', subject: 's-1' },
        associatedInputs: 'none',
        style: 'positive',
      },
      {
        type: 'Action.Execute',
        title: 'Cancel',
        verb: 'rport.cancel',
        data: { ref: 'ref-1', subject: 's-1' },
        associatedInputs: 'none',
        style: 'destructive',
      },
    ]);
    expect(card.refresh).toEqual({
      action: { type: 'Action.Execute', verb: REFRESH_VERB, data: { subject: 's-1' } },
    });
    // The command is shown exactly, in a run that is never read as markdown.
    expect(JSON.stringify(card.body)).toContain(JSON.stringify(params.command));
    expect(renderAdaptiveCard(noticeView('a', 'b')).refresh).toBeUndefined();
  });

  it('puts selects on the card and text inputs behind the button that needs them', () => {
    const view = views.find(([n]) => n === 'every feature')![1];
    const card = renderAdaptiveCard(view, { subject: 's', refreshUserIds: ['29:a', '29:b'] });
    const inputs = card.body.filter((e) => String(e.type).startsWith('Input.'));
    expect(inputs.map((i) => [i.type, i.id])).toEqual([
      ['Input.ChoiceSet', 'duration'],
      ['Input.Text', 'note'],
    ]);
    expect(inputs[0]).toMatchObject({
      value: '1h',
      choices: [
        { title: 'Once', value: 'once' },
        { title: '1 hour', value: '1h' },
      ],
    });
    const [approve, deny, block, details] = card.actions as Array<Record<string, unknown>>;
    expect(approve).toMatchObject({ type: 'Action.Execute', associatedInputs: 'auto' });
    expect(details).toMatchObject({ type: 'Action.Execute', associatedInputs: 'none' });
    expect(deny).toMatchObject({
      type: 'Action.ShowCard',
      title: 'Deny',
      card: {
        body: [
          {
            type: 'Input.Text',
            id: 'reason',
            isRequired: true,
            errorMessage: 'Reason is required.',
            isMultiline: true,
          },
        ],
        actions: [
          {
            type: 'Action.Execute',
            verb: 'access.deny',
            associatedInputs: 'auto',
            data: { ref: 'ref-9', subject: 's' },
          },
        ],
      },
    });
    // The second button asking for the reason gets its own copy (ids are unique per card), read back as `reason`.
    expect((block as { card: AdaptiveCard }).card.body[0]).toMatchObject({ id: 'reason~2' });
    expect(readAdaptiveInputs({ ref: 'r', 'reason~2': 'no', duration: '1h' })).toEqual({
      ref: 'r',
      reason: 'no',
      duration: '1h',
    });
    expect(card.refresh?.userIds).toEqual(['29:a', '29:b']);
  });

  it('stays under the Teams size limit by shortening the largest text and saying so', () => {
    const huge = 'output line that goes on\n'.repeat(8000);
    const view: View = {
      title: 'Finished',
      state: 'success',
      summary: 'done',
      fields: [{ label: 'Command', value: 'x'.repeat(20_000) }],
      blocks: [{ type: 'code', text: `${huge}THE LAST LINE` }],
      attachments: [{ filename: 'a.txt', title: 'All of it', content: huge }],
      actions: [{ label: 'Again', verb: 'rport.again', ref: 'r' }],
    };
    const card = renderAdaptiveCard(view, { subject: 's' });
    expect(cardBytes(card)).toBeLessThanOrEqual(ADAPTIVE_CARD_LIMITS.cardBytes);
    expect(adaptiveCardProblems(card)).toEqual([]);
    const text = JSON.stringify(card);
    expect(text).toContain(SHORTENED_NOTE);
    expect(text).toContain('THE LAST LINE'); // output keeps its end
    expect(card.actions).toHaveLength(1); // the decision can still be made

    const lists: View = {
      ...view,
      fields: [],
      attachments: [],
      blocks: [
        { type: 'list', items: Array.from({ length: 5000 }, (_, i) => `item ${i} ${'y'.repeat(20)}`) },
      ],
    };
    const listCard = renderAdaptiveCard(lists);
    expect(cardBytes(listCard)).toBeLessThanOrEqual(ADAPTIVE_CARD_LIMITS.cardBytes);
    expect(JSON.stringify(listCard)).toMatch(/… \d+ more/);
  });

  it('renders the rport confirmation card the same way every time', () => {
    expect(renderAdaptiveCard(views[0]![1], { subject: 'snapshot' })).toMatchSnapshot();
  });
});
