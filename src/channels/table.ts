import { type Channel, channels } from '../../machines/concepts.ts';

/** The Descope OTP paths of one delivery method. */
export interface ChannelPaths {
  signUp: string;
  signIn: string;
  signUpOrIn: string;
  verify: string;
  update: string;
}

/** What one delivery method needs: its paths and the masked field of its send answer. */
export interface ChannelService {
  maskedField: 'maskedEmail' | 'maskedPhone';
  paths: ChannelPaths;
}

const channelTable = {
  email: { maskedField: 'maskedEmail', update: 'email' },
  sms: { maskedField: 'maskedPhone', update: 'phone/sms' },
  voice: { maskedField: 'maskedPhone', update: 'phone/voice' },
  whatsapp: { maskedField: 'maskedPhone', update: 'phone/whatsapp' },
  im: { maskedField: 'maskedPhone', update: 'phone/im' },
} as const satisfies Record<Channel, { maskedField: ChannelService['maskedField']; update: string }>;

const otp = '/v1/auth/otp';

const serviceOf = (channel: Channel): ChannelService => ({
  maskedField: channelTable[channel].maskedField,
  paths: {
    signUp: `${otp}/signup/${channel}`,
    signIn: `${otp}/signin/${channel}`,
    signUpOrIn: `${otp}/signup-in/${channel}`,
    verify: `${otp}/verify/${channel}`,
    update: `${otp}/update/${channelTable[channel].update}`,
  },
});

/** Every delivery method's service, keyed by channel. */
export const channelServices = Object.fromEntries(
  channels.map((channel) => [channel, serviceOf(channel)]),
) as Record<Channel, ChannelService>;
