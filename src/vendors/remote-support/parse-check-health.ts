import { missingField } from './map-failure.ts';
import { readFields } from './read-fields.ts';
import type { ApplianceHealth } from './types.ts';
import { childOf, childrenOf, extraOf, type XmlElement } from './xml-element.ts';

const ACTION = 'check_health';
const KNOWN = [
  'appliance',
  'hostname',
  'version',
  'success',
  'error_message',
  'failover_role',
  'enabled_shared_ips',
  'last_data_sync_time',
  'last_data_sync_status',
];

/**
 * `check_health` as a real appliance answers it (EVIDENCE.md: a recorded 19.1.8 answer): one `<health_check>`
 * root describing one appliance, `<appliance id="GUID">hostname</appliance>` with no children, and `<version>`,
 * `<success>`, `<failover_role>`, `<error_message>`, `<enabled_shared_ips>`, `<last_data_sync_*>` as its
 * SIBLINGS under the root. The older reading (fields as children of each `<appliance>`, several per root, or a
 * lone `<appliance>` root) is still accepted. Only the hostname and `<success>` are required: a missing
 * version, failover role or sync field is left undefined ("unknown"), never a failure.
 */
export function parseCheckHealth(root: XmlElement): ApplianceHealth[] {
  if (root.name === 'appliance') return [readAppliance(root, root, 'the appliance')];
  const appliances = childrenOf(root, 'appliance');
  const nested = appliances.filter((a) => a.children.length > 0);
  if (nested.length > 0) {
    return nested.map((a, i) =>
      readAppliance(a, a, a.attrs.id ? `<appliance id="${a.attrs.id}">` : `appliance #${i + 1}`),
    );
  }
  const [appliance] = appliances;
  if (!appliance) {
    if (root.name === 'health_check') throw missingField(ACTION, `<appliance> of <${root.name}>`);
    return [];
  }
  return [readAppliance(appliance, root, `<${root.name}>`)];
}

/** `appliance` names the appliance (id, hostname as text); `fields` holds the other elements. */
function readAppliance(appliance: XmlElement, fields: XmlElement, where: string): ApplianceHealth {
  const f = readFields(ACTION, fields, where);
  const hostname = childOf(appliance, 'hostname')?.text || appliance.text;
  if (!hostname) throw missingField(ACTION, `the hostname (text of <appliance>) of ${where}`);
  const ips = childOf(fields, 'enabled_shared_ips')?.children.filter((c) => c.name === 'ip') ?? [];
  const version = f.optionalText('version');
  const failoverRole = f.optionalText('failover_role');
  const errorMessage = f.optionalText('error_message');
  const lastDataSyncTime = f.optionalTime('last_data_sync_time');
  const lastDataSyncStatus = f.optionalText('last_data_sync_status');
  return {
    // One id per appliance keys the poller's memory; an appliance that omits it is known by its hostname.
    id: appliance.attrs.id || hostname,
    hostname,
    ...(version !== undefined ? { version } : {}),
    success: f.flag('success'),
    ...(errorMessage !== undefined ? { errorMessage } : {}),
    ...(failoverRole !== undefined ? { failoverRole } : {}),
    enabledSharedIps: ips.map((ip) => ip.text).filter((ip) => ip !== ''),
    ...(lastDataSyncTime !== undefined ? { lastDataSyncTime } : {}),
    ...(lastDataSyncStatus !== undefined ? { lastDataSyncStatus } : {}),
    extra: extraOf(fields, KNOWN),
  };
}
