import type { OtpSession } from './otp.types.ts';

const isSession = (value: unknown): value is OtpSession => typeof Object(value).sessionJwt === 'string';

/** The session a verify resolved with, as the machine's output. */
export const readSession = (value: unknown): OtpSession =>
  isSession(value) ? value : { sessionJwt: '', firstSeen: false, user: {} };
