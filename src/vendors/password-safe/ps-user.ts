import { z } from 'zod';
import { psListSchema, psOneSchema } from './ps-list-schema.ts';

/**
 * A BeyondInsight user (seed 003 `GET Users`, `GET UserGroups/{id}/Users`, `POST Users/{id}/Quarantine`), in
 * our names. An application user's `ClientSecret` is never copied out of the vendor's answer.
 */
export interface PsUser {
  id: number;
  userName: string;
  domainName: string | null;
  distinguishedName: string | null;
  firstName: string | null;
  lastName: string | null;
  emailAddress: string | null;
  /** `Application` for API application users; null for people. */
  userType: string | null;
  lastLoginDate: string | null;
  isQuarantined: boolean;
  isActive: boolean;
}

const text = z.string().nullish();

export const psUserSchema = z.looseObject({
  UserID: z.number().int(),
  UserName: z.string(),
  DomainName: text,
  DistinguishedName: text,
  FirstName: text,
  LastName: text,
  EmailAddress: text,
  UserType: text,
  LastLoginDate: text,
  IsQuarantined: z.boolean().nullish(),
  IsActive: z.boolean().nullish(),
});

export const psUserListSchema = psListSchema(psUserSchema);

/** `GET Users?username=` "returns the requested user": a list, or perhaps the one user on its own. */
export const psUserLookupSchema = z.preprocess(
  (data) => (data && typeof data === 'object' && 'UserID' in data ? [data] : data),
  psUserListSchema,
);

export const psOneUserSchema = psOneSchema(psUserSchema);

export function toPsUser(raw: z.infer<typeof psUserSchema>): PsUser {
  return {
    id: raw.UserID,
    userName: raw.UserName,
    domainName: raw.DomainName ?? null,
    distinguishedName: raw.DistinguishedName ?? null,
    firstName: raw.FirstName ?? null,
    lastName: raw.LastName ?? null,
    emailAddress: raw.EmailAddress ?? null,
    userType: raw.UserType ?? null,
    lastLoginDate: raw.LastLoginDate ?? null,
    isQuarantined: raw.IsQuarantined ?? false,
    isActive: raw.IsActive ?? true,
  };
}

/** `jdoe`, or `CORP\jdoe` for a directory user. */
export function qualifiedUserName(user: Pick<PsUser, 'userName' | 'domainName'>): string {
  return user.domainName ? `${user.domainName}\\${user.userName}` : user.userName;
}

/** `GET UserGroups?name=` (seed 003): a list of groups, or the one group on its own. */
export const psUserGroupLookupSchema = z.preprocess(
  (data) => (data && typeof data === 'object' && 'GroupID' in data ? [data] : data),
  psListSchema(
    z.looseObject({ GroupID: z.number().int(), Name: z.string(), IsActive: z.boolean().nullish() }),
  ),
);
