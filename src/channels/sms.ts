import { type ChannelService, otpPaths } from './service.ts';

export const sms: ChannelService = {
  method: 'sms',
  maskedField: 'maskedPhone',
  paths: otpPaths('sms', 'phone/sms'),
};
