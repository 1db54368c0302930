import type { CryptoKey, JWK } from 'jose';

/** A delivery method of Descope's OTP endpoints. */
export type OtpMethod = 'email' | 'sms' | 'voice' | 'whatsapp' | 'im';

/** A user the test server knows, either seeded through `users` or created by a sign-up. */
export interface TestUser {
  /** Generated identifier, used as the `sub` of every JWT issued for this user. */
  readonly userId: string;
  /** Every login ID of the user; the first one is the one it was created with. */
  readonly loginIds: readonly string[];
  readonly email?: string;
  readonly phone?: string;
  readonly name?: string;
  /** `true` once a code sent to `email` was verified. */
  readonly verifiedEmail: boolean;
  /** `true` once a code sent to `phone` was verified. */
  readonly verifiedPhone: boolean;
  /** Creation time in epoch seconds, read from the server clock. */
  readonly createdTime: number;
}

/** A user to create when the server starts. */
export interface TestUserSeed {
  loginId: string;
  email?: string;
  phone?: string;
  name?: string;
}

/** A code the server "sent": what a real project would have delivered by email, SMS, voice call or message. */
export interface DeliveredCode {
  /** The login ID the code was issued for (and must be verified with). */
  readonly loginId: string;
  readonly code: string;
  readonly method: OtpMethod;
  /** The address the code went to, unmasked (for an update: the new address). */
  readonly destination: string;
  /** Server clock, in milliseconds. */
  readonly at: number;
}

/** One HTTP request as the server received it, faulted, rate-limited and preflight requests included. */
export interface RecordedRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /** Lower-cased header names; repeated headers are joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body, the raw text when it is not JSON, or `undefined` when empty. */
  readonly body: unknown;
  /** Server clock, in milliseconds. */
  readonly at: number;
}

/**
 * A misbehaviour to inject. Faults are kept in a queue: each request takes the first fault whose `path`
 * matches and uses it up once. Faulted requests are still recorded.
 */
export interface FaultSpec {
  /**
   * Requests it applies to: a string matches that exact path or any path below it
   * (`'/v1/auth/otp/verify'` matches every verify), a RegExp is tested against the path.
   * @default every path
   */
  path?: string | RegExp;
  /**
   * How many requests it applies to; `Infinity` keeps it until `clearFaults()`.
   * @default 1
   */
  times?: number;
  /**
   * - `status`: answer `status` with a Descope error body; nothing else happens (no code is sent).
   * - `delay`: wait `delayMs`, then handle the request normally.
   * - `hang`: never answer, until the client aborts or the server closes.
   * - `drop`: destroy the connection without answering.
   * - `html`: answer an HTML error page, as a proxy in front of the API would.
   * - `empty`: answer with an empty body.
   */
  kind: 'status' | 'delay' | 'hang' | 'drop' | 'html' | 'empty';
  /**
   * HTTP status of `status`, `html` and `empty`.
   * @default 500 for `status`, 502 for `html`, 200 for `empty`
   */
  status?: number;
  /**
   * `errorCode` of the body of a `status` fault.
   * @default 'E130429' when `status` is 429, else 'E000000'
   */
  errorCode?: string;
  /**
   * `errorDescription` of the body of a `status` fault.
   * @default 'https://docs.descope.com/rate-limit' when `status` is 429, else 'Injected fault'
   */
  errorDescription?: string;
  /**
   * Adds a `Retry-After: <seconds>` header to a `status`, `html` or `empty` answer.
   * @default no header
   */
  retryAfterSeconds?: number;
  /**
   * Wait of a `delay` fault, in milliseconds.
   * @default 1000
   */
  delayMs?: number;
}

/** Options of `createTestServer`. */
export interface TestServerOptions {
  /**
   * Port to listen on; 0 picks a free one.
   * @default 0
   */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /**
   * The only project ID the server accepts in `Authorization: Bearer <projectId>[:<jwt>]`.
   * @default 'P2aAc4T2V93bddihGEx2Ryhc8e5Z'
   */
  projectId?: string;
  /**
   * Digits of every code (1 to 12).
   * @default 6
   */
  codeLength?: number;
  /**
   * Lifetime of a code; verifying it later answers the expired error `E061104`.
   * @default 300_000
   */
  codeTtlMs?: number;
  /**
   * Wrong codes allowed per sent code. The wrong code that reaches the limit, and every verify of that
   * code after it (the right code included), answers `E061103`; a new send starts over.
   * @default 3
   */
  maxAttempts?: number;
  /**
   * Requests allowed per client address in a fixed window; beyond that the server answers HTTP 429
   * `E130429` with `Retry-After` (seconds left in the window, rounded up). Preflights are not counted.
   * @default no limit
   */
  rateLimit?: { max: number; windowMs: number };
  /**
   * Clock, in epoch milliseconds, for code expiry, rate limits, recorded times and JWT `iat`/`exp`.
   * @default Date.now
   */
  now?: () => number;
  /**
   * Users that exist from the start.
   * @default []
   */
  users?: TestUserSeed[];
  /**
   * Called with every code the server sends.
   * @default none
   */
  onDeliver?: (delivery: DeliveredCode) => void;
  /**
   * Lifetime of session JWTs, in seconds.
   * @default 600
   */
  sessionTtlSeconds?: number;
  /**
   * Lifetime of refresh JWTs, in seconds.
   * @default 2_592_000 (30 days)
   */
  refreshTtlSeconds?: number;
}

/**
 * A running Descope-compatible OTP server on plain HTTP.
 *
 * Error answers (body `{ errorCode, errorDescription, errorMessage }`):
 * - 400 `E011001` malformed JSON body; 400 `E011002` missing `loginId`, `code`, `email` or `phone`;
 *   400 `E011003` invalid email or phone number.
 * - 401 `E061004` missing or malformed `Authorization`, or a missing, invalid or foreign refresh JWT where
 *   one is required; 401 `E011003` unknown project ID.
 * - 404 `E011004` unknown path; 405 `E011004` a method other than POST (or an OPTIONS preflight).
 * - 400 `E062107` sign-up of an existing login ID; 400 `E062108` sign-in or update of an unknown one.
 * - 401 `E061102` wrong code (or a code sent over another method); 401 `E061103` code locked after
 *   `maxAttempts` wrong codes; 400 `E061104` no code to verify: never sent, already used, replaced by a
 *   newer send, or expired.
 * - 409 `E062125` update to an address of another user with `failOnConflict`.
 * - 429 `E130429` rate limited, with `Retry-After`.
 */
export interface TestServer {
  /** `http://<host>:<port>`, without a trailing slash. */
  readonly url: string;
  readonly projectId: string;
  /** Every request received so far, oldest first (a live array). */
  readonly requests: RecordedRequest[];
  /** Every code sent so far, oldest first (a live array). */
  readonly deliveries: DeliveredCode[];
  /** Users by `userId`. */
  readonly users: ReadonlyMap<string, TestUser>;
  /** Public key that verifies every JWT the server issues (ES256). */
  readonly publicKey: CryptoKey;
  /** The public key as a JWK set, as a `/.well-known/jwks.json` would serve it. */
  jwks(): { keys: JWK[] };
  /** The last code sent for this login ID, whether still valid or not. */
  lastCode(loginId: string): string | undefined;
  /** The user owning this login ID. */
  findUser(loginId: string): TestUser | undefined;
  /** Queues a fault for the next matching request(s). */
  fault(spec: FaultSpec): void;
  /** Drops every queued fault. */
  clearFaults(): void;
  /** Requests received and neither answered nor closed yet. */
  openRequests(): number;
  /** Stops listening, destroys every connection (hanging ones included) and clears every timer. */
  close(): Promise<void>;
}
