import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Gatehouse } from '../../adapters/server.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { captureLogs } from '../helpers/log-capture.ts';
import { startTestGatehouse } from '../helpers/test-gatehouse.ts';
import { KEY } from './audit-fixtures.ts';

const POLICY = `
roles:
  auditor:
    members: [console:dave]
    intents: [audit, audit.verify]
  operator:
    members: [console:bob]
    intents: [health]
everyone: [help]
`;

const dave = { platform: 'console' as const, userId: 'dave', name: 'Dave' };
const bob = { platform: 'console' as const, userId: 'bob', name: 'Bob' };
const conversation = { platform: 'console' as const, id: 'c' };

describe('the audit trail in a running Gatehouse', () => {
  let gatehouse: Gatehouse | undefined;
  afterEach(async () => {
    await gatehouse?.close();
    gatehouse = undefined;
  });

  it('answers `audit verify` and `audit [n]`, refuses both without the role, and exports from the composition root', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gh-audit-gh-'));
    const started = await startTestGatehouse({
      env: { GATEHOUSE_SECRET_KEY: KEY.toString('hex'), AUDIT_EXPORT: `file:${join(dir, 'audit.jsonl')}` },
      policyText: POLICY,
    });
    gatehouse = started.gatehouse;
    const run = (text: string, actor = dave) =>
      gatehouse!.dispatcher.handleText(text, { actor, conversation });

    const refused = await run('audit verify', bob); // audited as denied
    expect(refused.view.title).toBe('Not permitted');
    const verified = await run('audit verify');
    expect(verified).toMatchObject({
      visibility: 'private',
      view: { title: 'Audit chain', state: 'success' },
    });
    expect(verified.view.summary).toBe('OK: 1 entries verified (#1–#1).');
    const list = await run('audit 5');
    expect(list.view.blocks?.[0]).toMatchObject({
      type: 'list',
      items: [expect.stringContaining('#2'), expect.stringContaining('#1')],
    });

    expect(Object.keys(gatehouse.pollers)).toEqual(expect.arrayContaining(['audit-export', 'audit-sign']));
    await gatehouse.pollers['audit-export']!.runOnce();
    const lines = readFileSync(join(dir, 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.seq, l.action, l.decision])).toEqual([
      [1, 'audit.verify', 'denied'],
      [2, 'audit.verify', 'requested'],
    ]);
    expect(started.logs.text()).not.toContain(KEY.toString('hex'));
  });

  it('warns once at start when GATEHOUSE_SECRET_KEY is not set', async () => {
    const started = await startTestGatehouse({ env: {}, policyText: POLICY });
    gatehouse = started.gatehouse;
    expect(started.logs.lines.filter((l) => l.includes('GATEHOUSE_SECRET_KEY is not set'))).toHaveLength(1);
    const verified = await gatehouse.dispatcher.handleText('audit verify', { actor: dave, conversation });
    expect(verified.view.blocks).toContainEqual({
      type: 'list',
      items: expect.arrayContaining([expect.stringContaining('The chain head is not signed')]),
    });
  });
});

describe('audit configuration', () => {
  it('keeps the key and the export token out of the logs', () => {
    const logs = captureLogs();
    logs.log.info({
      GATEHOUSE_SECRET_KEY: 'key-text-1',
      AUDIT_EXPORT_TOKEN: 'token-text-2',
      audit: { secretKey: 'key-text-3' },
    });
    expect(logs.text()).not.toMatch(/key-text-1|token-text-2|key-text-3/);
    expect(logs.text()).toContain('[redacted]');
  });

  it('takes a 32-byte key as base64 or hex and refuses anything else, naming the variable', () => {
    expect(loadConfig({ GATEHOUSE_SECRET_KEY: KEY.toString('base64') }).audit.secretKey).toEqual(KEY);
    expect(loadConfig({ GATEHOUSE_SECRET_KEY: KEY.toString('hex') }).audit.secretKey).toEqual(KEY);
    expect(() => loadConfig({ GATEHOUSE_SECRET_KEY: 'short' })).toThrow(
      /GATEHOUSE_SECRET_KEY must be 32 bytes.*openssl rand -base64 32/,
    );
    expect(() => loadConfig({ GATEHOUSE_SECRET_KEY: Buffer.alloc(16).toString('base64') })).toThrow(
      /GATEHOUSE_SECRET_KEY/,
    );
  });

  it('defaults retention to 400 days and parses each export target', () => {
    expect(loadConfig({}).audit).toMatchObject({
      retentionDays: 400,
      checkpointEvery: 100,
      checkpointSeconds: 60,
    });
    expect(loadConfig({ AUDIT_RETENTION_DAYS: '30' }).audit.retentionDays).toBe(30);
    expect(() => loadConfig({ AUDIT_RETENTION_DAYS: '0' })).toThrow(/AUDIT_RETENTION_DAYS/);
    const target = (v: string) => loadConfig({ AUDIT_EXPORT: v }).audit.export?.target;
    expect(target('file:/var/log/gatehouse/audit.jsonl')).toEqual({
      kind: 'file',
      path: '/var/log/gatehouse/audit.jsonl',
    });
    expect(target('https://siem.example.com/in')).toEqual({
      kind: 'https',
      url: 'https://siem.example.com/in',
    });
    expect(target('syslog+tls://siem.example.com:6514')).toEqual({
      kind: 'syslog',
      tls: true,
      host: 'siem.example.com',
      port: 6514,
    });
    expect(target('syslog+tcp://10.0.0.5:514')).toEqual({
      kind: 'syslog',
      tls: false,
      host: '10.0.0.5',
      port: 514,
    });
    expect(() => target('http://siem.example.com/in')).toThrow(/AUDIT_EXPORT must use https/);
    expect(() => target('syslog+tls://siem.example.com')).toThrow(/AUDIT_EXPORT needs a host and a port/);
    expect(() => target('ftp://x')).toThrow(/AUDIT_EXPORT must be/);
  });
});
