import { type Channel, isPhoneChannel } from '../../machines/concepts.ts';

/** How Descope's OTP paths name each step of a flow. */
const steps = { signUp: 'signup', signIn: 'signin', signUpOrIn: 'signup-in', verify: 'verify' } as const;

/** A step of a flow, as the OTP paths name it. */
export type OtpStep = keyof typeof steps | 'update';

/**
 * The path of one OTP step over one delivery method: `/v1/auth/otp/<step>/<method>`, and for an update
 * `/v1/auth/otp/update/email` or `/v1/auth/otp/update/phone/<method>`.
 */
export const otpPath = (step: OtpStep, channel: Channel): string =>
  `/v1/auth/otp/${step === 'update' ? `update/${isPhoneChannel(channel) ? 'phone/' : ''}` : `${steps[step]}/`}${channel}`;

/** The field of a send answer that holds the masked address. */
export const maskedFieldOf = (channel: Channel): 'maskedEmail' | 'maskedPhone' =>
  isPhoneChannel(channel) ? 'maskedPhone' : 'maskedEmail';
