import { isUpdateOperation } from '../../machines/concepts.ts';
import type { SendCodeInput } from '../../machines/otp.types.ts';
import { needsRefreshJwt } from '../../machines/validate.ts';
import { otpPath } from './table.ts';

export interface SendRequest {
  path: string;
  body: Record<string, unknown>;
  token?: string;
}

export function sendRequest(input: SendCodeInput): SendRequest {
  const { settings, loginId, operation, newAddress, channel } = input;
  const { providerId, ssoAppId } = settings;
  const token = needsRefreshJwt(settings) ? input.refreshJwt?.reveal() : undefined;
  if (isUpdateOperation(operation)) {
    const field = operation === 'updateEmail' ? 'email' : 'phone';
    return {
      path: otpPath('update', channel),
      body: { ...settings.updateOptions, loginId, [field]: newAddress, providerId },
      token,
    };
  }
  return {
    path: otpPath(operation, channel),
    body: {
      loginId,
      user: operation === 'signUp' ? settings.user : undefined,
      loginOptions: { ...settings.loginOptions, ...(ssoAppId && { ssoAppId }) },
      providerId,
    },
    token,
  };
}
