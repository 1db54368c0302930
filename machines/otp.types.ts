import type { SecretValue } from './secret.ts';

/** A delivery method for the one-time code. `im` is Descope's instant-message method. */
export type Channel = 'email' | 'sms' | 'voice' | 'whatsapp' | 'im';

/** The Descope OTP operation a flow performs. */
export type Operation = 'signUp' | 'signIn' | 'signUpOrIn' | 'updateEmail' | 'updatePhone';

/** Descope login options, sent as given in the request body's `loginOptions`. */
export interface LoginOptions {
  /** Step-up authentication: requires `refreshJwt` in the input. */
  stepup?: boolean;
  /** Multi-factor authentication: requires `refreshJwt` in the input. */
  mfa?: boolean;
  /** Extra claims added to the session JWT. */
  customClaims?: Record<string, string | number | boolean>;
  /** Values for the message template. */
  templateOptions?: Record<string, string>;
  /** The message template to use. */
  templateId?: string;
  /** The message locale. */
  locale?: string;
  /** The tenant to sign in to. */
  tenantId?: string;
  /** Revoke the user's other sessions on success. */
  revokeOtherSessions?: boolean;
  /** Which kinds of other sessions to revoke. */
  revokeOtherSessionsTypes?: string[];
  /** A PKCE challenge. */
  pkceChallenge?: string;
  /** The SSO application to sign in to. */
  ssoAppId?: string;
}

/** The user details sent with a sign-up. */
export interface SignUpUser {
  email?: string;
  name?: string;
  givenName?: string;
  middleName?: string;
  familyName?: string;
  phone?: string;
}

/** Options for `updateEmail` and `updatePhone`, sent at the top level of the request body. */
export interface UpdateOptions {
  /** Add the new address to the user's login IDs. */
  addToLoginIDs?: boolean;
  /** With `addToLoginIDs`: when the address belongs to another user, keep that user. */
  onMergeUseExisting?: boolean;
  /** Refuse (E062125, `conflict`) instead of merging users when the address is taken. */
  failOnConflict?: boolean;
  templateOptions?: Record<string, string>;
  templateId?: string;
  locale?: string;
}

/** What `createActor(otpMachine, { input })` takes. Nothing here throws: problems surface as `invalidInput`. */
export interface OtpInput {
  /** The Descope project ID (28 characters, or 32 for regional projects). Required. */
  projectId: string;
  /**
   * The API base URL. `http://` is accepted only for loopback hosts.
   * @default derived from the project ID: `https://api.descope.com`, or `https://api.<region>.descope.com`
   */
  baseUrl?: string;
  /** @default 'signUpOrIn' */
  operation?: Operation;
  /** The first delivery method. `updateEmail` needs `email`; `updatePhone` needs a phone method. @default 'email' */
  channel?: Channel;
  /** The refresh JWT of a signed-in user: needed by updates and by sign-in with `stepup` or `mfa`. Never stored in a serializable form. */
  refreshJwt?: string;
  /** Passed through as `loginOptions` (sign-in, sign-up-or-in, and the sign-up options of sign-up). */
  loginOptions?: LoginOptions;
  /** The user details of a sign-up. */
  user?: SignUpUser;
  /** The OAuth provider ID, sent at the top level of the body. */
  providerId?: string;
  /** The SSO application ID, sent inside `loginOptions` as Descope's JS SDK does. */
  ssoAppId?: string;
  /** Options of `updateEmail` / `updatePhone`. */
  updateOptions?: UpdateOptions;
  /** How long after a successful send a resend is allowed. @default 30000 */
  resendCooldownMs?: number;
  /** When set, the flow shows an expiry and treats the code as expired after it. @default undefined (the server decides) */
  codeTtlMs?: number;
  /** The number of digits in a code. @default 6 */
  codeLength?: number;
  /** Each request is aborted after this long and reported as `timeout`. @default 15000 */
  requestTimeoutMs?: number;
}

/** The settings a flow runs with, resolved from `OtpInput` (plain JSON, no secret). */
export interface OtpSettings {
  projectId: string;
  baseUrl?: string;
  operation: Operation;
  channel: Channel;
  loginOptions?: LoginOptions;
  user?: SignUpUser;
  providerId?: string;
  ssoAppId?: string;
  updateOptions?: UpdateOptions;
  resendCooldownMs: number;
  codeTtlMs?: number;
  codeLength: number;
  requestTimeoutMs: number;
}

/** Descope's error fields, kept on a failure when the server sent them. */
export interface DescopeErrorFields {
  /** Descope's error code, for example `E061102`. */
  errorCode?: string;
  /** Descope's error description. */
  errorDescription?: string;
}

/** The fields an `invalidInput` failure can name. */
export type InvalidField =
  | 'projectId'
  | 'baseUrl'
  | 'operation'
  | 'channel'
  | 'loginId'
  | 'email'
  | 'phone'
  | 'code'
  | 'refreshJwt'
  | 'codeLength'
  | 'requestTimeoutMs'
  | 'resendCooldownMs'
  | 'codeTtlMs'
  | 'loginOptions'
  | 'user'
  | 'updateOptions';

/**
 * Why a step failed: plain data, branch on `kind`.
 * Kinds that end the flow (the machine goes to `failed`): `tooManyAttempts`, `userNotFound`,
 * `userAlreadyExists`, `conflict`, `unauthorized`.
 */
export type OtpFailure =
  | { kind: 'invalidInput'; field: InvalidField }
  | ({ kind: 'wrongCode'; attemptsLeft?: number } & DescopeErrorFields)
  | ({ kind: 'tooManyAttempts' } & DescopeErrorFields)
  | ({ kind: 'codeExpired' } & DescopeErrorFields)
  | ({ kind: 'userNotFound' } & DescopeErrorFields)
  | ({ kind: 'userAlreadyExists' } & DescopeErrorFields)
  | ({ kind: 'conflict' } & DescopeErrorFields)
  | ({ kind: 'rateLimited'; retryAfterMs: number } & DescopeErrorFields)
  | ({ kind: 'unauthorized'; status: number } & DescopeErrorFields)
  | { kind: 'network' }
  | { kind: 'timeout' }
  | ({ kind: 'server'; status: number } & DescopeErrorFields);

/** The kind of an `OtpFailure`. */
export type OtpFailureKind = OtpFailure['kind'];

/** The Descope user returned by a successful verify (unknown extra fields are kept). */
export interface OtpUser {
  userId?: string;
  loginIds?: string[];
  email?: string;
  phone?: string;
  name?: string;
  verifiedEmail?: boolean;
  verifiedPhone?: boolean;
  [key: string]: unknown;
}

/** The machine's output once `authenticated`. It holds tokens: never persisted or logged by this library. */
export interface OtpSession {
  /** The session JWT. */
  sessionJwt: string;
  /** The refresh JWT; absent when the project returns it as a cookie. */
  refreshJwt?: string;
  /** When the session expires (epoch seconds). */
  sessionExpiration?: number;
  /** Seconds until the session should be refreshed. */
  nextRefreshSeconds?: number;
  /** True on the user's first successful sign-in. @default false */
  firstSeen: boolean;
  /** The user. */
  user: OtpUser;
  /** The session claims, when the server sent them. */
  claims?: Record<string, unknown>;
}

/** The machine's context: plain JSON but for `refreshJwt`, a holder that serializes to nothing. */
export interface OtpContext {
  /** The login ID being authenticated; kept across `RESET` for editing. */
  loginId: string;
  /** The channel of the newest successful send (before any send, the channel the next send uses). */
  channel: Channel;
  /** The channel of the send in flight, if any. */
  pendingChannel: Channel | null;
  operation: Operation;
  /** The masked address the newest code went to, as Descope returned it. */
  maskedDestination: string | null;
  /** The new email or phone of an update flow. */
  newAddress: string | null;
  /** How many codes were successfully sent in this flow. */
  generation: number;
  /** Verify attempts left for the current code, when the server said. */
  attemptsLeft?: number;
  /** When a resend (or, after a 429 on the first send, a send) is allowed again, in the actor clock's epoch ms. */
  resendAvailableAt: number;
  /** True once `resendAvailableAt` has passed on the actor's clock. */
  resendReady: boolean;
  /** When the current code expires (epoch ms), when `codeTtlMs` is set. */
  codeExpiresAt?: number;
  /** The last failure, or null. */
  error: OtpFailure | null;
  /** The resolved input. */
  settings: OtpSettings;
  /** The refresh JWT holder: `JSON.stringify` leaves it out. */
  refreshJwt: SecretValue | null;
}

/** `SEND`: accepted in `idle`. `email` / `phone` is the new address of `updateEmail` / `updatePhone`. */
export interface SendEvent {
  type: 'SEND';
  loginId: string;
  channel?: Channel;
  email?: string;
  phone?: string;
}

/** `SUBMIT_CODE`: accepted in `awaitingCode`. Spaces and dashes are removed before the digit check. */
export interface SubmitCodeEvent {
  type: 'SUBMIT_CODE';
  code: string;
}

/** `RESEND`: accepted in `awaitingCode` and `verifying` once the cooldown has passed. */
export interface ResendEvent {
  type: 'RESEND';
  channel?: Channel;
}

/** `RESET`: accepted in every state but `authenticated`. */
export interface ResetEvent {
  type: 'RESET';
}

/** The events a user sends to the machine. */
export type OtpEvent = SendEvent | SubmitCodeEvent | ResendEvent | ResetEvent;

/** What a `sendCode` actor receives. */
export interface SendCodeInput {
  settings: OtpSettings;
  operation: Operation;
  channel: Channel;
  loginId: string;
  newAddress: string | null;
  refreshJwt: SecretValue | null;
}

/** What a `sendCode` actor resolves with. */
export interface SendCodeOutput {
  maskedDestination?: string;
  verificationAttempts?: number;
}

/** What a `verifyCode` actor receives. */
export interface VerifyCodeInput {
  settings: OtpSettings;
  channel: Channel;
  loginId: string;
  code: string;
}
