import { z } from 'zod';
import { parseJson } from '../http.ts';
import type { IssuedToken } from '../token-cache.ts';
import { parseVendorResponse } from '../validate.ts';
import type { PmCloudSend } from './create-pmcloud-sender.ts';
import { mapPmCloudTokenFailure, PMC } from './map-pmcloud-failure.ts';

/** IdentityServer's token endpoint on the "-services" host (NOTES §2.1, verified). */
export const PMC_TOKEN_PATH = '/oauth/connect/token';

const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  token_type: z
    .string()
    .regex(/^bearer$/i, 'is not "Bearer"')
    .nullish(),
});

/**
 * OAuth2 client credentials: a form POST with the id and secret in the body, as PM Cloud documents it.
 * (Some clients also send `scope=urn:management:api`; the documented request does not, so neither do we.)
 */
export async function fetchPmCloudToken(
  send: PmCloudSend,
  credentials: { clientId: string; clientSecret: string },
): Promise<IssuedToken> {
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
  }).toString();
  const res = await send(
    {
      method: 'POST',
      path: PMC_TOKEN_PATH,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      operation: 'token',
    },
    { operation: 'token', action: 'issuing an access token' },
  );
  if (res.status !== 200) throw mapPmCloudTokenFailure(res);
  const data = parseVendorResponse(
    PMC,
    'the token request',
    tokenResponseSchema,
    parseJson(PMC, res, 'token'),
  );
  return { token: data.access_token, expiresInSec: data.expires_in };
}
