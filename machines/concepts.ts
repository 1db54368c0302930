import type { OtpFailureKind } from './otp.types.ts';

/** Every delivery method of a one-time code. `im` is Descope's instant-message method. */
export const channels = ['email', 'sms', 'voice', 'whatsapp', 'im'] as const;

/** The delivery methods that send to a phone number. */
export const phoneChannels = ['sms', 'voice', 'whatsapp', 'im'] as const;

/** Every Descope OTP operation a flow can perform. */
export const operations = ['signUp', 'signIn', 'signUpOrIn', 'updateEmail', 'updatePhone'] as const;

/** The operations that change a signed-in user's address. */
export const updateOperations = ['updateEmail', 'updatePhone'] as const;

/** The top-level states of a flow, as `connect` reports them in `status`. */
export const statuses = ['idle', 'sending', 'awaitingCode', 'verifying', 'authenticated', 'failed'] as const;

/** Every kind of `OtpFailure`. */
export const failureKinds = [
  'invalidInput',
  'wrongCode',
  'tooManyAttempts',
  'codeExpired',
  'userNotFound',
  'userAlreadyExists',
  'conflict',
  'rateLimited',
  'unauthorized',
  'network',
  'timeout',
  'server',
] as const satisfies readonly OtpFailureKind[];

/** The failure kinds that end a flow in `failed`. */
export const terminalFailureKinds = [
  'tooManyAttempts',
  'userNotFound',
  'userAlreadyExists',
  'conflict',
  'unauthorized',
] as const satisfies readonly OtpFailureKind[];

/** A delivery method for the one-time code. */
export type Channel = (typeof channels)[number];

/** The Descope OTP operation a flow performs. */
export type Operation = (typeof operations)[number];

/** The top-level state of a flow. */
export type OtpStatus = (typeof statuses)[number];

/** A check that a value is one of `list`. */
export const includes =
  <T extends string>(list: readonly T[]) =>
  (value: unknown): value is T =>
    list.some((item) => item === value);

/** Whether a value is one of `channels`. */
export const isChannel = /* @__PURE__ */ includes(channels);
/** Whether a value is one of `phoneChannels`. */
export const isPhoneChannel = /* @__PURE__ */ includes(phoneChannels);
/** Whether a value is one of `operations`. */
export const isOperation = /* @__PURE__ */ includes(operations);
/** Whether a value is one of `updateOperations`. */
export const isUpdateOperation = /* @__PURE__ */ includes(updateOperations);
/** Whether a value is one of `statuses`. */
export const isStatus = /* @__PURE__ */ includes(statuses);
/** Whether a value is one of `failureKinds`. */
export const isFailureKind = /* @__PURE__ */ includes(failureKinds);
/** Whether a value is one of `terminalFailureKinds`. */
export const isTerminalFailureKind = /* @__PURE__ */ includes(terminalFailureKinds);
