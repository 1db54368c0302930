import { type ChannelService, otpPaths } from './service.ts';

export const im: ChannelService = {
  maskedField: 'maskedPhone',
  paths: otpPaths('im', 'phone/im'),
};
