/** The four backends the server bench compares, each run in its own process. */
export const backendKinds = ['library-memory', 'library-redis', 'sdk-stateless', 'sdk-redis'] as const;

export type BackendKind = (typeof backendKinds)[number];

export const isBackendKind = (value: unknown): value is BackendKind =>
  backendKinds.includes(value as BackendKind);

/** What a backend process is given at start, as JSON in `BENCH_BACKEND`. */
export interface BackendConfig {
  kind: BackendKind;
  projectId: string;
  descopeUrl: string;
  redisUrl?: string;
  requestTimeoutMs: number;
  storeTimeoutMs: number;
  maxBodyBytes: number;
}

/** What the library's backend runs with, recorded in the results' `checks`. */
export interface BackendFeatures {
  /** `createOtpFlows` is given `limits` (`generousLimits`): every counter counts, none refuses. */
  limits: boolean;
}

/** Busy time of the backend process since the last `mark`, in microseconds, and its resident set. */
export interface BackendUsage {
  userUs: number;
  systemUs: number;
  rssBytes: number;
  heapUsedBytes: number;
}

/** A call from the bench to a backend process. */
export type BackendCall =
  | { id: number; type: 'mark' }
  | { id: number; type: 'usage' }
  | { id: number; type: 'profileStart'; intervalUs: number }
  | { id: number; type: 'profileStop' }
  | { id: number; type: 'close' };

/** A message from a backend process: started, or the answer to a call. */
export type BackendReply =
  | { type: 'ready'; url: string; features: BackendFeatures | null }
  | { type: 'result'; id: number; result: unknown };

/** The timeouts and body limit every backend runs with: long enough that queueing is measured, not cut off. */
export const backendSettings = { requestTimeoutMs: 60_000, storeTimeoutMs: 10_000, maxBodyBytes: 16 * 1024 };

const window = { windowSeconds: 3_600 };

/**
 * Send limits high enough that the bench never meets them, so their counting is measured and nothing is
 * refused. Passed to `createOtpFlows` as `limits`.
 */
export const generousLimits = {
  perDestination: { max: 1_000_000, ...window },
  perClientIp: { max: 1_000_000, ...window },
  global: false,
  failedVerifiesPerDestination: { max: 1_000_000, ...window },
} as const;
