import type { OtpSession } from './otp.types.ts';

const noSession: OtpSession = { sessionJwt: '', firstSeen: false, user: {} };

const isSession = (value: unknown): value is OtpSession =>
  value instanceof Object && 'sessionJwt' in value && typeof value.sessionJwt === 'string';

/** The session a verify resolved with, as the machine's output. */
export const readSession = (value: unknown): OtpSession => (isSession(value) ? value : noSession);
