import { formatTime } from '../../src/intents/duration.ts';
import type { ApplianceHealth } from '../../src/vendors/remote-support/index.ts';
import type { View, ViewBlock, ViewState } from '../../src/views/view.ts';
import type { Probe, VendorHealth } from './probe-vendors.ts';

function probeLine(p: Probe): string {
  if (p.status === 'not configured') return `➖ ${p.system}: not configured`;
  if (p.status === 'failed') return `❌ ${p.system}: ${p.error}`;
  return `✅ ${p.system}: ok (${p.ms} ms)${p.detail ? ` — ${p.detail}` : ''}`;
}

const syncOk = (a: ApplianceHealth) =>
  a.lastDataSyncStatus === undefined || /^(success|ok)/i.test(a.lastDataSyncStatus);

function applianceLine(a: ApplianceHealth, now: Date): string {
  const when =
    a.lastDataSyncTime && !Number.isNaN(Date.parse(a.lastDataSyncTime))
      ? formatTime(a.lastDataSyncTime, now)
      : undefined;
  const sync =
    when || a.lastDataSyncStatus
      ? `last data sync ${[when, a.lastDataSyncStatus ? `(${a.lastDataSyncStatus})` : ''].filter(Boolean).join(' ')}`
      : 'no data sync reported';
  const facts = [`role ${a.failoverRole ?? 'unknown'}`, `version ${a.version ?? 'unknown'}`, sync].join(', ');
  if (!a.success) {
    const why = a.errorMessage || 'reports a failure without saying what';
    return `❌ appliance ${a.hostname}: ${why} — ${facts}`;
  }
  return `${syncOk(a) ? '✅' : '⚠️'} appliance ${a.hostname}: ${facts}`;
}

/** One card: each vendor's reachability, then each Remote Support appliance's own report. */
export function healthView(health: VendorHealth, now: Date): View {
  const configured = health.probes.filter((p) => p.status !== 'not configured');
  const failedVendors = configured.filter((p) => p.status === 'failed');
  const appliances = health.appliances ?? [];
  const badAppliances = appliances.filter((a) => !a.success);
  const problems = failedVendors.length + badAppliances.length;
  const warnings = appliances.filter((a) => a.success && !syncOk(a)).length;
  const state: ViewState =
    configured.length === 0
      ? 'info'
      : failedVendors.length === configured.length
        ? 'failure'
        : problems > 0 || warnings > 0
          ? 'warning'
          : 'success';
  const summary =
    configured.length === 0
      ? 'No vendor is configured here.'
      : problems === 0
        ? `All ${configured.length} configured ${configured.length === 1 ? 'system answers' : 'systems answer'}${warnings ? `; ${warnings} appliance sync ${warnings === 1 ? 'warning' : 'warnings'}` : ''}.`
        : `${problems} ${problems === 1 ? 'problem' : 'problems'}: ${[
            ...failedVendors.map((p) => p.system),
            ...badAppliances.map((a) => `appliance ${a.hostname}`),
          ].join(', ')}.`;
  const blocks: ViewBlock[] = [{ type: 'list', items: health.probes.map(probeLine) }];
  if (appliances.length > 0) {
    blocks.push(
      { type: 'context', text: 'Remote Support appliances (check_health)' },
      { type: 'list', items: appliances.map((a) => applianceLine(a, now)) },
    );
  }
  blocks.push({ type: 'context', text: `Checked ${formatTime(now, now)}.` });
  return { title: 'Health', state, summary, blocks };
}
