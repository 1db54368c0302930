import { isChannel, isOperation, isPhoneChannel, isUpdateOperation } from './concepts.ts';
import type { Channel, Operation, OtpFailure, OtpSettings, SendEvent } from './otp.types.ts';
import { isRecord } from './record.ts';

export { isChannel, isOperation, isPhoneChannel } from './concepts.ts';

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const phonePattern = /^\+[1-9]\d{6,14}$/;
const projectIdPattern = /^[A-Za-z0-9]+$/;
const loopbackPattern = /^(localhost|\[::1\]|127(\.\d{1,3}){3})$/;
/** The longest delay `setTimeout` takes, in ms. */
export const maxTimerMs = 2 ** 31 - 1;

type Field = Extract<OtpFailure, { kind: 'invalidInput' }>['field'];

const invalid = (field: Field): OtpFailure => ({ kind: 'invalidInput', field });

export const isEmail = (value: unknown): value is string =>
  typeof value === 'string' && emailPattern.test(value);
export const isPhone = (value: unknown): value is string =>
  typeof value === 'string' && phonePattern.test(value);

/** Whether a URL host name (IPv6 in brackets) is this computer. */
export const isLoopbackHostname = (hostname: string): boolean => loopbackPattern.test(hostname);

export function isAllowedBaseUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  if (url.protocol !== 'http:') return false;
  return isLoopbackHostname(url.hostname);
}

export function isChannelAllowed(operation: Operation, channel: unknown): channel is Channel {
  if (!isChannel(channel)) return false;
  if (operation === 'updateEmail') return channel === 'email';
  return operation !== 'updatePhone' || isPhoneChannel(channel);
}

export function needsRefreshJwt(settings: OtpSettings): boolean {
  const { operation, loginOptions } = settings;
  return (
    isUpdateOperation(operation) ||
    (operation === 'signIn' && Boolean(loginOptions?.stepup || loginOptions?.mfa))
  );
}

const isNumberIn = (value: unknown, min: number, max = maxTimerMs) =>
  typeof value === 'number' && value >= min && value <= max;
const isOptionalObject = (value: unknown) => value === undefined || isRecord(value);

/** The region a project ID names (`''` for the default one), or `null` when it names none. */
export function regionOf(projectId: string): string | null {
  const region = projectId.length >= 32 ? projectId.slice(1, -27) : '';
  return /^[a-z0-9]*$/.test(region) ? region : null;
}

function findSettingsProblem(settings: OtpSettings): Field | null {
  const { projectId } = settings;
  if (typeof projectId !== 'string' || !projectIdPattern.test(projectId)) return 'projectId';
  if (settings.baseUrl === undefined && regionOf(projectId) === null) return 'projectId';
  if (!isOperation(settings.operation)) return 'operation';
  if (!isChannelAllowed(settings.operation, settings.channel)) return 'channel';
  if (settings.baseUrl !== undefined && !isAllowedBaseUrl(settings.baseUrl)) return 'baseUrl';
  if (!Number.isInteger(settings.codeLength) || !isNumberIn(settings.codeLength, 1, 12)) return 'codeLength';
  if (!isNumberIn(settings.requestTimeoutMs, 1)) return 'requestTimeoutMs';
  if (!isNumberIn(settings.resendCooldownMs, 0)) return 'resendCooldownMs';
  if (settings.codeTtlMs !== undefined && !isNumberIn(settings.codeTtlMs, 1)) return 'codeTtlMs';
  for (const field of ['loginOptions', 'user', 'updateOptions'] as const) {
    if (!isOptionalObject(settings[field])) return field;
  }
  return null;
}

export function validateSettings(settings: OtpSettings, hasRefreshJwt: boolean): OtpFailure | null {
  const field = findSettingsProblem(settings);
  if (field) return invalid(field);
  return needsRefreshJwt(settings) && !hasRefreshJwt ? invalid('refreshJwt') : null;
}

function validateDestination(operation: Operation, channel: Channel, loginId: string): OtpFailure | null {
  if (operation !== 'signUpOrIn') return null;
  const valid = isPhoneChannel(channel) ? isPhone(loginId) : isEmail(loginId);
  return valid ? null : invalid('loginId');
}

export function validateChannelSwitch(operation: Operation, from: Channel, to: unknown): OtpFailure | null {
  if (to === undefined) return null;
  const allowed = isChannelAllowed(operation, to);
  if (allowed && (operation !== 'signUpOrIn' || isPhoneChannel(from) === isPhoneChannel(to))) return null;
  return invalid('channel');
}

/** The fields of a `SEND` event, as untyped callers may send them. */
export type SendFields = { [Field in Exclude<keyof SendEvent, 'type'>]?: unknown };

export function validateSendEvent(
  settings: OtpSettings,
  hasRefreshJwt: boolean,
  event: SendFields,
): OtpFailure | null {
  const configProblem = validateSettings(settings, hasRefreshJwt);
  if (configProblem) return configProblem;
  const { loginId, channel = settings.channel } = event;
  if (typeof loginId !== 'string' || !loginId.trim()) return invalid('loginId');
  if (!isChannelAllowed(settings.operation, channel)) return invalid('channel');
  if (settings.operation === 'updateEmail' && !isEmail(event.email)) return invalid('email');
  if (settings.operation === 'updatePhone' && !isPhone(event.phone)) return invalid('phone');
  return validateDestination(settings.operation, channel, loginId);
}

export function normalizeCode(code: unknown, codeLength: number): string | null {
  if (typeof code !== 'string') return null;
  const digits = code.replace(/[\s-]/g, '');
  return digits.length === codeLength && /^\d+$/.test(digits) ? digits : null;
}
