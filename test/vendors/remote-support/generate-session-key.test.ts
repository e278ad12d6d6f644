import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { BadInputError } from '../../../src/errors.ts';
import { createLogger } from '../../../src/log.ts';
import type { SessionKeyRequest } from '../../../src/vendors/remote-support/index.ts';
import { documentOf, leaf } from '../../fakes/remote-support/render-xml.ts';
import { type RemoteSupportRig, rejectionOf, setupRemoteSupport } from './setup-remote-support.ts';

let rig: RemoteSupportRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const NS = 'http://www.bomgar.com/namespaces/API/command';

describe('generateSessionKey', () => {
  it.each<[string, SessionKeyRequest['queue'], string]>([
    ['the general queue', 'general', 'general'],
    ['a rep by id', { rep: 2 }, 'rep:2'],
    ['a rep by username', { repUsername: 'cwei' }, 'rep_username:cwei'],
    ['a team', { team: 3 }, 'team:3'],
    ['an issue', { issue: 'phishing' }, 'issue:phishing'],
  ])('queues for %s as a form POST', async (_name, queue, queueId) => {
    rig = await setupRemoteSupport();
    const key = await rig.client.generateSessionKey({ queue });
    const call = rig.fake.commandCalls.at(-1)!;
    expect(call).toMatchObject({
      method: 'POST',
      action: 'generate_session_key',
      contentType: 'application/x-www-form-urlencoded',
      params: { type: 'support', queue_id: queueId },
      query: {},
    });
    const issued = rig.fake.keysIssued.at(-1)!;
    expect(issued.queueId).toBe(queueId);
    expect(key.shortKey).toBe(issued.shortKey);
    expect(key.shortKey).toMatch(/^\d{7}$/);
    expect(key.keyUrl).toBe(issued.keyUrl);
    expect(key.expiresAt).toBe(issued.expiresAt);
    expect(key.mailBody).toContain(`${key.keyUrl} or enter the key ${key.shortKey}`);
    expect(key.mailBody).toContain('Thanks & regards');
  });

  it('sends expiry, external key, customer name and custom fields', async () => {
    rig = await setupRemoteSupport();
    const before = Date.now();
    const key = await rig.client.generateSessionKey({
      queue: { team: 1 },
      expiresInSec: 1800,
      externalKey: 'INC0012345',
      customerName: 'Jo Smith & Sons',
      customFields: { ticket_priority: 'high', site: 'Leeds' },
    });
    expect(rig.fake.commandCalls.at(-1)?.params).toEqual({
      type: 'support',
      queue_id: 'team:1',
      ttl: '1800',
      'session.custom.external_key': 'INC0012345',
      external_key: 'INC0012345',
      'customer.name': 'Jo Smith & Sons',
      'session.custom.ticket_priority': 'high',
      'session.custom.site': 'Leeds',
    });
    expect(key.externalKey).toBe('INC0012345');
    const expires = Date.parse(key.expiresAt!);
    expect(expires).toBeGreaterThanOrEqual(before + 1_799_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 1_800_000);
  });

  it('reports the appliance’s error for a queue that does not exist', async () => {
    rig = await setupRemoteSupport();
    const err = await rejectionOf(rig.client.generateSessionKey({ queue: { team: 99 } }));
    expect(err.message).toContain('Invalid queue_id: team:99');
    expect(rig.fake.keysIssued).toHaveLength(0);
  });

  it.each([
    [
      'no <short_key>',
      documentOf(
        'session_key',
        NS,
        leaf('key_url', 'https://support.example.com/api/start_session?short_key=1234567'),
      ),
      '<short_key>',
    ],
    ['no <key_url>', documentOf('session_key', NS, leaf('short_key', '1234567')), '<key_url>'],
    ['an empty <session_key/>', documentOf('session_key', NS), '<short_key>'],
  ])('fails on an answer with %s, without quoting it', async (_name, body, missing) => {
    rig = await setupRemoteSupport();
    rig.fake.failNext({ action: 'generate_session_key', body });
    const err = await rejectionOf(rig.client.generateSessionKey({ queue: 'general' }));
    expect(err.message).toContain(`${missing} of <session_key> is missing`);
    expect(err.message).not.toContain('1234567');
  });

  it.each<[string, SessionKeyRequest]>([
    ['a zero expiry', { queue: 'general', expiresInSec: 0 }],
    ['a fractional expiry', { queue: 'general', expiresInSec: 1.5 }],
    ['a custom field name with a dot', { queue: 'general', customFields: { 'a.b': 'x' } }],
    ['an over-long external key', { queue: 'general', externalKey: 'x'.repeat(1025) }],
    ['a rep id of 0', { queue: { rep: 0 } }],
    ['an empty issue', { queue: { issue: ' ' } }],
  ])('refuses %s before calling the appliance', async (_name, req) => {
    rig = await setupRemoteSupport();
    expect(await rejectionOf(rig.client.generateSessionKey(req))).toBeInstanceOf(BadInputError);
    expect(rig.fake.commandCalls).toHaveLength(0);
  });

  it('never writes the key or its URL to the log, even at trace level', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger({ level: 'trace', destination });
    rig = await setupRemoteSupport({}, { log });
    const key = await rig.client.generateSessionKey({ queue: 'general' });
    rig.fake.failNext({
      action: 'generate_session_key',
      status: 500,
      body: documentOf('session_key', NS, leaf('short_key', key.shortKey)),
    });
    await rejectionOf(rig.client.generateSessionKey({ queue: 'general' }));
    const logged = lines.join('');
    expect(logged).toContain('command.generate_session_key');
    expect(logged).not.toContain(key.shortKey);
    expect(logged).not.toContain('short_key');
  });
});
