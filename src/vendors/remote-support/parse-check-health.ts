import { readFields } from './read-fields.ts';
import type { ApplianceHealth } from './types.ts';
import { childOf, extraOf, type XmlElement } from './xml-element.ts';

const ACTION = 'check_health';
const KNOWN = [
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
 * One `<appliance id="GUID">` per B Series Appliance. The wrapper's name is not documented [I], so any root
 * holding `<appliance>` children will do (or a lone `<appliance>` root). The hostname is read from a
 * `<hostname>` child, or from the appliance element's own text as the element table can be read.
 */
export function parseCheckHealth(root: XmlElement): ApplianceHealth[] {
  const appliances = root.name === 'appliance' ? [root] : root.children.filter((c) => c.name === 'appliance');
  return appliances.map((appliance, index) => {
    const where = appliance.attrs.id ? `<appliance id="${appliance.attrs.id}">` : `appliance #${index + 1}`;
    const f = readFields(ACTION, appliance, where);
    const hostname = f.optionalText('hostname') ?? (appliance.text || f.text('hostname'));
    const ips = childOf(appliance, 'enabled_shared_ips')?.children.filter((c) => c.name === 'ip') ?? [];
    return {
      id: f.attr('id'),
      hostname,
      version: f.text('version'),
      success: f.flag('success'),
      errorMessage: f.optionalText('error_message'),
      failoverRole: f.text('failover_role'),
      enabledSharedIps: ips.map((ip) => ip.text).filter((ip) => ip !== ''),
      lastDataSyncTime: f.optionalTime('last_data_sync_time'),
      lastDataSyncStatus: f.optionalText('last_data_sync_status'),
      extra: extraOf(appliance, KNOWN),
    };
  });
}
