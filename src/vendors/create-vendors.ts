import type { Config } from '../config/load-config.ts';
import type { Logger } from '../log.ts';
import type { VendorCallObserver } from '../metrics.ts';
import type { Store } from '../store/store.ts';
import { createPasswordSafeClient } from './password-safe/index.ts';
import { createPmCloudClient } from './pmcloud/index.ts';
import { createRemoteSupportClient } from './remote-support/index.ts';
import { createRportClient } from './rport/index.ts';
import { createVendorLimits } from './vendor-limits.ts';
import { SYSTEMS, type Vendors } from './vendors.ts';

/** A client for every configured vendor, and the set of configured system names for the dispatcher. */
export function createVendors(
  config: Config,
  deps: { store: Store; log: Logger; metrics?: VendorCallObserver },
) {
  const common = {
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    limits: createVendorLimits(config.vendorLimits),
  };
  const vendors: Vendors = {};
  const configured = new Set<string>();
  if (config.rport) {
    vendors.rport = createRportClient({
      baseUrl: config.rport.url,
      user: config.rport.user,
      token: config.rport.token,
      log: deps.log.child({ vendor: 'rport' }),
      ...common,
    });
    configured.add(SYSTEMS.rport);
  }
  if (config.pmc) {
    vendors.pmCloud = createPmCloudClient({
      baseUrl: config.pmc.url,
      clientId: config.pmc.clientId,
      clientSecret: config.pmc.clientSecret,
      ...(config.pmc.decisionPath ? { decisionPath: config.pmc.decisionPath } : {}),
      store: deps.store,
      log: deps.log.child({ vendor: 'pm-cloud' }),
      ...common,
    });
    configured.add(SYSTEMS.pmCloud);
  }
  if (config.rs) {
    vendors.remoteSupport = createRemoteSupportClient({
      baseUrl: config.rs.url,
      clientId: config.rs.clientId,
      clientSecret: config.rs.clientSecret,
      store: deps.store,
      cacheTtlMs: config.rs.cacheSeconds * 1000,
      log: deps.log.child({ vendor: 'remote-support' }),
      ...common,
    });
    configured.add(SYSTEMS.remoteSupport);
  }
  if (config.ps) {
    vendors.passwordSafe = createPasswordSafeClient({
      baseUrl: config.ps.url,
      apiKey: config.ps.apiKey,
      runAs: config.ps.runAs,
      ...(config.ps.runAsPassword ? { runAsPassword: config.ps.runAsPassword } : {}),
      log: deps.log.child({ vendor: 'password-safe' }),
      ...common,
    });
    configured.add(SYSTEMS.passwordSafe);
  }
  return { vendors, configured };
}
