import { type ChannelService, otpPaths } from './service.ts';

export const email: ChannelService = {
  maskedField: 'maskedEmail',
  paths: otpPaths('email', 'email'),
};
