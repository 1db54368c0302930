export type { FlowCookieOptions, RefreshCookieOptions } from './cookie.ts';
export { createOtpFlows } from './flows.ts';
export { createOtpHandler, type OtpHandlerOptions } from './handler.ts';
export { describeFailure, httpStatusOf } from './http-status.ts';
export type { FlowInspector } from './inspect.ts';
export {
  isServerFailureKind,
  type ServerFailure,
  type ServerFailureKind,
  serverFailureKinds,
  serverFailureMessage,
} from './kinds.ts';
export { type MemoryFlowStore, type MemoryFlowStoreOptions, memoryFlowStore } from './memory-store.ts';
export { type NodeRequestLike, type NodeResponseLike, toNodeListener } from './node.ts';
export {
  type RedisClientLike,
  type RedisCommandOptions,
  type RedisFlowStoreOptions,
  redisFlowStore,
} from './redis-store.ts';
export type {
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
