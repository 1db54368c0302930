import type { Channel } from '../../machines/otp.types.ts';

/** What one delivery method needs: its paths and the masked field of its send answer. */
export interface ChannelService {
  maskedField: 'maskedEmail' | 'maskedPhone';
  paths: { signUp: string; signIn: string; signUpOrIn: string; verify: string; update: string };
}

const otp = '/v1/auth/otp';

export function otpPaths(method: Channel, update: string): ChannelService['paths'] {
  return {
    signUp: `${otp}/signup/${method}`,
    signIn: `${otp}/signin/${method}`,
    signUpOrIn: `${otp}/signup-in/${method}`,
    verify: `${otp}/verify/${method}`,
    update: `${otp}/update/${update}`,
  };
}
