import { describe, expect, it } from 'vitest';
import { adminAccessRequestSchema } from '../../../src/vendors/pmcloud/admin-access-request.ts';
import { parseVendorResponse } from '../../../src/vendors/validate.ts';

const ID = '5d1c0a2e-1111-4a2b-8c3d-000000000001';
const parse = (data: unknown) =>
  parseVendorResponse('PM Cloud', 'the admin access request', adminAccessRequestSchema, data);
const messageOf = (data: unknown) => {
  try {
    parse(data);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the record to be refused');
};

describe('PM Cloud admin access request schema', () => {
  it('accepts the plausible spellings of each field', () => {
    const variant = parse({
      requestId: ID,
      user: { name: 'CORP\\jdoe', email: 'jdoe@corp.example' },
      hostName: 'LAB-PC-7',
      computerId: 'c0ffee00-0000-4000-8000-000000000007',
      justification: 'Firmware update',
      createdDate: '2025-02-03T04:05:06.789',
      requestedDuration: 900,
      status: 'APPROVED',
      decidedBy: 'eve',
      decisionDate: '2025-02-03T05:00:00+01:00',
      somethingNew: { ignored: true },
    });
    expect(variant).toEqual({
      id: ID,
      user: { name: 'CORP\\jdoe', email: 'jdoe@corp.example' },
      computer: { name: 'LAB-PC-7', id: 'c0ffee00-0000-4000-8000-000000000007' },
      reason: 'Firmware update',
      createdAt: '2025-02-03T04:05:06.789Z',
      requestedDuration: 900,
      status: 'Approved',
      decidedBy: 'eve',
      decisionTime: '2025-02-03T04:00:00.000Z',
      message: undefined,
      ticketId: undefined,
    });
  });

  it('reads a missing decision as Pending and the numeric codes as decisions', () => {
    const base = { id: ID, userName: 'u', computerName: 'c' };
    expect(parse({ ...base, decision: null }).status).toBe('Pending');
    expect(parse({ ...base, decision: '2001' }).status).toBe('Denied');
    expect(parse({ ...base, decision: 2000 }).status).toBe('Approved');
    expect(parse({ ...base, duration: 'ONCE' }).requestedDuration).toBe('once');
    expect(parse({ id: ID, computerName: 'c', computerUserName: 'v', upn: 'v@x' }).user).toEqual({
      name: 'v',
      email: 'v@x',
    });
    expect(parse({ id: ID, userName: 'u', computerId: 'only-an-id' }).computer).toEqual({
      name: 'only-an-id',
      id: 'only-an-id',
    });
  });

  it('names the field that makes a record unusable', () => {
    expect(messageOf({ userName: 'u', computerName: 'c' })).toContain('field "id" is missing');
    expect(messageOf({ id: ID, computerName: 'c' })).toContain('field "userName" is missing (who asked)');
    expect(messageOf({ id: ID, userName: 'u' })).toContain('field "computerName" is missing');
    expect(messageOf({ id: ID, userName: 'u', computerName: 'c', decision: 'Maybe' })).toContain(
      'field "decision" is not Pending, Approved or Denied',
    );
    expect(messageOf({ id: ID, userName: 'u', computerName: 'c', created: 'yesterday' })).toContain(
      'field "created" is not a date',
    );
    expect(messageOf({ id: ID, userName: 'u', computerName: 'c', reason: ['x'] })).toContain(
      'field "reason"',
    );
    expect(messageOf('not an object')).toContain('(the whole response)');
  });
});
