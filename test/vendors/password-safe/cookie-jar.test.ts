import { describe, expect, it } from 'vitest';
import { createCookieJar, parseSetCookie } from '../../../src/vendors/password-safe/cookie-jar.ts';

describe('Password Safe cookie jar', () => {
  it('keeps name=value of every cookie set and sends them back together', () => {
    const jar = createCookieJar();
    jar.absorb([
      'ASP.NET_SessionId=abc123; path=/; HttpOnly; SameSite=Lax',
      'AWSALB=node-7; Expires=Wed, 01 Jan 2099 00:00:00 GMT; Path=/',
    ]);
    expect(jar.header()).toBe('ASP.NET_SessionId=abc123; AWSALB=node-7');
    jar.absorb('ASP.NET_SessionId=def456; path=/');
    expect(jar.header()).toBe('ASP.NET_SessionId=def456; AWSALB=node-7');
  });

  it('drops a cookie the server expires or empties', () => {
    const jar = createCookieJar();
    jar.absorb(['a=1', 'b=2', 'c=3']);
    jar.absorb(['a=1; Max-Age=0', 'b=; path=/', 'c=3; Expires=Thu, 01 Jan 1970 00:00:00 GMT']);
    expect(jar.size).toBe(0);
    expect(jar.header()).toBe('');
  });

  it('ignores a header without a name', () => {
    expect(parseSetCookie('=oops; path=/')).toBeUndefined();
    expect(parseSetCookie('novalue')).toBeUndefined();
    expect(parseSetCookie('k=v=w; path=/')).toEqual({ name: 'k', value: 'v=w', expired: false });
  });
});
