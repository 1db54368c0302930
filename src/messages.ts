import type { OtpFailure } from '../machines/otp.types.ts';

const fieldNames: Record<string, string> = {
  projectId: 'The Descope project ID is missing or not valid.',
  baseUrl: 'The API address must use https (http only on this computer).',
  channel: 'This delivery method cannot be used here.',
  loginId: 'Enter a valid email address or phone number.',
  email: 'Enter a valid email address.',
  phone: 'Enter a phone number in international format, like +14155550100.',
  code: 'Enter the code you received (digits only).',
  refreshJwt: 'You need to be signed in to do this.',
};

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** A readable English sentence for a failure. It never contains a code or a token. */
export function failureMessage(failure: OtpFailure): string {
  switch (failure.kind) {
    case 'invalidInput':
      return fieldNames[failure.field] ?? `The ${failure.field} setting is not valid.`;
    case 'wrongCode':
      return failure.attemptsLeft === undefined
        ? 'That code is not right. Try again.'
        : `That code is not right. ${failure.attemptsLeft} ${failure.attemptsLeft === 1 ? 'attempt' : 'attempts'} left.`;
    case 'tooManyAttempts':
      return 'Too many wrong codes. Start again to get a new code.';
    case 'codeExpired':
      return 'This code has expired. Send a new one.';
    case 'userNotFound':
      return 'No account was found for this login ID.';
    case 'userAlreadyExists':
      return 'An account with this login ID already exists. Sign in instead.';
    case 'conflict':
      return 'This address already belongs to another account.';
    case 'rateLimited':
      return `Too many requests. Try again in ${seconds(failure.retryAfterMs)} seconds.`;
    case 'unauthorized':
      return 'The request was not authorized. Check the project ID or sign in again.';
    case 'network':
      return 'Could not reach the server. Check your connection and try again.';
    case 'timeout':
      return 'The server took too long to answer. Try again.';
    case 'server':
      return 'Something went wrong on the server. Try again.';
  }
}
