import { fromPromise } from 'xstate';
import { OtpError } from '../../machines/failures.ts';
import type {
  Channel,
  OtpSession,
  OtpUser,
  SendCodeInput,
  SendCodeOutput,
  VerifyCodeInput,
} from '../../machines/otp.types.ts';
import { isChannel } from '../../machines/validate.ts';
import { postDescope } from '../descope/client.ts';
import { sendRequest } from './requests.ts';
import { type ChannelService, channelServices } from './table.ts';

function serviceFor(channel: Channel): ChannelService {
  if (!isChannel(channel)) throw new OtpError({ kind: 'invalidInput', field: 'channel' });
  return channelServices[channel];
}

const optionalNumber = (value: unknown) => (typeof value === 'number' ? value : undefined);

function toSession(json: Record<string, unknown>): OtpSession {
  if (typeof json.sessionJwt !== 'string' || json.sessionJwt === '') {
    throw new OtpError({ kind: 'server', status: 200 });
  }
  const user = typeof json.user === 'object' && json.user !== null ? (json.user as OtpUser) : {};
  const session: OtpSession = { sessionJwt: json.sessionJwt, firstSeen: json.firstSeen === true, user };
  if (typeof json.refreshJwt === 'string') session.refreshJwt = json.refreshJwt;
  const sessionExpiration = optionalNumber(json.sessionExpiration);
  if (sessionExpiration !== undefined) session.sessionExpiration = sessionExpiration;
  const nextRefreshSeconds = optionalNumber(json.nextRefreshSeconds);
  if (nextRefreshSeconds !== undefined) session.nextRefreshSeconds = nextRefreshSeconds;
  if (typeof json.claims === 'object' && json.claims !== null)
    session.claims = json.claims as Record<string, unknown>;
  return session;
}

/** Sends a code over the input's channel for the input's operation: exactly one request. */
export const sendCode = fromPromise<SendCodeOutput, SendCodeInput>(async ({ input, signal }) => {
  const service = serviceFor(input.channel);
  const { path, body, token } = sendRequest(service, input);
  const json = await postDescope({ settings: input.settings, path, body, token, signal });
  const masked = json[service.maskedField];
  const output: SendCodeOutput = {};
  if (typeof masked === 'string') output.maskedDestination = masked;
  const attempts = optionalNumber(json.verificationAttempts);
  if (attempts !== undefined) output.verificationAttempts = attempts;
  return output;
});

/** Verifies a code over the channel the current code went to: exactly one request. */
export const verifyCode = fromPromise<OtpSession, VerifyCodeInput>(async ({ input, signal }) => {
  const service = serviceFor(input.channel);
  const json = await postDescope({
    settings: input.settings,
    path: service.paths.verify,
    body: { code: input.code, loginId: input.loginId },
    signal,
  });
  return toSession(json);
});
