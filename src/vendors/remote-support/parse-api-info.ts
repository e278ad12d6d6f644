import { readFields, toIsoTime } from './read-fields.ts';
import type { ApiInfo } from './types.ts';
import { childOf, extraOf, type XmlElement } from './xml-element.ts';

const ACTION = 'get_api_info';
const KNOWN = ['api_version', 'company_name', 'timestamp', 'permissions'];

/**
 * `<api_info>` [I: root name] with `<api_version>`, `<company_name>`, `<timestamp>` and `<permissions>`.
 * Permissions are read in both shapes the documentation allows: named children
 * (`<perm_command>full_access</perm_command>`) and `<permission name="perm_command" value="full_access"/>`.
 */
export function parseApiInfo(root: XmlElement): ApiInfo {
  const f = readFields(ACTION, root, `<${root.name}>`);
  const permissions = new Map<string, string>();
  for (const perm of childOf(root, 'permissions')?.children ?? []) {
    if (perm.name === 'permission') {
      const name = perm.attrs.name;
      if (name) permissions.set(name, perm.attrs.value ?? perm.text);
    } else {
      permissions.set(perm.name, perm.text);
    }
  }
  const timestamp = f.text('timestamp');
  return {
    apiVersion: f.text('api_version'),
    companyName: f.text('company_name'),
    timestamp: toIsoTime(timestamp) ?? timestamp,
    permissions: Object.fromEntries(permissions),
    extra: extraOf(root, KNOWN),
  };
}

/** True when the API account may use every command (generate_session_key needs it). */
export function hasFullCommandAccess(info: Pick<ApiInfo, 'permissions'>): boolean {
  return info.permissions.perm_command === 'full_access';
}
