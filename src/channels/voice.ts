import { type ChannelService, otpPaths } from './service.ts';

export const voice: ChannelService = {
  method: 'voice',
  maskedField: 'maskedPhone',
  paths: otpPaths('voice', 'phone/voice'),
};
