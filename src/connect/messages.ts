import type { InvalidField, OtpFailure, OtpFailureKind } from '../../machines/otp.types.ts';

type FixedKind = Exclude<OtpFailureKind, 'invalidInput' | 'wrongCode' | 'rateLimited'>;

const messages: Partial<Record<InvalidField, string>> & Record<FixedKind, string> = {
  channel: 'This delivery method cannot be used here.',
  loginId: 'Enter a valid email address or phone number.',
  email: 'Enter a valid email address.',
  phone: 'Enter a phone number like +14155550100.',
  code: 'Enter the code you received (digits only).',
  refreshJwt: 'You need to be signed in to do this.',
  tooManyAttempts: 'Too many wrong codes. Start again for a new code.',
  codeExpired: 'This code has expired. Send a new one.',
  userNotFound: 'No account was found for this login ID.',
  userAlreadyExists: 'This login ID already has an account. Sign in instead.',
  conflict: 'This address belongs to another account.',
  unauthorized: 'Not authorized. Check the project ID or sign in again.',
  network: 'Could not reach the server. Check your connection.',
  timeout: 'The server took too long to answer. Try again.',
  server: 'Something went wrong on the server. Try again.',
};

/** A readable English sentence for a failure. It never contains a code or a token. */
export function failureMessage(failure: OtpFailure): string {
  if (failure.kind === 'invalidInput')
    return messages[failure.field] ?? `The ${failure.field} setting is not valid.`;
  if (failure.kind === 'rateLimited') {
    const seconds = Math.ceil(failure.retryAfterMs / 1000);
    return `Too many requests. Try again in ${seconds > 1 ? seconds : 1} second${seconds > 1 ? 's' : ''}.`;
  }
  if (failure.kind !== 'wrongCode') return messages[failure.kind];
  const left = failure.attemptsLeft;
  return `That code is not right. ${left === undefined ? 'Try again.' : `${left} attempt${left === 1 ? '' : 's'} left.`}`;
}
