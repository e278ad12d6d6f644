import { describe, expect, it } from 'vitest';
import { parseCheckHealth } from '../../../src/vendors/remote-support/parse-check-health.ts';
import { parseCommandXml } from '../../../src/vendors/remote-support/parse-command-xml.ts';
import { RemoteSupportError } from '../../../src/vendors/remote-support/remote-support-error.ts';

/** The shape of a real appliance's answer (19.1.8), as EVIDENCE.md records it; the values are ours. */
const RECORDED = `<?xml version="1.0" encoding="UTF-8"?>
<health_check xmlns="http://www.bomgar.com/namespaces/API/command">
  <appliance id="7c3b1f2e-5a40-4d1b-8e1f-2a9c0d4e6b11">support.example.com</appliance>
  <version>19.1.8 (build 12345)</version>
  <success>1</success>
  <failover_role>none</failover_role>
</health_check>`;

const parse = (xml: string) => parseCheckHealth(parseCommandXml('check_health', xml));

describe('parseCheckHealth', () => {
  it('reads the recorded layout of a real appliance', () => {
    expect(parse(RECORDED)).toEqual([
      {
        id: '7c3b1f2e-5a40-4d1b-8e1f-2a9c0d4e6b11',
        hostname: 'support.example.com',
        version: '19.1.8 (build 12345)',
        success: true,
        failoverRole: 'none',
        enabledSharedIps: [],
        extra: {},
      },
    ]);
  });

  it('reads the optional siblings when present, and keeps unknown ones in extra', () => {
    const xml = RECORDED.replace(
      '</health_check>',
      `<error_message>peer unreachable</error_message><enabled_shared_ips><ip>10.0.0.5</ip></enabled_shared_ips>
       <last_data_sync_time>1733220000</last_data_sync_time><last_data_sync_status>Failed</last_data_sync_status>
       <uptime>42</uptime></health_check>`,
    ).replace('<success>1</success>', '<success>0</success>');
    expect(parse(xml)[0]).toMatchObject({
      success: false,
      errorMessage: 'peer unreachable',
      enabledSharedIps: ['10.0.0.5'],
      lastDataSyncTime: new Date(1733220000 * 1000).toISOString(),
      lastDataSyncStatus: 'Failed',
      extra: { uptime: '42' },
    });
  });

  it('shows a missing version and failover role as unknown (undefined), not as a failure', () => {
    const xml = RECORDED.replace(/<version>.*<\/version>/, '').replace(
      /<failover_role>.*<\/failover_role>/,
      '',
    );
    const [a] = parse(xml);
    expect(a?.version).toBeUndefined();
    expect(a?.failoverRole).toBeUndefined();
    expect(a?.success).toBe(true);
  });

  it('still fails, naming the element, without <success> or without a hostname', () => {
    expect(() => parse(RECORDED.replace('<success>1</success>', ''))).toThrow(
      /<success> of <health_check> is missing/,
    );
    const noHost = RECORDED.replace('>support.example.com<', '><');
    expect(() => parse(noHost)).toThrow(RemoteSupportError);
    expect(() => parse(noHost)).toThrow(/hostname/);
    expect(() => parse('<health_check><success>1</success></health_check>')).toThrow(
      /<appliance> of <health_check> is missing/,
    );
  });

  it('reads the nested layout too', () => {
    const xml = `<appliances><appliance id="a"><hostname>one</hostname><success>1</success><version>1</version></appliance>
      <appliance id="b"><hostname>two</hostname><success>0</success></appliance></appliances>`;
    expect(parse(xml).map((a) => [a.id, a.hostname, a.success, a.version])).toEqual([
      ['a', 'one', true, '1'],
      ['b', 'two', false, undefined],
    ]);
  });
});
