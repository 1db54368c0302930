import { type ChannelService, otpPaths } from './service.ts';

export const im: ChannelService = {
  method: 'im',
  maskedField: 'maskedPhone',
  paths: otpPaths('im', 'phone/im'),
};
