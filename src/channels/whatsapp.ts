import { type ChannelService, otpPaths } from './service.ts';

export const whatsapp: ChannelService = {
  maskedField: 'maskedPhone',
  paths: otpPaths('whatsapp', 'phone/whatsapp'),
};
