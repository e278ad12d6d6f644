import { type Activity, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type {
  AuthenticateRequestResult,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
} from 'botframework-connector';
import { ConfigError, GatehouseError } from '../../src/errors.ts';
import type { ActivityGateSettings } from './check-activity.ts';
import { createServiceUrlCheck, DEFAULT_TEAMS_SERVICE_URLS, type ServiceUrlCheck } from './service-urls.ts';

export interface TeamsSettings {
  appId: string;
  appPassword?: string;
  tenantId?: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  /** Tenants whose activities are served; start-up fails without one. */
  allowedTenants: string[];
  /** Service URLs the bot may call (Microsoft's Teams hosts by default). */
  serviceUrls?: string[];
  /** Run without an app password (requests unverified): local testing only, and said so loudly. */
  allowUnauthenticated: boolean;
}

/** A connector factory that builds clients only for allowed service URLs: no signed call goes elsewhere. */
function guarded(factory: ConnectorFactory, isAllowed: ServiceUrlCheck): ConnectorFactory {
  return {
    create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
      if (!isAllowed(serviceUrl))
        return Promise.reject(
          new GatehouseError(
            `Gatehouse does not call the Teams service URL ${serviceUrl}: it is not on the allow list (TEAMS_SERVICE_URLS).`,
            'not_permitted',
          ),
        );
      return factory.create(serviceUrl, audience);
    },
  };
}

/** botbuilder's authentication with every connector it hands out (inbound turn, proactive) guarded. */
class AllowListedAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    config: ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0],
    private readonly isAllowed: ServiceUrlCheck,
  ) {
    super(config);
  }

  override async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    const factory = result.connectorFactory;
    return factory ? { ...result, connectorFactory: guarded(factory, this.isAllowed) } : result;
  }

  override async authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
    throw new GatehouseError(
      'Gatehouse does not accept streaming Bot Framework connections.',
      'not_permitted',
    );
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return guarded(super.createConnectorFactory(claimsIdentity), this.isAllowed);
  }
}

/**
 * Bot Framework authentication from TEAMS_APP_*: inbound JWTs verified and outbound calls signed for the
 * app, and only ever made to allowed service URLs. Without a password (and not a managed identity) the bot
 * would run anonymously — botbuilder then accepts unsigned requests — so that refuses to start unless
 * TEAMS_ALLOW_UNAUTHENTICATED=true says it is a local test.
 */
export function createBotAuthentication(settings: TeamsSettings): {
  auth: ConfigurationBotFrameworkAuthentication;
  botAppId: string;
  anonymous: boolean;
  isAllowedServiceUrl: ServiceUrlCheck;
  /** What the route checks on every activity before the turn (check-activity.ts). */
  gate: ActivityGateSettings;
} {
  const msi = settings.appType === 'UserAssignedMSI';
  const anonymous = !settings.appPassword && !msi;
  if (anonymous && !settings.allowUnauthenticated)
    throw new ConfigError(
      'TEAMS_APP_PASSWORD is missing: without it Teams requests cannot be verified (TEAMS_ALLOW_UNAUTHENTICATED=true is for local testing only).',
    );
  if (settings.allowedTenants.length === 0)
    throw new ConfigError('TEAMS_ALLOWED_TENANTS is missing: name the tenants Gatehouse serves.');
  if (!anonymous && settings.appType !== 'MultiTenant' && !settings.tenantId) {
    throw new ConfigError(
      `TEAMS_APP_TENANT_ID is missing: TEAMS_APP_TYPE=${settings.appType} needs the tenant the app is registered in.`,
    );
  }
  if (msi && settings.appPassword) {
    throw new ConfigError('TEAMS_APP_PASSWORD must not be set with TEAMS_APP_TYPE=UserAssignedMSI.');
  }
  const isAllowedServiceUrl = createServiceUrlCheck(settings.serviceUrls ?? DEFAULT_TEAMS_SERVICE_URLS);
  const gate = { allowedTenants: settings.allowedTenants, isAllowedServiceUrl, unauthenticated: anonymous };
  if (anonymous) {
    const auth = new AllowListedAuthentication(
      { MicrosoftAppId: '', MicrosoftAppType: 'MultiTenant' },
      isAllowedServiceUrl,
    );
    return { auth, botAppId: '', anonymous, isAllowedServiceUrl, gate };
  }
  const auth = new AllowListedAuthentication(
    {
      MicrosoftAppId: settings.appId,
      MicrosoftAppType: msi ? 'UserAssignedMsi' : settings.appType,
      ...(settings.appPassword ? { MicrosoftAppPassword: settings.appPassword } : {}),
      ...(settings.tenantId ? { MicrosoftAppTenantId: settings.tenantId } : {}),
    },
    isAllowedServiceUrl,
  );
  return { auth, botAppId: settings.appId, anonymous, isAllowedServiceUrl, gate };
}
