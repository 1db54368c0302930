export type { OtpAbuseOptions } from './abuse-options.ts';
export { socketAddress } from './client-ip.ts';
export type { FlowCookieOptions, RefreshCookieOptions } from './cookie.ts';
export type { CountryCode } from './countries.ts';
export { flowEventTypes, type OtpFlowEvent } from './events.ts';
export { createOtpFlows } from './flows.ts';
export { createOtpHandler, type OtpHandlerOptions } from './handler.ts';
export { describeFailure, httpStatusOf } from './http-status.ts';
export type { FlowInspector } from './inspect.ts';
export {
  isServerFailureKind,
  type RateLimitedFailure,
  type ServerFailure,
  type ServerFailureKind,
  serverFailureKinds,
  serverFailureMessage,
} from './kinds.ts';
export {
  isLimitName,
  type LimitCounter,
  type LimitCounterOptions,
  type LimitName,
  type LimitRule,
  limitNames,
  type OtpLimits,
} from './limits.ts';
export { type MemoryFlowStore, type MemoryFlowStoreOptions, memoryFlowStore } from './memory-store.ts';
export { type NodeRequestLike, type NodeResponseLike, toNodeListener } from './node.ts';
export {
  type RedisClientLike,
  type RedisCommandOptions,
  type RedisFlowStoreOptions,
  redisFlowStore,
} from './redis-store.ts';
export { type HumanCheck, type SiteVerifyOptions, siteVerify } from './site-verify.ts';
export type {
  FlowAcquisition,
  FlowFailure,
  FlowLease,
  FlowStep,
  FlowStepOptions,
  FlowStore,
  FlowView,
  OtpFlows,
  OtpFlowsOptions,
  ResendFlowOptions,
  StartFlowOptions,
} from './types.ts';
