import { type ChannelService, otpPaths } from './service.ts';

export const sms: ChannelService = {
  maskedField: 'maskedPhone',
  paths: otpPaths('sms', 'phone/sms'),
};
