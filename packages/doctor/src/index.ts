export type { CheckResult } from './check'
export { checkPolicy, POLICY_EXPORTS } from './check'
export type { Problem, ProblemCode, Warning, WarningCode } from './codes'
export { PROBLEM_CODES, WARNING_CODES } from './codes'
export {
  isSafelistedMethod,
  isSafelistedRequestHeader,
  MAX_AGE_CAPS,
  unsafeRequestHeaderNames,
} from './fetch-rules'
export type { ReceivedResponse, SentRequest } from './http-client'
export { DoctorError } from './http-client'
export type { CacheEngine } from './preflight-cache'
export { CorsPreflightCache } from './preflight-cache'
export type { ProbeRequest, ProbeResult } from './probe'
export { probe } from './probe'
export { formatReport } from './report'
