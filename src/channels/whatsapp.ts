import { type ChannelService, otpPaths } from './service.ts';

export const whatsapp: ChannelService = {
  method: 'whatsapp',
  maskedField: 'maskedPhone',
  paths: otpPaths('whatsapp', 'phone/whatsapp'),
};
