import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { ConfigError } from '../../src/errors.ts';

export interface TeamsSettings {
  appId: string;
  appPassword?: string;
  tenantId?: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
}

/**
 * Bot Framework authentication from TEAMS_APP_*: inbound JWTs verified and outbound calls signed for the
 * app. Without a password (and not a managed identity) the bot runs anonymously: botbuilder then accepts
 * unsigned requests and signs nothing, which is only for local testing against an emulator or fakes.
 */
export function createBotAuthentication(settings: TeamsSettings): {
  auth: ConfigurationBotFrameworkAuthentication;
  botAppId: string;
  anonymous: boolean;
} {
  const msi = settings.appType === 'UserAssignedMSI';
  const anonymous = !settings.appPassword && !msi;
  if (!anonymous && settings.appType !== 'MultiTenant' && !settings.tenantId) {
    throw new ConfigError(
      `TEAMS_APP_TENANT_ID is missing: TEAMS_APP_TYPE=${settings.appType} needs the tenant the app is registered in.`,
    );
  }
  if (msi && settings.appPassword) {
    throw new ConfigError('TEAMS_APP_PASSWORD must not be set with TEAMS_APP_TYPE=UserAssignedMSI.');
  }
  if (anonymous) {
    const auth = new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: '',
      MicrosoftAppType: 'MultiTenant',
    });
    return { auth, botAppId: '', anonymous };
  }
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: settings.appId,
    MicrosoftAppType: msi ? 'UserAssignedMsi' : settings.appType,
    ...(settings.appPassword ? { MicrosoftAppPassword: settings.appPassword } : {}),
    ...(settings.tenantId ? { MicrosoftAppTenantId: settings.tenantId } : {}),
  });
  return { auth, botAppId: settings.appId, anonymous };
}
