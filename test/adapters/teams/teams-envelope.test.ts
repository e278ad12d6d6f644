import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { baseConversationId, commandText, toTeamsRequest } from '../../../adapters/teams/teams-envelope.ts';

const fixture = (name: string) =>
  JSON.parse(readFileSync(`test/fixtures/teams/${name}.json`, 'utf8')) as Record<string, unknown>;

const TENANT = '72f988bf-0000-4000-8000-0000000000aa';
const SERVICE = 'https://smba.trafficmanager.net/emea/';

describe('toTeamsRequest', () => {
  it('reads a personal message: the text as typed, a direct conversation', () => {
    const request = toTeamsRequest(fixture('personal-message'));
    expect(request).toEqual({
      kind: 'message',
      activityId: '1763629802512',
      text: 'rport clients web',
      user: {
        id: '29:1a2b3c-alice',
        aadObjectId: '6f1c0e1a-0000-4000-8000-00000000a11c',
        name: 'Alice Admin',
      },
      place: {
        conversation: {
          platform: 'teams',
          id: 'a:1xYz-personal-chat-with-alice',
          replyHandle: SERVICE,
          direct: true,
        },
        type: 'personal',
        tenantId: TENANT,
        serviceUrl: SERVICE,
      },
    });
  });

  it('reads a channel message: the @mention and the leading pam gone, entities decoded, the thread kept', () => {
    const request = toTeamsRequest(fixture('channel-message'));
    expect(request.kind).toBe('message');
    if (request.kind !== 'message') return;
    expect(request.text).toBe('rport run web-01 -- df -h /var && uptime');
    expect(request.place).toMatchObject({
      type: 'channel',
      teamId: '19:team-general@thread.tacv2',
      channelId: '19:ops-channel@thread.tacv2',
      conversation: { id: '19:ops-channel@thread.tacv2;messageid=1763629964123', direct: false },
    });
  });

  it('reads a group chat message: only the bot mention is removed, other mentions keep their names', () => {
    const request = toTeamsRequest(fixture('group-chat-message'));
    expect(request.kind).toBe('message');
    if (request.kind !== 'message') return;
    expect(request.text).toBe('access approve 4711 --for 2h ok per Bob Builder');
    expect(request.place.type).toBe('groupChat');
    expect(request.place.teamId).toBeUndefined();
    expect(request.user.name).toBe('Carol Approver');
  });

  it('reads an Action.Execute invoke: verb, data with the card inputs, the subject and the card message', () => {
    const request = toTeamsRequest(fixture('invoke-action-execute'));
    expect(request).toMatchObject({
      kind: 'action',
      verb: 'access.deny',
      subject: 'c2ViamVjdC0x',
      cardActivityId: '1763629970456',
      data: { ref: 'q5Zr8aN0bmd1cmRlZA', reason: 'not during the freeze' },
      user: { id: '29:3c4d5e-carol', aadObjectId: '0c0c0c0c-0000-4000-8000-0000000ca401' },
    });
  });

  it('recognises the bot being added to a team or installed for a person', () => {
    const team = toTeamsRequest(fixture('conversation-update-team'));
    expect(team).toMatchObject({
      kind: 'installed',
      place: { type: 'channel', conversation: { id: '19:team-general@thread.tacv2' } },
    });
    const personal = toTeamsRequest(fixture('installation-update-personal'));
    expect(personal).toMatchObject({ kind: 'installed', place: { type: 'personal' } });
  });

  it('ignores what is not for it: other people joining, typing, old-style submits, other invokes', () => {
    const joined = { ...fixture('conversation-update-team'), membersAdded: [{ id: '29:someone-else' }] };
    expect(toTeamsRequest(joined).kind).toBe('ignored');
    expect(toTeamsRequest({ ...fixture('personal-message'), type: 'typing' }).kind).toBe('ignored');
    const submit = { ...fixture('personal-message'), text: undefined, value: { ref: 'x' } };
    expect(toTeamsRequest(submit).kind).toBe('ignored');
    const other = { ...fixture('invoke-action-execute'), name: 'composeExtension/query' };
    expect(toTeamsRequest(other)).toEqual({ kind: 'ignored', why: 'activity invoke composeExtension/query' });
    const submitAction = fixture('invoke-action-execute');
    (submitAction.value as { action: { type: string } }).action.type = 'Action.Submit';
    expect(toTeamsRequest(submitAction).kind).toBe('ignored');
    expect(toTeamsRequest({ type: 'message', text: 'help' }).kind).toBe('ignored');
    expect(toTeamsRequest('not an activity').kind).toBe('ignored');
  });
});

describe('commandText', () => {
  const bot = '28:bot';
  const mention = [
    { type: 'mention', text: '<at>Gatehouse</at>', mentioned: { id: bot, name: 'Gatehouse' } },
  ];

  it.each([
    ['<at>Gatehouse</at> help', mention, 'help'],
    ['<at>Gatehouse</at>  pam   help rport', mention, 'help rport'],
    ['pam rport clients', [], 'rport clients'],
    ['PAM help', [], 'help'],
    ['pamphlet', [], 'pamphlet'],
    ['rport run web-01 -- echo &quot;a &lt;b&gt;&quot;', [], 'rport run web-01 -- echo "a <b>"'],
    ['<at>Gatehouse</at> help', [], 'help'],
    ['help <at>Gatehouse</at>', mention, 'help'],
    ['<p>rport clients</p>', [], 'rport clients'],
  ])('%s → %s', (text, entities, expected) => {
    expect(commandText(text, entities, bot)).toBe(expected);
  });
});

describe('baseConversationId', () => {
  it('drops the thread of a channel conversation id and leaves others alone', () => {
    expect(baseConversationId('19:a@thread.tacv2;messageid=17')).toBe('19:a@thread.tacv2');
    expect(baseConversationId('a:personal')).toBe('a:personal');
  });
});
