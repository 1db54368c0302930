import { type ChannelService, otpPaths } from './service.ts';

export const email: ChannelService = {
  method: 'email',
  maskedField: 'maskedEmail',
  paths: otpPaths('email', 'email'),
};
