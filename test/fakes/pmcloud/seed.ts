import { randomUUID } from 'node:crypto';

/**
 * An admin access request as the fake PM Cloud stores and sends it. `decision`, `decisionTime` and
 * `decisionPerformedByUser` are verified wire names; the others are the inferred camelCase names of the
 * documented create body (NOTES §2.3), plus `computerName`, `userPrincipalName` and `created`, which a list
 * meant for approvers plausibly carries.
 */
export interface WireAdminAccessRequest {
  id: string;
  computerId: string;
  computerName: string;
  userId: string;
  userName: string;
  userPrincipalName: string | null;
  reason: string | null;
  /** Seconds as a string, or "Once". */
  duration: string | null;
  decision: 'Pending' | 'Approved' | 'Denied';
  decisionTime: string | null;
  decisionPerformedByUser: string | null;
  message: string | null;
  systemId: string | null;
  ticketId: string | null;
  ticketUrl: string | null;
  created: string;
  [extra: string]: unknown;
}

let ticketNumber = 400;

/** A pending request with realistic defaults; `fields` override any of them. */
export function makeWireAdminAccessRequest(
  fields: Partial<WireAdminAccessRequest> = {},
  now = Date.now(),
): WireAdminAccessRequest {
  ticketNumber += 1;
  return {
    id: randomUUID(),
    computerId: randomUUID(),
    computerName: 'CORP-LT-0001',
    userId: `S-1-5-21-3623811015-3361044348-30300820-${1000 + ticketNumber}`,
    userName: 'CORP\\someone',
    userPrincipalName: null,
    reason: 'Install software',
    duration: '3600',
    decision: 'Pending',
    decisionTime: null,
    decisionPerformedByUser: null,
    message: null,
    systemId: null,
    ticketId: `EPM000${ticketNumber}`,
    ticketUrl: null,
    created: new Date(now - 60_000).toISOString(),
    ...fields,
  };
}

const minutesAgo = (now: number, minutes: number) => new Date(now - minutes * 60_000).toISOString();

/** Four people waiting on four machines, and two requests already decided. Ids are fixed for the demo. */
export function seedAdminAccessRequests(now = Date.now()): WireAdminAccessRequest[] {
  const request = (fields: Partial<WireAdminAccessRequest>) => makeWireAdminAccessRequest(fields, now);
  return [
    request({
      id: '3f2b8c1e-7a4d-4e2b-9c61-0d5a8e7f1a01',
      computerId: 'b1e4c2d3-0f5a-4b6c-8d7e-9f0a1b2c3d01',
      computerName: 'FIN-LT-0142',
      userName: 'CORP\\amelia.hart',
      userPrincipalName: 'amelia.hart@corp.example',
      reason: 'Install the updated Bloomberg Excel add-in before month-end close',
      duration: '3600',
      ticketId: 'EPM000231',
      created: minutesAgo(now, 4),
    }),
    request({
      id: '3f2b8c1e-7a4d-4e2b-9c61-0d5a8e7f1a02',
      computerId: 'b1e4c2d3-0f5a-4b6c-8d7e-9f0a1b2c3d02',
      computerName: 'ENG-WS-2207',
      userName: 'CORP\\dev.okafor',
      userPrincipalName: 'dev.okafor@corp.example',
      reason: 'Debug a driver-signing failure in the build toolchain (INC-88412)',
      duration: '14400',
      ticketId: 'EPM000232',
      created: minutesAgo(now, 11),
    }),
    request({
      id: '3f2b8c1e-7a4d-4e2b-9c61-0d5a8e7f1a03',
      computerId: 'b1e4c2d3-0f5a-4b6c-8d7e-9f0a1b2c3d03',
      computerName: 'HR-LT-0031',
      userName: 'CORP\\l.nguyen',
      userPrincipalName: 'l.nguyen@corp.example',
      reason: 'Driver for the new third-floor printer',
      duration: 'Once',
      ticketId: 'EPM000233',
      created: minutesAgo(now, 26),
    }),
    request({
      id: '3f2b8c1e-7a4d-4e2b-9c61-0d5a8e7f1a04',
      computerId: 'b1e4c2d3-0f5a-4b6c-8d7e-9f0a1b2c3d04',
      computerName: 'OPS-JUMP-01',
      userName: 'CORP\\s.varga',
      userPrincipalName: 's.varga@corp.example',
      reason: 'Renew the machine certificate on the jump host',
      duration: '1800',
      ticketId: 'EPM000234',
      created: minutesAgo(now, 43),
    }),
    request({
      id: '3f2b8c1e-7a4d-4e2b-9c61-0d5a8e7f1a05',
      computerId: 'b1e4c2d3-0f5a-4b6c-8d7e-9f0a1b2c3d05',
      computerName: 'SALES-LT-0088',
      userName: 'CORP\\m.rossi',
      userPrincipalName: 'm.rossi@corp.example',
      reason: 'Update the CRM desktop connector',
      duration: '7200',
      decision: 'Approved',
      decisionTime: minutesAgo(now, 95),
      decisionPerformedByUser: 'alice@corp.example',
      message: 'Approved for two hours',
      ticketId: 'EPM000229',
      created: minutesAgo(now, 120),
    }),
    request({
      id: '3f2b8c1e-7a4d-4e2b-9c61-0d5a8e7f1a06',
      computerId: 'b1e4c2d3-0f5a-4b6c-8d7e-9f0a1b2c3d06',
      computerName: 'MKT-LT-0210',
      userName: 'CORP\\t.berg',
      userPrincipalName: 't.berg@corp.example',
      reason: 'Install a music player',
      duration: '3600',
      decision: 'Denied',
      decisionTime: minutesAgo(now, 200),
      decisionPerformedByUser: 'bob@corp.example',
      message: 'Please use the Company Portal catalogue',
      ticketId: 'EPM000227',
      created: minutesAgo(now, 210),
    }),
  ];
}
