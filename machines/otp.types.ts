import type { Channel, Operation } from './concepts.ts';
import type { SecretValue } from './secret.ts';

export type { Channel, Operation, OtpStatus } from './concepts.ts';

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
  /** The user's email address. */
  email?: string;
  /** The display name. */
  name?: string;
  /** The given (first) name. */
  givenName?: string;
  /** The middle name. */
  middleName?: string;
  /** The family (last) name. */
  familyName?: string;
  /** The user's phone number (E.164). */
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
  /** Values for the message template. */
  templateOptions?: Record<string, string>;
  /** The message template to use. */
  templateId?: string;
  /** The message locale. */
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

/** The settings of `OtpInput` that have a default. */
type DefaultedSetting = 'operation' | 'channel' | 'resendCooldownMs' | 'codeLength' | 'requestTimeoutMs';

/**
 * The settings a flow runs with: `OtpInput` with its defaults applied and without the refresh JWT, which
 * the flow keeps apart, as a secret. Plain JSON.
 */
export type OtpSettings = Omit<OtpInput, 'refreshJwt' | DefaultedSetting> &
  Required<Pick<OtpInput, DefaultedSetting>>;

/** Descope's error fields, kept on a failure when the server sent them. */
export interface DescopeErrorFields {
  /** Descope's error code, for example `E061102`. */
  errorCode?: string;
  /** Descope's error description. */
  errorDescription?: string;
}

/**
 * The field an `invalidInput` failure names: a setting of `OtpInput`, a field of `SEND` or `SUBMIT_CODE`, or
 * a server flow's `binding`.
 */
export type InvalidField =
  | Exclude<keyof OtpInput | keyof SendEvent | keyof SubmitCodeEvent, 'type' | 'providerId' | 'ssoAppId'>
  | 'binding';

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
  | ({
      kind: 'server';
      status: number;
      /** How long the server asked to wait before trying again (its `Retry-After`), when it said. */
      retryAfterMs?: number;
    } & DescopeErrorFields);

/** The kind of an `OtpFailure`. */
export type OtpFailureKind = OtpFailure['kind'];

/** The Descope user returned by a successful verify (unknown extra fields are kept). */
export interface OtpUser {
  /** Descope's user ID (the `sub` of the session JWT). */
  userId?: string;
  /** Every login ID of the user. */
  loginIds?: string[];
  /** The user's email address. */
  email?: string;
  /** The user's phone number. */
  phone?: string;
  /** The display name. */
  name?: string;
  /** Whether the email address was verified. */
  verifiedEmail?: boolean;
  /** Whether the phone number was verified. */
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
  /** Until when the server's last 429 asked to wait (epoch ms on the actor's clock), 0 when never: survives `RESET`. */
  retryAfterAt: number;
  /** When the current code expires (epoch ms), when `codeTtlMs` is set. */
  codeExpiresAt?: number;
  /** True once `codeExpiresAt` has passed on the actor's clock. */
  codeExpired: boolean;
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
  /** The login ID: for sign-up-or-in, the email address or E.164 phone number the code goes to. */
  loginId: string;
  /** Send over this channel instead of the flow's current one. */
  channel?: Channel;
  /** The new email address of `updateEmail`. */
  email?: string;
  /** The new phone number (E.164) of `updatePhone`. */
  phone?: string;
}

/** `SUBMIT_CODE`: accepted in `awaitingCode`. Spaces and dashes are removed before the digit check. */
export interface SubmitCodeEvent {
  type: 'SUBMIT_CODE';
  /** The code as typed or pasted: `codeLength` digits, spaces and dashes allowed. */
  code: string;
}

/** `RESEND`: accepted in `awaitingCode` and `verifying` once the cooldown has passed. */
export interface ResendEvent {
  type: 'RESEND';
  /** Send the new code over this channel (SMS → voice); verify then goes to it too. */
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
  /** The flow's resolved settings. */
  settings: OtpSettings;
  /** What to send the code for. */
  operation: Operation;
  /** Where to send it. */
  channel: Channel;
  /** The login ID. */
  loginId: string;
  /** The new email or phone of an update, else null. */
  newAddress: string | null;
  /** The refresh JWT holder (`reveal()` it only for the request that needs it). */
  refreshJwt: SecretValue | null;
}

/** What a `sendCode` actor resolves with. */
export interface SendCodeOutput {
  /** The masked address the code went to. */
  maskedDestination?: string;
  /** Verify attempts allowed for this code, when the server says. */
  verificationAttempts?: number;
}

/** What a `verifyCode` actor receives. The code is here, and nowhere in the context. */
export interface VerifyCodeInput {
  /** The flow's resolved settings. */
  settings: OtpSettings;
  /** The channel of the newest successful send. */
  channel: Channel;
  /** The login ID. */
  loginId: string;
  /** The code, digits only. */
  code: string;
}
