import type { Channel, OtpSession, OtpViewData } from 'descope-otp-machine';

/** Which part of the page a view shows. */
export type Screen = 'start' | 'code' | 'done' | 'failed';

/** The channels the start form offers. */
export const channelChoices: readonly { value: Channel; label: string }[] = [
  { value: 'sms', label: 'Text message' },
  { value: 'voice', label: 'Voice call' },
];

const channelNames: Record<Channel, string> = {
  sms: 'text message',
  voice: 'voice call',
  whatsapp: 'WhatsApp',
  email: 'email',
  im: 'instant message',
};

export const screenOf = (view: OtpViewData): Screen =>
  view.status === 'authenticated'
    ? 'done'
    : view.status === 'failed'
      ? 'failed'
      : view.status === 'awaitingCode' || view.status === 'verifying'
        ? 'code'
        : 'start';

export function statusText(view: OtpViewData): string {
  switch (view.status) {
    case 'idle':
      return 'Enter your phone number to get a code.';
    case 'sending':
      return 'Sending a code…';
    case 'awaitingCode':
      return view.codeExpired ? 'The code has expired.' : 'Waiting for the code.';
    case 'verifying':
      return 'Checking the code…';
    case 'authenticated':
      return 'Signed in.';
    case 'failed':
      return 'Sign-in stopped.';
  }
}

export const channelName = (channel: Channel): string => channelNames[channel];

export const resendText = (view: OtpViewData): string =>
  view.resendInSeconds > 0 ? `You can get a new code in ${view.resendInSeconds} s.` : '';

export const sendWaitText = (view: OtpViewData): string =>
  view.resendInSeconds > 0 ? `You can send a code in ${view.resendInSeconds} s.` : '';

export const sendLabel = (view: OtpViewData): string =>
  view.status === 'sending' ? 'Sending…' : 'Send code';

export const verifyLabel = (view: OtpViewData): string =>
  view.status === 'verifying' ? 'Checking…' : 'Verify';

export const firstSeenText = (session: OtpSession): string => (session.firstSeen ? 'Yes' : 'No');

/** The fields of the start form. */
export function readSendForm(form: HTMLFormElement): { loginId: string; channel: Channel } {
  const data = new FormData(form);
  return {
    loginId: String(data.get('loginId') ?? '').trim(),
    channel: String(data.get('channel')) as Channel,
  };
}

/** The code typed in the code form. */
/** What the code form is keyed on: a new code, or a wrong one (one attempt fewer), starts it empty. */
export const codeFormKey = (view: OtpViewData): string => `${view.codeKey}:${view.attemptsLeft ?? ''}`;

export const readCode = (form: HTMLFormElement): string => String(new FormData(form).get('code') ?? '');
