import type { OtpSettings, SendCodeInput } from '../../machines/otp.types.ts';
import { needsRefreshJwt } from '../../machines/validate.ts';
import type { ChannelService } from './table.ts';

export interface SendRequest {
  path: string;
  body: Record<string, unknown>;
  token?: string;
}

function loginOptionsOf(settings: OtpSettings): Record<string, unknown> {
  return settings.ssoAppId
    ? { ...settings.loginOptions, ssoAppId: settings.ssoAppId }
    : { ...settings.loginOptions };
}

function updateRequest(service: ChannelService, input: SendCodeInput, field: 'email' | 'phone'): SendRequest {
  const { settings, loginId, newAddress } = input;
  return {
    path: service.paths.update,
    body: { ...settings.updateOptions, loginId, [field]: newAddress, providerId: settings.providerId },
  };
}

export function sendRequest(service: ChannelService, input: SendCodeInput): SendRequest {
  const { settings, loginId, operation } = input;
  const token = needsRefreshJwt(settings) ? input.refreshJwt?.reveal() : undefined;
  if (operation === 'updateEmail' || operation === 'updatePhone') {
    return { ...updateRequest(service, input, operation === 'updateEmail' ? 'email' : 'phone'), token };
  }
  return {
    path: service.paths[operation === 'signUp' || operation === 'signIn' ? operation : 'signUpOrIn'],
    body: {
      loginId,
      user: operation === 'signUp' ? settings.user : undefined,
      loginOptions: loginOptionsOf(settings),
      providerId: settings.providerId,
    },
    token,
  };
}
