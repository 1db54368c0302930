import type { Channel, Operation } from '../../machines/otp.types.ts';
import { isChannelAllowed, isPhoneChannel } from '../../machines/validate.ts';
import type { OtpView } from '../connect/index.ts';
import { channels, operations, parseChannel, parseOperation } from './args.ts';

const descriptions: Record<Operation, string> = {
  signUpOrIn: 'sign up or sign in',
  signIn: 'sign in an existing user',
  signUp: 'sign up a new user',
  updateEmail: 'change the email of a signed-in user',
  updatePhone: 'change the phone of a signed-in user',
};

export const demoAddresses = { phone: '+14155550100', email: 'demo@example.com' } as const;

export function operationMenu(): string[] {
  return [
    'What do you want to do?',
    ...operations.map(
      (operation, index) => `  ${index + 1}) ${operation.padEnd(12)} ${descriptions[operation]}`,
    ),
  ];
}

export const operationPrompt = `Operation [1 ${operations[0]}] > `;

export function pickOperation(answer: string): Operation | undefined {
  const text = answer.trim();
  if (text === '') return operations[0];
  const index = Number(text);
  return Number.isInteger(index) ? operations[index - 1] : parseOperation(text);
}

export function channelsFor(operation: Operation): Channel[] {
  return channels.filter((channel) => isChannelAllowed(operation, channel));
}

const channelDescriptions: Record<Channel, string> = {
  sms: 'a text message',
  email: 'an email',
  voice: 'a phone call',
  whatsapp: 'a WhatsApp message',
  im: 'an instant message',
};

export function channelMenu(operation: Operation): string[] {
  return [
    'How should the code arrive?',
    ...channelsFor(operation).map(
      (channel, index) => `  ${index + 1}) ${channel.padEnd(12)} ${channelDescriptions[channel]}`,
    ),
  ];
}

export function channelPrompt(operation: Operation): string {
  return `Channel [1 ${channelsFor(operation)[0]}] > `;
}

export const signedInPrompt = (fallback: string) => `Login ID of the signed-in user [${fallback}] > `;

export function pickChannel(operation: Operation, answer: string): Channel | undefined {
  const allowed = channelsFor(operation);
  if (answer.trim() === '') return allowed[0];
  const index = Number(answer.trim());
  const channel = Number.isInteger(index) ? allowed[index - 1] : parseChannel(answer);
  return channel && allowed.includes(channel) ? channel : undefined;
}

function loginIdPrompt(operation: Operation, channel: Channel, fallback: string | undefined): string {
  const suffix = fallback ? ` [${fallback}] > ` : ' > ';
  if (operation === 'updateEmail' || operation === 'updatePhone')
    return `Login ID of the signed-in user${suffix}`;
  if (operation !== 'signUpOrIn') return `Login ID${suffix}`;
  return isPhoneChannel(channel) ? `Phone number, like +14155550100${suffix}` : `Email address${suffix}`;
}

function addressPrompt(operation: Operation): string {
  return operation === 'updateEmail' ? 'New email address > ' : 'New phone number, like +14155550100 > ';
}

export const keysHint = (channel: Channel) =>
  isPhoneChannel(channel)
    ? '· Type the code and press Enter, or: r resend, v by voice, s by SMS, e edit login ID, q quit.'
    : '· Type the code and press Enter, or: r resend, e edit login ID, q quit.';

function codePrompt(view: OtpView): string {
  const expired = view.codeExpired;
  const parts = [`${view.channel} to ${view.maskedDestination ?? view.loginId}`];
  if (view.attemptsLeft !== null) parts.push(`${view.attemptsLeft} left`);
  if (view.expiresInSeconds !== null)
    parts.push(expired ? 'expired' : `expires in ${view.expiresInSeconds}s`);
  const phone = isPhoneChannel(view.channel);
  if (view.canResend) parts.push(phone ? 'r/v/s new code' : 'r new code');
  else if (view.resendInSeconds > 0) parts.push(`new code in ${view.resendInSeconds}s`);
  return `[${parts.join(' · ')}] ${expired ? 'r' : 'code'} > `;
}

const failedPrompt = 'e start again, q quit > ';

/** What the terminal holds besides the view: a typed login ID waiting for an update's new address. */
export interface Pending {
  /** The login ID offered in brackets, taken when the user just presses Enter. */
  defaultLoginId: string | undefined;
  /** True once the login ID of an update was typed and its new address is asked. */
  addressAsked: boolean;
}

/** The prompt for the current view, or null while nothing is asked (a request is in flight). */
export function promptFor(view: OtpView, pending: Pending): string | null {
  switch (view.status) {
    case 'idle':
      return pending.addressAsked
        ? addressPrompt(view.operation)
        : loginIdPrompt(view.operation, view.channel, pending.defaultLoginId);
    case 'awaitingCode':
      return codePrompt(view);
    case 'failed':
      return failedPrompt;
    default:
      return null;
  }
}
