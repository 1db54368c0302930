import type { OtpSettings, SendCodeInput } from '../../machines/otp.types.ts';
import { needsRefreshJwt } from '../../machines/validate.ts';
import type { ChannelService } from './service.ts';

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
  const { settings, loginId } = input;
  const token = needsRefreshJwt(settings) ? input.refreshJwt?.reveal() : undefined;
  const { providerId } = settings;
  const request = (): SendRequest => {
    switch (input.operation) {
      case 'signUp':
        return {
          path: service.paths.signUp,
          body: { loginId, user: settings.user, loginOptions: loginOptionsOf(settings), providerId },
        };
      case 'signIn':
        return {
          path: service.paths.signIn,
          body: { loginId, loginOptions: loginOptionsOf(settings), providerId },
        };
      case 'updateEmail':
        return updateRequest(service, input, 'email');
      case 'updatePhone':
        return updateRequest(service, input, 'phone');
      default:
        return {
          path: service.paths.signUpOrIn,
          body: { loginId, loginOptions: loginOptionsOf(settings), providerId },
        };
    }
  };
  return { ...request(), token };
}
