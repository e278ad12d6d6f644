import { describe, expect, it } from 'vitest';
import {
  alertmanagerSchema,
  mapAlertmanager,
  mapSeverity,
} from '../../../adapters/alerts/map-alertmanager.ts';

const payload = (alerts: unknown[], over: Record<string, unknown> = {}) =>
  alertmanagerSchema.parse({
    version: '4',
    status: 'firing',
    externalURL: 'http://am:9093',
    alerts,
    ...over,
  });

describe('Alertmanager payloads as Gatehouse alerts', () => {
  it('maps fingerprint, status, labels, severity, summary/description and links', () => {
    const [mapped] = mapAlertmanager(
      payload([
        {
          status: 'firing',
          labels: { alertname: 'HighLatency', severity: 'warning', service: 'api' },
          annotations: {
            summary: 'API slow',
            description: 'p99 is 2.7 s',
            runbook_url: 'https://rb/latency',
          },
          generatorURL: 'http://prom:9090/graph',
          fingerprint: 'abc123',
        },
      ]),
    );
    expect(mapped).toEqual({
      source: 'alertmanager',
      severity: 'warning',
      title: 'API slow',
      text: 'p99 is 2.7 s',
      dedupKey: 'abc123',
      labels: { alertname: 'HighLatency', severity: 'warning', service: 'api' },
      links: [
        { title: 'Source', url: 'http://prom:9090/graph' },
        { title: 'Runbook', url: 'https://rb/latency' },
        { title: 'Alertmanager', url: 'http://am:9093' },
      ],
      status: 'firing',
    });
  });

  it('falls back to the alert name for the title, and to a label fingerprint for the key', () => {
    const alerts = mapAlertmanager(
      payload(
        [
          { status: 'resolved', labels: { alertname: 'DiskFull', b: '2', a: '1' }, annotations: {} },
          { status: 'firing', labels: { a: '1', alertname: 'DiskFull', b: '2' } },
        ],
        { externalURL: undefined },
      ),
    );
    expect(alerts[0]).toMatchObject({ title: 'DiskFull', status: 'resolved', severity: 'info', links: [] });
    expect(alerts[0]!.text).toBeUndefined();
    expect(alerts[0]!.dedupKey).toMatch(/^[0-9a-f]{16}$/);
    expect(alerts[1]!.dedupKey).toBe(alerts[0]!.dedupKey);
  });

  it('maps the usual severity label values', () => {
    expect(['critical', 'page', 'error', 'P1'].map(mapSeverity)).toEqual([
      'critical',
      'critical',
      'critical',
      'info',
    ]);
    expect(['warning', 'WARN'].map(mapSeverity)).toEqual(['warning', 'warning']);
    expect([undefined, 'none', 'info'].map(mapSeverity)).toEqual(['info', 'info', 'info']);
  });

  it('names what is wrong in a payload it cannot use', () => {
    const issue = (value: unknown) => alertmanagerSchema.safeParse(value).error?.issues[0];
    expect(issue({ version: '4', alerts: [] })).toMatchObject({
      path: ['alerts'],
      message: 'must hold at least one alert',
    });
    expect(issue({ version: '4', alerts: [{ status: 'pending' }] })).toMatchObject({
      path: ['alerts', 0, 'status'],
      message: 'must be firing or resolved',
    });
  });
});
