import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AlertInput, AlertLink, Severity } from '../../handlers/alerts/alert-types.ts';

const strings = z.record(z.string(), z.string({ error: 'values must be strings' })).default({});

/** Prometheus Alertmanager's webhook payload, version 4 (prometheus.io/docs/alerting/latest/configuration). */
export const alertmanagerSchema = z.object({
  version: z.literal('4', { error: 'must be "4" (the Alertmanager webhook version understood here)' }),
  status: z.enum(['firing', 'resolved'], { error: 'must be firing or resolved' }).optional(),
  receiver: z.string().optional(),
  groupKey: z.string().optional(),
  externalURL: z.string().optional(),
  alerts: z
    .array(
      z.object({
        status: z.enum(['firing', 'resolved'], { error: 'must be firing or resolved' }),
        labels: strings,
        annotations: strings,
        startsAt: z.string().optional(),
        endsAt: z.string().optional(),
        generatorURL: z.string().optional(),
        fingerprint: z.string().min(1).max(200).optional(),
      }),
      { error: 'must be an array of alerts' },
    )
    .min(1, 'must hold at least one alert')
    .max(1000, 'must hold at most 1000 alerts'),
});

export type AlertmanagerPayload = z.infer<typeof alertmanagerSchema>;

/** Alertmanager's usual severity label values onto ours; anything else is info. */
export function mapSeverity(label: string | undefined): Severity {
  const value = (label ?? '').toLowerCase();
  if (['critical', 'crit', 'page', 'error', 'high', 'emergency', 'alert'].includes(value)) return 'critical';
  if (['warning', 'warn', 'medium', 'major'].includes(value)) return 'warning';
  return 'info';
}

const isHttpUrl = (url: string | undefined): url is string => !!url && /^https?:\/\/\S+$/i.test(url);

/** Alertmanager computes the fingerprint from the labels; an old sender without one gets the same idea. */
function labelFingerprint(labels: Record<string, string>): string {
  const sorted = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16);
}

/**
 * Each alert of the payload as ours: fingerprint → dedupKey, status as is, labels as labels, the `severity`
 * label → severity, annotations summary/description → title/text, generator and runbook URLs → links.
 */
export function mapAlertmanager(payload: AlertmanagerPayload): AlertInput[] {
  return payload.alerts.map((a) => {
    const title = a.annotations.summary ?? a.annotations.title ?? a.labels.alertname ?? 'Alertmanager alert';
    const text = a.annotations.description ?? a.annotations.message;
    const links: AlertLink[] = [
      ...(isHttpUrl(a.generatorURL) ? [{ title: 'Source', url: a.generatorURL }] : []),
      ...(isHttpUrl(a.annotations.runbook_url) ? [{ title: 'Runbook', url: a.annotations.runbook_url }] : []),
      ...(isHttpUrl(payload.externalURL) ? [{ title: 'Alertmanager', url: payload.externalURL }] : []),
    ];
    return {
      source: 'alertmanager',
      severity: mapSeverity(a.labels.severity),
      title: title.slice(0, 300),
      ...(text ? { text: text.slice(0, 4000) } : {}),
      dedupKey: a.fingerprint ?? labelFingerprint(a.labels),
      labels: a.labels,
      links,
      status: a.status,
    };
  });
}
