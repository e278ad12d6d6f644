export type { AdminAccessDecisionBody, AdminAccessDecisionInput } from './admin-access-decision.ts';
export { JIT_MAX_SECONDS, JIT_MIN_SECONDS } from './admin-access-decision.ts';
export type { AdminAccessDecision, AdminAccessRequest } from './admin-access-request.ts';
export { DecisionPathError, PMC } from './map-pmcloud-failure.ts';
export {
  ADMIN_ACCESS_DECISION_PATH,
  ADMIN_ACCESS_FILTER_QUERY,
  type AdminAccessRequestFilter,
  createPmCloudClient,
  PMC_API_BASE_PATH,
  PMC_MAX_PAGE_SIZE,
  type PmCloudClient,
  type PmCloudClientOptions,
  resolveDecisionPath,
} from './pmcloud-client.ts';
