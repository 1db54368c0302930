import type { OtpContext, OtpFailure, OtpInput, OtpSettings, ResendEvent, SendEvent } from './otp.types.ts';
import { isRecord } from './record.ts';
import { SecretValue } from './secret.ts';
import { validateChannelSwitch, validateSendEvent, validateSettings } from './validate.ts';

/** Every setting a flow keeps, with its default (`undefined`: none). The refresh JWT is kept apart, as a secret. */
const settingDefaults = {
  projectId: '',
  baseUrl: undefined,
  operation: 'signUpOrIn',
  channel: 'email',
  loginOptions: undefined,
  user: undefined,
  providerId: undefined,
  ssoAppId: undefined,
  updateOptions: undefined,
  resendCooldownMs: 30_000,
  codeTtlMs: undefined,
  codeLength: 6,
  requestTimeoutMs: 15_000,
} as const satisfies Record<keyof OtpSettings, unknown>;

export function resolveSettings(input: unknown): OtpSettings {
  const given: Record<string, unknown> = isRecord(input) ? input : {};
  const settings: Record<string, unknown> = {};
  for (const [name, fallback] of Object.entries(settingDefaults)) {
    const value = given[name] === undefined ? fallback : given[name];
    if (value !== undefined) settings[name] = value;
  }
  return settings as OtpSettings;
}

export function resolveRefreshJwt(input: unknown): SecretValue | null {
  const refreshJwt = isRecord(input) ? input.refreshJwt : undefined;
  return typeof refreshJwt === 'string' && refreshJwt !== '' ? new SecretValue(refreshJwt) : null;
}

export function createContext(input: Partial<OtpInput> | undefined): OtpContext {
  const settings = resolveSettings(input);
  const refreshJwt = resolveRefreshJwt(input);
  return {
    ...freshFlow(settings, ''),
    refreshJwt,
    error: validateSettings(settings, refreshJwt !== null),
  };
}

export function freshFlow(settings: OtpSettings, loginId: string): Omit<OtpContext, 'refreshJwt'> {
  return {
    loginId,
    channel: settings.channel,
    pendingChannel: null,
    maskedDestination: null,
    newAddress: null,
    generation: 0,
    attemptsLeft: undefined,
    resendAvailableAt: 0,
    resendReady: true,
    retryAfterAt: 0,
    codeExpiresAt: undefined,
    codeExpired: false,
    error: null,
    settings,
  };
}

/** Why a `SEND` cannot go out (the settings, the login ID, the channel, the new address), or null. */
export const sendProblemOf = (context: OtpContext, event: SendEvent): OtpFailure | null =>
  validateSendEvent(context.settings, context.refreshJwt !== null, event);

/** Why a `RESEND` cannot go out (the settings, the channel to switch to), or null. */
export const resendProblemOf = (context: OtpContext, event: ResendEvent): OtpFailure | null =>
  validateSettings(context.settings, context.refreshJwt !== null) ??
  validateChannelSwitch(context.settings.operation, context.channel, event.channel);

export function acceptedSend(context: OtpContext, event: SendEvent): Partial<OtpContext> {
  const { operation } = context.settings;
  const newAddress =
    operation === 'updateEmail' ? event.email : operation === 'updatePhone' ? event.phone : null;
  return {
    loginId: event.loginId,
    pendingChannel: event.channel ?? context.settings.channel,
    newAddress: newAddress ?? null,
    error: null,
  };
}

export function sentCode(context: OtpContext, output: unknown, now: number): Partial<OtpContext> {
  const { maskedDestination, verificationAttempts: attempts } = isRecord(output) ? output : {};
  return {
    generation: context.generation + 1,
    channel: context.pendingChannel ?? context.channel,
    pendingChannel: null,
    maskedDestination: typeof maskedDestination === 'string' ? maskedDestination : null,
    attemptsLeft: typeof attempts === 'number' && attempts >= 0 ? attempts : undefined,
    resendAvailableAt: now + context.settings.resendCooldownMs,
    resendReady: context.settings.resendCooldownMs <= 0,
    codeExpiresAt: context.settings.codeTtlMs === undefined ? undefined : now + context.settings.codeTtlMs,
    codeExpired: false,
    error: null,
  };
}

export function failedRequest(context: OtpContext, failure: OtpFailure, now: number): Partial<OtpContext> {
  const update: Partial<OtpContext> = { error: failure, pendingChannel: null };
  if (failure.kind === 'wrongCode' && context.attemptsLeft !== undefined) {
    const attemptsLeft = Math.max(0, context.attemptsLeft - 1);
    update.attemptsLeft = attemptsLeft;
    update.error = { ...failure, attemptsLeft };
  }
  if (failure.kind === 'rateLimited') {
    const until = now + failure.retryAfterMs;
    update.retryAfterAt = Math.max(context.retryAfterAt, until);
    if (until > context.resendAvailableAt) {
      update.resendAvailableAt = until;
      update.resendReady = false;
    }
  }
  return update;
}

export function resetFlow(context: OtpContext, now: number): Partial<OtpContext> {
  const waiting = context.retryAfterAt > now;
  return {
    ...freshFlow(context.settings, context.loginId),
    retryAfterAt: context.retryAfterAt,
    resendAvailableAt: waiting ? context.retryAfterAt : 0,
    resendReady: !waiting,
    error: validateSettings(context.settings, context.refreshJwt !== null),
  };
}

/** A restored snapshot's context, its settings and refresh JWT taken from the actor's `input` when there is one. */
export function restoredContext(context: unknown, input: unknown): Record<string, unknown> {
  const given = isRecord(context) ? context : {};
  return {
    ...given,
    codeExpired: given.codeExpired === true,
    settings: isRecord(input) ? resolveSettings(input) : (given.settings ?? resolveSettings(undefined)),
    refreshJwt: isRecord(input)
      ? resolveRefreshJwt(input)
      : given.refreshJwt instanceof SecretValue
        ? given.refreshJwt
        : null,
  };
}
