import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import type { Channel } from '../../machines/concepts.ts';

/** A delivery method of Descope's OTP endpoints: one of the library's channels. */
export type OtpMethod = Channel;

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
  /** `true` for a test user, created through the Management API; their JWTs carry `tu: true`. */
  readonly test: boolean;
  /** Role names given at creation (Management API). */
  readonly roleNames: readonly string[];
  /** Custom attributes given at creation (Management API). */
  readonly customAttributes: Readonly<Record<string, unknown>>;
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
   * - `delay`: wait `delayMs` (or until `until` settles), then handle the request normally.
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
  /**
   * Holds the request of a `delay` fault until this promise settles (fulfilled or rejected), instead of
   * waiting `delayMs`: a gate the test opens when it is ready. A request closed before then is dropped.
   * @default none: the fault waits `delayMs`
   */
  until?: PromiseLike<unknown>;
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
   * Called with every code the server sends (test users are sent none).
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
  /**
   * Enables the Management API's test-user calls for `Authorization: Bearer <projectId>:<managementKey>`.
   * Without it every `/v1/mgmt/` call answers 401.
   * @default Management API disabled
   */
  managementKey?: string;
}

/** Options of `server.issueSession`. */
export interface IssueSessionOptions {
  /**
   * The delivery method the session claims the user proved (its `amr`).
   * @default 'sms' for a phone number, else 'email'
   */
  method?: OtpMethod;
  /**
   * Extra claims in the session JWT, as `loginOptions.customClaims` would add them.
   * @default none
   */
  customClaims?: Record<string, unknown>;
  /**
   * Creates the user, when missing, as a test user (`tu: true` in its JWTs).
   * @default false
   */
  test?: boolean;
}

/** A session issued by `server.issueSession`, as a verify would have answered it. */
export interface IssuedSession {
  sessionJwt: string;
  refreshJwt: string;
  user: TestUser;
}

/**
 * A running offline Descope on plain HTTP. Besides the OTP endpoints it answers the key set
 * (`GET /v2/keys/<projectId>`), the session endpoints (`POST /v1/auth/refresh`, `try-refresh`, `logout`,
 * `logoutall`, `GET /v1/auth/me`, each with `Bearer <projectId>:<refreshJwt>`) and, with a
 * `managementKey`, the Management API's test users (`POST /v1/mgmt/user/create/test`,
 * `POST /v1/mgmt/tests/generate/otp`, `DELETE /v1/mgmt/user/test/delete/all`, `GET /v1/mgmt/license`).
 * `try-refresh` answers `{}` where `refresh` answers a 401.
 *
 * Error answers (body `{ errorCode, errorDescription, errorMessage }`):
 * - 400 `E011001` malformed JSON body; 400 `E011002` missing `loginId`, `code`, `email` or `phone`;
 *   400 `E011003` invalid email or phone number.
 * - 401 `E061004` missing or malformed `Authorization`, a missing, invalid, expired or foreign refresh JWT
 *   where one is required, or a missing or wrong management key; 401 `E064001` a refresh JWT revoked by
 *   a logout; 401 `E011003` unknown project ID.
 * - 404 `E011004` unknown path; 405 `E011004` another HTTP method than the path's (or an OPTIONS
 *   preflight).
 * - 400 `E011003` generating a code for a user that is not a test user.
 * - 400 `E062107` sign-up (or test-user creation) of an existing login ID; 400 `E062108` sign-in,
 *   update or code generation for an unknown one.
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
  /**
   * Every code sent so far, oldest first (a live array). As at Descope, test users are sent nothing:
   * their codes come from `POST /v1/mgmt/tests/generate/otp` (or `lastCode`).
   */
  readonly deliveries: DeliveredCode[];
  /** Users by `userId`. */
  readonly users: ReadonlyMap<string, TestUser>;
  /** The RSA public key of the newest signing key (RS256); it verifies every JWT issued since the last rotation. */
  readonly publicKey: KeyObject;
  /** Every signing key ever used, newest last, as `GET /v2/keys/<projectId>` serves them. */
  jwks(): { keys: JWK[] };
  /** `<url>/v2/keys/<projectId>`, where Descope's SDKs fetch the key set. */
  readonly keySetUrl: string;
  /**
   * Starts signing with a new RSA key and answers its `kid`. Earlier keys stay published, so JWTs signed
   * before keep validating until they expire.
   */
  rotateKeys(): string;
  /**
   * Signs a user in without an OTP round trip (the user is created when missing) and answers the tokens
   * a verify would have given: for tests of a backend that only needs a valid session.
   */
  issueSession(loginId: string, options?: IssueSessionOptions): Promise<IssuedSession>;
  /** The last code sent (or generated) for this login ID, whether still valid or not. */
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
