import { ConfigError, VendorError } from '../../errors.ts';
import { callVendor, type VendorTransport } from '../http.ts';
import { type CookieJar, createCookieJar } from './cookie-jar.ts';
import { mapPasswordSafeError, PASSWORD_SAFE, type PsOperation } from './map-password-safe-error.ts';

/** One signed-in Password Safe session: the cookies that carry it. */
export interface PsSignIn {
  readonly jar: CookieJar;
}

export interface PasswordSafeSignIn {
  /** The PS-Auth header, sent at sign-in and on every later call (some registrations validate it on all). */
  readonly authorization: string;
  /** The current sign-in, signing in first when there is none; concurrent callers share one sign-in. */
  current(): Promise<PsSignIn>;
  /** Password Safe refused `stale` (401): forget it, unless a newer sign-in already replaced it. */
  invalidate(stale: PsSignIn): void;
  /** `POST Auth/Signout` when signed in; a session that had already lapsed counts as signed out. */
  signOut(): Promise<void>;
  /** Sign-ins performed (for tests and logs). */
  readonly signIns: number;
}

const SIGN_IN: PsOperation = {
  name: 'auth.signin',
  what: 'sign in',
  permission: 'an API registration that includes it',
};
const SIGN_OUT: PsOperation = { name: 'auth.signout', what: 'sign out', permission: 'a signed-in session' };

/**
 * API-key sign-in: `POST Auth/SignAppin` with `Authorization: PS-Auth key=…; runas=…;` (plus `pwd=[…];` when
 * the registration requires the user's password), then the session cookie AND the same header on every later
 * call, since some registrations validate it on all calls (EVIDENCE.md). The key, the password and the cookie
 * never reach a log line or an error.
 */
export function createPasswordSafeSignIn(
  transport: VendorTransport,
  credentials: { apiKey: string; runAs: string; runAsPassword?: string },
): PasswordSafeSignIn {
  const authorization = buildPsAuthHeader(credentials.apiKey, credentials.runAs, credentials.runAsPassword);
  let signedIn: PsSignIn | undefined;
  let pending: Promise<PsSignIn> | undefined;
  let signIns = 0;

  async function signIn(): Promise<PsSignIn> {
    signIns += 1;
    const res = await callVendor(PASSWORD_SAFE, transport, {
      method: 'POST',
      path: 'Auth/SignAppin',
      headers: { authorization, accept: 'application/json' },
      operation: SIGN_IN.name,
    });
    if (res.status < 200 || res.status >= 300) throw mapPasswordSafeError(SIGN_IN, res, 'sign-in');
    const jar = createCookieJar();
    jar.absorb(res.headers['set-cookie']);
    if (jar.size === 0) {
      throw new VendorError(
        PASSWORD_SAFE,
        'Password Safe accepted the sign-in but set no session cookie: check that nothing between Gatehouse and PS_URL strips cookies.',
        { status: res.status },
      );
    }
    transport.log?.info({ vendor: PASSWORD_SAFE, runAs: credentials.runAs }, 'signed in to Password Safe');
    return { jar };
  }

  return {
    authorization,
    current() {
      if (signedIn) return Promise.resolve(signedIn);
      pending ??= signIn()
        .then((fresh) => {
          signedIn = fresh;
          return fresh;
        })
        .finally(() => {
          pending = undefined;
        });
      return pending;
    },
    invalidate(stale) {
      if (signedIn === stale) signedIn = undefined;
    },
    async signOut() {
      const session = signedIn ?? (await pending?.catch(() => undefined));
      if (!session) return;
      if (signedIn === session) signedIn = undefined;
      const res = await callVendor(PASSWORD_SAFE, transport, {
        method: 'POST',
        path: 'Auth/Signout',
        headers: { authorization, cookie: session.jar.header(), accept: 'application/json' },
        operation: SIGN_OUT.name,
      });
      if (res.status === 401) return;
      if (res.status < 200 || res.status >= 300) throw mapPasswordSafeError(SIGN_OUT, res);
      transport.log?.info({ vendor: PASSWORD_SAFE }, 'signed out of Password Safe');
    },
    get signIns() {
      return signIns;
    },
  };
}

/**
 * `PS-Auth key=<key>; runas=<user>;` and, with a password, `PS-Auth key=<key>; runas=<user>; pwd=[<password>];`
 * exactly as the vendor documents it. A value that would break the header (a `;`, a line break) stops
 * start-up with the variable's name, never its value.
 */
export function buildPsAuthHeader(apiKey: string, runAs: string, password?: string): string {
  if (!/^[^\s;]+$/.test(apiKey)) {
    throw new ConfigError(
      'PS_API_KEY must be the API registration’s key: one word, no spaces or semicolons.',
    );
  }
  if (runAs.trim() === '' || /[;\r\n]/.test(runAs)) {
    throw new ConfigError(
      'PS_RUNAS must name the BeyondInsight user the key runs as (e.g. jdoe or DOMAIN\\jdoe), without semicolons.',
    );
  }
  if (password === undefined) return `PS-Auth key=${apiKey}; runas=${runAs};`;
  if (password === '' || /[\r\n]/.test(password)) {
    throw new ConfigError('PS_RUNAS_PASSWORD must be the run-as user’s password on one line (or unset it).');
  }
  return `PS-Auth key=${apiKey}; runas=${runAs}; pwd=[${password}];`;
}
