import { type ChannelService, otpPaths } from './service.ts';

export const voice: ChannelService = {
  maskedField: 'maskedPhone',
  paths: otpPaths('voice', 'phone/voice'),
};
